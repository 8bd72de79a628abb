"""Schema versions: create a project through the migrations, and refuse to open an old one silently.

Alembic is imported only when a migration runs (``upgrade``): importing it costs about 0.2 s of
CPU, which every command paid just to compare version strings. Opening a project reads the
version with one query and the known revisions from the migration files' own ``revision`` and
``down_revision`` lines (:mod:`kode.revisions`, which imports no SQLAlchemy either).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from kode.revisions import VERSION_QUERY, VERSION_TABLE, VERSIONS, head_revisions, known_revisions

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["VERSIONS", "VERSION_TABLE", "current_revisions", "head_revisions", "known_revisions", "upgrade"]


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "kode:migrations")
    return cfg


def current_revisions(engine: Engine) -> set[str]:
    """The version(s) the database is at, with one query; empty when it has no version table."""
    with engine.connect() as conn:
        try:
            rows = conn.execute(text(VERSION_QUERY)).scalars().all()
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
