"""A one-line list of the main keys in force: Textual's Footer recomposes one widget per key on
every focus change, which costs more than a whole transcript repaint; this is a single line of text."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget


class KeyHints(Widget):
    """Shows the bindings in force that are marked ``show=True`` as ``key action`` pairs; F1 lists
    every binding and ctrl+p every action."""

    DEFAULT_CSS = """
    KeyHints { height: 1; background: $panel; color: $text-muted; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)

    def _changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Text:
        """As many whole hints as the line holds, in binding order, and always ``^p palette`` last
        (it lists every action): a hint is never cut to '"  In' at the edge."""
        hints: list[tuple[str, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            hints.append((f" {self.app.get_key_display(binding)} ", f" {binding.description} "))
        palette = (" ^p ", " palette")
        room = self.size.width - len(palette[0]) - len(palette[1])
        text = Text(no_wrap=True)
        for key, description in hints:
            room -= len(key) + len(description)
            if room < 0:
                break
            text.append(key, style="bold reverse")
            text.append(description)
        text.append(palette[0], style="bold reverse")
        text.append(palette[1])
        return text

    def on_resize(self) -> None:
        self.refresh()
