"""On PostgreSQL a lock another program holds ends in "busy" after the busy timeout, as on SQLite.

PostgreSQL waits for a lock for ever unless told otherwise: the workbench hung on a write that
needed a row ``kode import --revise`` (or another coder's long transaction) held, showing
"saving…" for ever. Two connections on the test server (``KODE_TEST_PG_URL``): one holds the
interview's row lock, the workbench writes.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tui_fixture import UNGDOM_T1, canonical, open_interview, settle

import kode.store
from kode.project import Project
from tui.app import KodeApp
from tui.facade import ProjectBusy
from tui.screens.coding import CodingScreen

U1_TEXT, U1_SPANS = canonical(UNGDOM_T1)


@pytest.fixture
def holder(small: tuple[Project, dict[str, int]], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Another program's connection, which the test makes lock the interview row as a revision does.
    It lets go after 20 s at the latest, so a workbench that waits for ever fails the test, not CI."""
    project, _ids = small
    if kode.store.is_sqlite(project.engine):
        pytest.skip("PostgreSQL's row locks (set KODE_TEST_PG_URL)")
    monkeypatch.setattr(kode.store, "BUSY_TIMEOUT_MS", 200)
    project.engine.dispose()
    other = kode.store.make_engine(project.target)
    connection = other.raw_connection()
    release = threading.Timer(20, connection.rollback)
    release.start()
    try:
        yield connection
    finally:
        release.cancel()
        connection.rollback()
        connection.close()
        other.dispose()


def _lock_interview(connection: Any, interview_id: int) -> None:
    cursor = connection.cursor()
    cursor.execute("SELECT id FROM interview WHERE id = %s FOR UPDATE", (interview_id,))
    cursor.close()


def test_a_write_behind_a_row_lock_is_busy_not_a_hang(small: tuple[Project, dict[str, int]], holder: Any) -> None:
    project, ids = small
    workbench = project.workbench("kari")
    _lock_interview(holder, ids["u1"])
    outcome: list[BaseException | object] = []

    def write() -> None:
        try:
            outcome.append(workbench.add_coding(ids["u1"], ids["hjemlighet"], *U1_SPANS[3]))
        except BaseException as exc:  # the test inspects what came out
            outcome.append(exc)

    worker = threading.Thread(target=write)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "the write still waits for the lock (no lock timeout)"
    assert len(outcome) == 1 and isinstance(outcome[0], ProjectBusy), outcome
    assert "SQL" not in str(outcome[0]) and "SELECT" not in str(outcome[0])
    holder.rollback()  # the other program lets go: the same call goes through
    workbench.add_coding(ids["u1"], ids["hjemlighet"], *U1_SPANS[3])
    assert ("Hjemlighet", *U1_SPANS[3]) in [(c.code, c.start, c.end) for c in workbench.codings(ids["u1"])]


def test_the_coding_screen_waits_then_keeps_the_action(small: tuple[Project, dict[str, int]], holder: Any,
                                                       make_app: Callable[..., KodeApp],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    project, ids = small
    u1 = ids["u1"]
    monkeypatch.setattr(CodingScreen, "RETRY_WAITS", (0.05, 0.05))
    monkeypatch.setattr(CodingScreen, "WAITING_AFTER", 0.01)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            screen = await open_interview(app, pilot, u1)
            _lock_interview(holder, u1)
            seen: list[str] = []
            await pilot.press("down", "down", "down", "h")
            for _ in range(150):
                await pilot.pause(0.02)
                seen.append(str(screen.query_one("#coding-status").text))  # type: ignore[attr-defined]
                if screen.state.pending:
                    break
            assert screen.state.pending, "the write never gave up waiting for the lock"
            await settle(pilot)
            assert any("waiting for the project…" in s for s in seen)
            status = str(screen.query_one("#coding-status").text)  # type: ignore[attr-defined]
            assert "1 action not saved: ctrl+r retries" in status
            shown = [n.message for n in app._notifications]
            assert shown and not any("SQL" in m or "INSERT" in m or "SELECT" in m for m in shown)
            holder.rollback()
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert screen.state.pending == []
            assert ("Hjemlighet", *U1_SPANS[3]) in [(c.code, c.start, c.end)
                                                    for c in project.workbench("kari").codings(u1)]

    asyncio.run(scenario())
