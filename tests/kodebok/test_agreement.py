"""Agreement over informant turns/sentences of interviews every coder coded; consensus adoption."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from intervju.errors import InputError
from kode.project import Project
from kodebok.coding import CodingFilters
from kodebok.models import Coder
from tests.conftest import run_cli
from tests.kodebok.helpers import load_example_codebook, make_interview

TURNS = tuple(
    (label, role, text)
    for i in range(1, 6)
    for label, role, text in (
        ("I", "interviewer", f"Spørsmål {i}?"),
        ("U", "informant", f"Svar nummer {i} om trygghet og hjem. Andre setning i svar {i}."),
    )
)


def turn(project: Project, interview: str, n: int) -> tuple[int, int]:
    detail = next(t for t in project_turns(project, interview) if t[0] == n)
    return detail[1], detail[2]


def project_turns(project: Project, interview: str) -> list[tuple[int, int, int]]:
    from intervju.corpus import show_interview

    with project.session() as s:
        return [(t.n, t.start, t.end) for t in show_interview(s, interview).turns]


def code_turn(project: Project, interview: str, code: str, coder: str, n: int) -> None:
    start, end = turn(project, interview, n)
    project.code(interview, code, lambda _s, _iv: (start, end), coder)


@pytest.fixture
def two_coders(project: Project) -> Project:
    """Informant turns 2, 4, 6, 8, 10 of one interview; a second interview coded by ab only."""
    load_example_codebook(project)
    make_interview(project, "U1_T1", TURNS)
    make_interview(project, "U2_T1", TURNS)
    for n in (2, 4, 6):
        code_turn(project, "U1_T1", "Trygghet", "ab", n)
    for n in (2, 4, 8):
        code_turn(project, "U1_T1", "Trygghet", "cd", n)
    code_turn(project, "U1_T1", "Hjemlighet", "ab", 10)
    code_turn(project, "U2_T1", "Trygghet", "ab", 2)  # not coded by cd: outside the comparison
    return project


def test_figures_and_table_for_two_coders(two_coders: Project) -> None:
    report = two_coders.agreement(["ab", "cd"])
    assert report.interviews == ["U1_T1"]
    t = report.codes["Ungdommens opplevelse/Trygghet"]
    # 5 units: both 2, ab only 1, cd only 1, neither 1
    assert t.table == {"units": 5, "coded": {"ab": 3, "cd": 3}, "only": {"ab": 1, "cd": 1}, "both": 2, "neither": 1}
    assert t.percent == pytest.approx(60.0)
    assert t.kappa == pytest.approx((0.6 - 0.52) / 0.48)  # pe = .6·.6 + .4·.4 = .52
    assert t.ac1 == pytest.approx((0.6 - 0.48) / 0.52)  # π = .6, pe = 2·.6·.4 = .48
    assert t.prevalence == pytest.approx(0.6)
    # alpha: 10 values (6 yes, 4 no); Do = 4 (two split units × 2), De = (100 - 36 - 16) / 9 -> 1 - 36/48
    assert t.alpha == pytest.approx(0.25)
    assert t.overlap == {"ab": {"cd": pytest.approx(2 / 3)}, "cd": {"ab": pytest.approx(2 / 3)}}
    h = report.codes["Bygg og omgivelser/Hjemlighet"]
    assert h.table["coded"] == {"ab": 1, "cd": 0} and h.kappa == pytest.approx(0.0)
    assert report.overall.units == 10 and report.overall.table["both"] == 2
    assert len(report.disagreements) == 3
    assert {d.unit for d in report.disagreements} == {6, 8, 10}


def test_kappa_is_null_when_nobody_codes_the_code(two_coders: Project) -> None:
    report = two_coders.agreement(["ab", "cd"], codes=["Tvang"])
    tvang = report.codes["Arbeidsmetodikk/Tvang"]
    assert tvang.kappa is None and tvang.alpha is None and tvang.percent == 100.0
    r = run_cli("agreement", two_coders.target, "--coders", "ab", "cd", "--codes", "Tvang")
    assert "kappa is undefined" in r.stdout and "Arbeidsmetodikk/Tvang" in r.stdout


def test_sentence_units_and_three_coders(two_coders: Project) -> None:
    report = two_coders.agreement(["ab", "cd"], unit="sentence")
    assert report.codes["Ungdommens opplevelse/Trygghet"].units == 10
    code_turn(two_coders, "U1_T1", "Trygghet", "ef", 2)
    three = two_coders.agreement(["ab", "cd", "ef"], codes=["Trygghet"])
    t = three.codes["Ungdommens opplevelse/Trygghet"]
    assert t.kappa is None and t.ac1 is None and t.alpha is not None
    assert t.table["both"] == 1 and t.table["coded"] == {"ab": 3, "cd": 3, "ef": 1}
    assert t.percent == pytest.approx(40.0)  # units 2 (all) and 10 (none)


def test_suggestions_never_count(two_coders: Project) -> None:
    before = two_coders.agreement(["ab", "cd"]).to_json()
    start, end = turn(two_coders, "U1_T1", 10)
    two_coders.autocode(codes=["Trygghet"], search_fn=lambda q, u: [(1, start, end)])
    assert two_coders.agreement(["ab", "cd"]).to_json() == before


def test_errors(two_coders: Project) -> None:
    with pytest.raises(InputError, match="at least two different coders"):
        two_coders.agreement(["ab", "AB"])
    with pytest.raises(InputError, match="no coder 'zz'"):
        two_coders.agreement(["ab", "zz"])
    make_interview(two_coders, "U3_T1", TURNS)
    code_turn(two_coders, "U3_T1", "Omsorg", "gh", 2)
    with pytest.raises(InputError, match="no interview has codings by all of ab, gh"):
        two_coders.agreement(["ab", "gh"])


def test_cli_json_csv_and_disagreements(two_coders: Project) -> None:
    path = two_coders.target
    data = json.loads(run_cli("agreement", path, "--coders", "ab", "cd", "--format", "json").stdout)
    trygghet = data["codes"]["Ungdommens opplevelse/Trygghet"]
    assert set(trygghet) == {"units", "percent", "kappa", "alpha", "ac1", "table", "prevalence", "overlap"}
    assert trygghet["percent"] == pytest.approx(60.0) and data["overall"]["units"] == 10
    also = json.loads(run_cli("agreement", path, "--coders", "ab", "--coders", "cd", "--format", "json").stdout)
    assert also["codes"] == data["codes"]
    csv_rows = run_cli("agreement", path, "--coders", "ab,cd", "--format", "csv").stdout.splitlines()
    assert csv_rows[0].startswith("code,units,percent,kappa,ac1,alpha,prevalence,coded ab,coded cd")
    text = run_cli("agreement", path, "--coders", "ab", "cd", "--disagreements").stdout
    assert "3 disagreements" in text and "Svar nummer 3 om trygghet og hjem." in text
    dis = run_cli("agreement", path, "--coders", "ab", "cd", "--disagreements", "--format", "csv").stdout
    assert dis.splitlines()[0] == "code,interview,unit,start,end,coded by,not by,text" and len(dis.splitlines()) == 4


def test_adopt_agreed_units_and_adjudicated_codings(two_coders: Project) -> None:
    path = two_coders.target
    r = run_cli("agreement", path, "--coders", "ab", "cd", "--adopt", "konsensus")
    assert r.exit_code == 0 and "2 agreed units adopted as codings of konsensus" in r.stdout
    assert "new consensus coder" in r.stderr
    again = run_cli("agreement", path, "--coders", "ab", "cd", "--adopt", "konsensus")
    assert "0 agreed units adopted" in again.stdout and "2 there already" in again.stdout
    with two_coders.session() as s:
        assert s.scalar(select(Coder.is_consensus).where(Coder.name == "konsensus")) is True
    ab_six = [c for c in two_coders.codings(CodingFilters(coders=["ab"])) if c.text.startswith("Svar nummer 3")]
    r = run_cli("consensus", path, "--coder", "konsensus", "--coding", str(ab_six[0].id), "--by", "lead")
    assert r.exit_code == 0 and "1 codings adopted by konsensus" in r.stdout
    assert len(two_coders.codings(CodingFilters(coders=["konsensus"]))) == 3
    refused = run_cli("agreement", path, "--coders", "ab", "cd", "--adopt", "ab")
    assert refused.exit_code == 1 and "must not be one of the coders" in refused.stderr
    person = run_cli("consensus", path, "--coder", "cd", "--coding", "1")
    assert person.exit_code == 1 and "is a person, not a consensus coder" in person.stderr
