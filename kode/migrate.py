"""Schema versions: create a project through the migrations, and refuse to open an old one silently.

Alembic is imported only when a migration runs (``upgrade``): importing it costs about 0.2 s of
CPU, which every command paid just to compare version strings. Opening a project reads the
version with one query and the known revisions from the migration files' own ``revision`` and
``down_revision`` lines (``tests/test_project.py`` checks that this agrees with Alembic).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "kode:migrations")
    return cfg


def _as_set(value: object) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return {str(v) for v in value}  # type: ignore[attr-defined]


@cache
def _revision_graph() -> dict[str, frozenset[str]]:
    """Each migration's revision → the revisions it comes after, read from the files' assignments."""
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
    graph = _revision_graph()
    parents = set().union(*graph.values()) if graph else set()
    return set(graph) - parents


def known_revisions() -> set[str]:
    return set(_revision_graph())


def current_revisions(engine: Engine) -> set[str]:
    """The version(s) the database is at, with one query; empty when it has no version table."""
    with engine.connect() as conn:
        try:
            rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
        except DBAPIError:
            conn.rollback()
            if inspect(conn).has_table(VERSION_TABLE):
                raise
            return set()
        return set(rows)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest version in one transaction."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


#: Tables the database engine makes itself for the search index (the FTS5 table and its shadow
#: tables on SQLite); they are not models, so comparing schema with the models skips them.
SEARCH_INDEX_PREFIX = "sentence_fts"


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Alembic ``include_name`` hook: leave the engine-made search index tables out."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_INDEX_PREFIX))
