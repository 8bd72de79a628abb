"""Benchmark: the theme × wave matrix over the L corpus (1,000 interviews × 8,000 words, 20,000
codings). Budget: under 300 ms (median).

    PYTHONPATH=. python bench/matrix.py [--size L] [--runs 7] [--keep /tmp/bench-L.kode]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import build
from export.matrices import (
    MatrixFilters,
    cooccurrence,
    framework_by_wave,
    load_dataset,
    longitudinal_matrix,
    participant_trajectories,
    theme_wave,
)
from export.matrices.fast import theme_wave_sql
from kode.project import Project


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds (CPU shows our cost when other jobs share the cores)."""
    fn()  # warm the page cache and SQLAlchemy's statement cache
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="L", choices=["S", "L"])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", type=Path, default=None, help="Build (or reuse) the project at this path.")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / f"bench-{args.size}.kode"
        if not path.exists():
            built = build(path, args.size)
            print(f"built {built.interviews} interviews, {built.words:,} words, {built.codings:,} codings "
                  f"in {built.seconds:.1f} s")
        project = Project.open(str(path))
        with project:
            def in_sql() -> object:
                with project.session() as s:
                    return theme_wave_sql(s, MatrixFilters(), by=("group",))

            def counts() -> object:
                with project.session() as s:
                    return theme_wave(load_dataset(s, MatrixFilters(), with_text=False), by=("group",))

            def with_text() -> object:
                with project.session() as s:
                    return theme_wave(load_dataset(s, MatrixFilters()), by=("group",))

            def by_group_site() -> object:
                with project.session() as s:
                    return theme_wave(load_dataset(s, MatrixFilters(), with_text=False), by=("group", "site"))

            def consensus() -> object:
                with project.session() as s:
                    ds = load_dataset(s, MatrixFilters(coders=["kari", "ola"], consensus=True), with_text=False)
                    return theme_wave(ds)

            def with_dataset(fn: Callable[..., object]) -> Callable[[], object]:
                def run() -> object:
                    with project.session() as s:
                        return fn(s, load_dataset(s, MatrixFilters(), with_text=False))

                return run

            rows = [
                ("theme × wave by group, counted in SQL (façade, export)", in_sql),
                ("theme × wave by group over the dataset (segment spans)", counts),
                ("theme × wave by group, segments with their text", with_text),
                ("theme × wave by group × site", by_group_site),
                ("theme × wave, consensus of kari and ola", consensus),
                ("participant trajectories", with_dataset(lambda s, ds: participant_trajectories(ds))),
                ("longitudinal matrix (themes × participants, memos)", with_dataset(longitudinal_matrix)),
                ("framework matrices, one per wave (segments, memos)", with_dataset(framework_by_wave)),
                ("co-occurrence by turn, per wave", with_dataset(lambda s, ds: cooccurrence(s, ds, "turn", "wave"))),
                ("co-occurrence by overlap, per wave",
                 with_dataset(lambda s, ds: cooccurrence(s, ds, "overlap", "wave"))),
            ]
            print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.runs} runs each")
            for label, fn in rows:
                wall, cpu = median_ms(fn, args.runs)
                print(f"{label:<66} median {wall:7.1f} ms wall, {cpu:7.1f} ms CPU")


if __name__ == "__main__":
    main()
