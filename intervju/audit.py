"""Reading the audit trail: who imported, coded, revised or changed the codebook, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intervju.errors import InputError
from intervju.models import AuditEvent


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str | None
    action: str
    entity: str
    entity_id: str | None
    detail: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "entity": self.entity, "entity_id": self.entity_id, "detail": self.detail}


def parse_since(value: str) -> datetime:
    """``2026-11-26`` (midnight UTC) or an ISO time such as ``2026-11-26T14:00`` (UTC unless it says)."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"--since {value!r}: give a date like 2026-11-26 or a time like 2026-11-26T14:00") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _aware(when: datetime) -> datetime:
    # SQLite hands timestamps back without a zone; kode stores them in UTC.
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def audit_rows(
    session: Session,
    *,
    actor: str | None = None,
    since: datetime | None = None,
    action: str | None = None,
    limit: int | None = None,
) -> list[AuditRow]:
    """Events oldest first (the newest ``limit`` of them when a limit is given)."""
    query = select(AuditEvent)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if since is not None:
        query = query.where(AuditEvent.at >= since.astimezone(UTC))
    if action:
        query = query.where(AuditEvent.action == action)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if limit:
        query = query.limit(limit)
    rows = [
        AuditRow(e.id, _aware(e.at), e.actor, e.action, e.entity, e.entity_id, dict(e.detail or {}))
        for e in session.scalars(query)
    ]
    rows.reverse()
    return rows
