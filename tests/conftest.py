"""Shared fixtures: every test builds its own small project in a temporary folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from kode.cli import main
from kode.project import Project

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "studie.kode"


PG_URL = os.environ.get("KODE_TEST_PG_URL")
BACKENDS = ["sqlite", "postgres"] if PG_URL else ["sqlite"]


@pytest.fixture(params=BACKENDS)
def project_target(request: pytest.FixtureRequest, project_path: Path) -> Iterator[str]:
    """Where a test's project lives: a SQLite file, or a fresh schema on the test PostgreSQL
    server when ``KODE_TEST_PG_URL`` is set (CI sets it), so one test runs on both back ends."""
    if request.param == "sqlite":
        yield str(project_path)
        return
    from kode.store import make_engine

    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def project(project_target: str) -> Iterator[Project]:
    p = Project.create(project_target, sites=["Nordbakken", "Sjøglimt"])
    yield p
    p.close()


def run_cli(*args: str, input: str | None = None) -> Result:
    """Run the kode CLI in-process and return its result (stdout and stderr apart)."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
