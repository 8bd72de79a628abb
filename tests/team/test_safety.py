"""`kode backup`, `kode check`, `kode log`: copies while others write, problems found, the trail read."""

from __future__ import annotations

import json
import multiprocessing as mp
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from kode.project import Project
from tests.conftest import run_cli
from tests.team.helpers import NAME, TURNS, code_phrase, import_one, write_transcript


def _writer(target: str, n: int, started: mp.synchronize.Event) -> None:  # type: ignore[name-defined]
    from kodebok.models import Coding
    from tests.team.helpers import code, coder

    p = Project.open(target)
    try:
        started.set()
        for i in range(n):
            with p.session() as s:
                s.add(Coding(code_id=code(s, "skrivetest").id, interview_id=1, start=0, end=i + 1,
                             coder_id=coder(s, "skriver").id))
    finally:
        p.close()


def test_backup_is_private_consistent_and_opens(project: Project, tmp_path: Path) -> None:
    import_one(project, write_transcript(tmp_path / "files", TURNS))
    code_phrase(project, NAME, "det føles nesten som hjemme", "hjemlighet")
    out = tmp_path / "kopi" / "sikkerhetskopi.kode"
    project.engine.dispose()  # the forked writer must not share the parent's connections
    started = mp.get_context("fork").Event()
    writer = mp.get_context("fork").Process(target=_writer, args=(project.target, 40, started))
    writer.start()
    started.wait(30)
    result = run_cli("backup", project.target, "-o", out, "--format", "json")
    writer.join(60)
    assert writer.exitcode == 0
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["file"] == str(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(out.parent.glob("*.tmp"))
    con = sqlite3.connect(out)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = con.execute("SELECT count(*) FROM coding WHERE coder_id = "
                    "(SELECT id FROM coder WHERE name='skriver')").fetchone()[0]
    # A snapshot: the writer's codings 1..n, never a torn one (ends run 1..n without gaps).
    ends = [r[0] for r in con.execute("SELECT \"end\" FROM coding WHERE coder_id = "
                                      "(SELECT id FROM coder WHERE name='skriver') ORDER BY \"end\"")]
    assert ends == list(range(1, n + 1))
    con.close()
    with Project.open(str(out)) as copy:
        assert copy.check().ok
    listed = run_cli("list", out, "--format", "json")
    assert listed.exit_code == 0 and json.loads(listed.output)[0]["name"] == NAME
    again = run_cli("backup", project.target, "-o", out)
    assert again.exit_code == 1 and "exists already" in again.output


def test_check_passes_then_lists_damage(project: Project, tmp_path: Path) -> None:
    import_one(project, write_transcript(tmp_path / "files", TURNS))
    code_phrase(project, NAME, "det føles nesten som hjemme", "hjemlighet")
    ok = run_cli("check", project.target)
    assert ok.exit_code == 0 and "OK" in ok.output
    with project.engine.begin() as conn:
        conn.execute(text('UPDATE coding SET "end" = 100000'))
        conn.execute(text('UPDATE turn SET start = 0 WHERE n = 3'))
    bad = run_cli("check", project.target, "--format", "json")
    assert bad.exit_code == 1
    problems = json.loads(bad.output)["problems"]
    wheres = " ".join(p["where"] for p in problems)
    assert "coding" in wheres and "turn 3" in wheres
    assert all(p["check"] == "offsets" for p in problems)


def test_check_finds_orphans_on_sqlite(project_path: Path, tmp_path: Path) -> None:
    p = Project.create(str(project_path), sites=["Nordbakken"])
    import_one(p, write_transcript(tmp_path / "files", TURNS))
    p.close()
    con = sqlite3.connect(project_path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("INSERT INTO turn (interview_id, n, role, start, \"end\") VALUES (99, 1, 'unknown', 0, 1)")
    con.commit()
    con.close()
    result = run_cli("check", project_path, "--format", "json")
    assert result.exit_code == 1
    checks = {p["check"] for p in json.loads(result.output)["problems"]}
    assert {"orphans", "foreign_key_check"} <= checks


def test_log_filters_by_coder_action_and_date(project: Project, tmp_path: Path) -> None:
    report = project.import_files([write_transcript(tmp_path / "files", TURNS)], actor="kh")
    assert not report.failed
    new = [*TURNS, ("I", "Takk for at du ville snakke med meg, Åse.")]
    project.revise_files([write_transcript(tmp_path / "v2", new)], actor="øystein")
    everything = json.loads(run_cli("log", project.target, "--format", "json").output)
    assert [e["action"] for e in everything] == ["import", "revise", "reanchor"]
    mine = json.loads(run_cli("log", project.target, "--coder", "øystein", "--format", "json").output)
    assert {e["actor"] for e in mine} == {"øystein"}
    assert json.loads(run_cli("log", project.target, "--since", "2999-01-01", "--format", "json").output) == []
    assert len(json.loads(run_cli("log", project.target, "--action", "import", "--format", "json").output)) == 1
    csv_out = run_cli("log", project.target, "--format", "csv").output
    assert csv_out.splitlines()[0] == "at,coder,action,entity,id,detail"
    bad = run_cli("log", project.target, "--since", "i går")
    assert bad.exit_code == 1 and "--since" in bad.output


@pytest.mark.parametrize("cmd", ["backup", "check", "log", "list", "info"])
def test_commands_name_a_missing_project(cmd: str, tmp_path: Path) -> None:
    result = run_cli(cmd, tmp_path / "finnes-ikke.kode")
    assert result.exit_code == 1 and "finnes-ikke.kode" in result.output
