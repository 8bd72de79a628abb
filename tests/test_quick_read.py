"""``kode info``, ``kode list`` and ``kode show`` read a SQLite project with ``sqlite3`` alone
(:mod:`kode.opening`): the output, the errors and the files left behind must be exactly those of
the path through the project and a session, which PostgreSQL and the rest of kode take.

Both paths run the same SQL (:mod:`intervju.corpus_sql`); here each command runs twice, once as
a user runs it and once forced through :class:`kode.project.Project`, and the two must agree.
What each path imports is checked in ``tests/test_cli_lazy.py``; speed in ``bench/cli.py``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import kode.opening
import kode.store
from intervju import corpus, corpus_sql
from intervju.setup import get_setting, set_setting
from kode.facade_search import MODEL_SETTING, NOTICE_SETTING
from kode.project import Project
from tests.conftest import EXAMPLES, run_cli
from tests.firsthour import conftest as firsthour
from tests.team.helpers import NAME, TURNS, write_transcript

#: The demo project, built once for the session, copied fresh for each test.
demo_master, demo = firsthour.demo_master, firsthour.demo

FIRST = "nordbakken_ansatt_A01_T1"

#: Every output format and filter of the three commands, and the ways an interview is named.
CASES = [
    ["info"],
    ["info", "--format", "json"],
    ["list"],
    ["list", "--format", "json"],
    ["list", "--format", "csv"],
    ["list", "--site", "sjoglimt", "--format", "csv"],
    ["list", "--site", "SJOEGLIMT,nordbakken", "--wave", "t2", "--format", "json"],
    ["list", "--group", "ungdom", "--participant", "U01", "--format", "csv"],
    ["list", "--participant", "nobody"],
    ["show", FIRST],
    ["show", FIRST, "--format", "json"],
    ["show", FIRST, "--format", "csv"],
    ["show", "3", "--format", "csv"],
    ["show", FIRST.upper(), "--turns", "2-4"],
    ["show", f"mappe/{FIRST}.docx", "--turns", "5"],
]

#: Mistakes: each is one line on stderr and exit status 1, the same on both paths.
MISTAKES = [
    ["list", "--site", "nowhere"],
    ["list", "--wave", "T"],
    ["show", FIRST, "--turns", "500-600"],
    ["show", FIRST, "--turns", "500"],
    ["show", "nordbaken_ansat_A01"],
    ["show", "zzzzzzzzzzzzzzzzzz"],
    ["show", "99999999999999999999999"],  # used to end in an OverflowError traceback
]


def through_project(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> Result:
    """Run ``kode ARGS`` with the quick path replaced by the project-and-session one."""
    with monkeypatch.context() as m:
        m.setattr(kode.opening, "_sqlite_reader", kode.opening._session_reader)
        return run_cli(*map(str, args))


def quick(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> Result:
    """Run ``kode ARGS`` as a user does, checking that the quick path answered."""
    used: list[str] = []
    real = kode.opening._sqlite_reader

    def spy(target: str):  # type: ignore[no-untyped-def]
        used.append(target)
        return real(target)

    with monkeypatch.context() as m:
        m.setattr(kode.opening, "_sqlite_reader", spy)
        result = run_cli(*map(str, args))
    assert used, "the quick path was not taken"
    return result


def assert_same(monkeypatch: pytest.MonkeyPatch, project: Path, args: list[str]) -> Result:
    fast = quick(monkeypatch, args[0], project, *args[1:])
    slow = through_project(monkeypatch, args[0], project, *args[1:])
    assert (fast.exit_code, fast.stdout, fast.stderr) == (slow.exit_code, slow.stdout, slow.stderr), args
    return fast


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_output_is_that_of_the_project_path(demo: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    result = assert_same(monkeypatch, demo, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


@pytest.mark.parametrize("args", MISTAKES, ids=" ".join)
def test_mistakes_are_those_of_the_project_path(demo: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    result = assert_same(monkeypatch, demo, args)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ")


def test_filters_spell_values_the_project_way(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = json.loads(quick(monkeypatch, "list", demo, "--site", "SJOEGLIMT", "--format", "json").stdout)
    assert rows and {r["site"] for r in rows} == {"Sjøglimt"}
    [near] = quick(monkeypatch, "show", demo, "nordbaken_ansat_A01").stderr.strip().splitlines()
    assert "did you mean nordbakken_ansatt_A01_T1" in near


def test_a_read_only_copy_reads_alike_and_stays_unchanged(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in ``test_import_bad_data``: the tests may run as root, which writes 0444 files, so the
    read-only check is patched; the file is then opened ``immutable`` for real."""
    monkeypatch.setattr(kode.store, "is_read_only_file", lambda _path: True)
    opened: list[str] = []
    real = kode.store.connect_read_only
    monkeypatch.setattr(kode.store, "connect_read_only", lambda uri: opened.append(uri) or real(uri))
    before = digest(demo)
    for args in (["info", "--format", "json"], ["list", "--format", "csv"], ["show", FIRST, "--format", "json"]):
        assert assert_same(monkeypatch, demo, args).exit_code == 0
    assert opened and all(uri.endswith("?mode=ro&immutable=1") for uri in opened)
    assert digest(demo) == before


def test_the_quick_path_writes_nothing(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with sqlite3.connect(demo) as db:  # checkpoint, so that the file alone holds the project
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(demo)
    for args in (["info"], ["list"], ["show", FIRST]):
        assert quick(monkeypatch, args[0], demo, *args[1:]).exit_code == 0
    assert digest(demo) == before
    for wal in demo.parent.glob("demo.kode-wal"):
        assert wal.stat().st_size == 0


def _break(path: Path, sql: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute(sql)
    db.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (None, "no such project (create one with `kode init"),
        (lambda p: p.mkdir(), "a folder, not a project (a project is a .kode file or a PostgreSQL URL)"),
        (lambda p: p.write_bytes(b""), "not a kode project (the file is empty); left unchanged"),
        (lambda p: p.write_text("hei\n"), "not a kode project (not a SQLite database); left unchanged"),
        (lambda p: _break(p, "CREATE TABLE t (x)"), "not a kode project (a SQLite database without kode's tables)"),
    ],
    ids=["missing", "a folder", "empty", "text", "other database"],
)
def test_files_that_are_no_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], object] | None, message: str
) -> None:
    target = tmp_path / "studie.kode"
    if make is not None:
        make(target)
    before = {p.name: digest(p) for p in tmp_path.iterdir() if p.is_file()}
    for args in (["info"], ["list", "--format", "json"], ["show", "x"]):
        result = assert_same(monkeypatch, target, args)
        assert result.exit_code == 1
        [line] = result.stderr.strip().splitlines()
        assert message in line, line
    assert {p.name: digest(p) for p in tmp_path.iterdir() if p.is_file()} == before


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("UPDATE alembic_version SET version_num = '0001'", "the project schema is older than this kode; run `kode upgrade"),
        ("UPDATE alembic_version SET version_num = '9999'", "the project was written by a newer kode; upgrade kode to open it"),
        ("DELETE FROM alembic_version", "not a kode project (no schema version)"),
        ("DROP TABLE alembic_version", "not a kode project (a SQLite database without kode's tables)"),
    ],
    ids=["older", "newer", "no version", "no version table"],
)
def test_schema_versions_are_checked_alike(
    demo: Path, monkeypatch: pytest.MonkeyPatch, sql: str, message: str
) -> None:
    _break(demo, sql)
    for args in (["info"], ["list"], ["show", FIRST]):
        result = assert_same(monkeypatch, demo, args)
        assert result.exit_code == 1
        [line] = result.stderr.strip().splitlines()
        assert message in line, line


def test_a_damaged_file_is_no_project(tmp_path: Path, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = tmp_path / "damaged.kode"
    damaged.write_bytes(demo.read_bytes()[:100])
    result = assert_same(monkeypatch, damaged, ["info"])
    assert result.stderr.strip() == f"Error: {damaged}: not a kode project (DatabaseError)"


def test_the_language_notice_stays_with_the_commands_that_load_the_language(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback notice comes once per project, after a command that loaded the pipeline
    (``Project.__exit__``); info, list and show never load it, so they neither say nor record it."""
    with Project.open(str(demo)) as p, p.session() as s:
        set_setting(s, MODEL_SETTING, "nb_model_not_installed_for_tests")
    for args in (["info"], ["list"], ["show", FIRST]):
        result = quick(monkeypatch, args[0], demo, *args[1:])
        assert result.exit_code == 0 and result.stderr == ""
    with Project.open(str(demo)) as p, p.session() as s:
        assert get_setting(s, NOTICE_SETTING) != "nb_model_not_installed_for_tests"


def test_filters_narrow_one_statement_twice(project: Project, tmp_path: Path) -> None:
    """The ORM filter is the shared SQL condition: narrowing a subquery and its outer query with
    different filters in one statement keeps each one's values (SQLite and PostgreSQL)."""
    from sqlalchemy import select

    from intervju.models import Interview

    write_transcript(tmp_path / "a", TURNS)
    other = [("Bo" if label == "Åse" else label, f"{text} Sånn er det her.") for label, text in TURNS]
    write_transcript(tmp_path / "b", other, name="Sjøglimt_ungdom_Bo_T1")
    report = project.import_files([tmp_path / "a", tmp_path / "b"])
    assert not report.failed, [r.message for r in report.results]
    with project.session() as s:
        inner = corpus.filtered(select(Interview.id), s, corpus.Filters(sites=["sjoglimt"]))
        outer = corpus.filtered(select(Interview.name), s, corpus.Filters(sites=["Nordbakken", "Sjøglimt"]))
        assert list(s.scalars(outer.where(Interview.id.in_(inner)))) == ["Sjøglimt_ungdom_Bo_T1"]
        rows = corpus.list_interviews(s, corpus.Filters(participants=["Åse"]))
        assert [r.name for r in rows] == [NAME] and rows[0].participants == ["Åse"]
        assert corpus.find_interview(s, NAME.casefold()).name == NAME
        detail = corpus.show_interview(s, NAME, (2, 2))
        assert [t.participant for t in detail.turns] == ["Åse"] and detail.turns[0].text.startswith("Det var rart")


def test_postgresql_answers_as_sqlite_does(project_target: str, tmp_path: Path) -> None:
    """The shared queries over a PostgreSQL session give what the quick path gives over the same
    corpus imported into a SQLite file (names with æøå, manifest attributes, times from .srt)."""
    if "://" not in project_target:
        pytest.skip("PostgreSQL only (set KODE_TEST_PG_URL)")
    outputs = []
    for target in (project_target, str(tmp_path / "studie.kode")):
        p = Project.create(target, sites=["Nordbakken", "Sjøglimt"])
        with p.session() as s:
            set_setting(s, MODEL_SETTING, "nb_model_not_installed_for_tests")
        report = p.import_files([EXAMPLES / "transcripts"], manifest=EXAMPLES / "manifest.csv")
        p.close()
        assert not report.failed, [r.message for r in report.results]
        outputs.append([
            run_cli(*args[:1], target, *args[1:]).stdout
            for args in (["info", "--format", "json"], ["list", "--format", "json"],
                         ["list", "--site", "sjoglimt", "--participant", "U04,U05", "--format", "csv"],
                         ["show", FIRST, "--format", "json"], ["show", "nordbakken_ungdom_U01_T3", "--format", "csv"],
                         ["show", "NORDBAKKEN_UNGDOM_U01_T3", "--turns", "3"])
        ])
    assert outputs[0] == outputs[1]
    listed = {r["name"]: r for r in json.loads(outputs[0][1])}
    assert listed[FIRST]["attributes"] == {"stilling": "miljøterapeut"}
    srt_turns = list(csv.DictReader(io.StringIO(outputs[0][4])))
    assert srt_turns and all(float(t["time"]) >= 0 for t in srt_turns)
    assert outputs[0][5].startswith("nordbakken_ungdom_U01_T3") and "   3 [00:" in outputs[0][5]


def test_a_reader_needs_only_sql_and_parameters(demo: Path) -> None:
    """The shared queries run over a bare ``sqlite3`` connection (what the quick path hands them)."""
    with sqlite3.connect(demo) as db:
        overview = corpus_sql.overview(lambda sql, params: db.execute(sql, params).fetchall())
    db.close()
    assert overview.sites == ["Nordbakken", "Sjøglimt"] and overview.interviews >= 18


@pytest.mark.parametrize("width", [80, 50])
def test_show_text_fits_the_width(demo: Path, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """Each turn wraps with its number and label counted: printed apart from the text, they pushed
    the first line of a turn past the edge (up to 89 columns of 80 in the demo)."""
    monkeypatch.setenv("COLUMNS", str(width))
    shown = quick(monkeypatch, "show", demo, "sjoglimt_ungdom_U04_T3").stdout
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "\n     Intervju med U04, T3\n   1 I: Hei igjen." in shown and "\n   2 IP: [latter] Ja." in shown
    turns = json.loads(quick(monkeypatch, "show", demo, "sjoglimt_ungdom_U04_T3", "--format", "json").stdout)["turns"]
    assert " ".join(shown.split()).count("husmøter") == sum(t["text"].count("husmøter") for t in turns) > 0


def test_names_are_printed_as_they_are(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project's or an interview's name is the user's: never read as rich markup (``[kopi]``
    vanished) nor given the spaces meant for the counts' commas (``studie,2025`` lost its comma)."""
    folder = demo.parent / "[kopi]"
    folder.mkdir()
    project = folder / "studie,2025.kode"
    demo.rename(project)
    _break(project, f"UPDATE interview SET name = 'nordbakken_[rev]_A01' WHERE name = '{FIRST}'")
    monkeypatch.setenv("COLUMNS", "200")
    info = quick(monkeypatch, "info", project).stdout.splitlines()[0]
    assert info.startswith(f"{project}: 28 interviews  18 participants  ")
    shown = quick(monkeypatch, "show", project, "nordbakken_[rev]_A01").stdout.splitlines()[0]
    assert shown == "nordbakken_[rev]_A01  Nordbakken · ansatt · T1 · A01 · 2025-03-12"
