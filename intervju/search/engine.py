"""Running a parsed query against the index: one SQL query for the hits, one for the counts.

The index (see :mod:`intervju.indexing`) keeps per sentence its word forms and, aligned with
them, each word's lemmas. SQLite searches them through the FTS5 table ``sentence_fts``;
PostgreSQL through the ``forms_tsv``/``lemmas_tsv`` columns with the ``simple`` configuration, so
both find the same sentences. Boolean operators apply within the unit (a sentence, or a turn with
``scope="turn"``); ``NEAR`` is checked word by word in Python on the units the index proposes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise, product
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from intervju.corpus import Filters, interview_query
from intervju.errors import InputError
from intervju.language import query_lemmas
from intervju.language.terms import clean, split_forms, split_lemmas
from intervju.models import (
    InformantGroup,
    Interview,
    Participant,
    SearchTerm,
    Sentence,
    Site,
    Turn,
    Wave,
)
from intervju.search.query import And, Near, Node, Not, Or, Phrase, Term, leaves, parse_query
from intervju.sentence_ids import INTERVIEW_SHIFT, ROLE_MASK, interview_of, interview_range, role_code

SCOPES = ("sentence", "turn")
# Made once: building an alias's column collection costs milliseconds per query otherwise.
_SENT = Sentence.__table__.alias("s")
_FTS = sa.table("sentence_fts", sa.column("rowid"))  # SQLite's FTS5 index over sentence forms and lemmas
_TURN = Turn.__table__.alias("t")
_INNER: list[Any] = []
SPEAKERS = ("informant", "interviewer", "all")
MAX_FUZZY_TERMS = 50


@dataclass(frozen=True)
class SearchHit:
    """One matching unit. ``start``/``end`` delimit the unit (sentence or turn) in the
    interview's canonical text; ``matches`` are the highlighted words, also absolute offsets."""

    interview_id: int
    interview: str
    turn: int
    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    participant: str | None
    group: str
    site: str
    wave: str
    time: float | None
    matches: list[tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "interview": self.interview,
            "turn": self.turn,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "participant": self.participant,
            "group": self.group,
            "site": self.site,
            "wave": self.wave,
            "time": self.time,
            "matches": [list(m) for m in self.matches],
        }


@dataclass
class SearchResult:
    """The hits (at most ``limit``), how many units matched in all, and counts per wave and group."""

    query: str
    scope: str
    speaker: str
    hits: list[SearchHit]
    total: int
    counts: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def to_json(self) -> dict[str, Any]:
        return {"hits": [h.to_json() for h in self.hits], "counts": self.counts}


# -- resolving terms ------------------------------------------------------------------------

_VOCAB_LOCK = threading.Lock()
_VOCAB_CACHE: dict[str, tuple[int, list[str]]] = {}


def corpus_vocabulary(session: Session) -> list[str]:
    """Every indexed word form and lemma, cached per database until the count changes."""
    bind = session.get_bind()
    key = bind.engine.url.render_as_string(hide_password=True)
    count = session.scalar(sa.select(sa.func.count()).select_from(SearchTerm)) or 0
    with _VOCAB_LOCK:
        cached = _VOCAB_CACHE.get(key)
        if cached is not None and cached[0] == count:
            return cached[1]
    terms = list(session.scalars(sa.select(SearchTerm.term)))
    with _VOCAB_LOCK:
        _VOCAB_CACHE[key] = (count, terms)
    return terms


def fuzzy_forms(session: Session, word: str) -> tuple[str, ...]:
    """Corpus forms and lemmas within a small edit distance of ``word`` (1 up to 5 letters,
    else 2); the search then finds every form of a matched lemma."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    cutoff = 1 if len(word) <= 5 else 2
    found = process.extract(word, corpus_vocabulary(session), scorer=Levenshtein.distance,
                            score_cutoff=cutoff, limit=MAX_FUZZY_TERMS)
    return tuple(sorted(m[0] for m in found))


@dataclass(frozen=True)
class _Never:
    """A leaf that cannot match (a fuzzy word with no near form in the corpus)."""


@dataclass(frozen=True)
class _Always:
    """What ``NOT`` of a leaf that cannot match becomes."""


_Tree = Node | _Never | _Always


def _expand(session: Session, node: Node, terms: dict[Term, tuple[str, ...]]) -> _Tree:
    """Look up lemma candidates and fuzzy forms once per term, and fold away impossible leaves."""
    if isinstance(node, Term):
        if node.kind == "lemma":
            terms[node] = query_lemmas(node.word) or (node.word,)
        elif node.kind == "fuzzy":
            terms[node] = fuzzy_forms(session, node.word)
            if not terms[node]:
                return _Never()
        else:
            terms[node] = (node.word,)
        return node
    if isinstance(node, Phrase):
        return node
    if isinstance(node, Near):
        for t in node.terms:
            if isinstance(_expand(session, t, terms), _Never):
                return _Never()
        return node
    if isinstance(node, Not):
        inner = _expand(session, node.item, terms)
        if isinstance(inner, _Never):
            return _Always()
        if isinstance(inner, _Always):
            return _Never()
        return Not(inner)
    items = [_expand(session, i, terms) for i in node.items]
    if isinstance(node, And):
        if any(isinstance(i, _Never) for i in items):
            return _Never()
        kept = [i for i in items if not isinstance(i, _Always)]
        if not kept:
            return _Always()
        return kept[0] if len(kept) == 1 else And(tuple(kept))  # type: ignore[arg-type]
    if any(isinstance(i, _Always) for i in items):
        return _Always()
    alive = [i for i in items if not isinstance(i, _Never)]
    if not alive:
        return _Never()
    return alive[0] if len(alive) == 1 else Or(tuple(alive))  # type: ignore[arg-type]


# -- SQLite: FTS5 expressions ---------------------------------------------------------------

def _q(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_leaf(node: Term | Phrase | Near, terms: dict[Term, tuple[str, ...]]) -> str:
    if isinstance(node, Phrase):
        return f"forms : {_q(' '.join(node.words))}"
    if isinstance(node, Near):  # the index proposes, Python checks the distance
        return "(" + " AND ".join(_fts_leaf(t, terms) for t in node.terms) + ")"
    if node.kind == "prefix":
        return f"forms : {_q(node.word)} *"
    # A fuzzy word matched corpus forms and lemmas alike: a lemma brings all of its forms.
    column = {"lemma": "lemmas", "fuzzy": "{forms lemmas}"}.get(node.kind, "forms")
    words = terms[node]
    if len(words) == 1:
        return f"{column} : {_q(words[0])}"
    return f"{column} : (" + " OR ".join(_q(w) for w in words) + ")"


def _fts_match(expression: str) -> Any:
    """``sentence_fts MATCH ?`` with the expression as a bound value."""
    return sa.literal_column("sentence_fts").op("MATCH")(sa.bindparam(None, expression, type_=sa.String))


def _fts_whole(node: _Tree, terms: dict[Term, tuple[str, ...]]) -> str | None:
    """The whole tree as one FTS5 expression, or None when FTS5 cannot say it (a bare NOT)."""
    if isinstance(node, Term | Phrase | Near):
        return _fts_leaf(node, terms)
    if isinstance(node, Or):
        parts = [_fts_whole(i, terms) for i in node.items]
        if any(p is None for p in parts):
            return None
        return "(" + " OR ".join(p for p in parts if p) + ")"
    if isinstance(node, And):
        positive = [i for i in node.items if not isinstance(i, Not)]
        negative = [i.item for i in node.items if isinstance(i, Not)]
        pos = [_fts_whole(i, terms) for i in positive]
        neg = [_fts_whole(i, terms) for i in negative]
        if not pos or any(p is None for p in pos + neg):
            return None
        out = "(" + " AND ".join(p for p in pos if p) + ")"
        for n in neg:
            out = f"({out} NOT {n})"
        return out
    return None


# -- SQL predicates per back end -------------------------------------------------------------

class _Compiler:
    def __init__(self, dialect: str, terms: dict[Term, tuple[str, ...]],
                 rowids: tuple[int, int] | None = None) -> None:
        self.dialect = dialect
        self.terms = terms
        self.rowids = rowids
        self.aliases = 0

    def sentence_leaf(self, node: Term | Phrase | Near, sent: Any) -> Any:
        if self.dialect == "sqlite":
            inner = sa.select(_FTS.c.rowid).where(_fts_match(_fts_leaf(node, self.terms)))
            if self.rowids is not None:
                inner = inner.where(_FTS.c.rowid.between(*self.rowids))
            return sent.c.id.in_(inner)
        if isinstance(node, Near):
            return sa.and_(*(self.sentence_leaf(t, sent) for t in node.terms))
        if self.rowids is not None:
            return sa.and_(sent.c.id.between(*self.rowids), self._pg_leaf(node, sent))
        return self._pg_leaf(node, sent)

    def _pg_leaf(self, node: Term | Phrase, sent: Any) -> Any:
        forms: Any = sa.literal_column(f"{sent.name}.forms_tsv")
        lemmas: Any = sa.literal_column(f"{sent.name}.lemmas_tsv")
        if isinstance(node, Phrase):
            return forms.op("@@")(sa.func.phraseto_tsquery("simple", " ".join(node.words)))
        if node.kind == "prefix":
            quoted = "'" + node.word.replace("\\", "\\\\").replace("'", "''") + "':*"
            return forms.op("@@")(sa.func.to_tsquery("simple", quoted))
        query: Any = None
        for word in self.terms[node]:
            one = sa.func.plainto_tsquery("simple", word)
            query = one if query is None else query.op("||")(one)
        if node.kind == "fuzzy":
            return sa.or_(forms.op("@@")(query), lemmas.op("@@")(query))
        return (lemmas if node.kind == "lemma" else forms).op("@@")(query)

    def predicate(self, node: _Tree, scope: str, unit: Any) -> Any:
        if isinstance(node, _Always):
            return sa.true()
        if isinstance(node, _Never):
            return sa.false()
        if isinstance(node, Term | Phrase | Near):
            if scope == "sentence":
                return self.sentence_leaf(node, unit)
            self.aliases += 1
            while len(_INNER) < self.aliases:
                _INNER.append(Sentence.__table__.alias(f"s{len(_INNER) + 1}"))
            inner = _INNER[self.aliases - 1]
            return unit.c.id.in_(sa.select(inner.c.turn_id).where(self.sentence_leaf(node, inner)))
        if isinstance(node, Not):
            return sa.not_(self.predicate(node.item, scope, unit))
        parts = [self.predicate(i, scope, unit) for i in node.items]
        return sa.and_(*parts) if isinstance(node, And) else sa.or_(*parts)


# -- checking a unit word by word ------------------------------------------------------------

_Tokens = list[tuple[str, frozenset[str]]]


def _parts(norm: str) -> list[str]:
    import re

    return [p for p in re.split(r"[-/]", norm) if p]


def _token_matches(term: Term, words: tuple[str, ...], norm: str, lemmas: frozenset[str]) -> bool:
    if term.kind == "lemma":
        return not lemmas.isdisjoint(words)
    if term.kind == "prefix":
        return norm.startswith(term.word) or any(p.startswith(term.word) for p in _parts(norm))
    if term.kind == "fuzzy" and not lemmas.isdisjoint(words):
        return True
    return norm in words or any(p in words for p in _parts(norm))


def _positions(node: Term | Phrase, tokens: _Tokens, terms: dict[Term, tuple[str, ...]]) -> list[tuple[int, int]]:
    """Token index ranges [i, j] where a term or phrase matches in one sentence."""
    if isinstance(node, Term):
        words = terms[node]
        return [(i, i) for i, (norm, lem) in enumerate(tokens) if _token_matches(node, words, norm, lem)]
    n = len(node.words)
    out = []
    for i in range(len(tokens) - n + 1):
        if all(tokens[i + k][0] == node.words[k] for k in range(n)):
            out.append((i, i + n - 1))
    return out


def _leaf_spans(node: Term | Phrase | Near, tokens: _Tokens, terms: dict[Term, tuple[str, ...]]) -> list[tuple[int, int]]:
    if not isinstance(node, Near):
        return _positions(node, tokens, terms)
    each = [_positions(t, tokens, terms) for t in node.terms]
    if any(not e for e in each):
        return []
    spans: set[tuple[int, int]] = set()
    for combo in product(*each):
        ordered = sorted(combo)
        gaps = sum(max(0, b[0] - a[1] - 1) for a, b in pairwise(ordered))
        if gaps <= node.distance:
            spans.update(combo)
    return sorted(spans)


def _evaluate(node: _Tree, sentences: list[_Tokens], terms: dict[Term, tuple[str, ...]]) -> bool:
    if isinstance(node, _Always):
        return True
    if isinstance(node, _Never):
        return False
    if isinstance(node, Term | Phrase | Near):
        return any(_leaf_spans(node, tokens, terms) for tokens in sentences)
    if isinstance(node, Not):
        return not _evaluate(node.item, sentences, terms)
    results = (_evaluate(i, sentences, terms) for i in node.items)
    return all(results) if isinstance(node, And) else any(results)


def _tokens(lemmas: str, forms: str) -> _Tokens:
    """The sentence's (form, lemmas) per word token, read back as :mod:`intervju.language.terms`
    wrote them: the i-th form with the i-th lemma group."""
    return [
        (norm, frozenset(group))
        for norm, group in zip(split_forms(forms), split_lemmas(lemmas), strict=False)
    ]


def _align(text: str, offset: int, forms: Sequence[str]) -> list[tuple[int, int] | None]:
    """Character spans of the sentence's word tokens, found in order in its text."""
    low = text.casefold()
    if len(low) != len(text):
        low = text.lower()
    low = clean(low)  # stored forms had their inner spaces made "_", one for one
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for form in forms:
        i = low.find(form, pos)
        if i < 0:
            spans.append(None)
            continue
        spans.append((offset + i, offset + i + len(form)))
        pos = i + len(form)
    return spans


# -- the search ------------------------------------------------------------------------------

def _has_near(node: _Tree) -> bool:
    if isinstance(node, Near):
        return True
    if isinstance(node, Not):
        return _has_near(node.item)
    if isinstance(node, And | Or):
        return any(_has_near(i) for i in node.items)
    return False


def _has_filters(f: Filters) -> bool:
    return bool(f.sites or f.groups or f.waves or f.participants or f.interviews)


def search(
    session: Session,
    query: str,
    filters: Filters = Filters(),
    scope: str = "sentence",
    speaker: str = "informant",
    limit: int | None = None,
    within: Mapping[int, Sequence[tuple[int, int]]] | None = None,
) -> SearchResult:
    """Find the sentences (or turns) that match ``query``; see :mod:`intervju.search.query`.

    Hits come in wave, site, group, interview and text order; ``limit`` caps the hits returned,
    never the total or the counts. ``within`` (interview id -> spans, e.g. the passages coded
    with a code) keeps only units that overlap one of the spans.
    """
    if scope not in SCOPES:
        raise InputError(f"scope {scope!r} must be one of {', '.join(SCOPES)}")
    if speaker not in SPEAKERS:
        raise InputError(f"speaker {speaker!r} must be one of {', '.join(SPEAKERS)}")
    if limit is not None and limit < 0:
        raise InputError("limit must be zero or more")
    parsed = parse_query(query)
    terms: dict[Term, tuple[str, ...]] = {}
    tree = _expand(session, parsed, terms)
    dialect = session.get_bind().dialect.name
    if isinstance(tree, _Never):
        return SearchResult(query, scope, speaker, [], 0, _counts([], session))

    sent, turn = _SENT, _TURN
    unit = sent if scope == "sentence" else turn
    whole = _fts_whole(tree, terms) if dialect == "sqlite" and scope == "sentence" else None
    ids: Any = None
    if _has_filters(filters):
        ids = interview_query(session, filters).with_only_columns(Interview.id).order_by(None)

    def matching(rowids: tuple[int, int] | None) -> Any:
        """The match condition on the unit; ``rowids`` narrows the sentences the index reads."""
        if whole is not None:
            inner = sa.select(_FTS.c.rowid).where(_fts_match(whole))
            if rowids is not None:
                inner = inner.where(_FTS.c.rowid.between(*rowids))
            return sent.c.id.in_(inner)
        return _Compiler(dialect, terms, rowids).predicate(tree, scope, unit)

    def joined(predicate: Any, narrow: bool = True) -> Any:
        q = sa.select().select_from(unit)
        if scope == "sentence":
            q = q.join(turn, turn.c.id == sent.c.turn_id)
        q = (
            q.join(Interview, Interview.id == turn.c.interview_id)
            .join(Site, Site.id == Interview.site_id)
            .join(InformantGroup, InformantGroup.id == Interview.group_id)
            .join(Wave, Wave.id == Interview.wave_id)
            .where(predicate)
        )
        if speaker != "all":
            q = q.where(turn.c.role == speaker)
        if ids is not None and narrow:
            q = q.where(Interview.id.in_(ids))
        return q

    predicate = matching(None)
    base = joined(predicate)

    near = _has_near(tree)
    # NEAR and ``within`` are checked unit by unit in Python, so every candidate row is read.
    verify = near or within is not None
    order = (Wave.position, Site.position, InformantGroup.position, Interview.name,
             unit.c.start)
    rows_q = base.add_columns(
        unit.c.id, unit.c.start, unit.c.end, Interview.id, Interview.name, turn.c.n,
        turn.c.time_start, turn.c.participant_id, Site.name, InformantGroup.name, Wave.name,
    ).order_by(*order)
    counts: dict[str, Any] = {}
    rows: list[Any] | None = None
    if not verify:
        # Count per interview on the lean join (no per-match interview rows), then let the
        # counts pick the few interviews that hold the first ``limit`` hits.
        per_interview = _per_interview(session, scope, speaker, whole, predicate)
        if ids is not None:
            allowed = set(session.scalars(ids))
            per_interview = {iv: c for iv, c in per_interview.items() if iv in allowed}
        # Every interview in order (a thousand short rows), kept when it has matches: cheaper
        # than binding a thousand ids into the query.
        ordered = [r for r in session.execute(
            sa.select(Interview.id, Wave.name, InformantGroup.name, Interview.name, Site.name)
            .join(Site, Site.id == Interview.site_id)
            .join(InformantGroup, InformantGroup.id == Interview.group_id)
            .join(Wave, Wave.id == Interview.wave_id)
            .order_by(*order[:-1])
        ) if r[0] in per_interview] if per_interview else []
        counts = _counts([(w, g, per_interview[i]) for i, w, g, _n, _s in ordered], session)
        if limit is not None:
            chosen: list[int] = []
            running = 0
            for interview_id, *_names in ordered:
                if running >= limit:
                    break
                chosen.append(interview_id)
                running += per_interview[interview_id]
            if whole is not None:
                rows = _page_from_index(session, whole, speaker, [r for r in ordered if r[0] in set(chosen)], limit)
            else:
                # A sentence id starts with its interview's id, so the index reads only the
                # page's interviews' id range instead of every match in the corpus.
                narrowed = matching(interview_range(min(chosen), max(chosen))) if chosen else sa.false()
                rows_q = (
                    # The chosen interviews passed the filters already.
                    joined(narrowed, narrow=False).add_columns(*rows_q.selected_columns).order_by(*order)
                    .where(Interview.id.in_(chosen)).limit(limit)
                )
    if rows is None:
        if within is not None:
            rows_q = rows_q.where(Interview.id.in_(list(within)))
        rows = list(session.execute(rows_q).all())
    sentences = _unit_sentences(session, scope, [r[0] for r in rows])

    hits: list[SearchHit] = []
    kept: list[tuple[str, str]] = []
    pids = {r[7] for r in rows if r[7] is not None}
    pseudonyms: dict[int, str] = {pid: name for pid, name in session.execute(
        sa.select(Participant.id, Participant.pseudonym).where(Participant.id.in_(pids)))} if pids else {}
    # Hits come interview by interview: read each interview's text once and slice it (a
    # ``substr`` per hit reads the whole stored text again for every hit); a page's few texts
    # in one query.
    text_of: tuple[int, str] = (-1, "")
    texts: dict[int, str] = {}
    if limit is not None and not verify:
        texts = {iv: text for iv, text in session.execute(
            sa.select(Interview.id, Interview.text).where(Interview.id.in_({r[3] for r in rows})))}
    for (uid, start, end, iv_id, iv_name, n, time, pid, site, group, wave) in rows:
        unit_sents = sentences.get(uid, [])
        if within is not None and not any(a < end and start < b for a, b in within.get(iv_id, ())):
            continue
        if near and not _evaluate(tree, [_tokens(s[3], s[2]) for s in unit_sents], terms):
            continue
        kept.append((wave, group))
        if limit is not None and len(hits) >= limit:
            continue
        if text_of[0] != iv_id:
            whole_text = texts.get(iv_id)
            if whole_text is None:
                whole_text = session.scalar(sa.select(Interview.text).where(Interview.id == iv_id)) or ""
            text_of = (iv_id, whole_text)
        text = text_of[1][start:end]
        matches, first = _highlight(tree, terms, unit_sents, text, start)
        hits.append(SearchHit(
            interview_id=iv_id, interview=iv_name, turn=n, start=start, end=end, text=text,
            sentence_start=first[0] if first else start, sentence_end=first[1] if first else end,
            participant=pseudonyms.get(pid) if pid is not None else None, group=group, site=site,
            wave=wave, time=time, matches=matches,
        ))
    if verify:
        counts = _counts([(w, g, 1) for w, g in kept], session)
    total = counts["total"]
    return SearchResult(query, scope, speaker, hits, total, counts)


def _page_from_index(session: Session, whole: str, speaker: str, interviews: Sequence[Any], limit: int) -> list[Any]:
    """The first ``limit`` hits in the page's interviews (in their order), as the rows of the
    joined hit query. The page's interviews span one range of sentence ids, read from the FTS5
    index alone in one query; ids rise in text order within an interview, so the first ids of
    each interview are its first hits, and only those sentence and turn rows are read."""
    chosen = [r[0] for r in interviews]
    if not chosen:
        return []
    q = sa.select(_FTS.c.rowid).where(_fts_match(whole), _FTS.c.rowid.between(*interview_range(min(chosen), max(chosen))))
    if speaker != "all":
        q = q.where(_FTS.c.rowid.op("&")(sa.literal_column(str(ROLE_MASK))) == role_code(speaker))
    by_interview: dict[int, list[int]] = {}
    for sid in session.scalars(q):
        by_interview.setdefault(interview_of(sid), []).append(sid)
    page: list[int] = []
    for interview_id in chosen:
        page.extend(sorted(by_interview.get(interview_id, ()))[: limit - len(page)])
        if len(page) >= limit:
            break
    if not page:
        return []
    found = {row[0]: row for row in session.execute(
        sa.select(_SENT.c.id, _SENT.c.start, _SENT.c.end, _TURN.c.n, _TURN.c.time_start, _TURN.c.participant_id)
        .join(_TURN, _TURN.c.id == _SENT.c.turn_id).where(_SENT.c.id.in_(page)))}
    names = {r[0]: r for r in interviews}
    out: list[Any] = []
    for sid in page:
        _sid, start, end, n, time, pid = found[sid]
        interview_id, wave, group, name, site = names[interview_of(sid)]
        out.append((sid, start, end, interview_id, name, n, time, pid, site, group, wave))
    return out


def _per_interview(session: Session, scope: str, speaker: str, whole: str | None, predicate: Any) -> dict[int, int]:
    """Matching units per interview id. Sentence ids carry their interview and role (see
    :mod:`intervju.sentence_ids`), so sentences are counted without reading a row of ``sentence``
    or ``turn``: on SQLite from the FTS5 index alone."""
    if scope == "sentence":
        if whole is not None:
            key: Any = _FTS.c.rowid
            lean = sa.select().select_from(key.table).where(_fts_match(whole))
        else:
            key = _SENT.c.id
            lean = sa.select().select_from(_SENT).where(predicate)
        # Literal shifts: PostgreSQL has ``bigint >> integer`` but no ``bigint >> bigint``.
        interview = key.op(">>")(sa.literal_column(str(INTERVIEW_SHIFT)))
        if speaker != "all":
            lean = lean.where(key.op("&")(sa.literal_column(str(ROLE_MASK))) == role_code(speaker))
        q = lean.add_columns(interview, sa.func.count()).group_by(interview)
    else:
        q = sa.select(_TURN.c.interview_id, sa.func.count()).where(predicate)
        if speaker != "all":
            q = q.where(_TURN.c.role == speaker)
        q = q.group_by(_TURN.c.interview_id)
    return {int(iv): int(c) for iv, c in session.execute(q)}


def _unit_sentences(session: Session, scope: str, ids: list[int]) -> dict[int, list[tuple[int, int, str, str]]]:
    """Per unit id, its sentences as (start, end, forms, lemmas), in text order."""
    out: dict[int, list[tuple[int, int, str, str]]] = {}
    key = Sentence.id if scope == "sentence" else Sentence.turn_id
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        q = (sa.select(key, Sentence.start, Sentence.end, Sentence.forms, Sentence.lemmas)
             .where(key.in_(chunk)).order_by(Sentence.start))
        for uid, s, e, forms, lemmas in session.execute(q):
            out.setdefault(uid, []).append((s, e, forms, lemmas))
    return out


def _highlight(
    tree: _Tree, terms: dict[Term, tuple[str, ...]], sentences: list[tuple[int, int, str, str]],
    unit_text: str, unit_start: int,
) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """The matched words' offsets, and the first sentence with a match."""
    positive = [leaf for leaf, negated in leaves(tree) if not negated] if isinstance(
        tree, Term | Phrase | Near | And | Or | Not) else []
    matches: list[tuple[int, int]] = []
    first: tuple[int, int] | None = None
    for s_start, s_end, forms, lemmas in sentences:
        tokens = _tokens(lemmas, forms)
        text = unit_text[s_start - unit_start : s_end - unit_start]
        spans = _align(text, s_start, [t[0] for t in tokens])
        found: set[tuple[int, int]] = set()
        for leaf in positive:
            for i, j in _leaf_spans(leaf, tokens, terms):
                a, b = spans[i], spans[j]
                if a is not None and b is not None:
                    found.add((a[0], b[1]))
        if found and first is None:
            first = (s_start, s_end)
        matches.extend(sorted(found))
    return _merge(matches), first


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _counts(triples: Sequence[tuple[str, str, int]], session: Session) -> dict[str, Any]:
    """Matches per wave and per group, every wave and group of the project listed (0 if none)."""
    from intervju.setup import vocabulary

    vocab = vocabulary(session)
    waves = dict.fromkeys(vocab["waves"], 0)
    groups = dict.fromkeys(vocab["groups"], 0)
    total = 0
    for wave, group, count in triples:
        waves[wave] = waves.get(wave, 0) + count
        groups[group] = groups.get(group, 0) + count
        total += count
    return {"total": total, "wave": waves, "group": groups}


__all__ = ["SearchHit", "SearchResult", "corpus_vocabulary", "fuzzy_forms", "parse_query", "search"]
