"""Tables of the codebook and the coding work: coders, codes, codings, memos, suggestions.

Codings point at interviews by character offsets into the canonical text, the same positions
REFI-QDA's PlainTextSelection uses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intervju.db import Base, utcnow


class Coder(Base):
    __tablename__ = "coder"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    is_consensus: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Code(Base):
    """A code in the tree. ``uid`` is the stable id kept in the YAML file, so a rename is not a delete."""

    __tablename__ = "code"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(100), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("code.id"))
    name: Mapped[str] = mapped_column(String(200))
    label: Mapped[str | None] = mapped_column(String(100))
    definition: Mapped[str | None] = mapped_column(Text)
    inclusion: Mapped[str | None] = mapped_column(Text)
    exclusion: Mapped[str | None] = mapped_column(Text)
    examples: Mapped[list[Any]] = mapped_column(default=list)
    colour: Mapped[str | None] = mapped_column(String(20))
    key: Mapped[str | None] = mapped_column(String(10))
    search_terms: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Coding(Base):
    __tablename__ = "coding"
    __table_args__ = (
        UniqueConstraint("code_id", "interview_id", "start", "end", "coder_id"),
        Index("ix_coding_interview", "interview_id", "start"),
        Index("ix_coding_coder", "coder_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id"))
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when a corrected transcript moved the coding and kode is not sure it landed on the
    # same words (see kodebok.reanchor); cleared when a coder has looked at it.
    flagged: Mapped[bool] = mapped_column(default=False, server_default=false())

    code: Mapped[Code] = relationship(lazy="selectin")
    coder: Mapped[Coder] = relationship(lazy="selectin")


class Memo(Base):
    """A memo on the project (no target), a code, an interview, a coding, or a participant × code
    (× wave) cell of a longitudinal or framework matrix."""

    __tablename__ = "memo"
    id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int | None] = mapped_column(ForeignKey("code.id"))
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    coding_id: Mapped[int | None] = mapped_column(ForeignKey("coding.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"))
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("wave.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("coder.id"))
    title: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Coder] = relationship(lazy="selectin")


class Suggestion(Base):
    """An autocode proposal. Kept apart from codings so it never counts until a coder accepts it."""

    __tablename__ = "suggestion"
    __table_args__ = (
        UniqueConstraint("code_id", "interview_id", "start", "end"),
        Index("ix_suggestion_status", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id"))
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    unit: Mapped[str] = mapped_column(String(20))
    query: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id"))
    decided_at: Mapped[datetime | None]
    flagged: Mapped[bool] = mapped_column(default=False, server_default=false())
