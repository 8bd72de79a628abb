"""Fixtures of the workbench tests: a small project and an app on it (helpers live in tui_fixture)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tui_fixture import FixedWorkbench, build

from kode.project import Project
from tui.app import KodeApp


@pytest.fixture
def small(project: Project) -> tuple[Project, dict[str, int]]:
    return project, build(project)


@pytest.fixture
def make_app(small: tuple[Project, dict[str, int]]) -> Callable[..., KodeApp]:
    project, _ids = small

    def make(coder: str = "kari", **kwargs: object) -> KodeApp:
        return KodeApp(FixedWorkbench(project, coder), **kwargs)  # type: ignore[arg-type]

    return make
