"""Import contains every failure to its file: limits, non-regular files, zip bombs, a full disk."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from intervju.language.pieces import pieces
from intervju.models import Interview, Sentence, Turn
from kode.project import Project
from tests.conftest import REPO, run_cli

GOOD = "I: Hvordan har du det på avdelingen?\nU03: Det er bra, især på kjøkkenet.\n"


def _count(project: Project, model: type) -> int:
    with project.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _docx(body: bytes | None = None, extra: dict[str, bytes] | None = None, **zip_kw: int) -> bytes:
    """A real .docx whose document.xml body is replaced or whose parts are added to."""
    doc = Document()
    doc.add_paragraph("I: Hei, hvordan går det?")
    buf = io.BytesIO()
    doc.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, **zip_kw) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if body is not None and info.filename == "word/document.xml":
                data = body(data) if callable(body) else body
            z.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def test_non_regular_files_are_refused_one_line_each_and_others_go_on(project_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nordbakken_ungdom_U03_T1.txt").write_text(GOOD, encoding="utf-8")
    os.symlink("/dev/zero", folder / "nordbakken_ungdom_U03_T2.txt")
    os.mkfifo(folder / "nordbakken_ungdom_U03_T3.txt")
    os.symlink(tmp_path / "gone.txt", folder / "nordbakken_ungdom_U04_T1.txt")
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    result = run_cli("import", project_path, folder)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any("U03_T2.txt: a character device, not a regular file" in line for line in lines)
    assert any("U03_T3.txt: a named pipe, not a regular file" in line for line in lines)
    assert any("U04_T1.txt: a broken symbolic link" in line for line in lines)
    assert "imported as nordbakken_ungdom_U03_T1" in result.stdout
    with Project.open(str(project_path)) as p:
        assert _count(p, Interview) == 1


def test_max_size_is_checked_before_reading(project: Project, tmp_path: Path) -> None:
    from intervju.importing import Limits

    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text(GOOD * 100, encoding="utf-8")
    [result] = project.import_files([path], limits=Limits(max_bytes=1000)).results
    assert result.status == "failed"
    assert "larger than the limit of 1 KB (raise it with --max-size)" in result.message
    assert _count(project, Interview) == 0


def test_max_size_option_and_its_default(project_path: Path, tmp_path: Path) -> None:
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text(GOOD * 50, encoding="utf-8")
    refused = run_cli("import", project_path, path, "--max-size", "1KB")
    assert refused.exit_code == 1
    assert "larger than the limit of 1 KB" in refused.stderr
    assert run_cli("import", project_path, path).exit_code == 0
    assert "[default: 20MB]" in run_cli("import", "--help").stdout
    bad = run_cli("import", project_path, path, "--max-size", "lots")
    assert bad.exit_code == 2 and "not a size" in bad.stderr


def test_turn_and_character_limits_refuse_before_the_text_is_built(project: Project, tmp_path: Path) -> None:
    from intervju.importing import Limits

    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text(GOOD * 20, encoding="utf-8")
    [turns] = project.import_files([path], limits=Limits(max_turns=10)).results
    assert turns.status == "failed" and "40 turns, more than the limit of 10" in turns.message
    [chars] = project.import_files([path], limits=Limits(max_chars=500)).results
    assert chars.status == "failed" and "more than the limit of 500" in chars.message
    assert _count(project, Interview) == 0


def test_labels_only_file_is_refused_as_no_text(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text("I:\nU03:\nI:\n", encoding="utf-8")
    [result] = project.import_files([path]).results
    assert result.status == "failed"
    assert result.message.startswith("no text")
    assert _count(project, Turn) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # 60 MB of XML that compresses ~1000×: the ratio of a zip bomb.
        (_docx(lambda x: x.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 10_000_000)), "unpacks to"),
        (_docx(lambda x: x.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 1_000_000)), "expands"),
        (_docx(extra={f"word/media/x{i}.bin": b"" for i in range(1100)}), "parts (limit 1000)"),
        (
            _docx(lambda x: x.replace(b"?>", b'?>\n<!DOCTYPE w:document [<!ENTITY a "aaaa">]>', 1).replace(
                b"Hei,", b"Hei &a;,"
            )),
            "declares a DTD or entities",
        ),
    ],
    ids=["too-large", "ratio", "members", "doctype"],
)
def test_docx_archive_limits(project: Project, tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "nordbakken_ungdom_U03_T1.docx"
    path.write_bytes(data)
    [result] = project.import_files([path]).results
    assert result.status == "failed", result
    assert message in result.message
    assert _count(project, Interview) == 0


def test_an_unexpected_error_is_one_line_and_the_other_files_go_on(
    project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import intervju.readers as readers

    real = readers._READERS[".txt"]

    def flaky(data: bytes) -> object:
        if b"BOOM" in data:
            raise RuntimeError("reader bug")
        return real(data)

    monkeypatch.setitem(readers._READERS, ".txt", flaky)
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    (tmp_path / "nordbakken_ungdom_U03_T1.txt").write_text(GOOD + "U03: BOOM\n", encoding="utf-8")
    (tmp_path / "nordbakken_ungdom_U03_T2.txt").write_text(GOOD, encoding="utf-8")
    result = run_cli("import", project_path, tmp_path / "nordbakken_ungdom_U03_T1.txt",
                     tmp_path / "nordbakken_ungdom_U03_T2.txt")  # fmt: skip
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "U03_T1.txt: unexpected error (RuntimeError: reader bug)" in line
    assert "Traceback" not in result.stderr
    assert "imported as nordbakken_ungdom_U03_T2" in result.stdout


def test_verbose_shows_the_traceback_of_an_unexpected_error(project_path: Path, tmp_path: Path) -> None:
    """-v logs the traceback (a subprocess: logging is configured once per process)."""
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text(GOOD, encoding="utf-8")
    script = (
        "import sys, intervju.importing as m\n"
        "def boom(*a, **k): raise RuntimeError('storing failed')\n"
        "m.store_turns = boom\n"
        "from kode.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    args = [sys.executable, "-c", script]
    quiet = subprocess.run([*args, "import", str(project_path), str(path)], capture_output=True, text=True,
                           cwd=REPO, check=False)  # fmt: skip
    loud = subprocess.run([*args, "-v", "import", str(project_path), str(path)], capture_output=True, text=True,
                          cwd=REPO, check=False)  # fmt: skip
    assert quiet.returncode == loud.returncode == 1
    assert "Traceback" not in quiet.stderr
    assert "unexpected error (RuntimeError: storing failed)" in quiet.stderr
    assert "Traceback" in loud.stderr and "storing failed" in loud.stderr


def test_disk_full_rolls_back_the_file_and_stops(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import intervju.importing as importing

    real = importing.store_turns
    calls = {"n": 0}

    def full_on_second(*args: object, **kw: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "store_turns", full_on_second)
    paths = []
    for wave in ("T1", "T2", "T3"):
        path = tmp_path / f"nordbakken_ungdom_U03_{wave}.txt"
        path.write_text(GOOD + f"I: Bølge {wave}.\n", encoding="utf-8")
        paths.append(path)
    report = project.import_files(paths)
    assert [r.status for r in report.results] == ["imported", "failed"]
    assert report.results[1].message.startswith("the disk is full")
    assert report.stopped == "the disk is full" and report.not_tried == 1
    with project.session() as s:
        assert list(s.scalars(select(Interview.name))) == ["nordbakken_ungdom_U03_T1"]
        assert s.scalar(select(func.count()).select_from(Turn)) == 3


def test_backup_on_a_full_disk_is_one_line(project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kode.backup as backup

    def full(source: Path, dest: Path) -> None:
        dest.write_bytes(b"partial")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "_sqlite_backup", full)
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    out = tmp_path / "copy.kode"
    result = run_cli("backup", project_path, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {out}: the disk is full; no backup was written and the project is unchanged"
    ]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".copy", "copy"))) == []


def test_a_turn_longer_than_spacy_takes_is_indexed_in_pieces(project_path: Path, tmp_path: Path) -> None:
    """spaCy refuses texts over 1,000,000 characters; one 1.2 M-character line still imports,
    with every sentence's offsets inside the turn."""
    sentence = "Vi spiste middag sammen på kjøkkenet og det føltes som hjemme. "
    line = "U03: " + sentence * (1_200_000 // len(sentence)) + "\n"
    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text(line, encoding="utf-8")
    p = Project.create(str(project_path), sites=["Nordbakken"])
    try:
        [result] = p.import_files([path]).results
        assert result.status == "imported", result.message
        with p.session() as s:
            interview = s.scalars(select(Interview)).one()
            turn = s.scalars(select(Turn)).one()
            spans = s.execute(select(Sentence.start, Sentence.end).order_by(Sentence.n)).all()
        assert len(spans) == line.count(". ")
        assert all(turn.start <= a < b <= turn.end for a, b in spans)
        assert all(interview.text[a:b] == sentence.strip() for a, b in spans)
    finally:
        p.close()


@pytest.mark.parametrize("limit", [10, 100, 1000])
def test_pieces_cover_the_text_exactly(limit: int) -> None:
    text = ("Første setning. Andre setning!\nNy linje uten punktum " * 200) + "x" * 3000
    parts = pieces(text, limit)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= limit for _, p in parts)
    assert all(text[o : o + len(p)] == p for o, p in parts)


def test_folder_with_only_unsupported_files_fails_listing_extensions(project_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.pdf", "b.PDF", "c.doc", "notes"):
        (folder / name).write_bytes(b"x")
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    result = run_cli("import", project_path, folder)
    assert result.exit_code == 1
    assert "nothing to import: only files kode does not read: (none) (1), .doc (1), .pdf (2)" in result.stderr
    assert ".docx .json .md .srt .txt .vtt" in result.stderr


def test_skipped_files_are_listed_beside_an_import(project_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nordbakken_ungdom_U03_T1.txt").write_text(GOOD, encoding="utf-8")
    (folder / "plan.pdf").write_bytes(b"%PDF")
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    result = run_cli("import", project_path, folder)
    assert result.exit_code == 0
    assert "skipped files kode does not read: .pdf (1)" in result.stdout


def test_import_help_names_only_the_formats_it_offers() -> None:
    text = " ".join(run_cli("import", "--help").stdout.split())
    assert "[text|json]" in text
    assert "csv" not in text.replace("CSV with file", "")


def test_refused_files_never_load_the_language_pipeline(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading spaCy and the lemma tables costs seconds and ~200 MB; a run of refusals pays neither."""
    calls: list[int] = []
    real = Project.search_indexer

    def counted(self: Project) -> object:
        calls.append(1)
        return real(self)

    monkeypatch.setattr(Project, "search_indexer", counted)
    empty = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    empty.write_text("I:\nU03:\n", encoding="utf-8")
    assert project.import_files([empty]).results[0].status == "failed"
    assert calls == []
    good = tmp_path / "nordbakken_ungdom_U03_T2.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert project.import_files([good]).results[0].status == "imported"
    assert calls == [1]


def test_analyse_takes_a_text_longer_than_spacy_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """De-identification analyses whole interviews; one over spaCy's limit goes in pieces, with
    the same tokens and sentences at the same offsets as in one go."""
    import intervju.language.pipeline as pipeline_module
    from intervju.language import load_pipeline

    nlp = load_pipeline(None)
    text = "Kari bor på Sjøglimt. Hun liker å fiske ved sjøbua!\n" * 200
    whole = next(iter(nlp.analyse([text])))
    monkeypatch.setattr(pipeline_module, "PIECE_CHARS", 1000)
    monkeypatch.setattr(pipeline_module, "pieces", lambda t: pieces(t, 1000))
    [cut] = list(nlp.analyse([text]))
    assert [(t.start, t.end, t.text) for t in cut.tokens] == [(t.start, t.end, t.text) for t in whole.tokens]
    assert cut.sentences == whole.sentences
    assert all(text[t.start : t.end] == t.text for t in cut.tokens)
