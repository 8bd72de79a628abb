"""Find a code by typing part of its name, label or path (fuzzy, with rapidfuzz)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rapidfuzz import fuzz, process
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.facade import CodeItem


def rank_codes(codes: Sequence[CodeItem], query: str, limit: int = 30) -> list[CodeItem]:
    """Active codes best matching ``query`` over name, label and path; all of them when it is empty."""
    active = [c for c in codes if c.status == "active"]
    query = query.strip()
    if not query:
        return active[:limit]
    choices = {c.id: f"{c.name} {c.label or ''} {c.path}".casefold() for c in active}
    by_id = {c.id: c for c in active}
    found = process.extract(query.casefold(), choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=45)
    return [by_id[key] for _choice, _score, key in found]


class CodeFinder(ModalScreen[int | None]):
    """Returns the id of the chosen code, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="finder.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="finder.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="finder.previous"),
    ]

    def __init__(self, codes: Sequence[CodeItem], title: str = "Apply code") -> None:
        super().__init__()
        self.codes = list(codes)
        self.finder_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="finder-box", classes="dialog"):
            yield Label(self.finder_title, id="finder-title")
            yield Input(placeholder="name, label or path …", id="finder-input")
            yield OptionList(id="finder-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for code in rank_codes(self.codes, query):
            label = Text()
            label.append("■ ", style=code.colour)
            label.append(code.path)
            if code.label:
                label.append(f"  {code.label}", style="dim")
            options.add_option(Option(label, id=str(code.id)))
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            self.dismiss(int(option.id or 0))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
