"""Sentence ids carry their interview and role, and the counts read from them agree with the rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from intervju.errors import InputError
from intervju.models import Interview, Sentence, Turn
from intervju.search import search
from intervju.sentence_ids import ROLE_CODES, interview_of, interview_range, role_of, sentence_id
from kode import migrate
from kode.project import Project
from tests.search.conftest import import_corpus

QUERIES = ["hjemlighet", "medvirke", "ta", "=det", "trygg*", "ta AND del", "hjemlighet NOT skole", '"ta del"']


def _counted_by_rows(project: Project, query: str, speaker: str) -> dict[str, int]:
    """Per interview, how many of its sentences match, found by reading every sentence row."""
    with project.session() as s:
        every = search(s, query, speaker="all")  # no limit: all hits, each with its interview
        roles = dict(s.execute(select(Sentence.start, Turn.role).join(Turn, Turn.id == Sentence.turn_id)
                               .join(Interview, Interview.id == Sentence.interview_id)).all())
    out: dict[str, int] = {}
    for hit in every:
        if speaker == "all" or roles[hit.start] == speaker:
            out[hit.interview] = out.get(hit.interview, 0) + 1
    return out


def test_ids_name_their_interview_role_and_number(corpus: Project) -> None:
    with corpus.session() as s:
        rows = s.execute(select(Sentence.id, Sentence.interview_id, Sentence.n, Turn.role)
                         .join(Turn, Turn.id == Sentence.turn_id)).all()
    assert rows
    by_text = sorted(rows, key=lambda r: (r[1], r[2]))  # interview, then sentence number
    assert [r[0] for r in by_text] == sorted(r[0] for r in rows)  # ids rise in text order
    for sid, interview_id, n, role in rows:
        assert sid == sentence_id(interview_id, role, n)
        assert interview_of(sid) == interview_id and role_of(sid) == ROLE_CODES[role]
        lo, hi = interview_range(interview_id)
        assert lo <= sid <= hi


@pytest.mark.parametrize("speaker", ["informant", "interviewer", "all"])
def test_counts_from_ids_match_the_rows(corpus: Project, speaker: str) -> None:
    for query in QUERIES:
        with corpus.session() as s:
            result = search(s, query, speaker=speaker, limit=1)
        expected = _counted_by_rows(corpus, query, speaker)
        assert result.total == sum(expected.values()), query
        assert len(result.hits) == min(1, result.total)


def test_more_sentences_than_an_id_holds_is_refused() -> None:
    with pytest.raises(InputError, match="more than 524,287 sentences"):
        sentence_id(7, "informant", 1 << 19, "big_T1")
    assert sentence_id(1, "informant", 1) != sentence_id(1, "interviewer", 1)


def test_a_sentence_added_without_an_id_gets_the_packed_one(corpus: Project) -> None:
    with corpus.session() as s:
        turn = s.scalars(select(Turn).where(Turn.role == "interviewer")).first()
        assert turn is not None
        s.add(Sentence(interview_id=turn.interview_id, turn_id=turn.id, n=999, start=turn.start, end=turn.end))
        s.flush()
        sid = s.scalar(select(Sentence.id).where(Sentence.n == 999))
    assert sid == sentence_id(turn.interview_id, "interviewer", 999)


def test_upgrade_renumbers_old_ids_and_search_finds_the_same(project: Project, tmp_path: Path) -> None:
    """A project indexed before 0005 (running ids) finds the same after the upgrade; and back."""
    from alembic import command

    import_corpus(project, tmp_path / "corpus")
    with project.session() as s:
        before = {q: [(h.interview, h.start) for h in search(s, q)] for q in QUERIES}
        n = s.scalar(select(func.count()).select_from(Sentence))
    cfg = migrate.alembic_config()
    with project.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    with project.engine.connect() as conn:
        assert sorted(conn.scalars(select(Sentence.id))) == list(range(1, (n or 0) + 1))
    with project.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    with project.session() as s:
        after = {q: [(h.interview, h.start) for h in search(s, q)] for q in QUERIES}
        rows = s.execute(select(Sentence.id, Sentence.interview_id, Sentence.n, Turn.role)
                         .join(Turn, Turn.id == Sentence.turn_id)).all()
    assert after == before
    assert all(sid == sentence_id(iv, role, k) for sid, iv, k, role in rows)


@pytest.mark.parametrize("speaker", ["informant", "interviewer", "all"])
def test_a_page_is_the_start_of_the_full_list(corpus: Project, speaker: str) -> None:
    """The page path (index ranges per interview) gives the first hits of the full, ordered list."""
    from intervju.corpus import Filters

    for filters in (Filters(), Filters(sites=["sjoglimt"]), Filters(waves=["T1"])):
        for query in QUERIES:
            with corpus.session() as s:
                full = search(s, query, filters, speaker=speaker)
                for k in (1, 2, 3, 50):
                    page = search(s, query, filters, speaker=speaker, limit=k)
                    assert [(h.interview, h.start, h.text, h.turn, h.participant) for h in page] == [
                        (h.interview, h.start, h.text, h.turn, h.participant) for h in full.hits[:k]], (query, k)
                    assert page.counts == full.counts
