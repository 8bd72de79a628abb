"""Find a code by typing the start of its name, label or path (a typo still finds it, with rapidfuzz);
the codes' keys are shown beside them, so the finder also teaches the keys."""

from __future__ import annotations

import re
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

WORD_START = re.compile(r"\w+", re.UNICODE)  # the words of a name, label or path


def rank_codes(codes: Sequence[CodeItem], query: str, limit: int = 30) -> list[CodeItem]:
    """Active codes best matching ``query``, best first; all of them (in tree order) when it is empty.

    A coder types the start of what they mean, so matches are ranked in tiers before any fuzzy
    score: the key itself; a name or label that starts with the query; a word of the name, label
    or path that starts with it; the query anywhere in them; and only then a fuzzy match (rapidfuzz,
    for a typo). Within a tier the codebook's own order holds. A query with ``/`` matches the path."""
    active = [c for c in codes if c.status == "active"]
    q = query.strip().casefold()
    if not q:
        return active[:limit]
    ranked: list[tuple[int, float, int, CodeItem]] = []
    rest: dict[int, str] = {}
    for order, c in enumerate(active):
        name, label, path = c.name.casefold(), (c.label or "").casefold(), c.path.casefold()
        words = WORD_START.findall(f"{name} {label} {path}")
        if c.key is not None and q == c.key.casefold():
            tier = 0
        elif name == q or label == q:
            tier = 1
        elif name.startswith(q) or label.startswith(q) or path.startswith(q):
            tier = 2
        elif any(w.startswith(q) for w in words) or ("/" in q and f"/{q}" in f"/{path}"):
            tier = 3
        elif q in name or q in label or q in path:
            tier = 4
        else:
            rest[order] = f"{name} {label} {path}"
            continue
        ranked.append((tier, 0.0, order, c))
    if rest and len(ranked) < limit:
        for _choice, score, order in process.extract(q, rest, scorer=fuzz.WRatio, limit=limit, score_cutoff=70):
            ranked.append((5, -score, order, active[order]))
    ranked.sort(key=lambda r: (r[0], r[1], r[2]))
    return [r[3] for r in ranked[:limit]]


class CodeFinder(ModalScreen[int | None]):
    """Returns the id of the chosen code, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="finder.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="finder.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="finder.previous"),
    ]

    def __init__(self, codes: Sequence[CodeItem], title: str = "Apply code", top_level: bool = False) -> None:
        """``top_level`` offers "(top level)" first, returned as 0: a parent for a new code."""
        super().__init__()
        self.codes = list(codes)
        self.finder_title = title
        self.top_level = top_level

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
        if self.top_level and not query.strip():
            options.add_option(Option(Text("(top level: no parent)", style="italic"), id="0"))
        for code in rank_codes(self.codes, query):
            label = Text()
            label.append("■ ", style=code.colour)
            label.append(f"[{code.key}] " if code.key else "    ", style="bold")
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


class FindPrompt(ModalScreen[str | None]):
    """Ask what to find in the transcript (the query language of search, lemma-aware)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="find.cancel")]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(id="find-box", classes="dialog"):
            yield Label("Find in this interview (words by lemma, =exact, prefix*, \"a phrase\"); "
                        "enter again: next", id="find-title")
            yield Input(value=self.query_text, placeholder="hjem, =hjemme, trygg*, \"på rommet\" …",
                        id="find-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
