"""``kode code`` with several targets or ``--from`` a CSV file: one transaction, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intervju.models import AuditEvent
from kode.project import Project
from kodebok.models import Coder, Coding
from tests.conftest import run_cli
from tests.kodebok.helpers import load_example_codebook, make_interview


@pytest.fixture
def coded(project: Project) -> Project:
    """The example codebook, a youth interview (6 turns, sentences indexed) and a staff interview."""
    load_example_codebook(project)
    for name, where in (("U1_T1", {"participant": "U1"}),
                        ("A1_T2", {"site": "Nordbakken", "group": "ansatt", "wave": "T2", "participant": "A1"})):
        make_interview(project, name, **where)
    return project


def counts(project: Project) -> tuple[int, int, int]:
    """(codings, coders, audit events)."""
    with project.session() as s:
        return (s.scalar(select(func.count()).select_from(Coding)) or 0,
                s.scalar(select(func.count()).select_from(Coder)) or 0,
                s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def codings(project: Project) -> list[tuple[str, str, int, int, str]]:
    rows = json.loads(run_cli("codings", project.target, "--format", "json").stdout)
    return sorted((r["interview"], r["code"], r["start"], r["end"], r["coder"]) for r in rows)


def test_several_targets_in_one_call(coded: Project) -> None:
    r = run_cli("code", coded.target, "U1_T1", "--code", "Hjemlighet", "--turn", "2,4-5", "--turn", "6",
                "--sentence", "5", "--span", "3:20", "--coder", "åse")
    assert r.exit_code == 0, r.stderr
    assert "new coder 'åse' added" in r.stderr and "Coded 5 codings" in r.stdout
    got = codings(coded)
    assert len(got) == 5 and {c[4] for c in got} == {"åse"} and (got[0][2], got[0][3]) == (3, 20)
    with coded.session() as s:
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "coding")))
    assert actions == ["coding.add"] * 5


def test_a_failed_code_writes_nothing_not_even_the_new_coder(coded: Project) -> None:
    before = counts(coded)
    r = run_cli("code", coded.target, "U1_T1", "--code", "Omsorg", "--turn", "99", "--coder", "nyansatt")
    assert r.exit_code == 1 and "has no turn 99" in r.stderr and "new coder" not in r.stderr
    assert counts(coded) == before
    # the first target is fine, the second is not: neither is kept
    r = run_cli("code", coded.target, "U1_T1", "--code", "Omsorg", "--turn", "2,99", "--coder", "nyansatt")
    assert r.exit_code == 1 and counts(coded) == before
    # coding the same place twice in one call is an error too, and leaves nothing
    r = run_cli("code", coded.target, "U1_T1", "--code", "Omsorg", "--turn", "2", "--span", "0:5",
                "--span", "0:5", "--coder", "nyansatt")
    assert r.exit_code == 1 and "already" in r.stderr and counts(coded) == before


def test_uncode_does_not_add_a_coder(coded: Project) -> None:
    before = counts(coded)
    r = run_cli("uncode", coded.target, "U1_T1", "--code", "Omsorg", "--turn", "2", "--coder", "skrivefeil")
    assert r.exit_code == 1 and "no coder 'skrivefeil'" in r.stderr
    assert counts(coded) == before


def test_code_from_a_csv_file_and_from_stdin(coded: Project, tmp_path: Path) -> None:
    source = tmp_path / "koder.csv"
    source.write_text("interview;code;turn;span;coder\n"
                      "U1_T1;Hjemlighet;2-3;;bjørn\n"
                      "A1_T2;Omsorg;;3:20;\n"
                      "U1_T1;Omsorg;4;;\n", encoding="utf-8")
    r = run_cli("code", coded.target, "--from", source, "--coder", "kh")
    assert r.exit_code == 0, r.stderr
    assert [(c[0], c[4]) for c in codings(coded)] == [("A1_T2", "kh"), ("U1_T1", "bjørn"), ("U1_T1", "kh")]
    # from standard input, INTERVIEW and --code from the command line fill the columns left out
    r = run_cli("code", coded.target, "U1_T1", "--code", "Medvirkning", "--from", "-", "--coder", "kh",
                input="turn\n5\n6\n")
    assert r.exit_code == 0, r.stderr
    assert len(codings(coded)) == 5
    uncode = run_cli("uncode", coded.target, "U1_T1", "--code", "Medvirkning", "--turn", "5,6", "--coder", "kh")
    assert uncode.exit_code == 0 and "Removed 2 codings" in uncode.stdout and len(codings(coded)) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("interview,code,turn\nU1_T1,Omsorg,2\nU1_T1,Omsorg,77\n", "koder.csv: line 3: interview 'U1_T1' has no turn 77"),
        ("interview,code,turn,span\nU1_T1,Omsorg,2,1:4\n", "koder.csv: line 2: give exactly one of turn, sentence or span"),
        ("code,turn\nOmsorg,2\n", "koder.csv: line 1: the header lacks interview"),
        ("interview,code,tur\nU1_T1,Omsorg,2\n", "koder.csv: line 1: unknown column 'tur'"),
        ("interview,code,turn\nU1_T1,Ingenting,2\n", "koder.csv: line 2: no code 'Ingenting'"),
        ("interview,code,turn\n", "koder.csv: no rows to code"),
    ],
)
def test_bad_file_is_one_line_naming_file_and_line(coded: Project, tmp_path: Path, text: str,
                                                   message: str) -> None:
    source = tmp_path / "koder.csv"
    source.write_text(text, encoding="utf-8")
    before = counts(coded)
    r = run_cli("code", coded.target, "--from", source, "--coder", "ny")
    assert r.exit_code == 1 and message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert counts(coded) == before


def test_a_coding_written_meanwhile_by_another_writer_is_one_line(coded: Project) -> None:
    """The batch checks doubles before it writes; one added in between trips the unique constraint."""
    from intervju.errors import InputError
    from kodebok.coding_batch import CodingBatch, CodingTarget

    assert run_cli("coders", coded.target, "--add", "kh").exit_code == 0
    with coded.session() as s:
        batch = CodingBatch(s)
        batch.add(CodingTarget("U1_T1", "Omsorg", "kh", turns=(2, 2)))
        with coded.session() as other:
            CodingBatch(other).add_all([CodingTarget("U1_T1", "Omsorg", "kh", turns=(2, 2))])
        with pytest.raises(InputError, match="another writer added one of these codings meanwhile"):
            batch.write()
