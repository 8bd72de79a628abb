"""python-docx helpers: tables in the template's own styles, repeating header rows, landscape
sections and page numbers. Styles are applied by name so users can restyle the document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.run import Run

TABLE_STYLE = "Light Grid Accent 1"
FALLBACK_TABLE_STYLE = "Table Grid"
WIDE_COLUMNS = 7  # a table with at least this many columns goes in a landscape section


def table_style(document: DocumentType) -> str:
    names = {s.name for s in document.styles}
    return TABLE_STYLE if TABLE_STYLE in names else FALLBACK_TABLE_STYLE


def repeat_header(table: Table) -> None:
    """Mark the first row as a header row that Word repeats on every page (``w:tblHeader``)."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def add_table(
    document: DocumentType, header: Sequence[str], rows: Sequence[Sequence[Any]], *, font_size: float | None = None
) -> Table:
    """A table with a repeating header row.

    Cells are filled through the XML elements (a run in each cell's paragraph), about twice as fast
    as ``cell.text``, which matters for reports with thousands of cells. Line breaks become ``w:br``.
    """
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = document.styles[table_style(document)]
    size = Pt(font_size) if font_size else None
    for tr, values in zip(table._tbl.tr_lst, [header, *rows], strict=True):
        for tc, value in zip(tr.tc_lst, values, strict=True):
            if value is None or value == "":
                continue
            r = tc.p_lst[0].add_r()
            r.text = str(value)
            if size is not None:
                Run(r, None).font.size = size  # type: ignore[arg-type]
    repeat_header(table)
    return table


def _orient(document: DocumentType, landscape: bool) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if landscape and width is not None and height is not None and width < height:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
    elif not landscape and width is not None and height is not None and width > height:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = height, width


def landscape_section(document: DocumentType) -> None:
    _orient(document, True)


def portrait_section(document: DocumentType) -> None:
    _orient(document, False)


def page_number_footer(document: DocumentType, label: str) -> None:
    """``Side N`` centred in the footer of the first section; later sections link to it."""
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = 1  # centre
    paragraph.add_run(f"{label} ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
