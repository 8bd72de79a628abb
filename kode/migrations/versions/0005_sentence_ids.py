"""sentence ids that carry their interview and role (interview << 21 | n << 2 | role)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

The search counts matches per interview and speaker role from the full-text index alone when a
sentence's id says both (see :mod:`intervju.sentence_ids`); until now ids were a running number.
The upgrade renumbers every sentence (first to negative ids, so no new id meets an old one on the
way) and, on SQLite, rebuilds the FTS5 index over the new rowids; on PostgreSQL the column
becomes ``bigint`` and loses its sequence (writers give the id). Nothing refers to sentence ids,
so no other table changes. The downgrade numbers the sentences 1, 2, … again.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Must agree with intervju.sentence_ids (a migration keeps its own copy: the module may change).
_ROLE = ("(SELECT CASE t.role WHEN 'interviewer' THEN 0 WHEN 'informant' THEN 1 WHEN 'unknown' THEN 2 "
         "ELSE 3 END FROM turn t WHERE t.id = sentence.turn_id)")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("ALTER TABLE sentence ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS sentence_id_seq")
        op.execute("ALTER TABLE sentence ALTER COLUMN id TYPE BIGINT")
    op.execute("UPDATE sentence SET id = -id")
    cast = "::bigint" if dialect == "postgresql" else ""
    op.execute(f"UPDATE sentence SET id = (interview_id{cast} << 21) | (n{cast} << 2) | {_ROLE}")
    if dialect == "sqlite":
        op.execute("INSERT INTO sentence_fts(sentence_fts) VALUES ('rebuild')")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("CREATE TEMPORARY TABLE sentence_renumber AS "
               "SELECT id AS old, row_number() OVER (ORDER BY id) AS new FROM sentence")
    op.execute("CREATE UNIQUE INDEX sentence_renumber_old ON sentence_renumber (old)")  # else quadratic
    op.execute("UPDATE sentence SET id = -id")
    op.execute("UPDATE sentence SET id = (SELECT new FROM sentence_renumber WHERE old = -sentence.id)")
    op.execute("DROP TABLE sentence_renumber")
    if dialect == "postgresql":
        op.execute("ALTER TABLE sentence ALTER COLUMN id TYPE INTEGER")
        op.execute("CREATE SEQUENCE sentence_id_seq OWNED BY sentence.id")
        op.execute("SELECT setval('sentence_id_seq', COALESCE((SELECT max(id) FROM sentence), 0) + 1, false)")
        op.execute("ALTER TABLE sentence ALTER COLUMN id SET DEFAULT nextval('sentence_id_seq')")
    if dialect == "sqlite":
        op.execute("INSERT INTO sentence_fts(sentence_fts) VALUES ('rebuild')")
