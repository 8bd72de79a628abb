"""Fixtures of the workbench tests: a small project, a workbench on it, and a way to let workers finish."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from tui_fixture import build

from kode.facade_tui import ProjectWorkbench
from kode.project import Project
from tui.app import KodeApp

SIZE = (110, 32)


class FixedWorkbench(ProjectWorkbench):
    """The project's workbench under a fixed name, so screens (and snapshots) never show a temp path."""

    @property
    def project_name(self) -> str:
        return "studie.kode"


@pytest.fixture
def small(project: Project) -> tuple[Project, dict[str, int]]:
    return project, build(project)


@pytest.fixture
def make_app(small: tuple[Project, dict[str, int]]) -> Callable[..., KodeApp]:
    project, _ids = small

    def make(coder: str = "kari", **kwargs: object) -> KodeApp:
        return KodeApp(FixedWorkbench(project, coder), **kwargs)  # type: ignore[arg-type]

    return make


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and every message it posted be handled."""
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def wait() -> Callable[[Pilot[None]], Awaitable[None]]:
    return settle
