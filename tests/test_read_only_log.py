"""A project in a read-only folder with a leftover write-ahead log and no ``-shm`` file.

SQLite must create the ``-shm`` index to read the log's changes, and cannot in a read-only folder;
every command used to say "not a kode project (OperationalError)", which sends a researcher
looking for a damaged file. It now says what is wrong and what to do, and changes nothing (no
``-shm``, the log and the file byte for byte as they were). The file is not opened
``immutable`` instead: that would read it without the log's changes, silently out of date.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import kode.store
from tests.conftest import REPO, run_cli

COMMANDS = [["info", "{p}"], ["list", "{p}"], ["show", "{p}", "nordbakken_ungdom_U02_T1"], ["codebook", "show", "{p}"],
            ["search", "{p}", "hjem"], ["memo", "list", "{p}"], ["code", "{p}", "nordbakken_ungdom_U02_T1", "--code", "X",
                                                                 "--turn", "1", "--coder", "kh"]]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _copy_with_log(project: Path, folder: Path) -> Path:
    """Copy ``project`` and its -wal, not its -shm, while a connection holds changes in the log
    (a copy or backup taken while kode ran; many backup tools leave ``-shm`` files out)."""
    connection = sqlite3.connect(project)
    try:
        connection.execute("PRAGMA wal_autocheckpoint=0")
        connection.execute("INSERT INTO coder (name, is_consensus, created_at) VALUES ('kopi_æøå', 0, '2026-12-04')")
        connection.commit()
        folder.mkdir()
        for suffix in ("", "-wal"):
            shutil.copy(f"{project}{suffix}", folder / f"{project.name}{suffix}")
    finally:
        connection.close()
    copy = folder / project.name
    assert Path(f"{copy}-wal").stat().st_size > 0 and not Path(f"{copy}-shm").exists()
    return copy


@pytest.fixture
def studie(tmp_path: Path) -> Path:
    project = tmp_path / "studie.kode"
    folder = tmp_path / "inn"
    folder.mkdir()
    shutil.copy(REPO / "examples" / "transcripts" / "nordbakken_ungdom_U02_T1.txt", folder)
    assert run_cli("init", project, "--sites", "Nordbakken", "--coder", "kh").exit_code == 0
    assert run_cli("import", project, folder).exit_code == 0
    return project


def _check(result_code: int, stderr: str, copy: Path) -> None:
    assert result_code == 1, stderr
    assert stderr.count("\n") == 1, stderr
    line = stderr.strip()
    assert line.startswith(f"Error: {copy}: cannot be read here: studie.kode-wal holds changes not yet in the project file")
    assert f"SQLite must create studie.kode-shm beside it to read them, but the folder {copy.parent} is read-only" in line
    assert "copy studie.kode together with studie.kode-wal to a folder you can write" in line
    assert "not a kode project" not in line


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_read_only_folder_with_a_leftover_log_says_why_and_changes_nothing(
    studie: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """The folder's write permission is what is patched (the tests may run as root, whom
    ``chmod`` does not stop); the test below runs the same as another user for real."""
    copy = _copy_with_log(studie, tmp_path / "delt")
    before = _digest(copy.parent)
    monkeypatch.setattr(kode.store, "is_writable_folder", lambda path: Path(path).parent != copy.parent)
    result = run_cli(*(a.format(p=copy) for a in args))
    _check(result.exit_code, result.stderr, copy)
    assert _digest(copy.parent) == before


def test_the_log_is_read_once_the_folder_is_writable(studie: Path, tmp_path: Path) -> None:
    """What the message tells the user to do works: the log's changes are there, folded in."""
    copy = _copy_with_log(studie, tmp_path / "delt")
    result = run_cli("coders", copy, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "kopi_æøå" in result.stdout
    assert not Path(f"{copy}-wal").exists()


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user (``nobody``) can reach, for the test run as that user."""
    base = Path(tempfile.mkdtemp(prefix="kode-ro-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        for p in base.rglob("*"):
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(base)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_for_real_in_a_read_only_folder(studie: Path, shared_folder: Path) -> None:
    copy = _copy_with_log(studie, shared_folder / "delt")
    before = _digest(copy.parent)
    command = [sys.executable, "-m", "kode", "codebook", "show", str(copy)]
    env = {**os.environ, "HOME": str(shared_folder), "PYTHONPATH": str(REPO)}
    if os.geteuid() == 0:  # root writes anywhere: run as nobody, to whom the folder is read-only
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv")
        for p in [copy.parent, *copy.parent.iterdir()]:
            os.chown(p, 65534, 65534)
            p.chmod(0o755 if p.is_dir() else 0o644)
        as_nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        probe = subprocess.run([*as_nobody, sys.executable, "-c", "import kode.cli"], capture_output=True,
                               env=env, cwd=shared_folder, check=False)
        if probe.returncode != 0:  # this checkout or its Python is not readable by another user
            pytest.skip("another user cannot run kode from this checkout")
        command = [*as_nobody, *command]
    copy.parent.chmod(0o555)
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=shared_folder, check=False)
    _check(result.returncode, result.stderr, copy)
    assert _digest(copy.parent) == before
