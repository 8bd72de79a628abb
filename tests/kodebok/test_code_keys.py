"""A code's key is one letter or digit, the keys the coding workbench gives to codes.

``kode codebook add --key`` took anything up to 10 characters without spaces (``ab``, ``ctrl+m``,
``/``): stored and shown by ``kode codebook show``, but the workbench applies a code only when its
key arrives as one typed letter or digit, so such a key silently did nothing (``/`` opens the code
finder). New keys are checked, from the command line and from a codebook file; a project that
stored such a key with an older kode still opens.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update

from kode.project import Project
from kodebok.models import Code
from tests.conftest import run_cli


@pytest.fixture
def studie(tmp_path: Path) -> Path:
    project = tmp_path / "studie.kode"
    assert run_cli("init", project, "--coder", "kh").exit_code == 0
    assert run_cli("codebook", "add", project, "Trygghet", "--key", "t").exit_code == 0
    return project


@pytest.mark.parametrize("key", ["ab", "ctrl+m", "/", "!", " ", "1a", "abcdefghij", "f1", "é1"])
def test_a_key_the_workbench_cannot_use_is_refused_in_one_line(studie: Path, key: str) -> None:
    before = run_cli("codebook", "show", studie, "--format", "json").stdout
    result = run_cli("codebook", "add", studie, "Omsorg", "--key", key)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: key {key!r}: a key is one letter or digit")
    assert run_cli("codebook", "show", studie, "--format", "json").stdout == before


@pytest.mark.parametrize(("key", "stored"), [("o", "o"), ("O", "O"), ("æ", "æ"), ("Ø", "Ø"), ("7", "7"),
                                              ("a\u030a", "å")])
def test_one_letter_or_digit_is_a_key_æøå_too(studie: Path, key: str, stored: str) -> None:
    result = run_cli("codebook", "add", studie, "Omsorg", "--key", key)
    assert result.exit_code == 0, result.stderr
    codes = json.loads(run_cli("codebook", "show", studie, "--format", "json").stdout)
    assert [c["key"] for c in codes if c["name"] == "Omsorg"] == [stored]


def test_a_codebook_file_with_such_a_key_is_refused_naming_file_and_code(studie: Path, tmp_path: Path) -> None:
    book = tmp_path / "kodebok.yml"
    book.write_text("codes:\n  - id: omsorg\n    name: Omsorg\n    key: ctrl+o\n", encoding="utf-8")
    result = run_cli("codebook", "load", studie, book)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {book.name}: code 'Omsorg': key 'ctrl+o': a key is one letter or digit")
    assert result.stderr.count("\n") == 1


def test_a_project_with_a_key_stored_by_an_older_kode_still_opens(studie: Path, tmp_path: Path) -> None:
    with Project.open(str(studie)) as project, project.session() as session:
        session.execute(update(Code).where(Code.name == "Trygghet").values(key="ctrl+t"))
    shown = run_cli("codebook", "show", studie)
    assert shown.exit_code == 0 and "key ctrl+t" in shown.stdout
    assert run_cli("info", studie).exit_code == 0
    with Project.open(str(studie)) as project:
        items = project.workbench("kh").codebook()
    assert [(c.name, c.key) for c in items] == [("Trygghet", "ctrl+t")]
    out = tmp_path / "eksport.yml"
    assert run_cli("codebook", "export", studie, "-o", out).exit_code == 0
    again = run_cli("codebook", "load", studie, out)
    assert again.exit_code == 1 and "key 'ctrl+t': a key is one letter or digit" in again.stderr
