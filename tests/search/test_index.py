"""The index with a trained pipeline, `kode nlp`, `kode reindex`, and autocode over the real search."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from intervju.models import Interview, Sentence
from intervju.search import search
from kode.project import Project
from tests.conftest import run_cli
from tests.language.test_trained import tiny_model  # noqa: F401  (the tiny trained nb pipeline fixture)
from tests.search.conftest import import_corpus


def pipelines(project: Project) -> dict[str, str | None]:
    with project.session() as s:
        return dict(s.execute(select(Interview.name, Interview.pipeline)).all())  # type: ignore[arg-type]


def test_trained_model_lemmas_are_what_gets_stored(project: Project, tmp_path: Path, tiny_model: Path) -> None:  # noqa: F811
    project.set_language_model(str(tiny_model))
    import_corpus(project, tmp_path / "corpus")
    assert set(pipelines(project).values()) == {"nb_tiny"}
    with project.session() as s:
        row = s.execute(select(Sentence.forms, Sentence.lemmas).where(Sentence.forms.like("%medvirket%"))).one()
        groups = dict(zip(row.forms.split(), row.lemmas.split(), strict=True))
        assert groups["medvirket"].split("|")[0] == "modellemma"  # the model's lemma first
        assert "medvirke" in groups["medvirket"].split("|")  # the table readings after it
        hits = search(s, "modellemma")
    assert [h.text for h in hits] == ["Ungdommene medvirket i planene."]


def test_nlp_shows_the_fallback_and_how_to_install(corpus: Project) -> None:
    done = run_cli("nlp", corpus.target)
    assert done.exit_code == 0, done.output
    assert "fallback:blank-nb+ordbank" in done.stdout
    assert "python -m spacy download nb_core_news_lg" in done.stdout
    assert "sentencizer" in done.stdout
    data = json.loads(run_cli("nlp", corpus.target, "--format", "json").stdout)
    assert data["fallback"] is True and data["trained"] is False
    assert data["interviews"] == {"fallback:blank-nb+ordbank": 2}


def test_nlp_model_and_reindex(corpus: Project, tiny_model: Path) -> None:  # noqa: F811
    done = run_cli("reindex", corpus.target, "--format", "json")
    assert json.loads(done.stdout)["skipped"] == sorted(pipelines(corpus))  # nothing to do

    done = run_cli("nlp", corpus.target, "--model", str(tiny_model))
    assert done.exit_code == 0, done.output
    assert "nb_tiny" in done.stdout and "trained" in done.stdout
    assert corpus.language_model() == str(tiny_model)

    done = run_cli("reindex", corpus.target, "--interviews", "sjoglimt_ungdom_U001_T2", "--format", "json")
    assert json.loads(done.stdout) == {"pipeline": "nb_tiny", "indexed": ["sjoglimt_ungdom_U001_T2"], "skipped": []}
    assert pipelines(corpus) == {"nordbakken_ansatt_A001_T1": "fallback:blank-nb+ordbank",
                                 "sjoglimt_ungdom_U001_T2": "nb_tiny"}
    done = run_cli("reindex", corpus.target)  # resumes: only the one left
    assert "indexed 1 interview with nb_tiny; 1 already up to date" in done.stdout
    with corpus.session() as s:
        before = s.scalar(select(func.count()).select_from(Sentence))
    done = run_cli("reindex", corpus.target, "--force", "--format", "json")
    assert len(json.loads(done.stdout)["indexed"]) == 2
    with corpus.session() as s:
        assert s.scalar(select(func.count()).select_from(Sentence)) == before  # replaced, not doubled
        assert [h.text for h in search(s, "medvirke")] == ["Ungdommene medvirket i planene.",
                                                           "Jeg medvirker på husmøtet."]
    assert run_cli("reindex", corpus.target, "--interviews", "nope").exit_code == 1


def test_autocode_end_to_end_over_the_search(corpus: Project, tmp_path: Path) -> None:
    book = tmp_path / "kodebok.yml"
    book.write_text(
        "name: Test\n"
        "codes:\n"
        "  - {id: medvirkning, name: Medvirkning, search: [medvirke]}\n"
        "  - {id: hjemlighet, name: Hjemlighet, search: ['hjemlihet~', '\"ta del\"']}\n",
        encoding="utf-8",
    )
    assert run_cli("codebook", "load", corpus.target, book, "--coder", "kh").exit_code == 0
    done = run_cli("autocode", corpus.target, "--unit", "sentence", "--coder", "kh", "--format", "json")
    assert done.exit_code == 0, done.output
    done = run_cli("suggestions", corpus.target, "list", "--format", "json")
    rows = json.loads(done.stdout)
    found = sorted((r["code"], r["text"]) for r in (rows["suggestions"] if isinstance(rows, dict) else rows))
    assert found == [
        ("Hjemlighet", "Det er viktig å ta del i hverdagen."),
        ("Hjemlighet", "Det føles som hjemlighet, og jeg får være med."),
        ("Hjemlighet", "Læreren sier at vi skal ta del i planen."),
        ("Hjemlighet", "Vi snakket om hjemlighet på avdelingen."),
        ("Medvirkning", "Jeg medvirker på husmøtet."),
        ("Medvirkning", "Ungdommene medvirket i planene."),
    ]


def test_index_terms_agree_with_analyse() -> None:
    """The columnar path gives analyse's sentences, and forms/lemmas aligned with its word tokens."""
    from intervju.language import load_pipeline

    pipeline = load_pipeline(None)
    texts = ["Ungdommene medvirket. Hun øver på DBT-ferdigheter!  Og så?", "", "   ", "Døra står åpen"]
    for text, terms, analysis in zip(texts, pipeline.index_terms(texts), pipeline.analyse(texts), strict=True):
        assert [(s, e, text[s:e]) for s, e, _, _ in terms] == [
            (s.start, s.end, text[s.start : s.end]) for s in analysis.sentences]
        for (start, end, forms, lemmas), _ in zip(terms, analysis.sentences, strict=True):
            words = [t for t in analysis.tokens if start <= t.start < end and not (t.is_punct or t.is_space)]
            assert forms.split() == [t.norm for t in words]
            assert [g.split("|") for g in lemmas.split()] == [list(t.lemmas) for t in words]


def test_deleting_an_interview_takes_its_sentences_out_of_the_index(corpus: Project) -> None:
    with corpus.session() as s:
        iv = s.scalars(select(Interview).where(Interview.name == "sjoglimt_ungdom_U001_T2")).one()
        s.delete(iv)
    with corpus.session() as s:
        assert [h.interview for h in search(s, "medvirke")] == ["nordbakken_ansatt_A001_T1"]
        assert s.scalar(select(func.count()).select_from(Sentence)) == 8


def test_index_stays_exact_whoever_writes_sentences(corpus: Project) -> None:
    """Sentences written outside the indexer (a merge, a test double) enter and leave the search
    index by trigger; one without terms never touches it, so deleting it cannot corrupt FTS5."""
    from sqlalchemy import delete, select

    from intervju.corpus import Filters
    from intervju.models import Interview, Sentence, Turn
    from intervju.search import search

    with corpus.session() as s:
        iv = s.scalars(select(Interview).order_by(Interview.id)).first()
        assert iv is not None
        turn = s.scalars(select(Turn).where(Turn.interview_id == iv.id, Turn.role == "informant")).first()
        assert turn is not None
        bare = Sentence(interview_id=iv.id, turn_id=turn.id, n=900, start=turn.start, end=turn.start + 1)
        termed = Sentence(interview_id=iv.id, turn_id=turn.id, n=901, start=turn.start, end=turn.end,
                          forms="kvitveis", lemmas="kvitveis")
        s.add_all([bare, termed])
    with corpus.session() as s:
        assert [h.start for h in search(s, "kvitveis", Filters()).hits] == [turn.start]
        s.execute(delete(Sentence).where(Sentence.n.in_([900, 901])))
    with corpus.session() as s:
        assert search(s, "kvitveis", Filters()).hits == []
        assert search(s, "medvirke", Filters()).hits
