"""ranked readings, nynorsk lemmas and a vocabulary of lemmas: the lemma index written again

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

The lemma tables changed in what they give a word (see :mod:`intervju.language.lexicon`): only
plausible readings of ambiguous forms (*bra* no longer reads as *bre*), each lemma's own forms
(*miste*), nynorsk and dialect forms (*køyrde* → *køyre*), genitives (*Norges*). This upgrade
writes every sentence's lemma column again from its stored forms with the new tables and adds
the lemmas to the corpus vocabulary, which fuzzy queries now match as well
(:func:`intervju.indexing.restore_lemmas`). No schema change; the downgrade keeps the lemmas.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from intervju.indexing import restore_lemmas

    restore_lemmas(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: the rewritten lemmas read correctly under the older code too."""
