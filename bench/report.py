"""Benchmark: the full Word report on the S corpus (100 interviews × 8,000 words, 2,000 codings).
Budget: under 10 s.

    PYTHONPATH=. python bench/report.py [--runs 3] [--keep /tmp/bench-S.kode]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import build
from export.report import AgreementRow, ReportOptions
from kode.project import Project


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None, help="Build (or reuse) the project at this path.")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench-S.kode"
        if not path.exists():
            built = build(path, "S")
            print(f"built {built.interviews} interviews, {built.words:,} words, {built.codings:,} codings "
                  f"in {built.seconds:.1f} s")
        out = Path(tmp) / "rapport.docx"
        agreement = [AgreementRow("Medvirkning", 81.5, 0.62, 0.61)]
        wall, cpu = [], []
        with Project.open(str(path)) as project:
            for _ in range(args.runs):
                t0, c0 = time.perf_counter(), time.process_time()
                summary = project.export_report(out, options=ReportOptions(quotes=3, agreement=agreement))
                wall.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"report: {summary.themes} themes, {summary.interviews} interviews, {summary.segments} segments, "
              f"{summary.quotes} quotes, {len(summary.tables) + 1} tables, {out.stat().st_size / 1024:.0f} KiB")
        print(f"full report on S: median {statistics.median(wall):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
              f"over {args.runs} runs")


if __name__ == "__main__":
    main()
