"""Shared fixtures: every test builds its own small project in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kode.cli import main
from kode.project import Project

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "studie.kode"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    p = Project.create(str(project_path), sites=["Nordbakken", "Sjøglimt"])
    yield p
    p.close()


def run_cli(*args: str, input: str | None = None) -> Result:
    """Run the kode CLI in-process and return its result (stdout and stderr apart)."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
