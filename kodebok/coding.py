"""Codings: (code, interview, start, end, coder, time) over an interview's canonical text.

A coding may cross turns. One coder cannot hold the same code on the same span twice, and a
retired code takes no new codings. Spans come from a turn range, a sentence or explicit offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intervju.corpus import Filters, find_interview, interview_query
from intervju.errors import InputError
from intervju.models import Interview, Sentence, Turn
from kodebok.audit import record
from kodebok.codes import CodeIndex
from kodebok.models import Code, Coder, Coding

if TYPE_CHECKING:
    from kodebok.memos import KeptMemo


@dataclass(frozen=True)
class CodingRow:
    id: int
    code: str  # the code's path
    code_id: str  # the code's stable uid
    interview: str
    start: int
    end: int
    coder: str
    created: datetime
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "code": self.code, "code_id": self.code_id, "interview": self.interview,
                "start": self.start, "end": self.end, "coder": self.coder, "created": self.created.isoformat(),
                "text": self.text}


def turn_span(session: Session, interview: Interview, first: int, last: int | None = None) -> tuple[int, int]:
    """From the start of turn ``first`` to the end of turn ``last`` (both 1-based, inclusive)."""
    last = first if last is None else last
    if first < 1 or last < first:
        raise InputError(f"turn range {first}-{last} is not a range like 3-5")
    turns = {t.n: t for t in session.scalars(select(Turn).where(Turn.interview_id == interview.id,
                                                                  Turn.n.in_((first, last))))}
    for n in (first, last):
        if n not in turns:
            raise InputError(f"interview {interview.name!r} has no turn {n} (it has {interview.turn_count})")
    return turns[first].start, turns[last].end


def sentence_span(session: Session, interview: Interview, n: int) -> tuple[int, int]:
    sentence = session.scalar(select(Sentence).where(Sentence.interview_id == interview.id, Sentence.n == n))
    if sentence is None:
        any_ = session.scalar(select(Sentence.id).where(Sentence.interview_id == interview.id).limit(1))
        if any_ is None:
            raise InputError(f"interview {interview.name!r} has no sentences indexed; use --turn or --span "
                             f"(or index the project)")
        raise InputError(f"interview {interview.name!r} has no sentence {n}")
    return sentence.start, sentence.end


def check_span(interview: Interview, start: int, end: int) -> None:
    if not 0 <= start < end <= len(interview.text):
        raise InputError(f"span {start}:{end} is not inside interview {interview.name!r} "
                         f"(0 ≤ start < end ≤ {len(interview.text)})")


def add_coding(session: Session, interview: Interview, code: Code, start: int, end: int, coder: Coder,
               *, action: str = "coding.add") -> Coding:
    """Code ``[start, end)`` of ``interview`` with ``code`` for ``coder``; refuses retired codes and doubles."""
    check_span(interview, start, end)
    if code.status != "active":
        raise InputError(f"code {code.name!r} is retired; it takes no new codings")
    already = InputError(f"{coder.name} has coded {start}:{end} of {interview.name!r} with {code.name!r} already")
    if find_coding(session, interview, code, start, end, coder) is not None:
        raise already
    coding = _insert_coding(session, code.id, interview.id, start, end, coder.id)
    if coding is None:
        raise already
    record(session, coder.name, action, "coding", coding.id, code=code.uid, interview=interview.name,
           start=start, end=end)
    return coding


def _insert_coding(session: Session, code_id: int, interview_id: int, start: int, end: int,
                   coder_id: int) -> Coding | None:
    """Insert one coding, or None when the same coding exists: another writer may have added it
    since :func:`find_coding` looked, and the unique constraint then says "already" without a
    database error (and without aborting a PostgreSQL transaction, so a savepoint is not needed)."""
    values = {"code_id": code_id, "interview_id": interview_id, "start": start, "end": end, "coder_id": coder_id}
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        coding = Coding(**values)
        session.add(coding)
        session.flush()
        return coding
    from sqlalchemy.dialects import postgresql, sqlite

    columns = ["code_id", "interview_id", "start", "end", "coder_id"]
    if dialect == "sqlite":
        lite = sqlite.insert(Coding).values(**values).on_conflict_do_nothing(index_elements=columns)
        return session.scalars(lite.returning(Coding)).first()
    pg = postgresql.insert(Coding).values(**values).on_conflict_do_nothing(index_elements=columns)
    return session.scalars(pg.returning(Coding)).first()


def find_coding(session: Session, interview: Interview, code: Code, start: int, end: int,
                coder: Coder) -> Coding | None:
    return session.scalar(select(Coding).where(
        Coding.interview_id == interview.id, Coding.code_id == code.id, Coding.start == start, Coding.end == end,
        Coding.coder_id == coder.id))


def remove_coding(session: Session, interview: Interview, code: Code, start: int, end: int,
                  coder: Coder) -> list[KeptMemo]:
    """Remove this coder's coding of ``code`` on exactly this span, with its memos.

    The database would drop the memos silently with the coding (``ON DELETE CASCADE``); they are
    deleted here one by one instead, each with an audit event that keeps its text, and returned so
    an undo can put them back (:func:`kodebok.memos.restore_memos`)."""
    from kodebok.memos import drop_coding_memos

    coding = find_coding(session, interview, code, start, end, coder)
    if coding is None:
        raise InputError(f"{coder.name} has no coding of {code.name!r} at {start}:{end} in {interview.name!r}")
    memos = drop_coding_memos(session, coding.id, coder)
    record(session, coder.name, "coding.remove", "coding", coding.id, code=code.uid, interview=interview.name,
           start=start, end=end, memos=len(memos))
    session.delete(coding)
    session.flush()
    return memos


@dataclass(frozen=True)
class CodingFilters:
    codes: Sequence[str] = ()  # references; a code includes the codes under it
    coders: Sequence[str] = ()
    corpus: Filters = field(default_factory=Filters)


def _narrowed(q: Any, session: Session, filters: CodingFilters, index: CodeIndex) -> Any:
    """``q`` (a select over ``Coding``) kept to the filters' codes with their sub-codes, coders
    and interviews: one rule for every listing of codings."""
    if filters.codes:
        ids: set[int] = set()
        for ref in filters.codes:
            code = index.resolve(ref)
            ids.update([code.id, *(c.id for c in index.descendants(code))])
        q = q.where(Coding.code_id.in_(ids))
    if filters.coders:
        from kodebok.coders import find_coder

        q = q.where(Coding.coder_id.in_([find_coder(session, c).id for c in filters.coders]))
    if filters.corpus != Filters():
        wanted = interview_query(session, filters.corpus).with_only_columns(Interview.id)
        q = q.where(Coding.interview_id.in_(wanted))
    return q


def list_codings(session: Session, filters: CodingFilters = CodingFilters()) -> list[CodingRow]:
    index = CodeIndex.load(session)
    q = select(Coding, Interview, Coder).join(Interview, Coding.interview_id == Interview.id) \
        .join(Coder, Coding.coder_id == Coder.id)
    q = _narrowed(q, session, filters, index)
    rows = session.execute(q.order_by(Interview.name, Coding.start, Coding.end, Coding.id)).all()
    return [CodingRow(c.id, index.path(index.by_id[c.code_id]), index.by_id[c.code_id].uid, iv.name, c.start, c.end,
                      coder.name, c.created_at, iv.text[c.start:c.end]) for c, iv, coder in rows]


def interview_by_ref(session: Session, ref: str) -> Interview:
    return find_interview(session, ref)


def coded_spans(session: Session, filters: CodingFilters) -> dict[int, list[tuple[int, int]]]:
    """Interview id -> the spans of the codings ``filters`` keep (a code includes its sub-codes):
    what ``kode search --code`` keeps hits inside. Offsets only: no interview text is read."""
    q = _narrowed(select(Coding.interview_id, Coding.start, Coding.end), session, filters, CodeIndex.load(session))
    out: dict[int, list[tuple[int, int]]] = {}
    for interview_id, start, end in session.execute(q.order_by(Coding.interview_id, Coding.start)):
        out.setdefault(interview_id, []).append((start, end))
    return out
