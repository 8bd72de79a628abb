"""REFI-QDA benchmark: time to export a coded project as .qdpx and to import it into a new one.

    python -m bench.refi_bench S      # the S corpus (100 × 8,000 words), two coders

The corpus is imported first (not timed); then every third turn is coded by one coder and every
fourth (over two turns) by another, so a project of S size carries some thousands of codings.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from bench.corpus import SIZES
from bench.import_bench import corpus_dir
from intervju.models import Turn
from kode.project import Project
from kodebok.models import Code, Coder, Coding


def run(size: str) -> dict[str, float]:
    source = corpus_dir(size)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "bench.kode"
        with Project.create(str(target), sites=("Nordbakken", "Sjøglimt")) as project:
            report = project.import_files([source], manifest=source / "manifest.csv")
            if report.failed:
                raise SystemExit("corpus import failed")
            with project.session() as s:
                a, b = Coder(name="a"), Coder(name="b")
                codes = [Code(uid=f"k{i}", name=f"Kode {i} æøå", position=i) for i in range(20)]
                s.add_all([a, b, *codes])
                s.flush()
                turns = list(s.scalars(select(Turn).order_by(Turn.interview_id, Turn.n)))
                rows = []
                for k, t in enumerate(turns):
                    if k % 3 == 0 and t.end > t.start:
                        rows.append(
                            Coding(
                                code_id=codes[k % 20].id,
                                interview_id=t.interview_id,
                                start=t.start,
                                end=t.end,
                                coder_id=a.id,
                            )
                        )
                    nxt = turns[k + 1] if k + 1 < len(turns) else None
                    if k % 4 == 0 and nxt is not None and nxt.interview_id == t.interview_id:
                        rows.append(
                            Coding(
                                code_id=codes[(k // 4) % 20].id,
                                interview_id=t.interview_id,
                                start=t.start,
                                end=nxt.end,
                                coder_id=b.id,
                            )
                        )
                s.add_all(rows)
                codings = len(rows)
            out = Path(tmp) / "bench.qdpx"
            started = time.perf_counter()
            project.export_qdpx(out)
            export_s = time.perf_counter() - started
        with Project.create(str(Path(tmp) / "other.kode"), sites=("Nordbakken", "Sjøglimt")) as other:
            started = time.perf_counter()
            result = other.import_qdpx(out)
            import_s = time.perf_counter() - started
            if result.skipped:
                raise SystemExit(f"import skipped: {result.skipped[:3]}")
        size_mb = out.stat().st_size / 2**20
    return {
        "interviews": len(report.results),
        "codings": codings,
        "export_s": export_s,
        "import_s": import_s,
        "qdpx_mb": size_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", choices=sorted(SIZES), nargs="?", default="S")
    args = parser.parse_args()
    f = run(args.size)
    print(
        f"corpus {args.size}: {f['interviews']:.0f} interviews, {f['codings']:.0f} codings, qdpx {f['qdpx_mb']:.1f} MB"
    )
    print(f"export qdpx: {f['export_s']:.2f} s; import qdpx into a new project: {f['import_s']:.2f} s")


if __name__ == "__main__":
    main()
