"""Theme × wave, split by informant group and/or site, and the change between consecutive waves.

Panels are unbalanced (youth move out), so a cell gives the share of the participants
*interviewed in that wave* who have the theme (n of N), not a bare count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import product
from typing import Literal

from export.matrices.data import CodeRef, Dataset, Segment, Spans, gc_paused
from intervju.errors import InputError

Split = tuple[str, ...]
SplitBy = tuple[str, ...]  # () | ("group",) | ("site",) | ("group", "site")

ChangeCategory = Literal[
    "emerged", "increased", "constant", "decreased", "ceased", "idiosyncratic", "absent", "not_interviewed"
]
CHANGE_CATEGORIES: tuple[ChangeCategory, ...] = (
    "emerged", "increased", "constant", "decreased", "ceased", "idiosyncratic", "absent", "not_interviewed"
)
CellState = Literal["not_interviewed", "not_mentioned", "mentioned"]


@dataclass(frozen=True)
class ThemeWaveCell:
    code: str
    split: Split
    wave: str
    segments: int  # coded segments (each span once)
    participants: int  # n: participants interviewed in this wave (and split) who have the theme
    interviewed: int  # N: participants interviewed in this wave (and split)
    source: Callable[[], tuple[Segment, ...]] | None = field(default=None, compare=False, repr=False)

    @property
    def items(self) -> tuple[Segment, ...]:
        """The cell's segments (interview, participant, start, end, text, coders), made on first use."""
        return self.source() if self.source is not None else ()

    @property
    def share(self) -> float | None:
        """n / N, or None when nobody in this split was interviewed in this wave."""
        return self.participants / self.interviewed if self.interviewed else None

    @property
    def state(self) -> CellState:
        if not self.interviewed:
            return "not_interviewed"
        return "mentioned" if self.participants or self.segments else "not_mentioned"


@dataclass(frozen=True)
class ChangeRule:
    """Saldaña's change vocabulary, applied to participant shares of two consecutive waves.

    With p1, p2 the shares (n/N) in the earlier and later wave, and T the threshold, the first
    matching rule wins:

    1. ``not_interviewed``: nobody in the split was interviewed in one of the two waves;
    2. ``absent``: nobody mentioned the theme in either wave;
    3. ``idiosyncratic``: across both waves together only one participant mentioned it;
    4. ``emerged``: p1 = 0 and p2 > 0;   5. ``ceased``: p1 > 0 and p2 = 0;
    6. ``increased``: p2 − p1 ≥ T;   7. ``decreased``: p1 − p2 ≥ T;   8. ``constant``: otherwise.
    """

    threshold: float = 0.10

    def classify(self, first: ThemeWaveCell, second: ThemeWaveCell, mentioners: int) -> ChangeCategory:
        if not first.interviewed or not second.interviewed:
            return "not_interviewed"
        p1 = first.share or 0.0
        p2 = second.share or 0.0
        if mentioners == 0:
            return "absent"
        if mentioners == 1:
            return "idiosyncratic"
        if p1 == 0 and p2 > 0:
            return "emerged"
        if p1 > 0 and p2 == 0:
            return "ceased"
        # a hair of tolerance so 0.1 counts as 0.1 despite floating point
        if p2 - p1 >= self.threshold - 1e-9:
            return "increased"
        if p1 - p2 >= self.threshold - 1e-9:
            return "decreased"
        return "constant"


@dataclass(frozen=True)
class Change:
    code: str
    code_id: int
    split: Split
    from_wave: str
    to_wave: str
    category: ChangeCategory
    share_from: float | None
    share_to: float | None


@dataclass
class ThemeWaveMatrix:
    codes: list[CodeRef]
    waves: list[str]
    by: SplitBy
    splits: list[Split]
    cells: dict[tuple[int, Split, str], ThemeWaveCell]
    rule: ChangeRule
    changes: list[Change] = field(default_factory=list)

    def cell(self, code: str | int | CodeRef, split: Split | str, wave: str) -> ThemeWaveCell:
        cid = code.id if isinstance(code, CodeRef) else self._code_id(code)
        key = (split,) if isinstance(split, str) else split
        return self.cells[(cid, key, wave)]

    def change(self, code: str | int | CodeRef, split: Split | str, from_wave: str) -> Change:
        cid = code.id if isinstance(code, CodeRef) else self._code_id(code)
        key = (split,) if isinstance(split, str) else split
        for ch in self.changes:
            if ch.code_id == cid and ch.split == key and ch.from_wave == from_wave:
                return ch
        raise KeyError((code, split, from_wave))

    def _code_id(self, ref: str | int) -> int:
        for c in self.codes:
            if ref in (c.id, c.uid, c.name):
                return c.id
        raise KeyError(ref)


def split_key(by: SplitBy, group: str, site: str) -> Split:
    return tuple(group if part == "group" else site for part in by) or ("",)


def all_splits(ds: Dataset, by: SplitBy) -> list[Split]:
    for part in by:
        if part not in ("group", "site"):
            raise InputError(f"--by {part!r}: split by group, site or both")
    lists = [ds.groups if part == "group" else ds.sites for part in by]
    return [tuple(p) for p in product(*lists)] if by else [("",)]


@gc_paused()
def theme_wave(ds: Dataset, by: SplitBy = ("group",), rule: ChangeRule = ChangeRule()) -> ThemeWaveMatrix:
    """Theme × wave per split. See :mod:`export.matrices.data` for what counts as a segment."""
    splits = all_splits(ds, by)
    # N: participants interviewed per (split, wave)
    interviewed: dict[tuple[Split, str], set[int]] = defaultdict(set)
    for iv in ds.interviews.values():
        interviewed[(split_key(by, iv.group, iv.site), iv.wave)].update(iv.participants)

    split_of = {iid: split_key(by, iv.group, iv.site) for iid, iv in ds.interviews.items()}
    key_of = {iid: (split_of[iid], iv.wave) for iid, iv in ds.interviews.items()}
    cells: dict[tuple[int, Split, str], ThemeWaveCell] = {}
    mentioners: dict[tuple[int, Split, str], set[int]] = {}
    empty: set[int] = set()
    no_spans = Spans()
    for code in ds.codes:
        row = ds.spans.get(code.id, no_spans)
        keys = list(map(key_of.__getitem__, row.interview))
        count = Counter(keys)
        who: dict[tuple[Split, str], set[int]] = defaultdict(set)
        for key, pid in set(zip(keys, row.participant, strict=True)):
            if pid is not None:
                who[key].add(pid)
        for split in splits:
            for wave in ds.waves:
                key = (split, wave)
                people = who.get(key, empty)
                cells[(code.id, split, wave)] = ThemeWaveCell(
                    code.name, split, wave, count.get(key, 0), len(people), len(interviewed.get(key, empty)),
                    partial(_cell_items, ds, code.id, split_of, split, wave),
                )
                mentioners[(code.id, split, wave)] = people
    matrix = ThemeWaveMatrix(ds.codes, ds.waves, by, splits, cells, rule)
    matrix.changes = changes(matrix, mentioners)
    return matrix


def _cell_items(ds: Dataset, code_id: int, split_of: dict[int, Split], split: Split, wave: str) -> tuple[Segment, ...]:
    return tuple(s for s in ds.segments.get(code_id, ()) if s.wave == wave and split_of[s.interview_id] == split)


def changes(matrix: ThemeWaveMatrix, mentioners: dict[tuple[int, Split, str], set[int]]) -> list[Change]:
    out: list[Change] = []
    for code in matrix.codes:
        for split in matrix.splits:
            for w1, w2 in zip(matrix.waves, matrix.waves[1:], strict=False):
                c1 = matrix.cells[(code.id, split, w1)]
                c2 = matrix.cells[(code.id, split, w2)]
                people = mentioners[(code.id, split, w1)] | mentioners[(code.id, split, w2)]
                out.append(
                    Change(code.name, code.id, split, w1, w2, matrix.rule.classify(c1, c2, len(people)),
                           c1.share, c2.share)
                )
    return out


def parse_by(value: str | Sequence[str]) -> SplitBy:
    """``group``, ``site``, ``group,site`` or ``none`` as given on the command line."""
    parts = [p.strip() for p in (value.split(",") if isinstance(value, str) else value) if p.strip()]
    if parts in (["none"], ["all"], []):
        return ()
    for p in parts:
        if p not in ("group", "site"):
            raise InputError(f"--by {p!r}: choose group, site, group,site or none")
    return tuple(dict.fromkeys(parts))
