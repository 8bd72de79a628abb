"""Import benchmark: words per second and peak memory for importing a synthetic corpus.

    python -m bench.import_bench S            # builds bench/out/S once, then imports it

With the language layer in place it also runs the bare spaCy pipeline (``nlp.pipe``) over the
same turn texts in the same run, and prints the import's overhead over it: the budget is 15 %.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.corpus import SIZES, write_corpus
from intervju.importing import Indexer
from intervju.models import Interview, Turn
from kode.project import Project

#: The benchmark measures the fallback pipeline (what runs without the trained model).
MODEL = "fallback-for-benchmark-not-installed"

OUT = Path(__file__).resolve().parent / "out"


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

    def index(self, session: Session, interview: Interview, turns: Sequence[Turn]) -> None:
        started = time.perf_counter()
        self.inner.index(session, interview, turns)
        self.seconds += time.perf_counter() - started


def turn_texts(source: Path) -> list[str]:
    """The turn texts an import of ``source`` will analyse, read with kode's own readers."""
    from intervju.canonical import build_canonical
    from intervju.readers import read_transcript_bytes

    texts: list[str] = []
    for path in sorted(source.iterdir()):
        if path.suffix.lower() in (".docx", ".txt"):
            raw = read_transcript_bytes(path.read_bytes(), path.suffix.lower())
            text, spans = build_canonical(raw.turns)
            texts.extend(text[s.start : s.end] for s in spans)
    return texts


@contextmanager
def _target(url: str | None) -> Iterator[str]:
    """A new project's place: a file in a temporary folder, or a fresh schema on the PostgreSQL
    server at ``url`` (dropped afterwards)."""
    if url is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield str(Path(tmp) / "bench.kode")
        return
    import uuid

    from sqlalchemy import text

    from kode.store import make_engine

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(size: str, url: str | None = None) -> dict[str, float]:
    source = corpus_dir(size)
    with _target(url) as target:
        with Project.create(target, sites=("Nordbakken", "Sjøglimt")) as project:
            # set directly: `set_language_model` refuses a model that is not installed, which is
            # the point here (the fallback pipeline runs even where the trained model is installed)
            from intervju.setup import set_setting
            from kode.facade_search import MODEL_SETTING

            with project.session() as session:
                set_setting(session, MODEL_SETTING, MODEL)
            pipeline = project.language_pipeline()
            texts = turn_texts(source)
            # The bare pipeline first, on the freshly loaded pipeline: it pays spaCy's first-sight
            # costs per word (lexemes, tokenizer cache), so the import after it finds those warm
            # but still builds the indexer's own per-word look-ups from scratch.
            started = time.perf_counter()
            tokens = pipeline.count_tokens_bare(texts)
            bare = time.perf_counter() - started
            started = time.perf_counter()
            pipeline.count_tokens_bare(texts)
            bare_warm = time.perf_counter() - started
            base = project.indexer()
            assert base is not None
            timed = _TimedIndexer(base)
            project.indexer = lambda: timed  # type: ignore[method-assign]
            cpu_before = _cpu()
            started = time.perf_counter()
            report = project.import_files([source], manifest=source / "manifest.csv")
            elapsed = time.perf_counter() - started
            cpu_self, cpu_children = (after - before for after, before in zip(_cpu(), cpu_before, strict=True))
            if report.failed:
                raise SystemExit(f"import failed: {[r.message for r in report.results if r.status == 'failed'][:3]}")
            words = sum(r.words for r in report.results)
            with project.session() as session:
                stored = session.scalar(select(func.count()).select_from(Turn))
            assert stored == len(texts), (stored, len(texts))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "interviews": len(report.results),
        "words": words,
        "seconds": elapsed,
        "words_per_second": words / elapsed,
        "peak_mb": peak_mb,
        "index_seconds": timed.seconds,
        "bare_seconds": bare,
        "bare_warm_seconds": bare_warm,
        "tokens": tokens,
        "turns": len(texts),
        "cpu_self": cpu_self,
        "cpu_children": cpu_children,
    }


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children (the reader process)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", choices=sorted(SIZES), nargs="?", default="S")
    parser.add_argument("--url", default=None,
                        help="Import into a fresh schema on this PostgreSQL server instead of a SQLite file.")
    args = parser.parse_args()
    figures = run(args.size, args.url)
    print(f"corpus {args.size}: {figures['interviews']:.0f} interviews, {figures['words']:.0f} words")
    print(
        f"import: {figures['seconds']:.1f} s, {figures['words_per_second']:,.0f} words/s, "
        f"peak memory {figures['peak_mb']:.0f} MB"
    )
    bare = figures["bare_seconds"]
    load = os.getloadavg()
    print(
        f"import CPU: {figures['cpu_self']:.1f} s in this process + {figures['cpu_children']:.1f} s in the "
        f"reader process; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores "
        "(on a busy machine wall time is not the idle figure: read the CPU time next to it)"
    )
    print(
        f"bare nlp.pipe over the same {figures['turns']:,.0f} turn texts: {bare:.2f} s "
        f"({figures['tokens']:,.0f} tokens); a second, warm pass {figures['bare_warm_seconds']:.2f} s"
    )
    print(f"of the import, inside the indexer (pipeline + index rows): {figures['index_seconds']:.2f} s")
    print(f"indexer over bare pipeline: {100 * (figures['index_seconds'] / bare - 1):+.0f} %")
    print(f"whole import over bare pipeline: {100 * (figures['seconds'] / bare - 1):+.0f} % (budget +15 %)")


if __name__ == "__main__":
    main()
