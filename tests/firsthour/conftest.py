"""Fixtures for the first-hour tests: the demo project built once, copied fresh for each test.

These tests try kode the way a new user does, on the demo the README starts from, so they run
the real CLI (in-process, or as a subprocess where a terminal, stderr or logging matters).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-master")
    result = run_cli("demo", str(folder))
    assert result.exit_code == 0, result.output
    return folder / "demo.kode"


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo project in this test's own folder (the test's working folder)."""
    copy = tmp_path / "demo.kode"
    shutil.copy2(demo_master, copy)
    return copy
