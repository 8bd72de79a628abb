"""Make the README's screenshot: the coding workbench on the demo, as SVG (Textual's own screenshot).

Run from the repository root with kode's environment active:

    python examples/tools/workbench_screenshot.py            # writes docs/img/workbench.svg

It builds a fresh demo in a temporary folder, opens an interview on the coding screen as coder kh,
moves to a coded informant turn and saves what a 120 × 34 terminal would show.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from intervju.corpus import find_interview
from kode.demo import build_demo
from kode.project import Project
from tui.app import DARK, KodeApp

REPO = Path(__file__).resolve().parents[2]
INTERVIEW = "nordbakken_ungdom_U01_T3"


async def shoot(project: Project, target: Path) -> None:
    with project.session() as session:
        start = find_interview(session, INTERVIEW).id
    app = KodeApp(project.workbench("kh"), theme=DARK, start_interview=start)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.pause(1.0)
        for _ in range(3):
            await pilot.press("down")
        await pilot.pause(0.5)
        target.parent.mkdir(parents=True, exist_ok=True)
        app.save_screenshot(filename=target.name, path=str(target.parent))


def main() -> None:
    target = (Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "img" / "workbench.svg").resolve()
    with tempfile.TemporaryDirectory() as folder:
        build_demo(Path(folder))
        os.chdir(folder)  # the title bar shows the project as the user named it: demo.kode, no temp path
        with Project.open("demo.kode") as project:
            asyncio.run(shoot(project, target))
    print(f"Wrote {target}")


if __name__ == "__main__":
    main()
