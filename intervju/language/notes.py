"""Transcribers' bracketed notes stay inside their sentence.

Transcripts mark what is not speech in brackets: ``(utydelig)``, ``[latter]``, ``(...)`` for a
pause or a cut, ``(ler.)``, ``(utydelig, ca. 3 sek.)``. A rule-based splitter (spaCy's
sentencizer) ends a sentence after any full stop and starts the next at the first word after
it, so a note holding a full stop cut its sentence in two (``Han sa (utydelig.)`` | ``at det var
greit.``), and a note after a full stop was torn apart (``Vi gikk dit. (`` | ``latter) Og så kom
de.``). Search hits, ``kode code --sentence``, quotes and the workbench's sentence selection all
use these sentences.

The rules, on sentence start offsets, whichever splitter made them:

- no sentence starts inside a note;
- a note after a sentence's end belongs to that sentence, and the next sentence starts at the
  first word after the note;
- a note that holds a sentence end inside a sentence does not end it: the start a splitter put
  right after such a note is dropped when the word there begins in lower case (``(utydelig.) at
  det …``); a capital (``(ler.) Så gikk vi.``) keeps it, since the note may then close a sentence.

A note is a bracketed stretch on one line of at most :data:`NOTE_CHARS` characters; a longer
bracketed passage is the speaker's own words and is split as usual.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

#: The longest note (brackets included); transcribers' notes are a word or a few.
NOTE_CHARS = 80
_INSIDE = rf"[^()\[\]\n]{{1,{NOTE_CHARS - 2}}}"
_NOTE = re.compile(rf"\({_INSIDE}\)|\[{_INSIDE}\]")
_SENTENCE_END = frozenset(".!?…")
#: What may stand between a sentence's end and a note after it: closing quotes and brackets.
_CLOSERS = "»”’\"')]"
#: A sentence may start at a word or an opening quote after a note, not at punctuation.
_OPENING_QUOTES = "«“‘\"'"


def has_notes(text: str) -> bool:
    """Cheap test, so texts without brackets cost nothing."""
    return "(" in text or "[" in text


def note_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every note in ``text``, in order."""
    return [m.span() for m in _NOTE.finditer(text)]


def _ends_sentence(text: str, at: int, notes: dict[int, int]) -> bool:
    """Whether the text before ``at`` ends with a sentence's end, looking through spaces,
    closing quotes and earlier notes (``notes`` maps a note's end to its start)."""
    i = at
    while i > 0:
        c = text[i - 1]
        if c.isspace():
            i -= 1
        elif i in notes:
            i = notes[i]
        elif c in _CLOSERS:
            i -= 1
        else:
            return c in _SENTENCE_END
    return False


def keep_notes(text: str, starts: Sequence[int]) -> list[int]:
    """The sentence start offsets ``starts`` of ``text`` (ascending) with the notes kept inside
    their sentences (see the module's rules). Offsets not touched by a note are left as given."""
    if not has_notes(text):
        return list(starts)
    spans = note_spans(text)
    if not spans:
        return list(starts)
    notes = {b: a for a, b in spans}
    out = sorted(set(starts))
    for a, b in spans:
        follows_end = _ends_sentence(text, a, notes)
        # No start inside the note; after a sentence's end not at its bracket either (the note
        # joins that sentence), elsewhere a start at the bracket is the splitter's own choice.
        lo = bisect.bisect_left(out, a) if follows_end else bisect.bisect_right(out, a)
        del out[lo : bisect.bisect_left(out, b)]
        after = b
        while after < len(text) and text[after].isspace():
            after += 1
        if after == len(text):
            continue
        next_char = text[after]
        if follows_end:
            if (next_char.isalnum() or next_char in _OPENING_QUOTES) and after not in out:
                bisect.insort(out, after)
        elif after in out and _holds_end(text[a:b]) and next_char.islower():
            out.remove(after)
    return out


def _holds_end(note: str) -> bool:
    return any(c in _SENTENCE_END for c in note)
