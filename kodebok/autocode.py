"""Suggestions: codings proposed from each code's search terms, kept apart until a coder accepts.

The search itself is passed in (``search_fn(query, unit) -> (interview_id, start, end)`` hits), so
this module never depends on which search engine the corpus uses and tests can give a fake one.
Proposals are stored in :class:`Suggestion`, never in :class:`Coding`; they never count in
agreement or matrices. A span proposed once (even if rejected) is not proposed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intervju.db import utcnow
from intervju.errors import InputError
from intervju.models import Interview
from kodebok.audit import record
from kodebok.codes import CodeIndex
from kodebok.coding import add_coding, find_coding
from kodebok.models import Code, Coder, Suggestion

SearchFn = Callable[[str, str], Iterable[tuple[int, int, int]]]
UNITS = ("turn", "sentence")


@dataclass
class CodeSuggestions:
    code: str
    queries: int = 0
    hits: int = 0
    new: int = 0
    known: int = 0  # proposed before (open, accepted or rejected)


@dataclass
class AutocodeReport:
    unit: str
    codes: list[CodeSuggestions] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(c.new for c in self.codes)

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "new": self.new,
                "codes": {c.code: {"queries": c.queries, "hits": c.hits, "new": c.new, "known": c.known}
                          for c in self.codes}}


def autocode(session: Session, search_fn: SearchFn, *, codes: Sequence[str] = (), unit: str = "sentence",
             actor: str | None = None) -> AutocodeReport:
    """Propose codings for every active code with search terms (or only ``codes``)."""
    if unit not in UNITS:
        raise InputError(f"unit {unit!r} must be turn or sentence")
    index = CodeIndex.load(session)
    chosen = [index.resolve(ref) for ref in codes] if codes else [c for c in index.codes if c.status == "active"]
    report = AutocodeReport(unit)
    known = {(s.code_id, s.interview_id, s.start, s.end) for s in session.scalars(select(Suggestion))}
    for code in chosen:
        if code.status != "active":
            raise InputError(f"code {index.path(code)!r} is retired; it takes no suggestions")
        if code.search_terms:
            report.codes.append(_suggest(session, search_fn, code, index.path(code), unit, known))
    record(session, actor, "autocode", "suggestion", None, unit=unit, new=report.new,
           codes=[c.code for c in report.codes])
    return report


def _suggest(session: Session, search_fn: SearchFn, code: Code, path: str, unit: str,
             known: set[tuple[int, int, int, int]]) -> CodeSuggestions:
    result = CodeSuggestions(path, queries=len(code.search_terms))
    for query in code.search_terms:
        for interview_id, start, end in search_fn(str(query), unit):
            result.hits += 1
            key = (code.id, interview_id, start, end)
            if key in known:
                result.known += 1
                continue
            known.add(key)
            session.add(Suggestion(code_id=code.id, interview_id=interview_id, start=start, end=end, unit=unit,
                                   query=str(query)))
            result.new += 1
    session.flush()
    return result


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    code: str
    interview: str
    start: int
    end: int
    unit: str
    query: str
    status: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "code": self.code, "interview": self.interview, "start": self.start, "end": self.end,
                "unit": self.unit, "query": self.query, "status": self.status, "text": self.text}


def _selected(session: Session, index: CodeIndex, codes: Sequence[str], ids: Sequence[int],
              status: str | None) -> list[Suggestion]:
    q = select(Suggestion)
    if codes:
        q = q.where(Suggestion.code_id.in_([index.resolve(r).id for r in codes]))
    if ids:
        q = q.where(Suggestion.id.in_(ids))
    if status:
        q = q.where(Suggestion.status == status)
    found = list(session.scalars(q.order_by(Suggestion.interview_id, Suggestion.start, Suggestion.id)))
    missing = sorted(set(ids) - {s.id for s in found})
    if missing:
        raise InputError(f"no {status + ' ' if status else ''}suggestion {missing[0]} (see `kode suggestions "
                         f"PROJECT list`)")
    return found


def list_suggestions(session: Session, *, codes: Sequence[str] = (),
                     status: str | None = "open") -> list[SuggestionRow]:
    index = CodeIndex.load(session)
    rows = _selected(session, index, codes, (), status)
    texts = {iv.id: iv for iv in session.scalars(select(Interview).where(
        Interview.id.in_({s.interview_id for s in rows})))}
    return [SuggestionRow(s.id, index.path(index.by_id[s.code_id]), texts[s.interview_id].name, s.start, s.end,
                          s.unit, s.query, s.status, texts[s.interview_id].text[s.start:s.end]) for s in rows]


def decide_suggestions(session: Session, coder: Coder, decision: str, *, ids: Sequence[int] = (),
                       codes: Sequence[str] = (), all_open: bool = False) -> int:
    """Accept (each becomes a coding by ``coder``) or reject open suggestions; returns how many."""
    if decision not in ("accept", "reject"):
        raise InputError(f"decision {decision!r} must be accept or reject")
    if not ids and not all_open:
        raise InputError("name the suggestions with --id, or give --all (with --code to narrow it)")
    index = CodeIndex.load(session)
    chosen = _selected(session, index, codes, ids, "open")
    for s in chosen:
        if decision == "accept":
            code = index.by_id[s.code_id]
            interview = session.get(Interview, s.interview_id)
            assert interview is not None
            if find_coding(session, interview, code, s.start, s.end, coder) is None:
                add_coding(session, interview, code, s.start, s.end, coder, action="suggestion.accept")
        s.status = "accepted" if decision == "accept" else "rejected"
        s.decided_by_id, s.decided_at = coder.id, utcnow()
    session.flush()
    record(session, coder.name, f"suggestion.{decision}", "suggestion", None, count=len(chosen),
           ids=[s.id for s in chosen][:1000])
    return len(chosen)
