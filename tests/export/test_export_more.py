"""Focus groups, retired codes, the codebook writer and consensus over all coders."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import export_helpers as h
from docx import Document
from docx.enum.section import WD_ORIENT

from export.codebook_docx import write_codebook_docx
from export.matrices import MatrixFilters, load_dataset, theme_wave
from kode.project import Project


def test_focus_group_segments_belong_to_the_speaker(project: Project) -> None:
    with project.session() as s:
        c = h.code(s, "trygghet", "Trygghet")
        iv = h.interview(s, "Fokus_T1", site="Sjøglimt", group="ansatt", wave="T1", participants=["A11", "A12"],
                         turns=[("I", "Hva gir trygghet?"), ("A11", "Faste rutiner gir trygghet."),
                                ("A12", "Vi snakker om alt.")])
        h.coding(s, iv, c, "Faste rutiner gir trygghet", "kari")
    with project.session() as s:
        ds = load_dataset(s)
        m = theme_wave(ds)
    cell = m.cell("Trygghet", "ansatt", "T1")
    assert (cell.segments, cell.participants, cell.interviewed) == (1, 1, 2)
    assert cell.items[0].participant == "A11"


def test_retired_codes_are_left_out_unless_named(project: Project) -> None:
    with project.session() as s:
        h.code(s, "aktiv", "Aktiv")
        old = h.code(s, "gammel", "Gammel", status="retired")
        h.code(s, "gammel.barn", "Barn av gammel", parent=old)
    with project.session() as s:
        assert [c.name for c in load_dataset(s).codes] == ["Aktiv"]
        named = load_dataset(s, MatrixFilters(codes=["gammel"])).codes
        assert [c.name for c in named] == ["Gammel", "Barn av gammel"]


def test_consensus_without_named_coders_takes_every_coder(study: Project) -> None:
    with study.session() as s:
        m = theme_wave(load_dataset(s, MatrixFilters(consensus=True)))
    assert m.cell("Medvirkning", "ungdom", "T1").segments == 1
    assert m.cell("Trygghet", "ansatt", "T2").segments == 0  # only kari coded it


def test_codebook_docx(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "kodebok.docx"
    with study.session() as s:
        write_codebook_docx(s, out, "en")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    doc = Document(str(out))
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Code", "Definition", "Inclusion", "Exclusion", "Example"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["Medvirkning", "  – Å bli hørt", "Trygghet",
                                                          "Bygg og omgivelser"]
    assert "<w:tblHeader" in doc.element.xml


def test_facade_counts_in_sql_and_falls_back_for_focus_groups(study: Project) -> None:
    m = study.theme_wave_matrix()
    cell = m.cell("Medvirkning", "ungdom", "T1")
    assert (cell.segments, cell.participants, cell.interviewed) == (2, 2, 3)
    assert cell.items == ()  # counts only: the session is closed
    full = study.theme_wave_matrix(with_segments=True)
    assert [s.text for s in full.cell("Medvirkning", "ungdom", "T1").items] == [
        "Jeg får være med å bestemme", "Ingen hører på meg"]
    with study.session() as s:
        iv = h.interview(s, "Fokus_T2", site="Sjøglimt", group="ansatt", wave="T2", participants=["A11", "A12"],
                         turns=[("I", "Og nå?"), ("A12", "Bygget er fint.")])
        ny = h.code(s, "ny", "Ny")
        h.coding(s, iv, ny, "Bygget er fint", "kari")
    m2 = study.theme_wave_matrix()
    assert m2.cell("Ny", "ansatt", "T2").participants == 1  # A12, from the turn (dataset path)
    assert m2.cell("Ny", "ansatt", "T2").interviewed == 3
