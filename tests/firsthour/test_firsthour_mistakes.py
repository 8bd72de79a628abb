"""Mistakes a new user makes in the first hour: each one is refused in one line, nothing written."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from firsthour_helpers import one_error_line, run_kode

from tests.conftest import REPO, run_cli

# -- output files: the suffix must say what is written -------------------------------------------

@pytest.mark.parametrize(
    ("args", "name", "suffix"),
    [
        (("export", "report"), "rapport.pdf", ".docx"),
        (("export", "report"), "rapport", ".docx"),
        (("export", "matrix", "--format", "xlsx"), "matrise.docx", ".xlsx"),
        (("export", "matrix", "--format", "csv"), "matrise.xlsx", ".csv"),
        (("export", "matrix", "--format", "docx"), "matrise.csv", ".docx"),
        (("export", "qdpx"), "prosjekt.zip", ".qdpx"),
        (("codebook", "export-qdc"), "kodebok.xml", ".qdc"),
        (("codebook", "export", "--format", "docx"), "kodebok.pdf", ".docx"),
    ],
)
def test_export_refuses_a_suffix_that_says_another_format(demo: Path, args: tuple[str, ...], name: str,
                                                          suffix: str) -> None:
    cmd, *rest = args
    target = demo.parent / name
    result = run_cli(cmd, *rest[:1], str(demo), "-o", str(target), *rest[1:])
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert str(target) in line and suffix in line
    assert not target.exists()
    assert [p.name for p in demo.parent.iterdir() if p.name != "demo.kode"] == []


def test_export_with_the_right_suffix_still_writes(demo: Path) -> None:
    target = demo.parent / "Rapport.DOCX"
    result = run_cli("export", "report", str(demo), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0


# -- show --turns past the end --------------------------------------------------------------------

def test_show_turns_past_the_end_names_the_number_of_turns(demo: Path) -> None:
    info = json.loads(run_cli("show", str(demo), "nordbakken_ansatt_A01_T1", "--format", "json").stdout)
    count = len(info["turns"])
    result = run_cli("show", str(demo), "nordbakken_ansatt_A01_T1", "--turns", f"{count + 26}-{count + 36}")
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert f"has {count} turns" in line and "past the end" in line
    # a range that reaches past the end shows the turns there are
    tail = run_cli("show", str(demo), "nordbakken_ansatt_A01_T1", "--turns", f"{count - 1}-{count + 10}",
                   "--format", "json")
    assert tail.exit_code == 0
    assert [t["n"] for t in json.loads(tail.stdout)["turns"]] == [count - 1, count]


# -- never write into a file that is not a kode project --------------------------------------------

def _foreign_sqlite(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notater (tekst TEXT)")
    db.execute("INSERT INTO notater VALUES ('blåbær')")
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize("kind", ["empty", "text", "sqlite"])
@pytest.mark.parametrize("command", [("info",), ("list",), ("upgrade",), ("search", "hjem"), ("backup",)])
def test_a_file_that_is_not_a_project_is_left_as_it_was(tmp_path: Path, kind: str, command: tuple[str, ...]) -> None:
    target = tmp_path / "studie.kode"
    if kind == "empty":
        target.write_bytes(b"")
    elif kind == "text":
        target.write_text("Intervjuer: Hei!\nUngdom: Hei.\n", encoding="utf-8")
    else:
        _foreign_sqlite(target)
    before = target.read_bytes()
    result = run_cli(command[0], str(target), *command[1:])
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert str(target) in line and "not a kode project" in line
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["studie.kode"]  # no -wal, -shm or backup


@pytest.mark.parametrize("command", [("info",), ("upgrade",), ("list",)])
def test_a_missing_project_is_not_created(tmp_path: Path, command: tuple[str, ...]) -> None:
    target = tmp_path / "skrivefeil.kode"
    result = run_cli(command[0], str(target))
    assert result.exit_code == 1
    assert "kode init" in one_error_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


# -- a language model that does not exist --------------------------------------------------------

def test_nlp_refuses_a_model_that_is_not_there(demo: Path, tmp_path: Path) -> None:
    for bad in ("/nonexistent/dir", str(tmp_path), "nb_core_news_typo"):
        result = run_cli("nlp", str(demo), "--model", bad)
        assert result.exit_code == 1
        line = one_error_line(result.stderr)
        assert bad in line and "unchanged" in line
    shown = json.loads(run_cli("nlp", str(demo), "--format", "json").stdout)
    assert shown["configured"] == "nb_core_news_lg"


def test_nlp_accepts_a_pipeline_folder(demo: Path, tmp_path: Path) -> None:
    import spacy

    folder = tmp_path / "nb_eget"
    spacy.blank("nb").to_disk(folder)
    result = run_cli("nlp", str(demo), "--model", str(folder))
    assert result.exit_code == 0, result.output
    assert json.loads(run_cli("nlp", str(demo), "--format", "json").stdout)["configured"] == str(folder)


# -- commands that need a terminal ---------------------------------------------------------------

def test_tui_without_a_terminal_says_so_in_one_line(demo: Path) -> None:
    done = run_kode("tui", demo, "--coder", "kh", timeout=60)  # the old code hung here
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert "terminal" in line
    assert "\x1b" not in done.stdout + done.stderr


def test_deid_review_without_a_terminal_names_accept_all(demo: Path, tmp_path: Path) -> None:
    transcript = tmp_path / "Nordbakken_ungdom_U01_T1.txt"
    transcript.write_text("Intervjuer: Hvem hjalp deg?\nUngdom: Det var Kari Nordmann fra Tromsø, hun ringte "
                          "meg på 912 34 567.\n", encoding="utf-8")
    assert run_cli("import", str(demo), str(transcript), "--pattern", "{site}_{group}_{participant}_{wave}",
                   ).exit_code == 0
    assert run_cli("deid", "scan", str(demo), "--model", "").exit_code == 0
    assert json.loads(run_cli("deid", "list", str(demo), "--format", "json").stdout)
    done = run_kode("deid", "review", demo, timeout=60)  # stdin is /dev/null: no answers
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert "terminal" in line and "--accept-all" in line
    assert "Aborted" not in done.stderr


# -- errors are one line, also when stderr is a pipe ------------------------------------------------

def test_a_long_error_is_one_line_when_stderr_is_not_a_terminal(demo: Path, tmp_path: Path) -> None:
    broken = tmp_path / ("intervju_med_et_svært_langt_filnavn_som_går_forbi_åtti_kolonner_" + "ø" * 30 + ".docx")
    broken.write_bytes(b"dette er ikke en Word-fil")
    done = run_kode("import", demo, broken)
    assert done.returncode == 1
    failed = [line for line in done.stderr.splitlines() if broken.name in line]
    assert len(failed) == 1, done.stderr
    assert str(broken) in failed[0] and len(failed[0]) > 120


def test_an_error_message_with_a_newline_stays_one_line(tmp_path: Path) -> None:
    import click

    from intervju.errors import KodeError
    from kode.cli import KodeGroup

    @click.group(cls=KodeGroup)
    def group() -> None:
        pass

    @group.command()
    def fail() -> None:
        raise KodeError("studie.kode: cannot open (first line\nsecond line)")

    from click.testing import CliRunner

    result = CliRunner().invoke(group, ["fail"])
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == "Error: studie.kode: cannot open (first line second line)"


# -- PostgreSQL without its driver ----------------------------------------------------------------

def test_a_postgresql_url_without_psycopg_says_what_to_install() -> None:
    code = (
        "import sys\n"
        "sys.modules['psycopg'] = None\n"
        "sys.modules['psycopg2'] = None\n"
        "from kode.cli import main\n"
        "main(['info', 'postgresql+psycopg://kari@127.0.0.1/studie'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert "pip install -e '.[postgres]'" in line and "kari@127.0.0.1/studie" in line


# -- synopses: commands that act as a coder show --coder -----------------------------------------

@pytest.mark.parametrize("command", [("memo", "edit"), ("memo", "delete"), ("autocode",)])
def test_synopsis_shows_coder(command: tuple[str, ...]) -> None:
    usage = run_cli(*command, "--help").stdout.splitlines()[0]
    assert "--coder ID" in usage


def test_docs_synopses_show_coder() -> None:
    text = (REPO / "docs" / "coding.md").read_text(encoding="utf-8")
    for command in ("kode memo edit PROJECT", "kode memo delete PROJECT", "kode autocode PROJECT"):
        synopsis = next(line for line in text.split("`") if line.startswith(command))
        assert "--coder ID" in synopsis, synopsis


def test_memo_edit_on_the_demo_without_coder_says_how(demo: Path) -> None:
    result = run_cli("memo", "edit", str(demo), "1", "--text", "x")
    assert result.exit_code == 1
    assert "--coder" in one_error_line(result.stderr)
