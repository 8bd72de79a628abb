"""The table of de-identification candidates: what the scan found, and what a person decided.

A candidate is a span ``[start, end)`` of an interview's canonical text, or of a memo's text
(``memo_id`` set, ``interview_id`` empty: memos are written by people and name people too), with a kind (person,
place, …) and a status: ``open`` until someone reviews it, then ``accepted`` or ``rejected``;
``applied`` once ``kode deid apply`` replaced it by its tag. An applied row keeps the tag and the
tag's span, never the original text, so the project holds no trace of the name after apply.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intervju.db import Base, utcnow


class DeidCandidate(Base):
    __tablename__ = "deid_candidate"
    __table_args__ = (
        UniqueConstraint("interview_id", "start", "end"),
        UniqueConstraint("memo_id", "start", "end"),
        Index("ix_deid_candidate_status", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    #: The memo (a table of :mod:`kodebok`) named by its table, not imported: the corpus layer may
    #: not import the codebook layer, and the database must drop a memo's candidates with it.
    memo_id: Mapped[int | None] = mapped_column(ForeignKey("memo.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    #: What the tag is chosen by: the casefolded text, or the known name a misspelling matched.
    form: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default="open")
    tag: Mapped[str | None] = mapped_column(String(40))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
