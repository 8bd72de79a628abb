"""Tables that fit the width they are drawn in, by the rule the CLI follows (:mod:`kode.fit`): a
number, date or percentage is never cut, a name is cut only with ``…``, columns that are not
essential go by priority when room runs out and come back when the terminal is wider.

Textual's DataTable sizes each column to its content and lets the right edge cut whatever does not
fit, so at 80 columns "1 029" words showed as "1 02" and a percentage lost its parenthesis, with
nothing on screen to say so: a wrong figure the user cannot tell from a right one. A
:class:`FittedTable` is given its columns (:class:`kode.fit.Col`) and rows and lays them out again
whenever its width changes.

A wide matrix whose columns cannot all fit keeps them whole instead (``window=True``): the leading
columns stay, then as many whole value columns as fit, and the cursor moving past the last one
shifts the window; :attr:`FittedTable.hint` says how many columns are out of sight and on which side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from rich.text import Text
from textual import events
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from kode.fit import Col, ellipsize, fit_columns


@runtime_checkable
class Fitting(Protocol):
    """A cell that knows how to shorten itself (a keyword in context keeps its keyword whole)."""

    @property
    def plain(self) -> str: ...

    def fit(self, width: int) -> Text: ...


Value = str | Text | Fitting
PADDING = 1  # DataTable's cell padding on each side of a column


def plain(value: Value) -> str:
    return value if isinstance(value, str) else value.plain


def cut(value: Value, width: int, col: Col) -> str | Text:
    """``value`` in ``width`` cells, cut with ``…`` if it is a name; a fixed value is never cut."""
    text = plain(value)
    if isinstance(value, Fitting) and not isinstance(value, Text):
        return value.fit(width)
    if col.kind == "fixed" or len(text) <= width:
        return value
    if not isinstance(value, Text):
        return ellipsize(text, width, col.keep)
    if width <= 1:
        return Text("…"[:width])
    if col.keep == "end":
        return Text("…") + value[len(text) - width + 1:]
    if col.keep == "middle":
        tail = width // 2
        return value[: width - 1 - tail] + Text("…") + value[len(text) - tail:]
    return value[: width - 1] + Text("…")


@dataclass
class Layout:
    """One way to show the data: its columns and rows (and a note on how to read it, e.g. the legend
    of a compact cell format, for the screen to show)."""

    columns: Sequence[Col]
    rows: Sequence[Sequence[Value]]
    note: str = ""
    keys: Sequence[str | None] = field(default_factory=list)


def table_width(widths: Sequence[int]) -> int:
    """The cells a DataTable needs for columns of these content widths."""
    return sum(widths) + 2 * PADDING * len(widths)


class FittedTable(DataTable[Any]):
    """A DataTable whose columns fit its width. Call :meth:`show` with one or more layouts (the
    first that fits whole is used, else the last, fitted by dropping and shortening)."""

    class Refitted(Message):
        """The table was laid out again (new data, a new width, the window moved): the layout in
        use, and so its note and hint, may have changed."""

        def __init__(self, table: FittedTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> FittedTable:
            return self.table

    def __init__(self, *, window: bool = False, lead: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.window, self.lead = window, lead
        self.layouts: list[Layout] = []
        self.layout_used: Layout | None = None
        self.shown: list[int] = []  # index in the layout's columns of each column on screen
        self.widths: list[int] = []
        self.first = 0  # window mode: the first value column on screen
        self._fitted_width = -1

    # -- what the screens call ----------------------------------------------------------------
    def show(self, *layouts: Layout) -> None:
        self.layouts = list(layouts)
        self._refit(keep=self.cursor_coordinate)

    @property
    def hint(self) -> str:
        """How many columns are out of sight (window mode), e.g. ``"← 2 · 5 more columns →"``."""
        layout = self.layout_used
        if not self.window or layout is None:
            return ""
        values = len(layout.columns) - self.lead
        on_screen = len(self.shown) - min(self.lead, len(self.shown))
        left, right = self.first, values - self.first - on_screen
        parts = []
        if left > 0:
            parts.append(f"← {left} column{'s' if left != 1 else ''}")
        if right > 0:
            parts.append(f"{right} more column{'s' if right != 1 else ''} →")
        return " · ".join(parts)

    def column_index(self, column: int) -> int:
        """The layout column drawn at ``column`` on screen."""
        return self.shown[column] if 0 <= column < len(self.shown) else -1

    # -- fitting -------------------------------------------------------------------------------
    def available(self) -> int:
        """The cells the columns may take: the width inside the (always reserved) scrollbar."""
        return max(0, self.scrollable_content_region.width)

    def _choose(self, width: int) -> tuple[Layout, list[int], list[int]] | None:
        if not self.layouts:
            return None
        # fit_columns counts len(GAP) between columns; a DataTable pads each column by PADDING a side
        budget = width - 2 * PADDING
        for n, layout in enumerate(self.layouts):
            cells = [[plain(v) for v in row] for row in layout.rows]
            if self.window:
                shown, widths = self._window(layout, cells, width)
            else:
                shown, widths = fit_columns(layout.columns, cells, budget)
            whole = len(shown) == len(layout.columns) and table_width(widths) <= width
            if whole or n == len(self.layouts) - 1:
                return layout, shown, widths
        return None

    def _window(self, layout: Layout, cells: list[list[str]], width: int) -> tuple[list[int], list[int]]:
        """The lead columns fitted as names, then whole value columns from ``first`` while they fit."""
        cols = layout.columns
        natural = [max([len(c.header), *(len(r[i]) for r in cells)]) for i, c in enumerate(cols)]
        lead = list(range(min(self.lead, len(cols))))
        values = list(range(len(lead), len(cols)))
        self.first = max(0, min(self.first, len(values) - 1))
        lead_least = [natural[i] if cols[i].kind == "fixed" else min(natural[i], max(len(cols[i].header), cols[i].min))
                      for i in lead]
        room = width - table_width(lead_least)
        shown_values: list[int] = []
        for i in values[self.first:]:
            need = natural[i] + 2 * PADDING
            if need > room and shown_values:
                break
            shown_values.append(i)
            room -= need
        # at the right end, show as many columns as fit by moving the window left
        while self.first > 0 and natural[values[self.first - 1]] + 2 * PADDING <= room:
            self.first -= 1
            shown_values.insert(0, values[self.first])
            room -= natural[values[self.first]] + 2 * PADDING
        widths = list(lead_least)
        for k, i in enumerate(lead):  # the lead columns take back what is left, up to whole
            grow = max(0, min(room, natural[i] - widths[k]))
            widths[k] += grow
            room -= grow
        return lead + shown_values, widths + [natural[i] for i in shown_values]

    def _refit(self, keep: Coordinate | None = None) -> None:
        width = self.available()
        self._fitted_width = width
        chosen = self._choose(width)
        row = keep.row if keep is not None else 0
        column = self.column_index(keep.column) if keep is not None else 0
        self.clear(columns=True)
        if chosen is None:
            self.layout_used, self.shown, self.widths = None, [], []
            self.post_message(self.Refitted(self))
            return
        layout, self.shown, self.widths = chosen
        self.layout_used = layout
        for i, w in zip(self.shown, self.widths, strict=True):
            col = layout.columns[i]
            header = Text(ellipsize(col.header, w), justify="right" if col.right else "left")
            self.add_column(header, width=w, key=str(i))
        keys = list(layout.keys) or [None] * len(layout.rows)
        for values, key in zip(layout.rows, keys, strict=True):
            cells: list[Text] = []
            for i, w in zip(self.shown, self.widths, strict=True):
                col, value = layout.columns[i], cut(values[i], w, layout.columns[i])
                # a str cell would be read as Rich markup: "[latter] Du får" lost its "[latter]"
                cell = value if isinstance(value, Text) else Text(value)
                if col.right and cell.justify is None:
                    cell.justify = "right"
                cells.append(cell)
            self.add_row(*cells, key=key)
        if self.row_count:
            on_screen = self.shown.index(column) if column in self.shown else min(len(self.shown) - 1, max(0, column))
            self.cursor_coordinate = Coordinate(min(row, self.row_count - 1), max(0, on_screen))
        self.post_message(self.Refitted(self))

    def on_resize(self, event: events.Resize) -> None:
        if self.layouts and self.available() != self._fitted_width:
            self.call_after_refresh(self._refit, self.cursor_coordinate)

    # -- window mode: the cursor moving past the edge shifts the window ------------------------
    def _shift(self, step: int) -> bool:
        layout = self.layout_used
        if not self.window or layout is None:
            return False
        values = len(layout.columns) - self.lead
        if self.cursor_type not in ("cell", "column"):  # no cursor to follow: the arrows move the window
            hidden_right = values - self.first - (len(self.shown) - min(self.lead, len(self.shown)))
            if (step > 0 and hidden_right <= 0) or (step < 0 and self.first == 0):
                return False
            self.first += step
            self._refit(keep=self.cursor_coordinate)
            return True
        column = self.cursor_coordinate.column
        if step > 0 and column == len(self.shown) - 1 and self.column_index(column) < len(layout.columns) - 1:
            self.first = min(values - 1, self.first + 1)
        elif step < 0 and column == self.lead and self.first > 0:
            self.first -= 1
        else:
            return False
        target = self.column_index(column) + step
        keep = self.cursor_coordinate
        self._refit(keep=None)
        on_screen = self.shown.index(target) if target in self.shown else len(self.shown) - 1
        self.cursor_coordinate = Coordinate(keep.row, on_screen)
        return True

    def action_cursor_right(self) -> None:
        if not self._shift(1):
            super().action_cursor_right()

    def action_cursor_left(self) -> None:
        if not self._shift(-1):
            super().action_cursor_left()
