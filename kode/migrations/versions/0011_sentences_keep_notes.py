"""sentences split again where a transcriber's bracketed note tore them

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

Before this version the sentence splitter ended a sentence at the full stop inside ``(utydelig.)``
and tore a note after a full stop from its sentence (``Vi gikk. [`` | ``latter] Og så …``). The
pipelines now keep notes inside their sentence (:mod:`intervju.language.notes`), but an index
written before kept the old cuts, and with them wrong search hits, quotes and ``kode code
--sentence`` spans, until someone thought of ``kode reindex --force``. This upgrade finds the
interviews whose stored sentences the rule changes and indexes them again with the pipeline that
indexed them (the built-in fallback always; a trained model when it is installed here), in the
upgrade's one transaction. Interviews indexed by a model that is not installed keep their
sentences; the upgrade names them (interview names only) for a ``kode reindex --force`` where the
model is. No schema change; the downgrade leaves the sentences as they are (they read correctly
under the older code too).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from alembic import op

if TYPE_CHECKING:
    from intervju.language import LanguagePipeline

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from sqlalchemy.orm import Session

    from intervju.indexing import repair_torn_sentences
    from intervju.language import FALLBACK_NAME, load_pipeline
    from intervju.setup import get_setting
    from kode.facade_search import MODEL_SETTING

    connection = op.get_bind()
    with Session(bind=connection) as session:
        configured = get_setting(session, MODEL_SETTING)

    def pipeline_for(name: str | None) -> LanguagePipeline | None:
        if name == FALLBACK_NAME:
            return load_pipeline(None)
        if configured:
            pipeline = load_pipeline(configured)  # the fallback when the model is not installed
            if pipeline.info.name == name:
                return pipeline
        return None

    repair = repair_torn_sentences(connection, pipeline_for)
    log = logging.getLogger("kode")
    if repair.redone:
        log.info("sentences split again around transcribers' notes in %d interviews", len(repair.redone))
    if repair.left:
        names = ", ".join(name for name, _ in repair.left[:10]) + (" …" if len(repair.left) > 10 else "")
        log.warning("%d interviews indexed by a pipeline not installed here keep sentences cut at "
                    "transcribers' notes (%s): run `kode reindex PROJECT --force` where it is installed",
                    len(repair.left), names)


def downgrade() -> None:
    """Nothing to undo: sentences that keep their notes read correctly under the older code too."""
