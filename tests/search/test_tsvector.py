"""PostgreSQL's search vectors written by kode equal the server's own ``to_tsvector('simple', …)``.

The importer writes ``sentence.forms_tsv`` and ``lemmas_tsv`` itself for sentences of plain words
(:mod:`intervju.tsvector`); a wrong vector would make a search miss a sentence without a word to
the user, so the literals are checked against the server over the example corpus and hostile words,
and the stored columns against ``to_tsvector`` after real imports, updates and the upgrade.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select, text, update

from intervju.models import Sentence
from intervju.search import search
from intervju.tsvector import lemmas_tsvector_literal, tsvector_literal
from kode import migrate
from kode.project import Project
from tests.conftest import EXAMPLES, PG_URL
from tests.search.conftest import import_corpus, use_fallback

SAFE = "abcdefghijklmnopqrstuvwxyz" + "".join(chr(c) for c in range(0xDF, 0x100) if c != 0xF7)

#: Words the literal must refuse (the server splits, joins or changes them) or may take; either
#: way a stored vector must equal the server's.
HOSTILE = [
    "e-post", "barnevern-tjenesten", "ikke'no", "o'neill", "kari@example.no", "https://kode.example.no/a?b=1",
    "www.example.no", "a.b", "12", "3,5", "1e5", "t1", "u03", "2026-12-04", "ÆØÅ", "Kari", "İstanbul",
    unicodedata.normalize("NFD", "blåbær"), unicodedata.normalize("NFD", "kjøkken"), "straße", "ÿ", "ﬁne",
    "ǆ", "σ", "ø\u200bre", "tab\there", "nbsp\u00a0her", "<b>", "&amp;", "c++", "50%", "-", "'", "|", "\\",
    "a" * 1000, "a" * 1100, "æ" * 1000, "æ" * 1023, "æ" * 1030, "  to  mellomrom ", "", " ",
]


@pytest.fixture
def pg() -> Iterator[Connection]:
    if not PG_URL:
        pytest.skip("needs KODE_TEST_PG_URL")
    from kode.store import make_engine

    engine = make_engine(PG_URL)
    with engine.connect() as conn:
        yield conn
    engine.dispose()


def _server_agrees(conn: Connection, texts: list[str]) -> list[str]:
    """The texts whose literal differs from the server's vector (none may)."""
    wrong = []
    for t in texts:
        for literal, sql_text in ((tsvector_literal(t), t), (lemmas_tsvector_literal(t), t.replace("|", " "))):
            if literal is None:
                continue
            ours, theirs = conn.execute(
                text("SELECT CAST(:lit AS tsvector)::text, to_tsvector('simple', :t)::text"),
                {"lit": literal, "t": sql_text},
            ).one()
            if ours != theirs:
                wrong.append(t)
    return wrong


def test_literals_refuse_what_the_server_would_split_or_change() -> None:
    for word in ("e-post", "kari@example.no", "https://kode.example.no", "a.b", "12", "t1", "ÆØÅ", "Kari",
                 unicodedata.normalize("NFD", "blåbær"), "ﬁne", "σ", "tab\there", "nbsp\u00a0her", "a" * 1001):
        assert tsvector_literal(word) is None, word
        assert tsvector_literal(f"ja {word} nei") is None, word
    assert tsvector_literal("æ ø å blåbær straße") == "æ:1 ø:2 å:3 blåbær:4 straße:5 "
    assert tsvector_literal("ja  nei ja") == "ja:1 nei:2 ja:3 "
    assert tsvector_literal("") == ""
    assert lemmas_tsvector_literal("være|vere ha") == "være:1 vere:2 ha:3 "


def test_literals_equal_the_servers_vectors_for_hostile_words(pg: Connection) -> None:
    texts = [*HOSTILE, SAFE, " ".join(SAFE), *(f"{c}{c}x {c}" for c in SAFE)]
    texts += [f"ja {w} nei|ja" for w in HOSTILE]
    assert _server_agrees(pg, texts) == []


def _stale(conn: Connection) -> int:
    """Sentences whose stored vectors are not the server's own for their forms and lemmas."""
    return conn.scalar(text(
        "SELECT count(*) FROM sentence WHERE forms_tsv IS DISTINCT FROM to_tsvector('simple', forms) "
        "OR lemmas_tsv IS DISTINCT FROM to_tsvector('simple', replace(lemmas, '|', ' ')) "
        "OR forms_tsv::text <> to_tsvector('simple', forms)::text "
        "OR lemmas_tsv::text <> to_tsvector('simple', replace(lemmas, '|', ' '))::text"
    )) or 0


def _postgres_only(project: Project) -> None:
    if project.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's search columns")


def test_imported_vectors_equal_the_servers(project: Project, tmp_path: Path) -> None:
    _postgres_only(project)
    use_fallback(project)
    report = project.import_files([EXAMPLES / "transcripts"], manifest=EXAMPLES / "manifest.csv")
    assert not report.failed, [r.message for r in report.results]
    hostile = tmp_path / "fiendtlig"
    hostile.mkdir()
    said = " ".join(w for w in HOSTILE if w.strip() and "\t" not in w)
    (hostile / "nordbakken_ungdom_U09_T1.txt").write_text(
        f"I: Hva skriver du?\n\nU09: {said}. Vi får være med å bestemme. Æ, ø og å.\n", encoding="utf-8")
    assert not project.import_files([hostile]).failed
    with project.engine.connect() as conn:
        n = conn.scalar(select(func.count()).select_from(Sentence)) or 0
        written = conn.execute(select(Sentence.forms, Sentence.lemmas)).all()
        assert n > 100 and _stale(conn) == 0
        # Most sentences took the literal; some needed the server (digits, hyphens, …).
        plain = sum(1 for f, lem in written if tsvector_literal(f) is not None and lemmas_tsvector_literal(lem))
        assert 0 < plain < n
        assert _server_agrees(conn, [t for row in written for t in row]) == []


def test_updates_and_writers_without_vectors_get_the_servers(project: Project, tmp_path: Path) -> None:
    _postgres_only(project)
    import_corpus(project, tmp_path / "corpus")
    with project.engine.begin() as conn:
        sid = conn.scalar(select(Sentence.id).order_by(Sentence.id).limit(1))
        conn.execute(update(Sentence).where(Sentence.id == sid).values(forms="nytt ord her", lemmas="ny|nytt ord her"))
        conn.execute(text("UPDATE sentence SET forms_tsv = to_tsvector('simple', 'feil') WHERE id = :id"),
                     {"id": sid})
        assert _stale(conn) == 0
        conn.execute(text("INSERT INTO sentence (id, interview_id, turn_id, n, start, \"end\", forms, lemmas, forms_tsv) "
                          "SELECT id + 500, interview_id, turn_id, n + 500, start, \"end\", 'e-post til kari', "
                          "'e-post|epost til kari', NULL FROM sentence WHERE id = :id"), {"id": sid})
        assert _stale(conn) == 0
    with project.session() as s:
        assert len(search(s, "=nytt", speaker="all")) == 1
        assert len(search(s, "=epost OR =kari", speaker="all")) == 1


def test_upgrade_keeps_the_vectors_and_search_finds_the_same(project: Project, tmp_path: Path) -> None:
    """A project at 0009 (generated columns on PostgreSQL) searches the same after the upgrade
    to 0010, on SQLite and PostgreSQL; and back."""
    from alembic import command

    from tests.search.test_sentence_ids import QUERIES

    import_corpus(project, tmp_path / "corpus")
    queries = [*QUERIES, "hjemlighet~", "DBT-ferdigheter", "=døra", "åpen"]
    cfg = migrate.alembic_config()
    with project.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    with project.session() as s:
        before = {q: [(h.interview, h.start) for h in search(s, q)] for q in queries}
    assert before["hjemlighet"] and before["åpen"]
    with project.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    Project.open(project.target).close()
    with project.session() as s:
        after = {q: [(h.interview, h.start) for h in search(s, q)] for q in queries}
    assert after == before
    if project.engine.dialect.name == "postgresql":
        with project.engine.connect() as conn:
            assert _stale(conn) == 0
