"""Scan interviews into stored candidates, and record what a reviewer decides about them.

A rescan never duplicates a candidate (one row per interview and span) and never forgets a
decision: accepted and rejected rows stay as they are, open rows the new scan no longer finds are
removed, and decided rows whose text moved (a corrected transcript was imported since) are put on
the nearest place where their exact text still stands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from intervju.db import utcnow
from intervju.deid.detect import KINDS, Evidence, Found, Lists, detect, speech_spans
from intervju.deid.models import DeidCandidate
from intervju.errors import InputError
from intervju.models import Interview, Participant, Turn
from intervju.setup import vocabulary

STATUSES = ("open", "accepted", "rejected", "applied")


@dataclass
class ScanReport:
    interviews: int = 0
    found: int = 0
    new: int = 0
    kept: int = 0
    removed: int = 0
    moved: int = 0
    memos: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    #: Possible identifiers in interviews' header blocks (interview name, text, kind). Headers are
    #: not speech and hold no candidates, but a ``Deltakere: …`` line names people: the scan says so.
    header_names: list[tuple[str, str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"interviews": self.interviews, "memos": self.memos, "found": self.found, "new": self.new, "kept": self.kept,
                "removed": self.removed, "moved": self.moved, "by_kind": dict(sorted(self.by_kind.items())),
                "header_names": [{"interview": i, "text": t, "kind": k} for i, t, k in self.header_names]}


def candidate_json(c: DeidCandidate, interview: str | None) -> dict[str, object]:
    return {"id": c.id, "target": "memo" if c.memo_id is not None else "interview", "kind": c.kind,
            "text": c.text, "interview": interview, "memo": c.memo_id, "start": c.start, "end": c.end,
            "source": c.source, "status": c.status}


def ignore_words(session: Session) -> set[str]:
    """Words of the project itself that are not identifiers: sites, groups, waves, pseudonyms.

    Speaker labels are not among them: the scan never looks at labels, and a label that is a real
    name must not hide that name inside the utterances.
    """
    vocab = vocabulary(session)
    words: set[str] = set()
    for values in (vocab.get("sites", []), vocab.get("groups", []), vocab.get("waves", [])):
        words.update(values)
    words.update(session.scalars(select(Participant.pseudonym)))
    out: set[str] = set()
    for w in words:
        out.add(w)
        out.update(w.split())
    return out


def select_interviews(session: Session, refs: Sequence[str] | None) -> list[Interview]:
    """The interviews named in ``refs`` (all when empty), in name order; an unknown name is an error."""
    if not refs:
        return list(session.scalars(select(Interview).order_by(Interview.name)))
    out: list[Interview] = []
    for ref in refs:
        found = session.scalar(select(Interview).where(Interview.name == ref))
        if found is None:
            raise InputError(f"--interviews: no interview named {ref}")
        if found not in out:
            out.append(found)
    return out


def scan(
    session: Session,
    interviews: Sequence[Interview],
    lists: Lists,
    *,
    is_word: Callable[[str], bool],
    is_proper: Callable[[str], bool] | None = None,
    entities: Callable[[str], list[tuple[int, int, str]]] | None = None,
    evidence: Evidence | None = None,
) -> ScanReport:
    """Detect candidates in ``interviews`` and merge them with the stored ones (caller's transaction).

    How words are written is gathered over every interview of the project first (or given, see
    :func:`project_evidence`), so a name seen inside a sentence in one transcript is found where
    it opens a sentence in another.
    """
    report = ScanReport()
    if evidence is None:
        evidence = project_evidence(session)
    for interview in interviews:
        report.interviews += 1
        spans = _utterances(session, interview)
        found = detect(interview.text, spans, lists, is_word=is_word, is_proper=is_proper, entities=entities,
                       evidence=evidence)
        report.found += len(found)
        for f in found:
            report.by_kind[f.kind] = report.by_kind.get(f.kind, 0) + 1
        _merge(session, interview.text, found, report, interview_id=interview.id)
    session.flush()
    return report


def scan_memos(
    session: Session,
    memos: Sequence[tuple[int, str]],
    lists: Lists,
    *,
    is_word: Callable[[str], bool],
    is_proper: Callable[[str], bool] | None = None,
    entities: Callable[[str], list[tuple[int, int, str]]] | None = None,
    evidence: Evidence | None = None,
) -> ScanReport:
    """Detect candidates in memos, given as ``(memo id, text)`` (the memo table belongs to the
    codebook layer): memos are written by people and name people as transcripts do. How the
    transcripts write each word is the evidence, so a name known there is known in a memo."""
    report = ScanReport()
    if not memos:
        return report
    if evidence is None:
        evidence = project_evidence(session)
    for _memo_id, text in memos:
        evidence.add(text, [(0, len(text))])
    for memo_id, text in memos:
        found = detect(text, [(0, len(text))], lists, is_word=is_word, is_proper=is_proper, entities=entities,
                       evidence=evidence)
        report.found += len(found)
        for f in found:
            report.by_kind[f.kind] = report.by_kind.get(f.kind, 0) + 1
        _merge(session, text, found, report, memo_id=memo_id)
    session.flush()
    return report


def project_evidence(session: Session) -> Evidence:
    """How the project's transcripts write each word (see :class:`intervju.deid.detect.Evidence`)."""
    evidence = Evidence()
    for other in session.scalars(select(Interview).order_by(Interview.id)):
        evidence.add(other.text, _utterances(session, other))
    return evidence


def _utterances(session: Session, interview: Interview) -> list[tuple[int, int]]:
    """The spans of speech: turns, without header lines (``Program: …``, ``# Kilde …``) that an
    import kept as turns; the whole text when the interview has no turns."""
    rows = [(label, s, e) for label, s, e in session.execute(
        select(Turn.label, Turn.start, Turn.end).where(Turn.interview_id == interview.id).order_by(Turn.n))]
    if not rows:
        rows = [(None, 0, len(interview.text))]
    return speech_spans(interview.text, rows)


def _merge(session: Session, text: str, found: list[Found], report: ScanReport, *, interview_id: int | None = None,
           memo_id: int | None = None) -> None:
    owner = DeidCandidate.memo_id == memo_id if memo_id is not None else DeidCandidate.interview_id == interview_id
    stored = list(session.scalars(select(DeidCandidate).where(owner)))
    # Decided rows whose text no longer stands at their offsets: move to the nearest exact occurrence.
    taken = {(c.start, c.end) for c in stored}
    for c in stored:
        if c.status in {"accepted", "rejected"} and text[c.start:c.end] != c.text:
            spot = _nearest(text, c.text, c.start, taken)
            if spot is None:
                session.delete(c)
                report.removed += 1
            else:
                taken.discard((c.start, c.end))
                c.start, c.end = spot, spot + len(c.text)
                taken.add((c.start, c.end))
                report.moved += 1
    session.flush()
    by_span = {(c.start, c.end): c for c in stored if c in session}
    seen: set[tuple[int, int]] = set()
    for f in found:
        span = (f.start, f.end)
        seen.add(span)
        row = by_span.get(span)
        if row is None:
            # A decided row covering these characters with another span wins over the new find.
            if any(c.status != "open" and c.start < f.end and f.start < c.end for c in by_span.values()):
                continue
            row = DeidCandidate(interview_id=interview_id, memo_id=memo_id, kind=f.kind, start=f.start, end=f.end, text=f.text,
                                form=f.form, source=f.source, status="open")
            session.add(row)
            by_span[span] = row
            report.new += 1
        elif row.status == "open":
            row.kind, row.text, row.form, row.source = f.kind, f.text, f.form, f.source
            report.kept += 1
        else:
            report.kept += 1
    for span, row in list(by_span.items()):
        if row.status == "open" and span not in seen and row.id is not None:
            session.delete(row)
            report.removed += 1


def _nearest(text: str, needle: str, near: int, taken: set[tuple[int, int]]) -> int | None:
    best: int | None = None
    i = text.find(needle)
    while i >= 0:
        if (i, i + len(needle)) not in taken and (best is None or abs(i - near) < abs(best - near)):
            best = i
        i = text.find(needle, i + 1)
    return best


def list_candidates(
    session: Session,
    *,
    interview_ids: Iterable[int] | None = None,
    statuses: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
) -> list[tuple[DeidCandidate, str]]:
    """Candidates with their interview's name (None for a memo's), interviews first, in text order."""
    query = select(DeidCandidate, Interview.name).outerjoin(Interview, Interview.id == DeidCandidate.interview_id)
    if interview_ids is not None:
        query = query.where(DeidCandidate.interview_id.in_(list(interview_ids)))
    if statuses is not None:
        query = query.where(DeidCandidate.status.in_(list(statuses)))
    if kinds is not None:
        query = query.where(DeidCandidate.kind.in_(list(kinds)))
    rows = session.execute(query.order_by(DeidCandidate.memo_id.is_not(None), Interview.name, DeidCandidate.memo_id,
                                          DeidCandidate.start)).all()
    return [(c, name) for c, name in rows]


def unreviewed_count(session: Session, interview_ids: Iterable[int] | None = None) -> int:
    """How many candidates nobody has accepted or rejected yet, in transcripts and memos (exports
    warn, or refuse with --strict); with ``interview_ids``, only those interviews'."""
    query = select(func.count(DeidCandidate.id)).where(DeidCandidate.status == "open")
    if interview_ids is not None:
        query = query.where(DeidCandidate.interview_id.in_(list(interview_ids)))
    return int(session.scalar(query) or 0)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    return kind


def decide(
    session: Session,
    ids: Iterable[int],
    status: str,
    *,
    actor: str | None = None,
    kind: str | None = None,
) -> int:
    """Accept or reject (and optionally re-label) the candidates ``ids``; applied ones stay applied."""
    if status not in {"accepted", "rejected", "open"}:
        raise InputError(f"unknown decision {status!r}")
    if kind is not None:
        check_kind(kind)
    wanted = list(dict.fromkeys(ids))
    rows = {c.id: c for c in session.scalars(select(DeidCandidate).where(DeidCandidate.id.in_(wanted)))}
    missing = [i for i in wanted if i not in rows]
    if missing:
        raise InputError(f"no de-identification candidate with id {missing[0]}")
    changed = 0
    for i in wanted:
        row = rows[i]
        if row.status == "applied":
            continue
        row.status = status
        if kind is not None:
            row.kind = kind
        row.decided_by = actor
        row.decided_at = utcnow() if status != "open" else None
        changed += 1
    return changed


def relabel(session: Session, candidate_id: int, kind: str) -> None:
    """Change a candidate's kind (a place the scan took for a person); its status stays."""
    check_kind(kind)
    row = session.get(DeidCandidate, candidate_id)
    if row is None:
        raise InputError(f"no de-identification candidate with id {candidate_id}")
    row.kind = kind


def same_form(session: Session, candidate_id: int, *, interview_ids: Iterable[int] | None = None) -> list[int]:
    """Open candidates with the same form as ``candidate_id`` (for "accept all of this form")."""
    row = session.get(DeidCandidate, candidate_id)
    if row is None:
        raise InputError(f"no de-identification candidate with id {candidate_id}")
    query = select(DeidCandidate.id).where(DeidCandidate.status == "open", DeidCandidate.form == row.form)
    if interview_ids is not None:
        query = query.where(DeidCandidate.interview_id.in_(list(interview_ids)))
    return list(session.scalars(query.order_by(DeidCandidate.id)))


def open_ids(
    session: Session, *, interview_ids: Iterable[int] | None = None, kinds: Iterable[str] | None = None
) -> list[int]:
    query = select(DeidCandidate.id).where(DeidCandidate.status == "open")
    if interview_ids is not None:
        query = query.where(DeidCandidate.interview_id.in_(list(interview_ids)))
    if kinds is not None:
        query = query.where(DeidCandidate.kind.in_([check_kind(k) for k in kinds]))
    return list(session.scalars(query.order_by(DeidCandidate.id)))


def delete_candidates_of(session: Session, interview_id: int) -> None:
    session.execute(delete(DeidCandidate).where(DeidCandidate.interview_id == interview_id))
