"""de-identification candidates: deid_candidate

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('deid_candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('form', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_deid_candidate_interview_id_interview'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deid_candidate')),
    sa.UniqueConstraint('interview_id', 'start', 'end', name=op.f('uq_deid_candidate_interview_id_start_end'))
    )
    with op.batch_alter_table('deid_candidate', schema=None) as batch_op:
        batch_op.create_index('ix_deid_candidate_status', ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deid_candidate', schema=None) as batch_op:
        batch_op.drop_index('ix_deid_candidate_status')
    op.drop_table('deid_candidate')
