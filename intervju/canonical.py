"""The canonical plain text of an interview and where each turn sits in it.

Every offset in kode (codings, search hits, sentences) points into this text, and REFI-QDA
exports use the same offsets, so it is built one way only: `Label: utterance` per turn, turns
separated by a blank line. The blank line is reserved for that: turn text never contains one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from intervju.readers.model import RawTurn
from intervju.readers.text import clean_block, clean_text

TURN_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class TurnSpan:
    """A turn's utterance as offsets `[start, end)` into the canonical text.

    The span covers the utterance only, not the label, so coding a whole turn never codes the
    speaker's name.
    """

    label: str | None
    text: str
    start: int
    end: int
    time_start: float | None
    time_end: float | None


def _clean_label(label: str | None) -> str | None:
    if label is None:
        return None
    cleaned = " ".join(clean_text(label).split())
    return cleaned or None


def build_canonical(turns: Sequence[RawTurn]) -> tuple[str, list[TurnSpan]]:
    """Return the canonical text and one span per turn, in the same order as `turns`.

    Turn text is cleaned (NFC, `\\n` only, no trailing or leading spaces on lines, no blank
    lines) so that `canonical[span.start:span.end] == span.text` holds for what is stored.
    An empty turn keeps its (empty) span so spans and turns stay index-aligned.
    """
    pieces: list[str] = []
    spans: list[TurnSpan] = []
    offset = 0
    for index, turn in enumerate(turns):
        if index:
            pieces.append(TURN_SEPARATOR)
            offset += len(TURN_SEPARATOR)
        label = _clean_label(turn.label)
        text = clean_block(turn.text)
        if label is not None:
            # "I:" alone when the utterance is empty: "I: " would end the line with a space.
            prefix = f"{label}: " if text else f"{label}:"
            pieces.append(prefix)
            offset += len(prefix)
        pieces.append(text)
        spans.append(
            TurnSpan(
                label=label,
                text=text,
                start=offset,
                end=offset + len(text),
                time_start=turn.time_start,
                time_end=turn.time_end,
            )
        )
        offset += len(text)
    return "".join(pieces), spans
