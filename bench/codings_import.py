"""``kode codings import`` of many rows, timed as a whole process.

    python -m bench.codings_import             # 20,000 rows into a copy of the S project
    python -m bench.codings_import --rows 50000

The project is a copy of ``bench/out/search-S.kode`` (built once as bench.search builds it) with
the example codebook loaded; the CSV has distinct random (interview, turns, code, coder) rows, a
tenth of them with a quote. The budget (issue 19): at most 0.5 ms per row on SQLite. Wall and CPU
(user + system of the ``kode`` process) are both given, with the load average: on a busy machine
the CPU figure is the steadier one.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from bench.cli import kode_command, project_for
from intervju.models import Interview, Turn
from kode.project import Project
from kodebok.codes import CodeIndex

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BUDGET_MS = 0.5


def make_csv(project: Path, path: Path, rows: int, seed: int = 19) -> None:
    rng = random.Random(seed)
    with Project.open(str(project)) as p, p.session() as s:
        interviews = [(name, turns) for name, turns in s.execute(select(Interview.name, Interview.turn_count))]
        index = CodeIndex.load(s)
        codes = [index.path(c) for c in index.codes if c.status == "active"]
        texts = {name: text for name, text in s.execute(select(Interview.name, Interview.text))}
        spans = {(name, n): (a, b) for name, n, a, b in s.execute(
            select(Interview.name, Turn.n, Turn.start, Turn.end).join(Turn, Turn.interview_id == Interview.id))}
    seen: set[tuple[str, str, str, str]] = set()
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["interview", "turn", "code", "coder", "quote"])
        while len(seen) < rows:
            name, turns = rng.choice(interviews)
            first = rng.randint(1, turns)
            last = min(turns, first + rng.choice((0, 0, 0, 1, 2)))
            turn = str(first) if first == last else f"{first}-{last}"
            key = (name, turn, rng.choice(codes), rng.choice(("kh", "sb", "åse")))
            quote = ""
            if rng.random() < 0.1:
                a, b = spans[(name, first)]
                quote = texts[name][a:min(b, a + 30)].strip()
            if key in seen:
                continue
            seen.add(key)
            out.writerow([*key, quote])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--size", default="S")
    args = parser.parse_args()
    source = project_for(args.size)
    with tempfile.TemporaryDirectory(prefix="kode-bench-") as tmp:
        target = Path(tmp) / "codings.kode"
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
        with Project.open(str(target)) as p:
            p.load_codebook(EXAMPLES / "kodebok.yml", actor="bench")
        rows_csv = Path(tmp) / "codings.csv"
        make_csv(target, rows_csv, args.rows)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([*kode_command(), "codings", "import", str(target), str(rows_csv), "--coder", "bench"],
                              capture_output=True, text=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        load = os.getloadavg()
        print(done.stdout.strip().splitlines()[-1])
        print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
        print(f"{'rows':>7} {'wall s':>7} {'CPU s':>7} {'wall ms/row':>12} {'CPU ms/row':>11} {'budget':>7}")
        print(f"{args.rows:7d} {wall:7.2f} {cpu:7.2f} {wall / args.rows * 1000:12.3f} {cpu / args.rows * 1000:11.3f} "
              f"{BUDGET_MS:7.2f}")


if __name__ == "__main__":
    main()
