"""The index keeps the i-th form with the i-th lemma group, whatever the words' lemmas hold.

Ordbank reads *mange* also as *mang en* (with a space). Stored space-separated, that reading
pushed every later word of the sentence onto its neighbour's lemmas: ``kjøre`` highlighted *som*,
and ``NEAR/1(kjøre bil)`` missed the sentence.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from intervju.language import load_pipeline
from intervju.language.terms import aligned, clean, split_forms, split_lemmas
from intervju.models import Interview, Sentence
from intervju.search import search
from kode.project import Project
from tests.conftest import run_cli
from tests.search.conftest import use_fallback

TURN = "Det er mange som kjører bil. Det er noen som kjører bil."


def _one_turn_project(project: Project, tmp_path: Path, text: str = TURN) -> Project:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "nordbakken_ungdom_U001_T1.txt").write_text(f"IP: {text}\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,site,group,participant,wave\nnordbakken_ungdom_U001_T1.txt,Nordbakken,ungdom,U001,T1\n",
        encoding="utf-8")
    use_fallback(project)
    report = project.import_files([folder], manifest=folder / "manifest.csv")
    assert not report.failed
    return project


def test_kjore_highlights_kjorer_in_both_sentences(project: Project, tmp_path: Path) -> None:
    p = _one_turn_project(project, tmp_path)
    done = run_cli("search", p.target, "kjøre", "--format", "json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["counts"]["total"] == 2
    with p.session() as s:
        text = s.scalar(select(Interview.text))
    assert text is not None
    assert [[text[a:b] for a, b in hit["matches"]] for hit in data["hits"]] == [["kjører"], ["kjører"]]


def test_near_finds_both_sentences(project: Project, tmp_path: Path) -> None:
    p = _one_turn_project(project, tmp_path)
    with p.session() as s:
        found = search(s, "NEAR/1(kjøre bil)")
    assert [h.text for h in found.hits] == ["Det er mange som kjører bil.", "Det er noen som kjører bil."]
    assert [[h.text[a - h.start : b - h.start] for a, b in h.matches] for h in found.hits] == [
        ["kjører", "bil"], ["kjører", "bil"]]


def test_stored_columns_are_aligned(project: Project, tmp_path: Path) -> None:
    p = _one_turn_project(project, tmp_path)
    with p.session() as s:
        rows = s.execute(select(Sentence.forms, Sentence.lemmas)).all()
    assert rows and all(aligned(f, lem) for f, lem in rows)
    forms, lemmas = rows[0]
    pairs = dict(zip(split_forms(forms), split_lemmas(lemmas), strict=True))
    assert "kjøre" in pairs["kjører"] and "bil" in pairs["bil"] and "som" in pairs["som"]


# -- the property: any sentence, any whitespace ----------------------------------------------

_WORDS = ["mange", "kjører", "bil", "som", "Det", "er", "barn", "bare", "hjem", "æøå", "Åse",
          "DBT-ferdigheter", "a|b", "x", "TV2", "Norges", "ikkje", "køyrer", "Norges", "12", "mang", "en"]
_GAPS = [" ", "  ", "\u00a0", "\u2009", "\u3000", "\x1c", "\t", "\n", ", ", ". ", "? ", " – ", "|"]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 25))
    parts = []
    for _ in range(n):
        word = draw(st.one_of(st.sampled_from(_WORDS), st.text(min_size=1, max_size=6)))
        parts.append(word + draw(st.sampled_from(_GAPS)))
    return "".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_ith_stored_form_and_lemmas_belong_to_the_ith_token(text: str) -> None:
    pipeline = load_pipeline(None)
    (sentences,) = list(pipeline.index_terms([text]))
    (analysis,) = list(pipeline.analyse([text]))
    words = [t for t in analysis.tokens if not (t.is_space or t.is_punct)]
    stored: list[tuple[str, tuple[str, ...]]] = []
    for start, end, forms, lemmas in sentences:
        f, g = split_forms(forms), split_lemmas(lemmas)
        assert len(f) == len(g), (forms, lemmas)
        inside = [t for t in words if start <= t.start < end]
        assert f == [clean(t.norm) for t in inside]
        stored.extend(zip(f, g, strict=True))
    assert [form for form, _ in stored] == [clean(t.norm) for t in words]
    for (form, group), token in zip(stored, words, strict=True):
        assert group == tuple(clean(lemma) for lemma in pipeline.lemmas_for_word(token.norm)), form


def test_upgrade_repairs_an_index_written_misaligned(project: Project, tmp_path: Path) -> None:
    """A project indexed by the old code (``mang en`` stored with its space) searches right after
    ``kode upgrade``: the 0006 data migration writes the lemma column again."""
    from alembic import command
    from sqlalchemy import func, update

    from kode import migrate

    p = _one_turn_project(project, tmp_path)
    cfg = migrate.alembic_config()
    with p.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
        # What the old indexer wrote: the multi-word reading of *mange* with its space.
        conn.execute(update(Sentence).values(lemmas=func.replace(Sentence.lemmas, "mange", "mange|mang en")))
    with p.session() as s:
        assert not all(aligned(f, lem) for f, lem in s.execute(select(Sentence.forms, Sentence.lemmas)))
        broken = search(s, "NEAR/1(kjøre bil)")
    assert broken.total == 1  # the defect, reproduced on the old index
    done = run_cli("upgrade", p.target)
    assert done.exit_code == 0, done.output
    with p.session() as s:
        assert all(aligned(f, lem) for f, lem in s.execute(select(Sentence.forms, Sentence.lemmas)))
        assert search(s, "NEAR/1(kjøre bil)").total == 2
        hits = search(s, "kjøre").hits
    assert [[h.text[a - h.start : b - h.start] for a, b in h.matches] for h in hits] == [["kjører"], ["kjører"]]
    with p.session() as s:  # the FTS5 index followed the update
        assert search(s, "mange").total == 1
        assert search(s, "noen").total == 1
