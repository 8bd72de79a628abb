"""Replace accepted candidates by their tags in the canonical text, with an exact offset map.

Every replaced span is known exactly, so where an old position went is arithmetic, not alignment:
:func:`replace_spans` returns the new text and an :class:`ExactOffsetMap`, a
:class:`intervju.revision.OffsetMap` whose replaced stretches map their inside positions outward
(a span that started inside a name starts at its tag, one that ended inside it ends after it).
The same map moves turns, sentences and the open candidates here, and codings and suggestions in
:mod:`kodebok.reanchor` (the façade runs both in one transaction), so nothing needs fuzzy matching.

:func:`deidentify_interview` is the one function the revision mechanism can replace wholesale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from intervju.db import utcnow
from intervju.deid.detect import KINDS
from intervju.deid.key import Key
from intervju.deid.models import DeidCandidate
from intervju.deid.residue import Forms, build_forms
from intervju.deid.residue import scrub as scrub_forms
from intervju.importing import Indexer, count_words
from intervju.models import AuditEvent, Interview, InterviewRevision, Sentence, Turn
from intervju.revision import OffsetMap, Placement


class ExactOffsetMap(OffsetMap):
    """An offset map built from known replacements: positions inside a replacement snap outward."""

    def start(self, p: int) -> int:
        if p >= len(self.old) or not self._spans:
            return len(self.new)
        tag, i1, _i2, j1, _j2 = self._op_for_char(p)
        return j1 + (p - i1) if tag == "equal" else j1

    def end(self, p: int) -> int:
        if p <= 0 or not self._spans:
            return 0
        q = min(p, len(self.old))
        tag, i1, _i2, j1, j2 = self._op_for_char(q - 1)
        return j1 + (q - i1) if tag == "equal" else j2

    def place(
        self,
        start: int,
        end: int,
        *,
        threshold: float = 0.0,
        old_turns: Sequence[tuple[int, int]] = (),
        new_turns: Sequence[tuple[int, int]] = (),
    ) -> Placement:
        """Every span is placed with certainty: no similarity test, no search for other copies of
        its words (a name rejected elsewhere would otherwise pull a coding onto that copy)."""
        ns, ne = self.start(start), self.end(end)
        if ne < ns:
            ne = ns
        old_text, new_text = self.old[start:end], self.new[ns:ne]
        similarity = 100.0 if old_text == new_text else float(fuzz.ratio(old_text, new_text))
        return Placement(ns, ne, similarity, True)


def replace_spans(old: str, replacements: Sequence[tuple[int, int, str]]) -> tuple[str, ExactOffsetMap]:
    """Put each ``(start, end, tag)`` (sorted, non-overlapping) into ``old``; the new text and its map."""
    parts: list[str] = []
    ops: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for start, end, tag in replacements:
        if start < i:
            raise ValueError("replacements overlap or are not sorted")
        if start > i:
            parts.append(old[i:start])
            ops.append(("equal", i, start, j, j + start - i))
            j += start - i
        parts.append(tag)
        ops.append(("replace", start, end, j, j + len(tag)))
        j += len(tag)
        i = end
    if i < len(old):
        parts.append(old[i:])
        ops.append(("equal", i, len(old), j, j + len(old) - i))
    new = "".join(parts)
    return new, ExactOffsetMap(old, new, ops)


def non_overlapping(candidates: Sequence[DeidCandidate]) -> list[DeidCandidate]:
    """Accepted candidates in text order; of two that overlap the longer (then earlier) one wins."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start))
    kept: list[DeidCandidate] = []
    for c in ordered:
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


@dataclass
class AppliedInterview:
    interview_id: int
    interview: str
    replaced: int
    offsets: ExactOffsetMap
    old_turns: list[tuple[int, int]]
    new_turns: list[tuple[int, int]]
    tags: dict[str, int] = field(default_factory=dict)  # tag → replacements in this interview


def candidate_form(c: DeidCandidate) -> str:
    """What a candidate's tag is chosen by: its form, else its casefolded text."""
    return c.form or " ".join(c.text.casefold().split())


def register_tags(session: Session, key: Key, *, interview_ids: Sequence[int] | None = None,
                  memo_ids: Sequence[int] | None = None) -> None:
    """Give every accepted candidate's form a tag in ``key`` before anything is replaced, in text
    order (interviews by name, then memos), so that each interview also replaces the forms first
    accepted in another. The text itself joins its tag's forms when it differs from the form (a
    misspelling), so the check after apply looks for what was written, too."""
    query = (select(DeidCandidate).outerjoin(Interview, Interview.id == DeidCandidate.interview_id)
             .where(DeidCandidate.status == "accepted")
             .order_by(DeidCandidate.memo_id.is_not(None), Interview.name, DeidCandidate.memo_id, DeidCandidate.start))
    for c in session.scalars(query):
        if c.memo_id is None and interview_ids is not None and c.interview_id not in interview_ids:
            continue
        if c.memo_id is not None and memo_ids is not None and c.memo_id not in memo_ids:
            continue
        tag = key.tag_for(c.kind, candidate_form(c))
        written = " ".join(c.text.casefold().split())
        if written and written not in key.tags[tag]:
            key.tags[tag].append(written)


_KIND_OF_PREFIX = {prefix: kind for kind, prefix in KINDS.items()}


def propagate(session: Session, text: str, forms: Forms, *, interview_id: int | None = None,
              memo_id: int | None = None) -> int:
    """Accept every other occurrence of a replaced form in ``text`` that no candidate covers yet
    (a lower-case "mathilde" the scan did not flag): a name the team confirmed once is replaced
    wherever it stands. Occurrences a reviewer rejected, or that an open candidate overlaps, stay
    as they are (and ``deid verify`` reports them). Returns how many were added."""
    if forms.pattern is None:
        return 0
    owner = DeidCandidate.memo_id == memo_id if memo_id is not None else DeidCandidate.interview_id == interview_id
    spans = [(s, e) for s, e in session.execute(select(DeidCandidate.start, DeidCandidate.end).where(owner))]
    added = 0
    for m in forms.finditer(text):
        s, e = m.span()
        if any(s < ce and cs < e for cs, ce in spans):
            continue
        tag = forms.tag(m.group())[1:-1]
        kind = _KIND_OF_PREFIX.get(tag.rsplit("-", 1)[0], "person")
        norm = " ".join(m.group().casefold().split())
        session.add(DeidCandidate(interview_id=interview_id, memo_id=memo_id, kind=kind, start=s, end=e,
                                  text=m.group(), form=norm, source="key", status="accepted", decided_at=utcnow()))
        spans.append((s, e))
        added += 1
    session.flush()
    return added


def deidentify_interview(
    session: Session,
    interview: Interview,
    key: Key,
    *,
    indexer: Indexer | None = None,
    actor: str | None = None,
    forms: Forms | None = None,
) -> AppliedInterview | None:
    """Replace the interview's accepted candidates by tags (caller's transaction; None if none).

    With ``forms`` (the key's replaced forms), every other occurrence of them is accepted first
    (:func:`propagate`). Moves turns, sentences and the other candidates with the exact map; the
    caller moves codings and suggestions with :attr:`AppliedInterview.offsets`. Earlier texts kept
    by the revision history are scrubbed of every replaced form, so the project keeps no copy.
    """
    if forms is None:
        forms = build_forms(key.tags)
    else:
        propagate(session, interview.text, forms, interview_id=interview.id)
    accepted = list(session.scalars(select(DeidCandidate).where(
        DeidCandidate.interview_id == interview.id, DeidCandidate.status == "accepted")))
    chosen = non_overlapping(accepted)
    if not chosen:
        return None
    old = interview.text
    replacements: list[tuple[int, int, str]] = []
    tag_of: dict[int, str] = {}
    tags: dict[str, int] = {}
    for c in chosen:
        tag = key.tag_for(c.kind, candidate_form(c))
        written = " ".join(c.text.casefold().split())
        if written and written not in key.tags[tag]:
            key.tags[tag].append(written)
        text = f"[{tag}]"
        replacements.append((c.start, c.end, text))
        tag_of[c.id] = text
        tags[tag] = tags.get(tag, 0) + 1
    new, offsets = replace_spans(old, replacements)

    turns = list(session.scalars(select(Turn).where(Turn.interview_id == interview.id).order_by(Turn.n)))
    old_turns = [(t.start, t.end) for t in turns]
    for t in turns:
        t.start, t.end = offsets.start(t.start), offsets.end(t.end)
    new_turns = [(t.start, t.end) for t in turns]

    if indexer is not None:
        # The language layer rebuilds sentences and its index from the new text (below), as a
        # revision does: first let it drop its rows, then the sentences go.
        unindex = getattr(indexer, "unindex", None)
        if callable(unindex):
            unindex(session, interview)
        session.execute(delete(Sentence).where(Sentence.interview_id == interview.id))
    else:
        moved = [{"id": sid, "start": offsets.start(s), "end": offsets.end(e)} for sid, s, e in session.execute(
            select(Sentence.id, Sentence.start, Sentence.end).where(Sentence.interview_id == interview.id))]
        if moved:
            session.execute(update(Sentence), moved)

    chosen_ids = {c.id for c in chosen}
    others = list(session.scalars(select(DeidCandidate).where(DeidCandidate.interview_id == interview.id)))
    # Park every span first so the unique (interview, start, end) key never trips mid-way.
    session.execute(
        update(DeidCandidate).where(DeidCandidate.interview_id == interview.id)
        .values(start=-DeidCandidate.id, end=-DeidCandidate.id),
        execution_options={"synchronize_session": False},
    )
    final: dict[int, tuple[int, int]] = {}
    drop: list[DeidCandidate] = []
    used: set[tuple[int, int]] = set()
    for c in others:
        span = (offsets.start(c.start), offsets.end(c.end))
        covered = c.status == "accepted" or span in used or new[span[0]:span[1]] in tag_of.values()
        if c.id not in chosen_ids and (covered or span[0] >= span[1]):
            # Overlapped by a replaced span: the tag took its place.
            drop.append(c)
            continue
        final[c.id] = span
        used.add(span)
    session.flush()
    session.expire_all()
    for c in drop:
        session.delete(session.get(DeidCandidate, c.id))
    session.flush()
    for cid, (s, e) in final.items():
        row = session.get(DeidCandidate, cid)
        assert row is not None
        row.start, row.end = s, e
        if cid in chosen_ids:
            row.status, row.tag, row.text, row.form = "applied", tag_of[cid][1:-1], new[s:e], None
            row.decided_at = row.decided_at or utcnow()
        else:
            row.text = new[s:e]

    interview = session.get(Interview, interview.id) or interview
    interview.text = new
    interview.word_count = sum(count_words(new[s:e]) for s, e in new_turns) if new_turns else count_words(new)
    scrubbing = build_forms(key.tags, forms.ordinary)
    for revision in session.scalars(select(InterviewRevision).where(InterviewRevision.interview_id == interview.id)):
        revision.text = scrub_forms(revision.text, scrubbing)
    session.flush()
    if indexer is not None:
        indexer.index(session, interview, list(session.scalars(
            select(Turn).where(Turn.interview_id == interview.id).order_by(Turn.n))))
        interview.pipeline = indexer.pipeline_name
    session.add(AuditEvent(actor=actor, action="deid-apply", entity="interview", entity_id=str(interview.id),
                           detail={"replaced": len(chosen), "tags": len(tags)}))
    return AppliedInterview(interview.id, interview.name, len(chosen), offsets, old_turns, new_turns, tags)


def deidentify_memo(session: Session, memo_id: int, text: str, key: Key, forms: Forms) -> tuple[str, int]:
    """A memo's text with its accepted candidates (and every other occurrence of a replaced form,
    :func:`propagate`) replaced by tags; the caller stores it. Returns the new text and how many
    spans were replaced. Memos anchor nothing, so the other candidates simply go: a rescan finds
    whatever is still there."""
    propagate(session, text, forms, memo_id=memo_id)
    rows = list(session.scalars(select(DeidCandidate).where(DeidCandidate.memo_id == memo_id)))
    chosen = non_overlapping([c for c in rows if c.status == "accepted"])
    if not chosen:
        return text, 0
    replacements: list[tuple[int, int, str]] = []
    for c in chosen:
        tag = key.tag_for(c.kind, candidate_form(c))
        written = " ".join(c.text.casefold().split())
        if written and written not in key.tags[tag]:
            key.tags[tag].append(written)
        replacements.append((c.start, c.end, f"[{tag}]"))
    new, offsets = replace_spans(text, replacements)
    spans = {c.id: (offsets.start(c.start), offsets.end(c.end)) for c in chosen}
    chosen_ids = set(spans)
    session.execute(delete(DeidCandidate).where(DeidCandidate.memo_id == memo_id,
                                                DeidCandidate.id.not_in(chosen_ids)))
    session.execute(update(DeidCandidate).where(DeidCandidate.id.in_(chosen_ids))
                    .values(start=-DeidCandidate.id, end=-DeidCandidate.id),
                    execution_options={"synchronize_session": False})
    session.flush()
    session.expire_all()
    for cid, (s, e) in spans.items():
        row = session.get(DeidCandidate, cid)
        assert row is not None
        row.start, row.end = s, e
        row.status, row.tag, row.text, row.form = "applied", new[s:e][1:-1], new[s:e], None
    session.flush()
    return new, len(chosen)
