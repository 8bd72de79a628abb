"""Team and safety operations of the façade: revisions, merge, backup, check, log.

A mixin of :class:`kode.project.Project`; every method is one unit of work in its own
transaction (a revision: one per file, like import; a merge: one for the whole merge).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from intervju.errors import KodeError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from intervju.audit import AuditRow
    from intervju.importing import Indexer, Limits
    from intervju.speakers import SpeakerTable
    from kode.backup import BackupResult
    from kodebok.integrity import CheckReport
    from kodebok.merge import MergeReport
    from kodebok.reanchor import ReanchorReport


@dataclass
class RevisionResult:
    path: Path
    status: str  # "revised" | "unchanged" | "failed"
    message: str = ""
    interview: str | None = None
    revision: int = 0
    turns_before: int = 0
    turns_after: int = 0
    unknown_labels: list[str] = field(default_factory=list)
    anchors: ReanchorReport | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path), "status": self.status, "message": self.message, "interview": self.interview,
            "revision": self.revision, "turns_before": self.turns_before, "turns_after": self.turns_after,
            "unknown_labels": self.unknown_labels,
            **(self.anchors.to_json() if self.anchors else
               {"codings": 0, "suggestions": 0, "unchanged": 0, "moved": 0, "flagged": [], "merged": []}),
        }


class TeamOps:
    """Revisions, merge and the safety commands; mixed into ``Project``."""

    target: str
    engine: Engine

    if TYPE_CHECKING:
        def session(self) -> AbstractContextManager[Session]: ...
        def speaker_table(self) -> SpeakerTable: ...
        def indexer(self) -> Indexer | None: ...
        def require_writable(self) -> None: ...

    # -- corrected transcripts ---------------------------------------------------------------
    def revise_files(
        self,
        paths: Sequence[Path],
        *,
        actor: str | None = None,
        threshold: float | None = None,
        progress: Callable[[int, int, Path], None] | None = None,
        limits: Limits | None = None,
    ) -> list[RevisionResult]:
        """Replace interviews' texts with corrected transcripts (matched by file stem, or by the
        whole file name with ``limits.name_with_ext``), moving every coding and suggestion onto the
        new text; one transaction per file, under the import's ``limits`` (``--max-size``)."""
        import logging

        from intervju.errors import is_disk_full
        from intervju.importing import collect_files, unexpected
        from intervju.readers import ReadError
        from intervju.revision import DEFAULT_THRESHOLD, record_report, revise_interview
        from kodebok.reanchor import reanchor

        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        self.require_writable()

        files = collect_files(paths)
        speakers = self.speaker_table()
        indexer = self.indexer()
        results: list[RevisionResult] = []
        for i, path in enumerate(files):
            if progress:
                progress(i, len(files), path)
            try:
                with self.session() as session:
                    revision = revise_interview(session, path, speakers=speakers, indexer=indexer, actor=actor,
                                                limits=limits, name=path.name if limits and limits.name_with_ext
                                                else None)
                    if revision is None:
                        results.append(RevisionResult(path, "unchanged", "same text as the interview in the project",
                                                      interview=path.name if limits and limits.name_with_ext
                                                      else path.stem))
                        continue
                    anchors = reanchor(session, revision, threshold=threshold)
                    record_report(session, revision, anchors.to_json())
                    from intervju.models import AuditEvent

                    session.add(AuditEvent(
                        actor=actor, action="reanchor", entity="interview", entity_id=str(revision.interview_id),
                        detail={"name": revision.interview, "revision": revision.n, "codings": anchors.codings,
                                "moved": anchors.moved, "flagged": len(anchors.flagged),
                                "merged": len(anchors.merged)},
                    ))
                results.append(RevisionResult(
                    path, "revised", interview=revision.interview, revision=revision.n,
                    turns_before=revision.turns_before, turns_after=revision.turns_after,
                    unknown_labels=revision.unknown_labels, anchors=anchors,
                ))
            except (KodeError, ReadError) as exc:
                results.append(RevisionResult(path, "failed", str(exc)))
            except Exception as exc:  # every file is its own unit: report it and go on
                if is_disk_full(exc):
                    results.append(RevisionResult(path, "failed", "the disk is full: nothing of this file was "
                                                  "stored; stopped"))
                    break
                logging.getLogger("kode.import").info("revision of %s failed", path.name, exc_info=True)
                results.append(RevisionResult(path, "failed", unexpected(exc)))
        if progress:
            progress(len(files), len(files), Path())
        return results

    # -- offline merge -----------------------------------------------------------------------
    def merge_from(self, sources: Sequence[str], *, actor: str | None = None, dry_run: bool = False,
                   threshold: float | None = None) -> MergeReport:
        """Bring other projects' work into this one in one transaction (see :mod:`kodebok.merge`)."""
        from intervju.revision import DEFAULT_THRESHOLD
        from kode.project import Project
        from kodebok.merge import MergeReport, RollbackDryRun, merge_project

        threshold = DEFAULT_THRESHOLD if threshold is None else threshold

        from kode import store

        mine = store.sqlite_path(self.target)
        for source in sources:
            theirs = store.sqlite_path(source)
            same_file = (mine is not None and theirs is not None and theirs.exists()
                         and theirs.resolve() == mine.resolve())
            if same_file or source == self.target:
                raise KodeError(f"{store.describe(source)}: that is the project being merged into; name another source")
        report = MergeReport()
        opened: list[Project] = []
        try:
            for source in sources:
                opened.append(Project.open(source))
            try:
                with self.session() as target:
                    for project in opened:
                        with project.session() as src:
                            merge_project(target, src, report, source_name=project.name, actor=actor,
                                          threshold=threshold)
                    if dry_run:
                        raise RollbackDryRun
            except RollbackDryRun:
                report.dry_run = True
        finally:
            for project in opened:
                project.close()
        return report

    # -- safety ------------------------------------------------------------------------------
    def backup(self, out: Path | None = None) -> BackupResult:
        from kode.backup import backup_project

        return backup_project(self.target, self.engine, out)

    def check(self, *, quick: bool = False) -> CheckReport:
        from kodebok.integrity import check_project

        with self.session() as session:
            return check_project(session, quick=quick)

    def audit_log(self, *, coder: str | None = None, since: datetime | None = None,
                  action: str | None = None, limit: int | None = None) -> list[AuditRow]:
        from intervju.audit import audit_rows

        with self.session() as session:
            return audit_rows(session, actor=coder, since=since, action=action, limit=limit)
