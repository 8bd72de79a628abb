"""The overview: interviews by site × group × wave with words, turns and the coder's progress;
filters; open an interview on the coding screen."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Header, Select, Static

from tui.facade import OverviewData, Selection
from tui.screens.base import WorkbenchScreen
from tui.widgets.keyhints import KeyHints


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def chosen(select: Select[str]) -> tuple[str, ...]:
    value = select.value
    return (str(value),) if isinstance(value, str) else ()


class OverviewScreen(WorkbenchScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o,enter", "open", "Open interview", id="overview.open"),
        Binding("v", "compare", "Compare coders", show=False, id="overview.compare"),
        Binding("ctrl+r", "reload", "Refresh", show=False, id="overview.refresh"),
        Binding("ctrl+l", "clear_filters", "Clear filters", show=False, id="overview.clear"),
    ]

    class Loaded(Message):
        def __init__(self, data: OverviewData) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.data: OverviewData | None = None
        self._filled_filters = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="overview-summary")
        with Horizontal(id="overview-filters", classes="filters"):
            yield Select[str]([], prompt="every site", id="filter-site")
            yield Select[str]([], prompt="every group", id="filter-group")
            yield Select[str]([], prompt="every wave", id="filter-wave")
        yield DataTable(id="overview-cells", cursor_type="none", zebra_stripes=True)
        yield DataTable(id="overview-interviews", cursor_type="row", zebra_stripes=True)
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#overview-interviews", DataTable).focus()

    def selection(self) -> Selection:
        return Selection(
            sites=chosen(self.query_one("#filter-site", Select)),
            groups=chosen(self.query_one("#filter-group", Select)),
            waves=chosen(self.query_one("#filter-wave", Select)),
        )

    def load(self) -> None:
        self._load(self.selection())

    @work(thread=True, exclusive=True, group="overview")
    def _load(self, selection: Selection) -> None:
        try:
            data = self.workbench.overview(selection)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(data))

    def on_overview_screen_loaded(self, message: OverviewScreen.Loaded) -> None:
        data = self.data = message.data
        self.kode.show_pipeline(data.pipeline)
        if not self._filled_filters:
            self._filled_filters = True
            with self.prevent(Select.Changed):
                self.query_one("#filter-site", Select).set_options((s, s) for s in data.sites)
                self.query_one("#filter-group", Select).set_options((g, g) for g in data.groups)
                self.query_one("#filter-wave", Select).set_options((w, w) for w in data.waves)
        words = sum(i.words for i in data.interviews)
        coded = sum(i.coded_turns for i in data.interviews)
        informant = sum(i.informant_turns for i in data.interviews)
        share = f"{100 * coded / informant:.0f} %" if informant else "–"
        self.query_one("#overview-summary", Static).update(
            Text.assemble(
                (f"{len(data.interviews)} interviews", "bold"),
                f" · {thousands(words)} words · pipeline {data.pipeline} · coder ",
                (data.coder, "bold"),
                f" · informant turns coded {share}",
            )
        )
        self._fill_cells(data)
        self._fill_interviews(data)

    def _fill_cells(self, data: OverviewData) -> None:
        table: DataTable[Any] = self.query_one("#overview-cells", DataTable)
        table.clear(columns=True)
        waves = [w for w in data.waves if any(c.wave == w for c in data.cells)] or list(data.waves)
        table.add_columns("site · group", *waves)
        rows = sorted({(c.site, c.group) for c in data.cells},
                      key=lambda sg: (data.sites.index(sg[0]) if sg[0] in data.sites else 99,
                                      data.groups.index(sg[1]) if sg[1] in data.groups else 99))
        for site, group in rows:
            cells: list[Text | str] = [f"{site} · {group}"]
            for wave in waves:
                cell = next((c for c in data.cells if (c.site, c.group, c.wave) == (site, group, wave)), None)
                cells.append(Text(f"{cell.interviews} iv · {thousands(cell.words)} w · {cell.codings} cod")
                             if cell else Text("–", style="dim"))
            table.add_row(*cells)

    def _fill_interviews(self, data: OverviewData) -> None:
        table: DataTable[Any] = self.query_one("#overview-interviews", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_columns("interview", "site", "group", "wave", "participants", "words", "turns", "codings", "coded")
        for iv in data.interviews:
            share = f"{100 * iv.coded_turns / iv.informant_turns:.0f} %" if iv.informant_turns else "–"
            table.add_row(iv.name, iv.site, iv.group, iv.wave, ", ".join(iv.participants),
                          Text(thousands(iv.words), justify="right"), Text(str(iv.turns), justify="right"),
                          Text(str(iv.codings), justify="right"), Text(share, justify="right"), key=str(iv.id))
        if data.interviews:
            table.move_cursor(row=min(keep, len(data.interviews) - 1))

    def on_select_changed(self, event: Select.Changed) -> None:
        self.load()

    def _current(self) -> int | None:
        table: DataTable[Any] = self.query_one("#overview-interviews", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value or 0)

    def action_open(self) -> None:
        interview = self._current()
        if interview is not None:
            self.kode.open_interview(interview)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "overview-interviews":
            self.action_open()

    def action_compare(self) -> None:
        interview = self._current()
        if interview is not None:
            self.kode.compare_interview(interview)

    def action_reload(self) -> None:
        self.load()

    def action_clear_filters(self) -> None:
        for select in self.query(Select):
            select.clear()
