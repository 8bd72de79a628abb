"""Many rows into one table inside the caller's transaction, without ORM objects.

SQLite pays a fixed cost per statement that a row trigger multiplies: the full-text index's
insert trigger on ``sentence`` made a plain ``executemany`` about five times slower than the
same rows written a few hundred per statement (measured: 13.7 k sentences 0.67 s row by row,
0.18 s in multi-row statements; the triggers still fire once per row and keep the index
exact). So on SQLite rows go in as multi-row ``INSERT … VALUES (…), (…)`` statements of at
most 999 parameters (the limit of SQLite builds before 3.32); other databases get SQLAlchemy
Core ``insert`` executemany, which their drivers batch themselves, except PostgreSQL through psycopg 3, which gets ``COPY``
(one stream per call instead of a statement per row).

The SQLite statements are plain SQL, so a column's Python-side default (``Sentence.id`` has one)
is not applied: callers pass every column such a default would fill.

Rows may come from a generator, and are then written as they come: the indexer hands over each
sentence as the language pipeline makes it, so PostgreSQL's server checks keys, builds the
``tsvector`` columns and fills the GIN indexes for the first sentences of an interview while the
pipeline still reads the rest, instead of after it (with the rows all made first, the server
work of a file, about two thirds of a PostgreSQL import's extra time, came on top of it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain, islice
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

#: Parameters one SQLite statement may bind on every SQLite version kode may meet.
SQLITE_MAX_PARAMETERS = 999


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: Iterable[tuple[object, ...]],
                *, skip_existing: bool = False) -> None:
    """Insert ``rows`` (one value per name in ``columns``, in that order) into ``table``;
    ``skip_existing`` leaves out rows whose key is already there (the corpus vocabulary).
    ``rows`` may be a generator: it is read once, and its rows are sent as they come."""
    if isinstance(rows, Sequence) and not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        copy = dialect.name == "postgresql" and not skip_existing and _copyable(table, tuple(columns))
        if copy and _copy_rows(connection, table, columns, rows):
            return
        listed = list(rows)
        if not listed:
            return
        if skip_existing and dialect.name == "postgresql":
            if _insert_new_terms(connection, table, columns, listed):
                return
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            statement: Any = pg_insert(table).on_conflict_do_nothing()
        else:
            statement = insert(table)
        connection.execute(statement, [dict(zip(columns, row, strict=True)) for row in listed])
        return
    width = len(columns)
    per_statement = max(1, SQLITE_MAX_PARAMETERS // width)
    for chunk in _chunks(rows, per_statement):
        sql = _multi_row_sql(dialect, table.name, tuple(columns), len(chunk), skip_existing)
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(chunk)))


def copy_rows(session: Session, table: Table, columns: Sequence[str], rows: Iterable[tuple[object, ...]]) -> bool:
    """PostgreSQL through psycopg 3: ``rows`` into ``table`` with one ``COPY`` in the session's
    transaction, written as they come; ``columns`` may name columns the models do not have (the
    PostgreSQL-only ``tsvector`` columns of ``sentence``) and the values must be of types COPY's
    text format takes (str, int, float, bool, None). False, with ``rows`` not touched, on any
    other database or driver: the caller then writes them its own way."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return False
    return _copy_rows(connection, table, columns, rows)


def start_copy(session: Session, table: Table, columns: Sequence[str],
               rows: Iterable[tuple[object, ...]]) -> Callable[[], None] | None:
    """As :func:`copy_rows`, but without waiting for the server to finish the ``COPY``: the rows
    and the end of the data are sent, and the returned function waits for the outcome (raising
    the server's error, if any, like a plain ``COPY`` would). Until it has been called nothing
    else may use the session's connection: the importer analyses the next file meanwhile, so the
    server's work on the last rows of one file (foreign keys, search vectors, GIN) overlaps the
    importing process's work on the next instead of following it. None, with ``rows`` not
    touched, where :func:`copy_rows` would not apply."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return None
    cursor = _cursor(connection)
    if cursor is None:
        return None
    from psycopg.copy import LibpqWriter

    class EndLater(LibpqWriter):
        """Sends the end of the data and leaves the server's answer to :meth:`wait`."""

        sent = False

        def finish(self, exc: BaseException | None = None) -> None:
            if exc is not None:
                super().finish(exc)
                return
            pgconn = self._pgconn
            while pgconn.put_copy_end() == 0:
                _writable(pgconn.socket)
            while pgconn.flush() != 0:
                _writable(pgconn.socket)
            self.sent = True

        def wait(self) -> None:
            if not self.sent:
                return
            self.sent = False
            results = []
            while (result := self._pgconn.get_result()) is not None:
                results.append(result)
            from psycopg import errors, pq

            for result in results:
                if result.status != pq.ExecStatus.COMMAND_OK:
                    raise errors.error_from_result(result, encoding=self.connection.info.encoding)

    target, names = _target(connection, table, columns)
    writer = EndLater(cursor)
    with cursor, cursor.copy(f"COPY {target} ({names}) FROM STDIN", writer=writer) as copy:
        for row in rows:
            copy.write_row(row)
    return writer.wait


def _writable(fd: int) -> None:
    import select

    select.select([], [fd], [])


def _chunks(rows: Iterable[tuple[object, ...]], size: int) -> Iterator[list[tuple[object, ...]]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


#: Python types whose values COPY's text format takes as they are; a column of any other type
#: (JSON, dates) goes through ``insert`` instead, whose type processing knows how to send it.
_COPY_TYPES = (str, int, float, bool)


@lru_cache(maxsize=64)
def _copyable(table: Table, columns: tuple[str, ...]) -> bool:
    """Whether every column is of a type COPY's text format takes (decided once per table and
    columns, from the schema: rows streamed from a generator cannot be looked at first)."""
    for name in columns:
        try:
            if table.c[name].type.python_type not in _COPY_TYPES:
                return False
        except (KeyError, NotImplementedError):
            return False
    return True


def _cursor(connection: Any) -> Any | None:
    """A psycopg 3 cursor on the connection's own DB-API connection (same transaction), or
    None for a driver without ``COPY`` (psycopg2 and others: then executemany)."""
    raw = getattr(connection.connection, "driver_connection", None)
    if raw is None or not hasattr(raw, "cursor"):
        return None
    cursor = raw.cursor()
    if not hasattr(cursor, "copy"):
        cursor.close()
        return None
    return cursor


def _target(connection: Any, table: Table, columns: Sequence[str]) -> tuple[str, str]:
    quote = connection.dialect.identifier_preparer.quote
    target = quote(table.name) if table.schema is None else f"{quote(table.schema)}.{quote(table.name)}"
    return target, ", ".join(quote(c) for c in columns)


def _copy_rows(connection: Any, table: Table, columns: Sequence[str], rows: Iterable[tuple[object, ...]]) -> bool:
    """PostgreSQL through psycopg 3: ``COPY … FROM STDIN``, one stream instead of a statement per
    row, written while ``rows`` are made. Same connection, so the same transaction. False when it
    does not apply (then executemany); ``rows`` is not touched then."""
    cursor = _cursor(connection)
    if cursor is None:
        return False
    target, names = _target(connection, table, columns)
    with cursor, cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return True


def _insert_new_terms(connection: Any, table: Table, columns: Sequence[str], rows: list[tuple[object, ...]]) -> bool:
    """Rows that may exist already (the vocabulary: one text column) in one statement,
    ``INSERT … SELECT unnest(array) ON CONFLICT DO NOTHING``. False when it does not apply."""
    if len(columns) != 1 or not all(isinstance(r[0], str) for r in rows):
        return False
    cursor = _cursor(connection)
    if cursor is None:
        return False
    target, names = _target(connection, table, columns)
    with cursor:
        cursor.execute(f"INSERT INTO {target} ({names}) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                       ([r[0] for r in rows],))
    return True


@lru_cache(maxsize=64)
def _multi_row_sql(dialect: Dialect, table: str, columns: tuple[str, ...], count: int, skip_existing: bool) -> str:
    quote = dialect.identifier_preparer.quote
    one = "(" + ", ".join("?" * len(columns)) + ")"
    verb = "INSERT OR IGNORE INTO" if skip_existing else "INSERT INTO"
    return f"{verb} {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES " + ", ".join([one] * count)
