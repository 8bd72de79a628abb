"""Coders: the people (and consensus layers) whose codings the project keeps apart.

Policy: a coder id not yet known is created on first use by commands that code or write, in the
same transaction as that write, so a command that fails adds no coder. The caller is told
(``created`` is True), and the session keeps a list of the coders it created
(:func:`created_coders`) so whoever commits it can say so once the write has held; agreement and
filters never create coders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intervju.errors import PROJECT_ARG, InputError, NotInProject
from kodebok.audit import record
from kodebok.models import Coder, Coding

CODER_RE = re.compile(r"^\w[\w.@-]{0,99}$")

#: ``session.info`` key of the coders :func:`ensure_coder` created in that session.
NEW_CODERS = "kode.new_coders"


@dataclass(frozen=True)
class CoderRow:
    name: str
    full_name: str | None
    is_consensus: bool
    codings: int


@dataclass(frozen=True)
class NewCoder:
    """A coder a transaction added: announced only after that transaction committed."""

    name: str
    consensus: bool = False


def check_coder_name(name: str) -> str:
    name = name.strip()
    if not CODER_RE.match(name):
        raise InputError(f"coder id {name!r} must be one word of letters, digits, '.', '_', '-' or '@'")
    return name


def find_coder(session: Session, name: str) -> Coder:
    """An existing coder, or an error that lists the near ids."""
    coder = session.scalar(select(Coder).where(Coder.name == name))
    if coder is None:
        coder = session.scalar(select(Coder).where(func.lower(Coder.name) == name.casefold()))
    if coder is None:
        from rapidfuzz import process

        names = list(session.scalars(select(Coder.name)))
        near = [m[0] for m in process.extract(name, names, limit=3, score_cutoff=60)]
        hint = f"; did you mean {', '.join(near)}?" if near else f" (see `kode coders {PROJECT_ARG}`)"
        raise NotInProject(f"no coder {name!r}", hint)
    return coder


def ensure_coder(session: Session, name: str, *, consensus: bool = False) -> tuple[Coder, bool]:
    """The coder with this id, created when new; returns (coder, created)."""
    name = check_coder_name(name)
    coder = session.scalar(select(Coder).where(func.lower(Coder.name) == name.casefold()))
    if coder is not None:
        if consensus and not coder.is_consensus:
            raise InputError(f"coder {coder.name!r} is a person, not a consensus coder; pick another id")
        return coder, False
    coder = Coder(name=name, is_consensus=consensus)
    session.add(coder)
    session.flush()
    record(session, name, "coder.add", "coder", coder.id, consensus=consensus)
    session.info.setdefault(NEW_CODERS, []).append(NewCoder(name, consensus))
    return coder, True


def created_coders(session: Session) -> list[NewCoder]:
    """The coders :func:`ensure_coder` added in this session (they exist only if it commits)."""
    return list(session.info.get(NEW_CODERS, ()))


def add_coder(session: Session, name: str, full_name: str | None, *, consensus: bool = False,
              actor: str | None = None) -> Coder:
    """Add a coder, or set the full name of one that exists."""
    coder, created = ensure_coder(session, name, consensus=consensus)
    if full_name is not None and full_name.strip() != (coder.full_name or ""):
        coder.full_name = full_name.strip() or None
        if not created:
            record(session, actor or coder.name, "coder.update", "coder", coder.id)
    return coder


def list_coders(session: Session) -> list[CoderRow]:
    counts = dict(session.execute(select(Coding.coder_id, func.count()).group_by(Coding.coder_id)).all())
    return [CoderRow(c.name, c.full_name, c.is_consensus, counts.get(c.id, 0))
            for c in session.scalars(select(Coder).order_by(Coder.name))]
