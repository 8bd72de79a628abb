"""Write plain tables to Excel (one sheet per table), CSV or Word, always via a temp file.

- xlsx: one sheet per table, bold frozen header row, an autofilter over the table, column widths
  from the longest line in each column (capped), wrapped text for long cells, shares formatted as
  percent, and print setup (A4 landscape, fit to one page wide, the header row repeated).
- csv: UTF-8 *with* a byte-order mark, so Excel on Windows reads æøå right. Dialect ``excel``:
  comma separated, decimal point; ``excel-nb`` (Norwegian Excel): semicolon separated, decimal comma.
- docx: a human title, a legend, then a numbered caption and a table per matrix table (see
  :mod:`export.docx_util` for the print layout), landscape sections for wide tables.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from export import docx_util
from export.files import atomic_write
from export.labels import Labels
from export.tables import Table

Format = Literal["xlsx", "csv", "docx"]
FORMATS: tuple[Format, ...] = ("xlsx", "csv", "docx")
_SHEET_BAD = re.compile(r"[\[\]\*\?/\\:]")
MAX_WIDTH = 60
MIN_WIDTH = 8


def sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []*?/\\:, unique in the workbook."""
    base = _SHEET_BAD.sub("-", title).strip("'") or "Ark"
    base = base[:31]
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.casefold())
    return name


def _width(values: Sequence[object]) -> int:
    longest = 0
    for v in values:
        if v is None:
            continue
        for line in str(v).split("\n"):
            longest = max(longest, len(line))
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def write_xlsx(tables: Sequence[Table], path: Path, *, lang: str = "nb") -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    def write(tmp: Path) -> None:
        wb = Workbook()
        wb.remove(wb.active)
        used: set[str] = set()
        for table in tables:
            ws = wb.create_sheet(sheet_name(table.sheet or table.title, used))
            ws.append(table.header)
            for row in table.rows:
                ws.append(["" if v is None else v for v in row])
            for cell in ws[1]:
                cell.font = Font(bold=True)
            wrap = Alignment(wrap_text=True, vertical="top")
            for col in range(1, len(table.header) + 1):
                values = [table.header[col - 1], *[r[col - 1] for r in table.rows]]
                ws.column_dimensions[get_column_letter(col)].width = _width(values)
                if any(isinstance(v, str) and ("\n" in v or len(v) > MAX_WIDTH) for v in values):
                    for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                        cell.alignment = wrap
            share = Labels(lang)("share")
            for col, name in enumerate(table.header, 1):
                if name == share:
                    for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                        cell.number_format = "0%"
            ws.freeze_panes = "B2"
            ws.page_setup.orientation = "landscape"
            ws.page_setup.paperSize = ws.PAPERSIZE_A4
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.print_title_rows = "1:1"
            last = get_column_letter(len(table.header))
            ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
        if not tables:
            wb.create_sheet("Ark")
        wb.save(tmp)

    return atomic_write(path, write)


DIALECTS = ("excel", "excel-nb")


def write_csv(table: Table, path: Path, *, dialect: str = "excel") -> Path:
    """``excel``: commas and decimal points; ``excel-nb``: semicolons and decimal commas, the way
    Excel with Norwegian settings reads a CSV file. Both UTF-8 with a byte-order mark."""
    nb = dialect == "excel-nb"

    def value(v: object) -> object:
        if v is None:
            return ""
        if nb and isinstance(v, float):
            return repr(v).replace(".", ",")
        return v

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";" if nb else ",", lineterminator="\r\n")
            writer.writerow(table.header)
            for row in table.rows:
                writer.writerow([value(v) for v in row])

    return atomic_write(path, write)


def write_docx(tables: Sequence[Table], path: Path, L: Labels, title: str, *, legend: Sequence[str] = (),
               author: str = "kode", template: Path | None = None) -> Path:
    doc = docx_util.new_document(lang=L.lang, title=title, subject=title, author=author, template=template)

    def write(tmp: Path) -> None:
        docx_util.page_number_footer(doc, L("page"))
        doc.add_paragraph(title, style="Title")
        if legend:
            docx_util.keep_with_next(doc.add_paragraph(L("legend"), style="Heading 2"))
            for line in legend:
                doc.add_paragraph(line)
        captions = docx_util.Captions(L("caption_table"), L("caption_figure"))
        landscape = False
        for table in tables:
            wide = docx_util.needs_landscape(doc, table.header, table.rows)
            if wide != landscape:
                (docx_util.landscape_section if wide else docx_util.portrait_section)(doc)
                landscape = wide
            captions.add(doc, "table", table.title, keep_next=True)
            docx_util.add_table(doc, table.header, table.rows, font_size=8 if wide else 9, shading=table.shading,
                                fill=table.shading is None)
            doc.add_paragraph()
        doc.save(str(tmp))

    return atomic_write(path, write)
