"""Turn a stream of paragraphs into turns: the logic .txt, .md and .docx share.

A paragraph that starts with a label opens a turn; any other paragraph continues the open one.

The lines before the first dialogue turn (a title, ``Deltakere: …``, ``Program: …``, ``Dato: …``,
``# Kilde …``) are a header: they describe the recording and nobody says them, so they are kept
as the interview's header, never as turns (``Deltakere`` would otherwise read as a speaker). A
file without any speaker label has no header: its text is all turns, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from intervju.readers.labels import split_label
from intervju.readers.model import RawTurn
from intervju.readers.text import clean_block
from intervju.readers.timestamps import only_timestamp, split_leading, split_trailing

LabelSplitter = Callable[[str], "tuple[str, str] | None"]

#: Keys of header lines (``Key: value``), compared casefolded with single spaces. Speaker words
#: (``Intervjuer``, ``Informant``, ``Deltaker``) are left out: before the first turn they are far
#: more often a speaker than a description.
HEADER_KEYS = frozenset({
    "program", "programmet", "deltakere", "deltagere", "kilde", "dato", "tid", "tidspunkt", "sted", "opptak",
    "opptaksdato", "transkribert av", "transkribent", "transkribering", "varighet", "lengde", "tittel", "fil",
    "lydfil", "filnavn", "prosjekt", "kommentar", "merknad", "merknader", "emne", "tema", "sending", "kanal",
    "episode", "sesong", "medvirkende", "til stede", "tilstede", "date", "title", "source", "participants",
    "location", "duration", "file", "project", "recorded", "transcribed by",
})  # fmt: skip
#: A header longer than this is not a header: the text before the first label stays turns.
MAX_HEADER_LINES = 40
_HEADER_KEY_LINE = re.compile(r"^\s*(?P<key>[^:\n]{1,30}?)\s*:")


def is_header_line(line: str) -> bool:
    """``# …`` or ``Key: value`` with a header key."""
    if line.lstrip().startswith("#"):
        return True
    match = _HEADER_KEY_LINE.match(line)
    return match is not None and " ".join(match.group("key").casefold().split()) in HEADER_KEYS


@dataclass
class _OpenTurn:
    label: str | None
    paragraphs: list[str] = field(default_factory=list)
    time_start: float | None = None


def finish_turn(label: str | None, text: str, time_start: float | None = None) -> RawTurn:
    """Clean a turn's text and move time marks at its start or end into the time fields.

    `time_start` is a mark found before the label (`[00:12:31] I: ...`); it wins over one
    right after the label.
    """
    leading, rest = split_leading(clean_block(text))
    rest, trailing = split_trailing(rest)
    start = time_start if time_start is not None else leading
    if start is None:
        # A lone trailing mark is the turn's time; transcribers put it on either side.
        start, trailing = trailing, None
    return RawTurn(label=label, text=clean_block(rest), time_start=start, time_end=trailing)


class TurnAssembler:
    """Collects paragraphs (already split by the format reader) into RawTurns."""

    def __init__(self, splitter: LabelSplitter = split_label) -> None:
        self._splitter = splitter
        self._turns: list[RawTurn] = []
        self._open: _OpenTurn | None = None
        # Lines before the first dialogue turn, while it is not known whether one follows.
        self._preamble: list[str] = []
        self._dialogue = False
        self.header: str | None = None
        # A time mark alone on its own line: it belongs to the next turn if one starts right
        # after it, otherwise it is ordinary text of the open turn.
        self._pending_time: tuple[str, float] | None = None

    def paragraph(self, text: str) -> None:
        """Feed one paragraph (or one line of a text file)."""
        text = text.strip()
        if not text:
            return
        if not self._dialogue and self._pending_time is None and self._to_preamble(text):
            return
        seconds = only_timestamp(text)
        if seconds is not None:
            self._flush_pending()
            self._pending_time = (text, seconds)
            return
        time, rest = split_leading(text)
        found = self._splitter(rest) if time is not None else self._splitter(text)
        if found is None:
            self._flush_pending()
            self._continue(text)
            return
        label, utterance = found
        self.start(label, utterance, time)

    def _to_preamble(self, text: str) -> bool:
        """Keep a line before the first dialogue turn aside; False when it opens the dialogue."""
        if only_timestamp(text) is not None:
            return False
        if not is_header_line(text):
            found = self._splitter(split_leading(text)[1])
            if found is not None:
                return False  # a speaker label: the dialogue starts here
        if len(self._preamble) >= MAX_HEADER_LINES:
            return False
        self._preamble.append(text)
        return True

    def heading(self, text: str) -> None:
        """A title or heading paragraph (Word's heading styles): header before the first turn,
        otherwise a turn without a label."""
        if not self._dialogue and text.strip() and len(self._preamble) < MAX_HEADER_LINES:
            self._preamble.append(text.strip())
            return
        self.start(None, text)

    def _begin_dialogue(self, labelled: bool) -> None:
        """The first turn starts: a labelled one makes the lines before it the header; text
        without any label makes them text again."""
        if self._dialogue:
            return
        self._dialogue = True
        preamble, self._preamble = self._preamble, []
        if labelled and preamble:
            self.header = "\n".join(preamble)
        else:
            for line in preamble:
                self._continue(line)

    def start(self, label: str | None, text: str, time_start: float | None = None) -> None:
        """Open a new turn (used directly by readers that know the label, e.g. Word tables)."""
        self._begin_dialogue(labelled=label is not None)
        if self._pending_time is not None:
            time_start = self._pending_time[1] if time_start is None else time_start
            self._pending_time = None
        self._close()
        self._open = _OpenTurn(label=label, time_start=time_start)
        if text.strip():
            self._open.paragraphs.append(text)

    def continue_turn(self, text: str) -> None:
        """Add text to the open turn whatever it looks like (e.g. a table cell with no speaker)."""
        self._flush_pending()
        self._continue(text)

    def finish(self) -> list[RawTurn]:
        """Close the last turn and return all turns."""
        self._begin_dialogue(labelled=False)
        self._flush_pending()
        self._close()
        return self._turns

    def _continue(self, text: str) -> None:
        if not text.strip():
            return
        self._begin_dialogue(labelled=False)
        if self._open is None:
            self._open = _OpenTurn(label=None)
        self._open.paragraphs.append(text)

    def _flush_pending(self) -> None:
        if self._pending_time is not None:
            text, _ = self._pending_time
            self._pending_time = None
            self._continue(text)

    def _close(self) -> None:
        if self._open is None:
            return
        turn = finish_turn(self._open.label, "\n".join(self._open.paragraphs), self._open.time_start)
        self._open = None
        if turn.label is None and not turn.text:
            return
        self._turns.append(turn)
