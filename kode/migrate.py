"""Schema versions: create a project through the migrations, and refuse to open an old one silently."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "kode:migrations")
    return cfg


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest version in one transaction."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


#: Tables the database engine makes itself for the search index (the FTS5 table and its shadow
#: tables on SQLite); they are not models, so comparing schema with the models skips them.
SEARCH_INDEX_PREFIX = "sentence_fts"


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Alembic ``include_name`` hook: leave the engine-made search index tables out."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_INDEX_PREFIX))
