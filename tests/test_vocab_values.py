"""A site, group or wave whose name holds a semicolon (and æøå) survives every export.

Checked because ``;`` separates values in some of kode's own texts (the manifest's speakers
column, a focus group's ``participants`` variable in REFI-QDA, the report's filter line) and is
the delimiter of the Norwegian CSV dialect. None of those stores a vocabulary value in a joined
list: CSV quotes the field, REFI-QDA keeps each value in its own element, Word writes the text.
A comma is the one character a name cannot hold (command lines take comma-separated lists), so
``kode vocab --add-site`` says it splits at commas.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import docx

from tests.conftest import EXAMPLES, run_cli

SITE, GROUP, WAVE = "Ny;plass på Ørland", "ung;dom", "T;4"


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "studie.kode"
    assert run_cli("init", project, "--sites", "Nordbakken", "--coder", "kh").exit_code == 0
    added = run_cli("vocab", project, "--add-site", SITE, "--add-group", GROUP, "--add-wave", WAVE, "--format", "json")
    assert added.exit_code == 0, added.stderr
    assert json.loads(added.stdout)["sites"] == ["Nordbakken", SITE]
    shutil.copy(EXAMPLES / "transcripts" / "nordbakken_ungdom_U02_T1.txt", tmp_path / "intervju.txt")
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["file", "site", "group", "participant", "wave"],
                                  ["intervju.txt", SITE, GROUP, "U02", WAVE]])
    imported = run_cli("import", project, tmp_path / "intervju.txt", "--manifest", manifest)
    assert imported.exit_code == 0, imported.stderr
    assert run_cli("codebook", "load", project, EXAMPLES / "kodebok.yml").exit_code == 0
    assert run_cli("code", project, "intervju", "--code", "Medvirkning", "--turn", "2").exit_code == 0
    return project


def test_a_semicolon_in_a_site_group_and_wave_round_trips(tmp_path: Path) -> None:
    project = _project(tmp_path)
    listed = json.loads(run_cli("list", project, "--site", SITE, "--format", "json").stdout)
    assert [(r["site"], r["group"], r["wave"]) for r in listed] == [(SITE, GROUP, WAVE)]

    for dialect, delimiter in (("excel", ","), ("excel-nb", ";")):
        out = tmp_path / f"matrise-{dialect}.csv"
        result = run_cli("export", "matrix", project, "-o", out, "--by", "site", "--dialect", dialect)
        assert result.exit_code == 0, result.stderr
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=delimiter))
        width = len(rows[0])
        assert all(len(row) == width for row in rows)  # no value spilled into a column of its own
        assert any(SITE in row and WAVE in row for row in rows[1:])

    qdpx = tmp_path / "studie.qdpx"
    assert run_cli("export", "qdpx", project, "-o", qdpx).exit_code == 0
    other = tmp_path / "kopi.kode"
    assert run_cli("init", other, "--sites", SITE, "--groups", GROUP, "--waves", WAVE, "--coder", "kh").exit_code == 0
    back = run_cli("import-qdpx", other, qdpx)
    assert back.exit_code == 0, back.stderr
    copied = json.loads(run_cli("list", other, "--format", "json").stdout)
    assert [(r["site"], r["group"], r["wave"], r["participants"]) for r in copied] == [
        (SITE, GROUP, WAVE, listed[0]["participants"])]

    report = tmp_path / "rapport.docx"
    result = run_cli("export", "report", project, "-o", report, "--sites", SITE)
    assert result.exit_code == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    text += "\n".join(c.text for t in docx.Document(str(report)).tables for r in t.rows for c in r.cells)
    assert SITE in text


def test_vocab_says_that_a_comma_separates_names() -> None:
    result = run_cli("vocab", "--help")
    assert "comma separated" in result.stdout
