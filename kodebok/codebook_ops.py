"""Editing the codebook in the project: add, rename, move, merge, retire, restore, show, export.

Each function takes the caller's session (one transaction) and an actor for the audit trail.
``expected_version`` is the optimistic lock: a caller that read a code at version N and edits it
after someone else did gets :class:`StaleCodeError` instead of overwriting their change.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from intervju.db import utcnow
from intervju.errors import InputError, KodeError
from kodebok.audit import record
from kodebok.codebook_yaml import COLOUR_RE, UID_RE, Codebook, CodeSpec, key_problem
from kodebok.codes import CodeIndex
from kodebok.models import Code, Coding, Memo, Suggestion


class StaleCodeError(KodeError):
    """The code changed since the caller read it."""


@dataclass
class CodeNode:
    uid: str
    name: str
    path: str
    label: str | None
    status: str
    colour: str | None
    key: str | None
    version: int
    codings: int
    children: list[CodeNode] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.uid, "name": self.name, "path": self.path, "label": self.label, "status": self.status,
                "colour": self.colour, "key": self.key, "version": self.version, "codings": self.codings,
                "children": [c.to_json() for c in self.children]}


def check_version(code: Code, expected: int | None, path: str) -> None:
    if expected is not None and code.version != expected:
        raise StaleCodeError(
            f"code {path!r} was changed by someone else since you read it (now version {code.version}, "
            f"you had {expected}); show the codebook again and redo your edit"
        )


def _touch(code: Code) -> None:
    code.updated_at = utcnow()


def check_sibling_name(index: CodeIndex, parent: Code | None, name: str, exclude: Code | None = None) -> None:
    for sibling in index.children(parent):
        if sibling is not exclude and sibling.status == "active" and sibling.name.casefold() == name.casefold():
            raise InputError(f"there is already a code {index.path(sibling)!r}")


def clean_name(name: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise InputError("a code needs a name")
    if "/" in name:
        raise InputError(f"code name {name!r} may not contain '/' (it separates the levels of a path)")
    if len(name) > 200:
        raise InputError("a code name may be at most 200 characters")
    return name


def new_uid(session: Session, name: str) -> str:
    base = re.sub(r"[^\w]+", "-", name.casefold()).strip("-_")[:60] or "kode"
    taken = set(session.scalars(select(Code.uid).where(Code.uid.like(f"{base}%"))))
    uid, n = base, 2
    while uid in taken:
        uid, n = f"{base}-{n}", n + 1
    return uid


def add_code(session: Session, name: str, *, actor: str | None, parent: str | None = None, uid: str | None = None,
             label: str | None = None, definition: str | None = None, colour: str | None = None,
             key: str | None = None) -> Code:
    index = CodeIndex.load(session)
    parent_code = index.resolve(parent) if parent else None
    name = clean_name(name)
    check_sibling_name(index, parent_code, name)
    if uid is not None and (not UID_RE.match(uid) or session.scalar(select(Code.id).where(Code.uid == uid))):
        raise InputError(f"id {uid!r} is taken or not letters, digits, '_', '-', '.'")
    if colour is not None and not COLOUR_RE.match(colour):
        raise InputError(f"colour {colour!r} is not #rrggbb")
    if key is not None:
        key = unicodedata.normalize("NFC", key)
        check_key(index, key, None)
    code = Code(uid=uid or new_uid(session, name), name=name, label=label, definition=definition,
                colour=colour.lower() if colour else None, key=key, parent_id=parent_code.id if parent_code else None,
                position=len(index.children(parent_code)), examples=[], search_terms=[])
    session.add(code)
    session.flush()
    record(session, actor, "code.add", "code", code.uid, name=name,
           parent=index.path(parent_code) if parent_code else None)
    return code


def check_key(index: CodeIndex, key: str, code: Code | None) -> None:
    problem = key_problem(key)
    if problem:
        raise InputError(f"key {key!r}: {problem}")
    for other in index.codes:
        if other is not code and other.status == "active" and other.key == key:
            raise InputError(f"key {key!r} is used by {index.path(other)!r} already")


def rename_code(session: Session, ref: str, new_name: str, *, actor: str | None,
                expected_version: int | None = None) -> Code:
    index = CodeIndex.load(session)
    code = index.resolve(ref)
    old_path = index.path(code)
    check_version(code, expected_version, old_path)
    name = clean_name(new_name)
    parent = index.by_id.get(code.parent_id) if code.parent_id else None
    check_sibling_name(index, parent, name, exclude=code)
    old = code.name
    code.name = name
    _touch(code)
    session.flush()
    record(session, actor, "code.rename", "code", code.uid, old=old, new=name, path=old_path)
    return code


def move_code(session: Session, ref: str, new_parent: str | None, *, actor: str | None,
              expected_version: int | None = None) -> Code:
    """Put a code under another parent (``None`` = top level), at the end of its children."""
    index = CodeIndex.load(session)
    code = index.resolve(ref)
    old_path = index.path(code)
    check_version(code, expected_version, old_path)
    parent = index.resolve(new_parent) if new_parent else None
    if parent is not None and (parent is code or parent in index.descendants(code)):
        raise InputError(f"cannot move {old_path!r} under itself ({index.path(parent)!r})")
    check_sibling_name(index, parent, code.name, exclude=code)
    code.parent_id = parent.id if parent else None
    code.position = len([c for c in index.children(parent) if c is not code])
    _touch(code)
    session.flush()
    record(session, actor, "code.move", "code", code.uid, old=old_path,
           new=index.path(parent) + "/" + code.name if parent else code.name)
    return code


@dataclass(frozen=True)
class MergeResult:
    source: str
    target: str
    moved: int
    duplicates: int
    suggestions_closed: int


def merge_codes(session: Session, source_ref: str, target_ref: str, *, actor: str | None,
                expected_version: int | None = None) -> MergeResult:
    """Move every coding of ``source`` to ``target`` (identical spans of one coder kept once), retire it."""
    index = CodeIndex.load(session)
    source, target = index.resolve(source_ref), index.resolve(target_ref)
    spath, tpath = index.path(source), index.path(target)
    check_version(source, expected_version, spath)
    if source is target:
        raise InputError(f"cannot merge {spath!r} into itself")
    if target.status != "active":
        raise InputError(f"cannot merge into the retired code {tpath!r}; restore it first")
    active_children = [index.path(c) for c in index.children(source) if c.status == "active"]
    if active_children:
        raise InputError(f"{spath!r} has codes under it ({', '.join(active_children)}); move or merge them first")
    if target in index.descendants(source):
        raise InputError(f"cannot merge {spath!r} into a code under it")
    existing = {(c.interview_id, c.start, c.end, c.coder_id): c.id
                for c in session.scalars(select(Coding).where(Coding.code_id == target.id))}
    moved = duplicates = 0
    for coding in session.scalars(select(Coding).where(Coding.code_id == source.id)).all():
        span = (coding.interview_id, coding.start, coding.end, coding.coder_id)
        if span in existing:
            # the memos of the duplicate go to the coding that stays (the cascade would drop them)
            session.execute(update(Memo).where(Memo.coding_id == coding.id).values(coding_id=existing[span]))
            session.delete(coding)
            duplicates += 1
        else:
            coding.code_id = target.id
            existing[span] = coding.id
            moved += 1
    closed = _close_suggestions(session, source, actor)
    source.status = "retired"
    source.key = None
    _touch(source)
    session.flush()
    record(session, actor, "code.merge", "code", source.uid, source=spath, target=tpath, target_id=target.uid,
           moved=moved, duplicates=duplicates)
    return MergeResult(spath, tpath, moved, duplicates, closed)


def _close_suggestions(session: Session, code: Code, actor: str | None) -> int:
    from kodebok.models import Coder

    decider = session.scalar(select(Coder.id).where(Coder.name == actor)) if actor else None
    open_ = session.scalars(select(Suggestion).where(Suggestion.code_id == code.id,
                                                     Suggestion.status == "open")).all()
    for s in open_:
        s.status, s.decided_by_id, s.decided_at = "rejected", decider, utcnow()
    return len(open_)


def retire_code(session: Session, ref: str, *, actor: str | None, expected_version: int | None = None) -> Code:
    """Keep the code and its codings in history, out of new work (coding it is refused)."""
    index = CodeIndex.load(session)
    code = index.resolve(ref)
    path = index.path(code)
    check_version(code, expected_version, path)
    if code.status == "retired":
        raise InputError(f"code {path!r} is retired already")
    active_children = [index.path(c) for c in index.children(code) if c.status == "active"]
    if active_children:
        raise InputError(f"{path!r} has active codes under it ({', '.join(active_children)}); "
                         "retire or move them first")
    code.status = "retired"
    _touch(code)
    _close_suggestions(session, code, actor)
    session.flush()
    record(session, actor, "code.retire", "code", code.uid, path=path)
    return code


def restore_code(session: Session, ref: str, *, actor: str | None, expected_version: int | None = None) -> Code:
    index = CodeIndex.load(session)
    code = index.resolve(ref)
    path = index.path(code)
    check_version(code, expected_version, path)
    if code.status == "active":
        raise InputError(f"code {path!r} is active already")
    parent = index.by_id.get(code.parent_id) if code.parent_id else None
    if parent is not None and parent.status != "active":
        raise InputError(f"restore the parent {index.path(parent)!r} first")
    check_sibling_name(index, parent, code.name, exclude=code)
    code.status = "active"
    _touch(code)
    session.flush()
    record(session, actor, "code.restore", "code", code.uid, path=path)
    return code


def codebook_tree(session: Session, *, include_retired: bool = True) -> list[CodeNode]:
    """The tree with each code's number of codings (its own, not its children's)."""
    index = CodeIndex.load(session)
    counts = dict(session.execute(select(Coding.code_id, func.count()).group_by(Coding.code_id)).all())

    def node(code: Code) -> CodeNode:
        return CodeNode(code.uid, code.name, index.path(code), code.label, code.status, code.colour, code.key,
                        code.version, counts.get(code.id, 0),
                        [node(c) for c in index.children(code) if include_retired or c.status == "active"])

    return [node(c) for c in index.children(None) if include_retired or c.status == "active"]


def code_spec(index: CodeIndex, code: Code) -> CodeSpec:
    return CodeSpec(uid=code.uid, name=code.name, label=code.label, definition=code.definition,
                    inclusion=code.inclusion, exclusion=code.exclusion, examples=list(code.examples or []),
                    colour=code.colour, key=code.key, search=list(code.search_terms or []), status=code.status,
                    children=[code_spec(index, c) for c in index.children(code)])


def project_codebook(session: Session, name: str | None = None) -> Codebook:
    """The project's codebook as a :class:`Codebook`, ready for any writer (YAML, Word, QDC)."""
    index = CodeIndex.load(session)
    return Codebook(codes=[code_spec(index, c) for c in index.children(None)], name=name)
