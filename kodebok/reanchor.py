"""Move codings and suggestions onto a corrected transcript's text.

:func:`intervju.revision.revise_interview` replaces the text and returns an offset map; this
module moves every coding and suggestion of the interview with it. A span whose words survive
(similarity at or above the threshold, same number of turns) is moved silently; the others are
kept, moved as near as kode can tell, marked ``flagged`` and listed for a coder to review. Nothing
is dropped: two codings that land on the same span with the same code and coder become one, and
the memos of the second move to the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from intervju.revision import DEFAULT_THRESHOLD, OffsetMap, Revision
from kodebok.models import Code, Coder, Coding, Memo, Suggestion


@dataclass
class MovedSpan:
    kind: str  # "coding" | "suggestion"
    id: int
    code: str
    coder: str | None
    old: tuple[int, int]
    new: tuple[int, int]
    similarity: float
    reason: str
    old_text: str
    merged_into: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "code": self.code, "coder": self.coder,
                "old_start": self.old[0], "old_end": self.old[1], "start": self.new[0], "end": self.new[1],
                "similarity": round(self.similarity, 1), "reason": self.reason, "old_text": self.old_text,
                "merged_into": self.merged_into}


@dataclass
class ReanchorReport:
    codings: int = 0
    suggestions: int = 0
    unchanged: int = 0
    moved: int = 0
    flagged: list[MovedSpan] = field(default_factory=list)
    merged: list[MovedSpan] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"codings": self.codings, "suggestions": self.suggestions, "unchanged": self.unchanged,
                "moved": self.moved, "flagged": [m.to_json() for m in self.flagged],
                "merged": [m.to_json() for m in self.merged]}


def reanchor(
    session: Session,
    revision: Revision,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> ReanchorReport:
    """Move the interview's codings and suggestions along ``revision.offsets`` (same transaction)."""
    return reanchor_spans(
        session, revision.interview_id, revision.offsets,
        old_turns=revision.old_turns, new_turns=revision.new_turns, threshold=threshold,
    )


def reanchor_spans(
    session: Session,
    interview_id: int,
    offsets: OffsetMap,
    *,
    old_turns: list[tuple[int, int]],
    new_turns: list[tuple[int, int]],
    threshold: float = DEFAULT_THRESHOLD,
) -> ReanchorReport:
    report = ReanchorReport()
    codes = dict(session.execute(select(Code.id, Code.name)).all())
    coders = dict(session.execute(select(Coder.id, Coder.name)).all())

    coding_rows = session.execute(
        select(Coding.id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end, Coding.flagged)
        .where(Coding.interview_id == interview_id)
        .order_by(Coding.id)
    ).all()
    report.codings = len(coding_rows)
    taken: dict[tuple[int, int, int, int], int] = {}
    updates: list[dict[str, Any]] = []
    merged: list[tuple[int, int]] = []
    for cid, code_id, coder_id, start, end, was_flagged in coding_rows:
        placed = offsets.place(start, end, threshold=threshold, old_turns=old_turns, new_turns=new_turns)
        info = MovedSpan("coding", cid, codes.get(code_id, "?"), coders.get(coder_id), (start, end),
                         (placed.start, placed.end), placed.similarity, placed.reason, offsets.old[start:end])
        key = (code_id, coder_id, placed.start, placed.end)
        if key in taken:
            info.merged_into = taken[key]
            info.reason = info.reason or "same span as another coding"
            report.merged.append(info)
            merged.append((cid, taken[key]))
            continue
        taken[key] = cid
        flagged = was_flagged or not placed.confident
        if not placed.confident:
            report.flagged.append(info)
        _count(report, (start, end), (placed.start, placed.end), offsets)
        updates.append({"id": cid, "start": placed.start, "end": placed.end, "flagged": flagged})

    for dup, survivor in merged:
        session.execute(update(Memo).where(Memo.coding_id == dup).values(coding_id=survivor))
        session.execute(delete(Coding).where(Coding.id == dup))
        for u in updates:
            if u["id"] == survivor:
                u["flagged"] = True
    if updates:
        # Park every span on a position no other coding can hold, then set the new ones, so
        # the unique (code, interview, span, coder) key never trips over a half-done move.
        session.execute(
            update(Coding).where(Coding.interview_id == interview_id).values(start=-Coding.id, end=-Coding.id),
            execution_options={"synchronize_session": False},
        )
        session.execute(update(Coding), updates)

    sugg_rows = session.execute(
        select(Suggestion.id, Suggestion.code_id, Suggestion.start, Suggestion.end, Suggestion.flagged)
        .where(Suggestion.interview_id == interview_id)
        .order_by(Suggestion.id)
    ).all()
    report.suggestions = len(sugg_rows)
    staken: dict[tuple[int, int, int], int] = {}
    supdates: list[dict[str, Any]] = []
    sdrop: list[int] = []
    for sid, code_id, start, end, was_flagged in sugg_rows:
        placed = offsets.place(start, end, threshold=threshold, old_turns=old_turns, new_turns=new_turns)
        info = MovedSpan("suggestion", sid, codes.get(code_id, "?"), None, (start, end),
                         (placed.start, placed.end), placed.similarity, placed.reason, offsets.old[start:end])
        skey = (code_id, placed.start, placed.end)
        if skey in staken:
            info.merged_into = staken[skey]
            report.merged.append(info)
            sdrop.append(sid)
            continue
        staken[skey] = sid
        if not placed.confident:
            report.flagged.append(info)
        _count(report, (start, end), (placed.start, placed.end), offsets)
        supdates.append({"id": sid, "start": placed.start, "end": placed.end,
                         "flagged": was_flagged or not placed.confident})
    if sdrop:
        session.execute(delete(Suggestion).where(Suggestion.id.in_(sdrop)))
    if supdates:
        session.execute(
            update(Suggestion).where(Suggestion.interview_id == interview_id)
            .values(start=-Suggestion.id, end=-Suggestion.id),
            execution_options={"synchronize_session": False},
        )
        session.execute(update(Suggestion), supdates)
    session.expire_all()
    return report


def _count(report: ReanchorReport, old: tuple[int, int], new: tuple[int, int], offsets: OffsetMap) -> None:
    if old == new and offsets.old[old[0]:old[1]] == offsets.new[new[0]:new[1]]:
        report.unchanged += 1
    else:
        report.moved += 1


def flagged_codings(session: Session, interview_id: int | None = None) -> list[Coding]:
    """Codings waiting for review after a revision or a merge."""
    query = select(Coding).where(Coding.flagged.is_(True)).order_by(Coding.interview_id, Coding.start)
    if interview_id is not None:
        query = query.where(Coding.interview_id == interview_id)
    return list(session.scalars(query))
