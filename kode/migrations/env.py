"""Alembic environment: one schema for the whole project, built from every package's models."""

from __future__ import annotations

from alembic import context

import intervju.models  # noqa: F401  (registers the corpus tables)
import kodebok.models  # noqa: F401  (registers the codebook tables)
from intervju.db import Base
from kode.migrate import include_name

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from kode.store import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
