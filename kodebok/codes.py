"""Finding codes: by id, path (``Arbeidsmetodikk/DBT``), name or label, case-insensitive.

An ambiguous reference is an error listing the codes it could mean; an unknown one lists near
matches, so a typo never codes the wrong thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from intervju.errors import InputError, NotInProject
from kodebok.models import Code


@dataclass
class CodeIndex:
    """All codes of the project with their paths, loaded once per unit of work."""

    codes: list[Code]
    by_id: dict[int, Code]

    @classmethod
    def load(cls, session: Session) -> CodeIndex:
        codes = list(session.scalars(select(Code).order_by(Code.position, Code.id)))
        return cls(codes, {c.id: c for c in codes})

    def path(self, code: Code) -> str:
        parts = [code.name]
        seen = {code.id}
        parent = self.by_id.get(code.parent_id) if code.parent_id else None
        while parent is not None and parent.id not in seen:
            parts.append(parent.name)
            seen.add(parent.id)
            parent = self.by_id.get(parent.parent_id) if parent.parent_id else None
        return "/".join(reversed(parts))

    def children(self, code: Code | None) -> list[Code]:
        parent_id = code.id if code is not None else None
        return [c for c in self.codes if c.parent_id == parent_id]

    def descendants(self, code: Code) -> list[Code]:
        out: list[Code] = []
        for child in self.children(code):
            out.append(child)
            out.extend(self.descendants(child))
        return out

    def resolve(self, ref: str) -> Code:
        ref = ref.strip()
        matches = self._matches(ref)
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = ", ".join(sorted(self.path(c) for c in matches))
            raise InputError(f"code {ref!r} is ambiguous: it could be {listed}; give the path")
        raise NotInProject(f"no code {ref!r}", self._near(ref), codebook=True)

    def _matches(self, ref: str) -> list[Code]:
        exact = [c for c in self.codes if c.uid == ref]
        if exact:
            return exact
        folded = ref.casefold().strip("/")
        if "/" in folded:
            return [c for c in self.codes if self.path(c).casefold() == folded]
        for attr in ("name", "label"):
            found = [c for c in self.codes if (getattr(c, attr) or "").casefold() == folded]
            active = [c for c in found if c.status == "active"]
            if found:
                return active if len(active) == 1 else found
        return [c for c in self.codes if c.uid.casefold() == folded]

    def _near(self, ref: str) -> str:
        from rapidfuzz import fuzz, process

        choices = {self.path(c): self.path(c) for c in self.codes}
        for c in self.codes:
            choices[c.name] = self.path(c)
            if c.label:
                choices[c.label] = self.path(c)
        found = process.extract(ref, list(choices), scorer=fuzz.WRatio, limit=5, score_cutoff=70)
        near: list[str] = []
        for match in found:
            path = choices[match[0]]
            if path not in near:
                near.append(path)
        return f"; did you mean {', '.join(near[:3])}?" if near else " (see `kode codebook show`)"


def resolve_code(session: Session, ref: str) -> Code:
    return CodeIndex.load(session).resolve(ref)
