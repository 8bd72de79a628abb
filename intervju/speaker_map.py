"""Speaker labels of imported interviews: what they are, and assigning them roles afterwards.

Recorders and diarisation write labels such as ``S1``, ``Person 2``, ``Speaker 1`` or
``SPEAKER_00``; kode cannot know who they are, so they are imported as role "unknown" and a
default (informant-only) search does not see them. :func:`label_summary` lists the labels with
counts and an example each, so a researcher can tell who is who, and :func:`remap_speakers`
gives labels a role and participant in the stored turns, without importing again. The same
assignments can be given per file at import (the manifest's ``speakers`` column), parsed by
:func:`parse_assignments`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from intervju.bulk import insert_rows
from intervju.corpus import Filters, filtered, find_interview
from intervju.errors import PROJECT_ARG, InputError, NotInProject
from intervju.models import AuditEvent, Interview, Participant, Sentence, Turn
from intervju.sentence_ids import ROLE_MASK, role_code
from intervju.speakers import Role, normalise_label

ROLES: tuple[Role, ...] = ("interviewer", "informant", "unknown")
EXAMPLE_CHARS = 60
_SEPARATORS = re.compile(r"\s*[;|,]\s*")


@dataclass(frozen=True)
class Assignment:
    """What a label is: a role, and for an informant, optionally which participant."""

    role: Role
    participant: str | None = None


def parse_assignment(spec: str) -> tuple[str, Assignment]:
    """``S1=interviewer``, ``S2=informant`` or ``S2=informant:U03`` → (label, assignment)."""
    label, sep, value = spec.partition("=")
    label, value = label.strip(), value.strip()
    if not sep or not label or not value:
        raise InputError(f"{spec!r} is not LABEL=ROLE (for example S1=interviewer or S2=informant:U03)")
    role, _, participant = value.partition(":")
    role = role.strip().casefold()
    if role not in ROLES:
        raise InputError(f"{spec!r}: role {role!r} is not one of {', '.join(ROLES)}")
    who = participant.strip() or None
    if who is not None and role != "informant":
        raise InputError(f"{spec!r}: only an informant speaks as a participant")
    return label, Assignment(role, who)


def parse_assignments(value: str) -> dict[str, Assignment]:
    """A manifest's ``speakers`` cell: assignments separated by ``;``, ``,`` or ``|``."""
    out: dict[str, Assignment] = {}
    for part in _SEPARATORS.split(value.strip()):
        if part:
            label, assignment = parse_assignment(part)
            out[normalise_label(label)] = assignment
    return out


@dataclass(frozen=True)
class LabelRow:
    """One speaker label as written, with what it is mapped to now."""

    label: str | None
    role: str
    participant: str | None
    turns: int
    interviews: int
    example: str

    def to_json(self) -> dict[str, object]:
        return {"label": self.label, "role": self.role, "participant": self.participant, "turns": self.turns,
                "interviews": self.interviews, "example": self.example}  # fmt: skip


def label_summary(session: Session, filters: Filters | None = None, interviews: Sequence[str] = ()) -> list[LabelRow]:
    """Every label (as written) with its role and participant, its turns and interviews, and the
    opening words of its first turn; unknown roles first, then by turns."""
    ids = _interview_ids(session, filters, interviews)
    q = (
        select(Turn.label, Turn.role, Participant.pseudonym, func.count(Turn.id),
               func.count(func.distinct(Turn.interview_id)), func.min(Turn.id))
        .outerjoin(Participant, Participant.id == Turn.participant_id)
        .group_by(Turn.label, Turn.role, Participant.pseudonym)
    )  # fmt: skip
    if ids is not None:
        q = q.where(Turn.interview_id.in_(ids))
    rows = session.execute(q).all()
    first_ids = [row[5] for row in rows]
    examples: dict[int, str] = {}
    if first_ids:
        found = session.execute(
            select(Turn.id, Turn.end - Turn.start, func.substr(Interview.text, Turn.start + 1, EXAMPLE_CHARS + 1))
            .join(Interview, Interview.id == Turn.interview_id)
            .where(Turn.id.in_(first_ids))
        ).all()
        for turn_id, length, text in found:
            text = " ".join((text or "")[:length].split())
            examples[turn_id] = text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"
    out = [LabelRow(label, role, who, turns, n_iv, examples.get(first, ""))
           for label, role, who, turns, n_iv, first in rows]  # fmt: skip
    out.sort(key=lambda r: (r.role != "unknown", -r.turns, r.label or ""))
    return out


def _interview_ids(session: Session, filters: Filters | None, interviews: Sequence[str]) -> list[int] | None:
    if interviews:
        return [find_interview(session, ref).id for ref in interviews]
    if filters is None or filters == Filters():
        return None
    return list(session.scalars(filtered(select(Interview.id), session, filters)))


@dataclass
class RemapReport:
    turns: int = 0
    interviews: list[str] = field(default_factory=list)
    by_label: dict[str, int] = field(default_factory=dict)


_SENTENCE = cast(Table, Sentence.__table__)
_SENTENCE_COLUMNS = ("id", "interview_id", "turn_id", "n", "start", "end", "forms", "lemmas")


def remap_speakers(
    session: Session,
    mapping: Mapping[str, Assignment],
    *,
    filters: Filters | None = None,
    interviews: Sequence[str] = (),
    actor: str | None = None,
) -> RemapReport:
    """Give the turns whose label is in ``mapping`` (compared as :func:`normalise_label` does)
    that role and participant, in the chosen interviews (all by default).

    An informant without a named participant is the interview's participant when it has one.
    A named participant must exist in the project; it is added to the interview's participants
    when it was not among them. The turns' sentences are stored again under ids carrying the new
    role (the search counts roles from the ids), so search sees the change at once.
    """
    wanted = {normalise_label(label): assignment for label, assignment in mapping.items()}
    ids = _interview_ids(session, filters, interviews)
    q = select(Turn).where(Turn.label.is_not(None))
    if ids is not None:
        q = q.where(Turn.interview_id.in_(ids))
    turns = [t for t in session.scalars(q) if normalise_label(t.label or "") in wanted]
    seen = {normalise_label(t.label or "") for t in turns}
    missing = [label for label in mapping if normalise_label(label) not in seen]
    if missing:
        known = sorted({label for label in session.scalars(select(Turn.label).distinct()) if label})
        raise InputError(
            f"no turns with the label {', '.join(repr(m) for m in missing)} in these interviews "
            f"(labels: {', '.join(known[:20]) or 'none'})"
        )
    pseudonyms = {a.participant for a in wanted.values() if a.participant}
    people = {p.pseudonym: p for p in session.scalars(select(Participant).where(Participant.pseudonym.in_(pseudonyms)))}
    unknown_people = sorted(pseudonyms - set(people))
    if unknown_people:
        raise NotInProject(f"no participant {', '.join(unknown_people)}", f" (see `kode list {PROJECT_ARG}`)")

    report = RemapReport()
    changed_roles: dict[int, str] = {}
    interviews_by_id: dict[int, Interview] = {}
    for turn in turns:
        assignment = wanted[normalise_label(turn.label or "")]
        interview = interviews_by_id.get(turn.interview_id) or session.get_one(Interview, turn.interview_id)
        interviews_by_id[interview.id] = interview
        participant: Participant | None = None
        if assignment.role == "informant":
            if assignment.participant:
                participant = people[assignment.participant]
                if participant not in interview.participants:
                    interview.participants.append(participant)
            elif len(interview.participants) == 1:
                participant = interview.participants[0]
        new_participant = participant.id if participant else None
        if turn.role == assignment.role and turn.participant_id == new_participant:
            continue
        if turn.role != assignment.role:
            changed_roles[turn.id] = assignment.role
        turn.role = assignment.role
        turn.participant_id = new_participant
        report.turns += 1
        report.by_label[turn.label or ""] = report.by_label.get(turn.label or "", 0) + 1
        if interview.name not in report.interviews:
            report.interviews.append(interview.name)
    session.flush()
    _rekey_sentences(session, changed_roles)
    if report.turns:
        session.add(AuditEvent(actor=actor, action="speakers.map", entity="interview",
                               entity_id=",".join(str(i) for i in sorted(interviews_by_id)),
                               detail={"map": {k: [a.role, a.participant] for k, a in mapping.items()},
                                       "turns": report.turns, "interviews": report.interviews}))  # fmt: skip
    return report


def _rekey_sentences(session: Session, roles: Mapping[int, str]) -> None:
    """Store the sentences of turns whose role changed again, under ids with the new role (the
    full-text index follows by trigger on SQLite, by generated column on PostgreSQL)."""
    if not roles:
        return
    turn_ids = list(roles)
    for chunk_start in range(0, len(turn_ids), 500):
        chunk = turn_ids[chunk_start : chunk_start + 500]
        rows = session.execute(
            select(Sentence.id, Sentence.interview_id, Sentence.turn_id, Sentence.n, Sentence.start, Sentence.end,
                   Sentence.forms, Sentence.lemmas).where(Sentence.turn_id.in_(chunk))
        ).all()  # fmt: skip
        if not rows:
            continue
        session.execute(delete(_SENTENCE).where(Sentence.turn_id.in_(chunk)))
        rekeyed = [((sid & ~ROLE_MASK) | role_code(roles[turn_id]), iv, turn_id, n, start, end, forms, lemmas)
                   for sid, iv, turn_id, n, start, end, forms, lemmas in rows]  # fmt: skip
        insert_rows(session, _SENTENCE, _SENTENCE_COLUMNS, sorted(rekeyed))
