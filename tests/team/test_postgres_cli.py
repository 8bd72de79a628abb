"""Every command takes a PostgreSQL URL where it takes a project file, and never prints a password."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import run_cli
from tests.team.helpers import NAME, TURNS, write_transcript


@pytest.fixture
def pg_target(project_target: str) -> str:
    if "://" not in project_target:
        pytest.skip("PostgreSQL only (set KODE_TEST_PG_URL)")
    return project_target


def test_commands_take_a_url_and_hide_its_password(pg_target: str, tmp_path: Path) -> None:
    url = make_url(pg_target)
    secret = f":{url.password}@"
    outputs = []
    init = run_cli("init", pg_target, "--sites", "Nordbakken,Sjøglimt", "--coder", "kh")
    assert init.exit_code == 0, init.output
    outputs.append(init.output)
    assert "***" in init.output
    imported = run_cli("import", pg_target, write_transcript(tmp_path, TURNS), "--format", "json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.output)["imported"] == 1
    for args in (["info"], ["list", "--format", "json"], ["show", NAME, "--format", "json"], ["check"],
                 ["log", "--format", "json"], ["backup", "-o", str(tmp_path / "kopi.kode")],
                 ["vocab", "--format", "json"]):
        result = run_cli(args[0], pg_target, *args[1:])
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.output)
    shown = json.loads(run_cli("show", pg_target, NAME, "--format", "json").output)
    assert shown["participants"] == ["Åse"] and shown["turns"][1]["text"].startswith("Det var rart")
    again = run_cli("init", pg_target)
    assert again.exit_code == 1 and "holds a kode project already" in again.output
    outputs.append(again.output)
    assert not any(secret in out for out in outputs)
    # The backup of a server project is an ordinary project file.
    listed = run_cli("list", tmp_path / "kopi.kode", "--format", "json")
    assert json.loads(listed.output)[0]["name"] == NAME


def test_password_from_the_environment(pg_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    url = make_url(pg_target)
    assert url.password
    monkeypatch.setenv("PGPASSWORD", str(url.password))
    bare = url.set(password=None).render_as_string(hide_password=False)
    result = run_cli("init", bare)
    assert result.exit_code == 0, result.output
    assert run_cli("info", bare).exit_code == 0


def test_wrong_password_is_one_line_without_it(pg_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    bad = make_url(pg_target).set(password="feil-passord-æøå").render_as_string(hide_password=False)
    result = run_cli("info", bad)
    assert result.exit_code == 1
    assert "cannot connect" in result.output and "feil-passord" not in result.output
    assert len(result.output.strip().splitlines()) == 1
