"""Import reads and parses the next files in a second process (intervju.prefetch): the outcome of
every file, good or bad, and every stored text must be exactly what reading them here gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

import intervju.prefetch as prefetch
from intervju.importing import read_source
from intervju.models import Interview, Turn
from kode.project import Project
from tests.conftest import EXAMPLES


def corpus(tmp_path: Path) -> Path:
    """The example transcripts, a second copy of one (already), an empty file and a broken .docx."""
    folder = tmp_path / "filer"
    shutil.copytree(EXAMPLES / "transcripts", folder)
    first = sorted(folder.glob("*.docx"))[0]
    shutil.copyfile(first, folder / "sjoglimt_ungdom_U99_T1.docx")  # same bytes: 'already'
    (folder / "nordbakken_ungdom_U98_T1.txt").write_bytes(b"")  # empty
    (folder / "nordbakken_ungdom_U97_T1.docx").write_bytes(first.read_bytes()[:300])  # truncated zip
    (folder / "nordbakken_ungdom_U96_T2.txt").write_text("I: Hvordan går det på skolen?\nU96: Bra, særlig i ÆØÅ-timen.\n",
                                                         encoding="utf-8")
    return folder


def outcome(project: Project, folder: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, list[tuple[int, int]]]]]:
    report = project.import_files([folder])
    results = [(r.path.name, r.status, r.message) for r in report.results]
    with project.session() as s:
        turns = select(Turn.start, Turn.end).order_by(Turn.n)
        stored = [(iv.name, iv.text, [(a, b) for a, b in s.execute(turns.where(Turn.interview_id == iv.id))])
                  for iv in s.scalars(select(Interview).order_by(Interview.name))]
    return results, stored


def test_the_helper_process_reads_what_this_process_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path)
    files = sorted(folder.iterdir())
    helped = list(prefetch.prefetched(files, 20 * 2**20))
    assert all(p is not None for p in helped)  # the second process did read them
    for path, prepared in zip(files, helped, strict=True):
        assert prepared is not None
        try:
            digest = read_source(path)[1]
        except Exception as exc:
            with pytest.raises(type(exc), match=str(exc)):
                prepared.source()
        else:
            assert prepared.source() == digest

    with Project.create(str(tmp_path / "med.kode"), sites=["Nordbakken", "Sjøglimt"]) as p:
        with_helper = outcome(p, folder)
    monkeypatch.setattr(prefetch, "MIN_FILES", 10**9)
    with Project.create(str(tmp_path / "uten.kode"), sites=["Nordbakken", "Sjøglimt"]) as p:
        without = outcome(p, folder)
    assert with_helper == without
    statuses = {name: status for name, status, _ in with_helper[0]}
    assert statuses["sjoglimt_ungdom_U99_T1.docx"] == "already"
    assert statuses["nordbakken_ungdom_U98_T1.txt"] == statuses["nordbakken_ungdom_U97_T1.docx"] == "failed"
    assert any("ÆØÅ-timen" in text for _, text, _ in with_helper[1])


def test_a_helper_that_fails_leaves_the_reading_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path)

    def broken(path: Path, max_bytes: int) -> prefetch.Prepared:
        raise RuntimeError("the helper process broke")

    monkeypatch.setattr(prefetch, "prepare", broken)
    assert all(p is None for p in prefetch.prefetched(sorted(folder.iterdir()), 2**20))
    with Project.create(str(tmp_path / "p.kode"), sites=["Nordbakken", "Sjøglimt"]) as p:
        results, _ = outcome(p, folder)
    assert sum(status == "imported" for _, status, _ in results) == 29


def _prepare_and_say_who(path: Path, max_bytes: int) -> prefetch.Prepared:
    """The helper's own work, with the helper's process id in ``seconds`` (for the test below)."""
    import dataclasses
    import os

    return dataclasses.replace(_REAL_PREPARE(path, max_bytes), seconds=float(os.getpid()))


_REAL_PREPARE = prefetch.prepare


def test_a_new_helper_takes_over_every_few_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing Word files leaves native memory behind in the process that does it (one helper grew
    to 317 MB over the 1,000 files of the L corpus): each helper reads a bounded number of files,
    and what they read is the same."""
    folder = corpus(tmp_path)
    files = sorted(folder.iterdir())
    one = list(prefetch.prefetched(files, 20 * 2**20))
    monkeypatch.setattr(prefetch, "FILES_PER_HELPER", 4)
    monkeypatch.setattr(prefetch, "prepare", _prepare_and_say_who)
    many = list(prefetch.prefetched(files, 20 * 2**20))
    assert all(p is not None for p in many)
    helpers = [int(p.seconds) for p in many if p is not None]
    assert helpers == sorted(helpers, key=helpers.index)  # one helper after the other, never back
    assert len(set(helpers)) == -(-len(files) // 4)
    assert all(helpers.count(h) <= 4 for h in set(helpers))
    for before, after in zip(one, many, strict=True):
        assert before is not None and after is not None
        assert (before.digest, before.raw, repr(before.read_error), repr(before.parse_error)) == (
            after.digest, after.raw, repr(after.read_error), repr(after.parse_error))
    with Project.create(str(tmp_path / "p.kode"), sites=["Nordbakken", "Sjøglimt"]) as p:
        results, stored = outcome(p, folder)
    assert sum(status == "imported" for _, status, _ in results) == 29
    assert any("ÆØÅ-timen" in text for _, text, _ in stored)
