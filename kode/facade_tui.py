"""The workbench façade: what ``kode tui`` asks of a project, as plain dataclasses.

``Project.workbench(coder)`` returns a :class:`ProjectWorkbench` bound to one coder; every method
is one unit of work in its own transaction (``Project.session()``), so a change the screen shows as
done is committed, and a screen that asks again sees what another coder or the CLI wrote meanwhile.
The TUI never sees a session or SQL (see :mod:`tui.facade` for the Protocol it relies on).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from intervju.corpus import Filters, find_interview, list_interviews, resolve_filters
from intervju.errors import InputError
from intervju.models import AuditEvent, InformantGroup, Interview, Sentence, Site, Turn, Wave, interview_participant
from intervju.setup import get_setting, vocabulary
from kodebok.models import Code, Coder, Coding, Memo, Suggestion
from tui.facade import (
    ChangeResult,
    CodeAgreement,
    CodeItem,
    CodingItem,
    Comparison,
    Disagreement,
    InterviewItem,
    MatrixCell,
    MatrixData,
    MemoItem,
    MemoTarget,
    OverviewCell,
    OverviewData,
    SearchHit,
    SearchResult,
    Segment,
    Selection,
    SuggestionItem,
    Transcript,
    TranscriptTurn,
)

if TYPE_CHECKING:
    from kode.project import Project

# Colours for codes that have none, chosen to stay readable on dark and light backgrounds.
PALETTE = (
    "#e06c75", "#61afef", "#98c379", "#e5c07b", "#c678dd", "#56b6c2", "#d19a66", "#be5046",
    "#7f9fff", "#8fbc8f", "#ff8c69", "#b388eb",
)
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”)]*\s+")
KWIC_WIDTH = 40
CODER_RE = re.compile(r"^\w[\w.@-]{0,99}$")


class WorkbenchOps:
    """Mixin for :class:`kode.project.Project`: the façade of the coding workbench."""

    def workbench(self, coder: str) -> ProjectWorkbench:
        """A workbench for ``coder`` (created in the project on first use, as coding commands do)."""
        project: Project = self  # type: ignore[assignment]
        return ProjectWorkbench(project, coder)


def _colour(code: Code) -> str:
    return code.colour or PALETTE[(code.id - 1) % len(PALETTE)]


class ProjectWorkbench:
    """Implements :class:`tui.facade.Workbench` over a project's library functions."""

    def __init__(self, project: Project, coder: str) -> None:
        coder = coder.strip()
        if not CODER_RE.match(coder):
            raise InputError(f"coder id {coder!r} must be one word of letters, digits, '.', '_', '-' or '@'")
        self.project = project
        self._coder = coder
        with project.session() as session:
            self._coder_id(session)

    # -- identity ----------------------------------------------------------------------------
    @property
    def coder(self) -> str:
        return self._coder

    @property
    def project_name(self) -> str:
        return self.project.name

    def _coder_id(self, session: Session, name: str | None = None) -> int:
        name = name or self._coder
        coder = session.scalar(select(Coder).where(func.lower(Coder.name) == name.casefold()))
        if coder is None:
            if name != self._coder:
                raise InputError(f"no coder {name!r} in the project")
            coder = Coder(name=name)
            session.add(coder)
            session.flush()
            _audit(session, name, "coder.add", "coder", coder.id)
        return coder.id

    # -- corpus ------------------------------------------------------------------------------
    def overview(self, selection: Selection = Selection()) -> OverviewData:
        with self.project.session() as session:
            vocab = vocabulary(session)
            coder_id = self._coder_id(session)
            filters = Filters(sites=selection.sites, groups=selection.groups, waves=selection.waves)
            rows = list_interviews(session, filters)
            ids = [r.id for r in rows]
            codings = _count_by(session, Coding.interview_id, Coding.coder_id == coder_id, Coding.interview_id.in_(ids))
            informant_turns = _count_by(session, Turn.interview_id, Turn.role == "informant", Turn.interview_id.in_(ids))
            coded = dict(
                session.execute(
                    select(Turn.interview_id, func.count(func.distinct(Turn.id)))
                    .join(
                        Coding,
                        and_(
                            Coding.interview_id == Turn.interview_id,
                            Coding.coder_id == coder_id,
                            Coding.start < Turn.end,
                            Coding.end > Turn.start,
                        ),
                    )
                    .where(Turn.role == "informant", Turn.interview_id.in_(ids))
                    .group_by(Turn.interview_id)
                ).tuples().all()
            )
            pipeline = get_setting(session, "pipeline") or _common_pipeline(r.pipeline for r in rows)
        items = tuple(
            InterviewItem(
                id=r.id, name=r.name, site=r.site, group=r.group, wave=r.wave, participants=tuple(r.participants),
                words=r.words, turns=r.turns, codings=codings.get(r.id, 0), coded_turns=coded.get(r.id, 0),
                informant_turns=informant_turns.get(r.id, 0),
            )
            for r in rows
        )
        cells: dict[tuple[str, str, str], list[InterviewItem]] = defaultdict(list)
        for item in items:
            cells[(item.site, item.group, item.wave)].append(item)
        order = {name: i for i, name in enumerate(vocab["sites"] + vocab["groups"] + vocab["waves"])}
        cell_rows = tuple(
            OverviewCell(site=s, group=g, wave=w, interviews=len(v), words=sum(i.words for i in v),
                         turns=sum(i.turns for i in v), codings=sum(i.codings for i in v))
            for (s, g, w), v in sorted(cells.items(), key=lambda kv: tuple(order.get(k, 0) for k in kv[0]))
        )
        return OverviewData(
            project=self.project.name, pipeline=pipeline, coder=self._coder,
            sites=tuple(vocab["sites"]), groups=tuple(vocab["groups"]), waves=tuple(vocab["waves"]),
            cells=cell_rows, interviews=items,
        )

    def transcript(self, interview_id: int) -> Transcript:
        with self.project.session() as session:
            iv = _interview(session, interview_id)
            turns = list(session.scalars(select(Turn).where(Turn.interview_id == iv.id).order_by(Turn.n)))
            sentences: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for turn_id, start, end in session.execute(
                select(Sentence.turn_id, Sentence.start, Sentence.end)
                .where(Sentence.interview_id == iv.id)
                .order_by(Sentence.n)
            ):
                sentences[turn_id].append((start, end))
            pseudonyms = {p.id: p.pseudonym for p in iv.participants}
            text = iv.text
            return Transcript(
                id=iv.id, name=iv.name, site=iv.site.name, group=iv.group.name, wave=iv.wave.name,
                participants=tuple(p.pseudonym for p in iv.participants), text=text,
                turns=tuple(
                    TranscriptTurn(
                        n=t.n, label=t.label, role=t.role,
                        participant=pseudonyms.get(t.participant_id) if t.participant_id else None,
                        start=t.start, end=t.end, time=t.time_start,
                        sentences=tuple(sentences.get(t.id) or split_sentences(text, t.start, t.end)),
                    )
                    for t in turns
                ),
            )

    # -- codebook and codings ----------------------------------------------------------------
    def codebook(self, interview_id: int | None = None) -> list[CodeItem]:
        with self.project.session() as session:
            coder_id = self._coder_id(session)
            conditions = [Coding.coder_id == coder_id]
            if interview_id is not None:
                conditions.append(Coding.interview_id == interview_id)
            counts = _count_by(session, Coding.code_id, *conditions)
            codes = list(session.scalars(select(Code).order_by(Code.position, Code.name)))
            return _code_items(codes, counts)

    def codings(self, interview_id: int, coder: str | None = None) -> list[CodingItem]:
        with self.project.session() as session:
            coder_id = self._coder_id(session, coder)
            rows = session.scalars(
                select(Coding)
                .where(Coding.interview_id == interview_id, Coding.coder_id == coder_id)
                .order_by(Coding.start, Coding.end, Coding.id)
            )
            return [_coding_item(c) for c in rows]

    def add_coding(self, interview_id: int, code_id: int, start: int, end: int) -> CodingItem:
        with self.project.session() as session:
            coding = self._add(session, interview_id, code_id, start, end)
            return _coding_item(coding)

    def _add(self, session: Session, interview_id: int, code_id: int, start: int, end: int) -> Coding:
        iv = _interview(session, interview_id)
        code = session.get(Code, code_id)
        if code is None:
            raise InputError(f"no code with id {code_id} in the project")
        if code.status != "active":
            raise InputError(f"code {code.name!r} is retired; it takes no new codings")
        if not 0 <= start < end <= len(iv.text):
            raise InputError(f"span {start}:{end} is outside interview {iv.name!r} (0:{len(iv.text)})")
        coder_id = self._coder_id(session)
        existing = session.scalar(
            select(Coding).where(
                Coding.code_id == code_id, Coding.interview_id == interview_id, Coding.start == start,
                Coding.end == end, Coding.coder_id == coder_id,
            )
        )
        if existing is not None:
            return existing
        coding = Coding(code_id=code_id, interview_id=interview_id, start=start, end=end, coder_id=coder_id)
        session.add(coding)
        session.flush()
        _audit(session, self._coder, "coding.add", "coding", coding.id, code=code.uid, interview=iv.name,
               start=start, end=end)
        return coding

    def remove_coding(self, coding_id: int) -> CodingItem:
        with self.project.session() as session:
            coding = session.get(Coding, coding_id)
            if coding is None:
                raise InputError(f"coding {coding_id} is not in the project (removed meanwhile?)")
            if coding.coder_id != self._coder_id(session):
                raise InputError(f"coding {coding_id} belongs to coder {coding.coder.name!r}, not {self._coder!r}")
            item = _coding_item(coding)
            session.execute(delete(Memo).where(Memo.coding_id == coding_id))
            session.delete(coding)
            _audit(session, self._coder, "coding.remove", "coding", coding_id, code=coding.code.uid,
                   interview_id=coding.interview_id, start=coding.start, end=coding.end)
            return item

    # -- memos -------------------------------------------------------------------------------
    def memo(self, target: MemoTarget, target_id: int) -> MemoItem | None:
        with self.project.session() as session:
            memo = self._find_memo(session, target, target_id)
            return None if memo is None else _memo_item(target, target_id, memo)

    def save_memo(self, target: MemoTarget, target_id: int, text: str) -> MemoItem | None:
        """Write the coder's memo on the target; an empty text deletes it."""
        with self.project.session() as session:
            column = _memo_column(target)
            model = {"coding": Coding, "interview": Interview, "code": Code}[target]
            if session.get(model, target_id) is None:
                raise InputError(f"no {target} with id {target_id} in the project")
            memo = self._find_memo(session, target, target_id)
            text = text.strip()
            if not text:
                if memo is not None:
                    _audit(session, self._coder, "memo.delete", "memo", memo.id, target=target)
                    session.delete(memo)
                return None
            if memo is None:
                memo = Memo(author_id=self._coder_id(session), text=text, **{column: target_id})
                session.add(memo)
                session.flush()
                _audit(session, self._coder, "memo.add", "memo", memo.id, target=target)
            elif memo.text != text:
                memo.text = text
                from intervju.db import utcnow

                memo.updated_at = utcnow()
                _audit(session, self._coder, "memo.update", "memo", memo.id, target=target)
            return _memo_item(target, target_id, memo)

    def _find_memo(self, session: Session, target: MemoTarget, target_id: int) -> Memo | None:
        column = getattr(Memo, _memo_column(target))
        others = [getattr(Memo, c) for c in ("code_id", "interview_id", "coding_id") if c != _memo_column(target)]
        q = (
            select(Memo)
            .where(column == target_id, Memo.author_id == self._coder_id(session), *(o.is_(None) for o in others))
            .order_by(Memo.id)
        )
        return session.scalars(q).first()

    # -- search ------------------------------------------------------------------------------
    def search(self, query: str, selection: Selection = Selection()) -> SearchResult:
        """Sentences of informant turns that hold every word of the query (case-insensitive words)."""
        words = [w.casefold() for w in re.findall(r"\w+", query)]
        if not words:
            raise InputError("the search query has no word in it")
        patterns = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in words]
        hits: list[SearchHit] = []
        counts: dict[tuple[str, str], int] = defaultdict(int)
        with self.project.session() as session:
            for iv in self._interviews(session, selection):
                turns = session.scalars(
                    select(Turn).where(Turn.interview_id == iv.id, Turn.role == "informant").order_by(Turn.n)
                )
                names = {p.id: p.pseudonym for p in iv.participants}
                for turn in turns:
                    for start, end in split_sentences(iv.text, turn.start, turn.end):
                        passage = iv.text[start:end]
                        found = [p.search(passage) for p in patterns]
                        if not all(found):
                            continue
                        first = min((m for m in found if m), key=lambda m: m.start())
                        a, b = start + first.start(), start + first.end()
                        hits.append(SearchHit(
                            interview_id=iv.id, interview=iv.name, site=iv.site.name, group=iv.group.name,
                            wave=iv.wave.name, participant=names.get(turn.participant_id or -1), turn=turn.n,
                            time=turn.time_start, start=start, end=end,
                            left=_flat(iv.text[max(turn.start, a - KWIC_WIDTH):a]), match=iv.text[a:b],
                            right=_flat(iv.text[b:min(turn.end, b + KWIC_WIDTH)]),
                        ))
                        counts[(iv.wave.name, iv.group.name)] += 1
        return SearchResult(query=query, hits=tuple(hits),
                            counts=tuple((w, g, n) for (w, g), n in counts.items()))

    def _interviews(self, session: Session, selection: Selection) -> list[Interview]:
        from intervju.corpus import interview_query

        filters = Filters(sites=selection.sites, groups=selection.groups, waves=selection.waves)
        return list(session.scalars(interview_query(session, filters)))

    # -- code browser and matrix -------------------------------------------------------------
    def segments(self, code_id: int, selection: Selection = Selection()) -> list[Segment]:
        with self.project.session() as session:
            f = resolve_filters(session, Filters(sites=selection.sites, groups=selection.groups,
                                                 waves=selection.waves))
            q = (
                select(Coding, Interview)
                .join(Interview, Coding.interview_id == Interview.id)
                .join(Site, Interview.site_id == Site.id)
                .join(InformantGroup, Interview.group_id == InformantGroup.id)
                .join(Wave, Interview.wave_id == Wave.id)
                .join(Coder, Coding.coder_id == Coder.id)
                .where(Coding.code_id == code_id)
            )
            if f.sites:
                q = q.where(Site.name.in_(f.sites))
            if f.groups:
                q = q.where(InformantGroup.name.in_(f.groups))
            if f.waves:
                q = q.where(Wave.name.in_(f.waves))
            if selection.coders:
                q = q.where(Coder.name.in_(selection.coders))
            q = q.order_by(Wave.position, Site.position, InformantGroup.position, Interview.name, Coding.start)
            return _segments(session, session.execute(q).tuples())

    def matrix(self, split_by: str = "group") -> MatrixData:
        if split_by not in ("group", "site"):
            raise InputError(f"split by {split_by!r}: choose group or site")
        with self.project.session() as session:
            coder_id = self._coder_id(session)
            vocab = vocabulary(session)
            splits = vocab["groups"] if split_by == "group" else vocab["sites"]
            split_col = InformantGroup.name if split_by == "group" else Site.name
            people: dict[tuple[str, str], int] = {}
            for wave, split, n in session.execute(
                select(Wave.name, split_col, func.count(func.distinct(interview_participant.c.participant_id)))
                .select_from(Interview)
                .join(interview_participant, interview_participant.c.interview_id == Interview.id)
                .join(Site, Interview.site_id == Site.id)
                .join(InformantGroup, Interview.group_id == InformantGroup.id)
                .join(Wave, Interview.wave_id == Wave.id)
                .group_by(Wave.name, split_col)
            ):
                people[(wave, split)] = int(n)
            codings: dict[tuple[int, str, str], int] = {}
            for code_id, wave, split, n in session.execute(
                select(Coding.code_id, Wave.name, split_col, func.count(Coding.id))
                .join(Interview, Coding.interview_id == Interview.id)
                .join(Site, Interview.site_id == Site.id)
                .join(InformantGroup, Interview.group_id == InformantGroup.id)
                .join(Wave, Interview.wave_id == Wave.id)
                .where(Coding.coder_id == coder_id)
                .group_by(Coding.code_id, Wave.name, split_col)
            ):
                codings[(code_id, wave, split)] = int(n)
            coded_people: dict[tuple[int, str, str], int] = {}
            for code_id, wave, split, n in session.execute(
                select(Coding.code_id, Wave.name, split_col,
                       func.count(func.distinct(interview_participant.c.participant_id)))
                .join(Interview, Coding.interview_id == Interview.id)
                .join(interview_participant, interview_participant.c.interview_id == Interview.id)
                .join(Site, Interview.site_id == Site.id)
                .join(InformantGroup, Interview.group_id == InformantGroup.id)
                .join(Wave, Interview.wave_id == Wave.id)
                .where(Coding.coder_id == coder_id)
                .group_by(Coding.code_id, Wave.name, split_col)
            ):
                coded_people[(code_id, wave, split)] = int(n)
            totals = _count_by(session, Coding.code_id, Coding.coder_id == coder_id)
            codes = _code_items(list(session.scalars(select(Code).order_by(Code.position, Code.name))), totals)
        # only the wave × split columns where someone was interviewed
        pairs = [(w, s) for w in vocab["waves"] for s in splits if people.get((w, s))]
        columns = tuple(f"{w} · {s}" for w, s in pairs)
        cells = tuple(
            MatrixCell(code_id=c.id, column=f"{w} · {s}", wave=w, split=s, codings=codings.get((c.id, w, s), 0),
                       participants=coded_people.get((c.id, w, s), 0), of_participants=people.get((w, s), 0))
            for c in codes for w, s in pairs
        )
        return MatrixData(split_by=split_by, columns=columns, codes=tuple(codes), cells=cells)

    def cell_segments(self, code_id: int, wave: str, split_by: str, split: str) -> list[Segment]:
        selection = Selection(waves=(wave,), coders=(self._coder,),
                              **({"groups": (split,)} if split_by == "group" else {"sites": (split,)}))
        return self.segments(code_id, selection)

    # -- coders and agreement ----------------------------------------------------------------
    def coders(self) -> list[str]:
        with self.project.session() as session:
            self._coder_id(session)
            return list(session.scalars(select(Coder.name).order_by(Coder.name)))

    def compare(self, interview_id: int, coder_a: str, coder_b: str) -> Comparison:
        """Two coders on one interview, at the unit of informant turns (a turn holds a code for a
        coder when one of that coder's codings overlaps it)."""
        with self.project.session() as session:
            iv = _interview(session, interview_id)
            ids = (self._coder_id(session, coder_a), self._coder_id(session, coder_b))
            turns = list(session.scalars(
                select(Turn).where(Turn.interview_id == iv.id, Turn.role == "informant").order_by(Turn.n)))
            both_sets: list[list[Coding]] = [
                list(session.scalars(select(Coding).where(Coding.interview_id == iv.id, Coding.coder_id == cid)
                                     .order_by(Coding.start, Coding.id)))
                for cid in ids
            ]
            codes = {c.id: c for c in session.scalars(select(Code))}
            name_a, name_b = (session.get(Coder, i).name for i in ids)  # type: ignore[union-attr]
            codings_a, codings_b = ([_coding_item(c) for c in s] for s in both_sets)
        used = sorted({c.code_id for s in both_sets for c in s}, key=lambda i: (codes[i].position, codes[i].name))
        tables: list[CodeAgreement] = []
        disagreements: list[Disagreement] = []
        totals = [0, 0, 0, 0]
        for code_id in used:
            counts = [0, 0, 0, 0]  # both, only a, only b, neither
            for turn in turns:
                hit = [
                    next((c for c in s if c.code_id == code_id and c.start < turn.end and c.end > turn.start), None)
                    for s in both_sets
                ]
                index = 0 if hit[0] and hit[1] else 1 if hit[0] else 2 if hit[1] else 3
                counts[index] += 1
                if index in (1, 2):
                    coding = hit[0] if index == 1 else hit[1]
                    assert coding is not None
                    disagreements.append(Disagreement(
                        code_id=code_id, code=codes[code_id].name, turn=turn.n, start=turn.start, end=turn.end,
                        has=name_a if index == 1 else name_b, coding_id=coding.id))
            totals = [t + c for t, c in zip(totals, counts, strict=True)]
            tables.append(_agreement(codes[code_id].name, counts))
        disagreements.sort(key=lambda d: (d.start, d.code))
        return Comparison(
            interview_id=interview_id, interview=iv.name, coder_a=name_a, coder_b=name_b,
            codings_a=tuple(codings_a), codings_b=tuple(codings_b), overall=_agreement("(all codes)", totals),
            codes=tuple(tables), disagreements=tuple(disagreements),
        )

    def adopt(self, coding_id: int) -> CodingItem:
        """Make the workbench coder's own copy of another coder's coding (same code and span)."""
        with self.project.session() as session:
            other = session.get(Coding, coding_id)
            if other is None:
                raise InputError(f"coding {coding_id} is not in the project (removed meanwhile?)")
            coding = self._add(session, other.interview_id, other.code_id, other.start, other.end)
            return _coding_item(coding)

    # -- suggestions -------------------------------------------------------------------------
    def suggestions(self, status: str = "open") -> list[SuggestionItem]:
        with self.project.session() as session:
            rows = session.execute(
                select(Suggestion, Code, Interview)
                .join(Code, Suggestion.code_id == Code.id)
                .join(Interview, Suggestion.interview_id == Interview.id)
                .where(Suggestion.status == status)
                .order_by(Code.position, Code.name, Interview.name, Suggestion.start)
            ).tuples()
            return [
                SuggestionItem(id=s.id, code_id=c.id, code=c.name, colour=_colour(c), interview_id=iv.id,
                               interview=iv.name, start=s.start, end=s.end, unit=s.unit, query=s.query,
                               text=_flat(iv.text[s.start:s.end]), status=s.status)
                for s, c, iv in rows
            ]

    def decide(self, suggestion_ids: Sequence[int], accept: bool) -> ChangeResult:
        """Accept (a coding of the workbench coder) or reject open suggestions, in one transaction."""
        from intervju.db import utcnow

        result = ChangeResult(done=0)
        with self.project.session() as session:
            coder_id = self._coder_id(session)
            for sid in suggestion_ids:
                s = session.get(Suggestion, sid)
                if s is None or s.status != "open":
                    result.skipped += 1
                    continue
                if accept:
                    self._add(session, s.interview_id, s.code_id, s.start, s.end)
                s.status = "accepted" if accept else "rejected"
                s.decided_by_id = coder_id
                s.decided_at = utcnow()
                _audit(session, self._coder, f"suggestion.{s.status[:-2]}", "suggestion", s.id)
                result.done += 1
        return result


# -- helpers -------------------------------------------------------------------------------
def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` by end punctuation, for interviews indexed without a
    language pipeline (the language layer stores real sentences, which win when present)."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in SENTENCE_END.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return [(a, b) for a, b in spans if b > a] or [(start, end)]


def _audit(session: Session, actor: str, action: str, entity: str, entity_id: object, **detail: Any) -> None:
    session.add(AuditEvent(actor=actor, action=action, entity=entity, entity_id=str(entity_id), detail=detail))


def _count_by(session: Session, column: Any, *conditions: Any) -> dict[int, int]:
    q = select(column, func.count()).where(*conditions).group_by(column)
    return {k: int(v) for k, v in session.execute(q).tuples()}


def _common_pipeline(values: Iterable[str | None]) -> str:
    found = sorted({v for v in values if v})
    if not found:
        return "no language pipeline"
    return found[0] if len(found) == 1 else f"{found[0]} (+{len(found) - 1} more)"


def _interview(session: Session, interview_id: int) -> Interview:
    iv = session.get(Interview, interview_id)
    if iv is None:
        return find_interview(session, str(interview_id))
    return iv


def _code_items(codes: list[Code], counts: dict[int, int]) -> list[CodeItem]:
    """Codes in tree order (parents before children, siblings by position), with their path."""
    by_parent: dict[int | None, list[Code]] = defaultdict(list)
    for c in codes:
        by_parent[c.parent_id].append(c)
    out: list[CodeItem] = []

    def walk(parent: int | None, depth: int, prefix: str) -> None:
        for c in by_parent.get(parent, []):
            path = f"{prefix}/{c.name}" if prefix else c.name
            out.append(CodeItem(
                id=c.id, uid=c.uid, name=c.name, path=path, label=c.label, depth=depth, parent_id=c.parent_id,
                colour=_colour(c), key=c.key, definition=c.definition, inclusion=c.inclusion,
                exclusion=c.exclusion, status=c.status, count=counts.get(c.id, 0)))
            walk(c.id, depth + 1, path)

    walk(None, 0, "")
    known = {c.id for c in out}
    for c in codes:  # a parent that points nowhere must not hide a code
        if c.id not in known:
            out.append(CodeItem(
                id=c.id, uid=c.uid, name=c.name, path=c.name, label=c.label, depth=0, parent_id=c.parent_id,
                colour=_colour(c), key=c.key, definition=c.definition, inclusion=c.inclusion,
                exclusion=c.exclusion, status=c.status, count=counts.get(c.id, 0)))
    return out


def _coding_item(c: Coding) -> CodingItem:
    return CodingItem(id=c.id, code_id=c.code_id, code=c.code.name, colour=_colour(c.code),
                      interview_id=c.interview_id, start=c.start, end=c.end, coder=c.coder.name)


def _memo_column(target: MemoTarget) -> str:
    columns = {"coding": "coding_id", "interview": "interview_id", "code": "code_id"}
    if target not in columns:
        raise InputError(f"a memo is on a coding, an interview or a code, not on {target!r}")
    return columns[target]


def _memo_item(target: MemoTarget, target_id: int, memo: Memo) -> MemoItem:
    return MemoItem(target=target, target_id=target_id, title=memo.title, text=memo.text, author=memo.author.name)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _segments(session: Session, rows: Iterable[tuple[Coding, Interview]]) -> list[Segment]:
    out: list[Segment] = []
    turn_cache: dict[int, list[tuple[int, int, int]]] = {}
    for coding, iv in rows:
        if iv.id not in turn_cache:
            turn_cache[iv.id] = [tuple(r) for r in session.execute(  # type: ignore[misc]
                select(Turn.n, Turn.start, Turn.end).where(Turn.interview_id == iv.id).order_by(Turn.n))]
        turn = next((n for n, a, b in turn_cache[iv.id] if a <= coding.start < b + 2), None)
        out.append(Segment(
            coding_id=coding.id, interview_id=iv.id, interview=iv.name, site=iv.site.name, group=iv.group.name,
            wave=iv.wave.name, coder=coding.coder.name, turn=turn, start=coding.start, end=coding.end,
            text=iv.text[coding.start:coding.end]))
    return out


def _agreement(name: str, counts: Sequence[int]) -> CodeAgreement:
    both, only_a, only_b, neither = counts
    units = both + only_a + only_b + neither
    if not units:
        return CodeAgreement(name, 0, 0, 0, 0, 0, None, None, None)
    po = (both + neither) / units
    pa, pb = (both + only_a) / units, (both + only_b) / units
    pe = pa * pb + (1 - pa) * (1 - pb)
    kappa = None if pe == 1 else round((po - pe) / (1 - pe), 12)
    # Krippendorff's alpha, nominal, two coders, no missing values: from the coincidence matrix.
    n = 2 * units
    n1 = 2 * both + only_a + only_b
    n0 = n - n1
    disagree = only_a + only_b
    alpha = None if n0 == 0 or n1 == 0 else round(1 - (n - 1) * (2 * disagree) / (2 * n1 * n0), 12)
    return CodeAgreement(name, units, both, only_a, only_b, neither, 100 * po, kappa, alpha)
