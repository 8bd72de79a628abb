"""PostgreSQL ``tsvector`` values written by the importer instead of computed by the server.

Why: on PostgreSQL most of an import's extra time was the server's per-sentence work after the
importer had sent the last row of a file, and ``to_tsvector`` was the largest part of it (0.4 s per
column for the 60,026 sentences of the S corpus, two columns). A sentence's stored forms and lemmas
are already the search terms, casefolded and split by kode's language layer, so for most sentences
the vector is just each word with its position; reading that literal costs the server a fraction
of running its text-search parser and dictionary over the words.

:func:`tsvector_literal` gives the literal only when it is certain to equal
``to_tsvector('simple', text)`` (the lexemes and their positions): every word is made of lowercase
letters of a small set for which PostgreSQL's default parser makes one word token and the
``simple`` dictionary's lowercasing changes nothing, whatever the database's locale (C, C.UTF-8 or
another UTF-8 one). Anything else (digits, hyphens, apostrophes, an e-mail address, a URL, an
upper-case or decomposed letter, a letter outside the set, an over-long word) gets None, and the
database computes the vector itself (the ``sentence_tsv`` trigger of migration 0010, which also
recomputes both vectors whenever a sentence's forms or lemmas change). ``tests/search/
test_tsvector.py`` checks the literals against the server's own ``to_tsvector`` over the example
corpus and hostile words.
"""

from __future__ import annotations

import re
from operator import add

#: A text of lowercase words from the safe set, separated by spaces (for lemmas also ``|``):
#: ASCII a–z and the lowercase Latin-1 letters (ß–ö, ø–ÿ: æ, ø, å, ä, ö, ü, é, è, …), precomposed.
_PLAIN = re.compile(r"[a-z\u00df-\u00f6\u00f8-\u00ff ]*")
#: PostgreSQL drops words of 2,048 bytes or more ("word is too long to be indexed"); the safe
#: letters take at most two bytes each.
MAX_WORD = 1000
#: Positions above 16,383 are stored as 16,383; literals stay well below (longer sentences: the server).
MAX_WORDS = 4_096
#: ":1 ", ":2 ", …: a word and its position are joined by one C-level ``add`` (half the time of
#: formatting them; the literals are made for every sentence an import writes).
_POSITIONS = [f":{i} " for i in range(1, MAX_WORDS + 1)]


def tsvector_literal(text: str) -> str | None:
    """``text``'s words as a ``tsvector`` literal equal to ``to_tsvector('simple', text)``, or
    None when that cannot be promised (the database then computes it)."""
    if not _PLAIN.fullmatch(text):
        return None
    words = text.split()  # only spaces can be there: the pattern admits no other white space
    if len(words) > MAX_WORDS or (len(text) > MAX_WORD and max(map(len, words)) > MAX_WORD):
        return None
    # Unquoted: the safe letters hold no character a tsvector literal would need quoted.
    return "".join(map(add, words, _POSITIONS))


def lemmas_tsvector_literal(lemmas: str) -> str | None:
    """The literal for the ``lemmas`` column (``to_tsvector('simple', replace(lemmas, '|', ' '))``)."""
    return tsvector_literal(lemmas.replace("|", " "))
