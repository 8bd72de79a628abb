"""The small value types every reader returns, kept apart so format modules can import them
without importing the dispatcher (and each other)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawTurn:
    """One speaker turn as the file wrote it, before any speaker mapping.

    The label is kept verbatim (only stripped) so unknown labels can be reported to the user
    rather than silently normalised away.
    """

    label: str | None
    text: str
    time_start: float | None = None
    time_end: float | None = None


@dataclass(frozen=True)
class RawTranscript:
    """All turns of one file, plus what the import log needs to explain how it was read."""

    turns: list[RawTurn]
    format: str
    encoding: str | None = None
    #: What was read but looked wrong (repaired mojibake, impossible cue times), worded for the
    #: import report with line or cue numbers.
    warnings: tuple[str, ...] = ()
    #: Lines before the first dialogue turn that describe the recording (title, ``Dato: …``,
    #: ``Deltakere: …``, ``# Kilde …``): the interview's header, never turns.
    header: str | None = None


class ReadError(Exception):
    """One-line, user-facing reason (no file name; the caller prefixes it)."""
