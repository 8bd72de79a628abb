"""The workbench façade: what ``kode tui`` asks of a project, as plain dataclasses.

``Project.workbench(coder)`` returns a :class:`ProjectWorkbench` bound to one coder; every method
is one unit of work in its own transaction (``Project.session()``), so a change the screen shows as
done is committed, and a screen that asks again sees what another coder or the CLI wrote meanwhile.
The TUI never sees a session or SQL (see :mod:`tui.facade` for the Protocol it relies on).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from sqlalchemy import and_, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, lazyload

from intervju.corpus import Filters, filtered, find_interview, list_interviews
from intervju.errors import InputError, NotInProject
from intervju.models import InformantGroup, Interview, Sentence, Site, Turn, Wave
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
    ProjectBusy,
    ProjectFailure,
    SearchHit,
    SearchResult,
    Segment,
    Selection,
    SuggestionItem,
    Transcript,
    TranscriptTurn,
    in_vivo_name,
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
SEARCH_LIMIT = 2_000


P = ParamSpec("P")
R = TypeVar("R")
BUSY_MARKS = ("database is locked", "database is busy", "lock timeout", "could not obtain lock",
              "canceling statement due to lock timeout")


def is_busy(exc: BaseException) -> bool:
    """A lock another program holds (SQLite busy, PostgreSQL lock timeout), not a fault of the call."""
    inner = getattr(exc, "orig", None) or exc
    if getattr(inner, "sqlstate", None) == "55P03":  # PostgreSQL lock_not_available
        return True
    text = str(inner).casefold()
    return any(mark in text for mark in BUSY_MARKS)


#: What a call the lock timed out says. A read changes nothing whether it runs or not, so it must
#: not claim "nothing was written" (which reads as if the user had tried to save something); a
#: write's transaction was rolled back whole, so for a write that is exactly the point.
BUSY_READ = "another program holds the project, so this could not be read just now; try again in a moment"
BUSY_WRITE = "another program holds the project; nothing was written, try again in a moment"


def _db_errors(busy: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Turn a database error into what the workbench promises (:class:`tui.facade.ProjectBusy` or
    :class:`tui.facade.ProjectFailure`): a user sees one line and never the SQL the driver echoes."""

    def decorate(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(*args, **kwargs)
            except DBAPIError as exc:
                if is_busy(exc):
                    raise ProjectBusy(busy) from exc
                raise ProjectFailure(f"the project's database refused this ({_driver_line(exc)})") from exc
            except SQLAlchemyError as exc:
                raise ProjectFailure(f"the project's database refused this ({exc.__class__.__name__})") from exc

        wrapper.db_access = "read" if busy is BUSY_READ else "write"  # type: ignore[attr-defined]
        return wrapper

    return decorate


#: For a workbench call that only reads (every public method is one or the other; a test checks).
db_reads = _db_errors(BUSY_READ)
#: For a workbench call that writes, in one transaction.
db_writes = _db_errors(BUSY_WRITE)


def _driver_line(exc: DBAPIError) -> str:
    """The driver's first line, cut before any SQL it quotes."""
    from kode.store import first_line

    line = first_line(exc)
    for cut in ("[SQL:", "SQL:", "LINE ", "\n"):
        if cut in line:
            line = line.split(cut, 1)[0]
    return line.strip() or exc.__class__.__name__


def _colour(code: Code) -> str:
    return code.colour or PALETTE[(code.id - 1) % len(PALETTE)]


class ProjectWorkbench:
    """Implements :class:`tui.facade.Workbench` over a project's library functions."""

    def __init__(self, project: Project, coder: str) -> None:
        from kode.store import limit_lock_waits
        from kodebok.coders import ensure_coder

        self.project = project
        # a lock another coder holds makes a call ProjectBusy after a while, never a hang (PostgreSQL
        # waits for ever by default; SQLite has its busy timeout)
        limit_lock_waits(project.engine)
        with project.session() as session:
            self._coder = ensure_coder(session, coder)[0].name

    # -- identity ----------------------------------------------------------------------------
    @property
    def coder(self) -> str:
        return self._coder

    @property
    def project_name(self) -> str:
        return self.project.name

    def _coder_obj(self, session: Session, name: str | None = None) -> Coder:
        """The workbench's coder (created when new, as coding commands do), or another known coder."""
        from kodebok.coders import ensure_coder, find_coder

        if name is None or name.casefold() == self._coder.casefold():
            return ensure_coder(session, self._coder)[0]
        return find_coder(session, name)

    def _coder_id(self, session: Session, name: str | None = None) -> int:
        return self._coder_obj(session, name).id

    # -- corpus ------------------------------------------------------------------------------
    @db_reads
    def overview(self, selection: Selection = Selection()) -> OverviewData:
        with self.project.session() as session:
            vocab = vocabulary(session)
            coder_id = self._coder_id(session)
            filters = Filters(sites=selection.sites, groups=selection.groups, waves=selection.waves)
            rows = list_interviews(session, filters)
            ids = [r.id for r in rows]
            codings = _count_by(session, Coding.interview_id, Coding.coder_id == coder_id, Coding.interview_id.in_(ids))
            informant_turns = _count_by(session, Turn.interview_id, Turn.role == "informant",
                                        Turn.interview_id.in_(ids))
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
                ).all()
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

    @db_reads
    def transcript(self, interview_id: int) -> Transcript:
        with self.project.session() as session:
            iv = _interview(session, interview_id)
            turns = session.execute(
                select(Turn.id, Turn.n, Turn.label, Turn.role, Turn.participant_id, Turn.start, Turn.end,
                       Turn.time_start).where(Turn.interview_id == iv.id).order_by(Turn.n)).all()
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
                        n=n, label=label, role=role,
                        participant=pseudonyms.get(participant_id) if participant_id else None,
                        start=start, end=end, time=time_start,
                        sentences=tuple(sentences.get(turn_id) or split_sentences(text, start, end)),
                    )
                    for turn_id, n, label, role, participant_id, start, end, time_start in turns
                ),
            )

    # -- codebook and codings ----------------------------------------------------------------
    @db_reads
    def codebook(self, interview_id: int | None = None) -> list[CodeItem]:
        with self.project.session() as session:
            coder_id = self._coder_id(session)
            conditions = [Coding.coder_id == coder_id]
            if interview_id is not None:
                conditions.append(Coding.interview_id == interview_id)
            counts = _count_by(session, Coding.code_id, *conditions)
            totals = counts if interview_id is None else _count_by(session, Coding.code_id,
                                                                  Coding.coder_id == coder_id)
            codes = list(session.scalars(select(Code).order_by(Code.position, Code.name)))
            return _code_items(codes, counts, totals)

    @db_reads
    def codings(self, interview_id: int, coder: str | None = None) -> list[CodingItem]:
        with self.project.session() as session:
            coder_id = self._coder_id(session, coder)
            rows = list(session.scalars(
                select(Coding)
                .where(Coding.interview_id == interview_id, Coding.coder_id == coder_id)
                .order_by(Coding.start, Coding.end, Coding.id)
            ))
            memos: dict[int, list[MemoItem]] = defaultdict(list)
            for memo in session.scalars(select(Memo).join(Coding, Memo.coding_id == Coding.id).where(
                    Coding.interview_id == interview_id, Coding.coder_id == coder_id).order_by(Memo.id)):
                assert memo.coding_id is not None
                memos[memo.coding_id].append(_memo_item("coding", memo.coding_id, memo))
            return [_coding_item(c, tuple(memos.get(c.id, ()))) for c in rows]

    @db_writes
    def add_coding(self, interview_id: int, code_id: int, start: int, end: int,
                   memos: Sequence[MemoItem] = ()) -> CodingItem:
        with self.project.session() as session:
            return self._add(session, interview_id, code_id, start, end, memos=memos)

    def _add(self, session: Session, interview_id: int, code_id: int, start: int, end: int,
             action: str = "coding.add", memos: Sequence[MemoItem] = ()) -> CodingItem:
        """The coder's coding of this code on this span: added with :func:`kodebok.coding.add_coding`,
        or the one there already (a second window or the CLI may have made it meanwhile; the workbench
        refuses nothing for that, and says so with ``created=False``). ``memos`` (of an undone
        removal) go back on a new coding in the same transaction. Kept to a few plain queries: this
        is the path a keypress waits on."""
        from kodebok.coding import add_coding
        from kodebok.memos import KeptMemo, restore_memos

        code = session.get(Code, code_id)
        if code is None:
            raise NotInProject(f"no code with id {code_id}", " (removed meanwhile?)")
        coder = self._coder_obj(session)
        existing = session.scalar(select(Coding.id).where(
            Coding.interview_id == interview_id, Coding.code_id == code_id, Coding.start == start,
            Coding.end == end, Coding.coder_id == coder.id))
        created = existing is None
        kept: tuple[MemoItem, ...] = ()
        if existing is None:
            iv = _interview(session, interview_id, light=True)
            existing = add_coding(session, iv, code, start, end, coder, action=action).id
            if memos:
                restored = restore_memos(session, existing, [KeptMemo(m.author or coder.name, m.title, m.text)
                                                             for m in memos], coder)
                kept = tuple(_memo_item("coding", existing, m) for m in restored)
        else:
            kept = tuple(_memo_item("coding", existing, m) for m in session.scalars(
                select(Memo).where(Memo.coding_id == existing).order_by(Memo.id)))
        return CodingItem(id=existing, code_id=code.id, code=code.name, colour=_colour(code),
                          interview_id=interview_id, start=start, end=end, coder=coder.name, memos=kept,
                          created=created)

    @db_writes
    def code_in_vivo(self, interview_id: int, start: int, end: int,
                     parent_id: int | None) -> tuple[CodeItem, CodingItem]:
        """In vivo coding: the passage's words become a new code's name (cut to a whole word within
        60 characters), under ``parent_id``; a sibling of that name already there is used instead.
        One transaction for the code and the coding."""
        from kodebok.codebook_ops import add_code

        with self.project.session() as session:
            iv = _interview(session, interview_id, light=True)
            if not 0 <= start < end <= len(iv.text):
                raise InputError(f"span {start}:{end} is not inside interview {iv.name!r}")
            name = in_vivo_name(iv.text[start:end])
            if not name:
                raise InputError("select some words first: the code is named by them")
            parent = session.get(Code, parent_id) if parent_id is not None else None
            if parent_id is not None and parent is None:
                raise NotInProject(f"no code with id {parent_id}", " (removed meanwhile?)")
            code = session.scalar(select(Code).where(
                Code.parent_id.is_(None) if parent is None else Code.parent_id == parent.id,
                func.lower(Code.name) == name.casefold()))
            if code is None:
                code = add_code(session, name, actor=self._coder, parent=parent.uid if parent else None,
                                definition="In vivo: the informant's own words.")
            coding = self._add(session, interview_id, code.id, start, end, action="coding.in_vivo")
            counts = _count_by(session, Coding.code_id, Coding.coder_id == self._coder_id(session),
                               Coding.interview_id == interview_id, Coding.code_id == code.id)
            path = f"{_path(session, parent)}/{code.name}" if parent else code.name
            item = CodeItem(id=code.id, uid=code.uid, name=code.name, path=path, label=code.label,
                            depth=path.count("/"), parent_id=code.parent_id, colour=_colour(code), key=code.key,
                            definition=code.definition, inclusion=code.inclusion, exclusion=code.exclusion,
                            status=code.status, count=counts.get(code.id, 0), total=counts.get(code.id, 0))
            return item, coding

    @db_reads
    def find(self, interview_id: int, query: str) -> list[tuple[int, int]]:
        from intervju.search import search

        with self.project.session() as session:
            iv = _interview(session, interview_id, light=True)
            result = search(session, query, Filters(interviews=[iv.name]), scope="sentence", speaker="all")
        spans = [m for h in result.hits if h.interview_id == interview_id for m in (h.matches or [(h.start, h.end)])]
        return sorted(set(spans))

    @db_writes
    def remove_coding_at(self, interview_id: int, code_id: int, start: int, end: int) -> CodingItem:
        """This coder's coding of a code on exactly this span. Undo uses it: a coding removed and
        added back gets a new id on PostgreSQL (sequences never reuse one), but keeps its span."""
        with self.project.session() as session:
            coder = self._coder_obj(session)
            found = session.scalar(select(Coding.id).where(
                Coding.interview_id == interview_id, Coding.code_id == code_id, Coding.start == start,
                Coding.end == end, Coding.coder_id == coder.id))
        if found is None:
            raise NotInProject("that coding is not", " any more (removed meanwhile?)")
        return self.remove_coding(found)

    @db_writes
    def remove_coding(self, coding_id: int) -> CodingItem:
        from kodebok.coding import remove_coding

        with self.project.session() as session:
            coding = session.get(Coding, coding_id, options=[lazyload("*")])
            if coding is None:
                raise NotInProject(f"coding {coding_id} is not", " (removed meanwhile?)")
            coder = self._coder_obj(session)
            if coding.coder_id != coder.id:
                owner = session.get(Coder, coding.coder_id)
                raise InputError(f"coding {coding_id} belongs to coder {owner.name if owner else '?'!r}, "
                                 f"not {self._coder!r}")
            code = session.get(Code, coding.code_id)
            assert code is not None
            iv = _interview(session, coding.interview_id, light=True)
            kept = remove_coding(session, iv, code, coding.start, coding.end, coder)
            return CodingItem(id=coding.id, code_id=code.id, code=code.name, colour=_colour(code),
                              interview_id=coding.interview_id, start=coding.start, end=coding.end,
                              coder=coder.name,
                              memos=tuple(MemoItem("coding", coding_id, m.title, m.text, m.author) for m in kept))

    # -- memos -------------------------------------------------------------------------------
    @db_reads
    def memo(self, target: MemoTarget, target_id: int) -> MemoItem | None:
        with self.project.session() as session:
            memo = self._find_memo(session, target, target_id)
            return None if memo is None else _memo_item(target, target_id, memo)

    @db_writes
    def save_memo(self, target: MemoTarget, target_id: int, text: str) -> MemoItem | None:
        """Write the coder's memo on the target; an empty text deletes it."""
        from kodebok.memos import MemoTarget as Target
        from kodebok.memos import add_memo, delete_memo, edit_memo

        with self.project.session() as session:
            model = {"coding": Coding, "interview": Interview, "code": Code}.get(target)
            if model is None:
                raise InputError(f"a memo is on a coding, an interview or a code, not on {target!r}")
            if session.get(model, target_id) is None:
                raise NotInProject(f"no {target} with id {target_id}", " (removed meanwhile?)")
            coder = self._coder_obj(session)
            memo = self._find_memo(session, target, target_id)
            text = text.strip()
            if not text:
                if memo is not None:
                    delete_memo(session, memo.id, coder)
                return None
            if memo is None:
                if target == "coding":
                    where = Target(coding=target_id)
                elif target == "interview":
                    where = Target(interview=str(target_id))
                else:
                    where = Target(code=session.get(Code, target_id).uid)  # type: ignore[union-attr]
                memo = add_memo(session, coder, text, where)
            elif memo.text != text:
                memo = edit_memo(session, memo.id, coder, text=text)
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
    @db_reads
    def search(self, query: str, selection: Selection = Selection()) -> SearchResult:
        """Informant sentences matching ``query`` in the query language of :func:`intervju.search.search`
        (lemma, =exact, prefix*, fuzzy~, "phrase", AND/OR/NOT, NEAR/n), as keyword in context."""
        from intervju.search import search

        filters = Filters(sites=selection.sites, groups=selection.groups, waves=selection.waves)
        with self.project.session() as session:
            result = search(session, query, filters, scope="sentence", speaker="informant", limit=SEARCH_LIMIT)
        hits = []
        for h in result.hits:
            a, b = h.matches[0] if h.matches else (h.start, h.start)
            left, match, right = h.text[:a - h.start], h.text[a - h.start:b - h.start], h.text[b - h.start:]
            hits.append(SearchHit(
                interview_id=h.interview_id, interview=h.interview, site=h.site, group=h.group, wave=h.wave,
                participant=h.participant, turn=h.turn, time=h.time, start=h.start, end=h.end,
                left=_flat(left)[-KWIC_WIDTH:], match=match, right=_flat(right)[:KWIC_WIDTH]))
        counts = [(k, int(n)) for part in ("wave", "group") for k, n in result.counts.get(part, {}).items() if n]
        return SearchResult(query=query, hits=tuple(hits), total=result.total, counts=tuple(counts))

    # -- code browser and matrix -------------------------------------------------------------
    @db_reads
    def segments(self, code_id: int, selection: Selection = Selection()) -> list[Segment]:
        with self.project.session() as session:
            q = filtered(
                select(Coding, Interview).join(Interview, Coding.interview_id == Interview.id),
                session,
                Filters(sites=selection.sites, groups=selection.groups, waves=selection.waves),
            ).join(Coder, Coding.coder_id == Coder.id).where(Coding.code_id == code_id)
            if selection.coders:
                q = q.where(Coder.name.in_(selection.coders))
            q = q.order_by(Wave.position, Site.position, InformantGroup.position, Interview.name, Coding.start)
            return _segments(session, session.execute(q))

    @db_reads
    def matrix(self, split_by: str = "group") -> MatrixData:
        """Theme × wave split by group or site (:func:`export.matrices.theme_wave.theme_wave`) over the
        workbench coder's codings: segments, and participants with the theme of those interviewed."""
        from export.matrices.data import MatrixFilters, load_dataset
        from export.matrices.theme_wave import theme_wave

        if split_by not in ("group", "site"):
            raise InputError(f"split by {split_by!r}: choose group or site")
        with self.project.session() as session:
            self._coder_obj(session)
            counts = _count_by(session, Coding.code_id, Coding.coder_id == self._coder_id(session))
            items = {c.id: c for c in _code_items(list(session.scalars(select(Code))), counts)}
            ds = load_dataset(session, MatrixFilters(coders=[self._coder]), with_text=False)
            m = theme_wave(ds, by=(split_by,))
        codes = tuple(items[c.id] for c in m.codes if c.id in items)
        # only the wave × split columns where someone was interviewed
        pairs = [(w, sp) for w in m.waves for sp in m.splits
                 if codes and m.cells[(codes[0].id, sp, w)].interviewed]
        cells = tuple(
            MatrixCell(code_id=c.id, column=f"{w} · {sp[0]}", wave=w, split=sp[0], codings=cell.segments,
                       participants=cell.participants, of_participants=cell.interviewed)
            for c in codes for w, sp in pairs for cell in [m.cells[(c.id, sp, w)]]
        )
        return MatrixData(split_by=split_by, columns=tuple(f"{w} · {sp[0]}" for w, sp in pairs), codes=codes,
                          cells=cells)

    @db_reads
    def cell_segments(self, code_id: int, wave: str, split_by: str, split: str) -> list[Segment]:
        """The quotes behind one matrix cell (the code and the codes under it, as the matrix counts)."""
        from export.matrices.data import MatrixFilters, load_dataset
        from export.matrices.theme_wave import theme_wave

        with self.project.session() as session:
            code = session.get(Code, code_id)
            if code is None:
                raise NotInProject(f"no code with id {code_id}", " (removed meanwhile?)")
            groups, sites = ([split], []) if split_by == "group" else ([], [split])
            ds = load_dataset(session, MatrixFilters(codes=[code.uid], waves=[wave], coders=[self._coder],
                                                     groups=groups, sites=sites))
            m = theme_wave(ds, by=(split_by,))
            cell = m.cells.get((code_id, (split,), wave))
            if cell is None:
                return []
            turns: dict[int, list[tuple[int, int, int]]] = {}
            out: list[Segment] = []
            for seg in cell.items:
                if seg.interview_id not in turns:
                    turns[seg.interview_id] = [(n, a, b) for n, a, b in session.execute(
                        select(Turn.n, Turn.start, Turn.end).where(Turn.interview_id == seg.interview_id))]
                turn = next((n for n, a, b in turns[seg.interview_id] if a <= seg.start < b + 2), None)
                out.append(Segment(coding_id=0, interview_id=seg.interview_id, interview=seg.interview,
                                   site=seg.site, group=seg.group, wave=seg.wave, coder=", ".join(seg.coders),
                                   turn=turn, start=seg.start, end=seg.end, text=seg.text))
            return out

    # -- coders and agreement ----------------------------------------------------------------
    @db_reads
    def coders(self) -> list[str]:
        with self.project.session() as session:
            self._coder_id(session)
            return list(session.scalars(select(Coder.name).order_by(Coder.name)))

    @db_reads
    def compare(self, interview_id: int, coder_a: str, coder_b: str) -> Comparison:
        """Two coders on one interview with :func:`kodebok.agreement.agreement` at the unit of informant
        turns; each disagreement names the coding that one of them holds, so it can be adopted."""
        from kodebok.agreement import AgreementReport, agreement
        from kodebok.codes import CodeIndex

        with self.project.session() as session:
            iv = _interview(session, interview_id)
            coders = [self._coder_obj(session, coder_a), self._coder_obj(session, coder_b)]
            names = [c.name for c in coders]
            sets = [
                list(session.scalars(select(Coding).where(Coding.interview_id == iv.id, Coding.coder_id == c.id)
                                     .order_by(Coding.start, Coding.end, Coding.id)))
                for c in coders
            ]
            items = [tuple(_coding_item(c) for c in codings) for codings in sets]
            index = CodeIndex.load(session)
            report: AgreementReport | None = None
            if all(sets) and names[0] != names[1]:
                report = agreement(session, names, unit="turn", interviews=[iv.name])
            turns = {(t.start, t.end): t.n for t in session.scalars(select(Turn).where(Turn.interview_id == iv.id))}
            by_path = {index.path(c): c for c in index.codes}
        if report is None:
            empty = CodeAgreement("(all codes)", 0, 0, 0, 0, 0, None, None, None)
            return Comparison(interview_id, iv.name, names[0], names[1], items[0], items[1], empty, (), ())
        disagreements: list[Disagreement] = []
        for d in report.disagreements:
            code = by_path[d.code]
            side = names.index(d.coded_by[0])
            holder = next(c for c in sets[side] if c.code_id == code.id and c.start < d.end and c.end > d.start)
            disagreements.append(Disagreement(code_id=code.id, code=code.name, turn=turns.get((d.start, d.end), d.unit),
                                              start=d.start, end=d.end, has=names[side], coding_id=holder.id))
        return Comparison(
            interview_id=interview_id, interview=iv.name, coder_a=names[0], coder_b=names[1],
            codings_a=items[0], codings_b=items[1], overall=_figures("(all codes)", report.overall, names),
            codes=tuple(_figures(by_path[path].name, f, names) for path, f in report.codes.items()),
            disagreements=tuple(disagreements),
        )

    @db_writes
    def adopt(self, coding_id: int) -> CodingItem:
        """Make the workbench coder's own copy of another coder's coding (same code and span)."""
        with self.project.session() as session:
            other = session.get(Coding, coding_id)
            if other is None:
                raise NotInProject(f"coding {coding_id} is not", " (removed meanwhile?)")
            return self._add(session, other.interview_id, other.code_id, other.start, other.end,
                             action="coding.adopt")

    # -- suggestions -------------------------------------------------------------------------
    @db_reads
    def suggestions(self, status: str = "open") -> list[SuggestionItem]:
        with self.project.session() as session:
            rows = session.execute(
                select(Suggestion, Code, Interview)
                .join(Code, Suggestion.code_id == Code.id)
                .join(Interview, Suggestion.interview_id == Interview.id)
                .where(Suggestion.status == status)
                .order_by(Code.position, Code.name, Interview.name, Suggestion.start)
            )
            return [
                SuggestionItem(id=s.id, code_id=c.id, code=c.name, colour=_colour(c), interview_id=iv.id,
                               interview=iv.name, start=s.start, end=s.end, unit=s.unit, query=s.query,
                               text=_flat(iv.text[s.start:s.end]), status=s.status)
                for s, c, iv in rows
            ]

    @db_writes
    def decide(self, suggestion_ids: Sequence[int], accept: bool) -> ChangeResult:
        """Accept (a coding of the workbench coder) or reject open suggestions, in one transaction;
        those another coder decided meanwhile are skipped and counted."""
        from kodebok.autocode import decide_suggestions

        with self.project.session() as session:
            still_open = list(session.scalars(
                select(Suggestion.id).where(Suggestion.id.in_(list(suggestion_ids)), Suggestion.status == "open")))
            skipped = len(set(suggestion_ids)) - len(still_open)
            done = 0
            if still_open:
                done = decide_suggestions(session, self._coder_obj(session), "accept" if accept else "reject",
                                          ids=still_open)
        return ChangeResult(done=done, skipped=skipped)


# -- helpers -------------------------------------------------------------------------------
def _path(session: Session, code: Code | None) -> str:
    parts: list[str] = []
    while code is not None:
        parts.append(code.name)
        code = session.get(Code, code.parent_id) if code.parent_id is not None else None
    return "/".join(reversed(parts))


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


def _count_by(session: Session, column: Any, *conditions: Any) -> dict[int, int]:
    q = select(column, func.count()).where(*conditions).group_by(column)
    return {k: int(v) for k, v in session.execute(q)}


def _common_pipeline(values: Iterable[str | None]) -> str:
    found = sorted({v for v in values if v})
    if not found:
        return "no language pipeline"
    return found[0] if len(found) == 1 else f"{found[0]} (+{len(found) - 1} more)"


def _interview(session: Session, interview_id: int, light: bool = False) -> Interview:
    """The interview by id; ``light`` leaves its site, group, wave and participants unloaded (the
    coding path needs the text and the name only, and each of them is a query)."""
    iv = session.get(Interview, interview_id, options=[lazyload("*")] if light else ())
    if iv is None:
        return find_interview(session, str(interview_id))
    return iv


def _code_items(codes: list[Code], counts: dict[int, int], totals: dict[int, int] | None = None) -> list[CodeItem]:
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
                exclusion=c.exclusion, status=c.status, count=counts.get(c.id, 0),
                total=(totals if totals is not None else counts).get(c.id, 0)))
            walk(c.id, depth + 1, path)

    walk(None, 0, "")
    known = {c.id for c in out}
    for c in codes:  # a parent that points nowhere must not hide a code
        if c.id not in known:
            out.append(CodeItem(
                id=c.id, uid=c.uid, name=c.name, path=c.name, label=c.label, depth=0, parent_id=c.parent_id,
                colour=_colour(c), key=c.key, definition=c.definition, inclusion=c.inclusion,
                exclusion=c.exclusion, status=c.status, count=counts.get(c.id, 0),
                total=(totals if totals is not None else counts).get(c.id, 0)))
    return out


def _coding_item(c: Coding, memos: tuple[MemoItem, ...] = ()) -> CodingItem:
    return CodingItem(id=c.id, code_id=c.code_id, code=c.code.name, colour=_colour(c.code),
                      interview_id=c.interview_id, start=c.start, end=c.end, coder=c.coder.name, memos=memos)


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


def _figures(name: str, figures: Any, names: Sequence[str]) -> CodeAgreement:
    """One row of the comparison from :class:`kodebok.agreement.Figures` and its table."""
    table = figures.table
    only = table.get("only", {})
    return CodeAgreement(name, figures.units, table.get("both", 0), only.get(names[0], 0), only.get(names[1], 0),
                         table.get("neither", 0), figures.percent, figures.kappa, figures.alpha)
