"""Loading a YAML codebook into a project: compute the difference by stable id, then apply it.

Codes are matched by ``id``: a code whose name changed is *renamed*, one under another parent is
*moved*, one whose other fields changed is *changed*, a new id is *added*, and an active code of the
project that the file no longer holds is *retired* (its codings stay in history).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from intervju.db import utcnow
from intervju.errors import InputError
from kodebok.audit import record
from kodebok.codebook_yaml import Codebook, CodeSpec
from kodebok.codes import CodeIndex
from kodebok.models import Code

FIELDS = ("label", "definition", "inclusion", "exclusion", "examples", "colour", "key", "search_terms")


@dataclass(frozen=True)
class Change:
    kind: str  # added | renamed | moved | changed | retired | restored
    uid: str
    path: str
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.uid, "path": self.path, "detail": self.detail}


@dataclass
class CodebookDiff:
    changes: list[Change] = field(default_factory=list)

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        kinds = ("added", "renamed", "moved", "changed", "retired", "restored")
        return {k: len(self.of(k)) for k in kinds}


def _spec_values(spec: CodeSpec) -> dict[str, Any]:
    return {"label": spec.label, "definition": spec.definition, "inclusion": spec.inclusion,
            "exclusion": spec.exclusion, "examples": list(spec.examples), "colour": spec.colour, "key": spec.key,
            "search_terms": list(spec.search)}


def _code_values(code: Code) -> dict[str, Any]:
    return {f: (list(getattr(code, f) or []) if f in ("examples", "search_terms") else getattr(code, f))
            for f in FIELDS}


def diff_codebook(session: Session, book: Codebook) -> CodebookDiff:
    """What loading ``book`` would change, without changing anything."""
    index = CodeIndex.load(session)
    by_uid = {c.uid: c for c in index.codes}
    diff = CodebookDiff()
    seen: set[str] = set()
    for spec, parent, path, _pos in book.walk():
        seen.add(spec.uid)
        code = by_uid.get(spec.uid)
        if code is None:
            diff.changes.append(Change("added", spec.uid, path))
            continue
        old_path = index.path(code)
        if code.name != spec.name:
            diff.changes.append(Change("renamed", spec.uid, path, f"was {code.name!r}"))
        old_parent = index.by_id.get(code.parent_id) if code.parent_id else None
        if (old_parent.uid if old_parent else None) != (parent.uid if parent else None):
            diff.changes.append(Change("moved", spec.uid, path, f"was {old_path!r}"))
        changed = [f for f, v in _spec_values(spec).items() if _code_values(code)[f] != v]
        if changed:
            diff.changes.append(Change("changed", spec.uid, path, ", ".join(changed).replace("search_terms", "search")))
        if code.status != spec.status:
            diff.changes.append(Change("retired" if spec.status == "retired" else "restored", spec.uid, path))
    for code in index.codes:
        if code.uid not in seen and code.status == "active":
            diff.changes.append(Change("retired", code.uid, index.path(code), "not in the file"))
    return diff


def apply_codebook(session: Session, book: Codebook, *, actor: str | None, source: str) -> CodebookDiff:
    """Make the project's codebook what the file says, in the caller's transaction."""
    diff = diff_codebook(session, book)
    index = CodeIndex.load(session)
    by_uid = {c.uid: c for c in index.codes}
    seen: set[str] = set()
    _free_keys(index, book)
    for spec, parent, _path, position in book.walk():
        seen.add(spec.uid)
        code = by_uid.get(spec.uid)
        if code is None:
            code = Code(uid=spec.uid, name=spec.name)
            session.add(code)
            by_uid[spec.uid] = code
        _apply_spec(code, spec, by_uid[parent.uid] if parent else None, position)
        session.flush()
    for code in index.codes:
        if code.uid not in seen and code.status == "active":
            code.status, code.key, code.updated_at = "retired", None, utcnow()
    session.flush()
    _check_unique_names(session, source)
    for change in diff.changes:
        record(session, actor, f"code.{change.kind}", "code", change.uid, path=change.path, detail=change.detail,
               source=source)
    return diff


def _free_keys(index: CodeIndex, book: Codebook) -> None:
    """Clear keys that move between codes, so a swap of keys never collides half-way."""
    wanted = {spec.uid: spec.key for spec, *_ in book.walk()}
    for code in index.codes:
        if code.key and wanted.get(code.uid) != code.key:
            code.key = None


def _apply_spec(code: Code, spec: CodeSpec, parent: Code | None, position: int) -> None:
    values = _spec_values(spec)
    if code.id is not None and code.name == spec.name and _code_values(code) == values and \
            code.parent_id == (parent.id if parent else None) and code.position == position and \
            code.status == spec.status:
        return
    code.name = spec.name
    for f, v in values.items():
        setattr(code, f, v)
    code.parent_id = parent.id if parent else None
    code.position = position
    code.status = spec.status
    code.updated_at = utcnow()


def _check_unique_names(session: Session, source: str) -> None:
    index = CodeIndex.load(session)
    seen: dict[tuple[int | None, str], Code] = {}
    for code in index.codes:
        if code.status != "active":
            continue
        k = (code.parent_id, code.name.casefold())
        if k in seen:
            raise InputError(f"{source}: code {index.path(code)!r}: the project has another active code with this "
                             f"path (id {seen[k].uid!r}); give the file's code that id or rename one")
        seen[k] = code
    keys: dict[str, Code] = {}
    for code in index.codes:
        if code.status == "active" and code.key:
            if code.key in keys:
                raise InputError(f"{source}: code {index.path(code)!r}: key {code.key!r} is used by "
                                 f"{index.path(keys[code.key])!r} too")
            keys[code.key] = code
