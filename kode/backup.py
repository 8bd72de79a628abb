"""`kode backup`: a consistent copy of a project while coders keep working.

SQLite: the online backup API copies the file inside one read transaction, so the copy is a
snapshot even while another process writes (WAL keeps writers going meanwhile). The copy is
written to a private temporary file next to the target, checked with ``PRAGMA integrity_check``
and then renamed into place, so a half-written backup never carries the backup's name.

PostgreSQL: a logical copy into a SQLite project file with the same schema, read inside one
REPEATABLE READ transaction (a snapshot). It can be opened by every kode command, merged back and
carried to a laptop. For a server-side backup of the whole database use ``pg_dump``.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, select

from intervju.db import Base
from intervju.errors import KodeError, is_disk_full
from kode import migrate, store

BATCH = 5000


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    method: str  # "sqlite-online-backup" | "logical-copy"
    rows: int | None = None


def default_backup_path(target: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = store.sqlite_path(target)
    if path is not None:
        return path.with_name(f"{path.stem}-backup-{stamp}{store.SQLITE_SUFFIX}")
    from sqlalchemy.engine import make_url

    database = make_url(target).database or "kode"
    return Path.cwd() / f"{database}-backup-{stamp}{store.SQLITE_SUFFIX}"


def _missing_folders(out: Path) -> list[Path]:
    """The folders above ``out`` that do not exist yet, deepest first: a backup makes them, and a
    failed one takes them away again, so nothing of it is left."""
    missing = []
    for parent in out.absolute().parents:
        if parent.exists():
            break
        missing.append(parent)
    return missing


def _private_temp(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.chmod(name, 0o600)
    return Path(name)


def _check_copy(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    if result != "ok":
        raise KodeError(f"{path}: the backup copy failed its integrity check ({result}); the project was not changed")


def backup_project(target: str, engine: Engine, out: Path | None) -> BackupResult:
    out = out or default_backup_path(target)
    if out.exists():
        raise KodeError(f"{out}: exists already; give another name with -o")
    source = store.sqlite_path(target)
    if source is not None and source.resolve() == out.resolve():
        raise KodeError(f"{out}: a backup cannot overwrite its own project")
    if out.parent.exists() and not out.parent.is_dir():
        raise KodeError(f"{out}: {out.parent} is a file, not a folder")
    made = _missing_folders(out)
    try:
        tmp = _private_temp(out)
    except OSError as exc:
        _remove_folders(made)
        raise KodeError(f"{out}: cannot write there ({exc.strerror or exc.__class__.__name__})") from exc
    try:
        if engine.dialect.name == "sqlite":
            assert source is not None
            _sqlite_backup(source, tmp)
            method, rows = "sqlite-online-backup", None
        else:
            rows = _logical_copy(engine, tmp)
            method = "logical-copy"
        _check_copy(tmp)
        os.replace(tmp, out)
    except BaseException as exc:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        _remove_folders(made)
        if isinstance(exc, Exception) and is_disk_full(exc):
            raise KodeError(f"{out}: the disk is full; no backup was written and the project is unchanged") from exc
        raise
    os.chmod(out, 0o600)
    return BackupResult(out, out.stat().st_size, method, rows)


def _remove_folders(folders: list[Path]) -> None:
    for folder in folders:  # deepest first; only what is still empty
        try:
            folder.rmdir()
        except OSError:
            return


def _sqlite_backup(source: Path, dest: Path) -> None:
    src = sqlite3.connect(source, timeout=store.BUSY_TIMEOUT_MS / 1000)
    dst = sqlite3.connect(dest)
    try:
        src.execute(f"PRAGMA busy_timeout={store.BUSY_TIMEOUT_MS}")
        src.backup(dst)  # all pages in one step: one read transaction, one snapshot
        # A backup is one self-contained file: no -wal beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.commit()
    finally:
        dst.close()
        src.close()


def _logical_copy(engine: Engine, dest: Path) -> int:
    """Copy every table of the project into a fresh SQLite project built by the same migrations."""
    import kodebok.models  # noqa: F401  (the codebook tables belong to the schema)

    target = store.make_engine(str(dest))
    total = 0
    try:
        migrate.upgrade(target)
        with engine.connect() as src_conn, target.begin() as dst:
            src_conn = src_conn.execution_options(isolation_level="REPEATABLE READ")
            with src_conn.begin():
                dst.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
                for table in Base.metadata.sorted_tables:
                    result = src_conn.execution_options(yield_per=BATCH).execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                    for chunk in result.mappings().partitions(BATCH):
                        dst.execute(insert(table), [dict(r) for r in chunk])
                        total += len(chunk)
    finally:
        target.dispose()
    con = sqlite3.connect(dest)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    return total
