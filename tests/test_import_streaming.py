"""The indexer hands each sentence to the database as the language pipeline makes it (on
PostgreSQL into one ``COPY`` stream): whatever stops the stream half-way must leave nothing of
the file behind, with the file's own message, and the files after it go on."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select

import intervju.indexing as indexing
import intervju.sentence_ids as sentence_ids
from intervju.language.pipeline import IndexedSentence, LanguagePipeline
from intervju.models import Interview, SearchTerm, Sentence, Turn
from intervju.search import search
from kode.project import Project

SAID = ("I: Hvordan har du det på avdelingen nå?\n"
        "U03: Det er bra. Jeg får være med å bestemme. Kjøkkenet føles som hjemme. Æ, ø og å.\n"
        "I: Og skolen?\n"
        "U03: Skolen er bra. Læreren er grei. Vi får ta del i planen.\n")


def files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "filer"
    folder.mkdir()
    for name in ("nordbakken_ungdom_U03_T1.txt", "nordbakken_ungdom_U03_T2.txt", "nordbakken_ungdom_U04_T1.txt"):
        (folder / name).write_text(SAID.replace("U03", name.split("_")[2]) + f"I: {name}\n", encoding="utf-8")
    return sorted(folder.iterdir())


def stored(project: Project) -> dict[str, int]:
    with project.session() as s:
        return {
            "interviews": s.scalar(select(func.count()).select_from(Interview)) or 0,
            "turns": s.scalar(select(func.count()).select_from(Turn)) or 0,
            "sentences": s.scalar(select(func.count()).select_from(Sentence)) or 0,
        }


def test_a_pipeline_that_fails_half_way_leaves_nothing_of_the_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = files(tmp_path)
    real = LanguagePipeline.index_terms
    calls = {"n": 0}

    def breaks_on_the_second_file(self: LanguagePipeline, texts: Sequence[str],
                                  batch_size: int = 64) -> Iterator[list[IndexedSentence]]:
        calls["n"] += 1
        for i, sentences in enumerate(real(self, texts, batch_size)):
            if calls["n"] == 2 and i == 2:  # two turns' sentences are on their way to the database
                raise RuntimeError("the pipeline broke")
            yield sentences

    monkeypatch.setattr(LanguagePipeline, "index_terms", breaks_on_the_second_file)
    report = project.import_files(paths)
    assert [r.status for r in report.results] == ["imported", "failed", "imported"]
    assert report.results[1].message.startswith("unexpected error (RuntimeError: the pipeline broke)")
    with project.session() as s:
        names = set(s.scalars(select(Interview.name)))
        per_interview = dict(s.execute(select(Sentence.interview_id, func.count()).group_by(Sentence.interview_id)).all())
    assert names == {paths[0].stem, paths[2].stem}
    assert stored(project) == {"interviews": 2, "turns": 10, "sentences": 20}
    assert sorted(per_interview.values()) == [10, 10]

    monkeypatch.setattr(LanguagePipeline, "index_terms", real)  # the failed file imports whole next time
    assert [r.status for r in project.import_files(paths).results] == ["already", "imported", "already"]
    assert stored(project) == {"interviews": 3, "turns": 15, "sentences": 30}
    with project.session() as s:
        assert len(search(s, "kjøkkenet")) == 3
        assert s.scalar(select(func.count()).select_from(SearchTerm).where(SearchTerm.term == "æ")) == 1


def test_more_sentences_than_an_id_holds_is_refused_with_its_message(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sentence_ids, "MAX_SENTENCES", 9)
    monkeypatch.setattr(indexing, "MAX_SENTENCES", 9)
    report = project.import_files(files(tmp_path)[:1])
    assert [r.status for r in report.results] == ["failed"]
    assert "more than 9 sentences in one interview; split the transcript" in report.results[0].message
    assert stored(project) == {"interviews": 0, "turns": 0, "sentences": 0}


def test_a_server_error_found_after_the_next_file_was_analysed_leaves_nothing_of_its_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the importer analyses the next file while the server still works on the
    sentence rows of one; an error the server finds in them then comes after that analysis. It
    must fail its own file (nothing of it stored, its own line), and the next file imports."""
    if project.engine.dialect.name != "postgresql":
        pytest.skip("the deferred COPY is PostgreSQL's")
    paths = files(tmp_path)
    real = indexing.tsvector_literal
    calls = {"n": 0}

    def garbled_in_the_first_file(text: str) -> str | None:
        calls["n"] += 1
        return "'unterminated" if calls["n"] == 3 else real(text)

    monkeypatch.setattr(indexing, "tsvector_literal", garbled_in_the_first_file)
    report = project.import_files(paths)
    assert [r.status for r in report.results] == ["failed", "imported", "imported"]
    assert report.results[0].message.startswith("unexpected error (SyntaxError: syntax error in tsvector")
    assert stored(project) == {"interviews": 2, "turns": 10, "sentences": 20}
    with project.session() as s:
        assert set(s.scalars(select(Interview.name))) == {paths[1].stem, paths[2].stem}
        assert len(search(s, "kjøkkenet")) == 2


def test_files_imported_already_are_not_analysed_ahead(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next file is analysed while the server finishes one (PostgreSQL) only when it is
    new: importing a folder again must not run the pipeline over the files it skips."""
    paths = files(tmp_path)
    assert not project.import_files(paths[1:]).failed
    real = LanguagePipeline.index_terms
    calls = {"n": 0}

    def counted(self: LanguagePipeline, texts: Sequence[str], batch_size: int = 64) -> Iterator[list[IndexedSentence]]:
        calls["n"] += 1
        yield from real(self, texts, batch_size)

    monkeypatch.setattr(LanguagePipeline, "index_terms", counted)
    report = project.import_files(paths)
    assert [r.status for r in report.results] == ["imported", "already", "already"]
    assert calls["n"] == 1  # the new file, not the two after it (analysed while it was stored)
    assert stored(project) == {"interviews": 3, "turns": 15, "sentences": 30}


def test_an_error_while_the_server_still_owes_its_answer_fails_only_that_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error after a file's sentence rows were sent but before the server's answer was read
    (PostgreSQL) cannot be rolled back on that connection; the file must still fail alone."""
    import intervju.importing as importing

    paths = files(tmp_path)
    real = importing.AuditEvent
    calls = {"n": 0}

    def breaks_once(**kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the audit broke")
        return real(**kwargs)

    monkeypatch.setattr(importing, "AuditEvent", breaks_once)
    report = project.import_files(paths)
    assert [r.status for r in report.results] == ["imported", "failed", "imported"]
    assert report.results[1].message.startswith("unexpected error (RuntimeError: the audit broke)")
    assert stored(project) == {"interviews": 2, "turns": 10, "sentences": 20}
