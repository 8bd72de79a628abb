"""aligned lemma index: every sentence's lemmas written again from its forms

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

Before this version a lemma holding a space (Ordbank's *mang en*, a reading of *mange*) was
stored as two entries of the space-separated lemma column, so every later word of its sentence
was searched and highlighted by its neighbour's lemmas. The index now cleans every term (see
:mod:`intervju.language.terms`); this upgrade writes each sentence's lemma column again from
its stored forms with the current tables (:func:`intervju.indexing.restore_lemmas`), in the
upgrade's one transaction. SQLite's FTS5 triggers and PostgreSQL's generated ``tsvector``
columns follow. No schema changes; the downgrade leaves the (correct) lemmas as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from intervju.indexing import restore_lemmas

    restore_lemmas(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: aligned lemmas read correctly under the older code too."""
