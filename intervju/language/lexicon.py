"""Lemma tables for search: Norsk Ordbank (bokmål) and nynorsk, as one compact on-disk look-up.

Sources. spaCy ships the Norwegian Bokmål full-form lists (Norsk Ordbank, CC BY 4.0) in
``spacy-lookups-data``: per part of speech (adjective, adverb, noun, verb) a map from form to
lemmas, plus a small lookup table of closed-class words and abbreviations. ``simplemma`` ships a
nynorsk full-form list (form → one lemma) and a bokmål one; the nynorsk list lemmatises forms that
bokmål does not know (*ikkje*, *køyrde*, *kjem*), the bokmål one is a second opinion that ranks
Ordbank's readings. :mod:`intervju.language.nynorsk` maps lemmas across the standards.

Readings, and which of them count (the rule for ambiguous forms, also in ``docs/search.md``):

1. A closed-class word (pronoun, determiner, auxiliary, conjunction, common adverb: :data:`CLOSED`)
   has exactly its closed lemma: *bare* is *bare*, never the adjective *bar*; *mange* is *mange*.
2. Every form that is itself a lemma in the tables has that lemma among its readings (*miste*,
   *lærer*), so a query for a lemma always finds its own forms. This reading comes last unless
   the tables list it themselves, so the displayed lemma stays the inflection's.
3. A form that Ordbank lists as its own lemma (*bra* under adjectives, *barn* under nouns)
   keeps another reading only when that reading is the present
   tense of a verb (*lærer* → *lære*, *kjører* → *kjøre*), a past tense from the hand list of
   strong verbs (*så* → *se*, *la* → *legge*, *fant* → *finne*), or the lemma the second table
   gives the form. So *bra* is not *bre*, *barn* is not *bar*, *hus* is not *huse*.
4. Readings the Ordbank JSON lost are rebuilt by suffix rules only where the rule fits the
   lemma's shape (the definite "-n", "-t" and plural "-r" of nouns only after a lemma in "-e").
5. A genitive in "-s" of a noun or proper noun the tables do not list reads as that noun
   (*Norges* → *norge*, *barnets* → *barn*), decided at look-up.
6. A form only nynorsk has gets its nynorsk lemma; a form bokmål knows keeps its bokmål readings.

Without a tagger the order of a form's readings (the first is the displayed lemma) comes from how
the form relates to each candidate (a present tense "-r" beats a rare imperative, a definite
noun "-et" beats a past tense), with the closed-class list on top. Nothing here is learnt from
annotated text.

Storage. Reading the sources takes seconds and the merged map held 120 MB as Python objects, so
it is built once into a SQLite file under the user's cache directory (``$XDG_CACHE_HOME/kode`` or
``~/.cache/kode``), keyed by the sources' versions and this module's build version, written to a
temporary name with mode 0600 and renamed into place. A process then looks up only the forms it
meets (a search: the query's few words), each once, through an indexed primary key.
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
import sqlite3
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intervju.language.nynorsk import DIALECT_VERBS, EQUIVALENTS
from intervju.language.terms import clean

_LOGGER = logging.getLogger("intervju.language")

#: Bump when the way the table is built changes, so stale caches are not read.
BUILD_VERSION = "2"

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


#: Past tenses of strong verbs that are also words of their own, so the tables' ranking would
#: lose them; each is the reading a listener hears first in speech (*Jeg så henne* → *se*).
STRONG_PAST: dict[str, tuple[str, ...]] = {
    "så": ("se",), "la": ("legge",), "lå": ("ligge",), "sto": ("stå",), "fant": ("finne",),
    "gikk": ("gå",), "tok": ("ta",), "kom": ("komme",), "ga": ("gi",), "gav": ("gi",),
    "satt": ("sitte",), "traff": ("treffe",), "drakk": ("drikke",), "sov": ("sove",),
    "skrev": ("skrive",), "bar": ("bære",), "ba": ("be",), "bad": ("be",), "dro": ("dra",),
    "slo": ("slå",), "sang": ("synge",), "lo": ("le",), "fløy": ("fly",), "frøs": ("fryse",),
    "rant": ("renne",), "brant": ("brenne",), "falt": ("falle",), "holdt": ("holde",),
    "hjalp": ("hjelpe",), "løp": ("løpe",), "sloss": ("slåss",),
}

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
#: Noun endings that follow a lemma in "-e" only (*jente* → *jenten*, *jenter*, *jentene*); on
#: any other lemma they would read *barn* as a form of *bar*.
_AFTER_E = frozenset({("n", ""), ("t", ""), ("r", ""), ("ne", "")})

#: How likely a form is to be used in each relation to a candidate lemma, as a rank (higher wins).
#: Hand-set from Norwegian grammar: finite verb forms and plain nouns are common, imperatives rare.
_PRIORITY: dict[str, int] = {
    "pres": 45, "vother": 42, "id_adv": 41, "past": 41, "adj": 41, "id_noun": 40,
    "id_verb": 40, "id_lookup": 40, "id_adj": 39, "lookup": 38, "part": 36, "def": 35, "pl": 34,
    "past_t": 33, "strong": 30, "pass": 24, "gen": 20, "adjother": 18, "nother": 15,
    "id_lemma": 12, "other": 10, "imp": 5,
}
#: What the second table's agreement adds to a reading's rank when ordering (the closed-class
#: list stays on top).
_PRIMARY_BONUS = 5

#: Relations by which a form that is itself a lemma keeps another reading (rule 3).
_KEEP_BESIDE_OWN = frozenset({"pres", "strong", "closed"})

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


def _simplemma_version() -> str:
    try:
        return importlib.metadata.version("simplemma")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _source_tables() -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
    """Read the Bokmål tables straight from the package data (no spaCy import needed)."""
    data = importlib.resources.files("spacy_lookups_data").joinpath("data")
    with gzip.open(str(data.joinpath("nb_lemma_exc.json.gz")), "rt", encoding="utf-8") as fh:
        exc: dict[str, dict[str, list[str]]] = json.load(fh)
    with gzip.open(str(data.joinpath("nb_lemma_lookup.json.gz")), "rt", encoding="utf-8") as fh:
        lookup: dict[str, str] = json.load(fh)
    return exc, lookup


def _simplemma_table(lang: str) -> dict[str, str]:
    """simplemma's full-form list for ``lang`` ("nn" or "nb"), casefolded; empty without it."""
    try:
        from simplemma.strategies import DefaultDictionaryFactory
    except ImportError:  # pragma: no cover - a declared dependency; the tables still work
        _LOGGER.warning("simplemma is not installed: nynorsk forms are not lemmatised")
        return {}
    table = DefaultDictionaryFactory().get_dictionary(lang)
    return {form.casefold(): lemma.casefold() for form, lemma in table.items()}


def _nynorsk_source() -> dict[str, str]:
    """Nynorsk form → lemma."""
    return _simplemma_table("nn")


def _primary_source() -> dict[str, str]:
    """Bokmål form → its one most likely lemma: the second opinion that rule 3 asks."""
    return _simplemma_table("nb")


@dataclass
class Tables:
    """What the build makes: form → (lemmas most likely first, the noun lemmas a genitive of
    the form reads as, or ``None``), and lemma → the lemmas of other standards it reaches."""

    forms: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = field(default_factory=dict)
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)


def build_tables() -> Tables:
    """Merge the sources into :class:`Tables` by the rules in the module docstring."""
    exc, lookup = _source_tables()
    primary = _primary_source()
    # form -> lemma -> (best priority seen, its relation)
    readings: dict[str, dict[str, tuple[int, str]]] = {}

    def add(form: str, lemma: str, rel: str) -> None:
        per_form = readings.setdefault(form, {})
        prio = _PRIORITY.get(rel, 10)
        if per_form.get(lemma, (-1, ""))[0] < prio:
            per_form[lemma] = (prio, rel)

    known: dict[str, set[str]] = {}
    noun_forms: set[str] = set()
    for pos, by_form in exc.items():
        lemmas = known.setdefault(pos, set())
        for raw_form, raw_lemmas in by_form.items():
            form = raw_form.casefold()
            if pos == "noun":
                noun_forms.add(form)
            for raw_lemma in raw_lemmas:
                lemma = raw_lemma.casefold()
                lemmas.add(lemma)
                add(form, lemma, _relation(form, lemma, pos))
    for raw_form, raw_lemma in lookup.items():
        form, lemma = raw_form.casefold(), raw_lemma.casefold()
        add(form, lemma, _relation(form, lemma, "lookup"))
    # Readings the tables dropped: rebuild them by suffix rules against the known lemmas (rule 4).
    for form in list(readings):
        for pos, rules in _RULES.items():
            lemmas = known.get(pos, set())
            for ending, replacement, rel in rules:
                if not form.endswith(ending) or len(form) < len(ending) + 2:
                    continue
                lemma = form[: len(form) - len(ending)] + replacement
                if lemma in lemmas and not (pos == "noun" and (ending, replacement) in _AFTER_E
                                            and not lemma.endswith("e")):
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
    # Rule 2: a form that is a lemma reads as itself too.
    every_lemma: set[str] = set().union(*known.values()) if known else set()
    for lemma in every_lemma:
        add(lemma, lemma, "id_lemma")
    # Rule 5 for forms the tables list anyway (*mors* is also the imperative of *morse*): the
    # genitive of a noun form reads as its noun; rule 3 below still drops it beside a lemma of
    # its own (*hus* is not the genitive of *hu*).
    nouns = known.get("noun", set())
    for form in list(readings):
        if len(form) > 3 and form.endswith("s") and form[:-1] in noun_forms:
            for lemma in readings.get(form[:-1], {}):
                if lemma in nouns:
                    add(form, lemma, "gen")
    for form, pasts in STRONG_PAST.items():
        for lemma in pasts:
            add(form, lemma, "strong")
    # Rules 1 and 3.
    for form, lemma in CLOSED.items():
        readings[form] = {lemma: (1000, "closed")}
    for form, per_form in readings.items():
        if per_form.get(form, (0, "id_lemma"))[1] != "id_lemma" and len(per_form) > 1:
            second = primary.get(form)
            for lemma in [lem for lem, (_p, rel) in per_form.items()
                          if lem != form and lem != second and rel not in _KEEP_BESIDE_OWN]:
                del per_form[lemma]

    tables = Tables()
    for form, per_form in readings.items():
        second = primary.get(form)
        ordered = tuple(sorted(per_form, key=lambda lem: (
            -per_form[lem][0] - (_PRIMARY_BONUS if lem == second else 0), len(lem), lem)))
        gen = tuple(lem for lem in ordered if lem in nouns) if form in noun_forms else ()
        tables.forms[form] = (ordered, gen or None)
    _add_nynorsk(tables, _nynorsk_source(), verbs, every_lemma)
    return tables


def _add_nynorsk(tables: Tables, nynorsk: dict[str, str], bokmal_verbs: set[str],
                 bokmal_lemmas: set[str]) -> None:
    """Rule 6 plus the dialect verbs and the cross-standard classes (:mod:`.nynorsk`)."""
    nn_lemmas = set(nynorsk.values())
    by_lemma: dict[str, set[str]] = {}
    for form, lemma in nynorsk.items():
        by_lemma.setdefault(lemma, set()).add(form)
        known = tables.forms.get(form)
        if known is None:
            own = (form,) if form in nn_lemmas and form != lemma else ()
            tables.forms[form] = ((lemma, *own), None)
        elif lemma not in bokmal_lemmas and lemma not in known[0] and form not in CLOSED:
            # A form both standards write, with a lemma only nynorsk has (*kjem*: bokmål's
            # imperative of *kjemme*, nynorsk's *kome*): the nynorsk lemma comes last.
            tables.forms[form] = ((*known[0], lemma), known[1])
    for lemma in nn_lemmas:
        if lemma not in tables.forms:
            tables.forms[lemma] = ((lemma,), None)
    for dialect, model in DIALECT_VERBS:
        stem, model_stem = dialect[:-1], model[:-1]
        forms = by_lemma.get(model, set()) | by_lemma.get(model_stem + "a", set()) | {model}
        for form in forms:
            if form.startswith(model_stem):
                variant = stem + form[len(model_stem):]
                if variant not in tables.forms:
                    tables.forms[variant] = ((dialect,), None)
    reach: dict[str, set[str]] = {}
    for members in EQUIVALENTS:
        for member in members:
            reach.setdefault(member, set()).update(members)
            # A listed spelling is a lemma of its own (*itte* is *ikke* here, whatever a table
            # says), also in the genitive (*Noregs*).
            lemmas, gen = tables.forms.get(member, ((), None))
            if member not in lemmas or gen is None:
                tables.forms[member] = (lemmas if member in lemmas else (*lemmas, member), gen or (member,))
    # The nynorsk a-infinitive beside the e-infinitive (*køyra*, *køyre*), where both are
    # nynorsk lemmas and the e-form is a verb (nynorsk verbs are those with a past in "-de"/"-te"
    # or "-a" among their forms; bokmål ones come from Ordbank's verb table).
    nn_verbs = {lemma for lemma, forms in by_lemma.items()
                if any(f.endswith(("de", "te", "dde")) and f[:2] == lemma[:2] for f in forms)}
    for lemma in nn_lemmas:
        if lemma.endswith("a") and len(lemma) > 3:
            e_form = lemma[:-1] + "e"
            if e_form in nn_lemmas and e_form in bokmal_verbs | nn_verbs:
                reach.setdefault(e_form, set()).update((e_form, lemma))
                reach.setdefault(lemma, set()).update((e_form, lemma))
    tables.variants = {
        clean(lemma): tuple(sorted(clean(m) for m in members if m != lemma))
        for lemma, members in reach.items()
        if len(members) > 1
    }


def build_table() -> dict[str, tuple[str, ...]]:
    """Form → readings (most likely first), for inspection and tests; search uses the file."""
    return {form: lemmas for form, (lemmas, _gen) in build_tables().forms.items()}


def _build_key() -> str:
    """Cache key: the sources' versions plus a digest of the code and lists that shape the build
    (this module and :mod:`.nynorsk`), so any change to a rule builds a new table."""
    from intervju.language import nynorsk

    digest = hashlib.sha256(BUILD_VERSION.encode())
    for module_file in (__file__, nynorsk.__file__):
        digest.update(Path(module_file).read_bytes())
    return f"{lookups_version()}-{_simplemma_version()}-{digest.hexdigest()[:12]}"


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


_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE form (form TEXT PRIMARY KEY, lemmas TEXT NOT NULL, gen TEXT) WITHOUT ROWID",
    "CREATE TABLE variant (lemma TEXT PRIMARY KEY, others TEXT NOT NULL) WITHOUT ROWID",
)


def _fill(con: sqlite3.Connection, tables: Tables, key: str) -> None:
    for statement in _SCHEMA:
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
    con.executemany("INSERT INTO form VALUES (?, ?, ?)", (
        (form, "|".join(clean(lem) for lem in lemmas), "|".join(gen) if gen else None)
        for form, (lemmas, gen) in tables.forms.items()
    ))
    con.executemany("INSERT INTO variant VALUES (?, ?)",
                    ((lemma, "|".join(others)) for lemma, others in tables.variants.items()))
    con.commit()


def _write_database(path: Path, tables: Tables, key: str) -> None:
    """Build the SQLite file under a temporary name (0600) and rename it into place."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        os.chmod(tmp, 0o600)
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            _fill(con, tables, key)
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Lexicon:
    """Casefolded form → candidate lemmas, plus the compound, genitive and cross-standard
    handling search relies on. Reads the SQLite table one form at a time and remembers each."""

    def __init__(self, con: sqlite3.Connection, version: str) -> None:
        self._con = con
        self._lock = threading.Lock()
        self.version = version
        self._rows: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None] | None] = {}
        self._memo: dict[str, tuple[str, tuple[str, ...]]] = {}

    def __len__(self) -> int:
        with self._lock:
            return int(self._con.execute("SELECT count(*) FROM form").fetchone()[0])

    def _row(self, norm: str) -> tuple[tuple[str, ...], tuple[str, ...] | None] | None:
        if norm in self._rows:
            return self._rows[norm]
        with self._lock:
            found = self._con.execute("SELECT lemmas, gen FROM form WHERE form = ?", (norm,)).fetchone()
        row = None if found is None else (tuple(found[0].split("|")),
                                          tuple(found[1].split("|")) if found[1] else None)
        self._rows[norm] = row
        return row

    def known(self, norm: str) -> bool:
        """Whether the tables (bokmål, nynorsk or dialect) have the form."""
        return self._row(norm) is not None

    def candidates(self, norm: str) -> tuple[str, ...]:
        """Readings of one casefolded form, most likely first; a genitive "-s" of a noun the
        tables do not list as such reads as that noun (rule 5); an unknown form is its own lemma."""
        row = self._row(norm)
        if row is not None:
            return row[0]
        if len(norm) > 3 and norm.endswith("s") and not norm.endswith(("ss", "xs", "zs")):
            stem = self._row(norm[:-1])
            if stem is not None and stem[1]:
                return stem[1]
        return (norm,)

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
        row = self._row(norm)
        whole = row[0] if row is not None else None
        parts = [p for p in _PARTS.split(norm) if any(c.isalpha() for c in p)]
        if len(parts) > 1 and not norm.startswith(("-", "/")) and not norm.endswith(("-", "/")):
            if whole is None:
                whole = (norm[: len(norm) - len(parts[-1])] + self.candidates(parts[-1])[0],)
            lemmas = unique([*whole, *(c for p in parts for c in self.candidates(p))])
            hit = (whole[0], lemmas)
        else:
            found = self.candidates(norm)
            hit = (found[0], found)
        self._memo[norm] = hit
        return hit

    def variants(self, lemma: str) -> tuple[str, ...]:
        """The same word's lemmas in the other standards and dialect spellings (may be empty)."""
        with self._lock:
            found = self._con.execute("SELECT others FROM variant WHERE lemma = ?", (lemma,)).fetchone()
        return tuple(found[0].split("|")) if found else ()

    def expand(self, norm: str) -> tuple[str, ...]:
        """A query word's lemmas, then each one's other-standard spellings. A query word that is
        itself a lemma is searched as that lemma (``lærer`` finds the teacher, not *lærte*;
        ``så`` the adverb, not every form of *se*); any other word by all its readings
        (``medvirket`` as *medvirke*)."""
        readings = self.lemmatise(norm)[1]
        if norm in readings:
            readings = (norm,)
        return unique([*readings, *(v for r in readings for v in self.variants(r))])


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """The items once each, first occurrence first."""
    return tuple(dict.fromkeys(items))


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles builtin containers and strings only; any class reference is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"lemma cache refers to {module}.{name}")


def _open(path: Path, key: str) -> sqlite3.Connection:
    """Open a built table read-only and check it is the one ``key`` names."""
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()
        if row is None or row[0] != key:
            raise sqlite3.DatabaseError(f"built for {row[0] if row else 'nothing'}, not {key}")
        con.execute("SELECT 1 FROM form LIMIT 1").fetchone()
    except BaseException:
        con.close()
        raise
    return con


#: A table another kode version built is deleted when a new one is built and it is this old:
#: two versions in use on one machine (two virtual environments) keep theirs.
STALE_AFTER_DAYS = 14


def _remove_stale(directory: Path, keep: Path) -> None:
    """Delete tables other versions built (about 28 MB each) and the pickles of kode versions
    before the SQLite file, once untouched for :data:`STALE_AFTER_DAYS`; a process that still
    has one open reads on until it closes it."""
    import time

    cutoff = time.time() - STALE_AFTER_DAYS * 86400
    for old in [*directory.glob("lemmas-*.sqlite"), *directory.glob("nb-lemmas-*.pickle")]:
        try:
            if old != keep and old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            continue


def load_lexicon(cache_dir: Path | None = None) -> Lexicon:
    """Open the table file in the cache, building it on the first run.

    A cache that cannot be read or written (read-only home, corrupt file) only costs speed: the
    table is built in memory and a warning says why.
    """
    key = _build_key()
    version = f"ordbank+nynorsk {key}"
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    path = directory / f"lemmas-{key}.sqlite"
    if path.exists():
        try:
            return Lexicon(_open(path, key), version)
        except (OSError, sqlite3.Error) as exc:
            _LOGGER.warning("lemma cache %s unreadable (%s); rebuilding it", path, exc)
    tables = build_tables()
    try:
        _write_database(path, tables, key)
        _remove_stale(directory, path)
        return Lexicon(_open(path, key), version)
    except (OSError, sqlite3.Error) as exc:
        _LOGGER.warning("cannot write lemma cache %s (%s); it will be rebuilt next start", path, exc)
    con = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(con, tables, key)
    return Lexicon(con, version)
