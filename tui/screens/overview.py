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

from kode.fit import Col
from tui.facade import OverviewData, Selection
from tui.screens.base import WorkbenchScreen
from tui.widgets.fitted import FittedTable, Layout
from tui.widgets.keyhints import KeyHints

# The interviews, as ``kode list`` shows them: the participants go first when room runs out (the
# name usually holds them), then turns, group and site (the filters above say those); the figures
# are never cut, and a long interview name keeps both ends, where files differ.
INTERVIEW_COLUMNS = (
    Col("interview", min=16, keep="middle"), Col("site", min=6, drop=3), Col("group", min=6, drop=2),
    Col("wave", "fixed"), Col("participants", min=7, drop=1), Col("words", "fixed", right=True),
    Col("turns", "fixed", drop=4, right=True), Col("codings", "fixed", right=True),
    Col("coded", "fixed", right=True),
)
CELL_LEGEND = "each cell: interviews · words · codings"


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
        yield Static("", id="overview-cells-note")
        yield FittedTable(id="overview-cells", window=True, cursor_type="none", zebra_stripes=True)
        yield FittedTable(id="overview-interviews", cursor_type="row", zebra_stripes=True)
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
        # It wraps rather than lose its end; what a coder reads for is first, the pipeline last.
        self.query_one("#overview-summary", Static).update(
            Text.assemble(
                (f"{len(data.interviews)} interviews", "bold"),
                f" · {thousands(words)} words · coder ",
                (data.coder, "bold"),
                f" · informant turns coded {share} · pipeline {data.pipeline}",
            )
        )
        self._fill_cells(data)
        self._fill_interviews(data)

    def _fill_cells(self, data: OverviewData) -> None:
        """Site · group × wave. Where "3 iv · 2 709 w · 23 cod" does not fit every wave, the cells
        shorten to "3 · 2 709 · 23" under a legend; where even those do not fit, whole waves go out of
        sight to the right (the cursor is off here, so they scroll with the arrow keys' hint)."""
        waves = [w for w in data.waves if any(c.wave == w for c in data.cells)] or list(data.waves)
        rows = sorted({(c.site, c.group) for c in data.cells},
                      key=lambda sg: (data.sites.index(sg[0]) if sg[0] in data.sites else 99,
                                      data.groups.index(sg[1]) if sg[1] in data.groups else 99))
        by_place = {(c.site, c.group, c.wave): c for c in data.cells}
        columns = (Col("site · group", min=12), *(Col(w, "fixed") for w in waves))
        layouts = []
        for fmt, note in (("{} iv · {} w · {} cod", ""), ("{} · {} · {}", CELL_LEGEND)):
            lines: list[list[str | Text]] = []
            for site, group in rows:
                cells: list[str | Text] = [f"{site} · {group}"]
                for wave in waves:
                    cell = by_place.get((site, group, wave))
                    cells.append(Text(fmt.format(cell.interviews, thousands(cell.words), cell.codings))
                                 if cell else Text("–", style="dim"))
                lines.append(cells)
            layouts.append(Layout(columns, lines, note=note))
        self.query_one("#overview-cells", FittedTable).show(*layouts)

    def on_fitted_table_refitted(self, message: FittedTable.Refitted) -> None:
        if message.table.id != "overview-cells":
            return
        layout = message.table.layout_used
        note = " · ".join(part for part in ((layout.note if layout else ""), message.table.hint) if part)
        box = self.query_one("#overview-cells-note", Static)
        box.update(Text(note, style="dim"))
        box.display = bool(note)

    def _fill_interviews(self, data: OverviewData) -> None:
        rows: list[list[str | Text]] = []
        for iv in data.interviews:
            share = f"{100 * iv.coded_turns / iv.informant_turns:.0f} %" if iv.informant_turns else "–"
            rows.append([iv.name, iv.site, iv.group, iv.wave, ", ".join(iv.participants), thousands(iv.words),
                         str(iv.turns), str(iv.codings), share])
        self.query_one("#overview-interviews", FittedTable).show(
            Layout(INTERVIEW_COLUMNS, rows, keys=[str(iv.id) for iv in data.interviews]))

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
