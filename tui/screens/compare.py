"""Compare coders: the workbench coder and another on one interview, side by side, with their
agreement figures and a walk through the disagreements where the other's coding can be adopted."""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Select, Static

from kode.fit import Col
from tui.facade import CodeAgreement, CodingItem, Comparison, Disagreement, InterviewItem
from tui.screens.base import WorkbenchScreen
from tui.screens.browser import excerpt
from tui.widgets.fitted import FittedTable, Layout
from tui.widgets.keyhints import KeyHints

SIDE_COLUMNS = (Col("code", min=10, max=18), Col("text", "text", min=12))


def figure(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


class CompareScreen(WorkbenchScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "walk(1)", "Next disagreement", id="compare.next"),
        Binding("p", "walk(-1)", "Previous disagreement", id="compare.previous"),
        Binding("a", "adopt", "Adopt their coding", id="compare.adopt"),
        Binding("o", "open", "Open in context", id="compare.open"),
    ]

    class Choices(Message):
        def __init__(self, interviews: list[InterviewItem], coders: list[str]) -> None:
            super().__init__()
            self.interviews, self.coders = interviews, coders

    class Compared(Message):
        def __init__(self, comparison: Comparison) -> None:
            super().__init__()
            self.comparison = comparison

    class Adopted(Message):
        def __init__(self, coding: CodingItem) -> None:
            super().__init__()
            self.coding = coding

    def __init__(self) -> None:
        super().__init__()
        self.comparison: Comparison | None = None
        self.index = -1
        self.interview_id: int | None = None
        self.other: str | None = None
        self.texts: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="filters"):
            yield Select[int]([], prompt="interview", id="compare-interview")
            yield Select[str]([], prompt="other coder", id="compare-coder")
        yield FittedTable(id="compare-agreement", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="compare-sides"):
            with Vertical():
                yield Label("", id="compare-a-title")
                yield FittedTable(id="compare-a", cursor_type="row")
            with Vertical():
                yield Label("", id="compare-b-title")
                yield FittedTable(id="compare-b", cursor_type="row")
        yield Static("Choose an interview and another coder.", id="compare-disagreement")
        yield KeyHints()

    def choose_interview(self, interview_id: int) -> None:
        self.interview_id = interview_id
        self.index = -1
        self.load()

    def choose_coder(self, coder: str) -> None:
        self.other = coder
        self.index = -1
        self.load()

    def load(self) -> None:
        self._choices()

    @work(thread=True, exclusive=True, group="compare-choices")
    def _choices(self) -> None:
        try:
            data = self.workbench.overview()
            coders = [c for c in self.workbench.coders() if c != self.workbench.coder]
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Choices(list(data.interviews), coders))

    def on_compare_screen_choices(self, message: CompareScreen.Choices) -> None:
        with self.prevent(Select.Changed):
            ivs = self.query_one("#compare-interview", Select)
            ivs.set_options((iv.name, iv.id) for iv in message.interviews)
            coders = self.query_one("#compare-coder", Select)
            coders.set_options((c, c) for c in message.coders)
            if self.interview_id is None and message.interviews:
                self.interview_id = message.interviews[0].id
            if self.interview_id is not None:
                ivs.value = self.interview_id
            if self.other is None and message.coders:
                self.other = message.coders[0]
            if self.other in message.coders:
                coders.value = self.other
        self._compare()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "compare-interview" and isinstance(event.value, int):
            self.interview_id = event.value
        elif event.select.id == "compare-coder" and isinstance(event.value, str):
            self.other = event.value
        self._compare()

    def _compare(self) -> None:
        if self.interview_id is not None and self.other:
            self._run(self.interview_id, self.other)

    @work(thread=True, exclusive=True, group="compare")
    def _run(self, interview_id: int, other: str) -> None:
        try:
            comparison = self.workbench.compare(interview_id, self.workbench.coder, other)
            transcript = self.workbench.transcript(interview_id)
        except Exception as exc:
            self.fail(exc)
            return
        self.texts = {0: transcript.text}
        self.post_message(self.Compared(comparison))

    def on_compare_screen_compared(self, message: CompareScreen.Compared) -> None:
        c = self.comparison = message.comparison
        self.index = min(self.index, len(c.disagreements) - 1)
        # every figure stays whole (the percentages and coefficients first of all); the code name
        # is cut with "…" when the terminal is narrow
        columns = (Col("code", min=12), *(Col(h, "fixed", right=True) for h in (
            "units", "both", f"only {c.coder_a}", f"only {c.coder_b}", "neither", "%", "kappa", "alpha")))
        self.query_one("#compare-agreement", FittedTable).show(
            Layout(columns, [self._agreement_row(row) for row in (c.overall, *c.codes)]))
        for side, coder, codings in (("a", c.coder_a, c.codings_a), ("b", c.coder_b, c.codings_b)):
            self.query_one(f"#compare-{side}-title", Label).update(
                Text.assemble((coder, "bold"), f" · {len(codings)} codings"))
            text = self.texts.get(0, "")
            self.query_one(f"#compare-{side}", FittedTable).show(Layout(
                SIDE_COLUMNS,
                [[Text.assemble(("■ ", item.colour), item.code), " ".join(text[item.start:item.end].split())]
                 for item in codings],
                keys=[str(item.id) for item in codings]))
        self._show()

    @staticmethod
    def _agreement_row(row: CodeAgreement) -> list[str | Text]:
        return [Text(row.code, style="bold" if row.code.startswith("(") else ""), str(row.units), str(row.both),
                str(row.only_a), str(row.only_b), str(row.neither), figure(row.percent, 1), figure(row.kappa),
                figure(row.alpha)]

    def _current(self) -> Disagreement | None:
        c = self.comparison
        if c is None or not 0 <= self.index < len(c.disagreements):
            return None
        return c.disagreements[self.index]

    def _show(self) -> None:
        c = self.comparison
        box = self.query_one("#compare-disagreement", Static)
        if c is None:
            return
        d = self._current()
        if d is None:
            box.update(Text.assemble((f"{len(c.disagreements)} disagreements", "bold"),
                                     " in informant turns · n next, p previous"))
            return
        text = self.texts.get(0, "")
        box.update(Text.assemble(
            (f"Disagreement {self.index + 1}/{len(c.disagreements)}", "bold"),
            f" · turn {d.turn} · {d.code} · only ", (d.has, "bold"), " coded it",
            "  (a adopts it)" if d.has != self.workbench.coder else "", "\n", excerpt(text[d.start:d.end], 300)))
        side = "a" if d.has == c.coder_a else "b"
        pane: DataTable[Any] = self.query_one(f"#compare-{side}", DataTable)
        with contextlib.suppress(Exception):  # the row is not in the pane (adopted meanwhile)
            pane.move_cursor(row=pane.get_row_index(str(d.coding_id)))

    def action_walk(self, step: int) -> None:
        c = self.comparison
        if c is None or not c.disagreements:
            self.notify("No disagreements.")
            return
        self.index = (self.index + step) % len(c.disagreements)
        self._show()

    def action_adopt(self) -> None:
        d = self._current()
        if d is None:
            self.notify("Walk to a disagreement first (n).", severity="warning")
            return
        if d.has == self.workbench.coder:
            self.notify("That coding is yours; open it (o) to remove it if the other coder is right.")
            return
        self._adopt(d.coding_id)

    @work(thread=True, group="compare-write")
    def _adopt(self, coding_id: int) -> None:
        try:
            coding = self.workbench.adopt(coding_id)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Adopted(coding))

    def on_compare_screen_adopted(self, message: CompareScreen.Adopted) -> None:
        self.notify(f"Adopted {message.coding.code} as your coding.")
        self._compare()

    def action_open(self) -> None:
        d = self._current()
        if d is not None and self.comparison is not None:
            self.kode.open_interview(self.comparison.interview_id, at=(d.start, d.end))
