"""Tables of the corpus: sites, informant groups, waves, participants, interviews, turns, sentences.

Every position is a character offset pair ``[start, end)`` into ``Interview.text``, the one
canonical plain text of an interview (NFC, ``\\n`` line ends).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intervju.db import Base, utcnow


class Setting(Base):
    """Project-wide settings (language model, default coder, speaker labels) kept in the project."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Site(Base):
    __tablename__ = "site"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(default=0)


class InformantGroup(Base):
    __tablename__ = "informant_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(default=0)


class Wave(Base):
    """A time point. ``position`` orders waves, since names such as T1/T2 need not sort."""

    __tablename__ = "wave"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(default=0)


class Participant(Base):
    """A person interviewed, known only by a pseudonym: real names are never stored."""

    __tablename__ = "participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(200), unique=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("informant_group.id"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)

    group: Mapped[InformantGroup | None] = relationship(lazy="selectin")
    site: Mapped[Site | None] = relationship(lazy="selectin")


interview_participant = Table(
    "interview_participant",
    Base.metadata,
    Column("interview_id", ForeignKey("interview.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", ForeignKey("participant.id"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)


class Interview(Base):
    __tablename__ = "interview"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("informant_group.id"))
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"))
    date: Mapped[str | None] = mapped_column(String(40))
    interviewer: Mapped[str | None] = mapped_column(String(200))
    source_path: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(20))
    source_encoding: Mapped[str | None] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    #: Lines above the first turn that describe the recording (title, ``Dato: …``, ``Deltakere: …``):
    #: kept with the interview, outside ``text``, so they are never turns, sentences or hits.
    header: Mapped[str | None] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(default=0)
    turn_count: Mapped[int] = mapped_column(default=0)
    pipeline: Mapped[str | None] = mapped_column(String(200))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    site: Mapped[Site] = relationship(lazy="selectin")
    group: Mapped[InformantGroup] = relationship(lazy="selectin")
    wave: Mapped[Wave] = relationship(lazy="selectin")
    participants: Mapped[list[Participant]] = relationship(
        secondary=interview_participant, lazy="selectin", order_by=interview_participant.c.position
    )


class Turn(Base):
    """One speaker's turn. ``label`` is the label as written; ``role`` is what kode made of it."""

    __tablename__ = "turn"
    __table_args__ = (UniqueConstraint("interview_id", "n"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    n: Mapped[int]
    label: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"))
    start: Mapped[int]
    end: Mapped[int]
    time_start: Mapped[float | None]
    time_end: Mapped[float | None]


def _packed_sentence_id(context: Any) -> int:
    from intervju.sentence_ids import sentence_id

    row = context.get_current_parameters()
    role = context.connection.scalar(select(Turn.role).where(Turn.id == row["turn_id"]))
    return sentence_id(row["interview_id"], role or "", row["n"])


class Sentence(Base):
    __tablename__ = "sentence"
    __table_args__ = (
        UniqueConstraint("interview_id", "n"),
        Index("ix_sentence_turn", "turn_id"),
    )
    #: Made by :func:`intervju.sentence_ids.sentence_id` (interview, role and number packed), so
    #: the search counts matches per interview and role from the full-text index alone. Bulk
    #: writers pass it; a row added without one gets it from its turn (:func:`_packed_sentence_id`).
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
                                    autoincrement=False, default=_packed_sentence_id)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    turn_id: Mapped[int] = mapped_column(ForeignKey("turn.id", ondelete="CASCADE"))
    n: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    #: The sentence's word tokens, casefolded, separated by spaces (the search index's forms).
    forms: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Aligned with ``forms``: each token's lemmas for search joined by ``|``, tokens by spaces.
    lemmas: Mapped[str] = mapped_column(Text, default="", server_default="")


class SearchTerm(Base):
    """The corpus vocabulary (every casefolded word form indexed), for fuzzy query terms."""

    __tablename__ = "search_term"
    term: Mapped[str] = mapped_column(String(200), primary_key=True)


class InterviewRevision(Base):
    """An earlier text of an interview, kept when a corrected transcript replaced it.

    ``n`` counts revisions per interview from 1; ``report`` says what the re-anchoring did
    (moved, flagged), so the history answers "what happened to my codings".
    """

    __tablename__ = "interview_revision"
    __table_args__ = (UniqueConstraint("interview_id", "n"), Index("ix_interview_revision_hash", "content_hash"))
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    n: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(200))
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AuditEvent(Base):
    """An append-only trail of what changed, by whom and when (imports, codings, codebook edits)."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


# The de-identification table lives with its package; importing it here registers it on the
# shared metadata wherever the corpus models are loaded (migrations, tests).
import intervju.deid.models  # noqa: E402, F401
