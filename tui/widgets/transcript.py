"""The transcript: turns with speaker, role and time; codings as marks beside the lines and
highlights in the text; a cursor by turn and sentence; a selection extending by sentence, word or
character.

Rendering is lazy (Textual's line API): the text is wrapped once per width into line ranges, and
only the lines on screen are turned into strips, so a 20,000-word interview paints at once.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.facade import CodingItem, Transcript, TranscriptTurn

GUTTER = 6  # four marks, a "+" when more codings touch a line, and a space
MARKS = 4
MARGIN = 20  # the code names beside the text (coding stripes), when the view is wide enough
MARGIN_FROM = 96  # content width from which the margin shows; narrower, the text keeps every column
WORD = re.compile(r"\w+", re.UNICODE)

HEADER, TEXT, BLANK = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Line:
    kind: int
    turn: int  # index into transcript.turns
    start: int  # character range of the text shown on this line
    end: int


def wrap(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Line ranges of ``text[start:end]`` wrapped at ``width`` cells: breaks after a space, hard
    breaks at newlines, and a word longer than a line (a Norwegian compound) cut where the line ends.
    A line's range keeps its trailing space, so the ranges cover the text but for the newlines."""
    width = max(width, 4)
    out: list[tuple[int, int]] = []
    para = start
    while True:
        nl = text.find("\n", para, end)
        stop = end if nl < 0 else nl
        pos = para
        while stop - pos > width:
            cut = text.rfind(" ", pos, pos + width + 1)
            if cut < pos:  # no space: cut the word
                out.append((pos, pos + width))
                pos += width
                continue
            nxt = cut + 1
            while nxt < stop and text[nxt] == " ":  # a run of spaces stays on the line it ends
                nxt += 1
            out.append((pos, nxt))
            pos = nxt
        if pos < stop or para == stop or not out or out[-1][1] < pos:
            out.append((pos, stop))
        if nl < 0:
            break
        para = nl + 1
    return out


def clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


class TranscriptView(ScrollView, can_focus=True):
    """One interview's text. Set ``transcript`` and ``codings``; read ``selection``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "turn(1)", "Next turn", show=False, id="transcript.next_turn"),
        Binding("up", "turn(-1)", "Previous turn", show=False, id="transcript.previous_turn"),
        Binding("right", "sentence(1)", "Next sentence", show=False, id="transcript.next_sentence"),
        Binding("left", "sentence(-1)", "Previous sentence", show=False, id="transcript.previous_sentence"),
        Binding("right_curly_bracket", "extend_sentence(1)", "Extend by sentence", show=False,
                id="transcript.extend_sentence"),
        Binding("left_curly_bracket", "extend_sentence(-1)", "Shrink by sentence", show=False,
                id="transcript.shrink_sentence"),
        Binding("shift+right", "extend_word(1)", "Extend by word", show=False, id="transcript.extend_word"),
        Binding("shift+left", "extend_word(-1)", "Shrink by word", show=False, id="transcript.shrink_word"),
        Binding("greater_than_sign", "extend_char(1)", "Extend by character", show=False,
                id="transcript.extend_char"),
        Binding("less_than_sign", "extend_char(-1)", "Shrink by character", show=False,
                id="transcript.shrink_char"),
        Binding("ctrl+space,ctrl+at,exclamation_mark", "anchor", "Set anchor", show=False, id="transcript.anchor"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="transcript.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="transcript.page_up"),
        Binding("home", "edge(0)", "First turn", show=False, id="transcript.first"),
        Binding("end", "edge(1)", "Last turn", show=False, id="transcript.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--header",
        "transcript--interviewer",
        "transcript--selection",
        "transcript--time",
    }

    DEFAULT_CSS = """
    TranscriptView { background: $surface; }
    TranscriptView > .transcript--header { text-style: bold; color: $primary; }
    TranscriptView > .transcript--interviewer { color: $text-muted; }
    TranscriptView > .transcript--selection { background: $accent 45%; }
    TranscriptView > .transcript--time { color: $text-muted; }
    """

    # the watchers repaint what changed; the reactives themselves repaint nothing
    transcript: reactive[Transcript | None] = reactive(None, repaint=False, always_update=True)
    codings: reactive[tuple[CodingItem, ...]] = reactive((), repaint=False, always_update=True)
    others: reactive[tuple[CodingItem, ...]] = reactive((), repaint=False, always_update=True)  # other coders'
    selection: reactive[tuple[int, int]] = reactive((0, 0), repaint=False)

    class SelectionChanged(Message):
        """The selection moved; ``turn`` is the index of the turn it starts in."""

        def __init__(self, start: int, end: int, turn: int) -> None:
            super().__init__()
            self.start, self.end, self.turn = start, end, turn

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Line] = []
        self._turn_first_line: list[int] = []
        self._turn_starts: list[int] = []
        self._width = 0
        self._turn_codings: list[list[CodingItem]] = []
        self._style_cache: dict[str, Style] = {}
        self._strips: dict[int, Strip] = {}  # drawn lines by index, dropped when what they show changes
        self._turn_others: list[list[CodingItem]] = []
        self._margin = 0
        self.anchor_at: int | None = None  # free selection: the fixed end, while the caret moves
        self._caret = 0
        self._drag: int | None = None  # mouse: where a drag started
        self._dragged = False

    # -- data ----------------------------------------------------------------------------------
    def watch_transcript(self, transcript: Transcript | None) -> None:
        self._turn_starts = [t.start for t in transcript.turns] if transcript else []
        self._layout(force=True)
        self._index_codings()
        if transcript and transcript.turns and self.selection == (0, 0):
            first = transcript.turns[0]
            self.selection = (first.start, first.end)
        self.refresh()

    def watch_others(self, old: tuple[CodingItem, ...], new: tuple[CodingItem, ...]) -> None:
        self._index_codings()
        self._strips.clear()
        self.refresh()

    def watch_codings(self, old: tuple[CodingItem, ...], new: tuple[CodingItem, ...]) -> None:
        self._index_codings()
        changed = set(old).symmetric_difference(new)
        if not self._lines or len(changed) > 20:
            self._strips.clear()
            self.refresh()
            return
        for c in changed:  # repaint only the lines of the codings that came or went
            self._repaint(c.start, c.end)

    def _repaint(self, start: int, end: int) -> None:
        """Forget and repaint the lines that show ``[start, end)``."""
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        for y in range(first, last + 1):
            self._strips.pop(y, None)
        self.refresh_lines(first, last - first + 1)

    def watch_selection(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        turn = self.turn_at(new[0])
        self.post_message(self.SelectionChanged(new[0], new[1], turn))
        if not self._lines:
            self.refresh()
            return
        for a, b in (old, new):  # repaint only the lines the old and the new selection cover
            self._repaint(a, b)
        self._scroll_to_selection()

    def _index_codings(self) -> None:
        self._turn_codings = self._per_turn(self.codings)
        self._turn_others = self._per_turn(self.others)

    def _per_turn(self, codings: tuple[CodingItem, ...]) -> list[list[CodingItem]]:
        t = self.transcript
        if t is None:
            return []
        per_turn: list[list[CodingItem]] = [[] for _ in t.turns]
        for c in sorted(codings, key=lambda c: (c.start, c.end, c.id)):
            first = max(0, bisect.bisect_right(self._turn_starts, c.start) - 1)
            for i in range(first, len(t.turns)):
                turn = t.turns[i]
                if turn.start >= c.end:
                    break
                if turn.end > c.start:
                    per_turn[i].append(c)
        return per_turn

    # -- layout --------------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        self._scroll_to_selection()

    def _layout(self, force: bool = False) -> None:
        width = max(self.scrollable_content_region.width, 20)
        if not force and width == self._width:
            return
        self._width = width
        lines: list[Line] = []
        firsts: list[int] = []
        t = self.transcript
        self._margin = MARGIN if width >= MARGIN_FROM else 0
        if t is not None:
            text_width = width - GUTTER - 1 - self._margin
            for i, turn in enumerate(t.turns):
                firsts.append(len(lines))
                lines.append(Line(HEADER, i, turn.start, turn.start))
                for a, b in wrap(t.text, turn.start, turn.end, text_width):
                    lines.append(Line(TEXT, i, a, b))
                lines.append(Line(BLANK, i, turn.end, turn.end))
        self._lines = lines
        self._strips.clear()
        self._turn_first_line = firsts
        self.virtual_size = Size(width, len(lines))
        self.refresh()
        # the new virtual size reaches the scrollbars with the next layout: scroll to the selection
        # after it, or a passage opened from Search or the code browser stays out of sight
        self.call_after_refresh(self._scroll_to_selection)

    def turn_at(self, offset: int) -> int:
        """Index of the turn that holds (or last precedes) a character offset."""
        return max(0, bisect.bisect_right(self._turn_starts, offset) - 1)

    def line_of(self, offset: int) -> int:
        turn = self.turn_at(offset)
        if not self._turn_first_line:
            return 0
        first = self._turn_first_line[turn]
        last = self._turn_first_line[turn + 1] if turn + 1 < len(self._turn_first_line) else len(self._lines)
        for y in range(first + 1, last):
            line = self._lines[y]
            if line.kind == TEXT and line.start <= offset < max(line.end, line.start + 1):
                return y
        return first

    def _scroll_to_selection(self) -> None:
        if not self._lines:
            return
        start, end = self.selection
        top = self.line_of(start)
        if self.transcript is not None and self.turn_at(start) == self.turn_at(max(start, end - 1)):
            top = self._turn_first_line[self.turn_at(start)]  # show the speaker with the text
        bottom = self.line_of(max(start, end - 1))
        height = min(bottom - top + 1, max(1, self.scrollable_content_region.height))
        # force: right after a layout the scrollbar may not be known yet, and a scroll would be refused
        self.scroll_to_region(Region(0, top, 1, height), animate=False, immediate=True, force=True)

    # -- rendering -----------------------------------------------------------------------------
    def _style(self, component: str) -> Style:
        style = self._style_cache.get(component)
        if style is None:
            style = self.get_component_rich_style(component, partial=True)
            self._style_cache[component] = style
        return style

    def notify_style_update(self) -> None:
        self._style_cache.clear()
        self._strips.clear()
        super().notify_style_update()

    def _tint(self, colour: str) -> Style:
        key = f"tint:{colour}"
        style = self._style_cache.get(key)
        if style is None:
            base = self.background_colors[1]
            tinted = base.blend(Color.parse(colour), 0.35)
            style = Style(bgcolor=tinted.rich_color)
            self._style_cache[key] = style
        return style

    def _mark(self, colour: str, glyph: str = "▌") -> Segment:
        key = f"mark:{colour}"
        style = self._style_cache.get(key)
        if style is None:
            style = Style(color=Color.parse(colour).rich_color)
            self._style_cache[key] = style
        return Segment(glyph, style)

    def _base(self) -> Style:
        style = self._style_cache.get("base")
        if style is None:
            style = self.rich_style
            self._style_cache["base"] = style
        return style

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        base = self._base()
        if index >= len(self._lines) or self.transcript is None:
            return Strip.blank(width, base)
        if not scroll_x:
            cached = self._strips.get(index)
            if cached is not None and cached.cell_length == width:
                return cached
        line = self._lines[index]
        turn = self.transcript.turns[line.turn]
        if line.kind == HEADER:
            segments = self._header(turn)
        elif line.kind == BLANK:
            segments = []
        else:
            segments = self._text(line, turn)
        if scroll_x:
            return Strip(segments).apply_style(base).crop(scroll_x, scroll_x + width).adjust_cell_length(width, base)
        strip = self._strips.get(index)
        if strip is None or strip.cell_length != width:
            strip = self._strips[index] = Strip(segments).apply_style(base).adjust_cell_length(width, base)
        return strip

    def _header(self, turn: TranscriptTurn) -> list[Segment]:
        label = turn.label or "?"
        role = {"interviewer": "intervjuer", "informant": "informant"}.get(turn.role, "ukjent")
        who = f" · {turn.participant}" if turn.participant else ""
        segs = [Segment(" " * GUTTER), Segment(f"{turn.n:>3} {label}", self._style("transcript--header")),
                Segment(f" ({role}{who})", self._style("transcript--time"))]
        if turn.time is not None:
            segs.append(Segment(f"  {clock(turn.time)}", self._style("transcript--time")))
        return segs

    def _text(self, line: Line, turn: TranscriptTurn) -> list[Segment]:
        assert self.transcript is not None
        text = self.transcript.text
        stop = max(line.end, line.start + 1)
        here = [c for c in self._turn_codings[line.turn] if c.start < stop and c.end > line.start]
        theirs = [c for c in self._turn_others[line.turn] if c.start < stop and c.end > line.start] \
            if self._turn_others else []
        marks: list[Segment] = []
        seen: list[tuple[int, bool]] = []
        for c, mine in [(c, True) for c in here] + [(c, False) for c in theirs]:
            if (c.code_id, mine) in seen:
                continue
            seen.append((c.code_id, mine))
            if len(seen) <= MARKS:
                marks.append(self._mark(c.colour) if mine else self._mark(c.colour, "┆"))
        pad = MARKS - min(len(seen), MARKS)
        marks.append(Segment(" " * pad + ("+" if len(seen) > MARKS else " ") + " "))
        # cut the line at every boundary of a coding or of the selection
        shown_end = line.end
        while shown_end > line.start and text[shown_end - 1] in " \t":
            shown_end -= 1
        sel_a, sel_b = self.selection
        caret = sel_a == sel_b and line.start <= sel_a < max(shown_end, line.start + 1)
        if caret:  # an empty selection (the anchor just set) shows as one reversed cell
            shown_end = max(shown_end, sel_a + 1) if sel_a < len(text) and text[sel_a] != "\n" else shown_end
            sel_b = sel_a + 1
        cuts = {line.start, shown_end}
        for c in here:
            cuts.update(p for p in (c.start, c.end) if line.start < p < shown_end)
        cuts.update(p for p in (sel_a, sel_b) if line.start < p < shown_end)
        points = sorted(cuts)
        base_text = self._style("transcript--interviewer") if turn.role == "interviewer" else Style()
        selected = self._style("transcript--selection")
        segs = marks
        for a, b in itertools.pairwise(points):
            style = base_text
            covering = None
            for c in here:
                if c.start <= a and c.end >= b:
                    covering = c.colour
            if covering is not None:
                style = style + self._tint(covering)
            if sel_a <= a and b <= sel_b and sel_b > sel_a:
                style = style + selected
            segs.append(Segment(text[a:b], style))
        if self._margin:
            segs.extend(self._names(line, here, theirs, sum(len(x.text) for x in segs)))
        return segs

    def _names(self, line: Line, mine: list[CodingItem], theirs: list[CodingItem], used: int) -> list[Segment]:
        """The coding stripes' names in the right margin: each coding named on the line where it
        starts (or on the turn's first line when it starts earlier), other coders' with their name."""
        assert self.transcript is not None
        turn_start = self.transcript.turns[line.turn].start
        starting = [(c, True) for c in mine] + [(c, False) for c in theirs]
        names: list[tuple[str, str]] = []
        for c, is_mine in starting:
            begins_here = line.start <= c.start < max(line.end, line.start + 1)
            began_before = c.start < line.start == turn_start
            if begins_here or began_before:
                names.append((c.code if is_mine else f"{c.code}·{c.coder}", c.colour))
        pad = max(1, self.scrollable_content_region.width - self._margin - used)
        out = [Segment(" " * pad)]
        room = self._margin - 1
        for i, (name, colour) in enumerate(names):
            label = ("," if i else "") + name
            if len(label) > room:
                label = label[: max(0, room - 1)] + "…" if room > 1 else ""
            if not label:
                break
            out.append(Segment(label, self._name_style(colour)))
            room -= len(label)
        return out

    def _name_style(self, colour: str) -> Style:
        key = f"name:{colour}"
        style = self._style_cache.get(key)
        if style is None:
            style = Style(color=Color.parse(colour).rich_color, italic=True)
            self._style_cache[key] = style
        return style

    # -- cursor and selection ------------------------------------------------------------------
    def _turns(self) -> tuple[TranscriptTurn, ...]:
        return self.transcript.turns if self.transcript else ()

    def select(self, start: int, end: int) -> None:
        if self.transcript is None:
            return
        n = len(self.transcript.text)
        start, end = max(0, min(start, n)), max(0, min(end, n))
        self.selection = (min(start, end), max(start, end))

    def select_turn(self, index: int) -> None:
        turns = self._turns()
        if turns:
            turn = turns[max(0, min(index, len(turns) - 1))]
            self.select(turn.start, turn.end)

    def current_turn(self) -> int:
        return self.turn_at(self.selection[0])

    def action_turn(self, step: int) -> None:
        self.anchor_at = None
        turns = self._turns()
        if not turns:
            return
        index = self.current_turn()
        start, end = self.selection
        turn = turns[index]
        if step < 0 and (start, end) != (turn.start, turn.end) and start > turn.start:
            self.select_turn(index)  # first back to the start of this turn
        else:
            self.select_turn(index + step)

    def _sentences(self) -> list[tuple[int, int]]:
        return [s for t in self._turns() for s in t.sentences]

    def action_sentence(self, step: int) -> None:
        """Select the next (previous) sentence; from a selection that is not one sentence, first the
        sentence it starts in."""
        self.anchor_at = None
        sentences = self._sentences()
        if not sentences:
            return
        starts = [s[0] for s in sentences]
        start, end = self.selection
        i = max(0, bisect.bisect_right(starts, start) - 1)
        if sentences[i] == (start, end):
            i += step
        elif step < 0 and sentences[i][0] == start:
            i -= 1
        i = max(0, min(i, len(sentences) - 1))
        self.select(*sentences[i])

    def action_extend_sentence(self, step: int) -> None:
        self.anchor_at = None
        start, end = self.selection
        sentences = self._sentences()
        if step > 0:
            nxt = next((s for s in sentences if s[1] > end), None)
            if nxt:
                self.select(start, nxt[1])
        else:
            prev = [s for s in sentences if start < s[1] < end]
            if prev:
                self.select(start, prev[-1][1])

    # -- free selection: an anchor stays, the caret moves by word or character ---------------
    def action_anchor(self) -> None:
        """Set the anchor: at the caret when one is moving, else at the selection's start. The
        selection is then anchor to caret; word and character keys move the caret, either way."""
        if self.transcript is None:
            return
        caret = self._caret if self.anchor_at is not None else self.selection[0]
        self.anchor_at = self._caret = caret
        self._select_anchored()

    def _select_anchored(self) -> None:
        assert self.anchor_at is not None
        a, c = self.anchor_at, self._caret
        self.selection = (min(a, c), max(a, c))

    def _move_caret(self, to: int) -> None:
        assert self.transcript is not None
        self._caret = max(0, min(to, len(self.transcript.text)))
        self._select_anchored()

    def action_extend_word(self, step: int) -> None:
        if self.transcript is None:
            return
        text = self.transcript.text
        if self.anchor_at is not None:
            if step > 0:
                m = WORD.search(text, self._caret)
                self._move_caret(m.end() if m else len(text))
            else:
                before = [m.start() for m in WORD.finditer(text, max(0, self._caret - 200), self._caret)
                          if m.start() < self._caret]
                self._move_caret(before[-1] if before else self._caret)
            return
        start, end = self.selection
        if step > 0:
            m = WORD.search(text, end)
            if m:
                self.select(start, m.end())
        else:
            last = None
            for m in WORD.finditer(text, start, end):
                if m.end() < end:
                    last = m
            if last is not None:
                self.select(start, last.end())

    def action_extend_char(self, step: int) -> None:
        if self.anchor_at is not None:
            self._move_caret(self._caret + step)
            return
        start, end = self.selection
        if step > 0:
            self.select(start, end + 1)
        elif end - 1 > start:
            self.select(start, end - 1)

    def action_page(self, step: int) -> None:
        self.anchor_at = None
        if not self._lines:
            return
        height = max(1, self.scrollable_content_region.height)
        y = self.line_of(self.selection[0]) + step * height
        y = max(0, min(y, len(self._lines) - 1))
        self.select_turn(self._lines[y].turn)

    def action_edge(self, last: int) -> None:
        self.anchor_at = None
        self.select_turn(len(self._turns()) - 1 if last else 0)

    # -- mouse -------------------------------------------------------------------------------
    def offset_at(self, x: int, y: int) -> int | None:
        """The character offset under a cell of the view (``None`` past the text)."""
        if self.transcript is None:
            return None
        index = y + self.scroll_offset.y
        if not 0 <= index < len(self._lines):
            return None
        line = self._lines[index]
        if line.kind != TEXT:
            turn = self.transcript.turns[line.turn]
            return turn.start if line.kind == HEADER else turn.end
        return line.start + max(0, min(x + self.scroll_offset.x - GUTTER, line.end - line.start))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1:
            self._drag = self.offset_at(event.x, event.y)
            self._dragged = False
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag is None or not event.button:
            return
        here = self.offset_at(event.x, event.y)
        if here is not None and here != self._drag:
            self._dragged = True
            self.anchor_at = None
            self.select(min(self._drag, here), max(self._drag, here))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag is not None:
            self.capture_mouse(False)
            self._drag = None

    def on_click(self, event: events.Click) -> None:
        if self.transcript is None:
            return
        if self._dragged:  # the end of a drag, not a click: keep what was dragged over
            self._dragged = False
            return
        self.anchor_at = None
        y = event.y + self.scroll_offset.y
        if not 0 <= y < len(self._lines):
            return
        line = self._lines[y]
        if line.kind != TEXT:
            self.select_turn(line.turn)
            return
        offset = line.start + max(0, event.x + self.scroll_offset.x - GUTTER)
        for a, b in self.transcript.turns[line.turn].sentences:
            if a <= offset < b:
                self.select(a, b)
                return
        self.select_turn(line.turn)

    # -- what the screen asks ------------------------------------------------------------------
    def codings_at_selection(self) -> list[CodingItem]:
        start, end = self.selection
        if end <= start:
            end = start + 1
        turn = self.current_turn()
        pool = self._turn_codings[turn] if turn < len(self._turn_codings) else []
        if self.turn_at(max(start, end - 1)) != turn:
            pool = list(self.codings)
        return [c for c in pool if c.start < end and c.end > start]

    def line_count(self) -> int:
        return len(self._lines)
