"""The CLI driven as a hostile user: a missing, empty, unreadable or non-text file, a folder where a
file belongs, a non-project path. Each refusal is one line naming the file and the problem, exit
status 1, no traceback, and nothing written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kode.project import Project
from tests.conftest import run_cli
from tests.team.helpers import NAME, TURNS, write_transcript

NOT_TEXT = b"\xff\xfe\x00\xd8\x81\x8d garbage"  # neither UTF-8 nor Windows-1252 (0x81, 0x8d are undefined)


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in stderr, stderr
    return lines[0]


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _unreadable(monkeypatch: pytest.MonkeyPatch, victim: Path) -> None:
    """Reading ``victim`` fails as for a file without read permission (tests may run as root, for
    whom ``chmod 000`` changes nothing)."""
    for name in ("read_bytes", "read_text"):
        original = getattr(Path, name)

        def refuse(self: Path, *args: object, _original: object = original, **kwargs: object) -> object:
            if self.name == victim.name:
                raise PermissionError(13, "Permission denied", str(self))
            return _original(self, *args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(Path, name, refuse)


@pytest.fixture
def imported(project: Project, tmp_path: Path) -> Project:
    path = write_transcript(tmp_path / "v1", TURNS)
    assert not project.import_files([path]).failed
    assert run_cli("memo", "add", project.target, "--text", "Åse sitt første memo", "--coder", "kh").exit_code == 0
    return project


def test_memo_text_from_an_empty_or_unreadable_file_names_the_file(
        imported: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "tomt.txt"
    empty.write_text("  \n", encoding="utf-8")
    for args in (["add", imported.target], ["edit", imported.target, "1"]):
        r = run_cli("memo", *args, "--file", empty, "--coder", "kh")
        assert r.exit_code == 1 and _one_line(r.stderr) == f"Error: {empty}: the file is empty; a memo needs text"
    locked = tmp_path / "låst.txt"
    locked.write_text("Hemmelig memo om Åse", encoding="utf-8")
    _unreadable(monkeypatch, locked)
    r = run_cli("memo", "add", imported.target, "--file", locked, "--coder", "kh")
    assert r.exit_code == 1 and _one_line(r.stderr) == f"Error: {locked}: cannot read the file (Permission denied)"


def test_an_unreadable_codings_file_names_the_file(imported: Project, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "kodinger.csv"
    locked.write_text(f"interview,turn,code,coder\n{NAME},2,Omsorg,kh\n", encoding="utf-8")
    _unreadable(monkeypatch, locked)
    for args in (["codings", "import", imported.target, locked], ["code", imported.target, "--from", locked]):
        r = run_cli(*args, "--coder", "kh")
        assert r.exit_code == 1, r.output
        assert _one_line(r.stderr) == f"Error: {locked}: cannot read the file (Permission denied)"


def test_a_manifest_that_is_not_text_is_one_line(project: Project, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_bytes(NOT_TEXT)
    r = run_cli("import", project.target, write_transcript(tmp_path / "v1", TURNS), "--manifest", manifest)
    assert r.exit_code == 1
    assert _one_line(r.stderr) == (f"Error: {manifest}: the manifest is not text (neither UTF-8 nor "
                                   f"Windows-1252); save it as CSV UTF-8")
    assert run_cli("list", project.target, "--format", "json").stdout.strip() == "[]"


def test_import_and_revise_of_an_empty_folder_name_the_folder(imported: Project, tmp_path: Path) -> None:
    folder = tmp_path / "tom mappe"
    folder.mkdir()
    (folder / "notat.pdf").write_bytes(b"%PDF-1.4")
    for extra, verb in (((), "import"), (("--revise",), "revise")):
        r = run_cli("import", imported.target, folder, *extra)
        assert r.exit_code == 1, r.output
        assert _one_line(r.stderr) == (f"Error: {folder}: nothing to {verb}: only files kode does not read: "
                                       f".pdf (1); kode reads .docx .json .md .srt .txt .vtt")


def test_a_folder_or_a_device_is_not_a_project(tmp_path: Path) -> None:
    folder = tmp_path / "studie.kode"
    folder.mkdir()
    r = run_cli("list", folder)
    assert r.exit_code == 1 and _one_line(r.stderr) == (
        f"Error: {folder}: a folder, not a project (a project is a .kode file or a PostgreSQL URL)")
    r = run_cli("init", folder)
    assert r.exit_code == 1 and _one_line(r.stderr) == f"Error: {folder}: a folder with that name exists already"
    r = run_cli("memo", "add", "/dev/null", "--text", "x", "--coder", "kh")
    assert r.exit_code == 1 and "/dev/null: not a regular file" in _one_line(r.stderr)
    assert list(folder.iterdir()) == []


def test_a_failed_backup_leaves_no_folder_it_made(project_path: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import kode.backup as backup

    def full(source: Path, dest: Path) -> None:
        dest.write_bytes(b"partial")
        raise sqlite3.OperationalError("database or disk is full")

    Project.create(str(project_path), sites=["Nordbakken"]).close()
    before = _dump(project_path)
    monkeypatch.setattr(backup, "_sqlite_backup", full)
    out = tmp_path / "kopier" / "i dag" / "kopi.kode"
    r = run_cli("backup", project_path, "-o", out)
    assert r.exit_code == 1 and "the disk is full" in _one_line(r.stderr)
    assert not (tmp_path / "kopier").exists()
    assert _dump(project_path) == before
    file_as_folder = tmp_path / "fil.txt"
    file_as_folder.write_text("x", encoding="utf-8")
    r = run_cli("backup", project_path, "-o", file_as_folder / "kopi.kode")
    assert r.exit_code == 1
    assert _one_line(r.stderr) == f"Error: {file_as_folder / 'kopi.kode'}: {file_as_folder} is a file, not a folder"


def _flat(text: str) -> str:
    """Output as one line: rich wraps long lines at the terminal's width."""
    return " ".join(text.split())


def _terms(project: Project) -> set[str]:
    from sqlalchemy import select

    from intervju.models import SearchTerm

    with project.session() as s:
        return set(s.scalars(select(SearchTerm.term)))


def test_deid_apply_with_a_new_key_writes_it_and_keeps_the_vocabulary(imported: Project, tmp_path: Path) -> None:
    """`deid apply --key NEW` with nothing accepted yet committed its work, then failed with "no such
    key file" (the key was written only for a new tag); and its vocabulary rebuild dropped every
    lemma, so a fuzzy query no longer met one (*aktivitet~* for *aktivitetene*)."""
    before = _terms(imported)
    assert {"aktivitetene", "aktivitet"} <= before  # a form and its lemma: what indexing puts in the vocabulary
    key = tmp_path / "nøkkel.yml"
    r = run_cli("deid", "apply", imported.target, "--key", key, "--coder", "kh")
    assert r.exit_code == 0, r.output
    assert key.is_file() and (key.stat().st_mode & 0o777) == 0o600
    assert f"Key: {key} (mode 0600)" in _flat(r.stdout) and "warning" not in r.stderr
    assert _terms(imported) == before


def test_the_vocabulary_deid_rebuilds_is_the_one_indexing_made(imported: Project) -> None:
    """At the library's depth: apply's rebuild kept only the sentences' forms, not their lemmas."""
    from intervju.deid.residue import rebuild_vocabulary

    before = _terms(imported)
    with imported.session() as s:
        rebuild_vocabulary(s)
    assert _terms(imported) == before


def test_deid_apply_says_when_the_key_is_readable_by_others(imported: Project, tmp_path: Path) -> None:
    """A key kode does not rewrite (nothing new to replace) keeps the mode it was given: apply said
    "(mode 0600)" of a key others could read."""
    key = tmp_path / "nøkkel.yml"
    key.write_text("names: [Åse Nordmann]\n", encoding="utf-8")
    assert run_cli("deid", "apply", imported.target, "--key", key, "--coder", "kh").exit_code == 0
    key.chmod(0o644)  # copied, restored from a backup, edited by hand
    r = run_cli("deid", "apply", imported.target, "--key", key, "--coder", "kh")
    assert r.exit_code == 0, r.output
    assert key.stat().st_mode & 0o777 == 0o644
    assert f"Key: {key} (mode 0644)" in _flat(r.stdout)
    assert _flat(r.stderr) == f"warning: {key} holds the real names and others may read it (mode 0644); run chmod 600 {key}"
