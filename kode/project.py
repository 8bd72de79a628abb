"""The façade the CLI and the TUI talk to: one object per open project.

Callers never see SQLAlchemy sessions or SQL; each method is one unit of work in its own
transaction, so a crash mid-way leaves the project as it was before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from intervju import setup
from intervju.errors import KodeError, NotInProject
from kode import migrate, store
from kode.facade_codebook import CodebookOps
from kode.facade_deid import DeidOps
from kode.facade_export import ExportOps
from kode.facade_refi import RefiOps
from kode.facade_search import SearchOps
from kode.facade_team import TeamOps
from kode.opening import ProjectError, check_project_file, check_schema, not_a_project_error

if TYPE_CHECKING:
    from intervju.importing import ImportReport, Indexer, Limits
    from intervju.speakers import SpeakerTable
    from kode.facade_tui import ProjectWorkbench
    from kodebok.coders import NewCoder

__all__ = ["Project", "ProjectError", "check_project_file"]


class Project(CodebookOps, SearchOps, ExportOps, TeamOps, RefiOps, DeidOps):
    def __init__(self, target: str, engine: Engine) -> None:
        # Every table the project's sessions may flush must be in the metadata: intervju's
        # deid_candidate names kodebok's memo table by its name only (the corpus layer may not
        # import the codebook layer), and a process that never imported kodebok could not
        # flush a candidate ("could not find table 'memo'"): `kode deid scan` failed that way.
        import kodebok.models  # noqa: F401

        self.target = target
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: Opened from a file SQLite may not write: read commands work, writes say "read-only".
        self.read_only = False
        #: Told of each coder a transaction added, once that transaction has committed (the CLI
        #: says "new coder … added"); a transaction that fails adds no coder and tells nothing.
        self.on_new_coder: Callable[[NewCoder], None] | None = None

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        target: str,
        *,
        waves: Sequence[str] = setup.DEFAULT_WAVES,
        sites: Sequence[str] = (),
        groups: Sequence[str] = setup.DEFAULT_GROUPS,
    ) -> Project:
        if not store.is_url(target):
            path = Path(target)
            if path.exists():
                raise ProjectError(f"{target}: a {'folder' if path.is_dir() else 'file'} with that name exists already")
            old_umask = os.umask(0o077)
            try:
                store.create_private_file(path)
            finally:
                os.umask(old_umask)
        engine = store.make_engine(target)
        try:
            if store.is_url(target) and migrate.current_revisions(engine):
                raise ProjectError(f"{store.describe(target)}: the database holds a kode project already")
            migrate.upgrade(engine)
            project = cls(target, engine)
            with project.session() as session:
                setup.define_vocabulary(session, waves=waves, sites=sites, groups=groups)
        except BaseException as exc:
            engine.dispose()
            if not store.is_url(target):
                for suffix in ("", "-wal", "-shm"):
                    Path(target + suffix).unlink(missing_ok=True)
            if isinstance(exc, OperationalError):
                raise ProjectError(f"{store.describe(target)}: cannot create ({store.first_line(exc)})") from exc
            raise
        return project

    @classmethod
    def open(cls, target: str) -> Project:
        """Open an existing project, refusing one whose schema is older or newer than this kode."""
        check_project_file(target)
        path = store.sqlite_path(target)
        read_only = path is not None and store.is_read_only_file(path)
        try:
            engine = store.make_read_only_engine(path) if read_only and path else store.make_engine(target)
        except KodeError:
            raise
        except Exception as exc:  # a malformed URL
            raise ProjectError(f"{store.describe(target)}: cannot open ({exc.__class__.__name__})") from exc
        try:
            current = migrate.current_revisions(engine)
        except OperationalError as exc:
            engine.dispose()
            if store.is_url(target):
                raise ProjectError(f"{store.describe(target)}: cannot connect ({store.first_line(exc)})") from exc
            raise not_a_project_error(target, exc) from exc
        except Exception as exc:  # not a database at all
            engine.dispose()
            raise not_a_project_error(target, exc) from exc
        try:
            check_schema(target, current)
        except ProjectError:
            engine.dispose()
            raise
        project = cls(target, engine)
        project.read_only = read_only
        return project

    def workbench(self, coder: str) -> ProjectWorkbench:
        """The coding workbench's façade for ``coder`` (created in the project on first use, as coding
        commands do). Imported here, not at the top: only ``kode tui`` needs it."""
        from kode.facade_tui import ProjectWorkbench

        return ProjectWorkbench(self, coder)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, _tb: object) -> None:
        try:
            if exc_type is None:
                self._language_notice()
        finally:
            self.close()
        if isinstance(exc, NotInProject) and exc.project is None:  # raised outside a session
            raise exc.naming(self.name) from exc.__cause__

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception.

        A name the project lacks (:class:`~intervju.errors.NotInProject`) leaves with the project's
        name in it: the library that raised it only knew the session."""
        try:
            with self._sessions.begin() as session:
                yield session
        except OperationalError as exc:
            if self.read_only and store.is_read_only_error(exc):
                raise self.read_only_error() from exc
            raise
        except NotInProject as exc:
            raise exc.naming(self.name) from exc.__cause__
        if session.info and self.on_new_coder is not None:
            from kodebok.coders import created_coders

            for coder in created_coders(session):
                self.on_new_coder(coder)

    def read_only_error(self) -> ProjectError:
        return ProjectError(
            f"{self.name}: the project is read-only (a read-only file, folder or mount); "
            "this command changes it, so nothing was done"
        )

    def require_writable(self) -> None:
        """Refuse a write up front on a project opened read-only (before any work is done)."""
        if self.read_only:
            raise self.read_only_error()

    @property
    def name(self) -> str:
        return store.describe(self.target)

    # -- corpus ------------------------------------------------------------------------------
    def import_files(
        self,
        paths: Sequence[Path],
        *,
        pattern: str | None = None,
        manifest: Path | None = None,
        actor: str | None = None,
        progress: Callable[[int, int, Path], None] | None = None,
        limits: Limits | None = None,
    ) -> ImportReport:
        """Import transcripts, one transaction per file (see :mod:`intervju.importing`)."""
        from intervju.importing import LazyIndexer, import_files

        self.require_writable()

        return import_files(
            self._sessions,
            paths,
            pattern=pattern,
            manifest=manifest,
            speakers=self.speaker_table(),
            indexer=LazyIndexer(self.search_indexer),
            actor=actor,
            progress=progress,
            limits=limits,
        )

    def speaker_table(self) -> SpeakerTable:
        """The default labels plus any the project configured (setting ``speaker_labels``, JSON)."""
        import json

        from intervju.speakers import SpeakerTable

        with self.session() as session:
            raw = setup.get_setting(session, "speaker_labels")
        extra = json.loads(raw) if raw else None
        return SpeakerTable(extra)

    def indexer(self) -> Indexer | None:
        """The search indexer over the project's language pipeline (setting ``language_model``)."""
        return self.search_indexer()
