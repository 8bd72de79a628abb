"""Defects found with real exports of other tools, each reproduced with a small hand-made file:
sources named by a bare relative path (qc), the exit status and JSON report of a failed import,
comments in ``<Description>`` (ATLAS.ti), an external DOCTYPE, and the report's grammar."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from export.refi import QdpxImportFailed
from export.refi.safety import UnsafeArchive
from intervju.models import Interview, Participant
from kode.project import Project
from kodebok.models import Code, Coder, Coding, Memo
from tests.conftest import run_cli
from tests.refi.fixtures import CODE, SOURCE, make_qdpx, project_xml

QC_TEXT = "Intervjuer: Hva skjedde i styret?\n\nEier: Vi vedtok å bygge et nytt hus på Sjøglimt.\n"
QC_NEEDLE = "Vi vedtok å bygge et nytt hus"
COUNT_KEYS = {"coders", "codes", "participants", "interviews", "codings", "memos", "sets"}


def _qc_file(tmp_path: Path, path_attr: str = "board_2017.txt", member: str = "sources/board_2017.txt") -> Path:
    start = QC_TEXT.index(QC_NEEDLE)
    qde = project_xml(
        origin="qualitative-coding",
        selections=[(start, start + len(QC_NEEDLE), "")],
        source_attrs=f'plainTextPath="{path_attr}"',
    )
    return make_qdpx(tmp_path / "qc.qdpx", qde, {member: QC_TEXT.encode("utf-8")})


def _codings(project: Project) -> list[str]:
    with project.session() as s:
        return [
            s.get(Interview, c.interview_id).text[c.start : c.end]  # type: ignore[union-attr]
            for c in s.scalars(select(Coding).order_by(Coding.start))
        ]


def _nothing_stored(project: Project) -> None:
    with project.session() as s:
        assert s.scalars(select(Code)).all() == []
        assert s.scalars(select(Interview)).all() == []
        assert s.scalars(select(Coder)).all() == []


# -- 1. sources without internal:// -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path_attr", "member"),
    [
        ("board_2017.txt", "sources/board_2017.txt"),  # qc
        ("board_2017.txt", "Sources/board_2017.txt"),
        ("sources/board_2017.txt", "sources/board_2017.txt"),  # relative to the archive's root
        ("board%202017.txt", "sources/board 2017.txt"),  # written as a URI
        ("internal://board_2017.txt", "sources/board_2017.txt"),
    ],
)
def test_a_bare_relative_plain_text_path_is_found_in_sources(
    project: Project, tmp_path: Path, path_attr: str, member: str
) -> None:
    report = project.import_qdpx(_qc_file(tmp_path, path_attr, member))
    assert report.skipped == []
    assert report.imported["interviews"] == 1 and report.imported["codings"] == 1
    assert _codings(project) == [QC_NEEDLE]


@pytest.mark.parametrize(
    ("path_attr", "why"),
    [
        ("../board_2017.txt", "the path '../board_2017.txt' leaves the archive; refused"),
        ("internal://../project.qde", "the path 'internal://../project.qde' leaves the archive; refused"),
        ("file:///C:/Data/board_2017.txt", "the plain text 'file:///C:/Data/board_2017.txt' is outside the archive"),
        ("C:\\Data\\board_2017.txt", "is an absolute path outside the archive"),
        ("/home/kari/board_2017.txt", "is an absolute path outside the archive"),
        ("mangler.txt", "mangler.txt is not in the archive (looked in sources/ and at the top)"),
    ],
)
def test_a_path_that_leaves_or_misses_the_archive_is_reported_as_it_is(
    project: Project, tmp_path: Path, path_attr: str, why: str
) -> None:
    with pytest.raises(QdpxImportFailed) as caught:
        project.import_qdpx(_qc_file(tmp_path, path_attr))
    [entry] = caught.value.report.skipped
    assert entry.kind == "missing-source" and why in entry.detail
    assert "its 1 selection is not imported" in entry.detail
    assert "://)" not in entry.detail  # the old message printed "(board_2017.txt://)"
    _nothing_stored(project)


# -- 2. exit status and JSON report -------------------------------------------------------------


def test_no_source_imported_exits_1_prints_the_report_and_writes_nothing(project: Project, tmp_path: Path) -> None:
    path = _qc_file(tmp_path, "mangler.txt")
    result = run_cli("import-qdpx", project.target, str(path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"file", "origin", "positions", "imported", "matched", "adjusted", "skipped", "error"}
    assert report["imported"] == dict.fromkeys(COUNT_KEYS, 0) and report["matched"] == dict.fromkeys(COUNT_KEYS, 0)
    assert "none of its 1 source could be imported" in report["error"]
    assert [e["kind"] for e in report["skipped"]] == ["missing-source"]
    assert "none of its 1 source could be imported" in result.stderr
    _nothing_stored(project)
    text = run_cli("import-qdpx", project.target, str(path))
    assert text.exit_code == 1 and "[missing-source]" in text.stdout and "Imported from" not in text.stdout


def test_a_fatal_error_still_prints_the_json_report(project: Project, tmp_path: Path) -> None:
    qde = project_xml(origin="X", selections=[(0, 4, "")], variables=False)  # no site, group or wave
    path = make_qdpx(tmp_path / "x.qdpx", qde, {f"sources/{SOURCE}.txt": QC_TEXT.encode()})
    result = run_cli("import-qdpx", project.target, str(path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert "has no site, group, wave" in report["error"] and report["imported"] == dict.fromkeys(COUNT_KEYS, 0)
    assert "give a default with --site" in result.stderr
    broken = make_qdpx(tmp_path / "broken.qdpx", "<Project><Users>", {})
    result = run_cli("import-qdpx", project.target, str(broken), "--format", "json")
    assert result.exit_code == 1 and "not well-formed XML" in json.loads(result.stdout)["error"]
    _nothing_stored(project)


def test_strict_refuses_when_anything_is_skipped(project: Project, tmp_path: Path) -> None:
    start = QC_TEXT.index(QC_NEEDLE)
    qde = project_xml(
        origin="X",
        selections=[(start, start + len(QC_NEEDLE), ""), (5000, 5010, "")],  # the second is beyond the text
        source_attrs='plainTextPath="board_2017.txt"',
    )
    path = make_qdpx(tmp_path / "x.qdpx", qde, {"sources/board_2017.txt": QC_TEXT.encode()})
    result = run_cli("import-qdpx", project.target, str(path), "--strict", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert "--strict and 1 item would be skipped" in report["error"]
    assert [e["kind"] for e in report["skipped"]] == ["beyond-text"]
    assert "1 coding not imported" in report["skipped"][0]["detail"]
    _nothing_stored(project)
    result = run_cli("import-qdpx", project.target, str(path), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["error"] is None and report["imported"]["codings"] == 1 and report["imported"]["sets"] == 0
    assert set(report["imported"]) == COUNT_KEYS and set(report["matched"]) == COUNT_KEYS


def test_reimporting_the_same_file_is_a_success_not_a_failure(project: Project, tmp_path: Path) -> None:
    path = _qc_file(tmp_path)
    first = run_cli("import-qdpx", project.target, str(path))
    assert first.exit_code == 0
    said = " ".join(first.stdout.split())  # the console wraps at the terminal's width
    assert f"Imported from {path}: 1 coder, 1 code, 1 interview, 1 coding Positions" in said
    again = run_cli("import-qdpx", project.target, str(path), "--format", "json")
    assert again.exit_code == 0
    report = json.loads(again.stdout)
    assert report["imported"]["interviews"] == 0 and report["matched"]["interviews"] == 1


# -- 3. descriptions (comments) ------------------------------------------------------------------

ATLAS_TEXT = "I: Hvordan var det å flytte inn?\n\nU: Det var skummelt først 😬, men nå er det trygt.\n"
CASE = "C0A5E000-1111-4222-8333-444455556666"
USER = "A1B2C3D4-E5F6-4A5B-8C9D-0E1F2A3B4C5D"


def _atlas_with_comments(tmp_path: Path) -> Path:
    """An ATLAS.ti-like project: a comment on a quotation with a coding, on a free quotation, on
    the document, on a case and on a code."""
    coded = "Det var skummelt først 😬"
    free = "nå er det trygt"
    s1, s2 = ATLAS_TEXT.index(coded), ATLAS_TEXT.index(free)
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Atlas" origin="ATLAS.ti 23">'
        f'<Users><User guid="{USER}" name="Kari"/></Users>'
        f'<CodeBook><Codes><Code guid="{CODE}" name="Trygghet" isCodable="true">'
        "<Description>Å føle seg trygg.</Description></Code></Codes></CodeBook>"
        '<Variables><Variable guid="11111111-2222-4333-8444-555555555555" name="Site" typeOfVariable="Text"/>'
        '<Variable guid="21111111-2222-4333-8444-555555555555" name="Group" typeOfVariable="Text"/>'
        '<Variable guid="31111111-2222-4333-8444-555555555555" name="Wave" typeOfVariable="Text"/></Variables>'
        f'<Cases><Case guid="{CASE}" name="Ungdom Å"><Description>Flyttet inn i mars; æøå.</Description>'
        f'<SourceRef targetGUID="{SOURCE}"/></Case></Cases>'
        f'<Sources><TextSource guid="{SOURCE}" name="Innflytting.txt" plainTextPath="internal://{SOURCE}.txt" '
        f'creatingUser="{USER}"><Description>Intervjuet tatt opp på rommet.</Description>'
        f'<PlainTextSelection guid="AAAAAAAA-0000-4000-8000-000000000001" name="{coded}" '
        f'startPosition="{s1}" endPosition="{s1 + len(coded)}" creatingUser="{USER}">'
        "<Description>Viktig: frykt ved innflytting.\r\nSe også T2.</Description>"
        f'<Coding guid="BBBBBBBB-0000-4000-8000-000000000001" creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/>'
        "</Coding></PlainTextSelection>"
        f'<PlainTextSelection guid="AAAAAAAA-0000-4000-8000-000000000002" name="{free}" '
        f'startPosition="{s2}" endPosition="{s2 + len(free)}" creatingUser="{USER}">'
        "<Description>Fri sitering med kommentar.</Description></PlainTextSelection>"
        '<VariableValue><VariableRef targetGUID="11111111-2222-4333-8444-555555555555"/>'
        "<TextValue>Sjøglimt</TextValue></VariableValue>"
        '<VariableValue><VariableRef targetGUID="21111111-2222-4333-8444-555555555555"/>'
        "<TextValue>ungdom</TextValue></VariableValue>"
        '<VariableValue><VariableRef targetGUID="31111111-2222-4333-8444-555555555555"/>'
        "<TextValue>T1</TextValue></VariableValue>"
        "</TextSource></Sources><Description>Pilotstudie, runde 1.</Description></Project>"
    )
    return make_qdpx(tmp_path / "atlas.qdpx", qde, {f"sources/{SOURCE}.txt": ATLAS_TEXT.encode("utf-8")})


def _memos(project: Project) -> set[tuple[str | None, str, str, str]]:
    with project.session() as s:
        out = set()
        for m in s.scalars(select(Memo)):
            if m.coding_id is not None:
                c = s.get(Coding, m.coding_id)
                assert c is not None
                target = "coding:" + s.get(Interview, c.interview_id).text[c.start : c.end]  # type: ignore[union-attr]
            elif m.participant_id is not None:
                target = "participant:" + s.get(Participant, m.participant_id).pseudonym  # type: ignore[union-attr]
            elif m.interview_id is not None:
                target = "interview:" + s.get(Interview, m.interview_id).name  # type: ignore[union-attr]
            elif m.code_id is not None:
                target = "code:" + s.get(Code, m.code_id).name  # type: ignore[union-attr]
            else:
                target = "project"
            out.add((m.title, m.text, m.author.name, target))
        return out


def test_descriptions_become_memos_on_what_they_describe(project: Project, tmp_path: Path) -> None:
    report = project.import_qdpx(_atlas_with_comments(tmp_path))
    assert report.skipped == []
    assert _memos(project) == {
        ("Description", "Viktig: frykt ved innflytting.\nSe også T2.", "Kari", "coding:Det var skummelt først 😬"),
        ("Description", "Fri sitering med kommentar.\n\n«nå er det trygt»", "Kari", "interview:Innflytting"),
        ("Description", "Intervjuet tatt opp på rommet.", "qdpx-import", "interview:Innflytting"),
        ("Description", "Flyttet inn i mars; æøå.", "qdpx-import", "participant:Ungdom Å"),
        ("Description", "Pilotstudie, runde 1.", "qdpx-import", "project"),
    }
    assert report.imported["memos"] == 5
    assert {e.kind for e in report.adjusted} >= {"description-on-interview", "description-author"}
    # Importing again adds nothing.
    again = project.import_qdpx(_atlas_with_comments(tmp_path))
    assert again.imported["memos"] == 0 and again.matched["memos"] == 5


def test_a_differing_description_of_a_code_already_present_is_kept_as_a_memo(project: Project, tmp_path: Path) -> None:
    with project.session() as s:
        s.add(Code(uid=CODE.lower(), name="Trygghet", definition="Vår egen definisjon."))
    project.import_qdpx(_atlas_with_comments(tmp_path))
    assert ("Description", "Å føle seg trygg.", "qdpx-import", "code:Trygghet") in _memos(project)
    with project.session() as s:
        assert s.scalars(select(Code)).one().definition == "Vår egen definisjon."


def test_descriptions_go_back_out_as_descriptions(project: Project, tmp_path: Path) -> None:
    project.import_qdpx(_atlas_with_comments(tmp_path))
    out = tmp_path / "ut.qdpx"
    summary = project.export_qdpx(out)
    assert summary.descriptions == 4  # the project's, selection's, source's and case's; the free quotation's is a Note
    with zipfile.ZipFile(out) as zf:
        root = ET.fromstring(zf.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert root.find("q:Description", ns).text == "Pilotstudie, runde 1."  # type: ignore[union-attr]
    assert root.find("q:Cases/q:Case/q:Description", ns).text == "Flyttet inn i mars; æøå."  # type: ignore[union-attr]
    source = root.find("q:Sources/q:TextSource", ns)
    assert source is not None
    assert source.find("q:Description", ns).text == "Intervjuet tatt opp på rommet."  # type: ignore[union-attr]
    [selection] = source.findall("q:PlainTextSelection", ns)
    assert selection.find("q:Description", ns).text == "Viktig: frykt ved innflytting.\nSe også T2."  # type: ignore[union-attr]
    notes = [n.find("q:PlainTextContent", ns).text for n in root.findall("q:Notes/q:Note", ns)]  # type: ignore[union-attr]
    assert notes == ["Fri sitering med kommentar.\n\n«nå er det trygt»"]
    # And into a new project: the same memos.
    other = Project.create(str(tmp_path / "b.kode"), sites=["Nordbakken", "Sjøglimt"])
    try:
        other.import_qdpx(out)
        assert _memos(other) == _memos(project)
    finally:
        other.close()


# -- 6. small ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doctype",
    ['<!DOCTYPE Project SYSTEM "http://example.org/refi.dtd">', '<!DOCTYPE Project PUBLIC "-//X//EN" "refi.dtd">'],
    ids=["system", "public"],
)
def test_an_external_doctype_is_refused(project: Project, tmp_path: Path, doctype: str) -> None:
    qde = project_xml(origin="X", selections=[]).replace("?>\n", "?>\n" + doctype, 1)
    path = make_qdpx(tmp_path / "dtd.qdpx", qde, {f"sources/{SOURCE}.txt": QC_TEXT.encode()})
    with pytest.raises(UnsafeArchive, match="refused, the XML names an external document type"):
        project.import_qdpx(path)
    result = run_cli("import-qdpx", project.target, str(path))
    assert result.exit_code == 1 and "external document type" in result.stderr
    _nothing_stored(project)


def test_an_internal_doctype_without_entities_is_read(project: Project, tmp_path: Path) -> None:
    qde = _qc_file(tmp_path)
    with zipfile.ZipFile(qde) as zf:
        text = zf.read("project.qde").decode().replace("?>\n", "?>\n<!DOCTYPE Project>", 1)
    path = make_qdpx(tmp_path / "doctype.qdpx", text, {"sources/board_2017.txt": QC_TEXT.encode()})
    assert project.import_qdpx(path).imported["codings"] == 1


def test_messages_say_an_audio_source_and_one_selection(project: Project, tmp_path: Path) -> None:
    start = QC_TEXT.index(QC_NEEDLE)
    qde = project_xml(
        origin="X", selections=[(start, start + len(QC_NEEDLE), "")], source_attrs='plainTextPath="board_2017.txt"'
    ).replace(
        "</Sources>",
        '<AudioSource guid="DDDDDDDD-0000-4000-8000-000000000001" name="Opptak" path="internal://a.m4a">'
        '<AudioSelection guid="DDDDDDDD-0000-4000-8000-000000000002" begin="0" end="10"/></AudioSource></Sources>',
    )
    path = make_qdpx(tmp_path / "x.qdpx", qde, {"sources/board_2017.txt": QC_TEXT.encode()})
    report = project.import_qdpx(path)
    [entry] = [e for e in report.skipped if e.kind == "unsupported-source"]
    assert entry.detail == "an AudioSource: kode holds text interviews only (1 selection or coding not imported)"


def test_the_file_a_code_came_from_imported_again_adds_no_description_memo(project: Project, tmp_path: Path) -> None:
    path = _qc_file(tmp_path)
    with zipfile.ZipFile(path) as zf:
        qde = zf.read("project.qde").decode()
    qde = qde.replace("Å føle seg trygg.", "Å føle seg trygg.\n\nInclusion: når de  sier det selv.")
    path = make_qdpx(tmp_path / "engelsk.qdpx", qde, {"sources/board_2017.txt": QC_TEXT.encode()})
    project.import_qdpx(path)
    with project.session() as s:
        assert s.scalars(select(Code)).one().inclusion == "når de  sier det selv."
    project.import_qdpx(path)
    assert _memos(project) == set()
