"""Opening project databases: SQLite files by default, PostgreSQL URLs for a team.

Engines are made by a function, never at import time, and every SQLite connection gets the
same pragmas (WAL, foreign keys, a busy timeout) so that the TUI and the CLI can share a file.
SQLAlchemy is imported only where an engine or a URL needs it: the quick read path of
``kode info/list/show`` (:mod:`kode.opening`) opens project files through this module with
``sqlite3`` alone.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from intervju.errors import KodeError

if TYPE_CHECKING:
    from sqlalchemy import Engine

SQLITE_SUFFIX = ".kode"
#: The first 16 bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def is_url(target: str) -> bool:
    return "://" in target


def describe(target: str) -> str:
    """A printable name for a project that never shows a password from a URL."""
    if not is_url(target):
        return target
    from sqlalchemy.engine import make_url

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


def _set_sqlite_read_only_pragmas(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA query_only=ON")
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _set_postgres_lock_timeout(dbapi_connection: Any, _record: Any) -> None:
    # Outside a transaction, so the setting holds for the connection's life and no rollback
    # (the pool's reset) undoes it; the pattern SQLAlchemy documents for session settings.
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = {int(BUSY_TIMEOUT_MS)}")
    dbapi_connection.autocommit = autocommit


def limit_lock_waits(engine: Engine) -> None:
    """Make PostgreSQL give up on a lock after :data:`BUSY_TIMEOUT_MS`, as SQLite's busy timeout
    does, for every connection ``engine`` makes from now on.

    PostgreSQL's default is to wait for ever: a workbench whose write needs a row another program
    holds (``kode import --revise`` locks the interview it replaces; ``kode upgrade`` whole tables)
    would hang with "saving…" instead of showing "waiting for the project…" and keeping the action.
    With ``lock_timeout`` the wait ends in error 55P03 (lock_not_available), which
    :func:`kode.facade_tui.is_busy` turns into the same ``ProjectBusy`` as SQLite's "database is
    locked". Only lock waits are limited: no ``statement_timeout``, since a long query that holds
    no lock (a matrix over a large corpus) is work, not a hang. The CLI keeps waiting, as a batch
    job should. Pooled connections made before are dropped, so none escapes the limit.
    """
    from sqlalchemy import event

    if engine.dialect.name != "postgresql" or event.contains(engine, "connect", _set_postgres_lock_timeout):
        return
    event.listen(engine, "connect", _set_postgres_lock_timeout)
    engine.dispose()


def is_read_only_file(path: Path) -> bool:
    """Whether SQLite could not write the project: the file, or the folder where its -wal and
    -shm files go, is read-only (a read-only mount, ``chmod a-w``, another user's project)."""
    return not os.access(path, os.W_OK) or not is_writable_folder(path)


def is_writable_folder(path: Path) -> bool:
    """Whether SQLite may create files (``-wal``, ``-shm``) beside the project file ``path``."""
    return os.access(path.parent if str(path.parent) else Path("."), os.W_OK)


def unreadable_log(path: Path) -> tuple[Path, Path] | None:
    """The write-ahead log and the shared-memory file a read-only project cannot be read without.

    A ``-wal`` that holds pages means changes not yet copied into the project file (a crash, a
    copy or backup taken while kode ran). To read them SQLite needs the ``-shm`` index beside
    the file; when that is missing and the folder is read-only it cannot create it, and every
    query fails with "unable to open database file". Opening the file ``immutable`` instead
    would read it *without* those changes: answers that are silently out of date. So the
    project is refused, saying why (:func:`kode.opening.check_log_readable`).
    """
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if wal.exists() and wal.stat().st_size and not shm.exists() and not is_writable_folder(path):
        return wal, shm
    return None


def read_only_uri(path: Path) -> str:
    """The ``sqlite3`` URI that opens a project file SQLite may not write, for reading only.

    Without a write-ahead log beside it the file is opened ``immutable`` (no locks, no -shm file
    to create, which a read-only folder forbids); with one, ``mode=ro`` so the log's changes are
    read too.
    """
    wal = Path(f"{path}-wal")
    flag = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
    return f"file:{quote(str(path.resolve()))}?{flag}"


def connect_read_only(uri: str) -> sqlite3.Connection:
    """A connection over :func:`read_only_uri` that refuses writes (``query_only``) and waits for
    a writer as long as every kode connection does."""
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    _set_sqlite_read_only_pragmas(connection)
    return connection


def connect_for_reading(path: Path) -> sqlite3.Connection:
    """A connection to a project file SQLite may write, for a command that only reads it:
    ``mode=rw`` never creates a missing file, and ``query_only`` keeps the command from writing."""
    uri = f"file:{quote(str(path.resolve()))}?mode=rw"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    _set_sqlite_read_only_pragmas(connection)
    return connection


def make_read_only_engine(path: Path) -> Engine:
    """An engine that only reads a project file SQLite may not write (see :func:`read_only_uri`).

    Writes fail in SQLite and are reported as "read-only" by the project.
    """
    from sqlalchemy import create_engine

    uri = read_only_uri(path)
    return create_engine("sqlite://", future=True, creator=lambda: connect_read_only(uri))


def is_read_only_error(exc: BaseException) -> bool:
    """Whether the database refused a write because the project is opened read-only."""
    text = str(getattr(exc, "orig", None) or exc).casefold()
    return "readonly database" in text or "read-only" in text or "query_only" in text


class MissingDriverError(KodeError):
    """The database URL needs a driver that is not installed."""


def make_engine(target: str) -> Engine:
    """An engine for a project file or a database URL.

    A PostgreSQL password comes from the URL the user gave, ``PGPASSWORD`` or ``~/.pgpass``
    (libpq reads both); kode never stores one and prints URLs only through :func:`describe`.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    if is_url(target):
        url = make_url(target)
        try:
            if url.get_backend_name() == "postgresql":
                return create_engine(url, future=True, pool_pre_ping=True, connect_args={"connect_timeout": 10})
            return create_engine(url, future=True, pool_pre_ping=True)
        except ImportError as exc:
            if url.get_backend_name() == "postgresql":
                raise MissingDriverError(
                    f"{describe(target)}: the PostgreSQL driver (psycopg) is not installed; "
                    "install it with: pip install -e '.[postgres]'"
                ) from exc
            raise MissingDriverError(
                f"{describe(target)}: the database driver is not installed ({exc.name or exc})"
            ) from exc
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
        from sqlalchemy.engine import make_url

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


def not_a_project(path: Path) -> str | None:
    """Why the file at ``path`` cannot be a kode project, or None when it may be one.

    Checked by reading only, before SQLAlchemy connects: a SQLite connection with kode's pragmas
    would turn an empty or foreign file into a database (switching it to WAL writes its header),
    and a command that only looks must never alter a file that is not a kode project.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    if not head:
        return "the file is empty"
    if head != SQLITE_MAGIC:
        return "not a SQLite database"
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None  # let the engine report it
    try:
        found = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
    except sqlite3.Error:
        return None  # e.g. a WAL file another process holds: the engine opens and checks it
    finally:
        db.close()
    return None if found else "a SQLite database without kode's tables"
