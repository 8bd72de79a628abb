"""Test data for the export tests, made through the ORM (no importer needed)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from intervju.models import InformantGroup, Interview, Participant, Site, Turn, Wave
from kodebok.models import Code, Coder, Coding, Memo, Suggestion


def vocab(session: Session, model: type, name: str) -> int:
    return int(session.scalar(select(model.id).where(model.name == name)))


def participant(session: Session, pseudonym: str, group: str, site: str) -> Participant:
    p = session.scalar(select(Participant).where(Participant.pseudonym == pseudonym))
    if p is None:
        p = Participant(
            pseudonym=pseudonym, group_id=vocab(session, InformantGroup, group), site_id=vocab(session, Site, site)
        )
        session.add(p)
        session.flush()
    return p


def interview(
    session: Session,
    name: str,
    *,
    site: str,
    group: str,
    wave: str,
    participants: Sequence[str],
    turns: Sequence[tuple[str, str]],
    pipeline: str | None = "blank:nb+ordbank",
) -> Interview:
    """``turns`` are (label, utterance); label I is the interviewer, a pseudonym names a participant."""
    people = [participant(session, p, group, site) for p in participants]
    by_name = {p.pseudonym: p for p in people}
    parts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    pos = 0
    for label, utterance in turns:
        if parts:
            parts.append("\n\n")
            pos += 2
        prefix = f"{label}: "
        parts.append(prefix + utterance)
        spans.append((label, pos + len(prefix), pos + len(prefix) + len(utterance)))
        pos += len(prefix) + len(utterance)
    text = "".join(parts)
    iv = Interview(
        name=name,
        site_id=vocab(session, Site, site),
        group_id=vocab(session, InformantGroup, group),
        wave_id=vocab(session, Wave, wave),
        source_path=f"{name}.txt",
        source_format="txt",
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        word_count=len(text.split()),
        turn_count=len(turns),
        pipeline=pipeline,
        participants=people,
    )
    session.add(iv)
    session.flush()
    for n, (label, start, end) in enumerate(spans, 1):
        p = by_name.get(label)
        session.add(
            Turn(
                interview_id=iv.id, n=n, label=label, role="interviewer" if label == "I" else "informant",
                participant_id=p.id if p and len(people) > 1 else None, start=start, end=end,
            )
        )
    session.flush()
    return iv


def coder(session: Session, name: str) -> Coder:
    c = session.scalar(select(Coder).where(Coder.name == name))
    if c is None:
        c = Coder(name=name)
        session.add(c)
        session.flush()
    return c


def code(session: Session, uid: str, name: str, parent: Code | None = None, **fields: object) -> Code:
    c = Code(uid=uid, name=name, parent_id=parent.id if parent else None, **fields)
    session.add(c)
    session.flush()
    return c


def coding(session: Session, iv: Interview, c: Code, phrase: str, who: str, occurrence: int = 0) -> Coding:
    start = -1
    for _ in range(occurrence + 1):
        start = iv.text.index(phrase, start + 1)
    row = Coding(code_id=c.id, interview_id=iv.id, start=start, end=start + len(phrase),
                 coder_id=coder(session, who).id)
    session.add(row)
    session.flush()
    return row


def span_coding(session: Session, iv: Interview, c: Code, start: int, end: int, who: str) -> Coding:
    row = Coding(code_id=c.id, interview_id=iv.id, start=start, end=end, coder_id=coder(session, who).id)
    session.add(row)
    session.flush()
    return row


def suggestion(session: Session, iv: Interview, c: Code, phrase: str) -> Suggestion:
    start = iv.text.index(phrase)
    row = Suggestion(code_id=c.id, interview_id=iv.id, start=start, end=start + len(phrase), unit="sentence",
                     query=phrase)
    session.add(row)
    session.flush()
    return row


def memo(session: Session, text: str, *, code: Code, participant: str, wave: str | None, who: str = "kari") -> Memo:
    pid = session.scalar(select(Participant.id).where(Participant.pseudonym == participant))
    wid = vocab(session, Wave, wave) if wave else None
    m = Memo(code_id=code.id, participant_id=pid, wave_id=wid, author_id=coder(session, who).id, text=text)
    session.add(m)
    session.flush()
    return m
