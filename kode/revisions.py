"""The schema versions this kode knows, read from its migration files without importing Alembic
or SQLAlchemy, and the one query that asks a database for its version.

Every command that opens a project compares the project's version with the newest one here; the
quick read path of ``kode info/list/show`` does it over ``sqlite3`` alone, so this module imports
neither (``tests/test_cli_lazy.py`` checks that it agrees with Alembic).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
VERSION_TABLE = "alembic_version"
#: The project's schema version(s); Alembic keeps one row per head.
VERSION_QUERY = f"SELECT version_num FROM {VERSION_TABLE}"


def _as_set(value: object) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return {str(v) for v in value}  # type: ignore[attr-defined]


@cache
def revision_graph() -> dict[str, frozenset[str]]:
    """Each migration's revision → the revisions it comes after, read from the files' assignments
    (parsed once per process: the files do not change while kode runs)."""
    graph: dict[str, frozenset[str]] = {}
    for path in sorted(VERSIONS.glob("*.py")):
        values: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                name, value = node.target.id, node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name, value = node.targets[0].id, node.value
            else:
                continue
            if name in ("revision", "down_revision"):
                values[name] = ast.literal_eval(value)
        if "revision" in values:
            graph[str(values["revision"])] = frozenset(_as_set(values.get("down_revision")))
    return graph


def head_revisions() -> set[str]:
    """The newest schema version(s): revisions no other migration comes after."""
    graph = revision_graph()
    parents = set().union(*graph.values()) if graph else set()
    return set(graph) - parents


def known_revisions() -> set[str]:
    return set(revision_graph())
