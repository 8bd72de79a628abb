"""Read-side queries over the corpus: overview counts, interview listings, one interview's turns.

They return plain dataclasses so the CLI, the TUI and the exports can print or serialise them
without holding a session open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intervju.errors import InputError
from intervju.metadata import canonical_value
from intervju.models import InformantGroup, Interview, Participant, Site, Turn, Wave, interview_participant
from intervju.setup import vocabulary


@dataclass(frozen=True)
class Filters:
    """Narrow a listing by metadata; each field takes several values (any of them matches)."""

    sites: Sequence[str] = ()
    groups: Sequence[str] = ()
    waves: Sequence[str] = ()
    participants: Sequence[str] = ()
    interviews: Sequence[str] = ()


@dataclass(frozen=True)
class InterviewRow:
    id: int
    name: str
    site: str
    group: str
    wave: str
    participants: list[str]
    date: str | None
    interviewer: str | None
    words: int
    turns: int
    format: str
    pipeline: str | None
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TurnRow:
    n: int
    label: str | None
    role: str
    participant: str | None
    start: int
    end: int
    time: float | None
    time_end: float | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "label": self.label,
            "role": self.role,
            "participant": self.participant,
            "start": self.start,
            "end": self.end,
            "time": self.time,
            "text": self.text,
        }


@dataclass(frozen=True)
class InterviewDetail:
    interview: InterviewRow
    turns: list[TurnRow]
    text: str
    #: The lines above the first turn (title, ``Dato: …``), or None.
    header: str | None = None


def resolve_filters(session: Session, filters: Filters) -> Filters:
    """Spell filter values the project's way, so ``--site sjoglimt`` finds ``Sjøglimt``."""
    vocab = vocabulary(session)
    return Filters(
        sites=[canonical_value("site", s, vocab["sites"]) for s in filters.sites],
        groups=[canonical_value("group", g, vocab["groups"]) for g in filters.groups],
        waves=[canonical_value("wave", w, vocab["waves"]) for w in filters.waves],
        participants=list(filters.participants),
        interviews=list(filters.interviews),
    )


def interview_query(session: Session, filters: Filters) -> Any:
    return filtered(select(Interview), session, filters).order_by(
        Wave.position, Site.position, InformantGroup.position, Interview.name
    )


def filtered(q: Any, session: Session, filters: Filters) -> Any:
    """``q`` (a select that includes ``Interview``) joined to its site, group and wave and narrowed
    by ``filters``, so every listing filters interviews the same way."""
    f = resolve_filters(session, filters)
    q = (
        q.join(Site, Interview.site_id == Site.id)
        .join(InformantGroup, Interview.group_id == InformantGroup.id)
        .join(Wave, Interview.wave_id == Wave.id)
    )
    if f.sites:
        q = q.where(Site.name.in_(f.sites))
    if f.groups:
        q = q.where(InformantGroup.name.in_(f.groups))
    if f.waves:
        q = q.where(Wave.name.in_(f.waves))
    if f.interviews:
        q = q.where(Interview.name.in_(f.interviews))
    if f.participants:
        q = q.where(Interview.participants.any(Participant.pseudonym.in_(f.participants)))
    return q


def _row(iv: Interview) -> InterviewRow:
    return InterviewRow(
        id=iv.id,
        name=iv.name,
        site=iv.site.name,
        group=iv.group.name,
        wave=iv.wave.name,
        participants=[p.pseudonym for p in iv.participants],
        date=iv.date,
        interviewer=iv.interviewer,
        words=iv.word_count,
        turns=iv.turn_count,
        format=iv.source_format,
        pipeline=iv.pipeline,
        attributes=dict(iv.attributes or {}),
    )


def list_interviews(session: Session, filters: Filters = Filters()) -> list[InterviewRow]:
    return [_row(iv) for iv in session.scalars(interview_query(session, filters))]


def find_interview(session: Session, ref: str) -> Interview:
    """An interview by name, by file name, or by numeric id; the message lists near names."""
    iv = session.scalar(select(Interview).where(Interview.name == ref))
    if iv is None and ref.isdigit():
        iv = session.get(Interview, int(ref))
    if iv is None:
        iv = session.scalar(select(Interview).where(func.lower(Interview.name) == ref.casefold()))
    if iv is None:
        stem = ref.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        iv = session.scalar(select(Interview).where(Interview.name == stem))
    if iv is None:
        from rapidfuzz import process

        names = list(session.scalars(select(Interview.name)))
        near = [m[0] for m in process.extract(ref, names, limit=3, score_cutoff=60)]
        hint = f"; did you mean {', '.join(near)}?" if near else " (see `kode list`)"
        raise InputError(f"no interview {ref!r} in the project{hint}")
    return iv


def show_interview(session: Session, ref: str, turn_range: tuple[int, int] | None = None) -> InterviewDetail:
    iv = find_interview(session, ref)
    q = select(Turn).where(Turn.interview_id == iv.id).order_by(Turn.n)
    if turn_range:
        q = q.where(Turn.n >= turn_range[0], Turn.n <= turn_range[1])
    pseudonyms = {p.id: p.pseudonym for p in iv.participants}
    turns = [
        TurnRow(
            n=t.n,
            label=t.label,
            role=t.role,
            participant=pseudonyms.get(t.participant_id) if t.participant_id else None,
            start=t.start,
            end=t.end,
            time=t.time_start,
            time_end=t.time_end,
            text=iv.text[t.start : t.end],
        )
        for t in session.scalars(q)
    ]
    if turn_range and not turns:
        # An empty answer would read as "these turns are empty"; say where the interview ends.
        lo, hi = turn_range
        asked = f"turns {lo}-{hi} are" if hi != lo else f"turn {lo} is"
        raise InputError(f"{iv.name} has {iv.turn_count} turns; {asked} past the end")
    return InterviewDetail(interview=_row(iv), turns=turns, text=iv.text, header=iv.header)


@dataclass(frozen=True)
class Overview:
    interviews: int
    participants: int
    words: int
    turns: int
    waves: list[str]
    sites: list[str]
    groups: list[str]
    cells: list[dict[str, Any]]  # one per site × group × wave with interviews, words, turns
    unknown_speaker_turns: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def overview(session: Session) -> Overview:
    vocab = vocabulary(session)
    q = (
        select(
            Site.name,
            InformantGroup.name,
            Wave.name,
            func.count(Interview.id),
            func.coalesce(func.sum(Interview.word_count), 0),
            func.coalesce(func.sum(Interview.turn_count), 0),
        )
        .select_from(Interview)
        .join(Site, Interview.site_id == Site.id)
        .join(InformantGroup, Interview.group_id == InformantGroup.id)
        .join(Wave, Interview.wave_id == Wave.id)
        .group_by(Site.name, InformantGroup.name, Wave.name, Site.position, InformantGroup.position, Wave.position)
        .order_by(Site.position, InformantGroup.position, Wave.position)
    )
    cells: list[dict[str, Any]] = [
        {"site": s, "group": g, "wave": w, "interviews": int(n), "words": int(words), "turns": int(turns)}
        for s, g, w, n, words, turns in session.execute(q)
    ]
    participants = session.scalar(select(func.count(func.distinct(interview_participant.c.participant_id)))) or 0
    unknown = session.scalar(select(func.count(Turn.id)).where(Turn.role == "unknown", Turn.label.is_not(None))) or 0
    return Overview(
        interviews=sum(c["interviews"] for c in cells),
        participants=int(participants),
        words=sum(c["words"] for c in cells),
        turns=sum(c["turns"] for c in cells),
        waves=vocab["waves"],
        sites=vocab["sites"],
        groups=vocab["groups"],
        cells=cells,
        unknown_speaker_turns=int(unknown),
    )
