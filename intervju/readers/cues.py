"""Merge timed fragments (subtitle cues, Whisper segments) into speaker turns.

Recognisers cut speech every few seconds; a turn is everything one speaker says until another
speaker starts, so fragments by the same speaker, or with no speaker after one, are joined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from intervju.readers.model import RawTurn
from intervju.readers.text import clean_block


@dataclass(frozen=True)
class Cue:
    """One timed fragment with the speaker it names, if any."""

    speaker: str | None
    text: str
    start: float | None
    end: float | None


#: Silence that ends a turn when the recogniser names no speakers at all.
PAUSE_SECONDS = 1.5


def merge_cues(cues: Iterable[Cue]) -> list[RawTurn]:
    """Join consecutive cues of one speaker into a turn; fragments are joined with a space
    because cue breaks are display breaks, not paragraph breaks.

    When no cue names a speaker (Whisper without diarisation), joining by speaker would make the
    whole recording one turn with one time, and every hit would be reported at its start; then a
    pause of :data:`PAUSE_SECONDS` or more between cues starts a new turn, with its own time.
    """
    cues = list(cues)
    if cues and all(cue.speaker is None for cue in cues):
        return _merge_at_pauses(cues)
    return _merge_by_speaker(cues)


def _merge_at_pauses(cues: list[Cue]) -> list[RawTurn]:
    turns: list[RawTurn] = []
    parts: list[str] = []
    start: float | None = None
    end: float | None = None
    for cue in cues:
        gap = cue.start - end if cue.start is not None and end is not None else 0.0
        if parts and gap >= PAUSE_SECONDS:
            turns.append(RawTurn(label=None, text=clean_block(" ".join(parts)), time_start=start, time_end=end))
            parts, start = [], None
        text = " ".join(clean_block(cue.text).split("\n"))
        if text:
            if not parts:
                start = cue.start
            parts.append(text)
        if cue.end is not None:
            end = cue.end
    if parts:
        turns.append(RawTurn(label=None, text=clean_block(" ".join(parts)), time_start=start, time_end=end))
    return turns


def _merge_by_speaker(cues: Iterable[Cue]) -> list[RawTurn]:
    turns: list[RawTurn] = []
    label: str | None = None
    parts: list[str] = []
    start: float | None = None
    end: float | None = None
    open_turn = False

    def close() -> None:
        text = clean_block(" ".join(parts))
        if open_turn and (text or label is not None):
            turns.append(RawTurn(label=label, text=text, time_start=start, time_end=end))

    for cue in cues:
        text = " ".join(clean_block(cue.text).split("\n"))
        same = open_turn and (cue.speaker is None or cue.speaker == label)
        if not same:
            close()
            label, parts, start, open_turn = cue.speaker, [], cue.start, True
        if text:
            parts.append(text)
        if cue.end is not None:
            end = cue.end
        elif not same:
            end = None
    close()
    return turns
