"""PostgreSQL: sentence tsvectors as plain columns the importer may fill, kept exact by a trigger

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

Until now ``sentence.forms_tsv`` and ``sentence.lemmas_tsv`` were generated columns, so the server
ran ``to_tsvector`` over every sentence an import wrote, after the importer had sent it (the
largest part of a PostgreSQL import's extra time). They become ordinary columns with the same
values and the same GIN indexes: the importer writes the vector itself where it is certain to equal
``to_tsvector('simple', …)`` (:mod:`intervju.tsvector`), and the ``sentence_tsv`` trigger computes
it wherever a writer leaves it NULL (a merge, a revision, the reindex of a sentence of other words)
and recomputes both whenever a sentence's forms, lemmas or vectors change, so no update can leave a
vector that disagrees with its text. SQLite's FTS5 index is not touched.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FORMS = "to_tsvector('simple'::regconfig, {row}.forms)"
LEMMAS = "to_tsvector('simple'::regconfig, replace({row}.lemmas, '|', ' '))"

POSTGRES_TRIGGER = (
    "ALTER TABLE sentence ALTER COLUMN forms_tsv DROP EXPRESSION",
    "ALTER TABLE sentence ALTER COLUMN lemmas_tsv DROP EXPRESSION",
    "CREATE FUNCTION sentence_tsv() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' OR NEW.forms_tsv IS NULL THEN NEW.forms_tsv := " + FORMS.format(row="NEW") + "; END IF; "
    "IF TG_OP = 'UPDATE' OR NEW.lemmas_tsv IS NULL THEN NEW.lemmas_tsv := " + LEMMAS.format(row="NEW") + "; END IF; "
    "RETURN NEW; END $$",
    # The condition is checked without calling the function: rows that come with both vectors
    # (most of an import's) cost the server no PL/pgSQL call.
    "CREATE TRIGGER sentence_tsv_insert BEFORE INSERT ON sentence FOR EACH ROW "
    "WHEN (NEW.forms_tsv IS NULL OR NEW.lemmas_tsv IS NULL) EXECUTE FUNCTION sentence_tsv()",
    "CREATE TRIGGER sentence_tsv_update BEFORE UPDATE ON sentence FOR EACH ROW "
    "WHEN (NEW.forms IS DISTINCT FROM OLD.forms OR NEW.lemmas IS DISTINCT FROM OLD.lemmas "
    "OR NEW.forms_tsv IS DISTINCT FROM OLD.forms_tsv OR NEW.lemmas_tsv IS DISTINCT FROM OLD.lemmas_tsv) "
    "EXECUTE FUNCTION sentence_tsv()",
)

POSTGRES_GENERATED = (
    "DROP TRIGGER IF EXISTS sentence_tsv_update ON sentence",
    "DROP TRIGGER IF EXISTS sentence_tsv_insert ON sentence",
    "DROP FUNCTION IF EXISTS sentence_tsv()",
    "DROP INDEX IF EXISTS ix_sentence_lemmas_tsv",
    "DROP INDEX IF EXISTS ix_sentence_forms_tsv",
    "ALTER TABLE sentence DROP COLUMN IF EXISTS lemmas_tsv",
    "ALTER TABLE sentence DROP COLUMN IF EXISTS forms_tsv",
    # As 0003 made them.
    "ALTER TABLE sentence ADD COLUMN forms_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, forms)) STORED",
    "ALTER TABLE sentence ADD COLUMN lemmas_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, replace(lemmas, '|', ' '))) STORED",
    "CREATE INDEX ix_sentence_forms_tsv ON sentence USING gin (forms_tsv)",
    "CREATE INDEX ix_sentence_lemmas_tsv ON sentence USING gin (lemmas_tsv)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_TRIGGER:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_GENERATED:
            op.execute(statement)
