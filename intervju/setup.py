"""The project's own vocabulary: its sites, informant groups and waves, and its settings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from intervju import corpus_sql
from intervju.corpus import session_reader
from intervju.corpus_sql import DEFAULT_GROUPS, DEFAULT_WAVES
from intervju.errors import InputError
from intervju.models import InformantGroup, Setting, Site, Wave

__all__ = ["DEFAULT_GROUPS", "DEFAULT_WAVES", "define_vocabulary", "get_setting", "set_setting", "vocabulary"]


def _clean(kind: str, names: Sequence[str]) -> list[str]:
    cleaned = [n.strip() for n in names if n.strip()]
    seen: set[str] = set()
    for name in cleaned:
        if name.casefold() in seen:
            raise InputError(f"{kind} {name!r} is given twice")
        seen.add(name.casefold())
    return cleaned


def define_vocabulary(session: Session, *, waves: Sequence[str], sites: Sequence[str], groups: Sequence[str]) -> None:
    """Add waves (in the order given), sites and groups that the project does not have yet."""
    plan: tuple[tuple[type[Wave] | type[Site] | type[InformantGroup], str, Sequence[str]], ...] = (
        (Wave, "wave", waves),
        (Site, "site", sites),
        (InformantGroup, "group", groups),
    )
    for model, kind, names in plan:
        existing = {name.casefold() for name in session.scalars(select(model.name))}
        position = len(existing)
        for name in _clean(kind, names):
            if name.casefold() not in existing:
                session.add(model(name=name, position=position))
                position += 1
    session.flush()


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Setting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def vocabulary(session: Session) -> dict[str, list[str]]:
    # Names only (no ORM objects): every search and listing asks for these. The query is the one
    # the quick read path of `kode info/list/show` runs too.
    return corpus_sql.vocabulary(session_reader(session))
