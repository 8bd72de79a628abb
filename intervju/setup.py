"""The project's own vocabulary: its sites, informant groups and waves, and its settings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from intervju.errors import InputError
from intervju.models import InformantGroup, Setting, Site, Wave

DEFAULT_WAVES = ("T1", "T2", "T3")
DEFAULT_GROUPS = ("ansatt", "eier", "ungdom")


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
    # Names only (no ORM objects): every search and listing asks for these.
    return {
        "waves": list(session.scalars(select(Wave.name).order_by(Wave.position))),
        "sites": list(session.scalars(select(Site.name).order_by(Site.position))),
        "groups": list(session.scalars(select(InformantGroup.name).order_by(InformantGroup.position))),
    }
