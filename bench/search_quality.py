"""Search quality: recall and precision of a gold set of queries, per query type.

    python -m bench.search_quality [--errors] [--check]

The corpus is the three fictional transcripts in ``examples/search_quality`` (bokmål, nynorsk and
dialect-like speech about moving into care), imported through the real importer with the Ordbank
fallback pipeline into a temporary project. ``examples/search_quality/gold.yml`` lists, for each
query, every sentence it must find (by a substring found in exactly one sentence); every other
sentence must not be found, so precision counts each extra hit. Scope: sentences, all speakers.

Recall = found and wanted / wanted, precision = found and wanted / found, summed over the queries
of a type (micro average) and over all queries. ``--check`` exits 1 below recall 0.97 or
precision 0.95; ``--errors`` lists every missed and every extra sentence.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "search_quality"
RECALL, PRECISION = 0.97, 0.95


@dataclass
class Outcome:
    """One query's result against its gold sentences."""

    query: str
    kind: str
    wanted: set[str]
    found: set[str]

    @property
    def missed(self) -> set[str]:
        return self.wanted - self.found

    @property
    def extra(self) -> set[str]:
        return self.found - self.wanted


@dataclass
class Tally:
    """Sums over several queries."""

    queries: int = 0
    hits: int = 0
    wanted: int = 0
    found: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        self.queries += 1
        self.hits += len(o.wanted & o.found)
        self.wanted += len(o.wanted)
        self.found += len(o.found)
        self.outcomes.append(o)

    @property
    def recall(self) -> float:
        return self.hits / self.wanted if self.wanted else 1.0

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0


def _manifest(folder: Path) -> Path:
    rows = ["file,site,group,participant,wave"]
    for path in sorted(folder.glob("*.txt")):
        participant = path.stem.split("_")[2]
        rows.append(f"{path.name},Nordbakken,ungdom,{participant},T1")
    manifest = Path(tempfile.mkdtemp(prefix="kode-quality-")) / "manifest.csv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest


def evaluate(workdir: Path) -> list[Outcome]:
    """Import the corpus into a project under ``workdir`` and run every gold query."""
    from intervju.models import Interview, Sentence
    from intervju.search import search
    from intervju.setup import set_setting
    from kode.facade_search import MODEL_SETTING
    from kode.project import Project

    gold = yaml.safe_load((CORPUS / "gold.yml").read_text(encoding="utf-8"))
    with Project.create(str(workdir / "quality.kode"), sites=["Nordbakken"]) as project:
        with project.session() as s:  # the fallback whatever is installed: the figures stay comparable
            set_setting(s, MODEL_SETTING, "fallback-for-the-quality-benchmark")
        report = project.import_files([CORPUS], manifest=_manifest(CORPUS))
        if report.failed:
            raise SystemExit(f"import failed: {[r.message for r in report.results]}")
        with project.session() as s:
            sentences = [text[a:b] for text, a, b in s.execute(
                select(Interview.text, Sentence.start, Sentence.end).join(Interview, Interview.id == Sentence.interview_id))]
            outcomes = []
            for entry in gold:
                wanted = set()
                for needle in entry["find"]:
                    holders = [t for t in sentences if needle in t]
                    if len(holders) != 1:
                        raise SystemExit(f"gold.yml: {entry['query']!r}: {needle!r} is in {len(holders)} sentences, not 1")
                    wanted.add(holders[0])
                result = search(s, entry["query"], speaker="all")
                outcomes.append(Outcome(entry["query"], entry["type"], wanted, {h.text for h in result.hits}))
    return outcomes


def summarise(outcomes: list[Outcome]) -> tuple[dict[str, Tally], Tally]:
    by_kind: dict[str, Tally] = {}
    total = Tally()
    for o in outcomes:
        by_kind.setdefault(o.kind, Tally()).add(o)
        total.add(o)
    return by_kind, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list missed and extra sentences")
    parser.add_argument("--check", action="store_true", help=f"exit 1 below recall {RECALL} or precision {PRECISION}")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kode-quality-") as tmp:
        outcomes = evaluate(Path(tmp))
    by_kind, total = summarise(outcomes)
    print(f"{'type':<12} {'queries':>7} {'wanted':>7} {'found':>6} {'recall':>7} {'precision':>9}")
    for kind, t in sorted(by_kind.items()):
        print(f"{kind:<12} {t.queries:>7} {t.wanted:>7} {t.found:>6} {t.recall:>7.3f} {t.precision:>9.3f}")
    print(f"{'all':<12} {total.queries:>7} {total.wanted:>7} {total.found:>6} {total.recall:>7.3f} {total.precision:>9.3f}")
    if args.errors:
        for o in outcomes:
            for text in sorted(o.missed):
                print(f"  missed  {o.query!r:<24} {text}")
            for text in sorted(o.extra):
                print(f"  extra   {o.query!r:<24} {text}")
    if args.check and (total.recall < RECALL or total.precision < PRECISION):
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
