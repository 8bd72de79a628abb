"""Code co-occurrence: how often two codes meet, by wave or by informant group.

Two units:

- ``turn``: the number of turns in which both codes have a segment (a segment belongs to every
  turn it touches);
- ``overlap``: the number of pairs of overlapping segments (one of each code, sharing text).

The diagonal holds, per code, the number of units (turns or segments) with that code. A code and
its own ancestor or descendant are not paired: a theme rolls its sub-codes up, so they always meet.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from export.matrices.data import CodeRef, Dataset, Spans, _chunks, gc_paused
from intervju.errors import InputError
from intervju.models import Turn

Unit = Literal["turn", "overlap"]


@dataclass
class CooccurrenceMatrix:
    codes: list[CodeRef]
    unit: Unit
    by: str | None  # "wave", "group" or None
    splits: list[str]  # wave or group names; [""] when not split
    counts: dict[tuple[str, int, int], int]  # (split, code a, code b), symmetric; a == b: the code's units

    def count(self, split: str, a: CodeRef | int, b: CodeRef | int) -> int | None:
        """None for a code paired with its own ancestor or descendant (not counted)."""
        ai = a.id if isinstance(a, CodeRef) else a
        bi = b.id if isinstance(b, CodeRef) else b
        if ai != bi and (ai, bi) in self.related:
            return None
        return self.counts.get((split, ai, bi), 0)

    @property
    def related(self) -> set[tuple[int, int]]:
        by_id = {c.id: c for c in self.codes}
        pairs: set[tuple[int, int]] = set()
        for c in self.codes:
            parent = c.parent_id
            while parent is not None:
                pairs.add((c.id, parent))
                pairs.add((parent, c.id))
                parent = by_id[parent].parent_id if parent in by_id else None
        return pairs


@gc_paused()
def cooccurrence(session: Session, ds: Dataset, unit: Unit = "turn", by: str | None = "wave") -> CooccurrenceMatrix:
    if unit not in ("turn", "overlap"):
        raise InputError(f"--unit {unit!r}: choose turn or overlap")
    if by not in (None, "wave", "group"):
        raise InputError(f"--by {by!r}: co-occurrence splits by wave or group (or none)")
    splits = list(ds.waves) if by == "wave" else list(ds.groups) if by == "group" else [""]
    matrix = CooccurrenceMatrix(ds.codes, unit, by, splits, {})
    related = matrix.related

    def split_of(iid: int) -> str:
        iv = ds.interviews[iid]
        return iv.wave if by == "wave" else iv.group if by == "group" else ""

    counts: dict[tuple[str, int, int], int] = defaultdict(int)
    by_interview: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # iid -> (start, end, code)
    no_spans = Spans()
    for code in ds.codes:
        row = ds.spans.get(code.id, no_spans)
        cid = code.id
        for iid, start, end in zip(row.interview, row.start, row.end, strict=True):
            by_interview[iid].append((start, end, cid))

    if unit == "turn":
        starts = turn_starts(session, sorted(by_interview))
        no_turns = [0]
        # per split, how many turns hold each set of codes: most turns hold one code, so there are
        # few distinct sets, and each set's diagonal and pairs are counted once with its multiplicity
        tallies: dict[str, Counter[frozenset[int]]] = defaultdict(Counter)
        for iid, segs in by_interview.items():
            units: dict[int, set[int]] = defaultdict(set)  # turn (its index) -> codes with a segment there
            bounds = starts.get(iid, no_turns)
            for s, e, cid in segs:
                first = bisect.bisect_right(bounds, s) - 1
                last = bisect.bisect_left(bounds, e) - 1
                if first < 0:
                    first = 0
                if last <= first:
                    units[first].add(cid)
                else:
                    for k in range(first, last + 1):
                        units[k].add(cid)
            tallies[split_of(iid)].update(map(frozenset, units.values()))
        for split, tally in tallies.items():
            for codes, n in tally.items():
                for cid in codes:
                    counts[(split, cid, cid)] += n
                for a, b in combinations(sorted(codes), 2):
                    if (a, b) not in related:
                        counts[(split, a, b)] += n
                        counts[(split, b, a)] += n
    else:
        for iid, segs in by_interview.items():
            split = split_of(iid)
            segs.sort()
            for i, (s1, e1, c1) in enumerate(segs):
                counts[(split, c1, c1)] += 1
                for s2, e2, c2 in segs[i + 1 :]:
                    if s2 >= e1:
                        break
                    if c1 != c2 and (c1, c2) not in related and s2 < e1 and s1 < e2:
                        counts[(split, c1, c2)] += 1
                        counts[(split, c2, c1)] += 1
    matrix.counts = dict(counts)
    return matrix


def turn_starts(session: Session, interview_ids: Sequence[int]) -> dict[int, list[int]]:
    """Interview id -> its turns' start offsets in text order (turns are numbered in text order).

    The database joins each interview's starts into one string: one row per interview instead of
    one per turn (an 8,000-word interview has about 130 turns).
    """
    out: dict[int, list[int]] = {}
    for chunk in _chunks(interview_ids, 500):
        q = (
            select(Turn.interview_id, func.aggregate_strings(cast(Turn.start, String), ","))
            .where(Turn.interview_id.in_(chunk))
            .group_by(Turn.interview_id)
        )
        for iid, joined in session.connection().execute(q):
            out[iid] = sorted(json.loads(f"[{joined}]"))  # json parses a long list of numbers fastest
    return out
