"""A question with a few answers, each on its own key: the workbench asks before it destroys
anything a coder wrote (a coding's memo, an edited memo)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class Ask(ModalScreen[str | None]):
    """Returns the value of the answer chosen by its key, or ``None`` on Esc (which never destroys)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(None)", "Cancel", id="ask.cancel"),
    ]

    def __init__(self, question: str, answers: Sequence[tuple[str, str, str]], detail: str = "") -> None:
        """``answers``: (key, label, value) for each choice, e.g. ("y", "delete", "yes")."""
        super().__init__()
        self.question = question
        self.detail = detail
        self.answers = list(answers)

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box", classes="dialog"):
            yield Label(self.question, id="ask-question")
            if self.detail:
                yield Static(self.detail, id="ask-detail")
            line = Text()
            for key, label, _value in self.answers:
                line.append(f" {key} ", style="bold reverse")
                line.append(f" {label}   ")
            line.append(" esc ", style="bold reverse")
            line.append(" cancel")
            yield Label(line, id="ask-answers")

    def on_key(self, event: events.Key) -> None:
        for key, _label, value in self.answers:
            if event.key == key or event.character == key:
                event.stop()
                event.prevent_default()
                self.dismiss(value)
                return

    def action_answer(self, value: str | None) -> None:
        self.dismiss(value)
