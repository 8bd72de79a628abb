"""Matrix numbers against the hand-counted study in conftest.py.

Youth interviewed: T1 U01 U02 U03 (N=3), T2 U01 U03 (N=2; U02 not interviewed), T3 U01 U02 (N=2).
Staff: T1 A01, T2 A01, T3 A02 (N=1 each). Owners: nobody (N=0).
"""

from __future__ import annotations

import pytest

from export.matrices import (
    ChangeRule,
    MatrixFilters,
    cooccurrence,
    framework_by_theme,
    framework_by_wave,
    load_dataset,
    longitudinal_matrix,
    participant_trajectories,
    site_trajectories,
    theme_wave,
)
from intervju.errors import InputError
from kode.project import Project


def matrix(study: Project, by: tuple[str, ...] = ("group",), **filters: object):  # type: ignore[no-untyped-def]
    with study.session() as s:
        return theme_wave(load_dataset(s, MatrixFilters(**filters)), by=by)  # type: ignore[arg-type]


def cells(m, code: str, split: str) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    return [(c.segments, c.participants, c.interviewed) for c in (m.cell(code, split, w) for w in m.waves)]


def test_theme_by_wave_for_youth_counts_shares_of_those_interviewed(study: Project) -> None:
    m = matrix(study)
    # Medvirkning rolls up its child «Å bli hørt»; U01's span coded by two coders counts once
    assert cells(m, "Medvirkning", "ungdom") == [(2, 2, 3), (2, 2, 2), (2, 2, 2)]
    assert cells(m, "Å bli hørt", "ungdom") == [(1, 1, 3), (1, 1, 2), (1, 1, 2)]
    # kari's and ola's overlapping spans of one passage are one segment (the segment unit)
    assert cells(m, "Trygghet", "ungdom") == [(2, 2, 3), (1, 1, 2), (0, 0, 2)]
    assert cells(m, "Bygg og omgivelser", "ansatt") == [(1, 1, 1), (1, 1, 1), (0, 0, 1)]
    assert m.cell("Medvirkning", "ungdom", "T1").share == pytest.approx(2 / 3)


def test_attrition_is_not_interviewed_never_not_mentioned(study: Project) -> None:
    m = matrix(study)
    assert m.cell("Trygghet", "eier", "T1").state == "not_interviewed"
    assert m.cell("Trygghet", "eier", "T1").share is None
    assert m.cell("Trygghet", "ungdom", "T3").state == "not_mentioned"
    with study.session() as s:
        ds = load_dataset(s)
    u02 = next(t for t in participant_trajectories(ds) if t.title == "U02")
    medv = ds.code("Medvirkning")
    assert [u02.cell(medv, w).state for w in ds.waves] == ["mentioned", "not_interviewed", "mentioned"]
    trygg = ds.code("Trygghet")
    assert [u02.cell(trygg, w).state for w in ds.waves] == ["not_mentioned", "not_interviewed", "not_mentioned"]


def test_change_categories_follow_the_stated_rule(study: Project) -> None:
    m = matrix(study)
    assert m.change("Medvirkning", "ungdom", "T1").category == "increased"  # 2/3 -> 2/2
    assert m.change("Medvirkning", "ungdom", "T2").category == "constant"  # 2/2 -> 2/2
    assert m.change("Å bli hørt", "ungdom", "T1").category == "increased"  # 1/3 -> 1/2, two people
    assert m.change("Trygghet", "ungdom", "T1").category == "decreased"  # 2/3 -> 1/2
    assert m.change("Trygghet", "ungdom", "T2").category == "idiosyncratic"  # only U01 across T2–T3
    assert m.change("Bygg og omgivelser", "ungdom", "T1").category == "absent"
    assert m.change("Bygg og omgivelser", "eier", "T1").category == "not_interviewed"
    assert m.change("Bygg og omgivelser", "ansatt", "T2").category == "idiosyncratic"


def test_change_rule_on_plain_cells() -> None:
    from export.matrices.theme_wave import ThemeWaveCell

    rule = ChangeRule(threshold=0.1)

    def c(n: int, big_n: int) -> ThemeWaveCell:
        return ThemeWaveCell("x", ("",), "T", n, n, big_n)

    assert rule.classify(c(0, 5), c(2, 5), 2) == "emerged"
    assert rule.classify(c(2, 5), c(0, 4), 2) == "ceased"
    assert rule.classify(c(2, 10), c(3, 10), 4) == "increased"  # exactly the threshold
    assert rule.classify(c(5, 10), c(4, 10), 6) == "decreased"
    assert rule.classify(c(5, 10), c(11, 20), 9) == "constant"
    assert rule.classify(c(1, 5), c(0, 0), 1) == "not_interviewed"


def test_split_by_site_and_by_both(study: Project) -> None:
    m = matrix(study, by=("site",))
    assert cells(m, "Medvirkning", "Nordbakken") == [(3, 3, 3), (1, 1, 2), (2, 2, 2)]
    assert cells(m, "Medvirkning", "Sjøglimt") == [(0, 0, 1), (1, 1, 1), (0, 0, 1)]
    both = matrix(study, by=("group", "site"))
    assert both.cell("Medvirkning", ("ungdom", "Sjøglimt"), "T2").segments == 1
    whole = matrix(study, by=())
    assert cells(whole, "Medvirkning", "") == [(3, 3, 4), (2, 2, 3), (2, 2, 3)]


def test_one_coder_and_consensus(study: Project) -> None:
    ola = matrix(study, coders=["ola"])
    assert cells(ola, "Medvirkning", "ungdom") == [(1, 1, 3), (1, 1, 2), (0, 0, 2)]
    both = matrix(study, coders=["kari", "ola"], consensus=True)
    # only U01's T1 spans are coded by both: Medvirkning identical, Trygghet the overlap
    assert cells(both, "Medvirkning", "ungdom") == [(1, 1, 3), (0, 0, 2), (0, 0, 2)]
    seg = both.cell("Trygghet", "ungdom", "T1").items
    assert [x.text for x in seg] == ["føler jeg meg trygg"]
    assert seg[0].coders == ("kari", "ola")


def test_code_subtree_filter_and_suggestions_never_count(study: Project) -> None:
    m = matrix(study, codes=["medvirkning"])
    assert [c.name for c in m.codes] == ["Medvirkning", "Å bli hørt"]
    t = matrix(study, codes=["Trygghet"])
    assert t.cell("Trygghet", "ansatt", "T3").segments == 0  # A02's open suggestion is not a coding
    with pytest.raises(InputError, match="--codes 'ukjent'"):
        matrix(study, codes=["ukjent"])
    with pytest.raises(InputError, match="--groups 'foreldre'"):
        matrix(study, groups=["foreldre"])
    with pytest.raises(InputError, match="--coder 'per'"):
        matrix(study, coders=["per"])


def test_filters_on_waves_and_sites(study: Project) -> None:
    m = matrix(study, waves=["T1", "T3"], sites=["sjoglimt"])
    assert m.waves == ["T1", "T3"]
    assert cells(m, "Trygghet", "ungdom") == [(1, 1, 1), (0, 0, 0)]
    assert m.change("Trygghet", "ungdom", "T1").category == "not_interviewed"


def test_segments_carry_attribution_and_text(study: Project) -> None:
    m = matrix(study)
    seg = m.cell("Å bli hørt", "ungdom", "T1").items[0]
    assert (seg.interview, seg.participant, seg.site, seg.wave, seg.text) == (
        "U02_T1", "U02", "Nordbakken", "T1", "Ingen hører på meg")
    assert seg.coders == ("kari",)


def test_longitudinal_and_framework_memos(study: Project) -> None:
    with study.session() as s:
        ds = load_dataset(s)
        lm = longitudinal_matrix(s, ds)
        frames = framework_by_wave(s, ds)
        one = framework_by_theme(s, ds, ds.code("Medvirkning"))
    u01 = next(p for p in lm.participants if p.pseudonym == "U01")
    cell = lm.cell(ds.code("Medvirkning"), u01)
    assert cell.memo == "Går fra å bli spurt til å bestemme selv; økende medvirkning."
    assert [w.segments for w in cell.waves] == [1, 1, 1]
    t1 = frames[0]
    assert t1.wave == "T1"
    assert [p.pseudonym for p in t1.participants] == ["A01", "U01", "U02", "U03"]
    fc = t1.cell(u01, "Medvirkning")
    assert fc.summary == "Opplever å få være med å bestemme – også på rommet."
    assert [x.text for x in fc.segments] == ["Jeg får være med å bestemme"]
    assert [p.pseudonym for p in frames[1].participants] == ["A01", "U01", "U03"]  # U02 missing in T2
    u02 = next(p for p in one.participants if p.pseudonym == "U02")
    assert one.cell(u02, "T2").state == "not_interviewed"
    assert one.cell(u02, "T3").state == "mentioned"


def test_site_trajectory(study: Project) -> None:
    with study.session() as s:
        ds = load_dataset(s)
    nord = next(t for t in site_trajectories(ds) if t.site == "Nordbakken")
    c = nord.cell(ds.code("Medvirkning"), "T2")
    assert (c.interviewed, c.mentioned, c.segments) == (2, 1, 1)


def test_cooccurrence_by_turn_and_overlap(study: Project) -> None:
    with study.session() as s:
        ds = load_dataset(s)
        turn = cooccurrence(s, ds, "turn", "wave")
        overlap = cooccurrence(s, ds, "overlap", "wave")
        by_group = cooccurrence(s, ds, "turn", "group")
    m, hh, t, b = (ds.code(n) for n in ("Medvirkning", "Å bli hørt", "Trygghet", "Bygg og omgivelser"))
    assert turn.count("T1", m, t) == 1  # U01's turn (two Trygghet spans, one turn)
    assert turn.count("T1", m, b) == 1  # A01's turn
    assert turn.count("T2", hh, t) == 1 and turn.count("T2", m, t) == 1
    assert turn.count("T2", b, t) == 1
    assert turn.count("T1", m, hh) is None  # a code and its own child are not paired
    assert overlap.count("T1", m, t) == 0
    assert overlap.count("T2", b, t) == 1  # «føles hjemlig» inside the Bygg span
    assert by_group.count("ungdom", m, t) == 2
    assert by_group.count("ansatt", m, b) == 1


@pytest.mark.parametrize("by", [("group",), ("site",), ("group", "site"), ()])
@pytest.mark.parametrize(
    "filters",
    [MatrixFilters(), MatrixFilters(coders=["ola"]), MatrixFilters(codes=["medvirkning"], waves=["T1", "T2"]),
     MatrixFilters(sites=["sjoglimt"])],
)
def test_sql_counting_gives_the_same_matrix(study: Project, by: tuple[str, ...], filters: MatrixFilters) -> None:
    from export.matrices.fast import theme_wave_sql

    with study.session() as s:
        slow = theme_wave(load_dataset(s, filters), by=by)
        fast = theme_wave_sql(s, filters, by=by)
        assert fast.splits == slow.splits and fast.waves == slow.waves
        for key, cell in slow.cells.items():
            other = fast.cells[key]
            assert (other.segments, other.participants, other.interviewed) == (
                cell.segments, cell.participants, cell.interviewed), key
            assert [x.text for x in other.items] == [x.text for x in cell.items]
        assert [c.category for c in fast.changes] == [c.category for c in slow.changes]
