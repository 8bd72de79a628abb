"""Builders for small transcript files, so every test makes its own fixtures in tmp_path."""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
import pytest
from docx.document import Document as DocxDocument


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

    blocks = [
        f"{i}\n{stamp(start)} --> {stamp(end)}\n{text}\n"
        for i, (start, end, text) in enumerate(cues, start=1)
    ]
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


@pytest.fixture
def new_document() -> DocxDocument:
    return docx.Document()
