"""Where an import's time goes: the import benchmark's run, with wall-clock timers around its stages.

    python -m bench.import_breakdown S

Runs the same import as ``bench.import_bench`` (same corpus, same fallback pipeline, the bare
``nlp.pipe`` first) with plain ``perf_counter`` timers wrapped around the importer's stages, so
the figures are the import's own, not a profiler's (cProfile inflates Python-heavy stages about
twice). Stages nest the way the import runs; "other" is whatever no timer covers (metadata,
participants, the interview row, the audit event, the session's own bookkeeping).

Only this process is timed: the reader process reads, hashes and parses the files ahead
(``intervju.prefetch``; ``bench.import_bench`` reports its time), so the read and parse stages
here count only files it did not read. The sentence rows go to the database as the pipeline
makes them, so they are the indexer's time less the pipeline's and the vocabulary's.
"""

from __future__ import annotations

import argparse
import functools
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.orm import SessionTransaction

from bench.import_bench import MODEL, corpus_dir, turn_texts

_SPENT: dict[str, float] = defaultdict(float)


def _timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _SPENT[name] += time.perf_counter() - started

    return wrapper


def _timed_iter(name: str, fn: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Time a generator's own work: only the time inside ``next``, not the consumer's."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        inner = fn(*args, **kwargs)
        while True:
            started = time.perf_counter()
            try:
                item = next(inner)
            except StopIteration:
                _SPENT[name] += time.perf_counter() - started
                return
            _SPENT[name] += time.perf_counter() - started
            yield item

    return wrapper


def _patch(owner: Any, attr: str, name: str, *, generator: bool = False) -> None:
    if not hasattr(owner, attr):
        return  # a stage this version of the importer does not have
    fn = getattr(owner, attr)
    setattr(owner, attr, (_timed_iter if generator else _timed)(name, fn))


def _install() -> None:
    import intervju.importing as importing
    import intervju.indexing as indexing
    from intervju.language.pipeline import LanguagePipeline

    _patch(indexing.PipelineIndexer, "index", "indexer (all)")
    _patch(importing, "read_source", "read file + hash (here, not read ahead)")
    _patch(importing, "read_transcript_bytes", "parse (here, not read ahead)")
    _patch(importing, "build_canonical", "canonical text")
    _patch(importing, "count_words", "word count")
    _patch(importing, "store_turns", "turns (speakers + rows)")
    _patch(LanguagePipeline, "index_terms", "pipeline (index_terms)", generator=True)
    _patch(indexing, "add_terms", "vocabulary rows")
    _patch(SessionTransaction, "commit", "commit (last flush + COMMIT)")


def run(size: str) -> tuple[float, float, float, dict[str, float]]:
    from kode.project import Project

    source = corpus_dir(size)
    with tempfile.TemporaryDirectory() as tmp:
        with Project.create(str(Path(tmp) / "bench.kode"), sites=("Nordbakken", "Sjøglimt")) as project:
            from intervju.setup import set_setting
            from kode.facade_search import MODEL_SETTING

            with project.session() as session:
                set_setting(session, MODEL_SETTING, MODEL)
            pipeline = project.language_pipeline()
            texts = turn_texts(source)
            started = time.perf_counter()
            pipeline.count_tokens_bare(texts)
            bare = time.perf_counter() - started
            _install()
            _SPENT.clear()
            started = time.perf_counter()
            report = project.import_files([source], manifest=source / "manifest.csv")
            elapsed = time.perf_counter() - started
            if report.failed:
                raise SystemExit("import failed")
    return elapsed, bare, _SPENT["indexer (all)"], dict(_SPENT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", nargs="?", default="S")
    args = parser.parse_args()
    elapsed, bare, index, spent = run(args.size)
    print(f"import {elapsed:.2f} s; bare nlp.pipe {bare:.2f} s; indexer {index:.2f} s "
          f"({100 * (index / bare - 1):+.0f} %); whole import {100 * (elapsed / bare - 1):+.0f} %")
    inside = ("pipeline (index_terms)", "vocabulary rows")
    outside = ("read file + hash (here, not read ahead)", "parse (here, not read ahead)", "canonical text",
               "word count", "turns (speakers + rows)", "commit (last flush + COMMIT)")
    rest_index = index - sum(spent.get(k, 0.0) for k in inside)
    top = [(k, spent[k]) for k in outside if k in spent]
    rows = [*top, *((f"indexer: {k}", spent[k]) for k in inside if k in spent)]
    rows.append(("indexer: sentence rows (SQLite: with FTS5 triggers), delete", rest_index))
    rows.append(("other (metadata, participants, interview row, queries)", elapsed - index - sum(v for _, v in top)))
    print(f"{'stage':<60} {'s':>7} {'% of import':>12}")
    for label, seconds in rows:
        print(f"{label:<60} {seconds:7.2f} {100 * seconds / elapsed:11.1f}%")
    print(f"{'total':<60} {elapsed:7.2f}")


if __name__ == "__main__":
    main()
