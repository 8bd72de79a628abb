"""de-identification candidates in memos: deid_candidate.memo_id, interview_id optional

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Memos are text written by people and name people; ``kode deid scan`` now finds candidates in them
too. A candidate belongs to an interview or to a memo, so ``interview_id`` becomes optional and
``memo_id`` (dropped with its memo) joins it; spans are unique per memo as they are per interview.
Existing candidates keep their interview; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deid_candidate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("memo_id", sa.Integer(), nullable=True))
        batch_op.alter_column("interview_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(batch_op.f("fk_deid_candidate_memo_id_memo"), "memo", ["memo_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.create_unique_constraint(batch_op.f("uq_deid_candidate_memo_id_start_end"),
                                          ["memo_id", "start", "end"])


def downgrade() -> None:
    op.execute("DELETE FROM deid_candidate WHERE interview_id IS NULL")
    with op.batch_alter_table("deid_candidate", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_deid_candidate_memo_id_start_end"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_deid_candidate_memo_id_memo"), type_="foreignkey")
        batch_op.alter_column("interview_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("memo_id")
