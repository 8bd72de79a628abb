"""Bad data that used to be stored in silence: mojibake, impossible cue times, glued cues; and the
read-only project and the duplicate-coding race, which used to end in raw database errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from intervju.errors import InputError
from intervju.models import Interview
from intervju.readers import read_transcript_bytes
from intervju.readers.encoding import repair_mojibake
from kode.project import Project
from kodebok.coders import ensure_coder
from kodebok.codes import resolve_code
from kodebok.models import Coding
from tests.conftest import run_cli
from tests.kodebok.helpers import load_example_codebook, make_interview

RIGHT = "U03: Jeg bor på Sjøglimt – det føles trygt, især på kjøkkenet. «Æ Ø Å»"


def double_encoded(text: str) -> str:
    return text.encode("utf-8").decode("cp1252").encode("utf-8").decode("utf-8")


def test_mixed_double_encoded_lines_are_repaired_and_reported_by_line(project: Project, tmp_path: Path) -> None:
    assert "pÃ¥" in double_encoded(RIGHT)
    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text(f"I: Hvordan går det på skolen?\n{double_encoded(RIGHT)}\nI: Og hjemme?\n", encoding="utf-8")
    [result] = project.import_files([path]).results
    assert result.status == "imported", result.message
    assert result.warnings == ["double-encoded UTF-8 (such as 'pÃ¥' for 'på') repaired on line 2"]
    with project.session() as s:
        text = s.scalars(select(Interview.text)).one()
    assert RIGHT in text and "Ã" not in text


def test_mojibake_repair_leaves_real_text_alone() -> None:
    real = "Åse og Ærlige Øystein: «Ja» – 3 × 4 = 12, smörgåsbord, café, naïve, Ãland"
    assert repair_mojibake(real) == (real, [])
    assert repair_mojibake(double_encoded(real))[0] == real


def test_srt_impossible_times_and_glued_cues_warn_with_the_cue_number() -> None:
    data = (
        "1\n00:00:01,000 --> 00:00:03,000\nI: Hei\n\n"
        "2\n00:00:09,000 --> 00:00:04,000\nU03: Baklengs tid\n\n"
        "3\n00:00:10,000 --> 00:00:12,000\nI: Første del\n00:00:13,000 --> 00:00:15,000\nU03: Limt inn\n"
    ).encode()
    raw = read_transcript_bytes(data, ".srt")
    assert raw.warnings == (
        "cue 2: starts at 00:00:09 after it ends at 00:00:04",
        "cue 3: another cue's times inside it (a blank line missing?); read as a cue of its own",
    )
    assert [(t.label, t.text, t.time_start) for t in raw.turns] == [
        ("I", "Hei", 1.0),
        ("U03", "Baklengs tid", 9.0),
        ("I", "Første del", 10.0),
        ("U03", "Limt inn", 13.0),
    ]


def test_srt_with_a_part_that_is_no_cue_names_the_line() -> None:
    data = b"1\n00:00:01,000 --> 00:00:03,000\nI: Hei\n\n2\n00:00:05,000 -> 00:00:07\nU03: Ja\n"
    with pytest.raises(Exception, match=r"not a valid SubRip \(\.srt\) file: line 5 is not a cue"):
        read_transcript_bytes(data, ".srt")


def test_import_prints_warnings(project_path: Path, tmp_path: Path) -> None:
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    path = tmp_path / "nordbakken_ungdom_U03_T1.srt"
    path.write_text("1\n00:00:05,000 --> 00:00:02,000\nU03: Ja, det går bra på skolen.\n", encoding="utf-8")
    result = run_cli("import", project_path, path)
    assert result.exit_code == 0
    assert "  warning: cue 1: starts at 00:00:05 after it ends at 00:00:02" in result.stdout


@pytest.fixture
def read_only_project(project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project SQLite may not write. The tests run as any user (root writes 0444 files), so the
    check for a read-only file or mount is what is patched; the database is then opened read-only
    for real, and SQLite refuses every write."""
    p = Project.create(str(project_path), sites=["Nordbakken"])
    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text("I: Hvordan går det?\nU03: Det går bra på Sjøglimt.\n", encoding="utf-8")
    assert p.import_files([path]).results[0].status == "imported"
    p.close()
    assert run_cli("codebook", "add", project_path, "Trygghet", "--coder", "ab").exit_code == 0
    import kode.store

    monkeypatch.setattr(kode.store, "is_read_only_file", lambda _path: True)
    return project_path


@pytest.mark.parametrize(
    "args",
    [["info"], ["list"], ["show", "nordbakken_ungdom_U03_T1"], ["search", "bra"], ["check"]],
    ids=lambda a: a[0],
)
def test_read_commands_work_on_a_read_only_project(read_only_project: Path, args: list[str]) -> None:
    result = run_cli(args[0], read_only_project, *args[1:])
    assert result.exit_code == 0, result.output
    assert "OperationalError" not in result.output


def test_backup_and_export_of_a_read_only_project(read_only_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.kode"
    assert run_cli("backup", read_only_project, "-o", out).exit_code == 0
    assert out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["import", "{file}"],
        ["code", "nordbakken_ungdom_U03_T1", "--code", "Trygghet", "--turn", "1", "--coder", "ab"],
        ["vocab", "--add-site", "Lunde"],
    ],
    ids=lambda a: a[0],
)
def test_writes_to_a_read_only_project_say_read_only(read_only_project: Path, tmp_path: Path, args: list[str]) -> None:
    other = tmp_path / "nordbakken_ungdom_U03_T2.txt"
    other.write_text("I: Hei\nU03: Hei igjen.\n", encoding="utf-8")
    result = run_cli(args[0], read_only_project, *[a.format(file=other) for a in args[1:]])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "the project is read-only" in line


def test_a_coding_added_by_another_writer_meanwhile_is_already_coded(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writers check "not coded yet" at the same moment; the second to insert must hear
    "already", not get the database's unique-constraint error."""
    import kodebok.coding as coding

    load_example_codebook(project)
    make_interview(project, "U1_T1", participant="U1")
    with project.session() as s:
        iv = s.scalars(select(Interview)).one()
        coding.add_coding(s, iv, resolve_code(s, "Hjemlighet"), 0, 10, ensure_coder(s, "ab")[0])
    monkeypatch.setattr(coding, "find_coding", lambda *a, **k: None)  # its check ran before the other's commit
    with pytest.raises(InputError, match="ab has coded 0:10 of 'U1_T1' with 'Hjemlighet' already"), project.session() as s:
        iv = s.scalars(select(Interview)).one()
        coding.add_coding(s, iv, resolve_code(s, "Hjemlighet"), 0, 10, ensure_coder(s, "ab")[0])
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 1
