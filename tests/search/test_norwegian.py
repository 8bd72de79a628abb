"""Search on real Norwegian: the query word's own lemma, ranked readings, genitives, strong
pasts, fuzzy lemmas, nynorsk and dialect (issue 14, defects 2–6). Each case failed before."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervju.search import SearchResult, search
from kode.project import Project
from tests.search.conftest import use_fallback

TURNS = [
    "Jeg er redd for å miste henne. Hun mister alt. Vi mistet kontakten.",
    "Læreren var snill. Lærerne hjalp meg. Jeg har hatt mange lærere.",
    "Barna leker ute. Det er bare tull. Det gikk bra på skolen.",
    "Han bodde i Norges største by. Jeg så henne i går. Hun la boka på bordet.",
    "Hjemligheten betyr mye for meg.",
    "Eg har ikkje køyrt bil. Han kjøyrer traktor kvar dag. Dei køyrde heim.",
]


@pytest.fixture
def talk(project: Project, tmp_path: Path) -> Project:
    folder = tmp_path / "c"
    folder.mkdir()
    text = "\n\n".join(f"IP: {t}" for t in TURNS) + "\n"
    (folder / "nordbakken_ungdom_U001_T1.txt").write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,site,group,participant,wave\nnordbakken_ungdom_U001_T1.txt,Nordbakken,ungdom,U001,T1\n",
        encoding="utf-8")
    use_fallback(project)
    assert not project.import_files([folder], manifest=folder / "manifest.csv").failed
    return project


def words(result: SearchResult) -> list[str]:
    return [h.text[a - h.start : b - h.start] for h in result.hits for a, b in h.matches]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # 2: the query word's own lemma is always searched
        ("miste", ["miste", "mister", "mistet"]),
        ("lærer", ["Læreren", "Lærerne", "lærere"]),
        # 3: ambiguous readings ranked: *bare* is not *barn*, *bra* is not *bre*
        ("barn", ["Barna"]),
        ("bre", []),
        ("bra", ["bra"]),
        # 4: genitive and strong past tenses that are words of their own
        ("Norge", ["Norges"]),
        ("se", ["så"]),
        ("legge", ["la"]),
        # 5: fuzzy meets lemmas and brings their forms
        ("hjemlihet~", ["Hjemligheten"]),
        # 6: nynorsk and dialect from a bokmål query; an exact form stays exact
        ("ikke", ["ikkje"]),
        ("kjøre", ["køyrt", "kjøyrer", "køyrde"]),
        ("køyre", ["køyrt", "kjøyrer", "køyrde"]),
        ("hjem", ["heim"]),
        ("=ikke", []),
        ("=ikkje", ["ikkje"]),
    ],
)
def test_query_finds_exactly(talk: Project, query: str, expected: list[str]) -> None:
    with talk.session() as s:
        assert words(search(s, query)) == expected


def test_upgrade_writes_an_old_index_again(talk: Project) -> None:
    """A project indexed with the old tables (nynorsk forms their own lemma, no lemmas in the
    vocabulary) finds nynorsk and fuzzy lemmas after ``kode upgrade`` (migration 0008)."""
    from alembic import command
    from sqlalchemy import delete, func, update

    from intervju.models import SearchTerm, Sentence
    from kode import migrate
    from tests.conftest import run_cli

    cfg = migrate.alembic_config()
    with talk.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
        conn.execute(update(Sentence).values(lemmas=func.replace(Sentence.lemmas, "køyre", "køyrde")))
        conn.execute(delete(SearchTerm).where(SearchTerm.term == "hjemlighet"))
    with talk.session() as s:
        assert "køyrde" not in words(search(s, "kjøre"))
        assert words(search(s, "hjemlihet~")) == []
    done = run_cli("upgrade", talk.target)
    assert done.exit_code == 0, done.output
    with talk.session() as s:
        assert words(search(s, "kjøre")) == ["køyrt", "kjøyrer", "køyrde"]
        assert words(search(s, "hjemlihet~")) == ["Hjemligheten"]
