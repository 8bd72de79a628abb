"""Search the corpus: results as keyword-in-context, open a hit on the coding screen at that place,
apply a code to a hit or to every marked hit."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Select, Static

from kode.fit import Col
from tui.facade import ChangeResult, CodeItem, SearchHit, SearchResult, Selection
from tui.screens.base import WorkbenchScreen
from tui.screens.overview import chosen
from tui.widgets.fitted import FittedTable, Layout
from tui.widgets.keyhints import KeyHints

KWIC = 24


def kwic(hit: SearchHit, width: int = KWIC, right_width: int | None = None) -> Text:
    """The hit in bold with up to ``width`` characters of context before it (``right_width`` after,
    the same by default); a context cut short starts (or ends) with "…", so "…erte forløpet" does
    not read as a word "erte"."""
    right_width = width if right_width is None else right_width
    left = " ".join(hit.left.split())
    right = " ".join(hit.right.split())
    if len(left) > width:
        left = "…" + left[len(left) - width + 1:] if width > 0 else ""
    if len(right) > right_width:
        right = right[: right_width - 1] + "…" if right_width > 0 else ""
    return Text.assemble(left.rjust(width), " ", (hit.match, "bold reverse"), " ", right)


class Kwic:
    """A keyword-in-context cell that fits any width the table gives it: the keyword stays whole,
    the contexts share the rest, the same on every row so the keywords line up."""

    def __init__(self, hit: SearchHit) -> None:
        self.hit = hit

    @property
    def plain(self) -> str:  # the width it would like: KWIC characters of context a side
        return kwic(self.hit).plain.ljust(2 * KWIC + len(self.hit.match) + 2)

    def fit(self, width: int) -> Text:
        room = max(0, width - len(self.hit.match) - 2)
        return kwic(self.hit, room - room // 2, room // 2)


# the keyword in context is what the screen is for: below ~36 cells of it the participant goes
# (the interview name holds it), then the wave
HIT_COLUMNS = (
    Col(" ", "fixed"), Col("participant", min=6, drop=1), Col("interview", min=14, max=24, keep="middle"),
    Col("wave", "fixed", drop=2), Col("turn", "fixed", right=True), Col("hit", "text", min=36),
)


class SearchScreen(WorkbenchScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_query", "New search", id="search.query"),
        Binding("space", "mark", "Mark hit", id="search.mark"),
        Binding("asterisk", "mark_all", "Mark all", show=False, id="search.mark_all"),
        Binding("a", "code", "Code hit(s)", id="search.code"),
        Binding("o", "open", "Open in context", id="search.open"),
    ]

    class Found(Message):
        def __init__(self, result: SearchResult, codes: list[CodeItem]) -> None:
            super().__init__()
            self.result, self.codes = result, codes

    class Vocabulary(Message):
        def __init__(self, sites: tuple[str, ...], groups: tuple[str, ...], waves: tuple[str, ...]) -> None:
            super().__init__()
            self.sites, self.groups, self.waves = sites, groups, waves

    class Coded(Message):
        def __init__(self, result: ChangeResult, code: str) -> None:
            super().__init__()
            self.result, self.code = result, code

    def __init__(self) -> None:
        super().__init__()
        self.result: SearchResult | None = None
        self.codes: list[CodeItem] = []
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search: words, =exact, prefix*, fuzzy~, \"a phrase\", AND OR NOT …",
                    id="search-query")
        with Horizontal(classes="filters"):
            yield Select[str]([], prompt="every site", id="search-site")
            yield Select[str]([], prompt="every group", id="search-group")
            yield Select[str]([], prompt="every wave", id="search-wave")
        yield Static("", id="search-summary")
        yield FittedTable(id="search-hits", cursor_type="row", zebra_stripes=True)
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._vocabulary()

    @work(thread=True, exclusive=True, group="search-vocabulary")
    def _vocabulary(self) -> None:
        try:
            data = self.workbench.overview()
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Vocabulary(data.sites, data.groups, data.waves))

    def on_search_screen_vocabulary(self, message: SearchScreen.Vocabulary) -> None:
        with self.prevent(Select.Changed):
            self.query_one("#search-site", Select).set_options((s, s) for s in message.sites)
            self.query_one("#search-group", Select).set_options((g, g) for g in message.groups)
            self.query_one("#search-wave", Select).set_options((w, w) for w in message.waves)

    def selection(self) -> Selection:
        return Selection(
            sites=chosen(self.query_one("#search-site", Select)),
            groups=chosen(self.query_one("#search-group", Select)),
            waves=chosen(self.query_one("#search-wave", Select)),
        )

    def load(self) -> None:
        query = self.query_one(Input).value.strip()
        if query:
            self._search(query, self.selection())

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new site, group or wave runs the search again (the marks belong to the old hits)."""
        query = self.query_one(Input).value.strip()
        if query:
            self.marked.clear()
            self._search(query, self.selection())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if query:
            self.marked.clear()
            self._search(query, self.selection())
            self.query_one(DataTable).focus()

    def run_query(self, query: str) -> None:
        self.query_one(Input).value = query
        self.marked.clear()
        self._search(query, self.selection())
        self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str, selection: Selection) -> None:
        try:
            result = self.workbench.search(query, selection)
            codes = self.workbench.codebook()
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Found(result, codes))

    def on_search_screen_found(self, message: SearchScreen.Found) -> None:
        self.result = message.result
        self.codes = message.codes
        self._fill()

    def _fill(self) -> None:
        result = self.result
        if result is None:
            return
        self.query_one("#search-hits", FittedTable).show(Layout(
            HIT_COLUMNS,
            [["●" if i in self.marked else " ", hit.participant or "—", hit.interview, hit.wave,
              str(hit.turn or ""), Kwic(hit)] for i, hit in enumerate(result.hits)],
            keys=[str(i) for i in range(len(result.hits))]))
        counts = " · ".join(f"{label} {n}" for label, n in result.counts)
        shown = f" (first {len(result.hits)} shown)" if result.total > len(result.hits) else ""
        chosen_now = self.selection()
        where = ", ".join((*chosen_now.sites, *chosen_now.groups, *chosen_now.waves))
        self.query_one("#search-summary", Static).update(
            Text.assemble((f"{result.total} hits", "bold"), shown, f" for {result.query!r}",
                          f" in {where}" if where else "",
                          f" · {counts}" if counts else "", f" · {len(self.marked)} marked" if self.marked else ""))

    def _current(self) -> int | None:
        table: DataTable[Any] = self.query_one(DataTable)
        if self.result is None or not self.result.hits or not table.row_count:
            return None
        return table.cursor_row

    def action_focus_query(self) -> None:
        self.query_one(Input).focus()

    def action_mark(self) -> None:
        i = self._current()
        if i is None:
            return
        self.marked ^= {i}
        self._fill()
        table: DataTable[Any] = self.query_one(DataTable)
        table.move_cursor(row=min(i + 1, table.row_count - 1))

    def action_mark_all(self) -> None:
        if self.result is None:
            return
        every = set(range(len(self.result.hits)))
        self.marked = set() if self.marked == every else every
        self._fill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        i = self._current()
        if i is not None and self.result is not None:
            hit = self.result.hits[i]
            self.kode.open_interview(hit.interview_id, at=(hit.start, hit.end))

    def action_code(self) -> None:
        from tui.screens.finder import CodeFinder

        if self.result is None or not self.result.hits:
            return
        current = self._current()
        targets = sorted(self.marked) or ([current] if current is not None else [])
        hits = [self.result.hits[i] for i in targets]
        if not hits:
            return

        def chosen(code_id: int | None) -> None:
            if code_id:
                self._code(hits, code_id)

        title = f"Apply a code to {len(hits)} hit{'s' if len(hits) != 1 else ''}"
        self.app.push_screen(CodeFinder(self.codes, title), chosen)

    @work(thread=True, group="search-write")
    def _code(self, hits: list[SearchHit], code_id: int) -> None:
        result = ChangeResult(done=0)
        name = next((c.name for c in self.codes if c.id == code_id), str(code_id))
        try:
            for hit in hits:
                item = self.workbench.add_coding(hit.interview_id, code_id, hit.start, hit.end)
                if item.created:
                    result.done += 1
                else:
                    result.skipped += 1
        except Exception as exc:
            self.fail(exc)
        self.post_message(self.Coded(result, name))

    def on_search_screen_coded(self, message: SearchScreen.Coded) -> None:
        self.marked.clear()
        self._fill()
        done, skipped = message.result.done, message.result.skipped
        text = f"{done} hit{'s' if done != 1 else ''} coded {message.code}"
        if skipped:
            text += f"; {skipped} {'was' if skipped == 1 else 'were'} coded {message.code} already"
        self.notify(text + ".")
