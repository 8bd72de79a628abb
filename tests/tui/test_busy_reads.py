"""A read the project's lock held up says so; only a write says "nothing was written".

Every workbench call went through one wrapper whose busy message was "another program is writing
to the project; nothing was written", so opening an interview while ``kode upgrade`` (or another
program holding the whole database) ran told the coder that something of theirs was not saved.
Another connection takes a lock that blocks readers too (SQLite: an exclusive transaction in
exclusive locking mode; PostgreSQL: ``LOCK TABLE … ACCESS EXCLUSIVE``), on both back ends.
"""

from __future__ import annotations

import asyncio
import inspect
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tui_fixture import UNGDOM_T1, canonical, settle

import kode.store
from kode.facade_tui import BUSY_READ, BUSY_WRITE, ProjectWorkbench
from kode.project import Project
from tui.app import KodeApp
from tui.facade import ProjectBusy, Workbench
from tui.screens.coding import CodingScreen

U1_TEXT, U1_SPANS = canonical(UNGDOM_T1)


class Holder:
    """Another program's connection that can hold the whole project, readers included."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.sqlite = kode.store.is_sqlite(project.engine)
        self.connection: Any = None
        if not self.sqlite:
            self.engine = kode.store.make_engine(project.target)
            self.connection = self.engine.raw_connection()
        self.release: threading.Timer | None = None

    def hold(self) -> None:
        # let go after 60 s at the latest, so a workbench that waits for ever fails the test, not CI
        self.release = threading.Timer(60, self.let_go)
        self.release.start()
        if self.sqlite:
            # SQLite's exclusive locking mode needs the project's own idle connections closed
            # (each holds the shared-memory file open); the workbench's next call reconnects.
            self.project.engine.dispose()
            path = kode.store.sqlite_path(self.project.target)
            assert path is not None
            self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        cursor = self.connection.cursor()
        if self.sqlite:
            cursor.execute("PRAGMA locking_mode=EXCLUSIVE")
            cursor.execute("BEGIN EXCLUSIVE")
            cursor.execute("UPDATE interview SET name = name")
        else:
            cursor.execute("LOCK TABLE interview IN ACCESS EXCLUSIVE MODE")
        cursor.close()

    def let_go(self) -> None:
        if self.sqlite:
            if self.connection is not None:  # closing it is what ends exclusive locking mode
                self.connection.close()
                self.connection = None
        else:
            self.connection.rollback()

    def close(self) -> None:
        if self.release is not None:
            self.release.cancel()
        self.let_go()
        if not self.sqlite:
            self.connection.close()
            self.engine.dispose()


@pytest.fixture
def holder(small: tuple[Project, dict[str, int]], monkeypatch: pytest.MonkeyPatch) -> Iterator[Holder]:
    project, _ids = small
    monkeypatch.setattr(kode.store, "BUSY_TIMEOUT_MS", 200)
    project.engine.dispose()  # connections made from now on wait 0.2 s for a lock
    held = Holder(project)
    try:
        yield held
    finally:
        held.close()


def test_every_workbench_call_says_whether_it_reads_or_writes() -> None:
    calls = [name for name, member in inspect.getmembers(Workbench) if callable(member) and not name.startswith("_")]
    assert len(calls) >= 15
    for name in calls:
        method = getattr(ProjectWorkbench, name)
        assert getattr(method, "db_access", None) in ("read", "write"), name
    assert ProjectWorkbench.transcript.db_access == "read"  # type: ignore[attr-defined]
    assert ProjectWorkbench.add_coding.db_access == "write"  # type: ignore[attr-defined]


def _outcome(call: Callable[[], object]) -> BaseException | object:
    out: list[BaseException | object] = []

    def run() -> None:
        try:
            out.append(call())
        except BaseException as exc:  # the test inspects what came out
            out.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)  # SQLite: a new connection's first pragma waits sqlite3's own 5 s, twice
    assert not worker.is_alive(), "the call still waits for the lock"
    return out[0]


def test_a_blocked_read_and_a_blocked_write_each_say_what_is_true(small: tuple[Project, dict[str, int]],
                                                                   holder: Holder) -> None:
    project, ids = small
    workbench = project.workbench("kari")
    before = workbench.codings(ids["u1"])
    holder.hold()
    read = _outcome(lambda: workbench.transcript(ids["u1"]))
    assert isinstance(read, ProjectBusy) and str(read) == BUSY_READ
    assert "written" not in str(read)
    write = _outcome(lambda: workbench.add_coding(ids["u1"], ids["hjemlighet"], *U1_SPANS[3]))
    assert isinstance(write, ProjectBusy) and str(write) == BUSY_WRITE
    holder.let_go()
    assert workbench.transcript(ids["u1"]).text == U1_TEXT
    assert workbench.codings(ids["u1"]) == before  # the refused write left nothing


def test_opening_an_interview_while_the_project_is_held_says_it_could_not_be_read(
    small: tuple[Project, dict[str, int]], holder: Holder, make_app: Callable[..., KodeApp]
) -> None:
    _project, ids = small

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            holder.hold()
            app.open_interview(ids["u1"])
            await settle(pilot)
            assert isinstance(app.screen, CodingScreen)
            shown = [n.message for n in app._notifications]
            assert BUSY_READ in shown, shown
            assert not any("nothing was written" in m or "SQL" in m for m in shown), shown
            holder.let_go()

    asyncio.run(scenario())
