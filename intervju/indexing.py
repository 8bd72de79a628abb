"""The search index, built at import: sentences with their word forms and lemmas per interview.

:class:`PipelineIndexer` is the importer's :class:`~intervju.importing.Indexer`: it runs the
project's language pipeline over every turn and stores the sentences (offsets into the
interview's canonical text) with their forms and lemmas, through Core ``insert`` executemany in
the import's transaction. The database keeps the full-text index in step by itself (SQLite: FTS5
triggers; PostgreSQL: generated ``tsvector`` columns). :func:`reindex` redoes interviews one
transaction each, so an interrupted run loses nothing and resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.orm import Session, sessionmaker

from intervju.corpus import Filters, interview_query
from intervju.models import Interview, SearchTerm, Sentence, Turn

if TYPE_CHECKING:
    from intervju.language import LanguagePipeline

#: Longest word form the vocabulary keeps (``search_term.term`` is 200 characters).
MAX_TERM = 200


class PipelineIndexer:
    """Indexes interviews with one language pipeline (the project's ``language_model``)."""

    def __init__(self, pipeline: LanguagePipeline) -> None:
        self.pipeline = pipeline
        self.pipeline_name = pipeline.info.name

    def index(self, session: Session, interview: Interview, turns: Sequence[Turn]) -> None:
        """Store the interview's sentences and vocabulary, replacing any it had."""
        session.execute(delete(Sentence.__table__).where(Sentence.interview_id == interview.id))
        text = interview.text
        rows: list[dict[str, object]] = []
        vocabulary: set[str] = set()
        n = 0
        analysed = self.pipeline.index_terms([text[t.start : t.end] for t in turns])
        for turn, sentences in zip(turns, analysed, strict=True):
            base = turn.start
            for start, end, forms, lemmas in sentences:
                n += 1
                rows.append({
                    "interview_id": interview.id, "turn_id": turn.id, "n": n,
                    "start": base + start, "end": base + end, "forms": forms, "lemmas": lemmas,
                })
                vocabulary.update(forms.split())
        if rows:
            session.execute(insert(Sentence.__table__), rows)
        _add_terms(session, vocabulary)
        interview.pipeline = self.pipeline_name


def _add_terms(session: Session, words: set[str]) -> None:
    """Add new forms to the corpus vocabulary (existing ones are left as they are)."""
    words = {w for w in words if len(w) <= MAX_TERM}
    if not words:
        return
    dialect = session.get_bind().dialect.name
    table = SearchTerm.__table__
    rows = [{"term": w} for w in sorted(words)]
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(table).on_conflict_do_nothing(), rows)
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(table).on_conflict_do_nothing(), rows)
    else:
        known = set(session.scalars(select(SearchTerm.term).where(SearchTerm.term.in_(words))))
        if words - known:
            session.execute(insert(table), [{"term": w} for w in sorted(words - known)])


@dataclass
class ReindexReport:
    pipeline: str
    indexed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def reindex(
    sessions: sessionmaker[Session],
    indexer: PipelineIndexer,
    *,
    interviews: Sequence[str] = (),
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ReindexReport:
    """Index the chosen interviews (all by default) again, one transaction per interview.

    An interview already indexed by this pipeline is skipped unless ``force``; so after an
    interruption the same command goes on where it stopped.
    """
    from intervju.corpus import find_interview

    with sessions.begin() as session:
        if interviews:
            ids = [find_interview(session, ref).id for ref in interviews]
        else:
            q = interview_query(session, Filters()).with_only_columns(Interview.id)
            ids = list(session.scalars(q))
    report = ReindexReport(indexer.pipeline_name)
    for done, interview_id in enumerate(ids):
        if progress:
            progress(done, len(ids))
        with sessions.begin() as session:
            interview = session.get_one(Interview, interview_id)
            has_index = session.scalar(select(exists().where(Sentence.interview_id == interview_id)))
            if not force and interview.pipeline == indexer.pipeline_name and has_index:
                report.skipped.append(interview.name)
                continue
            turns = list(session.scalars(select(Turn).where(Turn.interview_id == interview_id).order_by(Turn.n)))
            indexer.index(session, interview, turns)
            report.indexed.append(interview.name)
    if progress:
        progress(len(ids), len(ids))
    return report
