"""A command that fails writes nothing: not the coder it would have added, not an audit row, not a
setting. Every command that takes ``--coder`` (and ``kode tui`` opening) is called with a new coder
id and one wrong argument on a copy of the demo project, and every table is compared before and
after (``sqlite3``'s full dump, schema and rows)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli

NEW = "nykoder"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert run_cli("demo", folder).exit_code == 0
    target = folder / "demo.kode"
    # a memo, a suggestion and a consensus coder, so that edits of existing things can be tried too
    assert run_cli("memo", "add", target, "--text", "Første memo om Åse", "--coder", "kh").exit_code == 0
    assert run_cli("autocode", target, "--coder", "kh").exit_code == 0
    return target


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.kode"
    shutil.copy(demo_file, copy)
    return copy


def dump(path: Path) -> list[str]:
    """Every table's schema and rows, in SQL, as SQLite writes it out."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _files(tmp: Path) -> dict[str, Path]:
    bad_yaml = tmp / "kodebok.yml"
    bad_yaml.write_text("koder:\n  - navn: [ikke lukket\n", encoding="utf-8")
    bad_csv = tmp / "kodinger.csv"
    bad_csv.write_text("interview,turn,code,coder\nfinnes_ikke,1,Omsorg,nykoder\n", encoding="utf-8")
    latin1 = tmp / "memo.txt"
    latin1.write_bytes("Åse fortalte om høsten".encode("latin-1"))
    revised = tmp / "nordbakken_ansatt_A01_T1.txt"
    revised.write_text("I: Hei\n\nA01: Hallo\n", encoding="utf-8")
    return {"yaml": bad_yaml, "csv": bad_csv, "latin1": latin1, "dir": tmp, "missing": tmp / "mangler.yml",
            "revised": revised}


IV = "nordbakken_ansatt_A01_T1"

#: (what is wrong, the command's arguments after PROJECT's place holder, a part of the error line).
FAILING: list[tuple[str, Callable[[str, dict[str, Path]], list[object]], str]] = [
    ("memo add: unknown interview",
     lambda p, f: ["memo", "add", p, "--interview", "finnes_ikke", "--text", "x", "--coder", NEW], "no interview"),
    ("memo add: unknown coding",
     lambda p, f: ["memo", "add", p, "--coding", "999999", "--text", "x", "--coder", NEW], "999999"),
    ("memo add: unknown code",
     lambda p, f: ["memo", "add", p, "--code", "Finnes ikke", "--text", "x", "--coder", NEW], "no code"),
    ("memo add: text not UTF-8",
     lambda p, f: ["memo", "add", p, "--file", f["latin1"], "--coder", NEW], "memo.txt"),
    ("memo edit: unknown memo",
     lambda p, f: ["memo", "edit", p, "999999", "--text", "x", "--coder", NEW], "no memo 999999"),
    ("memo delete: unknown memo",
     lambda p, f: ["memo", "delete", p, "999999", "--coder", NEW], "no memo 999999"),
    ("codebook load: missing file",
     lambda p, f: ["codebook", "load", p, f["missing"], "--coder", NEW], "mangler.yml"),
    ("codebook load: bad YAML",
     lambda p, f: ["codebook", "load", p, f["yaml"], "--coder", NEW], "kodebok.yml"),
    ("codebook add: unknown parent",
     lambda p, f: ["codebook", "add", p, "Ny kode", "--parent", "Finnes ikke", "--coder", NEW], "no code"),
    ("codebook add: name taken",
     lambda p, f: ["codebook", "add", p, "Målgruppe", "--parent", "Målgruppe og målsetninger", "--coder", NEW],
     "Målgruppe"),
    ("codebook rename: unknown code",
     lambda p, f: ["codebook", "rename", p, "Finnes ikke", "Nytt", "--coder", NEW], "no code"),
    ("codebook rename: stale version",
     lambda p, f: ["codebook", "rename", p, "Målgruppe", "Nytt", "--expect-version", "99", "--coder", NEW],
     "version"),
    ("codebook move: unknown code",
     lambda p, f: ["codebook", "move", p, "Finnes ikke", "--top", "--coder", NEW], "no code"),
    ("codebook merge: unknown code",
     lambda p, f: ["codebook", "merge", p, "Finnes ikke", "Målgruppe", "--coder", NEW], "no code"),
    ("codebook retire: unknown code",
     lambda p, f: ["codebook", "retire", p, "Finnes ikke", "--coder", NEW], "no code"),
    ("codebook restore: unknown code",
     lambda p, f: ["codebook", "restore", p, "Finnes ikke", "--coder", NEW], "no code"),
    ("autocode: unknown code",
     lambda p, f: ["autocode", p, "--code", "Finnes ikke", "--coder", NEW], "no code"),
    ("suggestions accept: unknown id",
     lambda p, f: ["suggestions", p, "accept", "--id", "999999", "--coder", NEW], "999999"),
    ("suggestions reject: unknown id",
     lambda p, f: ["suggestions", p, "reject", "--id", "999999", "--coder", NEW], "999999"),
    ("code: unknown turn",
     lambda p, f: ["code", p, IV, "--code", "Målgruppe", "--turn", "999", "--coder", NEW], "no turn 999"),
    ("uncode: nothing there",
     lambda p, f: ["uncode", p, IV, "--code", "Målgruppe", "--turn", "1", "--coder", NEW], NEW),
    ("codings import: unknown interview",
     lambda p, f: ["codings", "import", p, f["csv"], "--coder", NEW], "kodinger.csv"),
    ("codings import: a folder",
     lambda p, f: ["codings", "import", p, f["dir"], "--coder", NEW], "filer: a folder, not a file (FILE needs a file)"),
    ("agreement --adopt: unknown coder",
     lambda p, f: ["agreement", p, "--coders", "kh,finnes_ikke", "--adopt", "konsensus", "--coder", NEW],
     "finnes_ikke"),
    ("consensus: unknown coding",
     lambda p, f: ["consensus", p, "--coder", "konsensus", "--coding", "999999", "--by", NEW], "999999"),
    ("import --revise: missing file",
     lambda p, f: ["import", p, "--revise", f["missing"], "--coder", NEW], "mangler.yml"),
    ("tui: unknown interview",
     lambda p, f: ["tui", p, "--coder", NEW, "--interview", "finnes_ikke"], "no interview"),
    ("tui: bad coder id",
     lambda p, f: ["tui", p, "--coder", "to ord"], "coder id"),
    ("tui: no terminal",
     lambda p, f: ["tui", p, "--coder", NEW], "terminal"),
]


@pytest.mark.parametrize("args, message", [(a, m) for _, a, m in FAILING], ids=[n for n, _, _ in FAILING])
def test_a_failing_command_leaves_the_project_as_it_was(
        demo: Path, tmp_path: Path, args: Callable[[str, dict[str, Path]], list[object]], message: str) -> None:
    (tmp_path / "filer").mkdir()
    files = _files(tmp_path / "filer")
    before = dump(demo)
    r = run_cli(*args(str(demo), files))
    assert r.exit_code in (1, 2), r.stdout
    # exit 1: kode's one line; exit 2: click's usage error, whose last line says what is wrong
    error = r.stderr if r.exit_code == 1 else r.stderr.splitlines()[-1] + "\n"
    assert error.count("\n") == 1 and error.startswith("Error: ") and message in error, r.stderr
    assert "new coder" not in r.stderr and "new consensus coder" not in r.stderr
    assert dump(demo) == before


def test_a_new_coder_is_added_with_the_write_and_announced_once(demo: Path) -> None:
    r = run_cli("codebook", "add", demo, "Ny kode", "--coder", "åse")
    assert r.exit_code == 0 and r.stderr == "new coder 'åse' added to the project\n"
    r = run_cli("memo", "add", demo, "--code", "Ny kode", "--text", "Åse sin første", "--coder", "ÅSE")
    assert r.exit_code == 0 and "new coder" not in r.stderr
    events = [e for e in json.loads(run_cli("log", demo, "--format", "json").stdout) if e["actor"] == "åse"]
    assert [e["action"] for e in events] == ["coder.add", "code.add", "memo.add"]
    coders = run_cli("coders", demo, "--format", "csv").stdout
    assert "åse" in coders and "ÅSE" not in coders
