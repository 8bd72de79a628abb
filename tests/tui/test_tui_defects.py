"""Regression tests for the defects a day's coding session found (issue 16), each driven through
the real app with a Pilot and checked on screen and in the project."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from tui_fixture import UNGDOM_T1, add_long_interview, canonical, long_turns, open_interview, settle

from kode.project import Project
from tui.app import KodeApp
from tui.screens.coding import CodingScreen
from tui.widgets.transcript import GUTTER, TEXT, TranscriptView

U1_TEXT, U1_SPANS = canonical(UNGDOM_T1)
LONG_TEXT, LONG_SPANS = canonical(long_turns())



def shown_lines(view: TranscriptView) -> list[str]:
    """The text of every line on screen as drawn, without the gutter."""
    out = []
    for y in range(view.scrollable_content_region.height):
        strip = view.render_line(y)
        out.append("".join(seg.text for seg in strip)[GUTTER:])
    return out


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_first_paint_wraps_at_the_real_content_width(small: tuple[Project, dict[str, int]],
                                                     make_app: Callable[..., KodeApp],
                                                     size: tuple[int, int]) -> None:
    """Defect 1: the last characters of long lines hid under the scrollbar until a resize."""
    project, _ids = small
    long_id = add_long_interview(project)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=size) as pilot:
            screen = await open_interview(app, pilot, long_id)
            view = screen.query_one(TranscriptView)
            assert view.max_scroll_y > 0  # long enough for a scrollbar
            width = view.scrollable_content_region.width
            for line in view._lines:
                if line.kind == TEXT:
                    shown = LONG_TEXT[line.start:line.end].rstrip()
                    assert GUTTER + len(shown) <= width, shown
            # and what is drawn holds every word of the lines on screen
            top = view.scroll_offset.y
            for y, drawn in enumerate(shown_lines(view)):
                index = top + y
                if index < len(view._lines) and view._lines[index].kind == TEXT:
                    line = view._lines[index]
                    assert LONG_TEXT[line.start:line.end].rstrip() in drawn

    asyncio.run(scenario())


@pytest.mark.parametrize("key,mode", [("f3", "search"), ("f4", "browser")])
def test_open_in_context_scrolls_to_the_passage(small: tuple[Project, dict[str, int]],
                                                make_app: Callable[..., KodeApp], key: str, mode: str) -> None:
    """Defect 4: from Search and the code browser the passage was selected but the view stayed at turn 1."""
    project, ids = small
    long_id = add_long_interview(project)
    last = LONG_SPANS[-1]
    project.workbench("kari").add_coding(long_id, ids["planer"], *last)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            if mode == "search":
                await pilot.press(*"hjemme", "enter")
                await settle(pilot)
                screen = app.screen
                hits = screen.result.hits  # type: ignore[attr-defined]
                i = max(range(len(hits)), key=lambda k: (hits[k].interview_id == long_id, hits[k].start))
                target = (hits[i].start, hits[i].end)
                screen.query_one("#search-hits").move_cursor(row=i)  # type: ignore[attr-defined]
            else:
                tree = app.screen.query_one("#browser-codes")
                tree.show_code(ids["planer"])  # type: ignore[attr-defined]
                await settle(pilot)
                segs = app.screen.segments  # type: ignore[attr-defined]
                i = next(k for k, s in enumerate(segs) if s.interview_id == long_id)
                target = (segs[i].start, segs[i].end)
                app.screen.query_one("#browser-segments").move_cursor(row=i)  # type: ignore[attr-defined]
                app.screen.query_one("#browser-segments").focus()
            await pilot.press("o")
            await settle(pilot)
            await pilot.pause(0.05)
            assert isinstance(app.screen, CodingScreen)
            view = app.screen.query_one(TranscriptView)
            assert view.selection == target
            assert view.scroll_offset.y > 0, (view.max_scroll_y, view.size, view.line_of(target[0]), view._width, view.virtual_size)
            first = view.line_of(target[0])
            assert view.scroll_offset.y <= first < view.scroll_offset.y + view.scrollable_content_region.height
            assert LONG_TEXT[target[0]:target[0] + 20] in "".join(shown_lines(view)).replace("\n", " ") or any(
                LONG_TEXT[target[0]:target[0] + 10] in line for line in shown_lines(view))

    asyncio.run(scenario())


def memos_of(project: Project, interview: int, coder: str = "kari") -> list[str]:
    return [m.text for c in project.workbench(coder).codings(interview) for m in c.memos]


def test_undo_redo_and_delete_keep_a_codings_memo(small: tuple[Project, dict[str, int]],
                                                  make_app: Callable[..., KodeApp]) -> None:
    """Defect 2: ctrl+z or delete destroyed a coding's memo for good, and the audit had no trace."""
    from sqlalchemy import select
    from textual.widgets import TextArea

    from intervju.models import AuditEvent
    from tui.screens.ask import Ask

    project, ids = small
    u1 = ids["u1"]
    memo = "Døra med alarm – viktig for hjemlighet"

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            await open_interview(app, pilot, u1)
            await pilot.press("down", "down", "down", "h")  # turn 4 coded Hjemlighet
            await settle(pilot)
            await pilot.press("ctrl+e")
            await settle(pilot)
            app.screen.query_one(TextArea).insert(memo)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert memos_of(project, u1) == [memo]
            await pilot.press("ctrl+z")  # undo the coding: the memo goes with it, kept for a redo
            await settle(pilot)
            assert memos_of(project, u1) == []
            await pilot.press("ctrl+y")  # redo: the coding comes back with its memo
            await settle(pilot)
            assert memos_of(project, u1) == [memo]
            await pilot.press("delete")  # a coding with a memo: asks first
            await settle(pilot)
            assert isinstance(app.screen, Ask)
            await pilot.press("escape")  # no: nothing removed
            await settle(pilot)
            assert memos_of(project, u1) == [memo]
            await pilot.press("delete")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert ("Hjemlighet", *U1_SPANS[3]) not in [(c.code, c.start, c.end)
                                                        for c in project.workbench("kari").codings(u1)]
            await pilot.press("ctrl+z")  # undo the delete: coding and memo back
            await settle(pilot)
            assert memos_of(project, u1) == [memo]
        with project.session() as session:
            deletions = [e.detail for e in session.scalars(
                select(AuditEvent).where(AuditEvent.action == "memo.delete").order_by(AuditEvent.id))]
        assert len(deletions) == 2 and all(d["text"] == memo for d in deletions)  # æøå kept too

    asyncio.run(scenario())


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
def test_leaving_the_memo_editor_with_edits_asks(small: tuple[Project, dict[str, int]],
                                                 make_app: Callable[..., KodeApp], key: str) -> None:
    """Defect 3: esc or ctrl+q in the memo editor threw the edited text away without asking."""
    from textual.widgets import TextArea

    from tui.screens.ask import Ask
    from tui.screens.memo import MemoScreen

    project, ids = small
    u1 = ids["u1"]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            await open_interview(app, pilot, u1)
            await pilot.press("ctrl+g")
            await settle(pilot)
            app.screen.query_one(TextArea).insert("Første tanke om ærlighet")
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, Ask)  # asked, nothing thrown away
            await pilot.press("escape")  # go on editing
            await settle(pilot)
            assert isinstance(app.screen, MemoScreen)
            assert app.screen.query_one(TextArea).text == "Første tanke om ærlighet"
            await pilot.press(key, "s")  # save (and, for ctrl+q, then quit)
            await settle(pilot)
            if key == "escape":
                assert isinstance(app.screen, CodingScreen)
        saved = project.workbench("kari").memo("interview", u1)
        assert saved is not None and saved.text == "Første tanke om ærlighet"

    asyncio.run(scenario())


def test_a_code_key_twice_adds_one_undo_step(small: tuple[Project, dict[str, int]],
                                              make_app: Callable[..., KodeApp]) -> None:
    """Defect 6: the second press on the same selection added an undo step whose undo failed."""
    project, ids = small
    u1 = ids["u1"]

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, u1)
            await pilot.press("down", "down", "down", "h", "h")  # quick: the second before the first lands
            await settle(pilot)
            await pilot.press("h")  # and once more after it landed
            await settle(pilot)
            assert len(screen.undo_stack) == 1
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert ("Hjemlighet", *U1_SPANS[3]) not in [(c.code, c.start, c.end)
                                                        for c in project.workbench("kari").codings(u1)]
            await pilot.press("ctrl+z")
            await settle(pilot)
            errors = [n for n in app._notifications if n.severity == "error"]
            assert errors == []

    asyncio.run(scenario())


def test_reopening_an_interview_keeps_undo_and_reading_position(small: tuple[Project, dict[str, int]],
                                                                make_app: Callable[..., KodeApp]) -> None:
    """Defect 8: leaving and reopening an interview lost its undo history and reading position."""
    project, _ids = small
    long_id = add_long_interview(project)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_interview(app, pilot, long_id)
            await pilot.press(*["down"] * 25, "s")  # turn 26 coded Sikkerhet
            await settle(pilot)
            view = screen.query_one(TranscriptView)
            where, scrolled = view.selection, view.scroll_offset.y
            assert scrolled > 0
            await pilot.press("escape")  # back to the overview
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            again = await open_interview(app, pilot, long_id)
            await pilot.pause(0.05)
            view = again.query_one(TranscriptView)
            assert view.selection == where
            assert view.scroll_offset.y == scrolled
            assert len(again.undo_stack) == 1
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert project.workbench("kari").codings(long_id) == []

    asyncio.run(scenario())


def test_a_long_lock_keeps_the_action_and_never_shows_sql(small: tuple[Project, dict[str, int]],
                                                          make_app: Callable[..., KodeApp],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect 7: a database held by another program for longer than the busy timeout lost the coding
    and showed a raw database error with its SQL."""
    import sqlite3

    import kode.store

    project, ids = small
    if not kode.store.is_sqlite(project.engine):
        pytest.skip("the lock is SQLite's file lock")
    u1 = ids["u1"]
    monkeypatch.setattr(kode.store, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(CodingScreen, "RETRY_WAITS", (0.05, 0.05))
    monkeypatch.setattr(CodingScreen, "WAITING_AFTER", 0.01)
    project.engine.dispose()  # new connections wait 100 ms for a lock, not 10 s
    holder = sqlite3.connect(project.target, isolation_level=None)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, u1)
            holder.execute("BEGIN EXCLUSIVE")  # another program writes and holds on
            seen: list[str] = []
            await pilot.press("down", "down", "down", "h")
            for _ in range(100):
                await pilot.pause(0.02)
                seen.append(str(screen.query_one("#coding-status").text))  # type: ignore[attr-defined]
                if screen.state.pending:
                    break
            await settle(pilot)
            assert any("waiting for the project…" in s for s in seen)
            assert len(screen.state.pending) == 1
            status = str(screen.query_one("#coding-status").text)  # type: ignore[attr-defined]
            assert "1 action not saved: ctrl+r retries" in status
            shown = [n.message for n in app._notifications]
            assert shown and not any("SQL" in m or "INSERT" in m or "SELECT" in m for m in shown)
            holder.execute("ROLLBACK")  # the other program lets go
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert screen.state.pending == []
            assert ("Hjemlighet", *U1_SPANS[3]) in [(c.code, c.start, c.end)
                                                    for c in project.workbench("kari").codings(u1)]
            assert len(screen.undo_stack) == 1

    try:
        asyncio.run(scenario())
    finally:
        holder.close()


def test_finder_ranks_prefix_and_word_starts_first_and_shows_keys(project: Project,
                                                                   make_app: Callable[..., KodeApp]) -> None:
    """Defect 5: `hjem` put OEM above Hjemlighet and `sikk` put DBT, OEM and Skole above Sikkerhet."""
    from tests.kodebok.helpers import load_example_codebook
    from tui.screens.finder import CodeFinder, rank_codes

    load_example_codebook(project)
    codes = project.workbench("kari").codebook()
    assert rank_codes(codes, "hjem")[0].name == "Hjemlighet"
    assert rank_codes(codes, "sikk")[0].name == "Sikkerhet"
    assert rank_codes(codes, "dbt")[0].name == "DBT"
    hjem = [c.name for c in rank_codes(codes, "hjem")]
    assert "OEM" not in hjem[:1]
    assert rank_codes(codes, "sikerhet")[0].name == "Sikkerhet"  # a typo still finds it

    async def scenario() -> None:
        app = KodeApp(project.workbench("kari"))
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            finder = CodeFinder(codes)
            await app.push_screen(finder)
            await settle(pilot)
            await pilot.press(*"sikk")
            await settle(pilot)
            from textual.widgets import OptionList

            options = finder.query_one(OptionList)
            first = str(options.get_option_at_index(0).prompt)
            sikkerhet = next(c for c in codes if c.name == "Sikkerhet")
            assert "Sikkerhet" in first
            if sikkerhet.key:
                assert f"[{sikkerhet.key}]" in first

    asyncio.run(scenario())
