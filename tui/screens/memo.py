"""Edit a memo (of a coding, an interview or a code) in a modal text area."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from tui.screens.ask import Ask


class MemoScreen(ModalScreen[str | None]):
    """Returns the new text on save (an empty text deletes the memo), ``None`` when the coder leaves
    without saving. Leaving with edits (esc, or ctrl+q for the whole app) asks first: what a coder
    typed is never thrown away without a yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save memo", id="memo.save"),
        Binding("escape", "cancel", "Close", id="memo.cancel"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.memo_title = title
        self.text = text
        self.quit_after = False  # the coder quit from here: the opener saves (if asked), then exits

    def compose(self) -> ComposeResult:
        with Vertical(id="memo-box", classes="dialog"):
            yield Label(self.memo_title, id="memo-title")
            yield TextArea(self.text, id="memo-text", soft_wrap=True, show_line_numbers=False)
            yield Label("ctrl+s save · esc close (asks when edited) · an empty memo is deleted", classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @property
    def edited(self) -> bool:
        return self.query_one(TextArea).text != self.text

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if not self.edited:
            self.dismiss(None)
            return
        self.leave(then_quit=False)

    def leave(self, then_quit: bool) -> None:
        """Ask what to do with the edits: save, discard, or go on editing."""
        text = self.query_one(TextArea).text

        def answered(choice: str | None) -> None:
            if choice is None:  # go on editing
                self.query_one(TextArea).focus()
                return
            self.quit_after = then_quit
            self.dismiss(text if choice == "save" else None)

        verb = "quitting" if then_quit else "closing"
        self.app.push_screen(Ask(f"The memo has edits that are not saved. Save before {verb}?",
                                 [("s", "save", "save"), ("d", "discard the edits", "discard")]), answered)
