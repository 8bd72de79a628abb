"""What a project remembers of the REFI-QDA files it was imported from.

Two things another tool needs back unchanged on the next export:

- the GUIDs of the interviews, users (coders), cases (participants) and notes (memos) that came
  from another tool, so NVivo or ATLAS.ti sees its own objects again instead of duplicates (codes keep theirs
  through their uid already);
- the tools the project came from, so an export for NVivo, which counts positions in UTF-16 code
  units, can write them that way without being told.

They live in one setting (a small JSON document keyed by kode's natural keys: interview name,
coder name, pseudonym; a memo by its row and creation time), not in columns: they are exchange metadata, read only by the REFI-QDA
exporter, and an object kode made itself needs none (its GUID is derived, see
:mod:`export.refi.guids`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from intervju.setup import get_setting, set_setting

IDENTITY_SETTING = "refi_identity"


@dataclass
class RefiIdentity:
    origins: list[str] = field(default_factory=list)  # the `origin` of every file imported, first seen first
    interviews: dict[str, str] = field(default_factory=dict)  # interview name -> source GUID
    coders: dict[str, str] = field(default_factory=dict)  # coder name -> user GUID
    participants: dict[str, str] = field(default_factory=dict)  # pseudonym -> case GUID
    notes: dict[str, str] = field(default_factory=dict)  # memo_key(memo) -> note GUID

    def to_json(self) -> dict[str, Any]:
        return {
            "origins": self.origins, "interviews": self.interviews,
            "coders": self.coders, "participants": self.participants, "notes": self.notes,
        }  # fmt: skip

    def nvivo_origin(self) -> str | None:
        """The first NVivo the project was imported from, or None."""
        return next((o for o in self.origins if "nvivo" in o.casefold()), None)


def load_identity(session: Session) -> RefiIdentity:
    raw = get_setting(session, IDENTITY_SETTING)
    if not raw:
        return RefiIdentity()
    data = json.loads(raw)
    return RefiIdentity(
        origins=list(data.get("origins", [])),
        interviews=dict(data.get("interviews", {})),
        coders=dict(data.get("coders", {})),
        participants=dict(data.get("participants", {})),
        notes=dict(data.get("notes", {})),
    )


def memo_key(memo_id: int, created: str | None) -> str:
    """A memo's key in :attr:`RefiIdentity.notes`: its row and creation time, so a later memo that
    reuses a deleted one's row does not inherit its note's identity."""
    return f"{memo_id}|{created or ''}"


def save_identity(session: Session, identity: RefiIdentity) -> None:
    set_setting(session, IDENTITY_SETTING, json.dumps(identity.to_json(), ensure_ascii=False, sort_keys=True))
