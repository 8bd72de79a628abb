"""Stable GUIDs for REFI-QDA exchange.

Every object kode writes gets a GUID derived from what it is, never a random one, so exporting
the same project twice gives the same GUIDs and another tool sees the same objects again:
``uuid5(NAMESPACE, "<kind>:<natural key>")``. A code whose ``uid`` already is a GUID (it came
from another tool) keeps it, so a codebook travels out and back without changing identity.
"""

from __future__ import annotations

import hashlib
import re
import uuid

# Fixed for ever: changing it would give every exported object a new identity.
NAMESPACE = uuid.UUID("6f1f5d3e-2b7a-5c1e-9a43-6b6f64652d71")
_NAMESPACE_BYTES = NAMESPACE.bytes

_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")


def normalise_guid(value: str) -> str | None:
    """The lower-case form without braces, or None when ``value`` is not a GUID.

    REFI files write GUIDs in upper or lower case, with or without braces; kode compares them
    in one form.
    """
    match = _GUID.match(value.strip())
    return match.group(1).lower() if match else None


def is_guid(value: str) -> bool:
    return normalise_guid(value) is not None


def guid_for(kind: str, *key: object) -> str:
    """The GUID of an object of ``kind`` (``user``, ``source``, ``selection`` …) with natural ``key``."""
    text = kind + ":" + "\x1f".join(str(k) for k in key)
    # uuid.uuid5 computed directly: the same value, without building UUID objects (an export
    # makes two per coding).
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + text.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def code_guid(uid: str) -> str:
    """A code's GUID: its uid when that is a GUID already, else derived from the uid."""
    return normalise_guid(uid) or guid_for("code", uid)
