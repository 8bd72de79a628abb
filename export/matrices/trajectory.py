"""Trajectories: one participant's (or one site's) themes across the waves, and the longitudinal
matrix of themes × participants whose cells carry the researcher's change description.

The change description is a memo on that participant × code with no wave (``Memo.participant_id``
and ``Memo.code_id`` set, ``wave_id`` NULL).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from export.matrices.data import CodeRef, Dataset, ParticipantRef, Spans, gc_paused
from export.matrices.theme_wave import CellState
from kodebok.models import Memo


class TrajectoryCell(NamedTuple):
    interviewed: int  # participants interviewed in the wave (0 or 1 for one participant)
    mentioned: int  # of them, how many have the theme
    segments: int

    @property
    def state(self) -> CellState:
        if not self.interviewed:
            return "not_interviewed"
        return "mentioned" if self.mentioned or self.segments else "not_mentioned"


@dataclass
class Trajectory:
    """Themes × waves for one participant (``participant`` set) or one site (``site`` set)."""

    title: str
    participant: ParticipantRef | None
    site: str | None
    codes: list[CodeRef]
    waves: list[str]
    cells: dict[tuple[int, str], TrajectoryCell]

    def cell(self, code: CodeRef | int, wave: str) -> TrajectoryCell:
        return self.cells[(code.id if isinstance(code, CodeRef) else code, wave)]


def _mentions(ds: Dataset) -> tuple[dict[int, dict[tuple[int, str], int]], set[tuple[int, str]]]:
    """participant -> (code, wave) -> segments (only where there are some); (participant, wave) seen in
    interviews."""
    counts: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)
    wave_of = {iid: iv.wave for iid, iv in ds.interviews.items()}
    no_spans = Spans()
    for code in ds.codes:
        row = ds.spans.get(code.id, no_spans)
        tally = Counter(zip(row.participant, map(wave_of.__getitem__, row.interview), strict=True))
        for (pid, wave), n in tally.items():
            if pid is not None:
                counts[pid][(code.id, wave)] = n
    seen = {(pid, iv.wave) for iv in ds.interviews.values() for pid in iv.participants}
    return counts, seen


def panel(ds: Dataset) -> list[ParticipantRef]:
    """The participants interviewed at least once under the filters, by group, site, pseudonym."""
    ids = {pid for iv in ds.interviews.values() for pid in iv.participants}
    gpos = {g: i for i, g in enumerate(ds.groups)}
    spos = {s: i for i, s in enumerate(ds.sites)}
    return sorted(
        (ds.participants[i] for i in ids),
        key=lambda p: (gpos.get(p.group or "", 99), spos.get(p.site or "", 99), p.pseudonym),
    )


@gc_paused()
def participant_trajectories(ds: Dataset) -> list[Trajectory]:
    counts, seen = _mentions(ds)
    keys = [(code.id, wave) for wave in ds.waves for code in ds.codes]
    # a participant's cells start from the empty cells of their pattern of waves interviewed
    templates: dict[tuple[int, ...], dict[tuple[int, str], TrajectoryCell]] = {}
    out = []
    for p in panel(ds):
        interviewed = {wave: 1 if (p.id, wave) in seen else 0 for wave in ds.waves}
        pattern = tuple(interviewed.values())
        template = templates.get(pattern)
        if template is None:
            empty = {wave: TrajectoryCell(n, 0, 0) for wave, n in interviewed.items()}
            template = templates[pattern] = {key: empty[key[1]] for key in keys}
        cells = template.copy()
        for key, n in counts.get(p.id, {}).items():
            if key in cells:
                here = interviewed[key[1]]
                cells[key] = TrajectoryCell(here, 1 if here else 0, n)
        out.append(Trajectory(p.pseudonym, p, None, ds.codes, ds.waves, cells))
    return out


@gc_paused()
def site_trajectories(ds: Dataset) -> list[Trajectory]:
    # who was interviewed where and when, who mentioned what, and segments per site × wave
    here: dict[tuple[str, str], set[int]] = defaultdict(set)
    for iv in ds.interviews.values():
        here[(iv.site, iv.wave)].update(iv.participants)
    where = {iid: (iv.site, iv.wave) for iid, iv in ds.interviews.items()}
    segs: dict[tuple[int, str, str], int] = defaultdict(int)
    mentioned: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    no_spans = Spans()
    for code in ds.codes:
        row = ds.spans.get(code.id, no_spans)
        for iid, pid in zip(row.interview, row.participant, strict=True):
            site, wave = where[iid]
            segs[(code.id, site, wave)] += 1
            if pid is not None and pid in here[(site, wave)]:
                mentioned[(code.id, site, wave)].add(pid)
    out = []
    for site in ds.sites:
        cells = {}
        for code in ds.codes:
            for wave in ds.waves:
                cells[(code.id, wave)] = TrajectoryCell(
                    len(here.get((site, wave), ())), len(mentioned.get((code.id, site, wave), ())),
                    segs.get((code.id, site, wave), 0),
                )
        out.append(Trajectory(site, None, site, ds.codes, ds.waves, cells))
    return out


class LongitudinalCell(NamedTuple):
    waves: tuple[TrajectoryCell, ...]  # one per wave, in wave order
    memo: str | None  # the researcher's change description for this participant × theme


@dataclass
class LongitudinalMatrix:
    codes: list[CodeRef]
    participants: list[ParticipantRef]
    waves: list[str]
    cells: dict[tuple[int, int], LongitudinalCell]  # (code id, participant id)

    def cell(self, code: CodeRef | int, participant: ParticipantRef | int) -> LongitudinalCell:
        cid = code.id if isinstance(code, CodeRef) else code
        pid = participant.id if isinstance(participant, ParticipantRef) else participant
        return self.cells[(cid, pid)]


def cell_memos(session: Session, *, with_wave: bool) -> dict[tuple[int, int, int | None], str]:
    """Memos on participant × code (× wave) cells: (code, participant, wave or None) -> text.

    Several memos on one cell are joined, oldest first, with a blank line between them.
    """
    q = (
        select(Memo.code_id, Memo.participant_id, Memo.wave_id, Memo.text)
        .where(Memo.participant_id.is_not(None), Memo.code_id.is_not(None))
        .where(Memo.interview_id.is_(None), Memo.coding_id.is_(None))
        .where(Memo.wave_id.is_not(None) if with_wave else Memo.wave_id.is_(None))
        .order_by(Memo.created_at, Memo.id)
    )
    out: dict[tuple[int, int, int | None], str] = {}
    for cid, pid, wid, text in session.execute(q):
        if cid is None or pid is None:
            continue
        key = (int(cid), int(pid), wid)
        out[key] = f"{out[key]}\n\n{text}" if key in out else text
    return out


@gc_paused()
def longitudinal_matrix(
    session: Session, ds: Dataset, trajectories: list[Trajectory] | None = None
) -> LongitudinalMatrix:
    """Themes × participants; pass ``trajectories`` when you have them already."""
    memos = cell_memos(session, with_wave=False)
    trajectories = participant_trajectories(ds) if trajectories is None else trajectories
    memo_of = {(cid, pid): text for (cid, pid, _wave), text in memos.items()}
    keys_of = [(code.id, [(code.id, w) for w in ds.waves]) for code in ds.codes]
    cells = {}
    for t in trajectories:
        assert t.participant is not None
        pid = t.participant.id
        get = t.cells.__getitem__
        for cid, keys in keys_of:
            key = (cid, pid)
            cells[key] = LongitudinalCell(tuple(map(get, keys)), memo_of.get(key))
    return LongitudinalMatrix(ds.codes, [t.participant for t in trajectories if t.participant], ds.waves, cells)
