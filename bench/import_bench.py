"""Import benchmark: words per second and peak memory for importing a synthetic corpus.

    python -m bench.import_bench S            # builds bench/out/S once, then imports it

With the language layer in place it also runs the bare spaCy pipeline (``nlp.pipe``) over the
same turn texts in the same run, and prints the import's overhead over it: the budget is 15 %.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from bench.corpus import SIZES, write_corpus
from kode.project import Project

OUT = Path(__file__).resolve().parent / "out"


def corpus_dir(size: str) -> Path:
    path = OUT / size
    if not (path / "manifest.csv").is_file():
        write_corpus(size, path)
    return path


def run(size: str) -> dict[str, float]:
    source = corpus_dir(size)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "bench.kode"
        with Project.create(str(target), sites=("Nordbakken", "Sjøglimt")) as project:
            started = time.perf_counter()
            report = project.import_files([source], manifest=source / "manifest.csv")
            elapsed = time.perf_counter() - started
            if report.failed:
                raise SystemExit(f"import failed: {[r.message for r in report.results if r.status == 'failed'][:3]}")
            words = sum(r.words for r in report.results)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "interviews": len(report.results),
        "words": words,
        "seconds": elapsed,
        "words_per_second": words / elapsed,
        "peak_mb": peak_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", choices=sorted(SIZES), nargs="?", default="S")
    args = parser.parse_args()
    figures = run(args.size)
    print(f"corpus {args.size}: {figures['interviews']:.0f} interviews, {figures['words']:.0f} words")
    print(
        f"import: {figures['seconds']:.1f} s, {figures['words_per_second']:,.0f} words/s, "
        f"peak memory {figures['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
