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

from tui.facade import MatrixCell, MatrixData, Segment
from tui.screens.base import WorkbenchScreen
from tui.screens.browser import excerpt
from tui.widgets.keyhints import KeyHints


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
        yield DataTable(id="matrix-table", cursor_type="cell", zebra_stripes=True)
        yield Static("Enter on a cell shows its quotes here.", id="matrix-quotes-title")
        yield DataTable(id="matrix-quotes", cursor_type="row", zebra_stripes=True)
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
        table: DataTable[Any] = self.query_one("#matrix-table", DataTable)
        keep = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("code", key="code")
        for column in data.columns:
            table.add_column(column, key=column)
        for code in data.codes:
            label = Text.assemble(("■ ", code.colour), ("  " * code.depth) + code.name)
            table.add_row(label, *(cell_text(data.cell(code.id, col)) for col in data.columns), key=str(code.id))
        if data.codes:
            table.cursor_coordinate = keep if keep.row < table.row_count and keep.column < len(table.columns) \
                else table.cursor_coordinate
        self.query_one("#matrix-summary", Static).update(Text.assemble(
            ("Codes × waves", "bold"), f" split by {data.split_by}: codings · participants coded/interviewed "
            f"(share) for coder {self.workbench.coder}"))

    def action_split(self) -> None:
        self.split_by = "site" if self.split_by == "group" else "group"
        self.load()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        data = self.data
        if data is None or event.coordinate.column == 0:
            return
        code = data.codes[event.coordinate.row]
        column = data.columns[event.coordinate.column - 1]
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
        table: DataTable[Any] = self.query_one("#matrix-quotes", DataTable)
        table.clear(columns=True)
        table.add_columns("interview", "turn", "quote")
        for i, s in enumerate(message.segments):
            table.add_row(s.interview, str(s.turn or ""), excerpt(s.text, 110), key=str(i))
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
