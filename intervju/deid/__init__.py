"""De-identification: find names, places and other direct identifiers, let a person confirm them,
and replace them by stable tags (``[NAVN-3]``) whose key is kept in a separate file.

- :mod:`intervju.deid.detect`: the detectors (pure functions over text).
- :mod:`intervju.deid.candidates`: scan into stored candidates, review decisions,
  :func:`unreviewed_count` for exports and reports.
- :mod:`intervju.deid.key`: the key file (project name lists and tag ↔ original), mode 0600.
- :mod:`intervju.deid.apply`: the replacement with an exact offset map.

The names below are loaded on first use: :mod:`intervju.models` imports this package's table
definitions, so the package itself must not import the corpus models at import time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intervju.deid.candidates import ScanReport, list_candidates, scan, unreviewed_count
    from intervju.deid.detect import KINDS, Found, Lists, default_lists, detect, fnr_is_valid
    from intervju.deid.key import Key, read_key, write_key

_WHERE = {
    "ScanReport": "candidates", "list_candidates": "candidates", "scan": "candidates",
    "unreviewed_count": "candidates", "KINDS": "detect", "Found": "detect", "Lists": "detect",
    "default_lists": "detect", "detect": "detect", "fnr_is_valid": "detect", "Key": "key",
    "read_key": "key", "write_key": "key",
}

__all__ = [
    "KINDS",
    "Found",
    "Key",
    "Lists",
    "ScanReport",
    "default_lists",
    "detect",
    "fnr_is_valid",
    "list_candidates",
    "read_key",
    "scan",
    "unreviewed_count",
    "write_key",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'intervju.deid' has no attribute {name!r}")
    return getattr(importlib.import_module(f"intervju.deid.{module}"), name)
