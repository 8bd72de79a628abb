"""Corrected transcripts: replace an interview's text and say where every old offset went.

A revision keeps the interview (its id, metadata, participants) and replaces its canonical text,
turns and sentences with those of the corrected file. The old text goes into
``interview_revision`` so nothing is lost, and an :class:`OffsetMap` built by aligning old and new
text (rapidfuzz's Levenshtein opcodes, fast enough for 50,000-character transcripts where
difflib's character matcher takes minutes) tells the layers above where their spans went:
:mod:`kodebok.reanchor` moves codings and suggestions with it, and flags the ones it cannot place
with confidence.

This module knows nothing of codes; the façade runs both steps in one transaction.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from intervju.canonical import build_canonical
from intervju.errors import InputError
from intervju.importing import Indexer, Limits, SpeakerReport, check_raw, count_words, read_source, store_turns
from intervju.models import AuditEvent, Interview, InterviewRevision, Participant, Sentence, Turn
from intervju.readers import read_transcript_bytes
from intervju.speakers import SpeakerTable, normalise_label

#: A moved span counts as placed when its new text is at least this similar to its old text
#: (rapidfuzz ``fuzz.ratio``, 0–100). Typo fixes stay far above it; a span whose words were
#: largely rewritten or deleted falls below it and is flagged for review.
DEFAULT_THRESHOLD = 80.0


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    similarity: float
    confident: bool
    reason: str = ""  # why not confident: "deleted", "changed", "ambiguous", "crosses turns"


@dataclass
class OffsetMap:
    """Where positions of ``old`` went in ``new``.

    A start position moves right past text inserted exactly there, an end position stays left of
    it, so inserted text never joins a span; positions inside a replaced stretch move
    proportionally (a corrected typo keeps its letters' places).
    """

    old: str
    new: str
    opcodes: list[tuple[str, int, int, int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Insertions (i1 == i2) never contain an old character; keep the others for look-ups.
        self._spans = [op for op in self.opcodes if op[2] > op[1]]
        self._starts = [op[1] for op in self._spans]

    def _op_for_char(self, i: int) -> tuple[str, int, int, int, int]:
        k = bisect.bisect_right(self._starts, i) - 1
        return self._spans[max(k, 0)]

    def start(self, p: int) -> int:
        """Where a span starting at old position ``p`` starts in the new text."""
        if p >= len(self.old) or not self._spans:
            return len(self.new)
        tag, i1, i2, j1, j2 = self._op_for_char(p)
        if tag == "equal":
            return j1 + (p - i1)
        if tag == "delete":
            return j1
        return j1 + min(j2 - j1, round((p - i1) * (j2 - j1) / (i2 - i1)))

    def end(self, p: int) -> int:
        """Where a span ending at old position ``p`` (exclusive) ends in the new text."""
        if p <= 0 or not self._spans:
            return 0
        tag, i1, i2, j1, j2 = self._op_for_char(min(p, len(self.old)) - 1)
        if tag == "equal":
            return j1 + (min(p, len(self.old)) - i1)
        if tag == "delete":
            return j1
        return j1 + min(j2 - j1, round((min(p, len(self.old)) - i1) * (j2 - j1) / (i2 - i1)))

    def _nearest_copy(self, old_text: str, ns: int, ne: int) -> int | None:
        return _nearest_copy_in(self.new, old_text, ns, ne)

    def place(
        self,
        start: int,
        end: int,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        old_turns: Sequence[tuple[int, int]] = (),
        new_turns: Sequence[tuple[int, int]] = (),
    ) -> Placement:
        """Move the old span ``[start, end)`` and judge whether it still covers the same words."""
        ns, ne = self.start(start), self.end(end)
        old_text = self.old[start:end]
        if ne <= ns:
            if old_text.strip():
                turn = _enclosing(new_turns, ns)
                if turn is not None:
                    return Placement(turn[0], turn[1], 0.0, False, "deleted")
                return Placement(ns, ns, 0.0, False, "deleted")
            return Placement(ns, ns, 100.0, True)
        new_text = self.new[ns:ne]
        if old_text and old_text != new_text:
            exact = self._nearest_copy(old_text, ns, ne)
            if exact is not None:
                ns, ne, new_text = exact, exact + len(old_text), old_text
        similarity = 100.0 if old_text == new_text else float(fuzz.ratio(old_text, new_text))
        if old_text != new_text and old_text in self.new:
            # The words survive unchanged somewhere, but not where alignment put the span: a
            # repetitive passage fooled it, and only a person can tell which copy was meant.
            return Placement(ns, ne, similarity, False, "ambiguous")
        if similarity < threshold:
            return Placement(ns, ne, similarity, False, "changed")
        if old_turns and new_turns and _turns_crossed(new_turns, ns, ne) > _turns_crossed(old_turns, start, end):
            return Placement(ns, ne, similarity, False, "crosses turns")
        return Placement(ns, ne, similarity, True)


def _nearest_copy_in(new: str, old_text: str, ns: int, ne: int) -> int | None:
    """Where the unchanged words of a span sit in the new text near the aligned place, if they do.

    Alignment is ambiguous in repetitive speech ("ja, ja, ja"); an exact copy of the span's words
    overlapping the place alignment found is the better answer. Only an overlapping copy counts,
    so a changed span never jumps to the same words a few lines away.
    """
    lo, hi = max(0, ns - len(old_text) + 1), min(len(new), ne + len(old_text) - 1)
    best: int | None = None
    pos = new.find(old_text, lo, hi)
    while pos != -1:
        if pos < ne and pos + len(old_text) > ns and (best is None or abs(pos - ns) < abs(best - ns)):
            best = pos
        pos = new.find(old_text, pos + 1, hi)
    return best


def _enclosing(turns: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The turn holding ``pos``, or the nearest one after it (or the last)."""
    best: tuple[int, int] | None = None
    for start, end in turns:
        if start <= pos <= end:
            return (start, end)
        if start > pos and best is None:
            best = (start, end)
    if best is None and turns:
        best = turns[-1]
    return best


def _turns_crossed(turns: Sequence[tuple[int, int]], start: int, end: int) -> int:
    return sum(1 for s, e in turns if s < end and start < e)


def align(old: str, new: str) -> OffsetMap:
    """Align two texts character by character and return the map from old to new positions."""
    ops = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Levenshtein.opcodes(old, new)]
    return OffsetMap(old, new, ops)


@dataclass
class Revision:
    """What a revision did to the corpus side of an interview; the codebook side adds its report."""

    interview_id: int
    interview: str
    n: int
    old_hash: str
    new_hash: str
    turns_before: int
    turns_after: int
    offsets: OffsetMap
    old_turns: list[tuple[int, int]]
    new_turns: list[tuple[int, int]]
    unknown_labels: list[str] = field(default_factory=list)


def revise_interview(
    session: Session,
    path: Path,
    *,
    speakers: SpeakerTable | None = None,
    indexer: Indexer | None = None,
    actor: str | None = None,
    name: str | None = None,
    limits: Limits | None = None,
) -> Revision | None:
    """Replace the text of the interview named like ``path``'s stem with the file's transcript.

    ``limits`` are the import's (``--max-size`` is checked before the file is read). Each speaker
    label keeps the role and participant its turns had (:func:`kept_speakers`), so a label given a
    role at import (the manifest's ``speakers``) or since (``kode speakers --map``) means the same
    in the corrected text; a label new in it is mapped by the speaker table.

    Returns None when the file holds exactly the current text (nothing to do). The caller owns the
    transaction and must move codings with :attr:`Revision.offsets` before it commits. Messages
    leave the file's name to the caller, which reports per file (as import does).
    """
    limits = limits or Limits()
    data, digest = read_source(path, limits.max_bytes)
    suffix = path.suffix.lower()
    ref = name or path.stem
    interview = session.scalar(select(Interview).where(Interview.name == ref).with_for_update())
    if interview is None:
        raise InputError(f"no interview named {ref} to revise; import it without --revise")
    if digest == interview.content_hash:
        return None
    other = session.scalar(select(Interview.name).where(Interview.content_hash == digest))
    if other is not None:
        raise InputError(f"this file is the text of interview {other}, not a revision of {ref}")

    raw = read_transcript_bytes(data, suffix)
    check_raw(raw, limits)
    text, spans = build_canonical(raw.turns)

    old_turn_rows = list(session.scalars(select(Turn).where(Turn.interview_id == interview.id).order_by(Turn.n)))
    old_turns = [(t.start, t.end) for t in old_turn_rows]
    table = speakers or SpeakerTable()
    kept = kept_speakers(old_turn_rows, table, interview.participants)
    n = (session.scalar(select(func.max(InterviewRevision.n)).where(InterviewRevision.interview_id == interview.id))
         or 0) + 1
    old_text, old_hash = interview.text, interview.content_hash
    session.add(
        InterviewRevision(
            interview_id=interview.id,
            n=n,
            text=old_text,
            content_hash=old_hash,
            source_path=interview.source_path,
            actor=actor,
            report={},
        )
    )

    # The language layer's rows (tokens, lemma and full-text index) go first: they may point at
    # the sentences and turns deleted next. An indexer offers ``unindex(session, interview)`` for
    # that; one without it keeps rows only in tables that cascade from interview/turn/sentence.
    unindex = getattr(indexer, "unindex", None)
    if callable(unindex):
        unindex(session, interview)
    session.execute(delete(Sentence).where(Sentence.interview_id == interview.id))
    session.execute(delete(Turn).where(Turn.interview_id == interview.id))

    interview.text = text
    interview.header = raw.header
    interview.content_hash = digest
    interview.source_path = str(path)
    interview.source_format = raw.format
    interview.source_encoding = raw.encoding
    interview.word_count = sum(count_words(s.text) for s in spans)
    interview.turn_count = len(spans)
    if indexer is not None:
        interview.pipeline = indexer.pipeline_name
    session.flush()

    labels = SpeakerReport()
    turns = store_turns(session, interview, spans, table, interview.participants, labels, kept)
    if indexer is not None:
        indexer.index(session, interview, turns)
    session.add(
        AuditEvent(
            actor=actor,
            action="revise",
            entity="interview",
            entity_id=str(interview.id),
            detail={"name": interview.name, "file": path.name, "sha256": digest, "previous_sha256": old_hash,
                    "revision": n, "turns": len(turns)},
        )
    )
    return Revision(
        interview_id=interview.id,
        interview=interview.name,
        n=n,
        old_hash=old_hash,
        new_hash=digest,
        turns_before=len(old_turns),
        turns_after=len(turns),
        offsets=align(old_text, text),
        old_turns=old_turns,
        new_turns=[(t.start, t.end) for t in turns],
        unknown_labels=labels.unknown,
    )


def kept_speakers(turns: Sequence[Turn], speakers: SpeakerTable,
                  participants: Sequence[Participant]) -> dict[str, tuple[str, str | None]]:
    """The role and participant each label of an interview's turns has now, where that differs from
    what the speaker table alone would make of the label: the assignments a person gave (the
    manifest's ``speakers`` at import, ``kode speakers --map`` since), as store_turns' overrides.

    Labels the table maps the same way are left to it, so its report (unknown, fuzzy, positional
    labels) stays as the import gave it.
    """
    pseudonym = {p.id: p.pseudonym for p in participants}
    names = list(pseudonym.values())
    default = names[0] if len(names) == 1 else None
    seen: dict[str, Counter[tuple[str, str | None]]] = {}
    written: dict[str, str] = {}
    for turn in turns:
        key = normalise_label(turn.label or "")
        if not key:
            continue
        written.setdefault(key, turn.label or "")
        who = pseudonym.get(turn.participant_id) if turn.participant_id is not None else None
        seen.setdefault(key, Counter())[(turn.role, who)] += 1
    kept: dict[str, tuple[str, str | None]] = {}
    for key, counts in seen.items():
        (role, who), _ = counts.most_common(1)[0]
        match = speakers.resolve(written[key], names, default)
        if (match.role, match.participant) != (role, who):
            kept[key] = (role, who)
    return kept


def record_report(session: Session, revision: Revision, report: dict[str, object]) -> None:
    """Keep what the re-anchoring did with the revision's history row."""
    row = session.scalar(
        select(InterviewRevision).where(
            InterviewRevision.interview_id == revision.interview_id, InterviewRevision.n == revision.n
        )
    )
    if row is not None:
        row.report = dict(report)


def revision_of(session: Session, content_hash: str) -> InterviewRevision | None:
    """The history row holding this text, if an interview once had it (used by merge and import)."""
    return session.scalar(select(InterviewRevision).where(InterviewRevision.content_hash == content_hash).limit(1))
