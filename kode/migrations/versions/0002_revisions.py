"""transcript revisions: interview_revision history, flagged codings and suggestions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('interview_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source_path', sa.Text(), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=True),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_interview_revision_interview_id_interview'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_revision')),
    sa.UniqueConstraint('interview_id', 'n', name=op.f('uq_interview_revision_interview_id_n'))
    )
    with op.batch_alter_table('interview_revision', schema=None) as batch_op:
        batch_op.create_index('ix_interview_revision_hash', ['content_hash'], unique=False)

    with op.batch_alter_table('coding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flagged', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flagged', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.drop_column('flagged')

    with op.batch_alter_table('coding', schema=None) as batch_op:
        batch_op.drop_column('flagged')

    with op.batch_alter_table('interview_revision', schema=None) as batch_op:
        batch_op.drop_index('ix_interview_revision_hash')

    op.drop_table('interview_revision')
