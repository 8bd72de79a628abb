"""Help: the text of ``help.md`` and every binding of the screen it was opened from."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

HELP = Path(__file__).resolve().parent.parent / "help.md"


def bindings_table(screen: Screen[Any]) -> str:
    """A Markdown table of the keys active on ``screen`` (the focused widget's, the screen's, the app's)."""
    rows: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        label = screen.app.get_key_display(binding)
        rows.setdefault(binding.description, [])
        if label not in rows[binding.description]:
            rows[binding.description].append(label)
        del key
    lines = ["| keys | action |", "|---|---|"]
    lines += [f"| {' · '.join(keys)} | {what} |" for what, keys in rows.items()]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1", "close", "Close help", id="help.close"),
    ]

    def __init__(self, origin: Screen[Any]) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        text = HELP.read_text(encoding="utf-8")
        title = self.origin.__class__.__name__.removesuffix("Screen")
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Markdown(f"{text}\n\n## Keys here ({title})\n\n{bindings_table(self.origin)}")

    def action_close(self) -> None:
        self.dismiss(None)
