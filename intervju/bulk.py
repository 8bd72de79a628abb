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
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

#: Parameters one SQLite statement may bind on every SQLite version kode may meet.
SQLITE_MAX_PARAMETERS = 999


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[object, ...]],
                *, skip_existing: bool = False) -> None:
    """Insert ``rows`` (one value per name in ``columns``, in that order) into ``table``;
    ``skip_existing`` leaves out rows whose key is already there (the corpus vocabulary)."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        if dialect.name == "postgresql" and _copy_rows(connection, table, columns, rows, skip_existing):
            return
        if skip_existing and dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            statement: Any = pg_insert(table).on_conflict_do_nothing()
        else:
            statement = insert(table)
        connection.execute(statement, [dict(zip(columns, row, strict=True)) for row in rows])
        return
    width = len(columns)
    per_statement = max(1, SQLITE_MAX_PARAMETERS // width)
    for begin in range(0, len(rows), per_statement):
        chunk = rows[begin : begin + per_statement]
        sql = _multi_row_sql(dialect, table.name, tuple(columns), len(chunk), skip_existing)
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(chunk)))


#: Values COPY's text format takes as they are; a row with anything else (JSON, dates) goes through
#: ``insert`` instead, whose type processing knows how to send it.
_COPY_TYPES = (str, int, float, bool, type(None))


def _copy_rows(connection: Any, table: Table, columns: Sequence[str], rows: Sequence[tuple[object, ...]],
               skip_existing: bool) -> bool:
    """PostgreSQL through psycopg 3, one round trip instead of a statement per row: ``COPY … FROM
    STDIN`` for new rows (the import's sentences and turns), and for rows that may exist already
    (the vocabulary: one text column) one ``INSERT … SELECT unnest(array) ON CONFLICT DO NOTHING``.
    Same connection, so the same transaction. False when it does not apply (then executemany)."""
    raw = getattr(connection.connection, "driver_connection", None)
    if raw is None or not hasattr(raw, "cursor") or not all(isinstance(v, _COPY_TYPES) for r in rows for v in r):
        return False
    if skip_existing and (len(columns) != 1 or not all(isinstance(r[0], str) for r in rows)):
        return False
    cursor = raw.cursor()
    if not hasattr(cursor, "copy"):  # psycopg2 and other drivers
        cursor.close()
        return False
    quote = connection.dialect.identifier_preparer.quote
    target = quote(table.name) if table.schema is None else f"{quote(table.schema)}.{quote(table.name)}"
    names = ", ".join(quote(c) for c in columns)
    with cursor:
        if skip_existing:
            cursor.execute(f"INSERT INTO {target} ({names}) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                           ([r[0] for r in rows],))
            return True
        with cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return True


@lru_cache(maxsize=64)
def _multi_row_sql(dialect: Dialect, table: str, columns: tuple[str, ...], count: int, skip_existing: bool) -> str:
    quote = dialect.identifier_preparer.quote
    one = "(" + ", ".join("?" * len(columns)) + ")"
    verb = "INSERT OR IGNORE INTO" if skip_existing else "INSERT INTO"
    return f"{verb} {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES " + ", ".join([one] * count)
