"""Whole-process timings of the commands a user types most, like ``hyperfine``.

    python -m bench.cli            # S corpus project (built once, as bench.search builds it), 10 runs
    python -m bench.cli --runs 20 --size L

Each command runs as its own process (``kode`` from this interpreter's environment), output to
/dev/null, after one warm-up run; the table gives min and median wall time, the median CPU time
(user + system of the child: the steadier figure when other jobs share the cores) and the budget
from issue 19. The load average is printed with it: wall figures on a busy machine are not the
idle-machine figures the budgets speak of, so read the CPU column next to them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def kode_command() -> list[str]:
    """The installed ``kode`` script next to this interpreter (what a user runs), else ``-m kode``."""
    script = Path(sys.executable).parent / "kode"
    if script.exists():
        return [str(script)]
    found = shutil.which("kode")
    return [found] if found else [sys.executable, "-m", "kode"]


def time_process(argv: list[str], runs: int) -> tuple[float, float, float]:
    """(min wall, median wall, median CPU) seconds over ``runs`` runs, after one warm-up."""
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return min(walls), statistics.median(walls), statistics.median(cpus)


def project_for(size: str) -> Path:
    """The benchmark project of ``size`` (the one bench.search uses), built on first use."""
    target = OUT / f"search-{size}.kode"
    if not target.exists():
        from bench.search import build

        OUT.mkdir(parents=True, exist_ok=True)
        print(f"building {target} (once) …", file=sys.stderr)
        build(size, target)
    from kode import migrate, store

    engine = store.make_engine(str(target))  # a project built by an older kode: bring it up to date
    try:
        if migrate.current_revisions(engine) != migrate.head_revisions():
            migrate.upgrade(engine)
    finally:
        engine.dispose()
    return target


def cases(project: Path) -> list[tuple[str, list[str], float | None]]:
    """(label, kode arguments, budget in seconds or None) for each timed command."""
    p = str(project)
    return [
        ("kode --version", ["--version"], 0.15),
        ("kode --help", ["--help"], 0.15),
        ("kode info P", ["info", p], 0.4),
        ("kode list P", ["list", p], 0.4),
        ("kode show P bench_0000", ["show", p, "bench_0000"], 0.4),
        ("kode search P medvirke", ["search", p, "medvirke"], 0.8),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="S", help="Corpus size of the project (S or L; default S).")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    project = project_for(args.size)
    kode = kode_command()
    rows = [("python -c pass (floor)", *time_process([sys.executable, "-c", "pass"], args.runs), None)]
    for label, argv, budget in cases(project):
        rows.append((label, *time_process(kode + argv, args.runs), budget))
    load = os.getloadavg()
    print(f"project {project.name} ({args.size}); {args.runs} runs each; "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print(f"{'command':28} {'min s':>7} {'median s':>9} {'CPU s':>7} {'budget s':>9}  within")
    for label, low, median, cpu, budget in rows:
        verdict = "" if budget is None else ("yes" if median <= budget else ("CPU yes" if cpu <= budget else "no"))
        shown = "" if budget is None else f"{budget:.2f}"
        print(f"{label:28} {low:7.3f} {median:9.3f} {cpu:7.3f} {shown:>9}  {verdict}")


if __name__ == "__main__":
    main()
