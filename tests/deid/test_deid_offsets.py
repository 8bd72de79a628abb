"""The exact offset map, over generated texts: text outside a replacement keeps its place."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from intervju.deid.apply import replace_spans
from intervju.models import Interview
from kode.project import Project
from tests.deid.helpers import interview_text, make_interview


@st.composite
def texts_and_replacements(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(st.text(alphabet="abc æøå ÆØÅ.\n", min_size=1, max_size=60))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b > a]
    tags = draw(st.lists(st.sampled_from(["[NAVN-1]", "[STED-12]", "[X]"]), min_size=len(spans),
                         max_size=len(spans)))
    return text, [(a, b, t) for (a, b), t in zip(spans, tags, strict=True)]


@given(texts_and_replacements(), st.integers(0, 60), st.integers(0, 60))
def test_spans_outside_replacements_keep_their_text(case: tuple[str, list[tuple[int, int, str]]], i: int,
                                                    j: int) -> None:
    text, replacements = case
    new, offsets = replace_spans(text, replacements)
    start, end = sorted((min(i, len(text)), min(j, len(text))))
    touched = any(start < b and a < end for a, b, _ in replacements)
    if not touched and end > start:
        assert new[offsets.start(start):offsets.end(end)] == text[start:end]
    # Any span maps inside the new text, in order.
    assert 0 <= offsets.start(start) <= len(new)
    if end > start:
        assert offsets.start(start) <= offsets.end(end)
    for a, b, tag in replacements:
        assert new[offsets.start(a):offsets.end(b)] == tag


def test_rescan_moves_decided_candidates_after_the_text_changed(project: Project) -> None:
    make_interview(project, "U02_T1", [("I", "Hvem hjelper deg?"), ("U", "Det gjør Åse Kjærstad, hun er god.")])
    project.deid_scan(model=None)
    (cand,) = [c for c in project.deid_candidates() if c.text == "Åse Kjærstad"]
    project.deid_decide([cand.id], "accepted", actor="kh")
    with project.session() as s:  # a corrected transcript put words in front
        iv = s.scalar(select(Interview).where(Interview.name == "U02_T1"))
        assert iv is not None
        iv.text = iv.text.replace("Det gjør", "Jo, altså, det gjør")
    project.deid_scan(model=None)
    moved = next(c for c in project.deid_candidates() if c.id == cand.id)
    assert moved.status == "accepted"
    assert interview_text(project, "U02_T1")[moved.start:moved.end] == "Åse Kjærstad"
    assert len([c for c in project.deid_candidates() if c.text == "Åse Kjærstad"]) == 1
