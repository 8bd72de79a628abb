"""Norsk Ordbank lemma tables from ``spacy-lookups-data``, reduced to one fast look-up.

spaCy ships the Norwegian Bokmål full-form lists (Norsk Ordbank, CC BY 4.0) as JSON: per part of
speech (adjective, adverb, noun, verb) a map from form to lemmas, plus a small lookup table of
closed-class words and abbreviations. spaCy's own rule lemmatizer needs a part-of-speech tag, which
the fallback pipeline has not got, so this module merges the tables into one map from casefolded
form to candidate lemmas, ordered so that the first candidate is the most likely lemma.

Why an order is needed: about 10,000 forms have several lemmas ("landet": *land* or *lande*,
"går": *gå* or the rare *gåre*). Without a tagger the choice is made once per form, from how the form
relates to each candidate (a present tense "-r" beats a rare imperative, a definite noun "-et" beats a
past tense), with a short hand list of closed-class words (pronouns, determiners, auxiliaries,
suppletive comparatives) on top. The tables also lost some readings when a form had several lemmas
within one part of speech ("saken" lists only *sake*); suffix rules checked against the set of
known lemmas put them back. Nothing here is learnt from annotated text.

Reading the JSON takes more than a second, so the merged map is stored once under the user's cache
directory (``$XDG_CACHE_HOME/kode`` or ``~/.cache/kode``), keyed by the tables' version and this
module's build version, written atomically with mode 0600. Later starts unpickle it (about four
times faster than ``marshal`` for this many shared strings) with an unpickler that refuses every
class, so the file can only ever yield dicts, tuples and strings.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import importlib.resources
import json
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_LOGGER = logging.getLogger("intervju.language")

#: Bump when the way the table is built changes, so stale caches are not read.
BUILD_VERSION = "1"

#: Closed-class forms and their lemmas, following the UD Norwegian Bokmål conventions (which follow
#: Norsk Ordbank): the article "et" and the pronoun "det" belong to *en* and *den*, object forms to
#: the subject form, possessive forms to the masculine form, and suppletive comparatives to their
#: positive. These words are frequent and their table readings are often wrong ("meg" → *mige*).
CLOSED: dict[str, str] = {
    # personal and reflexive pronouns
    "jeg": "jeg", "meg": "jeg", "du": "du", "deg": "du", "han": "han", "ham": "han",
    "hun": "hun", "henne": "hun", "vi": "vi", "oss": "vi", "dere": "dere", "de": "de",
    "dem": "de", "seg": "seg", "selv": "selv", "hverandre": "hverandre",
    # possessives
    "min": "min", "mitt": "min", "mine": "min", "din": "din", "ditt": "din", "dine": "din",
    "sin": "sin", "sitt": "sin", "sine": "sin", "vår": "vår", "vårt": "vår", "våre": "vår",
    "hans": "hans", "hennes": "hennes", "deres": "deres",
    # articles, demonstratives and determiners
    "en": "en", "ei": "en", "et": "en", "ett": "én", "den": "den", "det": "den",
    "denne": "denne", "dette": "dette", "disse": "disse",
    "noen": "noen", "noe": "noe", "ingen": "ingen", "intet": "ingen", "ingenting": "ingenting",
    "all": "all", "alt": "alt", "alle": "alle",
    "annen": "annen", "annet": "annen", "andre": "annen",
    "egen": "egen", "eget": "egen", "egne": "egen",
    "hver": "hver", "hvert": "hver", "enhver": "enhver", "ethvert": "enhver",
    "hvilken": "hvilken", "hvilket": "hvilken", "hvilke": "hvilken",
    "slik": "slik", "slikt": "slik", "slike": "slik", "sånn": "sånn", "sånt": "sånn", "sånne": "sånn",
    "begge": "begge", "samme": "samme",
    # quantifiers and suppletive comparison
    "mange": "mange", "flere": "mange", "flest": "mange", "fleste": "mange",
    "mye": "mye", "mer": "mye", "mest": "mye", "få": "få", "færre": "få", "færrest": "få",
    "litt": "litt", "liten": "liten", "lita": "liten", "lite": "liten", "lille": "liten",
    "små": "liten", "mindre": "liten", "minst": "liten", "minste": "liten",
    "god": "god", "godt": "god", "gode": "god", "bedre": "god", "best": "god", "beste": "god",
    "gammel": "gammel", "gammelt": "gammel", "gamle": "gammel", "eldre": "gammel",
    "eldst": "gammel", "eldste": "gammel",
    "stor": "stor", "stort": "stor", "store": "stor", "større": "stor", "størst": "stor",
    "største": "stor",
    # auxiliaries and modal verbs
    "være": "være", "er": "være", "var": "være", "vært": "være",
    "ha": "ha", "har": "ha", "hadde": "ha", "hatt": "ha",
    "bli": "bli", "blir": "bli", "ble": "bli", "blei": "bli", "blitt": "bli",
    "kunne": "kunne", "kan": "kunne", "kunnet": "kunne",
    "skulle": "skulle", "skal": "skulle", "skullet": "skulle",
    "ville": "ville", "vil": "ville", "villet": "ville",
    "måtte": "måtte", "må": "måtte", "måttet": "måtte", "burde": "burde", "bør": "burde",
    "får": "få", "fikk": "få", "fått": "få",
    "gjøre": "gjøre", "gjør": "gjøre", "gjorde": "gjøre", "gjort": "gjøre",
    "si": "si", "sier": "si", "sa": "si", "sagt": "si",
    "vite": "vite", "vet": "vite", "visste": "vite",
}
#: Function words that are their own lemma; their table readings are rare homographs ("eller" as a
#: verb form of *elle*, "når" of *nå*, "før" of *fø*).
_SELF_LEMMAS = (
    "og", "eller", "men", "for", "når", "før", "etter", "om", "at", "som", "da", "fordi", "hvis",
    "enn", "mens", "siden", "under", "over", "rundt", "mot", "med", "uten", "fra", "til", "ved",
    "hos", "gjennom", "mellom", "blant", "bak", "foran", "langs", "ikke", "også", "bare", "nå",
    "her", "der", "hjem", "ut", "inn", "opp", "ned", "nok", "jo", "vel", "heller", "meget", "frem",
    "fram", "bort", "igjen", "sammen", "lenge", "alltid", "aldri", "ofte", "snart", "allerede",
    "fortsatt", "kanskje", "likevel",
)
CLOSED.update((word, word) for word in _SELF_LEMMAS)

#: Suffix rules per part of speech: (ending of the form, replacement, relation). A rule only yields
#: a lemma that the tables know for that part of speech.
_RULES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "verb": (
        ("r", "", "pres"), ("s", "", "pass"), ("te", "e", "past"), ("et", "e", "past"),
        ("t", "e", "past_t"), ("de", "e", "past"), ("dde", "", "past"), ("dd", "", "past"),
        ("a", "e", "past"),
    ),
    "noun": (
        ("en", "", "def"), ("et", "", "def"), ("a", "", "def"), ("a", "e", "def"),
        ("n", "", "def"), ("t", "", "def"), ("er", "", "pl"), ("r", "", "pl"),
        ("ene", "", "pl"), ("ne", "", "pl"), ("ene", "e", "pl"),
    ),
    "adj": (("e", "", "adj"), ("t", "", "adj"), ("ere", "", "adj"), ("este", "", "adj"),
            ("est", "", "adj")),
}

#: How likely a form is to be used in each relation to a candidate lemma, as a rank (higher wins).
#: Hand-set from Norwegian grammar: finite verb forms and plain nouns are common, imperatives rare.
_PRIORITY: dict[str, int] = {
    "pres": 45, "vother": 42, "id_adv": 41, "past": 41, "adj": 41, "id_noun": 40,
    "id_verb": 40, "id_lookup": 40, "id_adj": 39, "lookup": 38, "part": 36, "def": 35, "pl": 34,
    "past_t": 33, "pass": 24, "gen": 20, "adjother": 18, "nother": 15, "other": 10, "imp": 5,
}

_PARTS = re.compile(r"[-/]")


def _relation(form: str, lemma: str, pos: str) -> str:
    """Name how ``form`` inflects ``lemma`` within ``pos``, for ranking the candidates."""
    if form == lemma:
        return "id_" + pos
    if pos == "lookup":
        return "lookup"
    if pos == "verb":
        if lemma.endswith("e") and form == lemma[:-1]:
            return "imp"
        for ending, replacement, rel in _RULES["verb"]:
            if form.endswith(ending) and form[: len(form) - len(ending)] + replacement == lemma:
                return rel
        return "vother"
    if pos in ("noun", "adj"):
        for ending, replacement, rel in _RULES[pos]:
            if form.endswith(ending) and form[: len(form) - len(ending)] + replacement == lemma:
                return rel
        return "nother" if pos == "noun" else "adjother"
    return "other"


def lookups_version() -> str:
    """The installed ``spacy-lookups-data`` version, which keys the cache."""
    return importlib.metadata.version("spacy-lookups-data")


def _source_tables() -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
    """Read the Bokmål tables straight from the package data (no spaCy import needed)."""
    data = importlib.resources.files("spacy_lookups_data").joinpath("data")
    with gzip.open(str(data.joinpath("nb_lemma_exc.json.gz")), "rt", encoding="utf-8") as fh:
        exc: dict[str, dict[str, list[str]]] = json.load(fh)
    with gzip.open(str(data.joinpath("nb_lemma_lookup.json.gz")), "rt", encoding="utf-8") as fh:
        lookup: dict[str, str] = json.load(fh)
    return exc, lookup


def build_table() -> dict[str, tuple[str, ...]]:
    """Merge the Ordbank tables into casefolded form → candidate lemmas, most likely first.

    Forms whose only candidate is the form itself are left out: the look-up falls back to the
    form anyway, and leaving them out halves the cache.
    """
    exc, lookup = _source_tables()
    # form -> lemma -> best priority seen
    readings: dict[str, dict[str, int]] = {}

    def add(form: str, lemma: str, rel: str) -> None:
        per_form = readings.setdefault(form, {})
        prio = _PRIORITY.get(rel, 10)
        if per_form.get(lemma, -1) < prio:
            per_form[lemma] = prio

    known: dict[str, set[str]] = {}
    for pos, by_form in exc.items():
        lemmas = known.setdefault(pos, set())
        for raw_form, raw_lemmas in by_form.items():
            form = raw_form.casefold()
            for raw_lemma in raw_lemmas:
                lemma = raw_lemma.casefold()
                lemmas.add(lemma)
                add(form, lemma, _relation(form, lemma, pos))
    for raw_form, raw_lemma in lookup.items():
        form, lemma = raw_form.casefold(), raw_lemma.casefold()
        add(form, lemma, _relation(form, lemma, "lookup"))
    # Readings the tables dropped: rebuild them by suffix rules against the known lemmas.
    for form in list(readings):
        for pos, rules in _RULES.items():
            lemmas = known.get(pos, set())
            for ending, replacement, rel in rules:
                if form.endswith(ending) and len(form) > len(ending) + 1:
                    lemma = form[: len(form) - len(ending)] + replacement
                    if lemma in lemmas:
                        add(form, lemma, rel)
    # Participles used as adjectives or nouns ("de ansatte") also read as the participle itself,
    # the lemma UD and dictionaries give such words (*ansatt* beside *ansette*).
    verbs = known.get("verb", set())
    participles = {
        form.casefold()
        for form, adj_lemmas in exc.get("adj", {}).items()
        if form.endswith(("t", "d")) and any(lem.casefold() in verbs for lem in adj_lemmas)
    }
    for form in list(readings):
        if form.endswith("e") and form[:-1] in participles:
            add(form, form[:-1], "part")
    # Genitive -s of a noun form: "landets" reads as "landet", i.e. *land*.
    nouns = known.get("noun", set())
    for form in list(readings):
        if form.endswith("s") and len(form) > 3:
            base = readings.get(form[:-1])
            if base:
                for lemma in base:
                    if lemma in nouns:
                        add(form, lemma, "gen")
    for form, lemma in CLOSED.items():
        readings.setdefault(form, {})[lemma] = 1000
    table: dict[str, tuple[str, ...]] = {}
    for form, per_form in readings.items():
        ordered = tuple(sorted(per_form, key=lambda lem: (-per_form[lem], len(lem), lem)))
        if ordered != (form,):
            table[form] = ordered
    return table


def _build_key() -> str:
    """Cache key: tables version plus a digest of everything that shapes the build."""
    digest = hashlib.sha256(
        repr((BUILD_VERSION, sorted(CLOSED.items()), _RULES, sorted(_PRIORITY.items()))).encode()
    ).hexdigest()[:12]
    return f"{lookups_version()}-{digest}"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/kode`` or ``~/.cache/kode``: per user, never inside a project."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kode"


def _write_atomically(path: Path, payload: bytes) -> None:
    """Write to a 0600 temp file beside ``path`` and rename it over, so readers never see half."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Lexicon:
    """Casefolded form → candidate lemmas, plus the compound handling search relies on."""

    def __init__(self, table: dict[str, tuple[str, ...]], version: str) -> None:
        self._table = table
        self.version = version
        self._memo: dict[str, tuple[str, tuple[str, ...]]] = {}

    def __len__(self) -> int:
        return len(self._table)

    def candidates(self, norm: str) -> tuple[str, ...]:
        """Table candidates of one casefolded form, most likely first; the form if unknown."""
        return self._table.get(norm) or (norm,)

    def lemmatise(self, norm: str) -> tuple[str, tuple[str, ...]]:
        """(display lemma, all lemmas for search) of a casefolded form, memoised per form.

        Hyphen and slash compounds keep one token (spaCy splits at a slash between words, so in
        running text that case arrives as separate tokens); their lemmas are those of the whole
        word, then each part's candidates ("dbt-ferdigheter" → *dbt-ferdighet*, *dbt*,
        *ferdighet*), so a search for either part finds the compound. A compound missing from the
        tables gets its last part lemmatised ("nav-kontoret" → *nav-kontor*).
        """
        hit = self._memo.get(norm)
        if hit is not None:
            return hit
        whole = self._table.get(norm)
        parts = [p for p in _PARTS.split(norm) if any(c.isalpha() for c in p)]
        if len(parts) > 1 and not norm.startswith(("-", "/")) and not norm.endswith(("-", "/")):
            if whole is None:
                whole = (norm[: len(norm) - len(parts[-1])] + self.candidates(parts[-1])[0],)
            lemmas = unique([*whole, *(c for p in parts for c in self.candidates(p))])
            hit = (whole[0], lemmas)
        else:
            found = whole or (norm,)
            hit = (found[0], found)
        self._memo[norm] = hit
        return hit


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """The items once each, first occurrence first."""
    return tuple(dict.fromkeys(items))


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles builtin containers and strings only; any class reference is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"lemma cache refers to {module}.{name}")


def load_lexicon(cache_dir: Path | None = None) -> Lexicon:
    """Read the merged table from the cache, building and storing it on the first run.

    A cache that cannot be read or written (read-only home, corrupt file) only costs speed: the
    table is built in memory and a warning says why.
    """
    key = _build_key()
    version = f"ordbank {key}"
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    path = directory / f"nb-lemmas-{key}.pickle"
    try:
        with path.open("rb") as fh:
            table = _PlainUnpickler(fh).load()
        if not isinstance(table, dict):
            raise TypeError(f"holds a {type(table).__name__}, not a table")
        return Lexicon(table, version)
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
        _LOGGER.warning("lemma cache %s unreadable (%s); rebuilding it", path, exc)
    table = build_table()
    try:
        _write_atomically(path, pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        _LOGGER.warning("cannot write lemma cache %s (%s); it will be rebuilt next start", path, exc)
    return Lexicon(table, version)
