"""Write plain tables to Excel (one sheet per table), CSV or Word, always via a temp file.

- xlsx: one sheet per table, bold frozen header row, an autofilter over the table, column widths
  from the longest line in each column (capped), wrapped text for long cells.
- csv: UTF-8 *with* a byte-order mark, so Excel on Windows reads æøå right; comma separated.
- docx: a heading and a table per matrix table, header rows repeated on every page, tables with
  seven or more columns in landscape sections, page numbers in the footer.
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


def write_xlsx(tables: Sequence[Table], path: Path) -> Path:
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
            ws.freeze_panes = "B2"
            last = get_column_letter(len(table.header))
            ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
        if not tables:
            wb.create_sheet("Ark")
        wb.save(tmp)

    return atomic_write(path, write)


def write_csv(table: Table, path: Path) -> Path:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(table.header)
            for row in table.rows:
                writer.writerow(["" if v is None else v for v in row])

    return atomic_write(path, write)


def write_docx(tables: Sequence[Table], path: Path, L: Labels, title: str) -> Path:
    from docx import Document

    def write(tmp: Path) -> None:
        doc = Document()
        doc.add_heading(title, level=0)
        docx_util.page_number_footer(doc, L("page"))
        landscape = False
        for table in tables:
            if table.wide != landscape:
                (docx_util.landscape_section if table.wide else docx_util.portrait_section)(doc)
                landscape = table.wide
            doc.add_heading(table.title, level=1)
            if table.note:
                doc.add_paragraph(table.note)
            docx_util.add_table(doc, table.header, table.rows, font_size=8 if table.wide else None)
        doc.save(str(tmp))

    return atomic_write(path, write)
