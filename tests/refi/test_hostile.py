"""A .qdpx is untrusted input: zip slip, zip bombs and XML entities are refused with a clear
message, and nothing of the file is stored."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from export.refi.safety import SafeZip, UnsafeArchive
from intervju.errors import InputError
from kode.project import Project
from kodebok.models import Code
from tests.conftest import run_cli
from tests.refi.fixtures import SOURCE, make_qdpx, project_xml

GOOD = project_xml(origin="X", selections=[(8, 12, "")])
RAW = b"Ungdom: Hei der.\n"


def _nothing_stored(project: Project) -> None:
    with project.session() as s:
        assert s.scalars(select(Code)).all() == []


@pytest.mark.parametrize("name", ["../evil.txt", "sources/../../evil.txt", "/etc/evil", "C:\\evil.txt", "..\\evil.txt"])
def test_zip_slip_is_refused(project: Project, tmp_path: Path, name: str) -> None:
    path = make_qdpx(tmp_path / "slip.qdpx", GOOD, {f"sources/{SOURCE}.txt": RAW, name: b"pwned"})
    result = run_cli("import-qdpx", project.target, str(path))
    assert result.exit_code == 1
    assert "points outside the archive (zip slip)" in result.stderr and "refused" in result.stderr
    _nothing_stored(project)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_zip_bomb_is_refused(project: Project, tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "bomb.qdpx", GOOD, {f"sources/{SOURCE}.txt": b"\0" * (8 * 2**20)})
    with pytest.raises(UnsafeArchive, match=r"expands \d+× .*zip bomb"):
        project.import_qdpx(path)
    _nothing_stored(project)


def test_an_oversized_member_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import export.refi.safety as safety

    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", b"x" * 5000)
    monkeypatch.setattr(safety, "MAX_MEMBER_BYTES", 1000)
    monkeypatch.setattr(safety, "_CHUNK", 512)
    with pytest.raises(UnsafeArchive, match=r"entry 'a.txt' is 0.0 MB \(limit 0.0 MB\)"):
        SafeZip(path)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
    ids=["xxe", "billion-laughs"],
)
def test_xml_entities_are_refused(project: Project, tmp_path: Path, doctype: str) -> None:
    qde = GOOD.replace('<?xml version="1.0" encoding="utf-8"?>\n', '<?xml version="1.0" encoding="utf-8"?>\n' + doctype)
    qde = qde.replace("Å føle seg trygg.", "&xxe;" if "xxe" in doctype else "&b;")
    path = make_qdpx(tmp_path / "xxe.qdpx", qde, {f"sources/{SOURCE}.txt": RAW})
    result = run_cli("import-qdpx", project.target, str(path))
    assert result.exit_code == 1
    assert "declares entities or external references" in result.stderr
    assert "root:" not in result.output
    _nothing_stored(project)


def test_a_source_path_leaving_the_sources_folder_is_not_followed(project: Project, tmp_path: Path) -> None:
    qde = project_xml(origin="X", selections=[(8, 12, "")], source_attrs='plainTextPath="internal://../project.qde"')
    with pytest.raises(InputError, match="none of its 1 source could be imported") as caught:
        project.import_qdpx(make_qdpx(tmp_path / "x.qdpx", qde))
    report = caught.value.report  # type: ignore[attr-defined]
    assert [(e.kind, "leaves the archive; refused" in e.detail) for e in report.skipped] == [("missing-source", True)]
    _nothing_stored(project)


def test_not_a_zip_and_no_project_file(project: Project, tmp_path: Path) -> None:
    fake = tmp_path / "fake.qdpx"
    fake.write_text("hei", "utf-8")
    result = run_cli("import-qdpx", project.target, str(fake))
    assert result.exit_code == 1 and "fake.qdpx: not a zip archive" in result.stderr
    empty = make_qdpx(tmp_path / "empty.qdpx", b"", {}, qde_name="readme.txt")
    with pytest.raises(InputError, match="no project.qde in the archive"):
        project.import_qdpx(empty)
    broken = make_qdpx(tmp_path / "broken.qdpx", "<Project><Users>", {})
    with pytest.raises(InputError, match="not well-formed XML"):
        project.import_qdpx(broken)
    result = run_cli("import-qdpx", project.target, str(tmp_path / "finnes-ikke.qdpx"))
    assert result.exit_code == 1 and "finnes-ikke.qdpx: no such file" in result.stderr
