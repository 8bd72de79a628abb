"""``kode export report`` and ``kode export matrix`` end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from kode.project import Project
from tests.conftest import run_cli


def test_report_end_to_end(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "rapport.docx"
    result = run_cli("export", "report", study.target, "-o", out, "--quotes", "1", "--groups", "ungdom",
                     "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    doc = Document(str(out))
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    # one quote per wave x group of each theme and sub-theme section, one per participant in a section
    assert summary["themes"] == 3 and summary["interviews"] == 7 and summary["quotes"] == len(quotes) == 5
    assert any(p.text == "Temaer" for p in doc.paragraphs)


def test_report_english_with_filters(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    result = run_cli("export", "report", study.target, "-o", out, "--lang", "en", "--codes", "trygghet",
                     "--waves", "T1,T2", "--coder", "kari", "--coder", "ola", "--consensus")
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.stdout
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert any("consensus" in t for t in texts)
    assert "«føler jeg meg trygg» (Youth U01, Nordbakken, T1)" in texts


def test_matrix_formats_from_the_suffix(study: Project, tmp_path: Path) -> None:
    for kind, name in (("theme-wave", "m.xlsx"), ("framework", "f.docx"), ("cooccurrence", "c.csv"),
                       ("trajectory", "t.xlsx")):
        result = run_cli("export", "matrix", study.target, "--kind", kind, "-o", tmp_path / name, "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["kind"] == kind
    assert load_workbook(tmp_path / "m.xlsx").sheetnames == ["Ansatt", "Eier", "Ungdom", "data"]
    result = run_cli("export", "matrix", study.target, "--kind", "theme-wave", "--by", "site", "--format", "xlsx",
                     "-o", tmp_path / "steder.xlsx")
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "steder.xlsx").sheetnames == ["Nordbakken", "Sjøglimt", "data"]


def test_bad_inputs_are_one_line_errors_and_leave_nothing(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    cases = [
        (["export", "matrix", study.target, "--codes", "ukjent", "-o", out / "m.xlsx"], "--codes 'ukjent'"),
        (["export", "matrix", study.target, "--groups", "foreldre", "-o", out / "m.xlsx"], "--groups 'foreldre'"),
        (["export", "report", study.target, "--coder", "per", "-o", out / "r.docx"], "--coder 'per'"),
        (["export", "matrix", study.target, "-o", out / "m.pdf"], "-o "),
        (["export", "report", study.target, "-o", out / "mangler" / "r.docx"], "does not exist"),
        (["export", "report", study.target, "--coder", "kari", "--consensus", "-o", out / "r.docx"],
         "--consensus needs"),
        (["export", "matrix", study.target, "--kind", "cooccurrence", "--by", "site", "-o", out / "c.csv"],
         "--by 'site'"),
        (["export", "report", tmp_path / "finnes-ikke.kode", "-o", out / "r.docx"], "no such project"),
    ]
    for args, message in cases:
        result = run_cli(*args)
        assert result.exit_code == 1, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], result.stderr
    assert list(out.iterdir()) == []
