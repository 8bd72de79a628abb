"""De-identification operations of the façade: scan, review decisions, apply, counts.

A mixin of :class:`kode.project.Project`; each method is one unit of work in its own transaction.
The key file is read and written here and nowhere else; its contents are never logged.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from intervju.deid.candidates import ScanReport
    from intervju.deid.residue import Kept, Residue
    from intervju.importing import Indexer
    from intervju.language import LanguagePipeline


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
    #: The memo the candidate is in (``interview`` then reads ``memo N``), None for a transcript's.
    memo: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "target": "memo" if self.memo is not None else "interview", "kind": self.kind,
                "text": self.text, "interview": None if self.memo is not None else self.interview,
                "memo": self.memo, "start": self.start, "end": self.end, "source": self.source,
                "status": self.status}


@dataclass
class ApplyReport:
    interviews: int = 0
    replaced: int = 0
    tags: int = 0
    spans_moved: int = 0
    unreviewed: int = 0
    memos: int = 0
    per_interview: list[dict[str, Any]] = field(default_factory=list)
    #: What ``deid verify`` found afterwards: empty when nothing of a replaced form is left.
    residue: list[Residue] = field(default_factory=list)
    #: Places of forms a reviewer rejected there, kept on purpose (see :meth:`DeidOps.deid_verify`).
    kept: list[Kept] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"interviews": self.interviews, "replaced": self.replaced, "tags": self.tags,
                "spans_moved": self.spans_moved, "memos": self.memos,
                "unreviewed": self.unreviewed, "per_interview": self.per_interview,
                "residue": [r.to_json() for r in self.residue], "kept": [r.to_json() for r in self.kept]}


@dataclass
class VerifyReport:
    """What ``deid verify`` found: residue (the check fails) and forms kept by a reviewer's decision."""

    residue: list[Residue] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"clean": not self.residue, "residue": [r.to_json() for r in self.residue],
                "kept": [r.to_json() for r in self.kept]}


class DeidOps:
    """Find, review and replace identifiers; mixed into ``Project``."""

    target: str
    engine: Engine

    if TYPE_CHECKING:
        def session(self) -> AbstractContextManager[Session]: ...
        def indexer(self) -> Indexer | None: ...
        def language_pipeline(self) -> LanguagePipeline: ...

    # -- scan ---------------------------------------------------------------------------------
    def deid_scan(self, *, interviews: list[str] | None = None, key: Path | None = None,
                  model: str | None = "nb_core_news_lg") -> tuple[ScanReport, str]:
        """Scan interviews for identifiers; returns the report and the name of the pipeline used."""
        from intervju.deid.candidates import ignore_words, project_evidence, scan, select_interviews
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
            evidence = project_evidence(session)
            report = scan(session, chosen, lists, is_word=pipeline.is_word, is_proper=pipeline.is_proper_noun,
                          entities=entities, evidence=evidence)
            # A header block (``Deltakere: …``) is metadata, not speech, so it gets no candidates;
            # names in it are replaced only when the key lists them. Say what it seems to hold.
            from intervju.deid.detect import detect

            for interview in chosen:
                header = interview.header or ""
                if not header.strip():
                    continue
                for f in detect(header, [(0, len(header))], lists, is_word=pipeline.is_word,
                                is_proper=pipeline.is_proper_noun, entities=entities, evidence=evidence):
                    report.header_names.append((interview.name, f.text, f.kind))
            if not interviews:
                # Memos are written by people and name people: scanned like transcripts.
                from sqlalchemy import select

                from intervju.deid.candidates import scan_memos
                from kodebok.models import Memo

                memos = [(i, t) for i, t in session.execute(select(Memo.id, Memo.text).order_by(Memo.id))]
                memo_report = scan_memos(session, memos, lists, is_word=pipeline.is_word,
                                         is_proper=pipeline.is_proper_noun, entities=entities, evidence=evidence)
                report.memos = len(memos)
                report.found += memo_report.found
                report.new += memo_report.new
                report.kept += memo_report.kept
                report.removed += memo_report.removed
                for kind, n in memo_report.by_kind.items():
                    report.by_kind[kind] = report.by_kind.get(kind, 0) + n
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
            texts: dict[tuple[str, int], str] = {}
            if context:
                from intervju.models import Interview
                from kodebok.models import Memo

                for c, _name in rows:
                    owner = ("memo", c.memo_id) if c.memo_id is not None else ("interview", c.interview_id or 0)
                    if owner not in texts:
                        found = (session.get(Memo, owner[1]) if owner[0] == "memo"
                                 else session.get(Interview, owner[1]))
                        texts[owner] = found.text if found is not None else ""
            out = []
            for c, name in rows:
                before = after = ""
                if context:
                    t = texts[("memo", c.memo_id) if c.memo_id is not None else ("interview", c.interview_id or 0)]
                    before = t[max(0, c.start - context):c.start]
                    after = t[c.end:c.end + context]
                out.append(Candidate(c.id, c.kind, c.text, name or f"memo {c.memo_id}", c.start, c.end, c.source,
                                     c.status, c.form, before, after, memo=c.memo_id))
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

    # -- apply ------------------------------------------------------------------------------------
    def deid_apply(self, key: Path, *, interviews: list[str] | None = None, actor: str | None = None,
                   strict: bool = False) -> ApplyReport:
        """Replace accepted candidates by stable tags, remove the replaced forms from every other
        place the project keeps words, write the key file (mode 0600), and check for residue.

        One transaction for the whole project, so tags stay consistent; the key is written
        atomically before the transaction commits (a key with a tag not yet used is harmless, a
        text with a tag the key lacks is not). Then the SQLite file is rebuilt, and
        :meth:`deid_verify` fills :attr:`ApplyReport.residue`: the caller must not report success
        while it is not empty.
        """
        from sqlalchemy import select

        from intervju.deid.apply import deidentify_interview, deidentify_memo, register_tags
        from intervju.deid.candidates import select_interviews, unreviewed_count
        from intervju.deid.key import check_key_path, read_key, write_key
        from intervju.deid.residue import build_forms, rebuild_fulltext, rebuild_vocabulary, scrub_tables
        from intervju.errors import InputError
        from intervju.models import AuditEvent
        from kodebok.models import Memo
        from kodebok.reanchor import reanchor_spans

        check_key_path(key, self.target)
        project_key = read_key(key)
        tags_before = {t: list(f) for t, f in project_key.tags.items()}
        report = ApplyReport()
        indexer = self.indexer()
        pipeline = getattr(indexer, "pipeline", None)
        ordinary = pipeline.is_word if pipeline is not None else (lambda _w: False)
        with self.session() as session:
            chosen = select_interviews(session, interviews)
            report.unreviewed = unreviewed_count(session, [i.id for i in chosen] if interviews else None)
            if strict and report.unreviewed:
                raise InputError(f"{report.unreviewed} candidates are not reviewed yet; "
                                 "run `kode deid review` first (or apply without --strict)")
            memo_ids: list[int] | None = None if not interviews else []
            register_tags(session, project_key, interview_ids=[i.id for i in chosen], memo_ids=memo_ids)
            project_key.register_lists()
            forms = build_forms(project_key.tags, ordinary)
            all_tags: set[str] = set()
            for interview in chosen:
                applied = deidentify_interview(session, interview, project_key, indexer=indexer, actor=actor,
                                               forms=forms)
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
            if memo_ids is None:
                for memo in list(session.scalars(select(Memo).order_by(Memo.id))):
                    new, replaced = deidentify_memo(session, memo.id, memo.text, project_key, forms)
                    if replaced:
                        memo = session.get(Memo, memo.id) or memo
                        memo.text = new
                        report.memos += 1
                        report.replaced += replaced
            # Everything else that holds words (memo titles, codebook examples, revisions, the
            # audit trail, labels, attributes, tables added later) loses every replaced form;
            # the derived search stores are made again from the de-identified sentences.
            forms = build_forms(project_key.tags, ordinary)
            scrub_tables(session, forms)
            session.flush()
            rebuild_vocabulary(session)
            rebuild_fulltext(session)
            report.tags = len(all_tags)
            if report.interviews or report.memos or project_key.tags != tags_before or not key.is_file():
                # Any new tag may stand in the project now (a header, a memo title): the key
                # must know it before the transaction commits. A new key file is written even
                # when nothing was replaced yet: the command promises it, and verify reads it.
                session.add(AuditEvent(actor=actor, action="deid-key", entity="project", entity_id=None,
                                       detail={"interviews": report.interviews, "replaced": report.replaced}))
                session.flush()
                write_key(key, project_key)
        self._purge_freed_pages()
        verified = self.deid_verify(key, ordinary=ordinary)
        report.residue, report.kept = verified.residue, verified.kept
        return report

    def deid_verify(self, key: Path, *, ordinary: Any = None) -> VerifyReport:
        """Every place a form the key says was replaced can still be read: any text column of any
        table, the full-text index's terms, and the raw bytes of a SQLite project and its side files
        (UTF-8 and UTF-16, NFC and NFD, any case).

        A form a reviewer rejected somewhere (``Kragerø`` the father's town, kept on purpose where
        it was rejected, replaced where it was accepted) is kept by decision only where that
        rejection explains it: the transcript's text at the rejected span, the sentences and the
        candidate row that hold it, and the search index and file pages made from them. Those
        places are listed apart in :attr:`VerifyReport.kept`, each with its reason, and do not make
        the check fail; the same form anywhere else (a memo, the audit trail) is residue.
        """
        from sqlalchemy import select

        from intervju.deid.key import check_key_path, read_key
        from intervju.deid.models import DeidCandidate
        from intervju.deid.residue import (
            Rejection,
            build_forms,
            file_residue,
            fulltext_tables,
            fulltext_terms,
            sort_kept,
            sqlite_files,
            table_residue,
        )
        from intervju.errors import InputError
        from intervju.models import Interview, Sentence

        check_key_path(key, self.target)
        if not key.is_file():
            raise InputError(f"{key}: no such key file")
        project_key = read_key(key)
        if ordinary is None:
            ordinary = self.language_pipeline().is_word
        forms = build_forms(project_key.tags, ordinary)
        with self.session() as session:
            rejections = [
                Rejection(cid, iv or 0, name, s, e, " ".join(unicodedata.normalize("NFC", t).casefold().split()))
                for cid, iv, name, s, e, t in session.execute(
                    select(DeidCandidate.id, DeidCandidate.interview_id, Interview.name, DeidCandidate.start,
                           DeidCandidate.end, DeidCandidate.text)
                    .join(Interview, Interview.id == DeidCandidate.interview_id)
                    .where(DeidCandidate.status == "rejected"))]
            held = {r.interview for r in rejections}
            texts = {iv: t for iv, t in session.execute(
                select(Interview.id, Interview.text).where(Interview.id.in_(held)))} if held else {}
            sentences = {sid: (iv, s, e) for sid, iv, s, e in session.execute(
                select(Sentence.id, Sentence.interview_id, Sentence.start, Sentence.end)
                .where(Sentence.interview_id.in_(held)))} if held else {}
        with self.engine.connect() as conn:
            found = table_residue(conn, forms)
            terms = fulltext_terms(conn) if conn.dialect.name == "sqlite" else set()
            fts = tuple(fulltext_tables(conn))
            conn.rollback()
        database = self.engine.url.database
        if self.engine.dialect.name == "sqlite" and database:
            self.engine.dispose()  # release the pool's handles so the side files are as they rest
            found += file_residue(sqlite_files(database), forms, terms)

        def derived(where: str) -> bool:
            return where.startswith(("search_term.", *fts)) or " (raw bytes, " in where

        report = VerifyReport()
        report.residue, report.kept = sort_kept(found, rejections, texts, sentences, forms, derived)
        return report

    def _purge_freed_pages(self) -> None:
        """SQLite keeps overwritten text in free pages and the WAL; rebuild the file so the replaced
        names are gone from the disk too (PostgreSQL's old row versions need the DBA's VACUUM FULL)."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as conn:
            auto = conn.execution_options(isolation_level="AUTOCOMMIT")
            auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            auto.exec_driver_sql("VACUUM")
            auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
