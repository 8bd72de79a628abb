"""Framework matrices: participant × theme, one table per wave, or one theme with the waves side by
side. A cell holds the participant's coded segments and the researcher's summary: a memo on that
participant × code × wave (``Memo.participant_id``, ``code_id`` and ``wave_id`` all set)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from export.matrices.data import CodeRef, Dataset, ParticipantRef, Segment, gc_paused
from export.matrices.theme_wave import CellState
from export.matrices.trajectory import cell_memos, panel
from intervju.models import Wave


class FrameworkCell(NamedTuple):  # like TrajectoryCell: 20,000 of them on the L corpus, made cheaply
    interviewed: bool
    segments: tuple[Segment, ...]
    summary: str | None

    @property
    def state(self) -> CellState:
        if not self.interviewed:
            return "not_interviewed"
        return "mentioned" if self.segments else "not_mentioned"


@dataclass
class FrameworkTable:
    """Rows are participants; columns are codes (one wave's table) or waves (one theme's table)."""

    wave: str | None
    code: CodeRef | None
    columns: list[str]  # column keys: code names, or wave names
    participants: list[ParticipantRef]
    cells: dict[tuple[int, str], FrameworkCell]  # (participant id, column key)

    def cell(self, participant: ParticipantRef | int, column: str) -> FrameworkCell:
        pid = participant.id if isinstance(participant, ParticipantRef) else participant
        return self.cells[(pid, column)]


def _gather(session: Session, ds: Dataset) -> tuple[
    dict[tuple[int, int, str], list[Segment]], set[tuple[int, str]], dict[tuple[int, int, str], str]
]:
    segs: dict[tuple[int, int, str], list[Segment]] = defaultdict(list)
    for code in ds.codes:
        cid = code.id
        for seg, pid in zip(ds.segments.get(cid, ()), ds.segment_participants.get(cid, ()), strict=True):
            if pid is not None:
                segs[(cid, pid, seg.wave)].append(seg)
    seen = {(pid, iv.wave) for iv in ds.interviews.values() for pid in iv.participants}
    wave_names = {r[0]: r[1] for r in session.execute(select(Wave.id, Wave.name))}
    memos = {
        (cid, pid, wave_names[wid]): text
        for (cid, pid, wid), text in cell_memos(session, with_wave=True).items()
        if wid in wave_names
    }
    return segs, seen, memos


EMPTY = FrameworkCell(True, (), None)


@gc_paused()
def framework_by_wave(session: Session, ds: Dataset) -> list[FrameworkTable]:
    """One table per wave: the participants interviewed in that wave × the codes."""
    segs, seen, memos = _gather(session, ds)
    people = panel(ds)
    names = [c.name for c in ds.codes]
    # every cell starts empty; the cells with segments or a summary are then filled in. Two codes
    # with one name share a column: the later code's cell is the one shown
    shown = {c.name: c.id for c in ds.codes}
    column = {cid: name for name, cid in shown.items()}
    tables = {}
    for wave in ds.waves:
        rows = [p for p in people if (p.id, wave) in seen]
        cells = {(p.id, name): EMPTY for p in rows for name in names}
        tables[wave] = FrameworkTable(wave, None, names, rows, cells)
    # a cell exists for the participants interviewed in its wave; (code, participant, wave) of the
    # participants credited with a segment but not interviewed in that wave have none
    for (cid, pid, wave), found in segs.items():
        name = column.get(cid)
        table = tables.get(wave)
        if name is not None and table is not None and (pid, name) in table.cells:
            table.cells[(pid, name)] = FrameworkCell(True, tuple(found), memos.get((cid, pid, wave)))
    for (cid, pid, wave), text in memos.items():
        name = column.get(cid)
        table = tables.get(wave)
        if name is not None and table is not None and (pid, name) in table.cells and (cid, pid, wave) not in segs:
            table.cells[(pid, name)] = FrameworkCell(True, (), text)
    return list(tables.values())


@gc_paused()
def framework_by_theme(session: Session, ds: Dataset, code: CodeRef) -> FrameworkTable:
    """One theme, the waves side by side: every participant of the panel × the waves."""
    segs, seen, memos = _gather(session, ds)
    people = panel(ds)
    cells = {}
    for p in people:
        for wave in ds.waves:
            cells[(p.id, wave)] = FrameworkCell(
                (p.id, wave) in seen, tuple(segs.get((code.id, p.id, wave), ())), memos.get((code.id, p.id, wave))
            )
    return FrameworkTable(None, code, list(ds.waves), people, cells)
