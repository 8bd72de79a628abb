"""A name the project lacks is reported with the project's name in it.

The look-ups that raise these errors (interviews, codes, coders, memos, codings, participants,
waves) only get a session, so they used to say "in the project" and nothing more: a researcher
with several project files (a study each, each coder's copy before ``kode merge``) could not tell
a mistyped name from the wrong file. Every such message, through the CLI, names the project
(file or URL without its password), one line, exit 1, nothing written.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from intervju.errors import NotInProject
from kode.store import describe
from tests.conftest import EXAMPLES, run_cli

TRANSCRIPTS = ("nordbakken_ungdom_U02_T1.txt", "sjoglimt_ungdom_U05_T2.txt")


@pytest.fixture
def studie(project_target: str, tmp_path: Path) -> str:
    """A project with two of the examples' interviews, their codebook and one coding."""
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    for name in TRANSCRIPTS:
        shutil.copy(EXAMPLES / "transcripts" / name, folder / name)
    assert run_cli("init", project_target, "--sites", "Nordbakken,Sjøglimt", "--coder", "kh").exit_code == 0
    assert run_cli("import", project_target, folder, "--pattern", "{site}_{group}_{participant}_{wave}").exit_code == 0
    assert run_cli("codebook", "load", project_target, EXAMPLES / "kodebok.yml").exit_code == 0
    coded = run_cli("code", project_target, "nordbakken_ungdom_U02_T1", "--code", "Medvirkning", "--turn", "2")
    assert coded.exit_code == 0, coded.stderr
    return project_target


CASES = [
    (("show", "{p}", "nordbakken_ungdom_U09_T1"), "no interview 'nordbakken_ungdom_U09_T1' in the project {n}"),
    (("list", "{p}", "--wave", "T9"), "wave 'T9' is not one of the waves in the project {n}: T1, T2, T3 "
                                      "(add one with `kode vocab {q} --add-wave NAME`)"),
    (("code", "{p}", "U07_T3", "--code", "Medvirkning", "--turn", "1"), "no interview 'U07_T3' in the project {n}"),
    (("code", "{p}", "nordbakken_ungdom_U02_T1", "--code", "Medvirkningg", "--turn", "1"),
     "no code 'Medvirkningg' in the codebook of {n}; did you mean"),
    (("codebook", "retire", "{p}", "Hjemlihet", "--coder", "kh"), "no code 'Hjemlihet' in the codebook of {n}"),
    (("codings", "{p}", "--coder", "zz"), "no coder 'zz' in the project {n} (see `kode coders {q}`)"),
    (("memo", "edit", "{p}", "999", "--text", "x"), "no memo 999 in the project {n} (see `kode memo list {q}`)"),
    (("memo", "add", "{p}", "--coding", "999", "--text", "x"), "no coding 999 in the project {n} (see `kode codings {q}`)"),
    (("consensus", "{p}", "--coder", "konsensus", "--coding", "999", "--by", "kh"), "no coding 999 in the project {n}"),
    (("speakers", "{p}", "--map", "Ungdom=informant:U99", "--coder", "kh"), "no participant U99 in the project {n}"),
    (("export", "matrix", "{p}", "--coder", "zz", "-o", "{d}/m.xlsx"), "--coder 'zz': no such coder in the project {n}"),
    (("export", "matrix", "{p}", "--codes", "Ingen", "-o", "{d}/m.xlsx"),
     "--codes 'Ingen': no such code in the codebook of {n} (see `kode codebook show {q}`)"),
    (("export", "matrix", "{p}", "--sites", "Oslo", "-o", "{d}/m.xlsx"), "--sites 'Oslo': not one of the sites in the project {n}"),
]


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join(c[0][:2]) for c in CASES])
def test_every_not_in_the_project_message_names_the_project(studie: str, tmp_path: Path, args: tuple[str, ...],
                                                             expected: str) -> None:
    name = describe(studie)
    before = run_cli("log", studie, "--format", "json").stdout
    result = run_cli(*(a.format(p=studie, d=tmp_path) for a in args))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert expected.format(n=name, q=shlex.quote(name)) in result.stderr, result.stderr
    assert run_cli("log", studie, "--format", "json").stdout == before  # nothing written
    assert not (tmp_path / "m.xlsx").exists()


def test_a_project_name_with_a_space_and_æøå_is_quoted_in_the_hint(tmp_path: Path) -> None:
    path = tmp_path / "min studie æøå.kode"
    assert run_cli("init", path, "--sites", "Sjøglimt", "--coder", "kh").exit_code == 0
    result = run_cli("memo", "edit", path, "7", "--text", "x")
    assert result.exit_code == 1
    assert f"no memo 7 in the project {path} (see `kode memo list '{path}'`)" in result.stderr


def test_a_postgresql_project_is_named_without_its_password() -> None:
    error = NotInProject("no coder 'zz'").naming(describe("postgresql+psycopg://kode:hemmelig@db.example/studie"))
    assert str(error) == "no coder 'zz' in the project postgresql+psycopg://kode:***@db.example/studie"
    assert "hemmelig" not in str(error)


def test_an_error_named_inside_a_csv_line_keeps_the_line_and_the_project(tmp_path: Path) -> None:
    error = NotInProject("no code 'X'", "; did you mean Y?", codebook=True).within("line 3").within("f.csv")
    assert str(error) == "f.csv: line 3: no code 'X' in the codebook; did you mean Y?"
    assert str(error.naming("s.kode")) == "f.csv: line 3: no code 'X' in the codebook of s.kode; did you mean Y?"
    assert error.naming("s.kode").naming("other.kode").project == "s.kode"
