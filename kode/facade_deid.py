"""De-identification operations of the façade: scan, review decisions, apply, counts.

A mixin of :class:`kode.project.Project`; each method is one unit of work in its own transaction.
The key file is read and written here and nowhere else; its contents are never logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from intervju.deid.candidates import ScanReport
    from intervju.importing import Indexer


@dataclass
class Candidate:
    """A candidate as callers see it (no ORM object leaves the façade)."""

    id: int
    kind: str
    text: str
    interview: str
    start: int
    end: int
    source: str
    status: str
    form: str | None = None
    before: str = ""
    after: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "text": self.text, "interview": self.interview,
                "start": self.start, "end": self.end, "source": self.source, "status": self.status}


@dataclass
class ApplyReport:
    interviews: int = 0
    replaced: int = 0
    tags: int = 0
    spans_moved: int = 0
    unreviewed: int = 0
    per_interview: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"interviews": self.interviews, "replaced": self.replaced, "tags": self.tags,
                "spans_moved": self.spans_moved,
                "unreviewed": self.unreviewed, "per_interview": self.per_interview}


class DeidOps:
    """Find, review and replace identifiers; mixed into ``Project``."""

    target: str
    engine: Engine

    if TYPE_CHECKING:
        def session(self) -> AbstractContextManager[Session]: ...
        def indexer(self) -> Indexer | None: ...

    # -- scan ---------------------------------------------------------------------------------
    def deid_scan(self, *, interviews: list[str] | None = None, key: Path | None = None,
                  model: str | None = "nb_core_news_lg") -> tuple[ScanReport, str]:
        """Scan interviews for identifiers; returns the report and the name of the pipeline used."""
        from intervju.deid.candidates import ignore_words, scan, select_interviews
        from intervju.deid.detect import default_lists
        from intervju.deid.key import Key, read_key
        from intervju.language import load_pipeline

        project_key = read_key(key) if key is not None else Key()
        pipeline = load_pipeline(model or None)

        entities = None
        if pipeline.info.trained:
            def entities(text: str) -> list[tuple[int, int, str]]:
                analysis = next(iter(pipeline.analyse([text])))
                return [(e.start, e.end, e.label) for e in analysis.entities]

        with self.session() as session:
            lists = default_lists(project_key.phrases(), ignore_words(session))
            chosen = select_interviews(session, interviews)
            report = scan(session, chosen, lists, is_word=pipeline.is_word, is_proper=pipeline.is_proper_noun,
                          entities=entities)
        return report, pipeline.info.name

    # -- listing and review -------------------------------------------------------------------
    def deid_candidates(self, *, interviews: list[str] | None = None, statuses: list[str] | None = None,
                        kinds: list[str] | None = None, context: int = 0) -> list[Candidate]:
        from intervju.deid.candidates import check_kind, list_candidates, select_interviews

        for k in kinds or []:
            check_kind(k)
        with self.session() as session:
            ids = [i.id for i in select_interviews(session, interviews)] if interviews else None
            rows = list_candidates(session, interview_ids=ids, statuses=statuses, kinds=kinds)
            texts: dict[str, str] = {}
            if context:
                from intervju.models import Interview

                for c, name in rows:
                    if name not in texts:
                        found = session.get(Interview, c.interview_id)
                        texts[name] = found.text if found else ""
            out = []
            for c, name in rows:
                before = after = ""
                if context:
                    t = texts[name]
                    before = t[max(0, c.start - context):c.start]
                    after = t[c.end:c.end + context]
                out.append(Candidate(c.id, c.kind, c.text, name, c.start, c.end, c.source, c.status, c.form,
                                     before, after))
            return out

    def deid_decide(self, ids: list[int], status: str, *, actor: str | None = None,
                    kind: str | None = None) -> int:
        """Accept, reject or re-open candidates by id (optionally re-labelling their kind)."""
        from intervju.deid.candidates import decide

        with self.session() as session:
            return decide(session, ids, status, actor=actor, kind=kind)

    def deid_relabel(self, candidate_id: int, kind: str) -> None:
        from intervju.deid.candidates import relabel

        with self.session() as session:
            relabel(session, candidate_id, kind)

    def deid_accept_form(self, candidate_id: int, *, actor: str | None = None,
                         interviews: list[str] | None = None) -> int:
        """Accept every open candidate with the same form as ``candidate_id`` (it included)."""
        from intervju.deid.candidates import decide, same_form, select_interviews

        with self.session() as session:
            ids = [i.id for i in select_interviews(session, interviews)] if interviews else None
            same = same_form(session, candidate_id, interview_ids=ids)
            return decide(session, [candidate_id, *same], "accepted", actor=actor)

    def deid_accept_open(self, *, kinds: list[str] | None = None, interviews: list[str] | None = None,
                         actor: str | None = None) -> int:
        """Accept every open candidate (of ``kinds``, when given)."""
        from intervju.deid.candidates import decide, open_ids, select_interviews

        with self.session() as session:
            ids = [i.id for i in select_interviews(session, interviews)] if interviews else None
            return decide(session, open_ids(session, interview_ids=ids, kinds=kinds), "accepted", actor=actor)

    def deid_unreviewed(self, interviews: list[str] | None = None) -> int:
        """Open candidates nobody has reviewed (exports and reports warn on these)."""
        from intervju.deid.candidates import select_interviews, unreviewed_count

        with self.session() as session:
            ids = [i.id for i in select_interviews(session, interviews)] if interviews else None
            return unreviewed_count(session, ids)

    # -- apply --------------------------------------------------------------------------------
    def deid_apply(self, key: Path, *, interviews: list[str] | None = None, actor: str | None = None,
                   strict: bool = False) -> ApplyReport:
        """Replace accepted candidates by stable tags and write the key file (mode 0600).

        One transaction for the whole project, so tags stay consistent; the key is written
        atomically before the transaction commits (a key with a tag not yet used is harmless, a
        text with a tag the key lacks is not).
        """
        from intervju.deid.apply import deidentify_interview
        from intervju.deid.candidates import select_interviews, unreviewed_count
        from intervju.deid.key import check_key_path, read_key, write_key
        from intervju.errors import InputError
        from intervju.models import AuditEvent
        from kodebok.reanchor import reanchor_spans

        check_key_path(key, self.target)
        project_key = read_key(key)
        report = ApplyReport()
        indexer = self.indexer()
        with self.session() as session:
            chosen = select_interviews(session, interviews)
            report.unreviewed = unreviewed_count(session, [i.id for i in chosen])
            if strict and report.unreviewed:
                raise InputError(f"{report.unreviewed} candidates are not reviewed yet; "
                                 "run `kode deid review` first (or apply without --strict)")
            all_tags: set[str] = set()
            for interview in chosen:
                applied = deidentify_interview(session, interview, project_key, indexer=indexer, actor=actor)
                if applied is None:
                    continue
                # Exact map: nothing the similarity check could reject, so threshold 0.
                anchors = reanchor_spans(session, applied.interview_id, applied.offsets,
                                         old_turns=applied.old_turns, new_turns=applied.new_turns, threshold=0.0)
                report.interviews += 1
                report.replaced += applied.replaced
                report.spans_moved += anchors.moved
                all_tags.update(applied.tags)
                report.per_interview.append({"interview": applied.interview, "replaced": applied.replaced,
                                             "tags": len(applied.tags), "codings": anchors.codings,
                                             "suggestions": anchors.suggestions, "moved": anchors.moved})
            report.tags = len(all_tags)
            if report.interviews:
                session.add(AuditEvent(actor=actor, action="deid-key", entity="project", entity_id=None,
                                       detail={"interviews": report.interviews, "replaced": report.replaced}))
                session.flush()
                write_key(key, project_key)
        if report.interviews:
            self._purge_freed_pages()
        return report

    def _purge_freed_pages(self) -> None:
        """SQLite keeps overwritten text in free pages and the WAL; rebuild the file so the replaced
        names are gone from the disk too (PostgreSQL's VACUUM is the server admin's job)."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as conn:
            auto = conn.execution_options(isolation_level="AUTOCOMMIT")
            auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            auto.exec_driver_sql("VACUUM")
            auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
