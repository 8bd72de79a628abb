"""The Word report re-opened with python-docx: tables cell by cell against the matrix, the XML
features (landscape, repeated header rows, page numbers), both languages, æøå."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from export.labels import Labels
from export.matrices import MatrixFilters, load_dataset, theme_wave
from export.report import AgreementRow, ReportOptions, build_report, typical_quotes
from kode.project import Project


def _tables(path: Path) -> list[list[list[str]]]:
    doc = Document(str(path))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def test_report_tables_match_the_matrix_cell_by_cell(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "rapport.docx"
    with study.session() as s:
        summary = build_report(s, out, MatrixFilters(), ReportOptions(quotes=2), project_name="studie")
        m = theme_wave(load_dataset(s), by=("group",))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    docx_tables = _tables(out)
    assert len(docx_tables) == len(summary.tables) + 1  # + the codebook appendix
    for written, read in zip(summary.tables, docx_tables, strict=False):
        assert read[0] == [str(h) for h in written.header]
        assert read[1:] == [["" if v is None else str(v) for v in row] for row in written.rows]
    L = Labels("nb")
    # the theme table for Medvirkning: one row per group with interviews, cells n/N (share) · segments
    medv = docx_tables[[t.title for t in summary.tables].index("Medvirkning etter informantgruppe")]
    assert [r[0] for r in medv] == ["Gruppe", "Ansatt", "Ungdom"]  # owners: never interviewed, no row
    ung = medv[-1]
    for i, wave in enumerate(m.waves, 1):
        cell = m.cell("Medvirkning", "ungdom", wave)
        assert ung[i] == (f"{cell.participants}/{cell.interviewed}\u00a0({L.percent(cell.share)}) · "
                          f"{cell.segments}\u00a0segm.")
    assert ung[4] == "↑ økte" and ung[5] == "→ stabilt"
    # corpus table: totals
    corpus = docx_tables[0]
    assert corpus[0] == ["Sted", "Gruppe", "Tidspunkt", "Intervjuer", "Deltakere", "Ord"]
    assert corpus[-1][:5] == ["Totalt", "", "", "10", "5"]
    row = corpus[[r[:3] for r in corpus].index(["Sjøglimt", "Ungdom", "T2"])]
    assert row[:5] == ["Sjøglimt", "Ungdom", "T2", "1", "1"]


def test_report_structure_styles_quotes_and_xml(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "rapport.docx"
    agreement = [AgreementRow("Medvirkning", 87.5, 0.71, 0.7), ("Trygghet", 90.0, None, 0.8)]
    with study.session() as s:
        build_report(s, out, MatrixFilters(), ReportOptions(quotes=3, agreement=agreement))
    doc = Document(str(out))
    styles = [p.style.name for p in doc.paragraphs]
    assert "Title" in styles and "Heading 1" in styles and "Heading 2" in styles and "Quote" in styles
    texts = [p.text for p in doc.paragraphs]
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert "«Ingen hører på meg» (Ungdom U02, Nordbakken, T1)" in quotes
    assert all("_T" not in q for q in quotes)  # interview names never appear in attributions
    assert any("Går fra å bli spurt til å bestemme selv" in c.text for t in doc.tables for r in t.rows
               for c in r.cells)
    assert any(t.startswith("Endring mellom to påfølgende tidspunkter") for t in texts)
    # the pipeline id in words
    assert any("språkmodell: spaCy, reserveløsning med Norsk ordbank (10 intervjuer)" in t for t in texts)
    assert any(r.cells[0].text == "Medvirkning" and r.cells[2].text == "0,71" for t in doc.tables for r in t.rows)
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in doc.sections)
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE  # codebook appendix
    body = doc.element.xml
    assert body.count("<w:tblHeader") == len(doc.tables)
    assert "<w:pgSz" in body and 'w:orient="landscape"' in body
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer
    assert len(doc.inline_shapes) == 3  # one chart per theme; a sub-theme has its table and quotes
    codebook = doc.tables[-1]
    assert [c.text for c in codebook.rows[0].cells] == ["Kode", "Definisjon", "Inkludering", "Ekskludering",
                                                       "Eksempel"]
    assert [c.text for c in codebook.rows[1].cells] == [
        "Medvirkning", "Å ha noe å si i egen hverdag.", "Ungdom forteller om å bli spurt.", "Tvang.",
        "Jeg får bestemme."]
    assert codebook.rows[2].cells[0].text == "  – Å bli hørt"


def test_report_in_english(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    with study.session() as s:
        build_report(s, out, MatrixFilters(groups=["ungdom"]), ReportOptions(lang="en", quotes=1))
    doc = Document(str(out))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads == ["Data", "Method", "Overview: themes over time", "Themes", "Appendix: Codebook"]
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert quotes and all("(Youth " in q for q in quotes)
    assert any(c.text == "↑ increased" for t in doc.tables for r in t.rows for c in r.cells)
    assert any(c.text == "not interviewed" for t in doc.tables for r in t.rows for c in r.cells)


def test_quotes_are_spread_over_waves_and_groups_and_chosen_by_content() -> None:
    from export.matrices import Segment

    def seg(p: str, wave: str, group: str, text: str) -> Segment:
        return Segment("x", f"iv{p}{wave}", 1, p, wave, group, "Nordbakken", 0, len(text), text, ("kari",))

    common = "Jeg får være med og bestemme hvordan rommet mitt skal være nå"
    segs = [
        seg("U01", "T1", "ungdom", common),
        seg("U02", "T1", "ungdom", "Maten smaker godt om kvelden, men frokosten er ganske kjedelig " * 3),
        seg("U03", "T1", "ungdom", "Jeg får bestemme litt over rommet mitt, og være med på møtene nå"),
        seg("A01", "T1", "ansatt", "Ungdommene får være med og bestemme hvordan rommet skal være"),
        seg("U01", "T2", "ungdom", "Jeg bestemmer mer selv hvordan rommet mitt skal være"),
        seg("U04", "T3", "ungdom", "Nå får jeg være med og bestemme det meste her på rommet mitt"),
    ]
    pids = [1, 2, 3, 4, 1, 5]
    chosen = typical_quotes(segs, pids, 1, ["T1", "T2", "T3"], ["ansatt", "ungdom"])
    # one per wave x group in the project's order; in T1 youth the typical U01 (shares words with the
    # others), not U02's long text about food; U01 is used, so T2 youth has no other quote
    assert [(s.participant, s.wave, s.group) for s in chosen] == [
        ("A01", "T1", "ansatt"), ("U01", "T1", "ungdom"), ("U04", "T3", "ungdom")]
    two = typical_quotes(segs, pids, 2, ["T1", "T2", "T3"], ["ansatt", "ungdom"])
    assert [(s.participant, s.wave) for s in two if s.group == "ungdom" and s.wave == "T1"] == [
        ("U01", "T1"), ("U03", "T1")]
    assert typical_quotes(segs, [None] * 6, 3, ["T1"]) == []


def test_report_unwritable_target_leaves_nothing(study: Project, tmp_path: Path) -> None:
    from intervju.errors import InputError

    locked = tmp_path / "låst"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with study.session() as s, pytest.raises(InputError, match="not writable"):
            build_report(s, locked / "r.docx")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
    with study.session() as s, pytest.raises(InputError, match="does not exist"):
        build_report(s, tmp_path / "mangler" / "r.docx")


def test_quotes_leave_out_cut_words() -> None:
    from export.matrices import Segment
    from export.report import quote_text

    text = "Jeg får være med å bestemme her."
    def seg(start: int, end: int) -> Segment:
        return Segment("x", "iv", 1, "U01", "T1", "ungdom", "Nordbakken", start, end, text[start:end], ("kari",))

    assert quote_text(seg(0, 27), text) == "Jeg får være med å bestemme"
    assert quote_text(seg(1, 20), text) == "…får være med å…"  # «eg» and «bes» are cut words
    assert quote_text(seg(4, 31), text, limit=12) == "får være…"


def test_agreement_in_the_report_covers_the_reports_selection(study: Project, tmp_path: Path) -> None:
    """kari and ola both coded U01_T1 (Nordbakken) only: a report on Sjøglimt, or on staff, has no
    interview both coded, so it states no agreement instead of the whole project's."""
    from export.report_agreement import agreement_rows

    with study.session() as s:
        whole = agreement_rows(s, "nb")
        assert whole and whole[-1].code.startswith("Totalt")
        assert agreement_rows(s, "nb", MatrixFilters(sites=["Sjøglimt"])) == []
        assert agreement_rows(s, "nb", MatrixFilters(groups=["ansatt"])) == []
        assert agreement_rows(s, "nb", MatrixFilters(sites=["Nordbakken"], waves=["T1"])) == whole
        # a code filter keeps only that code's figures
        only = agreement_rows(s, "nb", MatrixFilters(codes=["trygghet"]))
        assert [r.code for r in only[:-1]] == ["Trygghet"]
    out = tmp_path / "sjoglimt.docx"
    study.export_report(out, MatrixFilters(sites=["Sjøglimt"]))
    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name.startswith("Heading")]
    assert "Samsvar mellom kodere" not in headings
    study.export_report(out, MatrixFilters())
    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name.startswith("Heading")]
    assert "Samsvar mellom kodere" in headings
