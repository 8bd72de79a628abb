"""The code browser: every segment of a code, filtered by site, group, wave and coder, with a jump
to its context on the coding screen."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Select, Static

from kode.fit import Col
from tui.facade import CodeItem, Segment, Selection
from tui.screens.base import WorkbenchScreen
from tui.screens.overview import chosen
from tui.widgets.codebook import BrowserCodes, CodebookTree, CodeInfo
from tui.widgets.fitted import FittedTable, Layout
from tui.widgets.keyhints import KeyHints

# site and group go first when room runs out (the filters above choose them), then the coder
SEGMENT_COLUMNS = (
    Col("interview", min=14, keep="middle"), Col("wave", "fixed"), Col("group", min=6, drop=2),
    Col("site", min=6, drop=1), Col("coder", min=5, drop=3), Col("turn", "fixed", right=True),
    Col("text", "text", min=16),
)


def excerpt(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class BrowserScreen(WorkbenchScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open", "Open in context", id="browser.open"),
        Binding("tab", "switch_focus", "Codes ⇄ segments", id="browser.focus"),
    ]

    class Loaded(Message):
        def __init__(self, codes: list[CodeItem], coders: list[str], vocab: tuple[tuple[str, ...], ...]) -> None:
            super().__init__()
            self.codes, self.coders, self.vocab = codes, coders, vocab

    class Segments(Message):
        def __init__(self, code: CodeItem, segments: list[Segment]) -> None:
            super().__init__()
            self.code, self.segments = code, segments

    def __init__(self) -> None:
        super().__init__()
        self.segments: list[Segment] = []
        self._filled = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="browser-body"):
            with Vertical(id="browser-side"):
                yield BrowserCodes(id="browser-codes")
                yield CodeInfo(id="browser-info")
            with Vertical(id="browser-main"):
                with Horizontal(classes="filters"):
                    yield Select[str]([], prompt="every site", id="browser-site")
                    yield Select[str]([], prompt="every group", id="browser-group")
                    yield Select[str]([], prompt="every wave", id="browser-wave")
                    yield Select[str]([], prompt="every coder", id="browser-coder")
                yield Static("", id="browser-summary")
                yield FittedTable(id="browser-segments", cursor_type="row", zebra_stripes=True)
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(CodebookTree).focus()

    def load(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="browser")
    def _load(self) -> None:
        try:
            codes = self.workbench.codebook()
            coders = self.workbench.coders()
            data = self.workbench.overview()
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(codes, coders, (data.sites, data.groups, data.waves)))

    def on_browser_screen_loaded(self, message: BrowserScreen.Loaded) -> None:
        self.query_one(CodebookTree).codes = tuple(message.codes)
        if not self._filled:
            self._filled = True
            sites, groups, waves = message.vocab
            with self.prevent(Select.Changed):
                self.query_one("#browser-site", Select).set_options((s, s) for s in sites)
                self.query_one("#browser-group", Select).set_options((g, g) for g in groups)
                self.query_one("#browser-wave", Select).set_options((w, w) for w in waves)
                self.query_one("#browser-coder", Select).set_options((c, c) for c in message.coders)
        self._segments()

    def selection(self) -> Selection:
        return Selection(
            sites=chosen(self.query_one("#browser-site", Select)),
            groups=chosen(self.query_one("#browser-group", Select)),
            waves=chosen(self.query_one("#browser-wave", Select)),
            coders=chosen(self.query_one("#browser-coder", Select)),
        )

    def on_codebook_tree_highlighted(self, message: CodebookTree.Highlighted) -> None:
        self.query_one(CodeInfo).code = message.code
        self._segments()

    def on_codebook_tree_chosen(self, message: CodebookTree.Chosen) -> None:
        self.query_one(DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._segments()

    def _segments(self) -> None:
        code = self.query_one(CodebookTree).highlighted_code
        if code is not None:
            self._fetch(code, self.selection())

    @work(thread=True, exclusive=True, group="browser-segments")
    def _fetch(self, code: CodeItem, selection: Selection) -> None:
        try:
            segments = self.workbench.segments(code.id, selection)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Segments(code, segments))

    def on_browser_screen_segments(self, message: BrowserScreen.Segments) -> None:
        self.segments = message.segments
        self.query_one("#browser-segments", FittedTable).show(Layout(
            SEGMENT_COLUMNS,
            [[s.interview, s.wave, s.group, s.site, s.coder, str(s.turn or ""), " ".join(s.text.split())]
             for s in message.segments],
            keys=[str(i) for i in range(len(message.segments))]))
        interviews = len({s.interview_id for s in message.segments})
        self.query_one("#browser-summary", Static).update(Text.assemble(
            ("■ ", message.code.colour), (message.code.path, "bold"),
            f" · {len(message.segments)} segments in {interviews} interviews"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        table: DataTable[Any] = self.query_one(DataTable)
        if self.segments and table.row_count:
            s = self.segments[table.cursor_row]
            self.kode.open_interview(s.interview_id, at=(s.start, s.end))

    def action_switch_focus(self) -> None:
        tree = self.query_one(CodebookTree)
        if tree.has_focus:
            self.query_one(DataTable).focus()
        else:
            tree.focus()
