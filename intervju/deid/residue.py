"""Leave nothing behind: scrub replaced forms from every place kode keeps words, and check for residue.

``kode deid apply`` replaces accepted candidates in the canonical texts; a name also lives on in
what is derived from them (sentence forms and lemmas, the fuzzy-search vocabulary, the full-text
index), in earlier texts kept by ``--revise``, in memos, codebook examples and the audit trail, and
in whatever a later table adds. This module works on every text column the models declare
(:data:`intervju.db.Base.metadata`, so tables of other layers and of later versions count without
being named here), and reads the database and its files back to prove the forms are gone.

A *form* is what the key file lists under a tag: the casefolded text that tag replaced. A form is
matched as a whole word (never inside a longer word), in any case, with any run of white space
between its words, in Unicode NFC and NFD. A form that is also an ordinary Norwegian word (``Liv``,
``Nord``) is matched only where it is written with a capital: ``liv`` the noun is not the name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, String, Table, Text, delete, select, text, update
from sqlalchemy.orm import Session

from intervju.db import Base

#: Text columns that :func:`scrub_tables` leaves alone, and why: the canonical text moves
#: positions and is replaced through candidates with an exact offset map; sentences and the
#: vocabulary are derived and rebuilt; a candidate's text must stay what stands at its span.
DERIVED_OR_ANCHORED = frozenset({
    ("interview", "text"), ("sentence", "forms"), ("sentence", "lemmas"), ("search_term", "term"),
    ("deid_candidate", "text"), ("deid_candidate", "form"), ("alembic_version", "version_num"),
})

_LETTER = r"[^\W\d_]"


_TOKEN = re.compile(r"[^\W\d_]+|\d+")


@dataclass(frozen=True)
class Forms:
    """The forms to look for, each with its tag, and how to find them fast.

    One alternation of a few hundred forms is slow in Python's ``re`` (it tries each at every
    position: 16 s for 9 MB), so :meth:`finditer` first lists the text's words (one C-speed pass)
    and runs a pattern of only the forms whose first word occurs; after apply that is usually none.
    """

    tag_of: dict[str, str]
    pattern: re.Pattern[str] | None
    #: Whether a one-word form is an everyday word (matched only with a capital); kept so the
    #: same rule builds the pattern again once the key has grown.
    ordinary: Callable[[str], bool] = field(default=lambda _w: False)
    #: First word (lower case, as :data:`_TOKEN` splits it) → the regex alternatives starting with it.
    alternatives: dict[str, list[str]] = field(default_factory=dict)
    _compiled: dict[frozenset[str], re.Pattern[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.pattern is not None

    def tag(self, matched: str) -> str:
        """The tag (``[NAVN-1]``) of a matched text."""
        norm = " ".join(unicodedata.normalize("NFC", matched).casefold().split())
        return self.tag_of.get(norm, "[?]")

    def finditer(self, value: str) -> Iterator[re.Match[str]]:
        """Every whole-word occurrence of a form in ``value``."""
        if self.pattern is None or not value:
            return
        low = value.lower()
        if not self.alternatives or len(low) != len(value):  # no shortcut possible
            yield from self.pattern.finditer(value)
            return
        present = frozenset(set(_TOKEN.findall(low)) & self.alternatives.keys())
        if not present:
            return
        pattern = self._compiled.get(present)
        if pattern is None:
            body = "|".join(sorted({a for k in present for a in self.alternatives[k]}, key=len, reverse=True))
            pattern = _compile(body)
            self._compiled[present] = pattern
        yield from pattern.finditer(value)


def _compile(body: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!{_LETTER})(?:{body})(?!{_LETTER}|[\u0300-\u036f])", re.IGNORECASE)


def _variants(form: str) -> set[str]:
    return {unicodedata.normalize("NFC", form), unicodedata.normalize("NFD", form)}


def _word_pattern(form: str, capital: bool) -> str:
    words = form.split()
    parts = []
    for k, word in enumerate(words):
        escaped = re.escape(word)
        if capital and k == 0 and word:
            first = word[0]
            # The first letter (with any combining marks that follow it in NFD) in upper case only.
            head = re.escape(first.upper()) if first.upper() != first else re.escape(first)
            escaped = f"(?-i:{head})" + re.escape(word[1:])
        parts.append(escaped)
    return r"\s+".join(parts)


def build_forms(tags: dict[str, list[str]], ordinary: Callable[[str], bool] = lambda _w: False) -> Forms:
    """The forms of ``tags`` (tag → casefolded forms) as whole-word, any-case patterns.

    ``ordinary(form)`` says whether a one-word form is an everyday word (Ordbank); such forms are
    only matched when written with a capital.
    """
    tag_of: dict[str, str] = {}
    for tag, forms in tags.items():
        for form in forms:
            norm = " ".join(unicodedata.normalize("NFC", form).casefold().split())
            if norm:
                tag_of.setdefault(norm, f"[{tag}]")
    if not tag_of:
        return Forms({}, None, ordinary)
    alternatives: dict[str, list[str]] = {}
    everything: set[str] = set()
    for form in tag_of:
        capital = " " not in form and ordinary(form)
        for variant in _variants(form):
            words = _TOKEN.findall(variant.lower())
            alternative = _word_pattern(variant, capital)
            everything.add(alternative)
            alternatives.setdefault(words[0] if words else "", []).append(alternative)
    if "" in alternatives:  # a form of no letters or digits at all: only the full pattern finds it
        alternatives = {}
    pattern = _compile("|".join(sorted(everything, key=len, reverse=True)))
    return Forms(tag_of, pattern, ordinary, alternatives)


def scrub(value: str, forms: Forms) -> str:
    """``value`` with every occurrence of a form replaced by its tag."""
    if forms.pattern is None or not value:
        return value
    parts: list[str] = []
    last = 0
    for m in forms.finditer(value):
        parts.append(value[last:m.start()])
        parts.append(forms.tag(m.group()))
        last = m.end()
    if not parts:
        return value
    parts.append(value[last:])
    return "".join(parts)


def _scrub_json(value: Any, forms: Forms) -> Any:
    if isinstance(value, str):
        return scrub(value, forms)
    if isinstance(value, list):
        return [_scrub_json(v, forms) for v in value]
    if isinstance(value, dict):
        return {scrub(k, forms) if isinstance(k, str) else k: _scrub_json(v, forms) for k, v in value.items()}
    return value


def text_columns(table: Table) -> list[str]:
    """The columns of ``table`` that hold words: strings, texts and JSON documents."""
    return [c.name for c in table.columns if isinstance(c.type, String | Text | JSON)]


def scrub_tables(session: Session, forms: Forms, *, skip: Iterable[tuple[str, str]] = DERIVED_OR_ANCHORED) -> int:
    """Replace every form by its tag in every text column of every model table, except ``skip``
    (caller's transaction); returns how many rows changed."""
    if not forms:
        return 0
    skipped = set(skip)
    changed = 0
    for table in Base.metadata.tables.values():
        columns = [c for c in text_columns(table) if (table.name, c) not in skipped]
        pk = list(table.primary_key.columns)
        if not columns or not pk:
            continue
        query = select(*pk, *(table.c[c] for c in columns))
        updates: list[dict[str, Any]] = []
        for row in session.execute(query).all():
            values = row._mapping
            new: dict[str, Any] = {}
            for c in columns:
                old = values[c]
                if old is None:
                    continue
                fresh = _scrub_json(old, forms) if isinstance(table.c[c].type, JSON) else scrub(str(old), forms)
                if fresh != old:
                    new[c] = fresh
            if new:
                where = [col == values[col.name] for col in pk]
                session.execute(update(table).where(*where).values(**new))
                updates.append(new)
        changed += len(updates)
    return changed


def rebuild_vocabulary(session: Session) -> int:
    """Make the fuzzy-search vocabulary again from the sentences (it only ever grew, so a replaced
    name stayed in it): every term no sentence has any more goes. The terms are what indexing
    adds (:func:`intervju.indexing.sentence_terms`: forms *and* lemmas), so a fuzzy query still
    meets a lemma after apply. Returns terms kept."""
    from intervju.indexing import add_terms, sentence_terms
    from intervju.models import SearchTerm, Sentence

    words: set[str] = set()
    for forms, lemmas in session.execute(select(Sentence.forms, Sentence.lemmas)):
        words |= sentence_terms(forms or "", lemmas or "")
    session.execute(delete(SearchTerm))
    add_terms(session, words)
    return len(words)


def fulltext_tables(conn: Connection) -> list[str]:
    """SQLite's FTS5 tables (none on PostgreSQL, whose ``tsvector`` columns are generated)."""
    if conn.dialect.name != "sqlite":
        return []
    rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"))
    return [r[0] for r in rows]


def rebuild_fulltext(session: Session) -> None:
    """Rebuild each FTS5 index from its content table: deleted terms otherwise linger in its
    segments (the shadow table ``*_data``) until FTS5 happens to merge them."""
    conn = session.connection()
    for name in fulltext_tables(conn):
        conn.exec_driver_sql(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')')


# -- verify ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Residue:
    """One place a replaced form can still be read: ``where`` is ``table.column`` (with the row's
    key in ``row``), a full-text index, or a file; ``form`` is the form, never more context."""

    where: str
    row: str
    form: str

    def to_json(self) -> dict[str, str]:
        return {"where": self.where, "row": self.row, "form": self.form}


def _hits(value: str, forms: Forms) -> Iterator[str]:
    seen: set[str] = set()
    for m in forms.finditer(value):
        norm = " ".join(unicodedata.normalize("NFC", m.group()).casefold().split())
        if norm not in seen:
            seen.add(norm)
            yield norm


def _columns(conn: Connection) -> list[tuple[str, list[str], list[str]]]:
    """Every table of the database with its key columns and its text columns, read from the
    database itself (so tables no model declares count too)."""
    out: list[tuple[str, list[str], list[str]]] = []
    if conn.dialect.name == "sqlite":
        tables = [r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))]
        for name in tables:
            info = conn.exec_driver_sql(f'PRAGMA table_xinfo("{name}")').all()
            keys = [r[1] for r in info if r[5]] or ["rowid"]
            cols = [r[1] for r in info if not r[2] or any(t in r[2].upper() for t in ("CHAR", "TEXT", "CLOB", "JSON"))]
            out.append((name, keys, cols))
        return out
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    rows = conn.execute(text(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = :s ORDER BY table_name, ordinal_position"), {"s": schema}).all()
    keyrows = conn.execute(text(
        "SELECT k.table_name, k.column_name FROM information_schema.table_constraints c "
        "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
        "AND k.table_schema = c.table_schema WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = :s"),
        {"s": schema}).all()
    keys_of: dict[str, list[str]] = {}
    for t, c in keyrows:
        keys_of.setdefault(t, []).append(c)
    by_table: dict[str, list[str]] = {}
    for t, c, dtype in rows:
        by_table.setdefault(t, [])
        if dtype in ("text", "character varying", "character", "json", "jsonb", "tsvector"):
            by_table[t].append(c)
    for t, cols in by_table.items():
        out.append((t, keys_of.get(t, ["ctid"]), cols))
    return out


def table_residue(conn: Connection, forms: Forms) -> list[Residue]:
    """Forms still in any text column of any table, and (SQLite) in any full-text index's terms."""
    if not forms:
        return []
    out: list[Residue] = []
    pg = conn.dialect.name != "sqlite"
    for table, keys, cols in _columns(conn):
        if not cols:
            continue
        col_sql = ", ".join(f'"{c}"::text' if pg else f'"{c}"' for c in cols)
        key_sel = ", ".join({"ctid": "ctid::text", "rowid": "rowid"}.get(k, f'"{k}"') for k in keys)
        for row in conn.exec_driver_sql(f'SELECT {key_sel}, {col_sql} FROM "{table}"'):
            ident = "/".join(str(v) for v in row[: len(keys)])
            for name, value in zip(cols, row[len(keys):], strict=True):
                if value is None:
                    continue
                if isinstance(value, bytes | memoryview):
                    continue  # binary (FTS5 segments): the file scan and the term list below cover it
                if not isinstance(value, str):
                    value = json.dumps(value, ensure_ascii=False)
                for form in _hits(value, forms):
                    out.append(Residue(f"{table}.{name}", ident, form))
    for fts in fulltext_tables(conn):
        vocab = f"kode_verify_{fts}"
        conn.exec_driver_sql(f'CREATE VIRTUAL TABLE IF NOT EXISTS temp."{vocab}" USING fts5vocab(main, "{fts}", row)')
        try:
            for (term,) in conn.exec_driver_sql(f'SELECT term FROM temp."{vocab}"'):
                for form in _hits(str(term), forms):
                    out.append(Residue(f"{fts} (full-text index terms)", str(term), form))
        finally:
            conn.exec_driver_sql(f'DROP TABLE IF EXISTS temp."{vocab}"')
    return out


def _decodings(data: bytes) -> Iterator[tuple[str, str]]:
    yield "UTF-8", data.decode("utf-8", errors="replace")
    for codec in ("utf-16-le", "utf-16-be"):
        for shift in (0, 1):
            chunk = data[shift:]
            chunk = chunk[: len(chunk) - len(chunk) % 2]
            yield codec.upper().replace("-LE", " LE").replace("-BE", " BE"), chunk.decode(codec, errors="replace")


def fulltext_terms(conn: Connection) -> set[str]:
    """Every term of every SQLite full-text index (casefolded), for :func:`file_residue`."""
    terms: set[str] = set()
    for fts in fulltext_tables(conn):
        vocab = f"kode_terms_{fts}"
        conn.exec_driver_sql(f'CREATE VIRTUAL TABLE IF NOT EXISTS temp."{vocab}" USING fts5vocab(main, "{fts}", row)')
        try:
            terms.update(str(t).casefold() for (t,) in conn.exec_driver_sql(f'SELECT term FROM temp."{vocab}"'))
        finally:
            conn.exec_driver_sql(f'DROP TABLE IF EXISTS temp."{vocab}"')
    return terms


def file_residue(paths: Iterable[Path], forms: Forms, terms: Collection[str] = ()) -> list[Residue]:
    """Forms in the raw bytes of ``paths`` (a SQLite file, its ``-wal``, ``-shm``, ``-journal``),
    read as UTF-8 and as UTF-16 in both byte orders and alignments: free pages and an
    uncheckpointed log hold old row versions that no query shows.

    ``terms`` are the full-text indexes' current terms (:func:`fulltext_terms`). FTS5 writes each
    term after the bytes it shares with the term before it, so a legitimate longer term leaves
    its tail standing alone in the file (the lemma *låse* leaves *åse*); a form that is the tail
    of a current term is therefore not reported from the raw bytes (the term list itself is
    checked by :func:`table_residue`)."""
    if not forms:
        return []
    tails = {t for t in terms if len(t) > 1}
    out: list[Residue] = []
    for path in paths:
        if not path.is_file():
            continue
        data = path.read_bytes()
        seen: set[str] = set()  # one report per file and form: the first reading that shows it
        for encoding, decoded in _decodings(data):
            for m in forms.finditer(decoded):
                norm = " ".join(unicodedata.normalize("NFC", m.group()).casefold().split())
                if norm in seen:
                    continue
                if tails and any(t != norm and t.endswith(norm) for t in tails):
                    seen.add(norm)
                    continue
                seen.add(norm)
                # The byte offset of the first hit, for the UTF-8 reading (the others are approximate).
                offset = len(decoded[: m.start()].encode("utf-8", errors="replace")) if encoding == "UTF-8" else -1
                out.append(Residue(f"{path.name} (raw bytes, {encoding})", str(offset) if offset >= 0 else "", norm))
    return out


def sqlite_files(database: str) -> list[Path]:
    """The project file and the side files SQLite may leave next to it."""
    base = Path(database)
    return [base, *(Path(f"{base}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]



# -- what a reviewer kept on purpose ----------------------------------------------------------------

@dataclass(frozen=True)
class Kept:
    """A place a replaced form still stands because a reviewer rejected it there (``Kragerø`` the
    father's town, replaced where it meant the informant's), and why: that is a decision, not
    residue of a replacement, and verify says which decision it is."""

    where: str
    row: str
    form: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"where": self.where, "row": self.row, "form": self.form, "reason": self.reason}


@dataclass(frozen=True)
class Rejection:
    """One rejected candidate in a transcript: where it stands and what it holds (casefolded)."""

    candidate: int
    interview: int
    interview_name: str
    start: int
    end: int
    form: str


def sort_kept(
    found: Iterable[Residue],
    rejections: Iterable[Rejection],
    texts: dict[int, str],
    sentences: dict[int, tuple[int, int, int]],
    forms: Forms,
    derived: Callable[[str], bool],
) -> tuple[list[Residue], list[Kept]]:
    """Split what verify found into residue and places kept by a reviewer's rejection.

    A place is kept only where the rejection explains it: the transcript's text where every
    occurrence of the form lies inside a rejected span (``texts``: interview id → text), the
    sentences (``sentences``: id → interview, start, end) that hold such a span, the rejected
    candidate's own row, and the copies derived from those texts (``derived(where)``: the search
    vocabulary, the full-text index, the file's bytes) while some transcript keeps the form so.
    Anywhere else (a memo, the audit trail, the codebook, a transcript with an occurrence no
    rejection covers) the form is residue, as if nobody had rejected it anywhere.
    """
    by_form: dict[str, list[Rejection]] = {}
    for rejection in rejections:
        by_form.setdefault(rejection.form, []).append(rejection)
    found = list(found)
    kept_texts: dict[str, set[str]] = {}  # form → interview ids whose text keeps it by decision only
    for r in found:
        if r.where != "interview.text" or r.form not in by_form or not r.row.isdigit():
            continue
        iv = int(r.row)
        spans = [(x.start, x.end) for x in by_form[r.form] if x.interview == iv]
        text = texts.get(iv, "")
        hits = [m.span() for m in forms.finditer(text)
                if " ".join(unicodedata.normalize("NFC", m.group()).casefold().split()) == r.form]
        if spans and hits and all(any(s <= a and b <= e for s, e in spans) for a, b in hits):
            kept_texts.setdefault(r.form, set()).add(r.row)
    residue: list[Residue] = []
    kept: list[Kept] = []
    for r in found:
        mine = by_form.get(r.form, [])
        names = {x.interview: x.interview_name for x in mine}
        reason = ""
        if r.form in kept_texts:
            if r.where == "interview.text" and r.row in kept_texts[r.form]:
                reason = f"rejected by a reviewer in interview {names[int(r.row)]}"
            elif r.where.startswith("deid_candidate.") and r.row in {str(x.candidate) for x in mine}:
                reason = "the rejected candidate itself"
            elif r.where.startswith("sentence.") and r.row.isdigit() and int(r.row) in sentences:
                iv, s, e = sentences[int(r.row)]
                hit = next((x for x in mine if x.interview == iv and s < x.end and x.start < e
                            and str(iv) in kept_texts[r.form]), None)
                if hit is not None:
                    reason = f"a sentence holding the rejected occurrence in interview {names[iv]}"
            elif derived(r.where):
                reason = "made from the transcripts where a reviewer rejected it (search index, file pages)"
        if reason:
            kept.append(Kept(r.where, r.row, r.form, reason))
        else:
            residue.append(r)
    return residue, kept
