"""Read-side queries over the corpus for code that holds a session: overview counts, interview
listings, one interview's turns, and the interview filters every ORM listing shares.

The queries themselves are written once, as plain SQL, in :mod:`intervju.corpus_sql` (where the
quick SQLite path of ``kode info/list/show`` runs them without SQLAlchemy); here they run through
the session. They return plain dataclasses so the CLI, the TUI and the exports can print or
serialise them without holding a session open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from intervju import corpus_sql
from intervju.corpus_sql import Filters, InterviewDetail, InterviewRow, Overview, Reader, TurnRow
from intervju.models import InformantGroup, Interview, Site, Wave

__all__ = [
    "Filters",
    "InterviewDetail",
    "InterviewRow",
    "Overview",
    "TurnRow",
    "filtered",
    "find_interview",
    "interview_query",
    "list_interviews",
    "overview",
    "resolve_filters",
    "session_reader",
    "show_interview",
]


def session_reader(session: Session) -> Reader:
    """The shared queries' :data:`~intervju.corpus_sql.Reader` over ``session`` (any database)."""

    def read(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        return [tuple(row) for row in session.execute(text(sql), dict(params))]

    return read


def resolve_filters(session: Session, filters: Filters) -> Filters:
    """Spell filter values the project's way, so ``--site sjoglimt`` finds ``Sjøglimt``."""
    return corpus_sql.resolve_filters(session_reader(session), filters)


def interview_query(session: Session, filters: Filters) -> Any:
    return filtered(select(Interview), session, filters).order_by(
        Wave.position, Site.position, InformantGroup.position, Interview.name
    )


def filtered(q: Any, session: Session, filters: Filters) -> Any:
    """``q`` (a select that includes ``Interview``) joined to its site, group and wave and narrowed
    by ``filters`` through :func:`intervju.corpus_sql.filter_clause`, so every listing filters
    interviews the same way."""
    q = (
        q.join(Site, Interview.site_id == Site.id)
        .join(InformantGroup, Interview.group_id == InformantGroup.id)
        .join(Wave, Interview.wave_id == Wave.id)
    )
    clause, params = corpus_sql.filter_clause(resolve_filters(session, filters))
    if clause:
        # unique: the same filters may narrow two parts of one statement (a subquery and its outer query)
        q = q.where(text(clause).bindparams(*(bindparam(k, v, unique=True) for k, v in params.items())))
    return q


def list_interviews(session: Session, filters: Filters = Filters()) -> list[InterviewRow]:
    return corpus_sql.list_interviews(session_reader(session), filters)


def find_interview(session: Session, ref: str) -> Interview:
    """An interview by name, by file name, or by numeric id; the message lists near names
    (the look-up order is :func:`intervju.corpus_sql.find_interview_id`)."""
    iv = session.get(Interview, corpus_sql.find_interview_id(session_reader(session), ref))
    assert iv is not None  # found by id in this very transaction
    return iv


def show_interview(session: Session, ref: str, turn_range: tuple[int, int] | None = None) -> InterviewDetail:
    return corpus_sql.show_interview(session_reader(session), ref, turn_range)


def overview(session: Session) -> Overview:
    return corpus_sql.overview(session_reader(session))
