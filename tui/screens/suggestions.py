"""Suggestions from autocoding: accept or reject them one by one, or all marked at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from kode.fit import Col
from tui.facade import ChangeResult, SuggestionItem
from tui.screens.base import WorkbenchScreen
from tui.widgets.fitted import FittedTable, Layout
from tui.widgets.keyhints import KeyHints

# the code keeps its leaf end; unit and query go first when room runs out, then the interview
SUGGESTION_COLUMNS = (
    Col(" ", "fixed"), Col("code", min=12, max=20), Col("interview", min=14, max=24, keep="middle", drop=3),
    Col("unit", "fixed", drop=1), Col("query", min=8, max=12, drop=2), Col("text", "text", min=30),
)


class SuggestionsScreen(WorkbenchScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "decide(True)", "Accept", id="suggestions.accept"),
        Binding("d", "decide(False)", "Reject", id="suggestions.reject"),
        Binding("space", "mark", "Mark", id="suggestions.mark"),
        Binding("asterisk", "mark_all", "Mark all", show=False, id="suggestions.mark_all"),
        Binding("o", "open", "Open in context", id="suggestions.open"),
    ]

    class Loaded(Message):
        def __init__(self, items: list[SuggestionItem]) -> None:
            super().__init__()
            self.items = items

    class Decided(Message):
        def __init__(self, result: ChangeResult, accept: bool) -> None:
            super().__init__()
            self.result, self.accept = result, accept

    def __init__(self) -> None:
        super().__init__()
        self.items: list[SuggestionItem] = []
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="suggestions-summary")
        yield FittedTable(id="suggestions-table", cursor_type="row", zebra_stripes=True)
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def load(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="suggestions")
    def _load(self) -> None:
        try:
            items = self.workbench.suggestions("open")
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(items))

    def on_suggestions_screen_loaded(self, message: SuggestionsScreen.Loaded) -> None:
        self.items = message.items
        self.marked &= {s.id for s in self.items}
        self._fill()

    def _fill(self) -> None:
        self.query_one("#suggestions-table", FittedTable).show(Layout(
            SUGGESTION_COLUMNS,
            [["●" if s.id in self.marked else " ", Text.assemble(("■ ", s.colour), s.code), s.interview, s.unit,
              s.query, " ".join(s.text.split())] for s in self.items],
            keys=[str(s.id) for s in self.items]))
        if not self.items:  # say where suggestions come from, not just that there are none
            self.query_one("#suggestions-summary", Static).update(Text.assemble(
                ("No open suggestions.", "bold"), " Autocoding makes them from each code's search terms: ",
                ("kode autocode PROJECT", "bold"), " (see docs/coding.md); they wait here until you accept or reject."))
            return
        self.query_one("#suggestions-summary", Static).update(Text.assemble(
            (f"{len(self.items)} open suggestions", "bold"),
            f" · {len(self.marked)} marked" if self.marked else "",
            " · accepting makes a coding of ", (self.workbench.coder, "bold")))

    def _current(self) -> SuggestionItem | None:
        table: DataTable[Any] = self.query_one(DataTable)
        if not self.items or not table.row_count:
            return None
        return self.items[table.cursor_row]

    def action_mark(self) -> None:
        item = self._current()
        if item is None:
            return
        self.marked ^= {item.id}
        table: DataTable[Any] = self.query_one(DataTable)
        row = table.cursor_row
        self._fill()
        table.move_cursor(row=min(row + 1, table.row_count - 1))

    def action_mark_all(self) -> None:
        every = {s.id for s in self.items}
        self.marked = set() if self.marked == every else every
        self._fill()

    def action_decide(self, accept: bool) -> None:
        item = self._current()
        ids = sorted(self.marked) if self.marked else ([item.id] if item else [])
        if ids:
            self._decide(ids, accept)

    @work(thread=True, group="suggestions-write")
    def _decide(self, ids: Sequence[int], accept: bool) -> None:
        try:
            result = self.workbench.decide(ids, accept)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Decided(result, accept))

    def on_suggestions_screen_decided(self, message: SuggestionsScreen.Decided) -> None:
        verb = "accepted" if message.accept else "rejected"
        extra = f" ({message.result.skipped} decided meanwhile by someone else)" if message.result.skipped else ""
        self.notify(f"{message.result.done} suggestion(s) {verb}{extra}.")
        self.marked.clear()
        self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        item = self._current()
        if item is not None:
            self.kode.open_interview(item.interview_id, at=(item.start, item.end))
