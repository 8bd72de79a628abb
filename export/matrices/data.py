"""The one place matrices read the database: filters, the code tree, interviews and coded segments.

Every matrix is computed from a :class:`Dataset`, loaded with a handful of Core ``select``
statements (no per-row ORM loads), so the matrices over a 1,000-interview corpus stay fast.

Rules every matrix shares (the README repeats them):

- **Segment.** The counting unit of every matrix, chart and count. Under a row, codings of the
  code *and of its descendants* count (a theme includes its sub-themes); the coded spans of one
  interview that overlap or touch, whoever coded them and with whichever of those codes, are
  **one** segment covering them all, credited to the union of their coders. So one passage
  coded by two coders who marked slightly different characters counts once, not twice.
- **Coders.** No coder filter: all coders' codings (deduplicated as above). One or more named
  coders: only theirs. ``consensus``: only the text every named coder has coded with the same code:
  for each code and interview, the intersections of overlapping codings where *each* named coder
  has one coding covering the span (with two coders: every overlapping pair gives its overlap).
- **Participant of a segment.** The participant of the turn the segment starts in, when the turn
  names one; otherwise the interview's participant when it has exactly one; otherwise none (the
  segment counts, but no participant is credited with the theme).
- **Interviewed.** A participant is interviewed in a wave when an interview of that wave (within
  the site and group filters) lists them. A participant who was not interviewed in a wave is
  *not interviewed* there, never *not mentioned*.
- Suggestions (autocode proposals) are a separate table and never count.
"""

from __future__ import annotations

import bisect
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import itemgetter
from typing import Any, TypeVar, overload

from sqlalchemy import LargeBinary, cast, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from intervju.errors import PROJECT_ARG, InputError, NotInProject
from intervju.metadata import canonical_value, fold
from intervju.models import InformantGroup, Interview, Participant, Site, Turn, Wave, interview_participant
from kodebok.models import Code, Coder, Coding

_T = TypeVar("_T")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a matrix is built (usable as a decorator).

    Loading the L corpus makes some 100,000 tuples, lists and segments that all live on; each of
    the collector's passes walks them again, which cost as much as the loading itself (about
    80 of 170 ms). None of them is part of a reference cycle, so nothing is lost by collecting
    later. The collector's previous state is restored, also when another thread paused it too.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass(frozen=True)
class MatrixFilters:
    """What a matrix covers. Empty sequences mean "all"."""

    codes: Sequence[str] = ()
    groups: Sequence[str] = ()
    sites: Sequence[str] = ()
    waves: Sequence[str] = ()
    coders: Sequence[str] = ()
    consensus: bool = False
    include_retired: bool = False


@dataclass(frozen=True)
class CodeRef:
    id: int
    uid: str
    name: str
    label: str | None
    parent_id: int | None
    depth: int
    definition: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    examples: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.name


@dataclass(frozen=True)
class ParticipantRef:
    id: int
    pseudonym: str
    group: str | None
    site: str | None


@dataclass(frozen=True)
class InterviewRef:
    id: int
    name: str
    wave: str
    group: str
    site: str
    participants: tuple[int, ...]
    words: int
    pipeline: str | None


@dataclass(slots=True)
class Segment:
    """One coded span, as it counts in a matrix row (treat as read-only; not frozen, for speed)."""

    code: str  # the row's code (a theme; the span may be coded with one of its descendants)
    interview: str
    interview_id: int
    participant: str | None
    wave: str
    group: str
    site: str
    start: int
    end: int
    text: str
    coders: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "interview": self.interview,
            "participant": self.participant,
            "wave": self.wave,
            "group": self.group,
            "site": self.site,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "coders": list(self.coders),
        }


Coders = int | frozenset[int]  # the coder id, or the ids when several coders coded the span


@dataclass(slots=True)
class Spans:
    """One row's segments, column by column (parallel lists), sorted by interview, start and end.

    Counting walks two columns (``zip(spans.interview, spans.participant)``) instead of one Python
    object per segment; :class:`Segment` objects are made only when a caller asks for them.
    """

    interview: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    coders: list[Coders] = field(default_factory=list)
    participant: list[int | None] = field(default_factory=list)  # see "Participant of a segment"

    def __len__(self) -> int:
        return len(self.interview)


class LazyTexts(Mapping[int, str]):
    """Interview id -> canonical text, decoded on first use from the UTF-8 bytes SQLite stores.

    Turning 50 MB of transcripts into Python strings costs more than reading them; a matrix asks
    for the texts of the segments it shows, often none (counts) or a few interviews (quotes).
    """

    def __init__(self, raw: Mapping[int, bytes | str]) -> None:
        self._raw = raw
        self._decoded: dict[int, str] = {}

    def __getitem__(self, iid: int) -> str:
        hit = self._decoded.get(iid)
        if hit is None:
            value = self._raw[iid]
            hit = self._decoded[iid] = value if isinstance(value, str) else value.decode("utf-8")
        return hit

    def __contains__(self, iid: object) -> bool:
        return iid in self._raw  # without Mapping's try __getitem__, catch KeyError

    @overload
    def get(self, iid: int, /) -> str | None: ...

    @overload
    def get(self, iid: int, /, default: str | _T) -> str | _T: ...

    def get(self, iid: int, /, default: object = None) -> object:
        return self[iid] if iid in self._raw else default

    def __iter__(self) -> Iterator[int]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class LazySegments(Mapping[int, list[Segment]]):
    """Row code id -> its :class:`Segment` objects, made on first use: counting needs only the
    span columns, so a counts-only matrix never builds 30,000 objects."""

    def __init__(self, spans: dict[int, Spans], make: Callable[[int, Spans], list[Segment]]) -> None:
        self._spans = spans
        self._make = make
        self._cache: dict[int, list[Segment]] = {}

    def __getitem__(self, row_id: int) -> list[Segment]:
        hit = self._cache.get(row_id)
        if hit is None:
            hit = self._cache[row_id] = self._make(row_id, self._spans[row_id])
        return hit

    def __iter__(self) -> Iterator[int]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


@dataclass
class Dataset:
    """Everything a matrix needs, loaded once; all lists in the project's order."""

    codes: list[CodeRef]  # the selected codes in tree order (rows)
    themes: list[CodeRef]  # selected codes with no selected ancestor (report sections)
    waves: list[str]
    groups: list[str]
    sites: list[str]
    coders: list[str]  # coders whose codings count (all coders when no filter)
    consensus: bool
    interviews: dict[int, InterviewRef]
    participants: dict[int, ParticipantRef]
    spans: dict[int, Spans]  # row code id -> its segments as columns, by interview then start
    segments: Mapping[int, list[Segment]] = field(default_factory=dict)  # row code id -> segments (lazy)
    texts: Mapping[int, str] = field(default_factory=dict)  # interview id -> canonical text (with_text only)

    @cached_property
    def segment_participants(self) -> dict[int, list[int | None]]:
        """Row code id -> the participant id of each segment (parallel to ``segments``)."""
        return {row: spans.participant for row, spans in self.spans.items()}

    def code(self, ref: str | int) -> CodeRef:
        for c in self.codes:
            if ref in (c.id, c.uid, c.name):
                return c
        raise InputError(f"code {ref!r} is not among the matrix's codes")

    def interviewed(self) -> dict[tuple[int, str], InterviewRef]:
        """(participant id, wave) -> the interview that covers them (the first, if several)."""
        out: dict[tuple[int, str], InterviewRef] = {}
        for iv in self.interviews.values():
            for pid in iv.participants:
                out.setdefault((pid, iv.wave), iv)
        return out


# -- resolving names ----------------------------------------------------------------------------


def _code_rows(session: Session) -> tuple[list[CodeRef], dict[int, str]]:
    rows = session.execute(
        select(
            Code.id,
            Code.uid,
            Code.name,
            Code.label,
            Code.parent_id,
            Code.position,
            Code.status,
            Code.definition,
            Code.inclusion,
            Code.exclusion,
            Code.examples,
        )
    ).all()
    children: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    by_id = {}
    for r in rows:
        children[r.parent_id].append((r.position, r.id))
        by_id[r.id] = r
    ordered: list[CodeRef] = []

    def walk(parent: int | None, depth: int) -> None:
        for _pos, cid in sorted(children.get(parent, []), key=lambda t: (t[0], by_id[t[1]].name)):
            r = by_id[cid]
            examples = tuple(str(e.get("text", e)) if isinstance(e, dict) else str(e) for e in (r.examples or []))
            ordered.append(
                CodeRef(r.id, r.uid, r.name, r.label, r.parent_id, depth, r.definition, r.inclusion, r.exclusion,
                        examples)
            )
            walk(cid, depth + 1)

    walk(None, 0)
    return ordered, {r.id: r.status for r in rows}


def resolve_code(codes: Sequence[CodeRef], ref: str) -> CodeRef:
    """A code by uid, name or label (case and æøå spelling insensitive); ambiguous names are an error."""
    for attr in ("uid", "name", "label"):
        hits = [c for c in codes if getattr(c, attr) == ref]
        if not hits:
            hits = [c for c in codes if getattr(c, attr) and fold(getattr(c, attr)) == fold(ref)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise InputError(f"--codes {ref!r} names {len(hits)} codes; use the code's uid ({hits[0].uid}, …)")
    raise NotInProject(f"--codes {ref!r}: no such code", f" (see `kode codebook show {PROJECT_ARG}`)", codebook=True)


def _subtree(codes: Sequence[CodeRef], root: CodeRef) -> list[CodeRef]:
    start = codes.index(root)
    out = [root]
    for c in codes[start + 1 :]:
        if c.depth <= root.depth:
            break
        out.append(c)
    return out


def select_codes(session: Session, filters: MatrixFilters) -> tuple[list[CodeRef], list[CodeRef], dict[int, set[int]]]:
    """The rows (tree order), the themes (rows with no selected ancestor), and per row the code ids
    whose codings count under it (itself and its descendants)."""
    all_codes, statuses = _code_rows(session)
    if filters.codes:
        chosen: dict[int, CodeRef] = {}
        for ref in filters.codes:
            for c in _subtree(all_codes, resolve_code(all_codes, ref)):
                chosen[c.id] = c
        rows = [c for c in all_codes if c.id in chosen]
    else:
        rows = [c for c in all_codes if filters.include_retired or statuses.get(c.id) != "retired"]
        retired = {c.id for c in all_codes if statuses.get(c.id) == "retired" and not filters.include_retired}
        # a retired parent hides its subtree
        rows = [c for c in rows if not _has_ancestor_in(all_codes, c, retired)]
    row_ids = {c.id for c in rows}
    themes = [c for c in rows if not _has_ancestor_in(all_codes, c, row_ids)]
    members: dict[int, set[int]] = {}
    for c in rows:
        members[c.id] = {d.id for d in _subtree(all_codes, c)}
    return rows, themes, members


def _has_ancestor_in(codes: Sequence[CodeRef], code: CodeRef, ids: set[int]) -> bool:
    by_id = {c.id: c for c in codes}
    parent = code.parent_id
    while parent is not None:
        if parent in ids:
            return True
        parent = by_id[parent].parent_id if parent in by_id else None
    return False


def _vocab(session: Session, model: type[Wave] | type[Site] | type[InformantGroup]) -> list[tuple[int, str]]:
    return [(r.id, r.name) for r in session.execute(select(model.id, model.name).order_by(model.position, model.id))]


def _pick(kind: str, option: str, wanted: Sequence[str], vocab: list[tuple[int, str]]) -> list[tuple[int, str]]:
    if not wanted:
        return vocab
    names = [n for _i, n in vocab]
    out: list[tuple[int, str]] = []
    for value in wanted:
        try:
            name = canonical_value(kind, value, names)
        except InputError as exc:
            raise NotInProject(f"--{option} {value!r}: not one of the {kind}s", f" ({', '.join(names)})") from exc
        pair = next(p for p in vocab if p[1] == name)
        if pair not in out:
            out.append(pair)
    return sorted(out, key=vocab.index)


def narrow_interviews(q: Any, filters: MatrixFilters, wave_ids: Iterable[int], group_ids: Iterable[int],
                      site_ids: Iterable[int]) -> Any:
    """``q`` (which reaches Interview) limited to the interviews of the filters' waves, groups and sites."""
    if filters.waves:
        q = q.where(Interview.wave_id.in_(wave_ids))
    if filters.groups:
        q = q.where(Interview.group_id.in_(group_ids))
    if filters.sites:
        q = q.where(Interview.site_id.in_(site_ids))
    return q


def resolve_coders(session: Session, filters: MatrixFilters) -> list[tuple[int, str]]:
    coders = [(r.id, r.name, r.is_consensus) for r in session.execute(select(Coder.id, Coder.name, Coder.is_consensus))]
    if not filters.coders:
        if filters.consensus:
            return [(i, n) for i, n, cons in coders if not cons]
        return [(i, n) for i, n, _c in coders]
    out: list[tuple[int, str]] = []
    for ref in filters.coders:
        hit = [(i, n) for i, n, _c in coders if n == ref] or [(i, n) for i, n, _c in coders if fold(n) == fold(ref)]
        if not hit:
            known = ", ".join(sorted(n for _i, n, _c in coders)) or "none yet"
            raise NotInProject(f"--coder {ref!r}: no such coder", f" (coders: {known})")
        if hit[0] not in out:
            out.append(hit[0])
    return out


# -- loading ------------------------------------------------------------------------------------


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(a) == 1 and len(b) == 1:  # the common case, one coding each
        (s1, e1), (s2, e2) = a[0], b[0]
        s, e = max(s1, s2), min(e1, e2)
        return [(s, e)] if s < e else []
    out: list[tuple[int, int]] = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return sorted(set(out))


@gc_paused()
def load_dataset(session: Session, filters: MatrixFilters = MatrixFilters(), *, with_text: bool = True) -> Dataset:
    """Load what the matrices need under ``filters`` with a few Core queries.

    ``with_text=False`` skips reading transcript texts (segments then carry an empty ``text``):
    counts-only callers such as the benchmark and change tables do not need it.
    """
    rows, themes, members = select_codes(session, filters)
    waves = _pick("wave", "waves", filters.waves, _vocab(session, Wave))
    groups = _pick("group", "groups", filters.groups, _vocab(session, InformantGroup))
    sites = _pick("site", "sites", filters.sites, _vocab(session, Site))
    coders = resolve_coders(session, filters)
    wave_name = dict(waves)
    group_name = dict(groups)
    site_name = dict(sites)
    coder_name = dict(coders)

    # word counts and pipelines sit after the long text column in the row, so SQLite reads every
    # transcript to reach them: fetch them only when texts are wanted anyway, in the same pass
    iv_q = select(Interview.id, Interview.name, Interview.wave_id, Interview.group_id, Interview.site_id)
    iv_rows = session.connection().execute(narrow_interviews(iv_q, filters, wave_name, group_name, site_name)).all()
    iv_ids = {r.id for r in iv_rows}
    details: dict[int, tuple[int, str | None]] = {}
    stored: dict[int, bytes | str] = {}
    if with_text:
        body = _text_column(session)
        for chunk in _chunks(sorted(iv_ids), 500):
            dq = select(Interview.id, Interview.word_count, Interview.pipeline, body).where(Interview.id.in_(chunk))
            for iid, words, pipeline, value in session.connection().execute(dq):
                details[iid] = (words, pipeline)
                stored[iid] = value
    members_of: dict[int, list[int]] = defaultdict(list)
    for iid, member in session.connection().execute(
        select(interview_participant.c.interview_id, interview_participant.c.participant_id).order_by(
            interview_participant.c.interview_id, interview_participant.c.position
        )
    ):
        if iid in iv_ids:
            members_of[iid].append(member)
    interviews = {
        r.id: InterviewRef(
            r.id, r.name, wave_name[r.wave_id], group_name[r.group_id], site_name[r.site_id],
            tuple(members_of.get(r.id, ())), *details.get(r.id, (0, None)),
        )
        for r in iv_rows
    }
    all_groups = dict(_vocab(session, InformantGroup))
    all_sites = dict(_vocab(session, Site))
    participants = {
        r.id: ParticipantRef(r.id, r.pseudonym, all_groups.get(r.group_id) if r.group_id else None,
                             all_sites.get(r.site_id) if r.site_id else None)
        for r in session.connection().execute(
            select(Participant.id, Participant.pseudonym, Participant.group_id, Participant.site_id)
        )
    }

    wanted_codes = set().union(*members.values()) if members else set()

    # naming every coder selects all codings: no filter then, for SQLite would take the coder index
    # and look every coding up in the table instead of reading the covering unique index in order
    narrowed = bool(filters.coders or filters.consensus) and set(coder_name) != set(
        session.scalars(select(Coder.id))
    )

    def restrict(q: Any) -> Any:
        """The codings under the filters (interview filters through a join on the interview)."""
        if filters.waves or filters.groups or filters.sites:
            q = narrow_interviews(q.join(Interview, Interview.id == Coding.interview_id), filters, wave_name,
                                  group_name, site_name)
        if narrowed:
            q = q.where(Coding.coder_id.in_(coder_name))
        if filters.codes:
            q = q.where(Coding.code_id.in_(wanted_codes))
        return q

    participants_of = _attribution(session, interviews)
    if filters.consensus and len(coders) > 1:
        by_row = _consensus_spans(session, restrict, members, [i for i, _n in coders])
    else:
        by_row = _distinct_spans(session, restrict, members)
    spans = {c.id: _columns(by_row.get(c.id, ()), participants_of) for c in rows}

    used = {iid for row_spans in spans.values() for iid in row_spans.interview}
    texts = LazyTexts({iid: stored[iid] for iid in sorted(used) if iid in stored})

    pseud: dict[int | None, str | None] = {p.id: p.pseudonym for p in participants.values()}
    pseud[None] = None
    code_name = {c.id: c.name for c in rows}
    names: dict[Coders, tuple[str, ...]] = {i: (n,) for i, n in coders}

    def coder_names(who: Coders) -> tuple[str, ...]:
        hit = names.get(who)
        if hit is None:
            ids = (who,) if isinstance(who, int) else who
            hit = names[who] = tuple(sorted(coder_name.get(c, str(c)) for c in ids))
        return hit

    def make(row_id: int, row: Spans) -> list[Segment]:
        name = code_name[row_id]
        out = []
        iid = -1
        for iid_, start, end, who, pid in zip(row.interview, row.start, row.end, row.coders, row.participant,
                                              strict=True):
            if iid_ != iid:  # spans come by interview: look the interview up once per run
                iid = iid_
                iv = interviews[iid]
                iv_name, wave, group, site, text = iv.name, iv.wave, iv.group, iv.site, texts.get(iid, "")
            out.append(Segment(name, iv_name, iid, pseud.get(pid), wave, group, site, start, end, text[start:end],
                               names.get(who) or coder_names(who)))
        return out

    return Dataset(
        codes=rows,
        themes=themes,
        waves=[n for _i, n in waves],
        groups=[n for _i, n in groups],
        sites=[n for _i, n in sites],
        coders=[n for _i, n in coders],
        consensus=filters.consensus,
        interviews=interviews,
        participants=participants,
        spans=spans,
        segments=LazySegments(spans, make),
        texts=texts,
    )


# a coded span of one row: (interview, start, end, coders)
SpanTuple = tuple[int, int, int, Coders]
_SPAN_KEY = itemgetter(0, 1, 2)


def _attribution(
    session: Session, interviews: Mapping[int, InterviewRef]
) -> Callable[[list[int], list[int]], list[int | None]]:
    """participants_of(interview ids, starts): per span, the participant of the turn the span starts in
    when the turn names one, else the interview's only participant (None when it has several or none)."""
    only_of = {iid: (iv.participants[0] if len(iv.participants) == 1 else None) for iid, iv in interviews.items()}
    multi = [iid for iid, iv in interviews.items() if len(iv.participants) > 1]
    turn_index: dict[int, tuple[list[int], list[int | None]]] = {}
    for chunk in _chunks(sorted(multi), 500):
        turn_q = (
            select(Turn.interview_id, Turn.start, Turn.participant_id)
            .where(Turn.interview_id.in_(chunk))
            .order_by(Turn.interview_id, Turn.n)  # turns are numbered in text order
        )
        for iid, start, turn_pid in session.connection().execute(turn_q):
            starts, pids = turn_index.setdefault(iid, ([], []))
            starts.append(start)
            pids.append(turn_pid)
    if not turn_index:  # no focus groups: the interview says who
        return lambda iids, _starts: list(map(only_of.__getitem__, iids))

    def participant_of(iid: int, start: int) -> int | None:
        turns = turn_index.get(iid)
        if turns is not None:
            k = bisect.bisect_right(turns[0], start) - 1
            if k >= 0 and turns[1][k] is not None:
                return turns[1][k]
        return only_of[iid]

    return lambda iids, starts: list(map(participant_of, iids, starts))


def _distinct_spans(session: Session, restrict: Callable[[Any], Any],
                    members: Mapping[int, set[int]]) -> dict[int, list[SpanTuple]]:
    """Row code id -> its spans, each once, with the coders who coded it (with the row's code or a
    descendant)."""
    # in the order of the unique (code, interview, start, end, coder) index, which covers every column
    # asked for: SQLite answers from the index alone, with no table look-ups and no sort, and one
    # code's codings of one span by several coders come one after the other
    raw = session.connection().execute(restrict(
        select(Coding.code_id, Coding.interview_id, Coding.start, Coding.end, Coding.coder_id)
        .order_by(Coding.code_id, Coding.interview_id, Coding.start, Coding.end, Coding.coder_id)
    )).all()
    per_code: dict[int, list[SpanTuple]] = {}
    mine: list[SpanTuple] = []
    last_code = last_iid = last_start = last_end = -1
    for code_id, iid, start, end, coder_id in raw:
        if start == last_start and end == last_end and iid == last_iid and code_id == last_code:
            who = mine[-1][3]
            mine[-1] = (iid, start, end, frozenset((who, coder_id)) if isinstance(who, int) else who | {coder_id})
            continue
        if code_id != last_code:
            last_code = code_id
            mine = per_code[code_id] = []
        last_iid, last_start, last_end = iid, start, end
        mine.append((iid, start, end, coder_id))

    out: dict[int, list[SpanTuple]] = {}
    for row_id, ids in members.items():
        lists = [per_code[cid] for cid in ids if cid in per_code]
        if len(lists) == 1:
            out[row_id] = coalesce(lists[0])  # one code's spans: in order already
        elif lists:
            out[row_id] = coalesce(sorted(chain.from_iterable(lists), key=_SPAN_KEY))
    return out


def _who(coders: Coders) -> frozenset[int]:
    return frozenset((coders,)) if isinstance(coders, int) else coders


def coalesce(spans: list[SpanTuple]) -> list[SpanTuple]:
    """Spans sorted by (interview, start, end) -> the segments they make: spans of one interview that
    overlap or touch (``start <= end`` of the segment so far) are one segment covering them all, with
    the union of their coders.

    This is the counting unit of every matrix, chart and count. Two coders rarely mark exactly
    the same characters; counting each coder's span of one passage (or a theme's span and its
    sub-code's span of it) separately would count that passage twice.
    """
    out: list[SpanTuple] = []
    last_iid = last_end = -1
    for span in spans:
        iid, start, end, who = span
        if iid == last_iid and start <= last_end:
            prev = out[-1]
            union = _who(prev[3]) | _who(who)
            if end > last_end:
                last_end = end
            out[-1] = (iid, prev[1], last_end, next(iter(union)) if len(union) == 1 else union)
        else:
            out.append(span)
            last_iid, last_end = iid, end
    return out


def _consensus_spans(session: Session, restrict: Callable[[Any], Any], members: Mapping[int, set[int]],
                     coder_ids: list[int]) -> dict[int, list[SpanTuple]]:
    """Row code id -> the spans every named coder agrees on (see the module docstring)."""
    raw = session.connection().execute(restrict(
        select(Coding.code_id, Coding.interview_id, Coding.start, Coding.end, Coding.coder_id)
        .order_by(Coding.code_id, Coding.interview_id, Coding.start, Coding.end, Coding.coder_id)
    )).all()
    # code -> interview -> coder -> spans
    per_code: dict[int, dict[int, dict[int, list[tuple[int, int]]]]] = {}
    by_iid: dict[int, dict[int, list[tuple[int, int]]]] = {}
    by_coder: dict[int, list[tuple[int, int]]] = {}
    last_code = last_iid = -1
    for code_id, iid, start, end, coder_id in raw:
        if code_id != last_code:
            last_code, last_iid = code_id, -1
            by_iid = per_code[code_id] = {}
        if iid != last_iid:
            last_iid = iid
            by_coder = by_iid[iid] = {}
        mine = by_coder.get(coder_id)
        if mine is None:
            by_coder[coder_id] = [(start, end)]
        else:
            mine.append((start, end))

    everyone = frozenset(coder_ids)
    out: dict[int, list[SpanTuple]] = {}
    for row_id, ids in members.items():
        parts = [per_code[cid] for cid in ids if cid in per_code]
        if not parts:
            continue
        merged = parts[0]
        if len(parts) > 1:  # the row's code and its descendants: pool each coder's spans per interview
            merged = {}
            for part in parts:
                for iid, coded in part.items():
                    pool = merged.setdefault(iid, {})
                    for cid, spans in coded.items():
                        pool.setdefault(cid, []).extend(spans)
        row_spans: list[SpanTuple] = []
        for iid, coded in merged.items():
            if len(coded) < len(coder_ids):
                continue
            agreed = sorted(set(coded[coder_ids[0]]))
            for cid in coder_ids[1:]:
                agreed = _intersect(agreed, sorted(set(coded[cid])))
                if not agreed:
                    break
            row_spans.extend((iid, start, end, everyone) for start, end in agreed)
        row_spans.sort(key=_SPAN_KEY)
        out[row_id] = coalesce(row_spans)
    return out


def _columns(spans: Sequence[SpanTuple],
             participants_of: Callable[[list[int], list[int]], list[int | None]]) -> Spans:
    if not spans:
        return Spans()
    iids, starts, ends, coders = (list(col) for col in zip(*spans, strict=True))
    return Spans(iids, starts, ends, coders, participants_of(iids, starts))


def _text_column(session: Session) -> Any:
    """Interview.text, or on SQLite its stored UTF-8 bytes (a copy, not a decode) for LazyTexts."""
    if session.get_bind().dialect.name == "sqlite" and session.scalar(sql_text("PRAGMA encoding")) == "UTF-8":
        return cast(Interview.text, LargeBinary)
    return Interview.text


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]
