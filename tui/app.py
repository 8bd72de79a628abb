"""The workbench application: it composes screens and nothing else.

Every screen owns its bindings and actions; the app knows the façade (:class:`tui.facade.Workbench`),
the modes a user moves between, the title, and the theme.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.facade import Workbench
from tui.screens.browser import BrowserScreen
from tui.screens.coding import CodingScreen, InterviewState
from tui.screens.compare import CompareScreen
from tui.screens.matrix import MatrixScreen
from tui.screens.overview import OverviewScreen
from tui.screens.search import SearchScreen
from tui.screens.suggestions import SuggestionsScreen

DARK = "textual-dark"
LIGHT = "textual-light"


class KodeApp(App[None]):
    """``kode tui``: code interviews in the terminal."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "kode"
    ENABLE_COMMAND_PALETTE = True
    # below 110 columns the side panels narrow, so an 80-column terminal keeps ≥ 50 for the text
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    MODES: ClassVar[dict[str, type[Screen[None]]]] = {  # type: ignore[assignment]
        "overview": OverviewScreen,
        "search": SearchScreen,
        "browser": BrowserScreen,
        "matrix": MatrixScreen,
        "compare": CompareScreen,
        "suggestions": SuggestionsScreen,
    }

    def __init__(self, workbench: Workbench, *, theme: str = DARK, start_interview: int | None = None) -> None:
        super().__init__()
        self.workbench = workbench
        self.start_interview = start_interview
        self.interview_states: dict[int, InterviewState] = {}  # per interview, for the session
        self.recent_codes: list[int] = []  # ids of the last codes applied, newest first (keys 1–5)
        self.theme = theme
        self.title = f"kode · {workbench.project_name}"
        self.sub_title = f"coder {workbench.coder}"

    def on_mount(self) -> None:
        self.switch_mode("overview")
        if self.start_interview is not None:
            self.open_interview(self.start_interview)

    # -- composing screens ---------------------------------------------------------------------
    def goto(self, mode: str) -> None:
        """Show a screen by its mode. The overview (F2) is the list of interviews itself, also from
        an interview opened on top of it: each interview keeps its place and undo history for the
        session (:class:`tui.screens.coding.InterviewState`), so leaving it loses nothing."""
        if mode not in self.MODES:
            raise ValueError(f"no screen {mode!r}")
        if mode == "overview":
            for screen in self.screen_stack:
                if isinstance(screen, CodingScreen):
                    screen.remember_position()
            if self.current_mode != "overview":
                self.switch_mode("overview")
            stack = self.screen_stack
            extra = sum(1 for screen in stack[1:] if isinstance(screen, CodingScreen))
            if extra and extra == len(stack) - 1:
                for _ in range(extra):
                    self.pop_screen()
            return
        self.switch_mode(mode)

    def open_interview(self, interview_id: int, at: tuple[int, int] | None = None) -> None:
        """Open the coding screen on an interview, optionally with a passage selected."""
        state = self.interview_states.setdefault(interview_id, InterviewState())
        self.push_screen(CodingScreen(interview_id, at=at, state=state))

    def remember_code(self, code_id: int) -> None:
        """A code just applied goes first in the recent codes (at most five)."""
        self.recent_codes = [code_id, *(c for c in self.recent_codes if c != code_id)][:5]

    def compare_interview(self, interview_id: int) -> None:
        self.switch_mode("compare")
        screen = self.screen
        if isinstance(screen, CompareScreen):
            screen.choose_interview(interview_id)

    async def action_quit(self) -> None:
        """ctrl+q: quit, but a memo being edited asks first (save, discard or go on editing)."""
        from tui.screens.memo import MemoScreen

        screen = self.screen
        if isinstance(screen, MemoScreen) and screen.edited:
            screen.leave(then_quit=True)
            return
        self.exit()

    def show_pipeline(self, pipeline: str) -> None:
        self.sub_title = f"coder {self.workbench.coder} · {pipeline}"

    def toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    # -- command palette: every action of the screen in front ---------------------------------
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or binding.action.startswith("app."):
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"{screen.__class__.__name__.removesuffix('Screen')} · key {key}",
                partial(self.run_action, binding.action, active.node),
            )
