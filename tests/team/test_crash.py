"""A process importing and coding is killed with SIGKILL at random points.

Afterwards the project passes `kode check`, holds the acknowledged work (and at most the one unit
of work that committed just before the kill, whose acknowledgement never got out), nothing
half-written, and the import simply runs again to the end.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from intervju.models import Interview, Turn
from kode.project import Project
from kodebok.models import Coding
from tests.conftest import REPO, run_cli
from tests.team.helpers import TURNS, write_transcript

FILES = 8
ATTEMPTS = 3


def _files(folder: Path) -> list[str]:
    names = []
    for k in range(FILES):
        name = f"Nordbakken_ungdom_Deltaker{k}_T1"
        turns = [(label, f"{text} ({k}-{j})") for j in range(12) for label, text in TURNS]
        write_transcript(folder, turns, name=name)
        names.append(name)
    return names


def _run(target: str, folder: Path, kill_after: int | None, rnd: random.Random) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "tests.team.workers", target, str(folder)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acks: list[str] = []
    try:
        for line in proc.stdout:
            acks.append(line.strip())
            if kill_after is not None and len(acks) >= kill_after:
                time.sleep(rnd.random() * 0.08)  # somewhere inside the next import or coding
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.wait(60)
    rest = proc.stdout.read()
    acks.extend(line for line in rest.splitlines() if line.strip())
    return acks


def test_killed_import_leaves_a_whole_project_and_resumes(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "filer"
    names = _files(folder)
    project.engine.dispose()
    rnd = random.Random(20261126)
    acked_imports: set[str] = set()
    acked_codings: set[str] = set()
    for _ in range(ATTEMPTS):
        acks = _run(project.target, folder, rnd.randint(0, 2 * FILES - 1), rnd)
        assert not any(a.startswith("failed") for a in acks), acks
        acked_imports |= {a.split(" ", 1)[1] for a in acks if a.startswith("imported ")}
        acked_codings |= {a.split(" ", 1)[1] for a in acks if a.startswith("coded ")}
        checked = run_cli("check", project.target)
        assert checked.exit_code == 0, checked.output
        with project.session() as s:
            stored = set(s.scalars(select(Interview.name)))
            coded = set(s.scalars(select(Interview.name).join(Coding, Coding.interview_id == Interview.id)))
            for iv in s.scalars(select(Interview)):
                turns = s.scalar(select(func.count()).select_from(Turn).where(Turn.interview_id == iv.id))
                assert turns == iv.turn_count == len(TURNS) * 12
        assert acked_imports <= stored <= set(names)
        assert acked_codings <= coded <= stored
        # A unit of work that committed in the instant before the kill may lack its acknowledgement.
        assert len(stored - acked_imports) <= 1 and len(coded - acked_codings) <= 1
        acked_imports |= stored
        acked_codings |= coded
    final = _run(project.target, folder, None, rnd)
    assert final[-1] == "done"
    assert run_cli("check", project.target).exit_code == 0
    with project.session() as s:
        assert set(s.scalars(select(Interview.name))) == set(names)
        assert s.scalar(select(func.count()).select_from(Coding)) == FILES
