"""The coding screen: one interview's transcript, the codebook beside it, and every coding action.

Each change goes to the project at once (one transaction in the façade) from a worker thread; the
mark appears when the worker reports back. Undo and redo cover every coding action of the session.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Header

from tui.facade import CodeItem, CodingItem, MemoItem, MemoTarget, ProjectBusy, Transcript, in_vivo_name
from tui.screens.base import WorkbenchScreen
from tui.widgets.codebook import CodebookTree, CodeInfo, RecentCodes, StatusLine
from tui.widgets.keyhints import KeyHints
from tui.widgets.transcript import TranscriptView

OpKind = Literal["add", "remove"]


@dataclass(frozen=True)
class Op:
    """A coding action as done: undoing an ``add`` removes ``item``; undoing a ``remove`` adds it back."""

    kind: OpKind
    item: CodingItem


@dataclass
class InterviewState:
    """What the coding screen keeps of one interview for the whole session, so leaving it and
    coming back finds the undo history, the reading position and any unsaved action again."""

    undo: list[Op] = field(default_factory=list)
    redo: list[Op] = field(default_factory=list)
    selection: tuple[int, int] | None = None
    scroll_y: float = 0.0
    pending: list[tuple[Op, str]] = field(default_factory=list)  # (op, origin) the project refused


def quote(text: str, width: int = 48) -> str:
    """A passage on one line, cut to ``width`` with an ellipsis: how a coding is named to a coder."""
    flat = " ".join(text.split())
    return f"«{flat}»" if len(flat) <= width else f"«{flat[: width - 1]}…»"


class CodingScreen(WorkbenchScreen):
    # Letters and digits are left free on this screen: they are the codes' keys.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="coding.back"),
        Binding("tab", "switch_focus", "Transcript/codebook", show=False, id="coding.focus"),
        Binding("slash", "find_code", "Find code", id="coding.find"),
        Binding("ctrl+f", "find_text", "Find in text", id="coding.find_text"),
        Binding("space", "apply_highlighted", "Apply code", id="coding.apply"),
        Binding("enter", "apply_next", "Apply, next uncoded", show=False, id="coding.apply_next"),
        Binding("quotation_mark,i", "in_vivo", "In vivo", id="coding.in_vivo"),
        *[Binding(str(n), f"recent({n})", f"Recent code {n}", show=False, id=f"coding.recent_{n}")
          for n in range(1, 6)],
        Binding("ctrl+w", "toggle_others", "Other coders", show=False, id="coding.others"),
        Binding("delete,backspace", "remove", "Remove coding", id="coding.remove"),
        Binding("ctrl+z", "undo", "Undo", id="coding.undo"),
        Binding("ctrl+y", "redo", "Redo", id="coding.redo"),
        Binding("ctrl+e", "memo('coding')", "Memo", id="coding.memo"),
        Binding("ctrl+g", "memo('interview')", "Interview memo", show=False, id="coding.memo_interview"),
        Binding("ctrl+k", "memo('code')", "Code memo", show=False, id="coding.memo_code"),
        Binding("ctrl+n", "next_uncoded", "Next uncoded", id="coding.next_uncoded"),
        Binding("ctrl+o", "next_of_code", "Next of code", show=False, id="coding.next_of_code"),
        Binding("ctrl+r", "retry", "Retry unsaved", show=False, id="coding.retry"),
    ]

    # waits between tries of a write the project refused because another program held it; each
    # try itself waits for the database's busy timeout first
    RETRY_WAITS: ClassVar[tuple[float, ...]] = (0.5, 1.5)
    WAITING_AFTER = 0.3  # seconds before a write in flight shows "waiting for the project…"

    class Loaded(Message):
        def __init__(self, transcript: Transcript, codings: list[CodingItem], codes: list[CodeItem]) -> None:
            super().__init__()
            self.transcript, self.codings, self.codes = transcript, codings, codes

    class Changed(Message):
        """A coding action reached the project. ``origin`` is do, undo or redo."""

        def __init__(self, op: Op, origin: str) -> None:
            super().__init__()
            self.op, self.origin = op, origin

    class MemoLoaded(Message):
        def __init__(self, target: MemoTarget, target_id: int, title: str, text: str) -> None:
            super().__init__()
            self.target, self.target_id, self.title, self.text = target, target_id, title, text

    class MemoSaved(Message):
        def __init__(self, target: MemoTarget, target_id: int, memo: MemoItem | None, quit_after: bool) -> None:
            super().__init__()
            self.target, self.target_id, self.memo, self.quit_after = target, target_id, memo, quit_after

    class Waiting(Message):
        """A write found the project held by another program and waits to try again."""

        def __init__(self, attempt: int, of: int) -> None:
            super().__init__()
            self.attempt, self.of = attempt, of

    class Stuck(Message):
        """A write still found the project held after every try: kept, to retry."""

        def __init__(self, op: Op, origin: str, text: str) -> None:
            super().__init__()
            self.op, self.origin, self.text = op, origin, text

    class Found(Message):
        def __init__(self, query: str, spans: list[tuple[int, int]]) -> None:
            super().__init__()
            self.query, self.spans = query, spans

    class InVivo(Message):
        def __init__(self, code: CodeItem, coding: CodingItem) -> None:
            super().__init__()
            self.code, self.coding = code, coding

    class Others(Message):
        def __init__(self, codings: list[CodingItem]) -> None:
            super().__init__()
            self.codings = codings

    class WriteFailed(Message):
        """A write was refused for good (not a lock): the coder's action is dropped with a reason."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, interview_id: int, at: tuple[int, int] | None = None,
                 state: InterviewState | None = None) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.at = at
        self.state = state if state is not None else InterviewState()
        self.codes: list[CodeItem] = []
        self.transcript: Transcript | None = None
        self._in_flight = 0
        self._waiting = ""  # shown in the status line while a write waits for the project
        self.found_query = ""
        self.found: list[tuple[int, int]] = []
        self.show_others = False

    @property
    def undo_stack(self) -> list[Op]:
        return self.state.undo

    @property
    def redo_stack(self) -> list[Op]:
        return self.state.redo

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="coding-body"):
            yield TranscriptView(id="transcript")
            with Vertical(id="coding-side"):
                yield RecentCodes(id="recent-codes")
                yield CodebookTree(id="codebook")
                yield CodeInfo(id="code-info")
        yield StatusLine(id="coding-status")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(TranscriptView).focus()

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="coding-load")
    def _load(self) -> None:
        try:
            wb = self.workbench
            transcript = self.transcript or wb.transcript(self.interview_id)
            codings = wb.codings(self.interview_id)
            codes = wb.codebook(self.interview_id)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(transcript, codings, codes))

    def on_coding_screen_loaded(self, message: CodingScreen.Loaded) -> None:
        view = self.query_one(TranscriptView)
        first = self.transcript is None
        self.transcript = message.transcript
        self.codes = message.codes
        if first:
            view.transcript = message.transcript
        view.codings = tuple(message.codings)
        self.query_one(CodebookTree).codes = tuple(self.codes)
        self._show_recent()
        if first:
            if self.at is not None:  # opened at a passage (search, code browser): show it
                view.select(*self.at)
            elif self.state.selection is not None:  # back in an interview read before: where it was
                view.select(*self.state.selection)
                view.call_after_refresh(view.scroll_to, y=self.state.scroll_y, animate=False, immediate=True)
        iv = message.transcript
        self.sub_title = f"{iv.name} · {iv.site} · {iv.group} · {iv.wave} · coder {self.workbench.coder}"
        self._show_status()

    # -- status --------------------------------------------------------------------------------
    def on_transcript_view_selection_changed(self, message: TranscriptView.SelectionChanged) -> None:
        if self.transcript is not None:
            self.state.selection = (message.start, message.end)
        self._show_status()

    def remember_position(self) -> None:
        view = self.query_one(TranscriptView)
        if self.transcript is not None:
            self.state.selection = view.selection
            self.state.scroll_y = view.scroll_offset.y

    def on_screen_suspend(self) -> None:
        self.remember_position()

    def _show_status(self) -> None:
        view = self.query_one(TranscriptView)
        if self.transcript is None or not self.transcript.turns:
            return
        start, end = view.selection
        turn = self.transcript.turns[view.current_turn()]
        text = Text()
        text.append(f"turn {turn.n}/{len(self.transcript.turns)}", style="bold")
        text.append(f" · {start}–{end} · {end - start} chars")
        here = view.codings_at_selection()
        if here:
            text.append(" · ")
            for i, c in enumerate(here):
                if i:
                    text.append(", ")
                text.append("■ ", style=c.colour)
                text.append(c.code)
        else:
            text.append(" · not coded", style="dim")
        if view.anchor_at is not None:
            text.append(" · anchor: shift+←/→ word, </> char", style="bold")
        if self.found_query:
            inside = [i for i, (a, b) in enumerate(self.found) if a >= start and b <= max(end, start + 1)]
            where = f"{inside[0] + 1} of {len(self.found)}" if inside else f"{len(self.found)} found"
            text.append(f" · find {self.found_query!r}: {where}", style="dim")
        if self.undo_stack:
            text.append(f" · undo {len(self.undo_stack)}", style="dim")
        if self._waiting:
            text.append(f" · {self._waiting}", style="bold yellow")
        if self.state.pending:
            n = len(self.state.pending)
            text.append(f" · {n} action{'s' if n != 1 else ''} not saved: ctrl+r retries", style="bold red")
        self.query_one(StatusLine).text = text

    def on_codebook_tree_highlighted(self, message: CodebookTree.Highlighted) -> None:
        self.query_one(CodeInfo).code = message.code

    # -- applying and removing -----------------------------------------------------------------
    def on_codebook_tree_chosen(self, message: CodebookTree.Chosen) -> None:
        self.apply(message.code.id)

    def on_key(self, event: events.Key) -> None:
        """A code's key applies the code, from the transcript or the codebook. Letters and digits
        are the codes': a code keyed ``i`` or ``1``–``5`` wins over in vivo and the recent codes
        (which stay on ``"`` and in the palette); any other key this screen binds keeps its meaning,
        so a code keyed ``ctrl+…`` cannot shadow an action."""
        char = event.character
        if not char or not char.isprintable():
            return
        if event.key in self.active_bindings and not char.isalnum():
            return
        code = next((c for c in self.codes if c.key == char and c.status == "active"), None)
        if code is not None:
            event.stop()
            event.prevent_default()
            self.query_one(CodebookTree).show_code(code.id)
            self.apply(code.id)

    def _selected(self) -> tuple[int, int]:
        """The selection without the spaces at its ends (a caret moved by words leaves one there):
        a coding holds the words a coder sees tinted, not the blanks around them."""
        start, end = self.query_one(TranscriptView).selection
        if self.transcript is not None:
            text = self.transcript.text
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
        return start, end

    def apply(self, code_id: int) -> None:
        view = self.query_one(TranscriptView)
        start, end = self._selected()
        if end <= start:
            self.notify("Select a passage first.", severity="warning")
            return
        same = next((c for c in view.codings if (c.code_id, c.start, c.end) == (code_id, start, end)), None)
        if same is not None:  # nothing to do, and nothing to undo
            self.notify(f"Already coded {same.code} here.")
            return
        self._send(Op("add", CodingItem(0, code_id, "", "", self.interview_id, start, end, "")), "do")

    def action_apply_next(self) -> None:
        """Apply the highlighted code and go on to the next informant turn without a coding of
        yours: one key per turn for a first pass through an interview."""
        code = self.query_one(CodebookTree).highlighted_code
        if code is None:
            self.notify("Highlight a code in the codebook first.", severity="warning")
            return
        self.apply(code.id)
        self.action_next_uncoded()

    def action_recent(self, n: int) -> None:
        recent = self.kode.recent_codes
        if n > len(recent):
            self.notify(f"No recent code {n} yet: codes you apply are kept on 1–5.")
            return
        code = next((c for c in self.codes if c.id == recent[n - 1]), None)
        if code is not None:
            self.query_one(CodebookTree).show_code(code.id)
            self.apply(code.id)

    def _show_recent(self) -> None:
        by_id = {c.id: c for c in self.codes}
        self.query_one(RecentCodes).codes = tuple(by_id[i] for i in self.kode.recent_codes if i in by_id)

    def action_apply_highlighted(self) -> None:
        code = self.query_one(CodebookTree).highlighted_code
        if code is None:
            self.action_find_code()
        else:
            self.apply(code.id)

    def action_find_code(self) -> None:
        from tui.screens.finder import CodeFinder

        def chosen(code_id: int | None) -> None:
            if code_id:
                self.query_one(CodebookTree).show_code(code_id)
                self.apply(code_id)

        self.app.push_screen(CodeFinder(self.codes), chosen)

    def _coding_to_remove(self) -> CodingItem | None:
        here = self.query_one(TranscriptView).codings_at_selection()
        if not here:
            return None
        code = self.query_one(CodebookTree).highlighted_code
        if code is not None:
            same = [c for c in here if c.code_id == code.id]
            if same:
                return same[-1]
        return here[-1]

    def action_remove(self) -> None:
        coding = self._coding_to_remove()
        if coding is None:
            self.notify("No coding of yours at the cursor.", severity="warning")
            return
        if not coding.memos:
            self._send(Op("remove", coding), "do")
            return
        memo = coding.memos[0]

        def answered(choice: str | None) -> None:
            if choice == "delete":
                self._send(Op("remove", coding), "do")

        from tui.screens.ask import Ask

        self.app.push_screen(Ask(f"The coding {coding.code} has a memo. Remove the coding and its memo?",
                                 [("y", "remove both (ctrl+z brings them back)", "delete")],
                                 detail=quote(memo.text, 300)), answered)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.")
            return
        op = self.undo_stack.pop()
        self._send(Op("remove" if op.kind == "add" else "add", op.item), "undo")

    def action_redo(self) -> None:
        if not self.redo_stack:
            self.notify("Nothing to redo.")
            return
        op = self.redo_stack.pop()
        self._send(Op("remove" if op.kind == "add" else "add", op.item), "redo")

    def action_retry(self) -> None:
        """Try again the actions the project refused while another program held it."""
        if not self.state.pending:
            self.notify("Nothing waits to be saved.")
            return
        pending, self.state.pending = list(self.state.pending), []
        for op, origin in pending:
            self._send(op, origin)
        self._show_status()

    def _send(self, op: Op, origin: str) -> None:
        """Hand a coding action to a worker; if it takes long, say the project is being waited for."""
        self._in_flight += 1
        self.set_timer(self.WAITING_AFTER, self._slow_write)
        self._change(op, origin)

    def _slow_write(self) -> None:
        if self._in_flight and not self._waiting:
            self._waiting = "waiting for the project…"
            self._show_status()

    def _write_done(self) -> None:
        self._in_flight = max(0, self._in_flight - 1)
        if not self._in_flight:
            self._waiting = ""

    def _call(self, op: Op, origin: str) -> CodingItem:
        if op.kind == "add":
            return self.workbench.add_coding(self.interview_id, op.item.code_id, op.item.start, op.item.end,
                                             memos=op.item.memos)
        if origin == "do":
            return self.workbench.remove_coding(op.item.id)
        # undo/redo: the coding may have a new id since it was added back
        return self.workbench.remove_coding_at(self.interview_id, op.item.code_id, op.item.start, op.item.end)

    @work(thread=True, group="coding-write")
    def _change(self, op: Op, origin: str) -> None:
        tries = len(self.RETRY_WAITS) + 1
        for attempt in range(1, tries + 1):
            try:
                item = self._call(op, origin)
            except ProjectBusy as exc:
                if attempt == tries:
                    self.post_message(self.Stuck(op, origin, str(exc)))
                    return
                self.post_message(self.Waiting(attempt + 1, tries))
                time.sleep(self.RETRY_WAITS[attempt - 1])
                continue
            except Exception as exc:
                self.post_message(self.WriteFailed(str(exc) or exc.__class__.__name__))
                return
            self.post_message(self.Changed(Op(op.kind, item), origin))
            return

    def on_coding_screen_waiting(self, message: CodingScreen.Waiting) -> None:
        self._waiting = f"waiting for the project… (try {message.attempt} of {message.of})"
        self._show_status()

    def on_coding_screen_stuck(self, message: CodingScreen.Stuck) -> None:
        self._write_done()
        self.state.pending.append((message.op, message.origin))
        self._show_status()
        self.notify("Another program holds the project; your action is kept, not saved. "
                    "Press ctrl+r to try again.", severity="error", timeout=10)

    def on_coding_screen_write_failed(self, message: CodingScreen.WriteFailed) -> None:
        self._write_done()
        self._show_status()
        self.notify(message.text, severity="error", timeout=8)

    def on_coding_screen_changed(self, message: CodingScreen.Changed) -> None:
        self._write_done()
        op = message.op
        view = self.query_one(TranscriptView)
        if op.kind == "add" and message.origin == "do" and not op.item.created:
            # another window or the CLI had made this coding meanwhile: show it, add no undo step
            if all(c.id != op.item.id for c in view.codings):
                view.codings = (*view.codings, op.item)
                self._count(op.item.code_id, view.codings)
            self.notify(f"Already coded {op.item.code} here.")
            self._show_status()
            return
        codings = [c for c in view.codings if c.id != op.item.id]
        if op.kind == "add":
            codings.append(op.item)
            if message.origin == "do":
                self.kode.remember_code(op.item.code_id)
                self._show_recent()
        view.codings = tuple(codings)
        self._count(op.item.code_id, view.codings)
        # what undo must reverse: "do" and "redo" go on the undo stack; "undo" goes on the redo stack
        reversed_op = Op(op.kind, op.item)
        if message.origin == "undo":
            self.redo_stack.append(reversed_op)
        else:
            self.undo_stack.append(reversed_op)
            if message.origin == "do":
                self.redo_stack.clear()
        self._show_status()

    def _count(self, code_id: int, codings: tuple[CodingItem, ...]) -> None:
        n = sum(1 for c in codings if c.code_id == code_id)
        self.codes = [dataclasses.replace(c, count=n, total=max(n, c.total + n - c.count)) if c.id == code_id else c
                      for c in self.codes]
        self.query_one(CodebookTree).codes = tuple(self.codes)

    # -- memos ---------------------------------------------------------------------------------
    def action_memo(self, target: MemoTarget) -> None:
        if target == "coding":
            coding = self._coding_to_remove()
            if coding is None:
                self.notify("No coding of yours at the cursor to write a memo on.", severity="warning")
                return
            text = self.transcript.text[coding.start:coding.end] if self.transcript else ""
            self._load_memo(target, coding.id, f"Memo on {coding.code}: {quote(text)}")
        elif target == "interview":
            name = self.transcript.name if self.transcript else str(self.interview_id)
            self._load_memo(target, self.interview_id, f"Memo on the interview {name}")
        else:
            code = self.query_one(CodebookTree).highlighted_code
            if code is None:
                self.notify("Highlight a code in the codebook first.", severity="warning")
                return
            self._load_memo(target, code.id, f"Memo on the code {code.path}")

    @work(thread=True, group="coding-memo")
    def _load_memo(self, target: MemoTarget, target_id: int, title: str) -> None:
        try:
            memo = self.workbench.memo(target, target_id)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.MemoLoaded(target, target_id, title, memo.text if memo else ""))

    def on_coding_screen_memo_loaded(self, message: CodingScreen.MemoLoaded) -> None:
        from tui.screens.memo import MemoScreen

        editor = MemoScreen(message.title, message.text)

        def done(text: str | None) -> None:
            if text is not None and text != message.text:
                self._save_memo(message.target, message.target_id, text, editor.quit_after)
            elif editor.quit_after:
                self.app.exit()

        self.app.push_screen(editor, done)

    @work(thread=True, group="coding-memo")
    def _save_memo(self, target: MemoTarget, target_id: int, text: str, quit_after: bool = False) -> None:
        try:
            memo = self.workbench.save_memo(target, target_id, text)
        except Exception as exc:
            self.fail(exc)  # the app stays open: the coder's text is still theirs to copy
            return
        self.post_message(self.MemoSaved(target, target_id, memo, quit_after))

    def on_coding_screen_memo_saved(self, message: CodingScreen.MemoSaved) -> None:
        if message.target == "coding":  # the coding knows its memo: a delete asks, an undo restores
            view = self.query_one(TranscriptView)
            memos = (message.memo,) if message.memo is not None else ()
            view.codings = tuple(dataclasses.replace(c, memos=memos) if c.id == message.target_id else c
                                 for c in view.codings)
        self.notify(f"Memo on the {message.target} {'saved' if message.memo else 'deleted'}.")
        if message.quit_after:
            self.app.exit()

    # -- in vivo, find, other coders -----------------------------------------------------------
    def action_in_vivo(self) -> None:
        """Code the selection in vivo: a new code named by the selected words, under a parent the
        coder picks (or at the top level)."""
        from tui.screens.finder import CodeFinder

        start, end = self._selected()
        if self.transcript is None or end <= start:
            self.notify("Select the words first (anchor with ctrl+space or !, or drag with the mouse).",
                        severity="warning")
            return
        name = in_vivo_name(self.transcript.text[start:end])
        if not name:
            self.notify("Select some words: the new code is named by them.", severity="warning")
            return

        def chosen(code_id: int | None) -> None:
            if code_id is not None:
                self._in_vivo(start, end, code_id or None)

        self.app.push_screen(CodeFinder(self.codes, f"In vivo «{name}»: under which code?", top_level=True),
                             chosen)

    @work(thread=True, group="coding-write")
    def _in_vivo(self, start: int, end: int, parent_id: int | None) -> None:
        try:
            code, coding = self.workbench.code_in_vivo(self.interview_id, start, end, parent_id)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.InVivo(code, coding))

    def on_coding_screen_in_vivo(self, message: CodingScreen.InVivo) -> None:
        self.undo_stack.append(Op("add", message.coding))
        self.redo_stack.clear()
        self.kode.remember_code(message.code.id)
        view = self.query_one(TranscriptView)
        if all(c.id != message.coding.id for c in view.codings):
            view.codings = (*view.codings, message.coding)
        self.notify(f"In vivo: coded {message.code.path}.")
        self._load()  # the codebook with the new code in its place

    def action_find_text(self) -> None:
        from tui.screens.finder import FindPrompt

        def asked(query: str | None) -> None:
            if not query:
                return
            if query == self.found_query and self.found:
                self._next_found()
            else:
                self._find(query)

        self.app.push_screen(FindPrompt(self.found_query), asked)

    @work(thread=True, exclusive=True, group="coding-find")
    def _find(self, query: str) -> None:
        try:
            spans = self.workbench.find(self.interview_id, query)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Found(query, spans))

    def on_coding_screen_found(self, message: CodingScreen.Found) -> None:
        self.found_query, self.found = message.query, message.spans
        if not self.found:
            self.notify(f"No match for {message.query!r} in this interview.")
            self._show_status()
            return
        self._next_found(same_place=True)

    def _next_found(self, same_place: bool = False) -> None:
        view = self.query_one(TranscriptView)
        start = view.selection[0]
        after = [s for s in self.found if (s[0] >= start if same_place else s[0] > start)]
        target = after[0] if after else self.found[0]
        view.anchor_at = None
        view.select(*target)

    def action_toggle_others(self) -> None:
        self.show_others = not self.show_others
        if self.show_others:
            self._others()
        else:
            self.query_one(TranscriptView).others = ()
            self.notify("Other coders' stripes hidden.")

    @work(thread=True, exclusive=True, group="coding-others")
    def _others(self) -> None:
        try:
            wb = self.workbench
            others = [c for name in wb.coders() if name.casefold() != wb.coder.casefold()
                      for c in wb.codings(self.interview_id, name)]
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Others(others))

    def on_coding_screen_others(self, message: CodingScreen.Others) -> None:
        if self.show_others:
            self.query_one(TranscriptView).others = tuple(message.codings)
            coders = sorted({c.coder for c in message.codings})
            self.notify(f"Other coders' stripes: {', '.join(coders) if coders else 'none on this interview'}.")

    # -- moving --------------------------------------------------------------------------------
    def action_next_uncoded(self) -> None:
        view = self.query_one(TranscriptView)
        if self.transcript is None:
            return
        coded = view.codings
        turns = self.transcript.turns
        here = view.current_turn()
        for i in list(range(here + 1, len(turns))) + list(range(0, here + 1)):
            t = turns[i]
            if t.role == "informant" and not any(c.start < t.end and c.end > t.start for c in coded):
                view.select_turn(i)
                return
        self.notify("Every informant turn has a coding of yours.")

    def action_next_of_code(self) -> None:
        view = self.query_one(TranscriptView)
        code = self.query_one(CodebookTree).highlighted_code
        if code is None:
            self.notify("Highlight a code in the codebook first.", severity="warning")
            return
        mine = sorted((c for c in view.codings if c.code_id == code.id), key=lambda c: (c.start, c.end))
        if not mine:
            self.notify(f"No coding of {code.name} in this interview.")
            return
        start = view.selection[0]
        nxt = next((c for c in mine if c.start > start), mine[0])
        view.select(nxt.start, nxt.end)

    def action_switch_focus(self) -> None:
        view = self.query_one(TranscriptView)
        if view.has_focus:
            self.query_one(CodebookTree).focus()
        else:
            view.focus()

    def action_back(self) -> None:
        self.remember_position()
        self.app.pop_screen()

