"""Is this an ordinary Norwegian word? The set of every form and lemma in the Ordbank tables.

De-identification asks it of capitalised words: a capital on a word Ordbank does not know, inside
a sentence, marks a name. The lemma table (:mod:`intervju.language.lexicon`) leaves out forms that
are their own lemma, so it cannot answer this; this module keeps every form and every lemma of
``spacy-lookups-data``'s Norwegian Bokmål tables (Norsk Ordbank, CC BY 4.0) plus spaCy's Norwegian
stop words (closed-class words the tables lack: *og*, *at*, *så*). Built once and cached beside
the lemma table, as a plain list read with the same class-refusing unpickler.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import logging
import pickle
from functools import lru_cache
from pathlib import Path

from intervju.language.lexicon import (
    CLOSED,
    _PlainUnpickler,
    _write_atomically,
    default_cache_dir,
    lookups_version,
)

_LOGGER = logging.getLogger("intervju.language")
BUILD_VERSION = "2"


def build_words() -> tuple[frozenset[str], frozenset[str]]:
    """(common words, proper nouns), casefolded.

    Ordbank writes proper nouns with their capital (*Bodø*, *Marit*, *Hovland*) and ordinary
    words in lower case (*bjørn* as well as *Bjørn*), so a form counts as common when the tables
    have it in lower case, and as a proper noun when they have it only with a capital.
    """
    from spacy.lang.nb.stop_words import STOP_WORDS

    data = importlib.resources.files("spacy_lookups_data").joinpath("data")
    common: set[str] = set()
    capitalised: set[str] = set()

    def add(raw: str) -> None:
        if raw[:1].isupper():
            capitalised.add(raw.casefold())
        else:
            common.add(raw.casefold())

    with gzip.open(str(data.joinpath("nb_lemma_exc.json.gz")), "rt", encoding="utf-8") as fh:
        exc: dict[str, dict[str, list[str]]] = json.load(fh)
    for by_form in exc.values():
        for form, lemmas in by_form.items():
            add(form)
            for lemma in lemmas:
                add(lemma)
    with gzip.open(str(data.joinpath("nb_lemma_lookup.json.gz")), "rt", encoding="utf-8") as fh:
        lookup: dict[str, str] = json.load(fh)
    for form, lemma in lookup.items():
        add(form)
        add(lemma)
    common.update(w.casefold() for w in STOP_WORDS)
    common.update(CLOSED)
    return frozenset(common), frozenset(capitalised - common)


@lru_cache(maxsize=1)
def load_words(cache_dir: Path | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(common words, proper nouns) of Ordbank, casefolded, cached under the user's cache directory."""
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    path = directory / f"nb-words-{lookups_version()}-{BUILD_VERSION}.pickle"
    try:
        with path.open("rb") as fh:
            items = _PlainUnpickler(fh).load()
        if not (isinstance(items, tuple) and len(items) == 2 and all(isinstance(i, list) for i in items)):
            raise TypeError("not a pair of word lists")
        return frozenset(items[0]), frozenset(items[1])
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
        _LOGGER.warning("word cache %s unreadable (%s); rebuilding it", path, exc)
    common, proper = build_words()
    try:
        payload = (sorted(common), sorted(proper))
        _write_atomically(path, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        _LOGGER.warning("cannot write word cache %s (%s); it will be rebuilt next start", path, exc)
    return common, proper
