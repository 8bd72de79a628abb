"""How load_dataset merges codings into segments: several coders on one span, a theme and its
sub-code on the same span, consensus pooled over a theme's sub-codes, and texts with æøå."""

from __future__ import annotations

import export_helpers as h

from export.matrices import MatrixFilters, cooccurrence, framework_by_wave, load_dataset, theme_wave
from intervju.models import Interview
from kode.project import Project

TURNS = [
    ("I", "Hvordan er det å bo her?"),
    ("U01", "Jeg får være med å bestemme. Her føler jeg meg trygg på rommet mitt. Maten er grå."),
]


def _study(project: Project) -> None:
    with project.session() as s:
        medv = h.code(s, "medvirkning", "Medvirkning")
        bestemme = h.code(s, "medvirkning.bestemme", "Å bestemme selv", parent=medv, position=0)
        trygg = h.code(s, "trygghet", "Trygghet", position=1)
        iv = h.interview(s, "U01_T1", site="Nordbakken", group="ungdom", wave="T1", participants=["U01"], turns=TURNS)
        # one span, three coders
        for who in ("kari", "ola", "per"):
            h.coding(s, iv, trygg, "føler jeg meg trygg", who)
        # the theme and its sub-code on one span, by two coders
        h.coding(s, iv, medv, "Jeg får være med å bestemme", "kari")
        h.coding(s, iv, bestemme, "Jeg får være med å bestemme", "ola")
        # consensus over the theme: kari codes the sub-code, ola the theme, overlapping
        h.coding(s, iv, bestemme, "Her føler jeg meg trygg", "kari")
        h.coding(s, iv, medv, "trygg på rommet", "ola")


def _segments(project: Project, code: str, **filters: object) -> list[tuple[str, tuple[str, ...]]]:
    with project.session() as s:
        ds = load_dataset(s, MatrixFilters(**filters))  # type: ignore[arg-type]
        return [(seg.text, seg.coders) for seg in ds.segments[ds.code(code).id]]


def test_a_span_coded_by_three_coders_is_one_segment_naming_all(project: Project) -> None:
    _study(project)
    assert _segments(project, "Trygghet") == [("føler jeg meg trygg", ("kari", "ola", "per"))]
    assert _segments(project, "Trygghet", coders=["per", "ola"]) == [("føler jeg meg trygg", ("ola", "per"))]
    # naming every coder selects the same codings as naming none
    assert _segments(project, "Trygghet", coders=["kari", "ola", "per"]) == _segments(project, "Trygghet")
    consensus = _segments(project, "Trygghet", coders=["kari", "ola", "per"], consensus=True)
    assert consensus == [("føler jeg meg trygg", ("kari", "ola", "per"))]


def test_a_theme_and_its_sub_code_on_one_span_count_once_under_the_theme(project: Project) -> None:
    _study(project)
    assert _segments(project, "Medvirkning") == [
        ("Jeg får være med å bestemme", ("kari", "ola")),
        ("Her føler jeg meg trygg på rommet", ("kari", "ola")),  # overlapping spans: one segment
    ]
    assert _segments(project, "Å bestemme selv") == [
        ("Jeg får være med å bestemme", ("ola",)),
        ("Her føler jeg meg trygg", ("kari",)),
    ]
    with project.session() as s:
        m = theme_wave(load_dataset(s, MatrixFilters()))
    assert m.cell("Medvirkning", "ungdom", "T1").segments == 2


def test_consensus_pools_a_themes_sub_codes(project: Project) -> None:
    _study(project)
    # kari's sub-code span and ola's theme span overlap in «trygg»; the identical span agrees whole
    assert _segments(project, "Medvirkning", coders=["kari", "ola"], consensus=True) == [
        ("Jeg får være med å bestemme", ("kari", "ola")),
        ("trygg", ("kari", "ola")),
    ]
    assert _segments(project, "Å bestemme selv", coders=["kari", "ola"], consensus=True) == []


def test_texts_keep_norwegian_letters_and_counts_need_none(project: Project) -> None:
    _study(project)
    with project.session() as s:
        ds = load_dataset(s)
        iid = next(iter(ds.interviews))
        stored = s.get(Interview, iid)
        assert stored is not None and ds.texts[iid] == stored.text
        assert "Maten er grå." in ds.texts[iid]
        bare = load_dataset(s, with_text=False)
        assert dict(bare.texts) == {}
        assert [seg.text for seg in bare.segments[bare.code("Trygghet").id]] == [""]
        # the framework and co-occurrence see the same segments either way
        tables = framework_by_wave(s, ds)
        cell = tables[0].cell(next(iter(ds.participants)), "Medvirkning")
        assert [seg.text for seg in cell.segments] == [
            "Jeg får være med å bestemme", "Her føler jeg meg trygg på rommet"]
        turn = cooccurrence(s, ds, "turn", None)
        assert turn.count("", ds.code("Medvirkning"), ds.code("Trygghet")) == 1
        assert turn.count("", ds.code("Trygghet"), ds.code("Trygghet")) == 1


def test_overlapping_or_touching_spans_of_one_code_are_one_segment(project: Project) -> None:
    """The segment unit: spans of one code (or of a theme and its sub-codes) in one interview that
    overlap or touch are one segment, whoever coded them; a gap keeps them apart."""
    from export.matrices.fast import theme_wave_sql

    with project.session() as s:
        trygg = h.code(s, "trygghet", "Trygghet")
        iv = h.interview(s, "U01_T1", site="Sjøglimt", group="ungdom", wave="T1", participants=["U01"], turns=TURNS)
        h.coding(s, iv, trygg, "Jeg får være med", "kari")
        h.coding(s, iv, trygg, "å bestemme", "ola")  # one space after kari's span: apart
        h.coding(s, iv, trygg, "Her føler jeg", "kari")
        h.coding(s, iv, trygg, " meg trygg", "ola")  # starts where kari's ends: touching
        h.coding(s, iv, trygg, "trygg på rommet", "per")  # overlaps ola's
    assert _segments(project, "Trygghet") == [
        ("Jeg får være med", ("kari",)),
        ("å bestemme", ("ola",)),
        ("Her føler jeg meg trygg på rommet", ("kari", "ola", "per")),
    ]
    with project.session() as s:
        slow = theme_wave(load_dataset(s, MatrixFilters()))
        fast = theme_wave_sql(s, MatrixFilters())
        assert slow.cell("Trygghet", "ungdom", "T1").segments == 3
        assert fast.cell("Trygghet", "ungdom", "T1").segments == 3
        overlap = cooccurrence(s, load_dataset(s), "overlap", None)
        assert overlap.count("", overlap.codes[0], overlap.codes[0]) == 3
