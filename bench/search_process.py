"""Whole-process time of ``kode search`` (start-up, lemma look-up, query, output), hyperfine-like.

    python -m bench.search_process [S|L] [--runs N] [QUERY ...]

Runs ``kode search bench/out/search-SIZE.kode QUERY --limit 20`` N times per query (after one
untimed run that warms the page cache) and reports median, min and max wall time, and the CPU
time per run of the child processes, which a machine shared with other work does not inflate.
Build the project first with ``python -m bench.search SIZE``. The budget (issue 19): a lemma
query on S within 0.8 s for the whole process.
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


def measure(cmd: list[str], runs: int) -> tuple[list[float], float]:
    """Wall times of ``runs`` runs, and CPU seconds per run (user + system of the children)."""
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / runs
    return walls, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", default="S")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("queries", nargs="*", default=["ungdom", "kjøre", "hjemlihet~", "=ungdommen"])
    args = parser.parse_args(argv)
    project = OUT / f"search-{args.size}.kode"
    if not project.exists():
        print(f"error: {project}: build it first with python -m bench.search {args.size}", file=sys.stderr)
        return 2
    kode = shutil.which("kode", path=str(Path(sys.executable).parent)) or "kode"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.runs} runs each")
    print(f"{'query':<14} {'median s':>9} {'min s':>7} {'max s':>7} {'CPU s/run':>10}")
    for query in args.queries:
        walls, cpu = measure([kode, "search", str(project), query, "--limit", "20"], args.runs)
        print(f"{query:<14} {statistics.median(walls):>9.3f} {min(walls):>7.3f} {max(walls):>7.3f} {cpu:>10.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
