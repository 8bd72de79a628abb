"""search index: sentence forms and lemmas, the corpus vocabulary, FTS5 (SQLite) or tsvector (PostgreSQL)

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-26

SQLite gets an FTS5 table over ``sentence.forms`` and ``sentence.lemmas`` (external content, kept
in step by triggers, Unicode tokenizer that keeps æøå apart from a/o). PostgreSQL gets two
generated ``tsvector`` columns with GIN indexes. Both use exact, unstemmed terms (FTS5's
unicode61 and PostgreSQL's ``simple`` configuration), so a query finds the same sentences on
either back end: lemmas come from kode's language layer, not from a stemmer.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE sentence_fts USING fts5(forms, lemmas, content='sentence', "
    "content_rowid='id', tokenize=\"unicode61 remove_diacritics 0\")",
    "CREATE TRIGGER sentence_fts_ai AFTER INSERT ON sentence BEGIN "
    "INSERT INTO sentence_fts(rowid, forms, lemmas) VALUES (new.id, new.forms, new.lemmas); END",
    "CREATE TRIGGER sentence_fts_ad AFTER DELETE ON sentence BEGIN "
    "INSERT INTO sentence_fts(sentence_fts, rowid, forms, lemmas) "
    "VALUES ('delete', old.id, old.forms, old.lemmas); END",
    "CREATE TRIGGER sentence_fts_au AFTER UPDATE OF forms, lemmas ON sentence BEGIN "
    "INSERT INTO sentence_fts(sentence_fts, rowid, forms, lemmas) "
    "VALUES ('delete', old.id, old.forms, old.lemmas); "
    "INSERT INTO sentence_fts(rowid, forms, lemmas) VALUES (new.id, new.forms, new.lemmas); END",
    "INSERT INTO sentence_fts(sentence_fts) VALUES ('rebuild')",
)
POSTGRES_TSV = (
    "ALTER TABLE sentence ADD COLUMN forms_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, forms)) STORED",
    "ALTER TABLE sentence ADD COLUMN lemmas_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, replace(lemmas, '|', ' '))) STORED",
    "CREATE INDEX ix_sentence_forms_tsv ON sentence USING gin (forms_tsv)",
    "CREATE INDEX ix_sentence_lemmas_tsv ON sentence USING gin (lemmas_tsv)",
)


def upgrade() -> None:
    with op.batch_alter_table("sentence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("forms", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("lemmas", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "search_term",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_search_term")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in POSTGRES_TSV:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("sentence_fts_ai", "sentence_fts_ad", "sentence_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS sentence_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_sentence_lemmas_tsv")
        op.execute("DROP INDEX IF EXISTS ix_sentence_forms_tsv")
        op.execute("ALTER TABLE sentence DROP COLUMN IF EXISTS lemmas_tsv")
        op.execute("ALTER TABLE sentence DROP COLUMN IF EXISTS forms_tsv")
    op.drop_table("search_term")
    with op.batch_alter_table("sentence", schema=None) as batch_op:
        batch_op.drop_column("lemmas")
        batch_op.drop_column("forms")
