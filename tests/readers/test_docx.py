from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument

from intervju.readers import RawTurn, ReadError, read_transcript, read_transcript_bytes

ToBytes = Callable[[DocxDocument], bytes]
BoldLabel = Callable[[DocxDocument, str, str], None]
TwoColumns = Callable[[DocxDocument, Sequence[tuple[str, str]]], None]


def test_colon_labels_title_and_continuations(new_document: DocxDocument, docx_bytes: ToBytes) -> None:
    d = new_document
    d.add_paragraph("Intervju med eier, Lunde, T2")
    d.add_paragraph("")
    d.add_paragraph("I: [00:00:03] Hva er målgruppen?")
    d.add_paragraph("IP: Ungdom med sammensatte behov.")
    d.add_paragraph("   ")
    d.add_paragraph("Både barnevern og psykisk helse (utydelig).")
    d.add_paragraph("Intervjuer: Og varigheten? (00:45)")
    read = read_transcript_bytes(docx_bytes(d), ".docx")
    turns = read.turns
    assert read.header == "Intervju med eier, Lunde, T2"  # the title is the header, not a turn
    assert turns == [
        RawTurn("I", "Hva er målgruppen?", 3.0),
        RawTurn(
            "IP",
            "Ungdom med sammensatte behov.\nBåde barnevern og psykisk helse (utydelig).",
        ),
        RawTurn("Intervjuer", "Og varigheten?", 45.0),
    ]


def test_bold_run_labels_with_and_without_colon(
    new_document: DocxDocument, docx_bytes: ToBytes, bold_label_paragraph: BoldLabel
) -> None:
    d = new_document
    bold_label_paragraph(d, "Intervjuer:", " Hvordan er samarbeidet?")
    bold_label_paragraph(d, "Ansatt 2", " Det er bedre nå.")
    d.add_paragraph("Vi har felles møter.")
    bold_label_paragraph(d, "Intervjuer", ": Med BUP?")
    bold_label_paragraph(d, "Ansatt 2", " Ja.")
    turns = read_transcript_bytes(docx_bytes(d), ".docx").turns
    assert turns == [
        RawTurn("Intervjuer", "Hvordan er samarbeidet?"),
        RawTurn("Ansatt 2", "Det er bedre nå.\nVi har felles møter."),
        RawTurn("Intervjuer", "Med BUP?"),
        RawTurn("Ansatt 2", "Ja."),
    ]


def test_a_bold_label_used_once_counts_when_bold_labels_are_the_convention(
    new_document: DocxDocument, docx_bytes: ToBytes, bold_label_paragraph: BoldLabel
) -> None:
    bold_label_paragraph(new_document, "Intervjuer", " Hva betyr ærlighet for deg?")
    bold_label_paragraph(new_document, "Ungdom:", " Å bli trodd på.")
    turns = read_transcript_bytes(docx_bytes(new_document), ".docx").turns
    assert turns == [
        RawTurn("Intervjuer", "Hva betyr ærlighet for deg?"),
        RawTurn("Ungdom", "Å bli trodd på."),
    ]


def test_bold_emphasis_is_not_a_label(
    new_document: DocxDocument, docx_bytes: ToBytes, bold_label_paragraph: BoldLabel
) -> None:
    d = new_document
    d.add_paragraph("IP: Jeg trodde det var vanskelig.")
    bold_label_paragraph(d, "Aldri", " hadde jeg trodd det.")  # once, no colon: emphasis
    p = d.add_paragraph()
    p.add_run("Bakgrunn").bold = True  # a bold line on its own: a heading
    turns = read_transcript_bytes(docx_bytes(d), ".docx").turns
    assert turns == [
        RawTurn("IP", "Jeg trodde det var vanskelig.\nAldri hadde jeg trodd det.\nBakgrunn"),
    ]


def test_heading_style_starts_an_unlabelled_turn(new_document: DocxDocument, docx_bytes: ToBytes) -> None:
    d = new_document
    d.add_heading("Intervju T1", level=1)
    d.add_paragraph("I: Hei")
    d.add_heading("Del 2: Bygg og omgivelser", level=2)
    d.add_paragraph("I: Hva med bygget?")
    read = read_transcript_bytes(docx_bytes(d), ".docx")
    turns = read.turns
    assert read.header == "Intervju T1"  # above the first turn: the header; later headings are turns
    assert turns == [
        RawTurn("I", "Hei"),
        RawTurn(None, "Del 2: Bygg og omgivelser"),
        RawTurn("I", "Hva med bygget?"),
    ]


def test_two_column_table_in_document_order(
    new_document: DocxDocument, docx_bytes: ToBytes, two_column_table: TwoColumns
) -> None:
    d = new_document
    d.add_paragraph("Fokusgruppe, ansatte Bodø")
    two_column_table(
        d,
        [
            ("Taler", "Utsagn"),
            ("I:", "Hvordan brukes DBT?"),
            ("Ansatt 1", "Vi bruker ferdighetstrening."),
            ("", "Hver uke."),
            ("Ansatt 2", "[00:03:10] Og OEM i hverdagen."),
        ],
    )
    d.add_paragraph("I: Takk for praten.")
    read = read_transcript_bytes(docx_bytes(d), ".docx")
    turns = read.turns
    assert read.header == "Fokusgruppe, ansatte Bodø\nTaler\nUtsagn"
    assert turns == [
        RawTurn("I", "Hvordan brukes DBT?"),
        RawTurn("Ansatt 1", "Vi bruker ferdighetstrening.\nHver uke."),
        RawTurn("Ansatt 2", "Og OEM i hverdagen.", 190.0),
        RawTurn("I", "Takk for praten."),
    ]


def test_a_first_row_speaker_that_looks_like_a_title_is_still_a_speaker(
    new_document: DocxDocument, docx_bytes: ToBytes, two_column_table: TwoColumns
) -> None:
    two_column_table(new_document, [("Deltaker", "Jeg begynner."), ("I", "Takk.")])
    turns = read_transcript_bytes(docx_bytes(new_document), ".docx").turns
    assert turns == [RawTurn("Deltaker", "Jeg begynner."), RawTurn("I", "Takk.")]


def test_three_column_table_with_times(new_document: DocxDocument, docx_bytes: ToBytes) -> None:
    table = new_document.add_table(rows=0, cols=3)
    for row in [("00:00:01", "I", "Hei"), ("00:00:04", "U03", "Hei.\nJeg heter U03.")]:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    turns = read_transcript_bytes(docx_bytes(new_document), ".docx").turns
    assert turns == [
        RawTurn("I", "Hei", 1.0),
        RawTurn("U03", "Hei.\nJeg heter U03.", 4.0),
    ]


def test_table_that_is_not_a_transcript_keeps_its_text(
    new_document: DocxDocument, docx_bytes: ToBytes, two_column_table: TwoColumns
) -> None:
    two_column_table(
        new_document,
        [("Dette er en lang beskrivelse av noe helt annet, ikke en taler", "x")],
    )
    turns = read_transcript_bytes(docx_bytes(new_document), ".docx").turns
    assert turns == [RawTurn(None, "Dette er en lang beskrivelse av noe helt annet, ikke en taler\nx")]


def test_headers_and_footers_are_ignored(new_document: DocxDocument, tmp_path: Path, docx_bytes: ToBytes) -> None:
    d = new_document
    section = d.sections[0]
    section.header.paragraphs[0].text = "KONFIDENSIELT – I: ikke en tur"
    section.footer.paragraphs[0].text = "Side 1"
    d.add_paragraph("I: Hei")
    d.add_paragraph("IP: Hei")
    path = tmp_path / "Intervju.DOCX"
    path.write_bytes(docx_bytes(d))
    result = read_transcript(path)
    assert result.format == "docx"
    assert result.encoding is None
    assert result.turns == [RawTurn("I", "Hei"), RawTurn("IP", "Hei")]


def test_line_breaks_and_odd_characters(new_document: DocxDocument, docx_bytes: ToBytes) -> None:
    p = new_document.add_paragraph("I: Første linje\u00a0  ")
    p.add_run().add_break()
    p.add_run("andre\u200b linje")
    new_document.add_paragraph("IP: e\u0301n gang")  # decomposed é
    turns = read_transcript_bytes(docx_bytes(new_document), ".docx").turns
    assert turns == [
        RawTurn("I", "Første linje\nandre linje"),
        RawTurn("IP", "\u00e9n gang"),
    ]


def _zip_with(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (
            b"\x8f\x01random bytes that are not a zip" * 10,
            r"not a Word document \(bad zip\)",
        ),
        (_zip_with("hello.txt", b"hi"), "not a Word document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, r"old Word \.doc"),
    ],
)
def test_not_a_docx(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        read_transcript_bytes(data, ".docx")


def test_other_office_files_are_named() -> None:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with pytest.raises(ReadError, match=r"^not a Word document \(an Excel workbook\)$"):
        read_transcript_bytes(buffer.getvalue(), ".docx")


def test_truncated_docx(new_document: DocxDocument, docx_bytes: ToBytes) -> None:
    new_document.add_paragraph("I: Hei")
    data = docx_bytes(new_document)
    for cut in (len(data) // 2, len(data) - 30, 200):
        with pytest.raises(ReadError, match="not a Word document|damaged"):
            read_transcript_bytes(data[:cut], ".docx")


def test_docx_with_no_text(new_document: DocxDocument, docx_bytes: ToBytes) -> None:
    new_document.add_paragraph("")
    new_document.add_paragraph("   ")
    new_document.sections[0].header.paragraphs[0].text = "Bare topptekst"
    with pytest.raises(ReadError, match="no text"):
        read_transcript_bytes(docx_bytes(new_document), ".docx")


def test_random_bytes_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ReadError, match="bad zip"):
        read_transcript(path)


def test_content_controls_are_read(new_document: DocxDocument, docx_bytes: ToBytes) -> None:
    """Paragraphs inside a block content control (w:sdt) are part of the body."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    before = new_document.add_paragraph("I: Før")
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>IP: Inni</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    before._p.addnext(sdt)
    new_document.add_paragraph("I: Etter")
    turns = read_transcript_bytes(docx_bytes(new_document), ".docx").turns
    assert [t.text for t in turns] == ["Før", "Inni", "Etter"]


def test_docx_module_is_python_docx() -> None:
    """Our module is called docx too; make sure `import docx` still finds python-docx."""
    assert hasattr(docx, "Document")
