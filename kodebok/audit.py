"""One helper for the audit trail, so every codebook, coding and memo change is recorded alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from intervju.models import AuditEvent


def record(session: Session, actor: str | None, action: str, entity: str, entity_id: object,
           **detail: Any) -> None:
    """Append one event (who, what, which entity) in the caller's transaction."""
    session.add(AuditEvent(actor=actor, action=action, entity=entity,
                           entity_id=None if entity_id is None else str(entity_id), detail=detail))
