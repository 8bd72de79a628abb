"""The .docx reader reads paragraph text and bold runs from the XML itself: it must read them
exactly as python-docx's ``Paragraph.text``, ``Paragraph.runs`` and ``Run.bold`` do."""

from __future__ import annotations

import docx
import pytest
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

from intervju.readers.docx import _bold_prefix, _paragraph_text, read_docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

PARAGRAPHS = [
    "<w:r><w:rPr><w:b/></w:rPr><w:t>Intervjuer:</w:t></w:r><w:r><w:t xml:space='preserve'> Hei på deg</w:t></w:r>",
    "<w:r><w:rPr><w:b w:val='0'/></w:rPr><w:t>IP:</w:t></w:r><w:r><w:t>tekst</w:t></w:r>",
    "<w:r><w:rPr><w:b w:val='false'/></w:rPr><w:t>IP</w:t></w:r>",
    "<w:r><w:rPr><w:b w:val='off'/></w:rPr><w:t>IP</w:t></w:r>",
    "<w:r><w:rPr><w:b w:val='on'/></w:rPr><w:t>Ansatt 2</w:t></w:r><w:r><w:t> Ja.</w:t></w:r>",
    "<w:r><w:rPr><w:b w:val='1'/><w:i/></w:rPr><w:t>Ungdom</w:t></w:r>"
    "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space='preserve'> </w:t></w:r>"
    "<w:r><w:rPr><w:b/></w:rPr><w:t>U03</w:t></w:r><w:r><w:t>: Å bli trodd på.</w:t></w:r>",
    "<w:r><w:t>Før</w:t><w:tab/><w:t>etter</w:t><w:br/><w:t>ny linje</w:t><w:br w:type='page'/>"
    "<w:t>side</w:t><w:br w:type='column'/><w:br w:type='textWrapping'/><w:cr/><w:noBreakHyphen/>"
    "<w:ptab w:relativeTo='margin' w:alignment='right' w:leader='none'/><w:t/></w:r>",
    "<w:r><w:t>Se </w:t></w:r><w:hyperlink r:id='rId9'><w:r><w:t>lenken</w:t></w:r><w:r><w:tab/></w:r>"
    "</w:hyperlink><w:r><w:t> her</w:t></w:r>",
    "<w:hyperlink r:id='rId9'><w:r><w:rPr><w:b/></w:rPr><w:t>I:</w:t></w:r></w:hyperlink><w:r><w:t>x</w:t></w:r>",
    "<w:ins w:id='1' w:author='a' w:date='2026-01-01T00:00:00Z'><w:r><w:t>innsatt</w:t></w:r></w:ins>"
    "<w:r><w:t>vanlig</w:t></w:r>",
    "<w:r><w:rPr><w:b/></w:rPr></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space='preserve'>  </w:t></w:r>"
    "<w:r><w:t>ikke fet</w:t></w:r>",
    "<w:r><w:t xml:space='preserve'>   </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>I:</w:t></w:r>",
    "<w:r><w:rPr><w:rStyle w:val='Strong'/></w:rPr><w:t>Stilfet</w:t></w:r><w:r><w:t>: tekst</w:t></w:r>",
    "",
]


def _python_docx_bold_prefix(paragraph: Paragraph) -> str:
    parts: list[str] = []
    for run in paragraph.runs:
        if run.bold or (run.text and not run.text.strip() and parts):
            parts.append(run.text)
        elif run.text:
            break
    return "".join(parts)


@pytest.mark.parametrize("inner", PARAGRAPHS)
def test_paragraph_text_and_bold_runs_read_as_python_docx_reads_them(inner: str) -> None:
    document = docx.Document()
    element = parse_xml(f"<w:p {W} {R}>{inner}</w:p>")
    document.element.body.append(element)
    paragraph = Paragraph(element, document)
    text, runs = _paragraph_text(element)
    assert text == paragraph.text
    assert [t for _, t in runs] == [r.text for r in paragraph.runs]
    assert _bold_prefix(runs) == _python_docx_bold_prefix(paragraph)


def test_a_bold_value_python_docx_rejects_is_rejected_the_same_way() -> None:
    from docx.exceptions import InvalidXmlError

    document = docx.Document()
    element = parse_xml(f"<w:p {W}><w:r><w:rPr><w:b w:val='yes'/></w:rPr><w:t>I:</w:t></w:r></w:p>")
    document.element.body.append(element)
    with pytest.raises(InvalidXmlError):
        _ = Paragraph(element, document).runs[0].bold
    with pytest.raises(InvalidXmlError):
        _bold_prefix(_paragraph_text(element)[1])


def test_heading_styles_are_found_by_their_stored_names() -> None:
    import io

    document = docx.Document()
    document.add_heading("Intervju med ansatt", level=1)
    document.add_paragraph("Tittel", style="Title")
    document.add_paragraph("I: Hei.")
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_docx(buffer.getvalue())
    assert read.header == "Intervju med ansatt\nTittel"  # both headings are above the first turn
    assert [(t.label, t.text) for t in read.turns] == [("I", "Hei.")]
