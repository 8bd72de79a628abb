"""python-docx helpers for Word files a report writer can send as they are.

- :func:`new_document`: A4 (unless an institution's template says otherwise), the document
  language (``nb-NO``/``en-GB``, so Word spell-checks in the right language), core properties
  (title, subject, author, created/modified now; never "python-docx", a user name or a path),
  and the styles the writers use, checked at load time so a template lacking one is a one-line error.
- :func:`add_table`: a table in the template's own table style with column widths from its content
  (label columns wide, counts narrow; a column is never narrower than its longest word, so no word
  breaks mid-word), a header row Word repeats on every page, rows that never split across pages,
  and short tables kept whole (long ones keep their first and last rows together, so no page holds
  only one or two rows).
- :class:`Captions`: numbered captions ("Tabell 3", "Figur 2") as ``SEQ`` fields Word renumbers.
- :func:`add_toc`: a table-of-contents field, pre-filled with the headings so it reads right before
  Word updates it.
- :func:`add_picture`: a chart with alt text.
Styles are applied by name, so a user restyles the whole document in Word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from intervju.errors import InputError

TABLE_STYLE = "Light Grid Accent 1"
FALLBACK_TABLE_STYLE = "Table Grid"
WIDE_COLUMNS = 7  # a table with at least this many columns goes in a landscape section
REQUIRED_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Quote", "Caption", "Normal")
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.2)
LANGUAGE_TAGS = {"nb": "nb-NO", "en": "en-GB"}
KEEP_WHOLE_ROWS = 14  # tables with at most this many rows are kept on one page when they fit
_TWIPS_PER_PT = 20
_CELL_PADDING = 2 * 115 + 100  # twips: Word's default left and right cell margins, and air for wide fonts
_WORD = re.compile(r"[^ \t\n]+")  # a no-break space (U+00A0) does not end a word


def _language_tag(lang: str) -> str:
    return LANGUAGE_TAGS.get(lang, lang)


def new_document(*, lang: str, title: str, subject: str, author: str, template: Path | None = None) -> DocumentType:
    """A new document: the template's (or python-docx's default), on A4 unless a template sets the
    page, in the report's language, with the report's properties."""
    from docx import Document

    if template is not None:
        template = Path(template)
        if not template.is_file():
            raise InputError(f"--template {template}: no such file")
        try:
            doc = Document(str(template))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
            raise InputError(f"--template {template}: not a Word .docx file ({type(exc).__name__})") from exc
        missing = [name for name in REQUIRED_STYLES if name not in {s.name for s in doc.styles}]
        if missing:
            raise InputError(f"--template {template}: lacks the styles {', '.join(missing)} (add them in Word)")
        if doc.paragraphs and any(p.text.strip() for p in doc.paragraphs):
            doc.add_page_break()  # the template's own first page (a cover) stays first
    else:
        doc = Document()
        for section in doc.sections:
            section.page_width, section.page_height = A4
            section.orientation = WD_ORIENT.PORTRAIT
            section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    set_language(doc, _language_tag(lang))
    set_properties(doc, title=title, subject=subject, author=author, lang=lang)
    return doc


def set_language(doc: DocumentType, tag: str) -> None:
    """The document's language in the default run properties and every style that names one."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
    settings = doc.settings.element
    theme_font_lang = settings.find(qn("w:themeFontLang"))
    if theme_font_lang is not None:
        theme_font_lang.set(qn("w:val"), tag)


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>kode</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "</Properties>"
)


def set_properties(doc: DocumentType, *, title: str, subject: str, author: str, lang: str) -> None:
    """Core properties a reader (and a document archive) sees; nothing of python-docx's defaults,
    the user account or a file path. The extended properties name kode as the application."""
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = _language_tag(lang)
    props.created = now
    props.modified = now
    props.revision = 1
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.encode("utf-8")


def table_style(document: DocumentType) -> str:
    names = {s.name for s in document.styles}
    return TABLE_STYLE if TABLE_STYLE in names else FALLBACK_TABLE_STYLE


def repeat_header(table: Table) -> None:
    """Mark the first row as a header row that Word repeats on every page (``w:tblHeader``)."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def text_width(document: DocumentType) -> int:
    """The width between the margins of the last section, in twips."""
    section = document.sections[-1]
    width = (section.page_width or A4[0]) - (section.left_margin or 0) - (section.right_margin or 0)
    return int(Emu(width).pt * _TWIPS_PER_PT)


@dataclass
class ColumnPlan:
    widths: list[int]  # twips
    font_size: float  # points
    fits: bool  # every column at least as wide as its longest word


def plan_columns(header: Sequence[str], rows: Sequence[Sequence[Any]], available: int, font_size: float,
                 min_font: float = 7.0, *, fill: bool = True) -> ColumnPlan:
    """Column widths from the content: each column at least its longest word (the header's in bold),
    the rest of the width shared by how much text the column holds (its longest line, capped).

    When the longest words do not fit side by side the font shrinks (down to ``min_font``)."""
    ncols = len(header)
    longest_word = [0.0] * ncols
    longest_line = [0.0] * ncols
    for c, value in enumerate(header):
        text = str(value or "")
        for word in _WORD.findall(text):
            longest_word[c] = max(longest_word[c], len(word) * 1.15)  # bold
        longest_line[c] = max(longest_line[c], max((len(line) * 1.1 for line in text.split("\n")), default=0))
    for row in rows:
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            text = str(value)
            bold = 1.15 if c == 0 else 1.0  # table styles set the first column in bold
            if len(text) < 14 and "\n" not in text and " " not in text:  # a count or a short label
                n = len(text) * bold
                longest_word[c] = max(longest_word[c], n)
                longest_line[c] = max(longest_line[c], n)
                continue
            for word in _WORD.findall(text):
                longest_word[c] = max(longest_word[c], len(word) * bold)
            for line in text.split("\n"):
                longest_line[c] = max(longest_line[c], min(len(line), 60) * bold)
    size = font_size
    while True:
        # an average character, with room for the wider fonts a reader may not have Calibri for
        # (LibreOffice falls back to Carlito or DejaVu Sans)
        char = size * _TWIPS_PER_PT * 0.62
        low = [w * char + _CELL_PADDING for w in longest_word]
        want = [max(lo, min(line, 60) * char + _CELL_PADDING) for lo, line in zip(low, longest_line, strict=True)]
        if sum(low) <= available or size <= min_font:
            break
        size = max(min_font, size - 0.5)
    fits = sum(low) <= available
    if not fits:
        scale = available / sum(low)
        return ColumnPlan([int(w * scale) for w in low], size, False)
    if sum(want) <= available and not fill:
        return ColumnPlan([int(w) for w in want], size, True)
    if sum(want) <= available:
        spare = available - sum(want)
        total = sum(want)
        widths = [w + spare * w / total for w in want]
    else:
        room = available - sum(low)
        extra = sum(want) - sum(low)
        widths = [lo + (wa - lo) * room / extra for lo, wa in zip(low, want, strict=True)]
    return ColumnPlan([int(w) for w in widths], size, True)


def _set(parent: Any, tag: str, **attrs: str) -> Any:
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _keep_with_next(tr: Any) -> None:
    for p in tr.iter(qn("w:p")):
        p_pr = p.get_or_add_pPr()
        _set(p_pr, "w:keepNext")


def add_table(
    document: DocumentType, header: Sequence[str], rows: Sequence[Sequence[Any]], *, font_size: float | None = None,
    shading: Sequence[Sequence[str | None]] | None = None, fill: bool = True,
) -> Table:
    """A table laid out for print (see the module docstring). ``shading``: per body cell an RGB hex
    fill (or None), for heat-map tables. ``fill``: widen the columns to the text width (else each
    column keeps the width its content wants, for compact tables of counts).

    Cells are filled through the XML elements (a run in each cell's paragraph), about twice as fast
    as ``cell.text``, which matters for reports with thousands of cells. Line breaks become ``w:br``.
    """
    plan = plan_columns(header, rows, text_width(document), font_size or 10.0, fill=fill)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = document.styles[table_style(document)]
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    _set(tbl_pr, "w:tblW", w=str(sum(plan.widths)), type="dxa")
    _set(tbl_pr, "w:tblLayout", type="fixed")
    for grid_col, width in zip(tbl.tblGrid.gridCol_lst, plan.widths, strict=True):
        grid_col.set(qn("w:w"), str(width))
    size = Pt(plan.font_size)
    trs = tbl.tr_lst
    for r, (tr, values) in enumerate(zip(trs, [header, *rows], strict=True)):
        tr_pr = tr.get_or_add_trPr()
        _set(tr_pr, "w:cantSplit")
        for c, (tc, value, width) in enumerate(zip(tr.tc_lst, values, plan.widths, strict=True)):
            tc_pr = tc.get_or_add_tcPr()
            _set(tc_pr, "w:tcW", w=str(width), type="dxa")
            if shading is not None and r > 0:
                colour = shading[r - 1][c]
                if colour:
                    _set(tc_pr, "w:shd", val="clear", color="auto", fill=colour)
            if value is None or value == "":
                continue
            run = tc.p_lst[0].add_r()
            run.text = str(value)
            Run(run, None).font.size = size  # type: ignore[arg-type]
    repeat_header(table)
    # short tables stay whole; long ones keep the header with two rows and the last three rows together
    if len(trs) <= KEEP_WHOLE_ROWS + 1:
        for tr in trs[:-1]:
            _keep_with_next(tr)
    else:
        for tr in (*trs[:3], *trs[-3:-1]):
            _keep_with_next(tr)
    return table


_STYLE_IDS: dict[tuple[int, str], str] = {}


def styled(document: DocumentType, text: str, style: str) -> Paragraph:
    """``document.add_paragraph(text, style)`` without python-docx's look-up of the default style on
    every call (a search of the whole style sheet: about 4 ms, seconds over a long report)."""
    key = (id(document.styles.element), style)
    style_id = _STYLE_IDS.get(key)
    if style_id is None:
        style_id = _STYLE_IDS[key] = document.styles[style].style_id
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


def heading(document: DocumentType, text: str, level: int) -> Paragraph:
    return styled(document, text, "Title" if level == 0 else f"Heading {level}")


def keep_with_next(paragraph: Paragraph) -> Paragraph:
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _field(paragraph: Paragraph, instruction: str, result: str) -> None:
    """A complex field (``w:fldChar`` begin/separate/end) with a pre-computed result."""
    def char(kind: str) -> Any:
        run = paragraph.add_run()
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run._r.append(fld)
        return run

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(result)
    char("end")


@dataclass
class Captions:
    """Numbered captions: a ``SEQ`` field per kind (Word's own numbering, updated with F9)."""

    table_label: str
    figure_label: str
    counts: dict[str, int] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)

    def add(self, document: DocumentType, kind: str, text: str, *, keep_next: bool) -> Paragraph:
        label = self.table_label if kind == "table" else self.figure_label
        seq = "Tabell" if kind == "table" else "Figur"
        n = self.counts[kind] = self.counts.get(kind, 0) + 1
        p = styled(document, "", "Caption")
        p.add_run(f"{label} ")
        _field(p, f"SEQ {seq} \\* ARABIC", str(n))
        p.add_run(f": {text}")
        p.paragraph_format.keep_with_next = keep_next
        self.written.append(f"{label} {n}: {text}")
        return p


def add_toc(document: DocumentType) -> Paragraph:
    """Begin a TOC field over heading levels 1–2 here; :func:`fill_toc` closes it once the headings
    are written. ``updateFields`` asks Word to fill in the page numbers when the file opens."""
    p = document.add_paragraph()
    for kind, instruction in (("begin", None), (None, ' TOC \\o "1-2" \\h \\z \\u '), ("separate", None)):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            run._r.append(instr)
    _set(document.settings.element, "w:updateFields", val="true")
    return p


def fill_toc(document: DocumentType, toc: Paragraph, hint: str) -> None:
    """The TOC field's shown result: the level 1–2 headings written after it (so the contents read
    right before Word updates the field), then the field's end."""
    entries: list[tuple[int, str]] = []
    for p in document.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name in ("Heading 1", "Heading 2") and p.text.strip():
            entries.append((int(name[-1]), p.text.strip()))
    anchor = toc._p
    texts = [("    " * (level - 1)) + text for level, text in entries] or [hint]
    last = None
    for text in texts:
        new = OxmlElement("w:p")
        anchor.addnext(new)
        anchor = new
        last = Paragraph(new, toc._parent)
        last.add_run(text)
    assert last is not None
    run = last.add_run()
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    run._r.append(fld)


def add_picture(document: DocumentType, image: Any, width: Any, alt_text: str) -> Paragraph:
    """A picture in its own paragraph with alt text (``wp:docPr/@descr``), kept with its caption."""
    document.add_picture(image, width=width)
    paragraph = document.paragraphs[-1]
    for doc_pr in paragraph._p.iter(qn("wp:docPr")):
        doc_pr.set("descr", alt_text)
        doc_pr.set("title", alt_text[:100])
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


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


def needs_landscape(document: DocumentType, header: Sequence[str], rows: Sequence[Sequence[Any]],
                    font_size: float = 10.0) -> bool:
    """A table goes landscape when it has many columns or its words do not fit a portrait page at 8 pt."""
    counts_only = all(len(str(v)) <= 5 for row in rows for v in row[1:] if v is not None)
    if len(header) >= WIDE_COLUMNS and not counts_only:
        return True
    section = document.sections[-1]
    short_side = min(section.page_width or A4[0], section.page_height or A4[1])
    portrait = int(Emu(short_side - (section.left_margin or 0) - (section.right_margin or 0)).pt * _TWIPS_PER_PT)
    return not plan_columns(header, rows, portrait, font_size, min_font=8.0).fits


def page_number_footer(document: DocumentType, label: str) -> None:
    """``Side N`` centred in the footer of the first section; later sections link to it. A template
    whose footer already holds something keeps its own footer."""
    footer = document.sections[0].footer
    if any(p.text.strip() for p in footer.paragraphs) or footer.tables:
        return
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = 1  # centre
    paragraph.add_run(f"{label} ")
    _field(paragraph, "PAGE", "1")
