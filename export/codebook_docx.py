"""The codebook as a Word table (code, definition, inclusion, exclusion, example): the report's
appendix, and ``kode codebook export --format docx``."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentType
from sqlalchemy.orm import Session

from export import docx_util
from export.files import atomic_write
from export.labels import Labels
from export.matrices.data import _code_rows


def codebook_rows(session: Session, lang: str = "nb") -> list[list[str]]:
    L = Labels(lang)
    codes, statuses = _code_rows(session)
    rows = []
    for c in codes:
        name = ("  " * c.depth + "– " if c.depth else "") + c.name
        if statuses.get(c.id) == "retired":
            name += f" ({L('retired')})"
        rows.append([name, c.definition or "", c.inclusion or "", c.exclusion or "", "\n".join(c.examples)])
    return rows


def add_codebook_table(document: DocumentType, session: Session, lang: str = "nb") -> None:
    """Append the codebook table (header row repeated on every page) to ``document``."""
    L = Labels(lang)
    header = [L("code"), L("definition"), L("inclusion"), L("exclusion"), L("example")]
    docx_util.add_table(document, header, codebook_rows(session, lang), font_size=9)


def write_codebook_docx(session: Session, path: Path, lang: str = "nb") -> Path:
    """A Word file with the codebook table in a landscape A4 section; written via a temp file, 0600."""
    L = Labels(lang)
    title = L("appendix_codebook").split(": ", 1)[-1]

    def write(tmp: Path) -> None:
        doc = docx_util.new_document(lang=lang, title=title, subject=title, author="kode")
        docx_util.page_number_footer(doc, L("page"))
        section = doc.sections[0]
        if section.page_width and section.page_height and section.page_width < section.page_height:
            from docx.enum.section import WD_ORIENT

            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        doc.add_heading(title, level=0)
        docx_util.Captions(L("caption_table"), L("caption_figure")).add(doc, "table", title, keep_next=True)
        add_codebook_table(doc, session, lang)
        doc.save(str(tmp))

    return atomic_write(Path(path), write)
