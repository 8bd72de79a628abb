"""The codebook beside the transcript: a tree of codes with their colour, key and count, and the
definition, inclusion and exclusion of the code under the cursor."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from tui.facade import CodeItem


def code_label(code: CodeItem) -> Text:
    text = Text()
    text.append("■ ", style=code.colour)
    text.append(f"[{code.key}] " if code.key else "    ", style="bold")
    text.append(code.name, style="dim strike" if code.status != "active" else "")
    if code.count:
        text.append(f"  {code.count}", style="dim")
    return text


class CodebookTree(Tree[CodeItem]):
    """Set ``codes`` (in tree order, as the façade gives them); it reports the highlighted code and
    the code a user chose with enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Apply code", id="codebook.apply"),
    ]

    codes: reactive[tuple[CodeItem, ...]] = reactive((), always_update=True)

    class Highlighted(Message):
        def __init__(self, code: CodeItem | None) -> None:
            super().__init__()
            self.code = code

    class Chosen(Message):
        def __init__(self, code: CodeItem) -> None:
            super().__init__()
            self.code = code

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Kodebok", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._code_nodes: dict[int, TreeNode[CodeItem]] = {}

    def watch_codes(self, codes: tuple[CodeItem, ...]) -> None:
        current = self.highlighted_code
        same_shape = [c.id for c in codes] == list(self._code_nodes) and all(
            getattr(self._code_nodes[c.id].data, "parent_id", None) == c.parent_id for c in codes
        )
        if same_shape:  # only counts or labels changed: relabel in place, keep the cursor
            for c in codes:
                node = self._code_nodes[c.id]
                if node.data != c:
                    node.data = c
                    node.set_label(code_label(c))
            self.post_message(self.Highlighted(self.highlighted_code))
            return
        self.clear()
        self._code_nodes = {}
        for c in codes:
            parent = self._code_nodes.get(c.parent_id) if c.parent_id is not None else None
            node = (parent or self.root).add(code_label(c), data=c, expand=True, allow_expand=False)
            if parent is not None:
                parent.allow_expand = True
            self._code_nodes[c.id] = node
        self.root.expand()
        keep = current.id if current is not None and current.id in self._code_nodes else None
        if keep is None and codes:
            keep = codes[0].id
        if keep is not None:
            self.call_after_refresh(self.move_cursor, self._code_nodes[keep])

    @property
    def highlighted_code(self) -> CodeItem | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def show_code(self, code_id: int) -> None:
        node = self._code_nodes.get(code_id)
        if node is not None:
            self.move_cursor(node)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[CodeItem]) -> None:
        event.stop()
        self.post_message(self.Highlighted(event.node.data))

    def on_tree_node_selected(self, event: Tree.NodeSelected[CodeItem]) -> None:
        event.stop()

    def action_choose(self) -> None:
        code = self.highlighted_code
        if code is not None:
            self.post_message(self.Chosen(code))


class StatusLine(Widget):
    """One line of status text; changing it repaints this line only (no layout pass)."""

    DEFAULT_CSS = "StatusLine { height: 1; }"

    text: reactive[Text] = reactive(Text(), layout=False)

    def render(self) -> Text:
        return self.text


class CodeInfo(Static):
    """What a code means: definition, inclusion and exclusion, for the code under the cursor."""

    code: reactive[CodeItem | None] = reactive(None)

    def render(self) -> Text:
        code = self.code
        if code is None:
            return Text("No code highlighted.", style="dim")
        text = Text()
        text.append("■ ", style=code.colour)
        text.append(code.path, style="bold")
        if code.label:
            text.append(f"  ({code.label})", style="dim")
        for title, body in (("Definisjon", code.definition), ("Inkluder", code.inclusion),
                            ("Ekskluder", code.exclusion)):
            if body:
                text.append(f"\n{title}: ", style="bold")
                text.append(body)
        if code.status != "active":
            text.append("\nRetired: takes no new codings.", style="italic")
        return text
