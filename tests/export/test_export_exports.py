"""Matrix files: xlsx re-read with openpyxl, csv with its BOM, docx tables; æøå intact everywhere."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from export.files import atomic_write
from export.matrices import MatrixFilters
from export.matrix_export import MatrixOptions, export_matrix
from intervju.errors import InputError
from kode.project import Project


def test_theme_wave_xlsx_has_a_sheet_per_table_frozen_header_and_filter(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "matrise.xlsx"
    with study.session() as s:
        export_matrix(s, "theme-wave", "xlsx", out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    wb = load_workbook(out)
    assert wb.sheetnames == ["Ansatt", "Eier", "Ungdom", "data"]
    ws = wb["Ungdom"]
    assert [c.value for c in ws[1]] == ["Tema", "T1", "T2", "T3", "T1→T2", "T2→T3"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    nb = "\u00a0"  # no-break spaces keep a cell's parts whole
    assert rows["  – Å bli hørt"][1:] == (f"1/3{nb}(33{nb}%) · 1{nb}segm.", f"1/2{nb}(50{nb}%) · 1{nb}segm.",
                                          f"1/2{nb}(50{nb}%) · 1{nb}segm.",
                                          "↑ økte", "→ stabilt")
    assert wb["Eier"]["B2"].value == "ikke intervjuet"
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:F5"
    assert ws.column_dimensions["A"].width >= len("Bygg og omgivelser")
    data = wb["data"]
    header = [c.value for c in data[1]]
    assert header[:9] == ["Tema", "Nivå", "Gruppe", "Sted", "Tidspunkt", "Segmenter", "Deltakere med tema (n)",
                          "Intervjuet (N)", "Andel"]
    # one spelling of group names (the sheets' «Ungdom»), a level column for pivots, shares as percent
    row = next(r for r in data.iter_rows(min_row=2, values_only=True)
               if r[0] == "Å bli hørt" and r[2] == "Ungdom" and r[4] == "T2")
    assert row[1] == "underkode" and row[5:10] == (1, 1, 2, 0.5, "nevnt")
    assert {r[1] for r in data.iter_rows(min_row=2, values_only=True) if r[0] == "Medvirkning"} == {"tema"}
    assert data["I2"].number_format == "0%"
    assert data.page_setup.orientation == "landscape" and data.page_setup.fitToWidth == 1
    assert data.sheet_properties.pageSetUpPr.fitToPage and data.print_title_rows == "$1:$1"


def test_csv_is_utf8_with_bom_and_keeps_aeoeaa(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "matrise.csv"
    with study.session() as s:
        export_matrix(s, "theme-wave", "csv", out, MatrixFilters(sites=["Sjøglimt"]), MatrixOptions(by=("site",)))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "Tema"
    assert ["Å bli hørt", "underkode", "", "Sjøglimt", "T1", "0", "0", "1", "0.0", "ikke nevnt", ""] in rows
    assert any(r[0] == "Medvirkning" and r[4] == "T2" and r[5] == "1" for r in rows)
    # Norwegian Excel: semicolons and decimal commas
    nb = tmp_path / "matrise-nb.csv"
    with study.session() as s:
        export_matrix(s, "theme-wave", "csv", nb, MatrixFilters(sites=["Sjøglimt"]),
                      MatrixOptions(by=("site",), dialect="excel-nb"))
    assert nb.read_bytes().startswith(b"\xef\xbb\xbf")
    nb_rows = list(csv.reader(nb.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert nb_rows[0][0] == "Tema" and len(nb_rows[0]) == 11
    assert ["Å bli hørt", "underkode", "", "Sjøglimt", "T1", "0", "0", "1", "0,0", "ikke nevnt", ""] in nb_rows
    assert any(r[0] == "Medvirkning" and r[4] == "T2" and r[8] == "1,0" for r in nb_rows)


def test_framework_docx_and_by_theme(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "ramme.docx"
    with study.session() as s:
        export_matrix(s, "framework", "docx", out)
        export_matrix(s, "framework", "xlsx", tmp_path / "tema.xlsx", options=MatrixOptions(theme="medvirkning"))
    doc = Document(str(out))
    # Word: one table per theme, participants x waves, short cells (the summary, else the segments)
    assert len(doc.tables) == 3
    medv = doc.tables[0]
    assert [c.text for c in medv.rows[0].cells] == ["Deltaker", "T1", "T2", "T3"]
    u01 = next(r for r in medv.rows if r.cells[0].text == "Ungdom U01")
    assert u01.cells[1].text == "Opplever å få være med å bestemme – også på rommet.\n\n(1 segm.)"
    assert u01.cells[2].text == "«Jeg blir hørt nå»"
    u02 = next(r for r in medv.rows if r.cells[0].text == "Ungdom U02")
    assert u02.cells[2].text == "ikke intervjuet"
    assert "<w:tblHeader" in doc.element.xml
    # a human title in the report's language, a legend, numbered captions; no path, no URL
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "Rammematriser: kode" and "Slik leses tabellene" in paragraphs
    assert "Tabell 1: Rammematrise: Medvirkning" in paragraphs
    assert not any("/" in p or "://" in p for p in paragraphs[:2])
    wb = load_workbook(tmp_path / "tema.xlsx")
    ws = wb[wb.sheetnames[0]]
    assert [c.value for c in ws[1]] == ["Deltaker", "T1", "T2", "T3"]
    u02 = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "Ungdom U02")
    assert u02 == ("Ungdom U02", "«Ingen hører på meg»", "ikke intervjuet", "«Nå hører de på meg»")


def test_cooccurrence_and_trajectory_files(study: Project, tmp_path: Path) -> None:
    with study.session() as s:
        export_matrix(s, "cooccurrence", "xlsx", tmp_path / "co.xlsx")
        export_matrix(s, "trajectory", "csv", tmp_path / "traj.csv")
        export_matrix(s, "trajectory", "docx", tmp_path / "steder.docx", options=MatrixOptions(per="site"))
    wb = load_workbook(tmp_path / "co.xlsx")
    assert wb.sheetnames == ["T1", "T2", "T3", "data"]
    t2 = {r[0]: r for r in wb["T2"].iter_rows(min_row=1, values_only=True)}  # xlsx: every code
    assert t2["Kode"] == ("Kode", "Medvirkning", "Å bli hørt", "Trygghet", "Bygg og omgivelser")
    assert t2["Trygghet"][1:] == (1, 1, 2, 1)
    rows = list(csv.reader((tmp_path / "traj.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert ["U02", "Ungdom", "Nordbakken", "Medvirkning", "tema", "T2", "0", "0", "0", "ikke intervjuet"] in rows
    doc = Document(str(tmp_path / "steder.docx"))
    assert doc.paragraphs[0].text == "Forløp per sted: kode"
    assert [c.text for c in doc.tables[1].rows[1].cells] == ["Medvirkning", "– (0/1)", "✓ 1/1 · 1 segm.", "– (0/1)"]


def test_cooccurrence_docx_is_a_compact_shaded_matrix_of_the_themes(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "co.docx"
    with study.session() as s:
        export_matrix(s, "cooccurrence", "docx", out, options=MatrixOptions(by=()))
    doc = Document(str(out))
    assert len(doc.tables) == 1
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    # the top-level themes only (not «Å bli hørt»), columns numbered like the rows
    assert rows[0] == ["Kode", "1", "2", "3"]
    assert [r[0] for r in rows[1:]] == ["1 Medvirkning", "2 Trygghet", "3 Bygg og omgivelser"]
    xml = doc.tables[0]._tbl.xml
    assert 'w:fill="D9D9D9"' in xml  # the diagonal
    assert "<w:cantSplit" in xml
    assert any("--codes" in p.text for p in doc.paragraphs)  # how to get other codes


def test_english_labels_in_files(study: Project, tmp_path: Path) -> None:
    with study.session() as s:
        export_matrix(s, "theme-wave", "xlsx", tmp_path / "m.xlsx", options=MatrixOptions(lang="en"))
    wb = load_workbook(tmp_path / "m.xlsx")
    assert wb.sheetnames[:3] == ["Staff", "Owner", "Youth"]
    assert wb["Owner"]["B2"].value == "not interviewed"
    assert wb["Youth"]["E2"].value == "↑ increased"


def test_bad_inputs(study: Project, tmp_path: Path) -> None:
    tmp_path = tmp_path / "ut"
    tmp_path.mkdir()
    with study.session() as s:
        with pytest.raises(InputError, match="--kind 'pie'"):
            export_matrix(s, "pie", "xlsx", tmp_path / "x.xlsx")
        with pytest.raises(InputError, match=r"the folder .* does not exist"):
            export_matrix(s, "theme-wave", "xlsx", tmp_path / "nei" / "x.xlsx")
        with pytest.raises(InputError, match="is a folder"):
            export_matrix(s, "theme-wave", "xlsx", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_neither_target_nor_temp(tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    target.write_text("old")

    def broken(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.docx"]
    assert target.read_text() == "old"
