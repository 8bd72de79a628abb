"""What every workbench screen shares: the way between screens, help, theme, and background work.

Each screen owns its bindings; the navigation bindings live here so that every screen offers them
and a user can remap them by id (``nav.search`` …) through the app's keymap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from tui.facade import Workbench

if TYPE_CHECKING:
    from tui.app import KodeApp


class Failed(Message):
    """A worker's call into the project failed with a message the user can act on."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class WorkbenchScreen(Screen[None]):
    """A screen of the workbench. ``load`` is called whenever the screen is shown, so it shows what
    other coders or the CLI wrote meanwhile."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", id="nav.help"),
        Binding("f2", "goto('overview')", "Overview", show=False, id="nav.overview"),
        Binding("f3", "goto('search')", "Search", show=False, id="nav.search"),
        Binding("f4", "goto('browser')", "Codes", show=False, id="nav.browser"),
        Binding("f5", "goto('matrix')", "Matrix", show=False, id="nav.matrix"),
        Binding("f6", "goto('compare')", "Compare", show=False, id="nav.compare"),
        Binding("f7", "goto('suggestions')", "Suggestions", show=False, id="nav.suggestions"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, id="app.theme"),
        Binding("ctrl+q", "app.quit", "Quit", show=False, id="app.quit", priority=True),
    ]

    @property
    def kode(self) -> KodeApp:
        from tui.app import KodeApp

        assert isinstance(self.app, KodeApp)
        return self.app

    @property
    def workbench(self) -> Workbench:
        return self.kode.workbench

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        """Ask the project for this screen's data (in a worker); screens override it."""

    def on_failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=6)

    def fail(self, exc: Exception) -> None:
        """Report an error from a worker thread (thread-safe)."""
        self.post_message(Failed(str(exc) or exc.__class__.__name__))

    def action_goto(self, mode: str) -> None:
        self.kode.goto(mode)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_toggle_theme(self) -> None:
        self.kode.toggle_theme()
