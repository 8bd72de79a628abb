"""De-identification benchmark: recall and precision of ``kode deid scan`` against a gold list.

    python -m bench.deid                  # fallback pipeline, with and without the example key
    python -m bench.deid --model nb_core_news_lg   # a trained pipeline, when installed
    python -m bench.deid --speed S        # also the scan speed over the synthetic S corpus

It imports the raw (not yet de-identified) fictional transcripts in ``examples/deid/transcripts/`` into a
temporary project, scans them, and compares the candidates with ``bench/deid_gold.csv``
(file, text, kind: every occurrence of ``text`` in that interview, case-sensitive and bounded by
non-word characters, longest gold texts first, is one identifier of ``kind``).

A gold identifier counts as found when a candidate overlaps it; "recall" requires the same kind,
"found" accepts any kind (the reviewer sees it either way and can re-label). Precision counts the
candidates of a kind that overlap some gold identifier. The issue's bar: person recall ≥ 0.9 with
the fallback pipeline.
"""

from __future__ import annotations

import argparse
import csv
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from intervju.deid.detect import KINDS
from kode.project import Project

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "deid"
GOLD = Path(__file__).resolve().parent / "deid_gold.csv"


def heldout_batches() -> list[Path]:
    """The held-out batches in the order they were written: ``heldout`` (batch 1), ``heldout2``, ….

    Each holds fictional transcripts written with their gold rows before the detectors were tuned
    on them, and is scored apart from the examples the detectors grew up with. Who wrote each, when,
    and during which tuning is in its ``README.md`` (batches 5 on) and in docs/deid.md, with its
    figures as it came. A gap in the numbers would renumber every later batch, so it is an error."""
    numbered = sorted(int(d.name[len("heldout"):]) for d in EXAMPLES.glob("heldout*")
                      if d.is_dir() and d.name[len("heldout"):].isdigit())
    if numbered != list(range(2, len(numbered) + 2)):
        raise SystemExit(f"{EXAMPLES}: held-out batches must be heldout, heldout2, heldout3, … without gaps")
    return [EXAMPLES / "heldout", *(EXAMPLES / f"heldout{n}" for n in numbered)]

Span = tuple[str, int, int, str]  # interview, start, end, kind


def gold_spans(texts: dict[str, str], headers: dict[str, str] | None = None) -> list[Span]:
    """Every occurrence of every gold text in its interview's text. A gold text that stands only
    in the interview's header (``# Kilde: …``, ``Deltakere: …``: not speech, kept apart from the
    text at import and listed by ``deid scan`` as header names to put in the key) is not scored."""
    rows = list(csv.DictReader(GOLD.open(encoding="utf-8")))
    by_file: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        if Path(row["file"]).stem in texts:
            by_file[Path(row["file"]).stem].append((row["text"], row["kind"]))
    out: list[Span] = []
    for name, items in by_file.items():
        text = texts[name]
        taken: list[tuple[int, int]] = []
        for needle, kind in sorted(items, key=lambda i: len(i[0]), reverse=True):
            hits = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text)]
            if not hits and headers and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", headers.get(name, "")):
                continue
            if not hits:
                raise SystemExit(f"{GOLD}: {needle!r} does not occur in {name}")
            for s, e in hits:
                if all(e <= ts or s >= te for ts, te in taken):
                    taken.append((s, e))
                    out.append((name, s, e, kind))
    return out


def score(gold: list[Span], found: list[Span]) -> dict[str, dict[str, float]]:
    def overlaps(a: Span, b: Span) -> bool:
        return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]

    table: dict[str, dict[str, float]] = {}
    for kind in [*KINDS, "all"]:
        g = [x for x in gold if kind in ("all", x[3])]
        f = [x for x in found if kind in ("all", x[3])]
        if not g and not f:
            continue
        same = [x for x in g if any(overlaps(x, y) and (kind == "all" or y[3] == x[3]) for y in found)]
        anyk = [x for x in g if any(overlaps(x, y) for y in found)]
        good = [y for y in f if any(overlaps(x, y) for x in gold)]
        table[kind] = {
            "gold": len(g), "found": len(f),
            "recall": len(same) / len(g) if g else float("nan"),
            "found_any_kind": len(anyk) / len(g) if g else float("nan"),
            "precision": len(good) / len(f) if f else float("nan"),
        }
    return table


def misses(gold: list[Span], found: list[Span], texts: dict[str, str]) -> list[str]:
    """Gold identifiers no candidate overlaps, and candidates that overlap no gold (fictional names)."""
    def hit(a: Span, pool: list[Span]) -> bool:
        return any(a[0] == b[0] and a[1] < b[2] and b[1] < a[2] for b in pool)

    out = [f"missed {g[3]:<11} {texts[g[0]][g[1]:g[2]]!r} in {g[0]}" for g in gold if not hit(g, found)]
    out += [f"extra  {f[3]:<11} {texts[f[0]][f[1]:f[2]]!r} in {f[0]}" for f in found if not hit(f, gold)]
    out += [f"kind   {f[3]:<11} {texts[f[0]][f[1]:f[2]]!r} (gold {g[3]})" for f in found for g in gold
            if f[0] == g[0] and f[1] < g[2] and g[1] < f[2] and f[3] != g[3]]
    return out


def run(model: str | None, with_key: bool, show: bool = False, source: Path = EXAMPLES
        ) -> tuple[dict[str, dict[str, float]], str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "deid.kode"
        with Project.create(str(target), sites=("Nordbakken", "Sjøglimt")) as project:
            report = project.import_files([source / "transcripts"], manifest=source / "manifest.csv")
            if report.failed:
                raise SystemExit(f"import failed: {[r.message for r in report.results if r.status == 'failed']}")
            started = time.perf_counter()
            _scan, pipeline = project.deid_scan(key=EXAMPLES / "key.yml" if with_key else None, model=model)
            elapsed = time.perf_counter() - started
            from intervju.models import Interview

            with project.session() as session:
                texts = {i.name: i.text for i in session.query(Interview)}
                headers = {i.name: i.header or "" for i in session.query(Interview)}
            found = [(c.interview, c.start, c.end, c.kind) for c in project.deid_candidates()]
    gold = gold_spans(texts, headers)
    if show:
        print("\n".join(misses(gold, found, texts)))
    return score(gold, found), pipeline, elapsed


def false_alarms(model: str | None) -> tuple[int, int, int]:
    """Candidates on the 28 main examples, whose third persons are already written ``[navn]``:
    every candidate there is a false alarm. Returns (interviews, words, candidates)."""
    source = REPO / "examples"
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "ex.kode"
        with Project.create(str(target), sites=("Nordbakken", "Sjøglimt")) as project:
            report = project.import_files([source / "transcripts"], manifest=source / "manifest.csv")
            project.deid_scan(model=model)
            return len(report.results), sum(r.words for r in report.results), len(project.deid_candidates())


def speed(size: str) -> None:
    """Scan speed over the synthetic reference corpus (the words tables loaded by a first scan)."""
    from bench.corpus import write_corpus

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / size
        write_corpus(size, src)
        with Project.create(str(Path(tmp) / "speed.kode"), sites=("Nordbakken", "Sjøglimt")) as project:
            report = project.import_files([src], manifest=src / "manifest.csv")
            words = sum(r.words for r in report.results)
            started = time.perf_counter()
            project.deid_scan(model=None)
            first = time.perf_counter() - started
            started = time.perf_counter()
            project.deid_scan(model=None)
            again = time.perf_counter() - started
    print(f"\nspeed, corpus {size} ({len(report.results)} interviews, {words} words): first scan {first:.1f} s, "
          f"rescan {again:.1f} s ({words / again:,.0f} words/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: the fallback, no model).")
    parser.add_argument("--show", action="store_true", help="List missed, extra and re-labelled identifiers.")
    parser.add_argument("--speed", choices=["XS", "S", "L"], help="Also time a scan of this synthetic corpus.")
    batches = heldout_batches()
    parser.add_argument("--batch", type=int, choices=range(1, len(batches) + 1), action="append",
                        help="Only this held-out batch (repeatable); without it, the examples and every batch.")
    args = parser.parse_args()
    if args.batch:
        runs = [(batches[n - 1], False) for n in args.batch]
    else:
        runs = [(EXAMPLES, True), (EXAMPLES, False), *((h, False) for h in batches)]
    names = {EXAMPLES: "examples (examples/deid)",
             **{b: f"held-out batch {n} (examples/deid/{b.name})" for n, b in enumerate(batches, 1)}}
    for source, with_key in runs:
        table, pipeline, elapsed = run(args.model, with_key, args.show, source)
        name = names[source]
        print(f"\n{name}, pipeline {pipeline}, {'with' if with_key else 'without'} the example key "
              f"(examples/deid/key.yml); scan {elapsed:.2f} s")
        print(f"{'kind':<12} {'gold':>5} {'cands':>6} {'recall':>7} {'any kind':>9} {'precision':>10}")
        for kind, row in table.items():
            print(f"{kind:<12} {row['gold']:>5.0f} {row['found']:>6.0f} {row['recall']:>7.2f} "
                  f"{row['found_any_kind']:>9.2f} {row['precision']:>10.2f}")
    if args.batch:
        return
    interviews, words, alarms = false_alarms(args.model)
    print(f"\nalready de-identified examples (examples/transcripts): {interviews} interviews, {words} words, "
          f"{alarms} candidates (all false alarms)")
    if args.speed:
        speed(args.speed)


if __name__ == "__main__":
    main()
