"""Memos: notes with author and time on the project, a code, an interview, a coding, or a
participant × code (× wave) cell of a longitudinal matrix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intervju.corpus import find_interview
from intervju.db import utcnow
from intervju.errors import PROJECT_ARG, InputError, NotInProject
from intervju.models import Participant, Wave
from kodebok.audit import record
from kodebok.codes import CodeIndex
from kodebok.models import Coder, Coding, Memo

MAX_MEMO_CHARS = 200_000


@dataclass(frozen=True)
class MemoTarget:
    """What a memo is about; all ``None`` means the project as a whole."""

    code: str | None = None
    interview: str | None = None
    coding: int | None = None
    participant: str | None = None
    wave: str | None = None


@dataclass(frozen=True)
class MemoRow:
    id: int
    target: str  # project | code | interview | coding | cell
    code: str | None
    interview: str | None
    coding: int | None
    participant: str | None
    wave: str | None
    author: str
    title: str | None
    text: str
    created: datetime
    updated: datetime

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "target": self.target, "code": self.code, "interview": self.interview,
                "coding": self.coding, "participant": self.participant, "wave": self.wave, "author": self.author,
                "title": self.title, "text": self.text, "created": self.created.isoformat(),
                "updated": self.updated.isoformat()}


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise InputError("a memo needs text (--text or --file)")
    if len(text) > MAX_MEMO_CHARS:
        raise InputError(f"a memo may be at most {MAX_MEMO_CHARS:,} characters")
    return text


def _target_ids(session: Session, target: MemoTarget) -> dict[str, int | None]:
    kinds = [k for k in ("code", "interview", "coding") if getattr(target, k) is not None]
    if target.participant is not None:
        if target.code is None or target.interview is not None or target.coding is not None:
            raise InputError("a participant memo is on a participant × code (× wave) cell: give --code as well, "
                             "and neither --interview nor --coding")
        kinds = ["cell"]
    elif target.wave is not None:
        raise InputError("--wave goes with --participant and --code (a participant × code × wave cell)")
    if len(kinds) > 1:
        raise InputError("a memo is on one thing: the project, a code, an interview, a coding or a cell")
    ids: dict[str, int | None] = {"code_id": None, "interview_id": None, "coding_id": None, "participant_id": None,
                                  "wave_id": None}
    if target.code is not None:
        ids["code_id"] = CodeIndex.load(session).resolve(target.code).id
    if target.interview is not None:
        ids["interview_id"] = find_interview(session, target.interview).id
    if target.coding is not None:
        if session.get(Coding, target.coding) is None:
            raise NotInProject(f"no coding {target.coding}", f" (see `kode codings {PROJECT_ARG}`)")
        ids["coding_id"] = target.coding
    if target.participant is not None:
        p = session.scalar(select(Participant).where(Participant.pseudonym == target.participant))
        if p is None:
            raise NotInProject(f"no participant {target.participant!r}")
        ids["participant_id"] = p.id
    if target.wave is not None:
        w = session.scalar(select(Wave).where(Wave.name == target.wave))
        if w is None:
            raise NotInProject(f"no wave {target.wave!r}")
        ids["wave_id"] = w.id
    return ids


def add_memo(session: Session, author: Coder, text: str, target: MemoTarget = MemoTarget(),
             title: str | None = None) -> Memo:
    memo = Memo(author_id=author.id, text=_check_text(text), title=(title or "").strip() or None,
                **_target_ids(session, target))
    session.add(memo)
    session.flush()
    record(session, author.name, "memo.add", "memo", memo.id, target=_kind(memo))
    return memo


def _memo(session: Session, memo_id: int) -> Memo:
    memo = session.get(Memo, memo_id)
    if memo is None:
        raise NotInProject(f"no memo {memo_id}", f" (see `kode memo list {PROJECT_ARG}`)")
    return memo


def edit_memo(session: Session, memo_id: int, editor: Coder, text: str | None = None,
              title: str | None = None) -> Memo:
    memo = _memo(session, memo_id)
    if text is None and title is None:
        raise InputError("say what to change: --text, --file or --title")
    if text is not None:
        memo.text = _check_text(text)
    if title is not None:
        memo.title = title.strip() or None
    memo.updated_at = utcnow()
    session.flush()
    record(session, editor.name, "memo.edit", "memo", memo.id, author=memo.author.name)
    return memo


def delete_memo(session: Session, memo_id: int, actor: Coder) -> None:
    """Delete a memo; the audit event keeps its text and title, so the project's history still holds
    what was written."""
    memo = _memo(session, memo_id)
    record(session, actor.name, "memo.delete", "memo", memo.id, author=memo.author.name, target=_kind(memo),
           title=memo.title, text=memo.text)
    session.delete(memo)
    session.flush()


@dataclass(frozen=True)
class KeptMemo:
    """A memo as it was when its coding was removed: enough to put it back."""

    author: str
    title: str | None
    text: str


def drop_coding_memos(session: Session, coding_id: int, actor: Coder) -> list[KeptMemo]:
    """Delete the memos on a coding about to be removed, each recorded with its text (the
    database's cascade would drop them without a trace); returns them for an undo."""
    memos = list(session.scalars(select(Memo).where(Memo.coding_id == coding_id).order_by(Memo.id)))
    kept = [KeptMemo(author=m.author.name, title=m.title, text=m.text) for m in memos]
    for memo in memos:
        record(session, actor.name, "memo.delete", "memo", memo.id, author=memo.author.name, target="coding",
               coding=coding_id, title=memo.title, text=memo.text, reason="coding removed")
        session.delete(memo)
    if memos:
        session.flush()
    return kept


def restore_memos(session: Session, coding_id: int, memos: Sequence[KeptMemo], actor: Coder) -> list[Memo]:
    """Put memos back on a coding (an undone removal): each under its first author, recorded."""
    from kodebok.coders import ensure_coder

    out: list[Memo] = []
    for kept in memos:
        author = actor if kept.author.casefold() == actor.name.casefold() else ensure_coder(session, kept.author)[0]
        memo = Memo(author_id=author.id, text=_check_text(kept.text), title=kept.title, coding_id=coding_id)
        session.add(memo)
        session.flush()
        record(session, actor.name, "memo.restore", "memo", memo.id, author=author.name, target="coding",
               coding=coding_id)
        out.append(memo)
    return out


def _kind(memo: Memo) -> str:
    if memo.participant_id is not None:
        return "cell"
    for kind in ("coding", "interview", "code"):
        if getattr(memo, f"{kind}_id") is not None:
            return kind
    return "project"


def list_memos(session: Session, target: MemoTarget | None = None, author: str | None = None) -> list[MemoRow]:
    from intervju.models import Interview

    q = select(Memo)
    if target is not None:
        for key, value in _filter_ids(session, target).items():
            q = q.where(getattr(Memo, key) == value)
    if author is not None:
        from kodebok.coders import find_coder

        q = q.where(Memo.author_id == find_coder(session, author).id)
    index = CodeIndex.load(session)
    names = dict(session.execute(select(Interview.id, Interview.name)).all())
    people = dict(session.execute(select(Participant.id, Participant.pseudonym)).all())
    waves = dict(session.execute(select(Wave.id, Wave.name)).all())
    return [MemoRow(m.id, _kind(m), index.path(index.by_id[m.code_id]) if m.code_id else None,
                    names.get(m.interview_id) if m.interview_id else None, m.coding_id,
                    people.get(m.participant_id) if m.participant_id else None,
                    waves.get(m.wave_id) if m.wave_id else None, m.author.name, m.title, m.text, m.created_at,
                    m.updated_at)
            for m in session.scalars(q.order_by(Memo.created_at, Memo.id))]


def _filter_ids(session: Session, target: MemoTarget) -> dict[str, int]:
    """Like the target of a new memo, but any subset narrows a listing (no combination rules)."""
    out: dict[str, int] = {}
    if target.code is not None:
        out["code_id"] = CodeIndex.load(session).resolve(target.code).id
    if target.interview is not None:
        out["interview_id"] = find_interview(session, target.interview).id
    if target.coding is not None:
        out["coding_id"] = target.coding
    if target.participant is not None or target.wave is not None:
        ids = _target_ids(session, MemoTarget(code=target.code or None, participant=target.participant,
                                              wave=target.wave)) if target.code else None
        if ids is None:
            raise InputError("--participant and --wave narrow memos on a cell: give --code as well")
        out.update({k: v for k, v in ids.items() if v is not None and k in ("participant_id", "wave_id")})
    return out
