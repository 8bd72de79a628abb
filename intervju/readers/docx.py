"""Word transcripts (.docx): labelled paragraphs, bold-run labels and speaker | utterance tables.

Only the document body is read, in document order, so page headers and footers (project name,
"KONFIDENSIELT", page numbers) never end up inside an utterance.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_OnOff
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from intervju.readers.assemble import TurnAssembler
from intervju.readers.labels import is_label
from intervju.readers.model import RawTranscript, ReadError
from intervju.readers.text import clean_text
from intervju.readers.timestamps import only_timestamp

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLES = (
    "heading",
    "title",
    "overskrift",
    "tittel",
    "subtitle",
    "undertittel",
)
# Column titles of a speaker | utterance table ("Taler | Utsagn"): a first row where both cells
# are titles is kept as text, not read as a speaker called "Taler".
_TABLE_HEADERS = frozenset(
    {"taler", "speaker", "navn", "name", "person", "hvem", "rolle", "role", "tekst", "text",
     "utsagn", "tale", "transkripsjon", "transcript", "innhold", "tid", "time", "tidskode"}
)  # fmt: skip


def _what_it_is(message: str) -> str:
    """Name the Office file python-docx refused, without its object repr."""
    match = re.search(r"content type is '([^']+)'", message)
    if match is None:
        return "not a Word file"
    content_type = match.group(1)
    if "spreadsheetml" in content_type:
        return "an Excel workbook"
    if "presentationml" in content_type:
        return "a PowerPoint presentation"
    if "template" in content_type:
        return "a Word template; save it as a document"
    return f"content type {content_type}"


# Limits like the REFI-QDA reader's (export/refi/safety.py), tighter because a transcript is one
# document: python-docx unpacks every part into memory and parses the XML into a tree that takes
# ~15× the XML's size, so 40 MB of XML is the most that stays well under 1 GB.
MAX_MEMBERS = 1_000
MAX_MEMBER_BYTES = 40 * 2**20
MAX_TOTAL_BYTES = 100 * 2**20
MAX_RATIO = 100  # uncompressed / compressed: Word XML compresses 5–20×, zip bombs 1000×
RATIO_FLOOR = 2**20  # a small part may compress well without being a bomb
_XML_SUFFIXES = (".xml", ".rels")
_DTD_MARKS = tuple(
    mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_SCAN_CHUNK = 1 << 16


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB"


def check_archive(data: bytes) -> None:
    """Refuse a .docx that would cost more to open than any transcript does, before python-docx
    unpacks it: too many parts, a part or the whole too large, a zip bomb's compression ratio, or
    XML that declares a DTD or entities (Word never writes one; an entity can expand a few bytes
    into gigabytes or fetch a file). ``zipfile`` never returns more than the size the central
    directory declares for a part, so checking the declared sizes bounds what is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ReadError(f"refused: the Word file has {len(infos)} parts (limit {MAX_MEMBERS})")
            total = 0
            for info in infos:
                size = info.file_size
                total += size
                if size > MAX_MEMBER_BYTES:
                    raise ReadError(
                        f"refused: part {info.filename!r} unpacks to {_mb(size)} (limit {_mb(MAX_MEMBER_BYTES)})"
                    )
                if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                    ratio = size // max(info.compress_size, 1)
                    raise ReadError(
                        f"refused: part {info.filename!r} expands {ratio}× (limit {MAX_RATIO}×; a zip bomb?)"
                    )
            if total > MAX_TOTAL_BYTES:
                raise ReadError(f"refused: the Word file unpacks to {_mb(total)} (limit {_mb(MAX_TOTAL_BYTES)})")
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES) and _declares_dtd(archive, info):
                    raise ReadError(
                        f"refused: part {info.filename!r} declares a DTD or entities, which Word never writes"
                    )
    except zipfile.BadZipFile as exc:
        raise ReadError("not a Word document (bad zip)") from exc
    except (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError, RuntimeError, zlib.error) as exc:
        raise ReadError(f"damaged Word document ({exc.__class__.__name__})") from exc


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part holds ``<!DOCTYPE`` or ``<!ENTITY`` (UTF-8 or UTF-16), read in chunks."""
    keep = max(len(m) for m in _DTD_MARKS) - 1
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(_SCAN_CHUNK):
            window = tail + chunk
            if any(mark in window for mark in _DTD_MARKS):
                return True
            tail = window[-keep:]
    return False


def _open(data: bytes) -> DocxDocument:
    if not data:
        raise ReadError("empty file")
    if data.startswith(_OLE_MAGIC):
        raise ReadError("an old Word .doc file, not .docx (save it as .docx in Word)")
    check_archive(data)
    try:
        return docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("not a Word document (bad zip)") from exc
    except KeyError as exc:
        raise ReadError("not a Word document (a zip without the Word parts)") from exc
    except ValueError as exc:
        raise ReadError(f"not a Word document ({_what_it_is(str(exc))})") from exc
    except SyntaxError as exc:  # lxml's XMLSyntaxError
        raise ReadError("damaged Word document (invalid XML)") from exc
    except (OSError, EOFError, zipfile.LargeZipFile, zlib.error) as exc:
        raise ReadError(f"damaged Word document ({exc})") from exc


def _blocks(document: DocxDocument) -> Iterator[Paragraph | Table]:
    """Body paragraphs and tables in document order, looking inside content controls."""

    def walk(parent: BaseOxmlElement) -> Iterator[Paragraph | Table]:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, document)
            elif child.tag == qn("w:tbl"):
                yield Table(child, document)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)

    yield from walk(document.element.body)


_R = qn("w:r")
_HYPERLINK = qn("w:hyperlink")
_RPR = qn("w:rPr")
_B = qn("w:b")
_VAL = qn("w:val")
_T = qn("w:t")
_BR = qn("w:br")
_BR_TYPE = qn("w:type")
# What python-docx's ``Run.text`` makes of a run's other inner-content elements.
_RUN_CHARACTERS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}


def _run_text(run: BaseOxmlElement) -> str:
    """``Run.text`` of python-docx, read from the element's children without an XPath query
    per run (those queries were most of the reading time)."""
    parts: list[str] = []
    for child in run.iterchildren():
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _BR:
            # A line break is "\n"; page and column breaks are nothing.
            if child.get(_BR_TYPE, "textWrapping") == "textWrapping":
                parts.append("\n")
        else:
            character = _RUN_CHARACTERS.get(tag)
            if character is not None:
                parts.append(character)
    return "".join(parts)


def _run_bold(run: BaseOxmlElement) -> bool | None:
    """``Run.bold`` of python-docx: the run's own ``w:b`` (True, False, or None when unset)."""
    rpr = run.find(_RPR)
    if rpr is None:
        return None
    bold = rpr.find(_B)
    if bold is None:
        return None
    value = bold.get(_VAL)
    return True if value is None else bool(ST_OnOff.convert_from_xml(value))


def _paragraph_text(paragraph: BaseOxmlElement) -> tuple[str, list[tuple[BaseOxmlElement, str]]]:
    """``Paragraph.text`` of python-docx (its runs and hyperlinks' runs) and the paragraph's own
    runs (``Paragraph.runs``) with their text."""
    parts: list[str] = []
    runs: list[tuple[BaseOxmlElement, str]] = []
    for child in paragraph.iterchildren():
        if child.tag == _R:
            text = _run_text(child)
            runs.append((child, text))
            parts.append(text)
        elif child.tag == _HYPERLINK:
            parts.extend(_run_text(r) for r in child.iterchildren(_R))
    return "".join(parts), runs


def _bold_prefix(runs: list[tuple[BaseOxmlElement, str]]) -> str:
    """The text of the bold runs that open the paragraph (whitespace runs included)."""
    parts: list[str] = []
    for run, text in runs:
        if _run_bold(run) or (text and not text.strip() and parts):
            parts.append(text)
        elif text:
            break
    return "".join(parts)


def _bold_label(runs: list[tuple[BaseOxmlElement, str]], text: str) -> tuple[str, str, bool] | None:
    """(label, rest, had_colon) when the paragraph opens with a bold speaker label."""
    prefix = clean_text(_bold_prefix(runs))
    if not prefix.strip() or not text.startswith(prefix):
        return None
    candidate, rest = prefix.strip(), text[len(prefix) :]
    if candidate.endswith(":"):
        label, colon = candidate[:-1].strip(), True
    elif rest.lstrip().startswith(":"):
        label, rest, colon = candidate, rest.lstrip()[1:], True
    else:
        label, colon = candidate, False
        if not rest.strip():
            return None  # a bold line on its own is a heading, not a speaker
    if not is_label(label):
        return None
    return label, rest.strip(), colon


def _heading_style_ids(document: DocxDocument) -> frozenset[str]:
    """Ids of title and heading styles. Looked up once: `Paragraph.style` resolves the style
    part on every call and was most of the reading time. Read from the styles' elements: the
    style objects python-docx builds for each cost more than the rest of this (their names
    differ from the stored ones only in case, "Heading 1" for "heading 1")."""
    return frozenset(
        style.styleId
        for style in document.styles.element.style_lst
        if style.styleId and (style.name_val or "").casefold().startswith(_HEADING_STYLES)
    )


def _cells(row_cells: list[_Cell]) -> list[_Cell]:
    """Distinct cells of a row: python-docx repeats a merged cell once per grid column."""
    seen: set[int] = set()
    unique: list[_Cell] = []
    for cell in row_cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            unique.append(cell)
    return unique


def _cell_text(cell: _Cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs if p.text.strip())


def _read_table(table: Table, assembler: TurnAssembler) -> None:
    """Rows of (speaker, utterance) or (time, speaker, utterance) become turns; any other
    table is read cell by cell so its text is kept."""
    for index, row in enumerate(table.rows):
        texts = [clean_text(_cell_text(cell)) for cell in _cells(list(row.cells))]
        time: float | None = None
        if len(texts) == 3 and (only_timestamp(texts[0]) is not None or not texts[0].strip()):
            time = only_timestamp(texts[0])
            texts = texts[1:]
        if len(texts) == 2:
            speaker = texts[0].strip().removesuffix(":").strip()
            is_header = (
                index == 0
                and speaker.casefold() in _TABLE_HEADERS
                and texts[1].strip().removesuffix(":").casefold() in _TABLE_HEADERS
            )
            if not speaker and time is None:
                assembler.continue_turn(texts[1])
                continue
            if not is_header and (is_label(speaker) or not speaker):
                assembler.start(speaker or None, texts[1], time)
                continue
        for text in texts:
            for line in text.split("\n"):
                assembler.paragraph(line)


def read_docx(data: bytes) -> RawTranscript:
    """Read a .docx transcript."""
    document = _open(data)
    blocks = list(_blocks(document))

    headings = _heading_style_ids(document)
    paragraphs: dict[int, tuple[str, tuple[str, str, bool] | None]] = {}
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            raw, runs = _paragraph_text(block._p)
            text = clean_text(raw)
            paragraphs[index] = (text, _bold_label(runs, text) if text.strip() else None)
    # A bold opening word without a colon is a label only when the document uses bold labels
    # (more than one paragraph opens with one); alone, it is emphasis ("**Aldri** hadde jeg").
    bold_labels_in_use = sum(found is not None for _, found in paragraphs.values()) > 1

    assembler = TurnAssembler()
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            _read_table(block, assembler)
            continue
        text, found = paragraphs[index]
        if not text.strip():
            continue
        if block._p.style in headings:
            assembler.heading(text)
            continue
        if found is not None and (found[2] or bold_labels_in_use):
            assembler.start(found[0], found[1])
            continue
        for line in text.split("\n"):
            assembler.paragraph(line)
    turns = assembler.finish()
    if not turns:
        raise ReadError("no text")
    return RawTranscript(turns=turns, format="docx", header=assembler.header)
