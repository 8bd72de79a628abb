"""The codebook beside the transcript: a tree of codes with their colour, key and count, and the
definition, inclusion and exclusion of the code under the cursor."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from kode.fit import ellipsize
from tui.facade import CodeItem


def code_label(code: CodeItem, width: int | None = None) -> list[Segment]:
    """One line of the codebook: indent, colour, key, name (struck through when retired) and count.

    Given a ``width`` the line fits it: the name is cut with "…" and the count stays whole (the
    right edge used to cut both, so "Innflytting og kartlegging  7" read "Innflytting og kartl")."""
    head = [
        Segment("  " * code.depth),
        Segment("■ ", Style(color=code.colour)),
        Segment(f"[{code.key}] " if code.key else "    ", BOLD),
    ]
    count = ""
    if code.count or code.total:  # in this interview / in the project (the coder's codings)
        count = f"  {code.count}/{code.total}" if code.total != code.count else f"  {code.count}"
    name = code.name
    if width is not None:
        room = width - sum(len(seg.text) for seg in head) - len(count)
        name = ellipsize(name, max(1, room))
    segments = [*head, Segment(name, RETIRED if code.status != "active" else None)]
    if count:
        segments.append(Segment(count, DIM))
    return segments


BOLD, DIM, RETIRED = Style(bold=True), Style(dim=True), Style(dim=True, strike=True)


class CodebookTree(ScrollView, can_focus=True):
    """The codes in tree order (as the façade gives them, children indented under their parent),
    one line each, drawn lazily. Set ``codes``; it reports the highlighted code and the code a user
    chose with enter. (Textual's Tree draws each line at several times the cost, and the codebook
    is redrawn whenever a count changes.)"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Apply code", id="codebook.apply"),
        Binding("down", "move(1)", "Next code", show=False, id="codebook.next"),
        Binding("up", "move(-1)", "Previous code", show=False, id="codebook.previous"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="codebook.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="codebook.page_up"),
        Binding("home", "move(-100000)", "First code", show=False, id="codebook.first"),
        Binding("end", "move(100000)", "Last code", show=False, id="codebook.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"codebook--cursor"}

    DEFAULT_CSS = """
    CodebookTree > .codebook--cursor { background: $block-cursor-blurred-background; }
    CodebookTree:focus > .codebook--cursor { background: $block-cursor-background; text-style: bold; }
    """

    codes: reactive[tuple[CodeItem, ...]] = reactive((), repaint=False, always_update=True)
    cursor: reactive[int] = reactive(0, repaint=False)

    class Highlighted(Message):
        def __init__(self, code: CodeItem | None) -> None:
            super().__init__()
            self.code = code

    class Chosen(Message):
        def __init__(self, code: CodeItem) -> None:
            super().__init__()
            self.code = code

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._index: dict[int, int] = {}
        self._labels: list[list[Segment]] = []

    def watch_codes(self, old: tuple[CodeItem, ...], codes: tuple[CodeItem, ...]) -> None:
        if len(old) == len(codes) and all(a.id == b.id for a, b in zip(old, codes, strict=True)):
            for i, (a, b) in enumerate(zip(old, codes, strict=True)):  # a count changed: that line only
                if a != b:
                    self._labels[i] = code_label(b)
                    self.refresh_lines(i)
            if old[self.cursor] != codes[self.cursor] if 0 <= self.cursor < len(codes) else False:
                self.post_message(self.Highlighted(self.highlighted_code))
            return
        current = old[self.cursor].id if 0 <= self.cursor < len(old) else None
        self._index = {c.id: i for i, c in enumerate(codes)}
        self._labels = [code_label(c) for c in codes]
        # no sideways scrolling: a line too long for the panel is fitted to it (render_line)
        self.virtual_size = Size(0, len(codes))
        position = self._index.get(current, 0) if current is not None else 0
        if position != self.cursor:
            self.cursor = position
        else:
            self.post_message(self.Highlighted(self.highlighted_code))
        self.refresh()

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.refresh_lines(old)
        self.refresh_lines(new)
        self.post_message(self.Highlighted(self.highlighted_code))

    @property
    def highlighted_code(self) -> CodeItem | None:
        return self.codes[self.cursor] if 0 <= self.cursor < len(self.codes) else None

    def show_code(self, code_id: int) -> None:
        if code_id in self._index:
            self.cursor = self._index[code_id]

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._labels):
            return Strip.blank(width, base)
        style = base + self.get_component_rich_style("codebook--cursor") if index == self.cursor else base
        label = self._labels[index]
        if sum(len(seg.text) for seg in label) > width:
            label = code_label(self.codes[index], width)
        strip = Strip(label).apply_style(style)
        return strip.crop(0, width).adjust_cell_length(width, style)

    def action_move(self, step: int) -> None:
        if self.codes:
            self.cursor = max(0, min(len(self.codes) - 1, self.cursor + step))

    def action_choose(self) -> None:
        code = self.highlighted_code
        if code is not None:
            self.post_message(self.Chosen(code))

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.codes):
            if index == self.cursor and event.chain > 1:
                self.action_choose()
            self.cursor = index


class BrowserCodes(CodebookTree):
    """The codebook of the code browser: enter shows the highlighted code's segments (it applies
    nothing there), and the footer says so."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Segments", id="browser.segments"),
    ]


def fit_status(text: Text, width: int) -> Text:
    """``text`` (parts joined by " · ") in one line of ``width``: the longest part between the first
    and the last is cut with "…" (down to 12 cells), then whole parts go from the left, so what
    comes last — an action not saved, a write waiting — is not what the edge cuts."""
    if text.cell_len <= width:
        return text
    sep = " · "
    parts = [part.copy() for part in text.split(sep, include_separator=False)]

    def total() -> int:
        return sum(p.cell_len for p in parts) + len(sep) * (len(parts) - 1)

    while total() > width:
        long = [i for i in range(1, len(parts) - 1) if parts[i].cell_len > 12]
        if long:
            i = max(long, key=lambda i: parts[i].cell_len)
            parts[i].truncate(max(12, parts[i].cell_len - (total() - width)), overflow="ellipsis")
        elif len(parts) > 2:
            del parts[1]
        else:
            break
    out = Text(sep).join(parts)
    out.truncate(width, overflow="ellipsis")
    return out


class StatusLine(Widget):
    """One line of status text; changing it repaints this line only (no layout pass). Too long for
    the line, it shortens (:func:`fit_status`) instead of losing its end at the edge."""

    DEFAULT_CSS = "StatusLine { height: 1; }"

    text: reactive[Text] = reactive(Text(), layout=False)

    def render(self) -> Text:
        return fit_status(self.text, self.content_region.width or self.size.width)


class RecentCodes(Widget):
    """The last codes applied, on the number keys 1–5: one line, newest first."""

    DEFAULT_CSS = "RecentCodes { height: 1; }"

    codes: reactive[tuple[CodeItem, ...]] = reactive((), layout=False)

    def render(self) -> Text:
        """Whole entries only: one that does not fit the line is left out (it still works on its
        number key), never cut at the edge."""
        text = Text(no_wrap=True)
        if not self.codes:
            return Text("recent codes go on 1–5", style="dim")
        room = self.size.width
        for n, code in enumerate(self.codes, start=1):
            name = code.name if len(code.name) <= 14 else code.name[:13] + "…"
            room -= len(f"{n}■{name} ")
            if room < -1 and n > 1:  # the last entry's trailing space may go
                break
            text.append(f"{n}", style="bold reverse")
            text.append("■", style=code.colour)
            text.append(f"{name} ")
        return text

    def on_resize(self) -> None:
        self.refresh()


class CodeInfo(Static):
    """What a code means: definition, inclusion and exclusion, for the code under the cursor."""

    code: reactive[CodeItem | None] = reactive(None)

    def render(self) -> Text:
        code = self.code
        if code is None:
            return Text("No code highlighted.", style="dim")
        text = Text()
        text.append("■ ", style=code.colour)
        text.append(code.path, style="bold")
        if code.label:
            text.append(f"  ({code.label})", style="dim")
        for title, body in (("Definisjon", code.definition), ("Inkluder", code.inclusion),
                            ("Ekskluder", code.exclusion)):
            if body:
                text.append(f"\n{title}: ", style="bold")
                text.append(body)
        if code.status != "active":
            text.append("\nRetired: takes no new codings.", style="italic")
        return text
