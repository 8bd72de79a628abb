"""Long texts go through spaCy in pieces.

spaCy refuses a text longer than ``nlp.max_length`` (1,000,000 characters) and needs about 1 GB
of memory per 100,000 characters for a trained parser, so a turn that is one 5 MB line (a
transcript without line breaks, a recogniser's output) is cut into pieces first. Cuts fall at a
paragraph break, else after a sentence's end, else at a space, so a sentence is split only when
it is longer than a piece; the pieces' offsets let every position land in the whole text.
"""

from __future__ import annotations

import re

#: Longest text handed to spaCy at once: far below its limit, and a piece a trained model
#: analyses in about a second.
PIECE_CHARS = 100_000
_SENTENCE_END = re.compile(r"[.!?…»\"”]\s")


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """``text`` as ``(offset, piece)`` pairs of at most ``limit`` characters; joined in order
    they are exactly ``text``. A text within the limit is one piece."""
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        window = text[start:end]
        floor = limit // 2  # never cut a piece shorter than half the limit
        cut = window.rfind("\n", floor)
        if cut < 0:
            ends = [m.end() - 1 for m in _SENTENCE_END.finditer(window, floor)]
            cut = ends[-1] if ends else window.rfind(" ", floor)
        cut = limit if cut < 0 else cut + 1
        out.append((start, text[start : start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out
