from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from intervju.errors import KodeError
from intervju.setup import vocabulary
from kode import migrate
from kode.project import Project
from tests.conftest import run_cli


def test_init_creates_private_project_through_the_migration(project_path: Path) -> None:
    result = run_cli("init", project_path, "--sites", "Nordbakken,Sjøglimt", "--coder", "kh")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(project_path.stat().st_mode) == 0o600
    with Project.open(str(project_path)) as p:
        assert migrate.current_revisions(p.engine) == migrate.head_revisions()
        with p.session() as s:
            assert vocabulary(s) == {
                "waves": ["T1", "T2", "T3"],
                "sites": ["Nordbakken", "Sjøglimt"],
                "groups": ["ansatt", "eier", "ungdom"],
            }
    con = sqlite3.connect(project_path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_init_refuses_existing_file(project_path: Path) -> None:
    project_path.write_text("not mine")
    result = run_cli("init", project_path)
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert project_path.read_text() == "not mine"


def test_open_refuses_a_file_that_is_not_a_project(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.kode"
    bogus.write_bytes(b"hello")
    with pytest.raises(KodeError, match="not a kode project"):
        Project.open(str(bogus))
    missing = tmp_path / "missing.kode"
    result = run_cli("info", missing)
    assert result.exit_code == 1
    assert "no such project" in result.output
    assert not missing.exists()


def test_old_schema_is_named_with_the_command_to_run(project_path: Path) -> None:
    if migrate.head_revisions() == {"0001"}:
        Project.create(str(project_path)).close()
        # Only one revision exists: simulate an unknown (newer) schema instead.
        con = sqlite3.connect(project_path)
        con.execute("UPDATE alembic_version SET version_num='9999_future'")
        con.commit()
        con.close()
        with pytest.raises(KodeError, match="newer kode"):
            Project.open(str(project_path))
    else:
        # A real project at the first schema version (not a newer schema with a faked number).
        from alembic import command

        from kode.store import create_private_file, make_engine

        create_private_file(project_path)
        engine = make_engine(str(project_path))
        cfg = migrate.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
        engine.dispose()
        with pytest.raises(KodeError, match="kode upgrade"):
            Project.open(str(project_path))
        assert run_cli("upgrade", project_path).exit_code == 0
        Project.open(str(project_path)).close()


def test_vocab_adds_and_lists(project_path: Path) -> None:
    Project.create(str(project_path)).close()
    result = run_cli("vocab", project_path, "--add-site", "Sjøglimt", "--add-wave", "T4", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"T4"' in result.output and "Sjøglimt" in result.output


def test_migration_matches_the_models(project_path: Path) -> None:
    """The schema a migration builds is the schema the models describe (no forgotten migration)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import kodebok.models  # noqa: F401
    from intervju.db import Base

    with Project.create(str(project_path)) as p, p.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": migrate.include_name}
        ), Base.metadata)
    assert diff == []


def test_project_fixture_works_on_every_backend(project: Project) -> None:
    with project.session() as s:
        assert vocabulary(s)["sites"] == ["Nordbakken", "Sjøglimt"]
    with pytest.raises(KodeError):
        Project.create(project.target)
