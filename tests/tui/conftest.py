from __future__ import annotations

import pytest

from kode.project import Project
from tui_fixture import build


@pytest.fixture
def small(project: Project) -> tuple[Project, dict[str, int]]:
    return project, build(project)
