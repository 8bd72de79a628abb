"""Opening project databases: SQLite files by default, PostgreSQL URLs for a team.

Engines are made by a function, never at import time, and every SQLite connection gets the
same pragmas (WAL, foreign keys, a busy timeout) so that the TUI and the CLI can share a file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

SQLITE_SUFFIX = ".kode"
BUSY_TIMEOUT_MS = 10_000


def is_url(target: str) -> bool:
    return "://" in target


def describe(target: str) -> str:
    """A printable name for a project that never shows a password from a URL."""
    if not is_url(target):
        return target
    from sqlalchemy.engine import make_url

    return make_url(target).render_as_string(hide_password=True)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(target: str) -> Engine:
    if is_url(target):
        return create_engine(target, future=True, pool_pre_ping=True)
    engine = create_engine(
        f"sqlite:///{Path(target)}",
        future=True,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def create_private_file(path: Path) -> None:
    """Create an empty file readable by the owner only, before SQLite touches it.

    SQLite gives its -wal and -shm files the permissions of the database file, so creating the
    database 0600 keeps the whole project private.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
