"""Transcript readers: one file in, a list of speaker turns out.

Readers only read. They keep labels as written and never guess speakers; mapping labels to
roles is `intervju.speakers`, and building the canonical text is `intervju.canonical`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from intervju.readers.docx import read_docx
from intervju.readers.model import RawTranscript, RawTurn, ReadError
from intervju.readers.plaintext import read_plaintext
from intervju.readers.subtitles import read_srt, read_vtt
from intervju.readers.whisper import read_whisper

__all__ = [
    "SUPPORTED_SUFFIXES",
    "RawTranscript",
    "RawTurn",
    "ReadError",
    "read_transcript",
    "read_transcript_bytes",
]


def _read_md(data: bytes) -> RawTranscript:
    return read_plaintext(data, markdown=True)


_READERS: dict[str, Callable[[bytes], RawTranscript]] = {
    ".docx": read_docx,
    ".txt": read_plaintext,
    ".md": _read_md,
    ".srt": read_srt,
    ".vtt": read_vtt,
    ".json": read_whisper,
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)


def _reader_for(suffix: str) -> Callable[[bytes], RawTranscript]:
    key = suffix.casefold()
    if key and not key.startswith("."):
        key = "." + key
    reader = _READERS.get(key)
    if reader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError(f"unsupported file type '{suffix or '(none)'}' (supported: {supported})")
    return reader


def read_transcript_bytes(data: bytes, suffix: str) -> RawTranscript:
    """Read transcript bytes as the format named by `suffix` (".docx", "TXT", ...).

    Taking bytes lets the importer hash exactly what it read, and read files that never touch
    the disk unencrypted.
    """
    return _reader_for(suffix)(data)


def read_transcript(path: Path) -> RawTranscript:
    """Read the transcript at `path`, choosing the reader by its suffix (case-insensitive)."""
    reader = _reader_for(path.suffix)  # before reading: an unsupported file is not opened
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})") from exc
    return reader(data)
