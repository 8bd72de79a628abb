"""Import benchmark: what importing a synthetic corpus costs, where the time goes, and the
budget of issue 19 it is held to.

    python -m bench.import_bench S                  # SQLite; builds bench/out/S once, then imports it
    python -m bench.import_bench L                  # 1,000 interviews: does it scale linearly?
    python -m bench.import_bench S --url URL        # one import into a fresh schema on PostgreSQL
    python -m bench.import_bench S --compare URL    # SQLite and PostgreSQL in the same run

Every import is a new project, as a user's first import is (the language pipeline loads cold).
The import reads and parses files in a second process (``intervju.prefetch``) while this one
runs the language pipeline and writes: the report gives the time of each where it is spent, the
CPU time of each process (and of the PostgreSQL server process, when the server runs on this
machine), and the load average, since the machine may be shared: on a busy machine the wall
time is not the idle-machine figure the budget speaks of, so read the CPU times next to it.

Budget (issue 19): the S import ≤ 5 s on an idle machine, i.e. ≥ 160 k words/s, for L as for S
(linear); peak memory of each process < 400 MB; PostgreSQL ≤ 1.5 × SQLite in the same run.
``--compare`` runs each import in a process of its own, SQLite then PostgreSQL, ``--rounds``
times, and holds the best of each to the budget.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

import intervju.importing as importing
from bench.corpus import SIZES, write_corpus
from intervju.importing import Indexer
from intervju.models import Interview, Turn
from intervju.prefetch import Prepared
from kode.project import Project

#: The benchmark measures the fallback pipeline (what runs without the trained model).
MODEL = "fallback-for-benchmark-not-installed"

OUT = Path(__file__).resolve().parent / "out"

#: Issue 19's budget: the S corpus (803,061 words) in ≤ 5 s, i.e. this many words per second.
WORDS_PER_SECOND = 160_000
PEAK_MB = 400
PG_OVER_SQLITE = 1.5


def corpus_dir(size: str) -> Path:
    path = OUT / size
    if not (path / "manifest.csv").is_file():
        write_corpus(size, path)
    return path


class _TimedIndexer:
    """The project's indexer, with the time spent inside it added up."""

    def __init__(self, inner: Indexer) -> None:
        self.inner = inner
        self.pipeline_name = inner.pipeline_name
        self.seconds = 0.0

    def index(self, session: Session, interview: Interview, turns: Sequence[Any]) -> None:
        started = time.perf_counter()
        self.inner.index(session, interview, turns)
        self.seconds += time.perf_counter() - started

    def analyse(self, text: str, bounds: Sequence[tuple[int, int]]) -> Any:
        """The analysis of the next file while the server finishes one (PostgreSQL), timed."""
        analyse = getattr(self.inner, "analyse", None)
        if analyse is None:
            return None
        started = time.perf_counter()
        try:
            return analyse(text, bounds)
        finally:
            self.seconds += time.perf_counter() - started

    def start(self, session: Session, interview: Interview, turns: Sequence[Any], analysis: Any = None) -> Any:
        """The two-step index, timed (sending the rows, then waiting for the server and the vocabulary)."""
        start = getattr(self.inner, "start", None)
        began = time.perf_counter()
        if start is None:
            self.inner.index(session, interview, turns)
            self.seconds += time.perf_counter() - began
            return lambda: None
        finish = start(session, interview, turns, analysis)
        self.seconds += time.perf_counter() - began

        def timed() -> None:
            again = time.perf_counter()
            try:
                finish()
            finally:
                self.seconds += time.perf_counter() - again

        return timed


class _ReaderClock:
    """Adds up the time the reader process spent on each file, as it measured it there."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.files = 0
        self._inner = importing.prefetched

    def __call__(self, *args: Any, **kwargs: Any) -> Iterator[Prepared | None]:
        for prepared in self._inner(*args, **kwargs):
            if prepared is not None:
                self.seconds += getattr(prepared, "seconds", 0.0)  # kode before the reader timed itself: 0
                self.files += 1
            yield prepared


def turn_texts(source: Path) -> list[str]:
    """The turn texts an import of ``source`` will analyse, read with kode's own readers."""
    from intervju.canonical import build_canonical
    from intervju.readers import read_transcript_bytes

    texts: list[str] = []
    for path in sorted(source.iterdir()):
        if path.suffix.lower() in (".docx", ".txt"):
            raw = read_transcript_bytes(path.read_bytes(), path.suffix.lower())
            canonical, spans = build_canonical(raw.turns)
            texts.extend(canonical[s.start : s.end] for s in spans)
    return texts


@contextmanager
def _target(url: str | None) -> Iterator[tuple[str, str | None]]:
    """A new project's place and, on PostgreSQL, the ``application_name`` its connections carry:
    a file in a temporary folder, or a fresh schema on the server at ``url`` (dropped afterwards)."""
    if url is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield str(Path(tmp) / "bench.kode"), None
        return
    import uuid

    from kode.store import make_engine

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}&application_name={schema}", schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _server_cpu(project: Project, tag: str | None) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL server process serving this project (its connections
    carry ``application_name`` = ``tag``), read from /proc: empty when the server is elsewhere."""
    if tag is None:
        return {}
    with project.session() as session:
        pids = session.scalars(text("SELECT pid FROM pg_stat_activity WHERE application_name = :tag"),
                               {"tag": tag}).all()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return {}
        cpu[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return cpu


def run(size: str, url: str | None = None) -> dict[str, float]:
    source = corpus_dir(size)
    with _target(url) as (target, tag), Project.create(target, sites=("Nordbakken", "Sjøglimt")) as project:
        # set directly: `set_language_model` refuses a model that is not installed, which is
        # the point here (the fallback pipeline runs even where the trained model is installed)
        from intervju.setup import set_setting
        from kode.facade_search import MODEL_SETTING

        with project.session() as session:
            set_setting(session, MODEL_SETTING, MODEL)
        timed: list[_TimedIndexer] = []
        make = project.search_indexer

        def search_indexer() -> _TimedIndexer:
            timed.append(_TimedIndexer(make()))
            return timed[-1]

        project.search_indexer = search_indexer  # type: ignore[assignment,method-assign]
        reader = _ReaderClock()
        importing.prefetched = reader  # type: ignore[assignment]
        server_before = _server_cpu(project, tag)
        cpu_before = _cpu()
        started = time.perf_counter()
        try:
            report = project.import_files([source], manifest=source / "manifest.csv")
        finally:
            importing.prefetched = reader._inner
        elapsed = time.perf_counter() - started
        cpu_self, cpu_children = (after - before for after, before in zip(_cpu(), cpu_before, strict=True))
        server_after = _server_cpu(project, tag)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        reader_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if report.failed:
            raise SystemExit(f"import failed: {[r.message for r in report.results if r.status == 'failed'][:3]}")
        words = sum(r.words for r in report.results)
        with project.session() as session:
            stored = session.scalar(select(func.count()).select_from(Turn))
        # The language pipeline alone over the same texts, for reference (warm: after the import).
        texts = turn_texts(source)
        assert stored == len(texts), (stored, len(texts))
        pipeline = project.language_pipeline()
        began = time.perf_counter()
        tokens = pipeline.count_tokens_bare(texts)
        bare = time.perf_counter() - began
    server = sum(cpu - server_before.get(pid, 0.0) for pid, cpu in server_after.items()) if server_after else -1.0
    return {
        "interviews": len(report.results),
        "words": words,
        "seconds": elapsed,
        "words_per_second": words / elapsed,
        "peak_mb": peak_mb,
        "reader_peak_mb": reader_peak_mb,
        "index_seconds": sum(t.seconds for t in timed),
        "reader_seconds": reader.seconds,
        "reader_files": reader.files,
        "bare_seconds": bare,
        "tokens": tokens,
        "turns": len(texts),
        "cpu_self": cpu_self,
        "cpu_children": cpu_children,
        "cpu_server": server,
        "load": os.getloadavg()[0],
    }


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children (the reader process)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def describe(size: str, f: dict[str, float], backend: str) -> list[str]:
    """The report of one import, line by line."""
    server = f" + {f['cpu_server']:.1f} s in the PostgreSQL server process" if f["cpu_server"] >= 0 else ""
    rest = f["seconds"] - f["index_seconds"]
    return [
        f"{backend}, corpus {size}: {f['interviews']:.0f} interviews, {f['words']:,.0f} words, "
        f"{f['turns']:,.0f} turns",
        f"  import: {f['seconds']:.2f} s wall, {f['words_per_second']:,.0f} words/s; peak memory "
        f"{f['peak_mb']:.0f} MB in this process, {f['reader_peak_mb']:.0f} MB in the reader process",
        f"  CPU: {f['cpu_self']:.1f} s in this process + {f['cpu_children']:.1f} s in the reader process{server}; "
        f"load average {f['load']:.1f} on {os.cpu_count()} cores",
        f"  reader process (reads, hashes and parses {f['reader_files']:.0f} files ahead, measured there): "
        f"{f['reader_seconds']:.2f} s",
        f"  this process, in the indexer (language pipeline, sentence rows and the database's work on "
        f"them): {f['index_seconds']:.2f} s",
        f"  this process, the rest (metadata, interview and turn rows, commits, waiting for the reader): "
        f"{rest:.2f} s",
        f"  for reference, the bare pipeline (nlp.pipe, warm) over the same {f['turns']:,.0f} turn texts: "
        f"{f['bare_seconds']:.2f} s ({f['tokens']:,.0f} tokens)",
    ]


def budget_rows(f: dict[str, float], sqlite: bool) -> list[tuple[str, str, str, str]]:
    """(what, measured, budget, within) for one import: the time budget holds for SQLite (for
    PostgreSQL the budget is its ratio to SQLite), the memory budget for both."""
    rows = []
    if sqlite:
        budget = f["words"] / WORDS_PER_SECOND
        within = "yes" if f["seconds"] <= budget else ("CPU yes" if f["cpu_self"] <= budget else "no")
        rows.append(("import wall (idle machine)", f"{f['seconds']:.2f} s", f"≤ {budget:.2f} s", within))
        fast = f["words_per_second"] >= WORDS_PER_SECOND
        rows.append(("words per second", f"{f['words_per_second']:,.0f}", f"≥ {WORDS_PER_SECOND:,}",
                     "yes" if fast else ("CPU yes" if f["words"] / f["cpu_self"] >= WORDS_PER_SECOND else "no")))
    peak = max(f["peak_mb"], f["reader_peak_mb"])
    rows.append(("peak memory, each process", f"{peak:.0f} MB", f"< {PEAK_MB} MB", "yes" if peak < PEAK_MB else "no"))
    return rows


def print_table(rows: Sequence[tuple[str, str, str, str]]) -> None:
    print(f"  {'budget (issue 19)':40} {'measured':>12} {'budget':>12}  within")
    for what, measured, budget, within in rows:
        print(f"  {what:40} {measured:>12} {budget:>12}  {within}")


def compare(size: str, url: str, rounds: int) -> None:
    """SQLite and PostgreSQL imports, each in its own process, alternating; the best of each."""
    def one(extra: list[str]) -> dict[str, float]:
        out = subprocess.run([sys.executable, "-m", "bench.import_bench", size, "--json", *extra],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    lite: list[dict[str, float]] = []
    pg: list[dict[str, float]] = []
    for _ in range(rounds):
        lite.append(one([]))
        pg.append(one(["--url", url]))
    best_lite = min(lite, key=lambda f: f["seconds"])
    best_pg = min(pg, key=lambda f: f["seconds"])
    for line in describe(size, best_lite, "SQLite"):
        print(line)
    for line in describe(size, best_pg, "PostgreSQL"):
        print(line)
    if rounds > 1:
        walls = [", ".join(f"{f['seconds']:.2f}" for f in runs) for runs in (lite, pg)]
        print(f"  walls over {rounds} rounds: SQLite {walls[0]} s; PostgreSQL {walls[1]} s")
    ratio = best_pg["seconds"] / best_lite["seconds"]
    cpu_lite = best_lite["cpu_self"] + best_lite["cpu_children"]
    cpu_pg = best_pg["cpu_self"] + best_pg["cpu_children"] + max(best_pg["cpu_server"], 0.0)
    print(f"  PostgreSQL over SQLite: {ratio:.2f} × wall; CPU of every process involved {cpu_pg:.1f} s over "
          f"{cpu_lite:.1f} s ({cpu_pg / cpu_lite:.2f} ×)")
    rows = budget_rows(best_lite, sqlite=True)
    rows += [(f"PostgreSQL: {what}", measured, budget, within)
             for what, measured, budget, within in budget_rows(best_pg, sqlite=False)]
    rows.append(("PostgreSQL over SQLite, wall", f"{ratio:.2f} ×", f"≤ {PG_OVER_SQLITE} ×",
                 "yes" if ratio <= PG_OVER_SQLITE else "no"))
    print_table(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", choices=sorted(SIZES), nargs="?", default="S")
    parser.add_argument("--url", default=None,
                        help="Import into a fresh schema on this PostgreSQL server instead of a SQLite file.")
    parser.add_argument("--compare", metavar="URL", default=None,
                        help="Import into SQLite and into PostgreSQL at URL, each in its own process, and compare.")
    parser.add_argument("--rounds", type=int, default=1, help="With --compare: imports of each (the best counts).")
    parser.add_argument("--json", action="store_true", help="Print the figures of one import as JSON.")
    args = parser.parse_args()
    if args.compare:
        compare(args.size, args.compare, args.rounds)
        return
    figures = run(args.size, args.url)
    if args.json:
        print(json.dumps(figures))
        return
    for line in describe(args.size, figures, "PostgreSQL" if args.url else "SQLite"):
        print(line)
    print_table(budget_rows(figures, sqlite=args.url is None))
    if args.url:
        print(f"  (PostgreSQL's budget is ≤ {PG_OVER_SQLITE} × SQLite in the same run: --compare URL)")


if __name__ == "__main__":
    main()
