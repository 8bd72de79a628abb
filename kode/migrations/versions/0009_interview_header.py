"""interview.header: the lines above a transcript's first turn, kept apart from its text

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

Lines such as ``Deltakere: …``, ``Program: …``, ``Dato: …`` or ``# Kilde …`` at the top of a
transcript describe the recording; they used to become turns (and ``Deltakere`` a speaker). New
imports keep them in this column. Existing interviews get NULL and keep their turns as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.add_column(sa.Column("header", sa.Text(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Natively (SQLite 3.35+): batch mode would copy the table and DROP the old one, and with
        # foreign keys on that DROP deletes every turn and sentence by cascade (SQLite refuses it
        # as "database table is locked" once the full-text triggers are involved).
        op.execute("ALTER TABLE interview DROP COLUMN header")
        return
    op.drop_column("interview", "header")
