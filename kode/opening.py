"""Opening a project: the checks every command makes before it touches a file, and the quick way
in for the commands that only read (``kode info``, ``kode list``, ``kode show``).

Those three are the commands a user types most, and importing SQLAlchemy with the corpus models
costs about 0.25 s of CPU, more than the command's own work. On a SQLite project they need
neither: :func:`read_project` opens the file with ``sqlite3``, makes the same checks with the
same messages as :meth:`kode.project.Project.open` (both call :func:`check_project_file` and
:func:`check_schema`), and hands out a :data:`~intervju.corpus_sql.Reader` for the shared queries
of :mod:`intervju.corpus_sql`. A server database (a URL) goes through the project and a session,
running the same queries. This module imports no SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, closing, contextmanager
from typing import Any

from intervju.corpus_sql import Reader
from intervju.errors import KodeError, NotInProject
from kode import revisions, store


class ProjectError(KodeError):
    pass


def check_project_file(target: str) -> None:
    """Refuse a missing file, or one that is not a kode project, before anything connects to it.

    Only ``kode init`` creates a project file; every other command must leave a wrong path as it
    found it (SQLite would create a missing file, and write a header into an empty one).
    """
    path = store.sqlite_path(target)
    if path is None:
        return
    if path.is_dir():
        raise ProjectError(f"{target}: a folder, not a project (a project is a .kode file or a PostgreSQL URL)")
    if path.exists() and not path.is_file():
        raise ProjectError(f"{target}: not a regular file (a device, pipe or socket), not a project")
    if not path.is_file():
        raise ProjectError(f"{target}: no such project (create one with `kode init {target}`)")
    check_log_readable(target)
    reason = store.not_a_project(path)
    if reason:
        raise ProjectError(f"{store.describe(target)}: not a kode project ({reason}); left unchanged")


def check_schema(target: str, current: set[str]) -> None:
    """Refuse a project without a schema version, or one older or newer than this kode."""
    if not current:
        raise ProjectError(f"{store.describe(target)}: not a kode project (no schema version)")
    if current == revisions.head_revisions():
        return
    if current <= revisions.known_revisions():
        raise ProjectError(
            f"{store.describe(target)}: the project schema is older than this kode; "
            f"run `kode upgrade {store.describe(target)}` (a backup first is wise)"
        )
    raise ProjectError(f"{store.describe(target)}: the project was written by a newer kode; upgrade kode to open it")


def check_log_readable(target: str) -> None:
    """Refuse, saying why and what to do, a project in a read-only folder whose leftover
    write-ahead log cannot be read (see :func:`kode.store.unreadable_log`). Nothing is changed:
    the log is the user's data until SQLite folds it into the file."""
    path = store.sqlite_path(target)
    found = store.unreadable_log(path) if path is not None else None
    if found is None:
        return
    assert path is not None
    wal, shm = found
    folder = path.resolve().parent
    raise ProjectError(
        f"{store.describe(target)}: cannot be read here: {wal.name} holds changes not yet in the project file, "
        f"and SQLite must create {shm.name} beside it to read them, but the folder {folder} is read-only; "
        f"make the folder writable for the next kode command (it folds the log in), or copy {path.name} "
        f"together with {wal.name} to a folder you can write and open the copy; nothing was changed"
    )


def not_a_project_error(target: str, exc: BaseException) -> ProjectError:
    """What to say when a SQLite file passed the header check but reading its version failed."""
    return ProjectError(f"{store.describe(target)}: not a kode project ({exc.__class__.__name__})")


def _current_revisions(connection: sqlite3.Connection) -> set[str]:
    """:func:`kode.migrate.current_revisions` over a ``sqlite3`` connection."""
    try:
        return {row[0] for row in connection.execute(revisions.VERSION_QUERY)}
    except sqlite3.Error:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (revisions.VERSION_TABLE,)
        ).fetchone()
        if found:
            raise
        return set()


@contextmanager
def _sqlite_reader(target: str) -> Iterator[Reader]:
    """A project file opened the way :meth:`kode.project.Project.open` opens it (read-only files
    ``immutable`` or ``mode=ro``), but with ``sqlite3`` and for reading only (``query_only``)."""
    check_project_file(target)
    path = store.sqlite_path(target)
    assert path is not None  # not a URL
    try:
        if store.is_read_only_file(path):
            connection = store.connect_read_only(store.read_only_uri(path))
        else:
            connection = store.connect_for_reading(path)
    except sqlite3.Error as exc:
        raise not_a_project_error(target, exc) from exc
    with closing(connection):
        try:
            connection.execute("BEGIN")  # one snapshot for the version check and every query after it
            current = _current_revisions(connection)
        except Exception as exc:  # not a database after all
            raise not_a_project_error(target, exc) from exc
        check_schema(target, current)

        def read(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
            return connection.execute(sql, params).fetchall()

        try:
            yield read
        except NotInProject as exc:  # the shared queries know no file: name it, as Project.session does
            raise exc.naming(store.describe(target)) from exc.__cause__


@contextmanager
def _session_reader(target: str) -> Iterator[Reader]:
    from intervju.corpus import session_reader
    from kode.project import Project

    with Project.open(target) as project, project.session() as session:
        yield session_reader(session)


def read_project(target: str) -> AbstractContextManager[Reader]:
    """``with read_project(target) as read:`` the shared read queries' reader over the project,
    in one read transaction; SQLite project files without SQLAlchemy, URLs through a session."""
    return _session_reader(target) if store.is_url(target) else _sqlite_reader(target)
