"""The schema versions this kode knows, read from its migration files without importing Alembic
or SQLAlchemy, and the one query that asks a database for its version.

Every command that opens a project compares the project's version with the newest one here; the
quick read path of ``kode info/list/show`` does it over ``sqlite3`` alone, so this module imports
neither (``tests/test_cli_lazy.py`` checks that it agrees with Alembic).
"""

from __future__ import annotations

import ast
import re
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


#: A line that may assign a migration's ``revision`` or ``down_revision`` (at module level).
_ASSIGNMENT = re.compile(r"^(?:revision|down_revision)\b[^=\n]*=.*$", re.MULTILINE)


def _assignments(statements: list[ast.stmt], *, once: bool = False) -> dict[str, object]:
    """``revision`` and ``down_revision`` among ``statements``; with ``once``, a name assigned
    twice is an error (the lines read alone were not the module's own statements)."""
    values: dict[str, object] = {}
    for node in statements:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        else:
            continue
        if name in ("revision", "down_revision"):
            if once and name in values:
                raise ValueError(f"{name} assigned twice")
            values[name] = ast.literal_eval(value)
    return values


def _revision_lines(source: str) -> dict[str, object]:
    """The assignments read from their own lines (parsing the whole file costs ten times more);
    the whole file is parsed when a value spans lines or a name is found twice (say, a docstring
    line that looks like one)."""
    try:
        return _assignments([ast.parse(line).body[0] for line in _ASSIGNMENT.findall(source)], once=True)
    except (SyntaxError, ValueError, IndexError):
        return _assignments(ast.parse(source).body)


@cache
def revision_graph() -> dict[str, frozenset[str]]:
    """Each migration's revision → the revisions it comes after, read from the files' assignments
    (once per process: the files do not change while kode runs)."""
    graph: dict[str, frozenset[str]] = {}
    for path in sorted(VERSIONS.glob("*.py")):
        values = _revision_lines(path.read_text(encoding="utf-8"))
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
