"""Memos on the project, a code, an interview, a coding and a participant × code × wave cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from intervju.errors import InputError
from intervju.models import AuditEvent
from kode.project import Project
from kodebok.memos import MemoTarget
from tests.conftest import run_cli
from tests.kodebok.helpers import load_example_codebook, make_interview


@pytest.fixture
def ready(project: Project) -> Project:
    load_example_codebook(project)
    make_interview(project, "U1_T1", participant="U1")
    project.code("U1_T1", "Trygghet", lambda _s, _iv: (37, 60), "ab")
    return project


def test_memos_on_every_kind_of_target(ready: Project) -> None:
    ids = [
        ready.add_memo("ab", "Prosjektnotat om æøå", MemoTarget()),
        ready.add_memo("ab", "Trygghet glir over i hjemlighet", MemoTarget(code="Trygghet")),
        ready.add_memo("ab", "Lang pause før svaret", MemoTarget(interview="U1_T1")),
        ready.add_memo("ab", "Usikker på denne", MemoTarget(coding=1)),
        ready.add_memo("ab", "Tryggere ved T1", MemoTarget(code="Trygghet", participant="U1", wave="T1"), "Celle"),
    ]
    rows = ready.memos()
    assert [r.target for r in rows] == ["project", "code", "interview", "coding", "cell"]
    assert rows[0].text == "Prosjektnotat om æøå" and rows[0].author == "ab"
    cell = rows[4]
    assert (cell.code, cell.participant, cell.wave, cell.title) == ("Ungdommens opplevelse/Trygghet", "U1", "T1",
                                                                     "Celle")
    assert [r.id for r in ready.memos(MemoTarget(code="Trygghet"))] == ids[1:2] + ids[4:5]
    assert [r.id for r in ready.memos(MemoTarget(code="Trygghet", participant="U1"))] == ids[4:5]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (MemoTarget(code="Trygghet", interview="U1_T1"), "a memo is on one thing"),
        (MemoTarget(participant="U1"), "give --code as well"),
        (MemoTarget(wave="T1"), "--wave goes with --participant"),
        (MemoTarget(coding=99), "no coding 99"),
        (MemoTarget(code="Trygghet", participant="U9"), "no participant 'U9'"),
        (MemoTarget(code="Trygghet", participant="U1", wave="T9"), "no wave 'T9'"),
    ],
)
def test_bad_targets(ready: Project, target: MemoTarget, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ready.add_memo("ab", "tekst", target)


def test_memo_cli_add_list_edit_delete_with_audit(ready: Project, tmp_path: Path) -> None:
    path = ready.target
    note = tmp_path / "notat.txt"
    note.write_text("Fra fil: ungdommen snakker om å bli hørt på husmøtet.\n", encoding="utf-8")
    assert run_cli("memo", "add", path, "--code", "Medvirkning", "--file", str(note), "--coder", "åse").exit_code == 0
    assert run_cli("memo", "add", path, "--text", "Prosjekt: søk på «trygg»", "--coder", "åse").exit_code == 0
    data = json.loads(run_cli("memo", "list", path, "--format", "json").stdout)
    assert data[0]["text"] == "Fra fil: ungdommen snakker om å bli hørt på husmøtet."
    assert data[0]["code"] == "Ungdommens opplevelse/Medvirkning" and data[0]["author"] == "åse"
    assert data[1]["target"] == "project" and data[1]["text"] == "Prosjekt: søk på «trygg»"
    assert run_cli("memo", "edit", path, "1", "--text", "Endret: særlig på husmøtet", "--coder", "bø").exit_code == 0
    assert json.loads(run_cli("memo", "list", path, "--code", "Medvirkning", "--format", "json").stdout)[0]["text"] \
        == "Endret: særlig på husmøtet"
    assert run_cli("memo", "delete", path, "2", "--coder", "åse").exit_code == 0
    assert len(json.loads(run_cli("memo", "list", path, "--format", "json").stdout)) == 1
    missing = run_cli("memo", "delete", path, "2", "--coder", "åse")
    assert missing.exit_code == 1 and "no memo 2" in missing.stderr
    assert run_cli("memo", "add", path, "--coder", "åse").exit_code == 2
    assert "a memo needs text" in run_cli("memo", "add", path, "--text", "  ", "--coder", "åse").stderr
    with ready.session() as s:
        events = [(e.action, e.actor) for e in s.scalars(select(AuditEvent).where(AuditEvent.entity == "memo"))]
    assert events == [("memo.add", "åse"), ("memo.add", "åse"), ("memo.edit", "bø"), ("memo.delete", "åse")]
