"""Offline merge: bring coders' projects together without losing or silently overwriting work.

Identity across projects: interviews by content hash (or through a revision history, see
below), codes by their stable ``uid``, coders by name, participants by pseudonym, sites, groups
and waves by name, memos by author and creation time. Codings, memos and suggestions are added
per coder; what exists already is left alone, so merging the same source twice adds nothing.

Conflicts are never settled by silently picking a side: each is resolved by one of the
:data:`RULES` (printed by ``kode merge``) and listed in the report, and the rule that needs a
person (an interview with different text and no shared history) leaves that interview's work
out of the merge until someone revises one side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from intervju.indexing import add_terms, sentence_terms
from intervju.models import (
    AuditEvent,
    InformantGroup,
    Interview,
    InterviewRevision,
    Participant,
    Sentence,
    Site,
    Turn,
    Wave,
)
from intervju.revision import DEFAULT_THRESHOLD, OffsetMap, align
from intervju.sentence_ids import sentence_id
from kodebok.models import Code, Coder, Coding, Memo, Suggestion
from kodebok.reanchor import reanchor_spans

RULES: dict[str, str] = {
    "code renamed": "the name in this project is kept; the source's name is listed (rename by hand if it should win)",
    "code moved": "the parent in this project is kept",
    "code definition": "this project's definition, inclusion and exclusion texts are kept",
    "code status": "this project's status (active/retired) is kept",
    "interview revised": "the newer text wins (the side whose revision history holds the other's text); codings "
                         "on the older text are moved onto it by alignment, those not placed with confidence are "
                         "flagged for review",
    "interview differs": "same name, different text, no shared history: the source's interview and all work on "
                         "it are left out; revise one side (`kode import --revise`) and merge again",
    "interview revised on both sides": "both sides corrected the same transcript differently: the source's "
                                       "interview and all work on it are left out; agree on one corrected file, "
                                       "`kode import --revise` it on both sides and merge again",
    "interview metadata": "this project's site, group, wave and date are kept",
    "participant": "the participant's group and site in this project are kept",
    "memo edited": "the later edit (updated_at) wins; the other text is kept in the audit trail",
    "suggestion decided": "a decision (accepted/rejected) wins over open; two different decisions keep this project's",
}


class RollbackDryRun(Exception):
    """Raised inside the merge's transaction to undo a dry run."""


@dataclass(frozen=True)
class Conflict:
    kind: str
    subject: str
    target_value: str
    source_value: str
    source: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "subject": self.subject, "target": self.target_value,
                "source_value": self.source_value, "source": self.source, "rule": RULES[self.kind]}


# "updated": rows here that took the source's newer state by a rule (a memo's later edit, a
# suggestion's decision, an interview's newer text).
ADDED_KINDS = ("interviews", "revisions", "participants", "coders", "codes", "codings", "memos", "suggestions",
               "updated")


@dataclass
class MergeReport:
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ADDED_KINDS, 0))
    flagged: int = 0
    skipped: dict[str, int] = field(default_factory=lambda: {"codings": 0, "memos": 0, "suggestions": 0})
    conflicts: list[Conflict] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"sources": self.sources, "dry_run": self.dry_run, "added": self.added, "flagged": self.flagged,
                "skipped": self.skipped, "conflicts": [c.to_json() for c in self.conflicts], "rules": RULES}


def _naive_utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def _utc(when: datetime | None) -> datetime | None:
    """Timestamps copied between back ends: SQLite returns them without a zone, kode stores UTC."""
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


@dataclass
class _Maps:
    sites: dict[int, int] = field(default_factory=dict)
    groups: dict[int, int] = field(default_factory=dict)
    waves: dict[int, int] = field(default_factory=dict)
    participants: dict[int, int] = field(default_factory=dict)
    coders: dict[int, int] = field(default_factory=dict)
    codes: dict[int, int] = field(default_factory=dict)
    interviews: dict[int, int] = field(default_factory=dict)
    moved: dict[int, OffsetMap] = field(default_factory=dict)  # source interview id → map onto target text
    turns: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # target interview id → turn spans
    codings: dict[int, int] = field(default_factory=dict)


def merge_project(
    target: Session,
    src: Session,
    report: MergeReport,
    *,
    source_name: str,
    actor: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> None:
    """Merge everything of ``src`` into ``target`` (both sessions inside their transactions)."""
    before = dict(report.added)
    conflicts_before = len(report.conflicts)
    report.sources.append(source_name)
    maps = _Maps()
    _vocabulary(target, src, maps)
    _participants(target, src, maps, report, source_name)
    _coders(target, src, maps, report)
    _codes(target, src, maps, report, source_name)
    _interviews(target, src, maps, report, source_name, threshold)
    _codings(target, src, maps, report, threshold)
    _memos(target, src, maps, report, source_name)
    _suggestions(target, src, maps, report, source_name, threshold)
    added = {k: report.added[k] - before[k] for k in report.added}
    if any(added.values()):  # a merge that changes nothing leaves no trace, so a re-merge is a no-op
        target.add(AuditEvent(actor=actor, action="merge", entity="project", entity_id=None,
                              detail={"source": source_name, **added,
                                      "conflicts": len(report.conflicts) - conflicts_before}))
    target.flush()


def _vocabulary(target: Session, src: Session, maps: _Maps) -> None:
    kinds: list[tuple[Any, dict[int, int]]] = [(Site, maps.sites), (InformantGroup, maps.groups), (Wave, maps.waves)]
    for model, mapping in kinds:
        existing = {row.name: row for row in target.scalars(select(model))}
        position = max((row.position for row in existing.values()), default=-1)
        for row in src.scalars(select(model).order_by(model.position)):
            found = existing.get(row.name)
            if found is None:
                position += 1
                found = model(name=row.name, position=position)
                target.add(found)
                target.flush()
                existing[row.name] = found
            mapping[row.id] = found.id


def _participants(target: Session, src: Session, maps: _Maps, report: MergeReport, source: str) -> None:
    names: dict[tuple[str, int | None], str] = {
        **{("s", k): v for k, v in target.execute(select(Site.id, Site.name)).all()},
        **{("g", k): v for k, v in target.execute(select(InformantGroup.id, InformantGroup.name)).all()},
    }
    existing = {p.pseudonym: p for p in target.scalars(select(Participant))}
    for p in src.scalars(select(Participant).order_by(Participant.id)):
        group_id = maps.groups.get(p.group_id) if p.group_id else None
        site_id = maps.sites.get(p.site_id) if p.site_id else None
        found = existing.get(p.pseudonym)
        if found is None:
            found = Participant(pseudonym=p.pseudonym, group_id=group_id, site_id=site_id,
                                attributes=dict(p.attributes or {}))
            target.add(found)
            target.flush()
            existing[p.pseudonym] = found
            report.added["participants"] += 1
        elif (group_id and found.group_id and group_id != found.group_id) or (
            site_id and found.site_id and site_id != found.site_id
        ):
            report.conflicts.append(Conflict(
                "participant", p.pseudonym,
                f"{names.get(('g', found.group_id), '?')} / {names.get(('s', found.site_id), '?')}",
                f"{names.get(('g', group_id), '?')} / {names.get(('s', site_id), '?')}", source))
        maps.participants[p.id] = found.id


def _coders(target: Session, src: Session, maps: _Maps, report: MergeReport) -> None:
    existing = {c.name: c for c in target.scalars(select(Coder))}
    for c in src.scalars(select(Coder).order_by(Coder.id)):
        found = existing.get(c.name)
        if found is None:
            found = Coder(name=c.name, full_name=c.full_name, is_consensus=c.is_consensus,
                          created_at=_utc(c.created_at))
            target.add(found)
            target.flush()
            existing[c.name] = found
            report.added["coders"] += 1
        maps.coders[c.id] = found.id


def _codes(target: Session, src: Session, maps: _Maps, report: MergeReport, source: str) -> None:
    existing = {c.uid: c for c in target.scalars(select(Code))}
    src_codes = list(src.scalars(select(Code).order_by(Code.id)))
    src_uid = {c.id: c.uid for c in src_codes}
    tgt_uid = {c.id: c.uid for c in existing.values()}
    new: list[tuple[Code, Code]] = []
    for c in src_codes:
        found = existing.get(c.uid)
        if found is None:
            found = Code(uid=c.uid, name=c.name, label=c.label, definition=c.definition, inclusion=c.inclusion,
                         exclusion=c.exclusion, examples=list(c.examples or []), colour=c.colour, key=c.key,
                         search_terms=list(c.search_terms or []), status=c.status, position=c.position,
                         created_at=_utc(c.created_at), updated_at=_utc(c.updated_at))
            target.add(found)
            new.append((c, found))
            existing[c.uid] = found
            report.added["codes"] += 1
        else:
            if found.name != c.name:
                report.conflicts.append(Conflict("code renamed", c.uid, found.name, c.name, source))
            src_parent = src_uid.get(c.parent_id) if c.parent_id else None
            tgt_parent = tgt_uid.get(found.parent_id) if found.parent_id else None
            if src_parent != tgt_parent:
                report.conflicts.append(Conflict("code moved", f"{c.uid} ({found.name})", tgt_parent or "(top)",
                                                 src_parent or "(top)", source))
            if (found.definition, found.inclusion, found.exclusion) != (c.definition, c.inclusion, c.exclusion):
                report.conflicts.append(Conflict("code definition", f"{c.uid} ({found.name})",
                                                 _short(found.definition), _short(c.definition), source))
            if found.status != c.status:
                report.conflicts.append(Conflict("code status", f"{c.uid} ({found.name})", found.status,
                                                 c.status, source))
    target.flush()
    for c in src_codes:
        maps.codes[c.id] = existing[c.uid].id
    for c, created in new:
        if c.parent_id is not None:
            created.parent_id = maps.codes[c.parent_id]
    target.flush()


def _short(text: str | None, width: int = 40) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _interviews(target: Session, src: Session, maps: _Maps, report: MergeReport, source: str,
                threshold: float) -> None:
    by_hash = {iv.content_hash: iv for iv in target.scalars(select(Interview))}
    by_name = {iv.name: iv for iv in by_hash.values()}
    history = {h: iid for h, iid in target.execute(select(InterviewRevision.content_hash,
                                                          InterviewRevision.interview_id)).all()}
    for iv in src.scalars(select(Interview).order_by(Interview.id)):
        found = by_hash.get(iv.content_hash)
        if found is not None:
            maps.interviews[iv.id] = found.id
            _metadata_conflicts(found, iv, maps, report, source)
            continue
        if iv.content_hash in history:
            # The source coded an older text of an interview revised here: move its work onto ours.
            tid = history[iv.content_hash]
            tgt = target.get(Interview, tid)
            assert tgt is not None
            maps.interviews[iv.id] = tid
            maps.moved[iv.id] = align(iv.text, tgt.text)
            report.conflicts.append(Conflict("interview revised", tgt.name, f"newer text ({tgt.content_hash[:10]})",
                                             f"older text ({iv.content_hash[:10]})", source))
            continue
        src_history = set(src.scalars(select(InterviewRevision.content_hash)
                                      .where(InterviewRevision.interview_id == iv.id)))
        older = next((t for h, t in by_hash.items() if h in src_history), None)
        if older is not None:
            _take_newer_text(target, src, iv, older, maps, report, threshold)
            report.added["updated"] += 1
            by_hash.pop(older.content_hash, None)
            by_hash[iv.content_hash] = older
            report.conflicts.append(Conflict("interview revised", older.name, "older text",
                                             f"newer text ({iv.content_hash[:10]})", source))
            continue
        if iv.name in by_name:
            mine = by_name[iv.name]
            shared = src_history & {h for h, t in history.items() if t == mine.id}
            kind = "interview revised on both sides" if shared else "interview differs"
            report.conflicts.append(Conflict(kind, iv.name, mine.content_hash[:10], iv.content_hash[:10], source))
            continue
        created = _copy_interview(target, src, iv, maps)
        by_hash[iv.content_hash] = created
        by_name[iv.name] = created
        report.added["interviews"] += 1
        report.added["revisions"] += _copy_history(target, src, iv.id, created.id)


def _metadata_conflicts(tgt: Interview, iv: Interview, maps: _Maps, report: MergeReport, source: str) -> None:
    mine = (tgt.site_id, tgt.group_id, tgt.wave_id, tgt.date)
    theirs = (maps.sites.get(iv.site_id), maps.groups.get(iv.group_id), maps.waves.get(iv.wave_id), iv.date)
    if mine != theirs:
        report.conflicts.append(Conflict(
            "interview metadata", tgt.name,
            f"{tgt.site.name} {tgt.group.name} {tgt.wave.name} {tgt.date or ''}".strip(),
            f"{iv.site.name} {iv.group.name} {iv.wave.name} {iv.date or ''}".strip(), source))


def _copy_interview(target: Session, src: Session, iv: Interview, maps: _Maps) -> Interview:
    participants = [target.get(Participant, maps.participants[p.id]) for p in iv.participants]
    created = Interview(
        name=iv.name, site_id=maps.sites[iv.site_id], group_id=maps.groups[iv.group_id],
        wave_id=maps.waves[iv.wave_id], date=iv.date, interviewer=iv.interviewer, source_path=iv.source_path,
        source_format=iv.source_format, source_encoding=iv.source_encoding, content_hash=iv.content_hash,
        text=iv.text, word_count=iv.word_count, turn_count=iv.turn_count, pipeline=iv.pipeline,
        attributes=dict(iv.attributes or {}), imported_at=_utc(iv.imported_at) or datetime.now(UTC),
        participants=[p for p in participants if p is not None],
    )
    target.add(created)
    target.flush()
    _copy_turns(target, src, iv.id, created.id, maps)
    maps.interviews[iv.id] = created.id
    return created


def _copy_turns(target: Session, src: Session, src_id: int, tgt_id: int, maps: _Maps) -> None:
    turn_ids: dict[int, int] = {}
    roles: dict[int, str] = {}
    spans: list[tuple[int, int]] = []
    for t in src.scalars(select(Turn).where(Turn.interview_id == src_id).order_by(Turn.n)):
        new_id = target.execute(insert(Turn).values(
            interview_id=tgt_id, n=t.n, label=t.label, role=t.role,
            participant_id=maps.participants.get(t.participant_id) if t.participant_id else None,
            start=t.start, end=t.end, time_start=t.time_start, time_end=t.time_end,
        ).returning(Turn.id)).scalar_one()
        turn_ids[t.id] = new_id
        roles[t.id] = t.role
        spans.append((t.start, t.end))
    # The index travels with the sentences (forms and lemmas, re-indexed by the triggers), under
    # ids that name the target's interview.
    rows = [
        {"id": sentence_id(tgt_id, roles[s.turn_id], s.n), "interview_id": tgt_id,
         "turn_id": turn_ids[s.turn_id], "n": s.n, "start": s.start, "end": s.end,
         "forms": s.forms, "lemmas": s.lemmas}
        for s in src.scalars(select(Sentence).where(Sentence.interview_id == src_id).order_by(Sentence.n))
    ]
    if rows:
        target.execute(insert(Sentence), rows)
        add_terms(target, {w for r in rows for w in sentence_terms(str(r["forms"]), str(r["lemmas"]))})
    maps.turns[tgt_id] = spans


def _copy_history(target: Session, src: Session, src_id: int, tgt_id: int) -> int:
    known = set(target.scalars(select(InterviewRevision.content_hash)
                               .where(InterviewRevision.interview_id == tgt_id)))
    n = target.scalar(select(func.max(InterviewRevision.n)).where(InterviewRevision.interview_id == tgt_id)) or 0
    added = 0
    for h in src.scalars(select(InterviewRevision).where(InterviewRevision.interview_id == src_id)
                         .order_by(InterviewRevision.n)):
        if h.content_hash in known:
            continue
        n += 1
        target.add(InterviewRevision(interview_id=tgt_id, n=n, text=h.text, content_hash=h.content_hash,
                                     source_path=h.source_path, actor=h.actor,
                                     replaced_at=_utc(h.replaced_at) or datetime.now(UTC),
                                     report=dict(h.report or {})))
        known.add(h.content_hash)
        added += 1
    target.flush()
    return added


def _take_newer_text(target: Session, src: Session, iv: Interview, tgt: Interview, maps: _Maps,
                     report: MergeReport, threshold: float) -> None:
    """The source revised an interview this project still has in an older text: adopt the newer
    text here (keeping ours in the history) and move this project's codings onto it."""
    old_turns = [(s, e) for s, e in target.execute(
        select(Turn.start, Turn.end).where(Turn.interview_id == tgt.id).order_by(Turn.n)).all()]
    old_text = tgt.text
    n = (target.scalar(select(func.max(InterviewRevision.n)).where(InterviewRevision.interview_id == tgt.id))
         or 0) + 1
    target.add(InterviewRevision(interview_id=tgt.id, n=n, text=old_text, content_hash=tgt.content_hash,
                                 source_path=tgt.source_path, actor=None, report={"merged_from": "source"}))
    target.execute(delete(Sentence).where(Sentence.interview_id == tgt.id))
    target.execute(delete(Turn).where(Turn.interview_id == tgt.id))
    tgt.text = iv.text
    tgt.content_hash = iv.content_hash
    tgt.source_path, tgt.source_format, tgt.source_encoding = iv.source_path, iv.source_format, iv.source_encoding
    tgt.word_count, tgt.turn_count, tgt.pipeline = iv.word_count, iv.turn_count, iv.pipeline
    target.flush()
    _copy_turns(target, src, iv.id, tgt.id, maps)
    anchors = reanchor_spans(target, tgt.id, align(old_text, iv.text), old_turns=old_turns,
                             new_turns=maps.turns[tgt.id], threshold=threshold)
    report.flagged += len(anchors.flagged)
    report.added["revisions"] += 1 + _copy_history(target, src, iv.id, tgt.id)
    maps.interviews[iv.id] = tgt.id


def _turn_spans(target: Session, maps: _Maps, interview_id: int) -> list[tuple[int, int]]:
    if interview_id not in maps.turns:
        maps.turns[interview_id] = [(s, e) for s, e in target.execute(
            select(Turn.start, Turn.end).where(Turn.interview_id == interview_id).order_by(Turn.n)).all()]
    return maps.turns[interview_id]


def _place(target: Session, src: Session, maps: _Maps, src_iv: int, start: int, end: int,
           threshold: float) -> tuple[int, int, bool]:
    offsets = maps.moved.get(src_iv)
    if offsets is None:
        return start, end, False
    old_turns = maps.turns.get(-src_iv)
    if old_turns is None:
        old_turns = [(s, e) for s, e in src.execute(
            select(Turn.start, Turn.end).where(Turn.interview_id == src_iv).order_by(Turn.n)).all()]
        maps.turns[-src_iv] = old_turns
    placed = offsets.place(start, end, threshold=threshold, old_turns=old_turns,
                           new_turns=_turn_spans(target, maps, maps.interviews[src_iv]))
    return placed.start, placed.end, not placed.confident


def _codings(target: Session, src: Session, maps: _Maps, report: MergeReport, threshold: float) -> None:
    existing = {
        (code_id, iid, s, e, coder_id): cid
        for cid, code_id, iid, s, e, coder_id in target.execute(
            select(Coding.id, Coding.code_id, Coding.interview_id, Coding.start, Coding.end, Coding.coder_id)
        ).all()
    }
    for c in src.scalars(select(Coding).order_by(Coding.id)):
        iid = maps.interviews.get(c.interview_id)
        if iid is None:
            report.skipped["codings"] += 1
            continue
        start, end, flagged = _place(target, src, maps, c.interview_id, c.start, c.end, threshold)
        key = (maps.codes[c.code_id], iid, start, end, maps.coders[c.coder_id])
        if key in existing:
            maps.codings[c.id] = existing[key]
            continue
        row = Coding(code_id=key[0], interview_id=iid, start=start, end=end, coder_id=key[4],
                     created_at=_utc(c.created_at), flagged=bool(c.flagged or flagged))
        target.add(row)
        target.flush()
        existing[key] = row.id
        maps.codings[c.id] = row.id
        report.added["codings"] += 1
        report.flagged += int(flagged)


def _memos(target: Session, src: Session, maps: _Maps, report: MergeReport, source: str) -> None:
    existing = {(m.author_id, _naive_utc(m.created_at)): m for m in target.scalars(select(Memo))}
    for m in src.scalars(select(Memo).order_by(Memo.id)):
        if (m.interview_id is not None and m.interview_id not in maps.interviews) or (
            m.coding_id is not None and m.coding_id not in maps.codings
        ):
            report.skipped["memos"] += 1
            continue
        author = maps.coders[m.author_id]
        found = existing.get((author, _naive_utc(m.created_at)))
        if found is not None:
            if (found.title, found.text) != (m.title, m.text):
                ours = _naive_utc(found.updated_at) or datetime.min
                ours_newer = ours >= (_naive_utc(m.updated_at) or datetime.min)
                loser_title, loser_text = (m.title, m.text) if ours_newer else (found.title, found.text)
                if not ours_newer:
                    found.title, found.text, found.updated_at = m.title, m.text, _utc(m.updated_at) or m.updated_at
                    report.added["updated"] += 1
                report.conflicts.append(Conflict("memo edited", f"memo {found.id} by {m.author.name}",
                                                 "kept" if ours_newer else "replaced",
                                                 "replaced" if ours_newer else "kept", source))
                target.add(AuditEvent(actor=m.author.name, action="memo-merge", entity="memo",
                                      entity_id=str(found.id),
                                      detail={"source": source, "other_title": loser_title, "other_text": loser_text}))
            continue
        row = Memo(
            code_id=maps.codes.get(m.code_id) if m.code_id else None,
            interview_id=maps.interviews.get(m.interview_id) if m.interview_id else None,
            coding_id=maps.codings.get(m.coding_id) if m.coding_id else None,
            participant_id=maps.participants.get(m.participant_id) if m.participant_id else None,
            wave_id=maps.waves.get(m.wave_id) if m.wave_id else None,
            author_id=author, title=m.title, text=m.text, created_at=_utc(m.created_at), updated_at=_utc(m.updated_at),
        )
        target.add(row)
        target.flush()
        existing[(author, _naive_utc(m.created_at))] = row
        report.added["memos"] += 1


def _suggestions(target: Session, src: Session, maps: _Maps, report: MergeReport, source: str,
                 threshold: float) -> None:
    existing = {(s.code_id, s.interview_id, s.start, s.end): s for s in target.scalars(select(Suggestion))}
    for s in src.scalars(select(Suggestion).order_by(Suggestion.id)):
        iid = maps.interviews.get(s.interview_id)
        if iid is None:
            report.skipped["suggestions"] += 1
            continue
        start, end, flagged = _place(target, src, maps, s.interview_id, s.start, s.end, threshold)
        key = (maps.codes[s.code_id], iid, start, end)
        found = existing.get(key)
        decided_by = maps.coders.get(s.decided_by_id) if s.decided_by_id else None
        if found is not None:
            if found.status == "open" and s.status != "open":
                found.status, found.decided_by_id, found.decided_at = s.status, decided_by, _utc(s.decided_at)
                report.added["updated"] += 1
            elif found.status != "open" and s.status != "open" and found.status != s.status:
                report.conflicts.append(Conflict("suggestion decided", f"suggestion {found.id}", found.status,
                                                 s.status, source))
            continue
        row = Suggestion(code_id=key[0], interview_id=iid, start=start, end=end, unit=s.unit, query=s.query,
                         status=s.status, created_at=_utc(s.created_at), decided_by_id=decided_by,
                         decided_at=_utc(s.decided_at), flagged=bool(s.flagged or flagged))
        target.add(row)
        target.flush()
        existing[key] = row
        report.added["suggestions"] += 1
