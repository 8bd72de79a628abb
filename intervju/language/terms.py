"""How a sentence's word forms and lemma groups are written into the index's two text columns.

The index keeps per sentence one string of forms and one of lemma groups: the i-th form and the
i-th group belong to the i-th word token, the forms separated by a space, the groups by a space,
a group's lemmas by ``|``. Positions are recovered by splitting, so a form or a lemma that holds a
separator itself would shift every later word of the sentence onto the wrong lemma. Ordbank has
such lemmas (*mang en*, a reading of *mange*), and a token can hold a no-break or thin space. Every
term therefore passes :func:`clean` before it is joined: each whitespace character (anything
``str.split`` splits at) and each ``|`` becomes ``_``, one character for one, so offsets found
in the text stay right. Full-text tokenizers (FTS5 ``unicode61``, PostgreSQL ``simple``) split at
``_`` as they split at a space, so a cleaned multi-word lemma is still found as a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

#: Characters a stored term may not hold: the separators of the two columns.
_SEPARATORS = re.compile(r"[\s|]")
#: What replaces a separator inside a term.
JOINER = "_"


def clean(term: str) -> str:
    """The term with every whitespace character and ``|`` replaced by ``_`` (same length)."""
    return _SEPARATORS.sub(JOINER, term) if _SEPARATORS.search(term) else term


def join_forms(forms: Iterable[str]) -> str:
    """One sentence's forms as stored (each cleaned, space-separated)."""
    return " ".join(clean(f) for f in forms)


def join_group(lemmas: Iterable[str]) -> str:
    """One token's lemmas as stored inside the lemma column (each cleaned, ``|``-separated)."""
    return "|".join(clean(lemma) for lemma in lemmas)


def join_lemmas(groups: Iterable[Sequence[str]]) -> str:
    """One sentence's lemma groups as stored, aligned with :func:`join_forms`."""
    return " ".join(join_group(g) for g in groups)


def split_forms(forms: str) -> list[str]:
    """The stored forms of a sentence, in token order."""
    return forms.split()


def split_lemmas(lemmas: str) -> list[tuple[str, ...]]:
    """The stored lemma groups of a sentence, in token order."""
    return [tuple(group.split("|")) for group in lemmas.split()]


def aligned(forms: str, lemmas: str) -> bool:
    """Whether the two columns hold as many entries (an index written before :func:`clean`
    may not, and then every word after a multi-word lemma carries the wrong lemma)."""
    return len(forms.split()) == len(lemmas.split())
