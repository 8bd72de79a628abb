"""Search benchmark: median query time over a large synthetic corpus, with filters.

    python -m bench.search L          # builds bench/out/search-L.kode once, then times queries

The project is built straight from ``bench.corpus`` text, not from files: interviews and turns
go in through Core inserts and each interview is indexed by the real indexer (the fallback
pipeline, as at import), so the index is what ``kode import`` makes, without reading 1,000
Word files first. The budget: median under 50 ms for a lemma query and under 150 ms for a fuzzy
query (L corpus, 8 M words), with filters, showing the first 20 hits and counting all.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, cast

from sqlalchemy import insert, select

from bench.corpus import GROUPS, SITES, SIZES, WAVES, interview_turns, vocabulary
from intervju.corpus import Filters
from intervju.indexing import PipelineIndexer
from intervju.language import load_pipeline
from intervju.models import InformantGroup, Interview, Participant, Site, Turn, Wave, interview_participant
from intervju.search import search
from kode.project import Project

OUT = Path(__file__).resolve().parent / "out"
QUERIES = {
    "lemma": ["medvirke", "ungdom", "trygghet", "skole", "behandling", "hjemlighet"],
    "fuzzy": ["hjemlihet~", "tryghet~", "medvirkninng~", "behandlig~"],
    "prefix": ["hjem*", "trygg*"],
    "boolean": ["ungdom AND skole", "trygghet NOT skole", '"og det"'],
    "near": ["NEAR/5(ungdom skole)"],
}
FILTERS = {
    "none": Filters(),
    "wave T2, group ungdom": Filters(waves=["T2"], groups=["ungdom"]),
    "site Sjøglimt": Filters(sites=["Sjøglimt"]),
}


class _TurnRef:
    """What the indexer reads of a turn (its id, offsets and role), without an ORM object."""

    def __init__(self, id_: int, start: int, end: int, role: str) -> None:
        self.id = id_
        self.role = role
        self.start = start
        self.end = end


def build(size: str, target: Path, seed: int = 20261126) -> None:
    """Make the project: same text as ``bench.corpus`` writes, indexed like an import."""
    n, words = SIZES[size]
    rng = random.Random(seed)
    vocab = vocabulary()
    indexer = PipelineIndexer(load_pipeline(None))
    partial = target.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    project = Project.create(str(partial), sites=SITES)
    started = time.perf_counter()
    turn_id = 0
    with project:
        with project.session() as s:
            ids = {
                "site": {r.name: r.id for r in s.scalars(select(Site))},
                "group": {r.name: r.id for r in s.scalars(select(InformantGroup))},
                "wave": {r.name: r.id for r in s.scalars(select(Wave))},
            }
        for i in range(n):
            site, group, wave = SITES[i % 2], GROUPS[(i // 2) % 3], WAVES[(i // 6) % 3]
            participant = f"{group[0].upper()}{i // 18 + 1:03d}{site[0]}"
            turns = interview_turns(rng, vocab, words, group)
            parts, spans = [], []
            pos = 0
            for label, text in turns:
                prefix = f"{label}: "
                spans.append((label, pos + len(prefix), pos + len(prefix) + len(text)))
                parts.append(prefix + text)
                pos += len(prefix) + len(text) + 2
            full = "\n\n".join(parts)
            with project.session() as s:
                iv = Interview(
                    name=f"bench_{i:04d}", site_id=ids["site"][site], group_id=ids["group"][group],
                    wave_id=ids["wave"][wave], source_path="bench", source_format="txt",
                    content_hash=f"bench-{size}-{i}", text=full, word_count=words, turn_count=len(turns),
                    attributes={},
                )
                s.add(iv)
                s.flush()
                pid = s.scalar(select(Participant.id).where(Participant.pseudonym == participant))
                if pid is None:
                    pid = s.execute(insert(Participant).values(
                        pseudonym=participant, group_id=ids["group"][group], site_id=ids["site"][site],
                        attributes={}).returning(Participant.id)).scalar_one()
                s.execute(insert(interview_participant).values(interview_id=iv.id, participant_id=pid, position=0))
                rows, refs = [], []
                for n_turn, (label, start, end) in enumerate(spans, 1):
                    turn_id += 1
                    informant = n_turn % 2 == 0
                    rows.append({"id": turn_id, "interview_id": iv.id, "n": n_turn, "label": label,
                                 "role": "informant" if informant else "interviewer",
                                 "participant_id": pid if informant else None, "start": start, "end": end,
                                 "time_start": None, "time_end": None})
                    refs.append(_TurnRef(turn_id, start, end, rows[-1]["role"]))
                s.execute(insert(Turn.__table__), rows)
                indexer.index(s, iv, cast(Any, refs))
            if (i + 1) % 50 == 0:
                print(f"  built {i + 1}/{n} interviews, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(target)


def time_queries(target: Path, runs: int) -> list[tuple[str, str, str, float, float, int]]:
    """Per query and filter: median wall and CPU milliseconds (CPU is the steadier figure when
    other jobs share the cores), and the number of matches."""
    out = []
    with Project.open(str(target)) as project:
        for kind, queries in QUERIES.items():
            for query in queries:
                for label, filters in FILTERS.items():
                    times, cpu = [], []
                    total = 0
                    for _ in range(runs):
                        with project.session() as s:
                            started, c0 = time.perf_counter(), time.process_time()
                            result = search(s, query, filters, limit=20)
                            times.append(time.perf_counter() - started)
                            cpu.append(time.process_time() - c0)
                            total = result.total
                    out.append((kind, query, label, statistics.median(times) * 1000, statistics.median(cpu) * 1000,
                                total))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", choices=sorted(SIZES), nargs="?", default="L")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--seeds", type=Path, default=None,
                        help="Folder of seed texts for the vocabulary (default: bench.corpus's ../shared/seeds).")
    args = parser.parse_args()
    if args.seeds is not None:
        import bench.corpus

        bench.corpus.SEEDS = args.seeds
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"search-{args.size}.kode"
    if not target.exists():
        print(f"building {target} (once) …", file=sys.stderr)
        started = time.perf_counter()
        build(args.size, target)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with Project.open(str(target)) as project, project.session() as s:
        from sqlalchemy import func

        from intervju.models import Sentence

        sentences = s.scalar(select(func.count()).select_from(Sentence))
        words = s.scalar(select(func.sum(Interview.word_count)))
        interviews = s.scalar(select(func.count()).select_from(Interview))
    print(f"corpus {args.size}: {interviews} interviews, {words:,} words, {sentences:,} sentences")
    rows = time_queries(target, args.runs)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.runs} runs each")
    print(f"{'kind':8} {'query':24} {'filters':24} {'wall ms':>8} {'CPU ms':>8} {'matches':>9}")
    for kind, query, label, ms, cpu, total in rows:
        print(f"{kind:8} {query:24} {label:24} {ms:8.1f} {cpu:8.1f} {total:9,}")
    for kind, budget in (("lemma", 50), ("fuzzy", 150)):
        medians = [ms for k, _, _, ms, _, _ in rows if k == kind]
        cpus = [cpu for k, _, _, _, cpu, _ in rows if k == kind]
        print(f"{kind}: median of medians {statistics.median(medians):.1f} ms wall ({statistics.median(cpus):.1f} ms "
              f"CPU), worst {max(medians):.1f} ms wall ({max(cpus):.1f} ms CPU) (budget {budget} ms)")


if __name__ == "__main__":
    main()
