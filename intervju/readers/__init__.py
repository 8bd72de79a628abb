"""Transcript readers: one file in, a list of speaker turns out.

Readers only read. They keep labels as written and never guess speakers; mapping labels to
roles is `intervju.speakers`, and building the canonical text is `intervju.canonical`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from intervju.readers.model import RawTranscript, RawTurn, ReadError

__all__ = [
    "SUPPORTED_SUFFIXES",
    "RawTranscript",
    "RawTurn",
    "ReadError",
    "read_transcript",
    "read_transcript_bytes",
]

# Format modules are imported on first use: python-docx alone costs ~0.1 s, and commands that
# only list or search a project import this package without reading any file.


def _read_docx(data: bytes) -> RawTranscript:
    from intervju.readers.docx import read_docx

    return read_docx(data)


def _read_txt(data: bytes) -> RawTranscript:
    from intervju.readers.plaintext import read_plaintext

    return read_plaintext(data)


def _read_md(data: bytes) -> RawTranscript:
    from intervju.readers.plaintext import read_plaintext

    return read_plaintext(data, markdown=True)


def _read_srt(data: bytes) -> RawTranscript:
    from intervju.readers.subtitles import read_srt

    return read_srt(data)


def _read_vtt(data: bytes) -> RawTranscript:
    from intervju.readers.subtitles import read_vtt

    return read_vtt(data)


def _read_json(data: bytes) -> RawTranscript:
    from intervju.readers.whisper import read_whisper

    return read_whisper(data)


_READERS: dict[str, Callable[[bytes], RawTranscript]] = {
    ".docx": _read_docx,
    ".txt": _read_txt,
    ".md": _read_md,
    ".srt": _read_srt,
    ".vtt": _read_vtt,
    ".json": _read_json,
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
