"""Opening project databases: SQLite files by default, PostgreSQL URLs for a team.

Engines are made by a function, never at import time, and every SQLite connection gets the
same pragmas (WAL, foreign keys, a busy timeout) so that the TUI and the CLI can share a file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

SQLITE_SUFFIX = ".kode"
BUSY_TIMEOUT_MS = 10_000


def is_url(target: str) -> bool:
    return "://" in target


def describe(target: str) -> str:
    """A printable name for a project that never shows a password from a URL."""
    if not is_url(target):
        return target
    try:
        return make_url(target).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL may still hold a password: show none of it
        return target.split("://", 1)[0] + "://…"


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(target: str) -> Engine:
    """An engine for a project file or a database URL.

    A PostgreSQL password comes from the URL the user gave, ``PGPASSWORD`` or ``~/.pgpass``
    (libpq reads both); kode never stores one and prints URLs only through :func:`describe`.
    """
    if is_url(target):
        url = make_url(target)
        if url.get_backend_name() == "postgresql":
            return create_engine(url, future=True, pool_pre_ping=True, connect_args={"connect_timeout": 10})
        return create_engine(url, future=True, pool_pre_ping=True)
    engine = create_engine(
        f"sqlite:///{Path(target)}",
        future=True,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(target: str) -> Path | None:
    """The file behind a project target, or None for a server database."""
    if is_url(target):
        url = make_url(target)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return Path(url.database)
        return None
    return Path(target)


def create_private_file(path: Path) -> None:
    """Create an empty file readable by the owner only, before SQLite touches it.

    SQLite gives its -wal and -shm files the permissions of the database file, so creating the
    database 0600 keeps the whole project private.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def first_line(exc: BaseException) -> str:
    """The driver's own first line of an error (never the URL: drivers do not echo passwords)."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()
    return text[0] if text else exc.__class__.__name__
