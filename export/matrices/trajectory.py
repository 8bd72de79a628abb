"""Trajectories: one participant's (or one site's) themes across the waves, and the longitudinal
matrix of themes × participants whose cells carry the researcher's change description.

The change description is a memo on that participant × code with no wave (``Memo.participant_id``
and ``Memo.code_id`` set, ``wave_id`` NULL).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from export.matrices.data import CodeRef, Dataset, ParticipantRef
from export.matrices.theme_wave import CellState
from kodebok.models import Memo


@dataclass(frozen=True)
class TrajectoryCell:
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


def _mentions(ds: Dataset) -> tuple[dict[tuple[int, int, str], int], dict[tuple[int, str], set[int]]]:
    """(code, participant, wave) -> segments; (participant, wave) seen in interviews."""
    counts: dict[tuple[int, int, str], int] = defaultdict(int)
    for code in ds.codes:
        for seg, pid in zip(ds.segments.get(code.id, ()), ds.segment_participants.get(code.id, ()), strict=True):
            if pid is not None:
                counts[(code.id, pid, seg.wave)] += 1
    seen: dict[tuple[int, str], set[int]] = defaultdict(set)
    for iv in ds.interviews.values():
        for pid in iv.participants:
            seen[(pid, iv.wave)].add(iv.id)
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


def participant_trajectories(ds: Dataset) -> list[Trajectory]:
    counts, seen = _mentions(ds)
    out = []
    for p in panel(ds):
        cells = {}
        for code in ds.codes:
            for wave in ds.waves:
                n = counts.get((code.id, p.id, wave), 0)
                interviewed = 1 if (p.id, wave) in seen else 0
                cells[(code.id, wave)] = TrajectoryCell(interviewed, 1 if n and interviewed else 0, n)
        out.append(Trajectory(p.pseudonym, p, None, ds.codes, ds.waves, cells))
    return out


def site_trajectories(ds: Dataset) -> list[Trajectory]:
    counts, seen = _mentions(ds)
    people = panel(ds)
    site_of_interview = {(pid, iv.wave): iv.site for iv in ds.interviews.values() for pid in iv.participants}
    out = []
    for site in ds.sites:
        cells = {}
        for code in ds.codes:
            for wave in ds.waves:
                here = [p for p in people if site_of_interview.get((p.id, wave)) == site]
                mentioned = [p for p in here if counts.get((code.id, p.id, wave), 0)]
                segs = sum(
                    1 for s in ds.segments.get(code.id, ()) if s.site == site and s.wave == wave
                )
                cells[(code.id, wave)] = TrajectoryCell(len(here), len(mentioned), segs)
        out.append(Trajectory(site, None, site, ds.codes, ds.waves, cells))
    return out


@dataclass(frozen=True)
class LongitudinalCell:
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
        key = (int(cid), int(pid), wid)
        out[key] = f"{out[key]}\n\n{text}" if key in out else text
    return out


def longitudinal_matrix(session: Session, ds: Dataset) -> LongitudinalMatrix:
    memos = cell_memos(session, with_wave=False)
    trajectories = participant_trajectories(ds)
    cells = {}
    for t in trajectories:
        assert t.participant is not None
        for code in ds.codes:
            cells[(code.id, t.participant.id)] = LongitudinalCell(
                tuple(t.cells[(code.id, w)] for w in ds.waves), memos.get((code.id, t.participant.id, None))
            )
    return LongitudinalMatrix(ds.codes, [t.participant for t in trajectories if t.participant], ds.waves, cells)
