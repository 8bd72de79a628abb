"""The search index, built at import: sentences with their word forms and lemmas per interview.

:class:`PipelineIndexer` is the importer's :class:`~intervju.importing.Indexer`: it runs the
project's language pipeline over every turn and stores the sentences (offsets into the
interview's canonical text) with their forms and lemmas, through Core ``insert`` executemany in
the import's transaction; SQLite's FTS5 table follows by trigger, and on PostgreSQL the rows carry
their ``tsvector`` values where kode can write them exactly (:mod:`intervju.tsvector`), the
database's trigger computing the rest. :func:`reindex` redoes interviews one
transaction each, so an interrupted run loses nothing and resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from sqlalchemy import Connection, Table, bindparam, delete, exists, select, update
from sqlalchemy.orm import Session, sessionmaker

from intervju.bulk import insert_rows, start_copy
from intervju.corpus import Filters, interview_query
from intervju.language.pieces import pieces
from intervju.models import Interview, SearchTerm, Sentence, Turn
from intervju.sentence_ids import MAX_SENTENCES, N_SHIFT, sentence_id
from intervju.tsvector import lemmas_tsvector_literal, tsvector_literal

if TYPE_CHECKING:
    from intervju.importing import TurnRef
    from intervju.language import LanguagePipeline

_SENTENCE = cast(Table, Sentence.__table__)
_TERM = cast(Table, SearchTerm.__table__)

#: Longest word form the vocabulary keeps (``search_term.term`` is 200 characters).
MAX_TERM = 200


class PipelineIndexer:
    """Indexes interviews with one language pipeline (the project's ``language_model``)."""

    def __init__(self, pipeline: LanguagePipeline) -> None:
        self.pipeline = pipeline
        self.pipeline_name = pipeline.info.name

    def index(self, session: Session, interview: Interview, turns: Sequence[TurnRef]) -> None:
        """Store the interview's sentences and vocabulary, replacing any it had.

        The sentence rows go to the database as the pipeline makes them (a generator into
        :func:`~intervju.bulk.insert_rows`): PostgreSQL's server then indexes the first ones while
        the pipeline reads the rest. Everything stays in the import's transaction, and an error
        in the pipeline or a refusal (too many sentences) rolls all of it back."""
        self.start(session, interview, turns)()

    def analyse(self, text: str, bounds: Sequence[tuple[int, int]]) -> Analysis:
        """The pipeline's work on an interview whose turns span ``bounds`` of ``text``, done
        before it is stored (it needs no database): the importer runs it while the server still
        works on the previous file. The PostgreSQL ``tsvector`` literals are made here too."""
        texts, owners = _pieces(text, bounds)
        analysed = []
        for sentences in self.pipeline.index_terms(texts):
            analysed.append([(a, b, f, lem, tsvector_literal(f), lemmas_tsvector_literal(lem))
                             for a, b, f, lem in sentences])
        return Analysis(text, tuple(bounds), analysed, [k for k, _ in owners], [base for _, base in owners])

    def start(self, session: Session, interview: Interview, turns: Sequence[TurnRef],
              analysis: Analysis | None = None) -> Callable[[], None]:
        """:meth:`index` in two steps: the sentence rows are sent, and the function returned
        finishes (waits for the server's ``COPY`` on PostgreSQL, adds the vocabulary). Between
        the two nothing may use the session (see :func:`~intervju.bulk.start_copy`). With the
        ``analysis`` :meth:`analyse` made of this interview's text and turns, the pipeline does
        not run again."""
        session.execute(delete(_SENTENCE).where(Sentence.interview_id == interview.id))
        text = interview.text
        interview_id = interview.id
        name = interview.name
        forms_seen: list[str] = []
        lemmas_seen: list[str] = []
        bounds = [(turn.start, turn.end) for turn in turns]
        if analysis is not None and (analysis.bounds != tuple(bounds) or analysis.text != text):
            analysis = None  # made of another text: not used
        # A turn longer than spaCy takes at once goes in pieces (see intervju.language.pieces);
        # ``owners`` says which turn (by position) and where in the text each piece begins.
        texts, owners = _pieces(text, bounds) if analysis is None else ([], [])
        vectors = session.get_bind().dialect.name == "postgresql"

        def analysed() -> Iterator[tuple[int, int, list[Analysed]]]:
            if analysis is not None:
                yield from zip(analysis.turn_of, analysis.bases, analysis.sentences, strict=True)
                return
            for (k, base), sentences in zip(owners, self.pipeline.index_terms(texts), strict=True):
                if vectors:
                    yield k, base, [(a, b, f, lem, tsvector_literal(f), lemmas_tsvector_literal(lem))
                                    for a, b, f, lem in sentences]
                else:
                    yield k, base, [(a, b, f, lem, None, None) for a, b, f, lem in sentences]

        def rows() -> Iterator[tuple[object, ...]]:
            n = 0
            for k, base, sentences in analysed():
                turn = turns[k]
                key = sentence_id(interview_id, turn.role, 1, name) - (1 << N_SHIFT)
                turn_id = turn.id
                for start, end, forms, lemmas, forms_tsv, lemmas_tsv in sentences:
                    n += 1
                    if n > MAX_SENTENCES:
                        sentence_id(interview_id, "", n, name)  # refuses more sentences than an id holds
                    yield (key + (n << N_SHIFT), interview_id, turn_id, n, base + start, base + end, forms, lemmas,
                           forms_tsv, lemmas_tsv)
                    forms_seen.append(forms)
                    lemmas_seen.append(lemmas)

        # SQLite's FTS5 rows follow by trigger. On PostgreSQL the rows carry their tsvectors where
        # kode can write them exactly (intervju.tsvector); the server computes the others (NULL).
        wait = start_copy(session, _SENTENCE, _SENTENCE_COLUMNS + _TSV_COLUMNS, rows()) if vectors else None
        if wait is None:
            insert_rows(session, _SENTENCE, _SENTENCE_COLUMNS, (r[:8] for r in rows()))

        def finish() -> None:
            if wait is not None:
                wait()
            add_terms(session, sentence_terms(" ".join(forms_seen), " ".join(lemmas_seen)))
            interview.pipeline = self.pipeline_name

        return finish


#: A sentence as :meth:`PipelineIndexer.analyse` keeps it: start, end, forms, lemmas, and the
#: ``tsvector`` literals of forms and lemmas (None: the database computes it).
Analysed = tuple[int, int, str, str, str | None, str | None]


@dataclass(frozen=True)
class Analysis:
    """An interview's sentences as the pipeline made them before it was stored, with the text
    and turn bounds they were made of (used only if the stored interview has the same)."""

    text: str
    bounds: tuple[tuple[int, int], ...]
    sentences: list[list[Analysed]]
    #: Per piece of text the pipeline read: the turn's position and where the piece begins.
    turn_of: list[int]
    bases: list[int]


def _pieces(text: str, bounds: Sequence[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """The texts the pipeline reads for turns spanning ``bounds`` of ``text``, and for each the
    turn's position and where in ``text`` it begins (a long turn goes in pieces)."""
    texts: list[str] = []
    owners: list[tuple[int, int]] = []
    for k, (start, end) in enumerate(bounds):
        for offset, piece in pieces(text[start:end]):
            texts.append(piece)
            owners.append((k, start + offset))
    return texts, owners


#: Every column of a sentence row, the id included: the bulk insert bypasses the model's
#: Python-side default that would otherwise make the id.
_SENTENCE_COLUMNS = ("id", "interview_id", "turn_id", "n", "start", "end", "forms", "lemmas")
#: PostgreSQL's search columns (not in the models: only the PostgreSQL schema has them).
_TSV_COLUMNS = ("forms_tsv", "lemmas_tsv")



def sentence_terms(forms: str, lemmas: str) -> set[str]:
    """A stored sentence's words for the corpus vocabulary: its forms and its lemmas, so a fuzzy
    query meets a lemma too (*hjemlihet~* reaches *hjemlighet*, the lemma of *Hjemligheten*)."""
    words = set(forms.split())
    words.update(lemmas.replace("|", " ").split())
    return words


def add_terms(session: Session, words: set[str]) -> None:
    """Add new forms and lemmas to the corpus vocabulary (existing ones are left as they are); a merge adds
    the forms of the sentences it copies, so fuzzy terms find them. Most of an interview's
    forms are known already, so they go in a few hundred per statement and the known ones are
    skipped by the database (row by row this cost 8 ms an interview)."""
    kept = sorted(w for w in words if len(w) <= MAX_TERM)
    if not kept:
        return
    if session.get_bind().dialect.name in ("sqlite", "postgresql"):
        insert_rows(session, _TERM, ("term",), [(w,) for w in kept], skip_existing=True)
        return
    known = set(session.scalars(select(SearchTerm.term).where(SearchTerm.term.in_(kept))))
    insert_rows(session, _TERM, ("term",), [(w,) for w in kept if w not in known])


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


def restore_lemmas(connection: Connection, batch: int = 5000) -> int:
    """Write every sentence's lemma column again from its stored forms and the current tables.

    For upgrades: an index written before :mod:`intervju.language.terms` cleaned its terms can
    hold a multi-word lemma that shifted every later word of a sentence onto the wrong lemmas,
    and better tables change the readings of words already indexed. The forms are the casefolded
    word tokens, so the tables' readings follow from them without spaCy. A trained pipeline's
    own lemma (the first of each group) is kept where the old columns were still aligned; where
    they were not, it cannot be told apart and the table readings stand alone until
    ``kode reindex --force``. Triggers (SQLite) and generated columns (PostgreSQL) keep the
    full-text index in step; the lemmas join the corpus vocabulary (fuzzy queries read it).
    Returns how many sentences changed.
    """
    from intervju.language import FALLBACK_NAME, lemma_candidates
    from intervju.language.lexicon import unique
    from intervju.language.terms import aligned, join_lemmas, split_forms, split_lemmas

    trained = {iid for iid, name in connection.execute(select(Interview.id, Interview.pipeline))
               if name and name != FALLBACK_NAME}
    groups: dict[str, tuple[str, ...]] = {}

    def group(form: str) -> tuple[str, ...]:
        hit = groups.get(form)
        if hit is None:
            hit = groups[form] = lemma_candidates(form) or (form,)
        return hit

    stmt = update(_SENTENCE).where(_SENTENCE.c.id == bindparam("sid")).values(lemmas=bindparam("new"))
    changed = 0
    last: int | None = None
    session = Session(bind=connection)
    while True:
        q = select(_SENTENCE.c.id, _SENTENCE.c.interview_id, _SENTENCE.c.forms, _SENTENCE.c.lemmas)
        if last is not None:
            q = q.where(_SENTENCE.c.id > last)
        rows = connection.execute(q.order_by(_SENTENCE.c.id).limit(batch)).all()
        if not rows:
            return changed
        last = rows[-1][0]
        updates = []
        vocabulary: set[str] = set()
        for sid, interview_id, forms, old in rows:
            new_groups = [group(f) for f in split_forms(forms)]
            if interview_id in trained and aligned(forms, old):
                new_groups = [unique((prev[0], *g)) if prev and prev[0] else g
                              for prev, g in zip(split_lemmas(old), new_groups, strict=True)]
            new = join_lemmas(new_groups)
            vocabulary.update(sentence_terms(forms, new))
            if new != old:
                updates.append({"sid": sid, "new": new})
        add_terms(session, vocabulary)
        if updates:
            connection.execute(stmt, updates)
            changed += len(updates)


def torn_at_notes(connection: Connection) -> list[int]:
    """Interviews whose stored sentences a transcriber's note tears apart.

    Indexes written before :mod:`intervju.language.notes` ended a sentence at the full stop in
    ``(utydelig.)`` and split ``Vi gikk. [`` | ``latter] Og så …``; search hits, quotes and
    ``kode code --sentence`` then cut sentences wrongly, with nothing to show it. The stored
    sentence starts of each turn are checked against the rule the pipelines apply now (it is
    idempotent on starts it made itself), so only the interviews it would change are listed.
    """
    from intervju.language.notes import has_notes, keep_notes

    candidates = connection.execute(
        select(Interview.id).where(Interview.text.contains("(") | Interview.text.contains("[")).order_by(Interview.id)
    ).scalars().all()
    torn: list[int] = []
    for interview_id in candidates:
        text = connection.execute(select(Interview.text).where(Interview.id == interview_id)).scalar_one()
        starts: dict[int, list[int]] = {}
        for turn_id, start in connection.execute(
            select(_SENTENCE.c.turn_id, _SENTENCE.c.start)
            .where(_SENTENCE.c.interview_id == interview_id).order_by(_SENTENCE.c.n)
        ):
            starts.setdefault(turn_id, []).append(start)
        for turn_id, turn_start, turn_end in connection.execute(
            select(Turn.id, Turn.start, Turn.end).where(Turn.interview_id == interview_id)
        ):
            own = starts.get(turn_id)
            turn_text = text[turn_start:turn_end]
            if not own or not has_notes(turn_text):
                continue
            relative = [s - turn_start for s in own]
            if keep_notes(turn_text, relative) != relative:
                torn.append(interview_id)
                break
    return torn


@dataclass
class NotesRepair:
    """What :func:`repair_torn_sentences` did: interviews split again, and those left (their
    pipeline is not installed here) for ``kode reindex --force`` where it is."""

    redone: list[str] = field(default_factory=list)
    left: list[tuple[str, str]] = field(default_factory=list)  # interview, pipeline


def repair_torn_sentences(
    connection: Connection, pipeline_for: Callable[[str | None], LanguagePipeline | None]
) -> NotesRepair:
    """Index again, with the pipeline that made their index, the interviews :func:`torn_at_notes`
    finds, inside the caller's transaction (an upgrade's: all or nothing).

    ``pipeline_for`` gives the pipeline named by an interview's ``pipeline`` column, or None when
    that pipeline cannot be had here; such interviews keep their sentences and are reported. Codings
    are stored as character offsets, so they stay where they were; only the sentences move.
    """
    repair = NotesRepair()
    torn = torn_at_notes(connection)
    if not torn:
        return repair
    session = Session(bind=connection)
    indexers: dict[str, PipelineIndexer] = {}
    for interview_id in torn:
        interview = session.get_one(Interview, interview_id)
        name = interview.pipeline or ""
        indexer = indexers.get(name)
        if indexer is None:
            pipeline = pipeline_for(interview.pipeline)
            if pipeline is None or pipeline.info.name != name:
                repair.left.append((interview.name, name))  # another pipeline would change more
                continue
            indexer = indexers[name] = PipelineIndexer(pipeline)
        turns = list(session.scalars(select(Turn).where(Turn.interview_id == interview_id).order_by(Turn.n)))
        indexer.index(session, interview, turns)
        session.flush()
        repair.redone.append(interview.name)
    return repair
