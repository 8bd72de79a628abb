"""The matrix: codes × waves split by group or site; codings, and the share of participants who
said it; open a cell to read its quotes."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from kode.fit import Col
from tui.facade import MatrixCell, MatrixData, Segment
from tui.screens.base import WorkbenchScreen
from tui.widgets.fitted import FittedTable, Layout
from tui.widgets.keyhints import KeyHints

QUOTE_COLUMNS = (Col("interview", min=14, keep="middle"), Col("turn", "fixed", right=True),
                 Col("quote", "text", min=20))


def cell_text(cell: MatrixCell | None) -> Text:
    if cell is None or not cell.codings:
        return Text("·", style="dim", justify="center")
    return Text(f"{cell.codings} · {cell.participants}/{cell.of_participants} ({100 * cell.share:.0f} %)",
                justify="right")


class MatrixScreen(WorkbenchScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "split", "Split group/site", id="matrix.split"),
        Binding("tab", "switch_focus", "Matrix/quotes", show=False, id="matrix.focus"),
        Binding("o", "open", "Open quote", id="matrix.open"),
    ]

    class Loaded(Message):
        def __init__(self, data: MatrixData) -> None:
            super().__init__()
            self.data = data

    class Quotes(Message):
        def __init__(self, title: str, segments: list[Segment]) -> None:
            super().__init__()
            self.title, self.segments = title, segments

    def __init__(self) -> None:
        super().__init__()
        self.split_by = "group"
        self.data: MatrixData | None = None
        self.quotes: list[Segment] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="matrix-summary")
        # whole columns only: those that do not fit wait to the right (the summary says how many)
        yield FittedTable(id="matrix-table", window=True, cursor_type="cell", zebra_stripes=True)
        yield Static("Enter on a cell shows its quotes here.", id="matrix-quotes-title")
        yield FittedTable(id="matrix-quotes", cursor_type="row", zebra_stripes=True)
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#matrix-table", DataTable).focus()

    def load(self) -> None:
        self._load(self.split_by)

    @work(thread=True, exclusive=True, group="matrix")
    def _load(self, split_by: str) -> None:
        try:
            data = self.workbench.matrix(split_by)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(data))

    def on_matrix_screen_loaded(self, message: MatrixScreen.Loaded) -> None:
        data = self.data = message.data
        columns = (Col("code", min=22), *(Col(column, "fixed", right=True) for column in data.columns))
        rows = [[Text.assemble(("■ ", code.colour), ("  " * code.depth) + code.name),
                 *(cell_text(data.cell(code.id, col)) for col in data.columns)] for code in data.codes]
        self.query_one("#matrix-table", FittedTable).show(
            Layout(columns, rows, keys=[str(code.id) for code in data.codes]))
        self._summary()

    def _summary(self) -> None:
        data = self.data
        if data is None:
            return
        hint = self.query_one("#matrix-table", FittedTable).hint
        self.query_one("#matrix-summary", Static).update(Text.assemble(
            ("Codes × waves", "bold"), f" split by {data.split_by}: codings · participants coded/interviewed "
            f"(share) for coder {self.workbench.coder}", ("  " + hint if hint else "", "bold")))

    def on_fitted_table_refitted(self, message: FittedTable.Refitted) -> None:
        if message.table.id == "matrix-table":
            self._summary()

    def action_split(self) -> None:
        self.split_by = "site" if self.split_by == "group" else "group"
        self.load()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        data = self.data
        index = self.query_one("#matrix-table", FittedTable).column_index(event.coordinate.column)
        if data is None or index <= 0:
            return
        code = data.codes[event.coordinate.row]
        column = data.columns[index - 1]
        cell = data.cell(code.id, column)
        if cell is not None:
            self._quotes(code.id, f"{code.name} · {column}", cell)

    @work(thread=True, exclusive=True, group="matrix-quotes")
    def _quotes(self, code_id: int, title: str, cell: MatrixCell) -> None:
        assert self.data is not None
        try:
            segments = self.workbench.cell_segments(code_id, cell.wave, self.data.split_by, cell.split)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Quotes(title, segments))

    def on_matrix_screen_quotes(self, message: MatrixScreen.Quotes) -> None:
        self.quotes = message.segments
        table = self.query_one("#matrix-quotes", FittedTable)
        table.show(Layout(QUOTE_COLUMNS, [[s.interview, str(s.turn or ""), " ".join(s.text.split())]
                                          for s in message.segments],
                          keys=[str(i) for i in range(len(message.segments))]))
        self.query_one("#matrix-quotes-title", Static).update(
            Text.assemble((message.title, "bold"), f" · {len(message.segments)} quotes"))
        if message.segments:
            table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        table: DataTable[Any] = self.query_one("#matrix-quotes", DataTable)
        if self.quotes and table.row_count:
            s = self.quotes[table.cursor_row]
            self.kode.open_interview(s.interview_id, at=(s.start, s.end))

    def action_switch_focus(self) -> None:
        matrix = self.query_one("#matrix-table", DataTable)
        if matrix.has_focus:
            self.query_one("#matrix-quotes", DataTable).focus()
        else:
            matrix.focus()
