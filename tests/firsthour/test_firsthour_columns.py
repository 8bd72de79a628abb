"""Listings fit an 80-column SSH terminal; csv and json stay complete."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from kode.fit import Col, ellipsize, fit_columns, render_table
from tests.conftest import run_cli

LONG_MEMO = ("Ungdommene på Sjøglimt sier at DBT-ferdighetene hjelper når kvelden blir vanskelig, "
             "særlig de som har bodd her lenge; å øve på dem i miljøet teller mer enn gruppene.")


@pytest.fixture
def busy_demo(demo: Path) -> Path:
    """The demo with suggestions and a long memo, so that every listing has long cells."""
    assert run_cli("autocode", str(demo), "--coder", "kh").exit_code == 0
    assert run_cli("memo", "add", str(demo), "--coder", "kh", "--code", "DBT", "--title", "Kveldene",
                   "--text", LONG_MEMO).exit_code == 0
    return demo


LISTINGS = [
    ("list",),
    ("codings",),
    ("log",),
    ("memo", "list"),
    ("suggestions",),
    ("search", "hjem"),
    ("search", "medvirke", "--scope", "turn", "--speaker", "all"),
]


@pytest.mark.parametrize("command", LISTINGS, ids=lambda c: " ".join(c))
def test_listings_fit_80_columns(busy_demo: Path, command: tuple[str, ...],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli(command[0], *command[1:2] if command[0] == "memo" else (), str(busy_demo),
                     *command[2:] if command[0] == "memo" else command[1:])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 3
    too_wide = [line for line in lines if len(line) > 80]
    assert too_wide == []
    whole = {  # what must not be broken over lines
        "list": r"nordbakken_ansatt_A01_T1 +Nordbakken +ansatt +T1",
        "log": r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +demo +import",
        "suggestions": r"^ *id +code +",
        "codings": r"^ *id +code +interview",
    }.get(command[0])
    if whole:
        assert re.search(whole, result.stdout, re.M), result.stdout[:400]


def test_codings_cut_names_with_an_ellipsis_and_wrap_only_text(busy_demo: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run_cli("codings", str(busy_demo)).stdout
    rows = out.splitlines()[3:]
    assert any("…" in row.split("  ")[1] for row in rows if row[:3].strip().isdigit())  # a code path cut
    continuation = [row for row in rows if not row[:3].strip()]
    assert continuation  # the text wraps onto lines of its own …
    text_at = out.splitlines()[1].rindex(" ") + 1
    assert all(not row[:text_at].strip() for row in continuation)  # … and nothing else does


def test_memo_text_wraps_whole_with_norwegian_letters(busy_demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run_cli("memo", "list", str(busy_demo)).stdout
    header = out.splitlines()[1]
    text_at = header.index("memo")
    wrapped = " ".join(line[text_at:].strip() for line in out.splitlines()[3:])
    assert wrapped == f"Kveldene: {LONG_MEMO}"


def test_csv_and_json_stay_complete(busy_demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    listed = list(csv.reader(io.StringIO(run_cli("list", str(busy_demo), "--format", "csv").stdout)))
    assert listed[0] == ["interview", "site", "group", "wave", "participants", "date", "words", "turns", "format"]
    assert "sjoglimt_ansatt_fokusgruppe_T2" in {row[0] for row in listed}
    memos = list(csv.DictReader(io.StringIO(run_cli("memo", "list", str(busy_demo), "--format", "csv").stdout)))
    assert memos[0]["text"] == LONG_MEMO
    codings = json.loads(run_cli("codings", str(busy_demo), "--format", "json").stdout)
    assert max(len(c["code"]) for c in codings) > 60  # whole paths, never cut
    hits = list(csv.DictReader(io.StringIO(run_cli("search", str(busy_demo), "hjem", "--format", "csv").stdout)))
    assert all(len(h["left"]) >= 40 or not h["left"].startswith("…") for h in hits)


def test_fit_drops_by_priority_and_keeps_fixed_columns_whole() -> None:
    columns = [Col("id", "fixed"), Col("name", min=6), Col("when", "fixed", drop=1), Col("where", drop=2),
               Col("text", "text", min=10)]
    rows = [["12", "a_very_long_interview_name", "2026-05-01 12:00", "Sjøglimt", "ord " * 30]]
    shown, _ = fit_columns(columns, rows, 40)
    assert [columns[i].header for i in shown] == ["id", "name", "where", "text"]  # "when" went first
    lines = render_table(columns, rows, 40)
    assert all(len(line) <= 40 for line in lines)
    assert lines[2].startswith("12  ") and "…" in lines[2]
    shown, _ = fit_columns(columns, rows, 30)
    assert [columns[i].header for i in shown] == ["id", "name", "text"]


def test_ellipsize_keeps_the_end_of_a_code_path() -> None:
    assert ellipsize("Organisering og kompetanse/Bemanning", 11, keep="end") == "…/Bemanning"
    assert ellipsize("nordbakken_ungdom_U01_T1", 12) == "nordbakken_…"
    assert ellipsize("kort", 12) == "kort"
