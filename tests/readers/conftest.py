"""Builders for small transcript files, so every test makes its own fixtures in tmp_path.

The builders are handed out as fixtures rather than imported, so the tests need no package
(`__init__.py`) and work under any pytest import mode.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence

import docx
import pytest
from docx.document import Document as DocxDocument

from intervju.canonical import TurnSpan


def docx_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bold_label_paragraph(document: DocxDocument, label: str, text: str) -> None:
    """A paragraph whose speaker label is a bold run, as many transcribers write them."""
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(text)


def two_column_table(document: DocxDocument, rows: Sequence[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    for speaker, utterance in rows:
        cells = table.add_row().cells
        cells[0].text = speaker
        cells[1].text = utterance


def srt_text(cues: Sequence[tuple[float, float, str]]) -> str:
    def stamp(seconds: float) -> str:
        millis = round(seconds * 1000)
        h, rest = divmod(millis, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, ms = divmod(rest, 1000)
        return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"

    blocks = [f"{i}\n{stamp(start)} --> {stamp(end)}\n{text}\n" for i, (start, end, text) in enumerate(cues, start=1)]
    return "\n".join(blocks)


def vtt_text(cues: Sequence[tuple[float, float, str]]) -> str:
    def stamp(seconds: float) -> str:
        millis = round(seconds * 1000)
        h, rest = divmod(millis, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, ms = divmod(rest, 1000)
        return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"

    blocks = [f"{stamp(start)} --> {stamp(end)}\n{text}\n" for start, end, text in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


Cues = Sequence[tuple[float, float, str]]


@pytest.fixture
def new_document() -> DocxDocument:
    return docx.Document()


@pytest.fixture(scope="session", name="docx_bytes")
def docx_bytes_fixture() -> Callable[[DocxDocument], bytes]:
    return docx_bytes


@pytest.fixture(scope="session", name="bold_label_paragraph")
def bold_label_paragraph_fixture() -> Callable[[DocxDocument, str, str], None]:
    return bold_label_paragraph


@pytest.fixture(scope="session", name="two_column_table")
def two_column_table_fixture() -> Callable[[DocxDocument, Sequence[tuple[str, str]]], None]:
    return two_column_table


@pytest.fixture(scope="session", name="srt_text")
def srt_text_fixture() -> Callable[[Cues], str]:
    return srt_text


@pytest.fixture(scope="session", name="vtt_text")
def vtt_text_fixture() -> Callable[[Cues], str]:
    return vtt_text


def check_canonical(text: str, spans: Sequence[TurnSpan]) -> None:
    """The invariants every offset in kode depends on."""
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text
    for line in text.split("\n"):
        assert line == line.rstrip(), repr(line)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert "\n\n" not in span.text
        assert span.text == span.text.strip()
        previous_end = span.end


@pytest.fixture(scope="session", name="check_canonical")
def check_canonical_fixture() -> Callable[[str, Sequence[TurnSpan]], None]:
    return check_canonical
