"""Snapshots of the overview, coding, search, matrix, code browser and suggestions screens on the
small fixture project at 80×24 (the smallest terminal a coder uses: the transcript keeps ≥ 50
columns) and 160×45, with no clock in the interface. Update with ``--snapshot-update`` after
checking the change by eye (``pytest --snapshot-report`` writes an HTML diff)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_fixture import settle

from kode.project import Project
from tui.app import KodeApp

SIZES = [(80, 24), (160, 45)]
sizes = pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])


async def still(pilot: Pilot[None]) -> None:
    """Settle, then give tables time to measure their columns (they do it when the app is idle)."""
    await settle(pilot)
    for _ in range(3):
        await pilot.pause(0.05)
        await settle(pilot)


@pytest.fixture(autouse=True)
def sqlite_only(request: pytest.FixtureRequest) -> None:
    """One set of pictures: on PostgreSQL the same screens are driven by the Pilot tests instead."""
    if getattr(request.node, "callspec", None) and request.node.callspec.params.get("project_target") != "sqlite":
        pytest.skip("snapshots are taken on SQLite only")


@sizes
def test_overview_snapshot(small: tuple[Project, dict[str, int]], make_app: Callable[..., KodeApp],
                           snap_compare: Any, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[None]) -> None:
        # The table fills from a worker; focus and cursor are set after it, so the picture never
        # depends on which came first.
        await still(pilot)
        table = pilot.app.screen.query_one("#overview-interviews")
        table.focus()
        table.move_cursor(row=0)  # type: ignore[attr-defined]
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@sizes
def test_coding_snapshot(small: tuple[Project, dict[str, int]], make_app: Callable[..., KodeApp],
                         snap_compare: Any, size: tuple[int, int]) -> None:
    _project, ids = small

    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.open_interview(ids["u1"])  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("down", "down", "down", "h")  # turn 4 coded Hjemlighet: a stripe, a recent code
        await settle(pilot)
        await pilot.press("up", "up", "right", "right_curly_bracket")  # turn 2, two sentences selected
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@sizes
def test_search_snapshot(small: tuple[Project, dict[str, int]], make_app: Callable[..., KodeApp],
                         snap_compare: Any, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press(*"med", "enter")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@sizes
def test_matrix_snapshot(small: tuple[Project, dict[str, int]], make_app: Callable[..., KodeApp],
                         snap_compare: Any, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("right", "enter")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@sizes
def test_browser_snapshot(small: tuple[Project, dict[str, int]], make_app: Callable[..., KodeApp],
                          snap_compare: Any, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f4")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@sizes
def test_free_selection_snapshot(small: tuple[Project, dict[str, int]], make_app: Callable[..., KodeApp],
                                 snap_compare: Any, size: tuple[int, int]) -> None:
    """A phrase mid-sentence selected with the anchor: the words only, tinted."""
    _project, ids = small

    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.open_interview(ids["u1"])  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("down", "down", "down", "right", "exclamation_mark", "shift+right", "shift+right",
                          "exclamation_mark", "shift+right", "shift+right")  # "men døra" … "har alarm"
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)
