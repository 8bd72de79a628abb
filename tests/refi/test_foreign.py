"""What other tools really write: ATLAS.ti's sample, NVivo's UTF-16 positions, BOM and CRLF,
GUIDs in upper case, Sources/ or sources/, missing sources, selections beyond the text,
namespaces written differently."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from export.refi import QdpxImportFailed, QdpxOptions, stored_sets
from export.refi.text import canonicalise, utf16_to_chars
from intervju.models import Interview, Participant, Turn
from kode.project import Project
from kodebok.models import Code, Coder, Coding, Memo
from tests.conftest import run_cli
from tests.refi.fixtures import SOURCE, make_qdpx, project_xml, units
from tests.refi.test_roundtrip import SCHEMAS

ATLAS = SCHEMAS / "samples" / "atlasti-8.4_TestProject.qdpx"

# An NVivo-style transcript: UTF-8 with BOM, CRLF, emoji (astral: 2 UTF-16 units), a skin-tone
# modifier, decomposed å (a + ring) and trailing spaces.
RAW = (
    "Intervjuer: Hei 😀 hvordan går det på Sjøglimt?  \r\n"
    "Ungdom: Bra 👍🏽 takk, men jeg savner hja\u030amme.\r\n"
    "\r\n"
    "Intervjuer: Og maten? 🍕\r\n"
    "Ungdom: Maten er god 🍕🍕, æøå ÆØÅ.\r\n"
)
NEEDLES = ["Bra 👍🏽 takk", "Maten er god 🍕🍕, æøå", "savner hja\u030amme"]


def _codings(project: Project) -> list[str]:
    with project.session() as s:
        out = []
        for c in s.scalars(select(Coding).order_by(Coding.start)):
            iv = s.get(Interview, c.interview_id)
            assert iv is not None
            out.append(iv.text[c.start : c.end])
        return out


def _nvivo(tmp_path: Path, *, origin: str = "NVivo 14.23.0", folder: str = "Sources", name_text: bool = True) -> Path:
    sels = [(*units(RAW, n, utf16=True), n if name_text else "") for n in NEEDLES]
    qde = project_xml(origin=origin, selections=sels)
    return make_qdpx(tmp_path / "nvivo.qdpx", qde, {f"{folder}/{SOURCE}.txt": b"\xef\xbb\xbf" + RAW.encode("utf-8")})


def test_nvivo_utf16_positions_bom_and_crlf(project: Project, tmp_path: Path) -> None:
    report = project.import_qdpx(_nvivo(tmp_path))
    assert report.positions == "utf16" and "NVivo" in report.positions_reason
    kinds = {e.kind for e in report.adjusted}
    assert {"bom", "crlf", "nfc", "trailing-spaces", "utf16-positions"} <= kinds
    assert report.skipped == []
    assert _codings(project) == ["Bra 👍🏽 takk", "savner hjåmme", "Maten er god 🍕🍕, æøå"]
    with project.session() as s:
        iv = s.scalars(select(Interview)).one()
        assert "\r" not in iv.text and "\ufeff" not in iv.text and "hjåmme" in iv.text
        assert (iv.name, iv.site.name, iv.group.name, iv.wave.name) == (
            "Samtale med ungdom",
            "Sjøglimt",
            "ungdom",
            "T2",
        )
        turns = list(s.scalars(select(Turn).order_by(Turn.n)))
        assert [(t.label, t.role) for t in turns] == [
            ("Intervjuer", "interviewer"),
            ("Ungdom", "informant"),
            ("Intervjuer", "interviewer"),
            ("Ungdom", "informant"),
        ]
        assert iv.text[turns[1].start : turns[1].end] == "Bra 👍🏽 takk, men jeg savner hjåmme."
        coder = s.scalars(select(Coder)).one()
        assert coder.name == "Kari Koder"
        assert s.scalars(select(Code)).one().uid == "5b2e7c1a-9d3f-4e8b-a6c2-1f0d3e5a7b9c"


def test_utf16_detected_without_origin_by_selections_that_only_fit_in_utf16(project: Project, tmp_path: Path) -> None:
    # The last selection ends past the text counted in characters but inside it in UTF-16 units.
    raw = "Ungdom: Jeg liker 😀😀😀 her.\n"
    end_units = len(raw) + 3
    qde = project_xml(origin="SomeTool 1.0", selections=[(8, end_units - 1, "")])
    path = make_qdpx(tmp_path / "x.qdpx", qde, {f"sources/{SOURCE.lower()}.txt": raw.encode()})
    report = project.import_qdpx(path)
    assert report.positions == "utf16" and "only when counted in UTF-16" in report.positions_reason
    assert _codings(project) == ["Jeg liker 😀😀😀 her."]


def test_utf16_detected_by_selection_names(project: Project, tmp_path: Path) -> None:
    sels = [(*units(RAW, n, utf16=True), n) for n in NEEDLES]
    path = make_qdpx(
        tmp_path / "x.qdpx", project_xml(origin="Other", selections=sels), {f"sources/{SOURCE}.txt": RAW.encode()}
    )
    report = project.import_qdpx(path)
    assert report.positions == "utf16"
    assert _codings(project) == ["Bra 👍🏽 takk", "savner hjåmme", "Maten er god 🍕🍕, æøå"]


def test_character_positions_with_crlf_and_bom(project: Project, tmp_path: Path) -> None:
    sels = [(*units(RAW, n, utf16=False), n) for n in NEEDLES]
    path = make_qdpx(
        tmp_path / "x.qdpx", project_xml(origin="QualCoder 3.5", selections=sels),
        {f"Sources/{SOURCE.lower()}.TXT": b"\xef\xbb\xbf" + RAW.encode()},
    )  # fmt: skip
    report = project.import_qdpx(path)
    assert report.positions == "chars"
    assert _codings(project) == ["Bra 👍🏽 takk", "savner hjåmme", "Maten er god 🍕🍕, æøå"]


def test_positions_option_overrides_detection(project: Project, tmp_path: Path) -> None:
    sels = [(*units(RAW, n, utf16=False), "") for n in NEEDLES]
    path = make_qdpx(
        tmp_path / "x.qdpx", project_xml(origin="NVivo 12", selections=sels), {f"sources/{SOURCE}.txt": RAW.encode()}
    )
    result = run_cli("import-qdpx", project.target, str(path), "--positions", "chars")
    assert result.exit_code == 0, result.output
    assert "Positions read as chars: given with --positions" in result.stdout
    assert _codings(project) == ["Bra 👍🏽 takk", "savner hjåmme", "Maten er god 🍕🍕, æøå"]


def test_selection_beyond_the_text_and_missing_source_are_reported(project: Project, tmp_path: Path) -> None:
    raw = "Ungdom: Kort tekst.\n"
    qde = project_xml(origin="X", selections=[(8, 12, ""), (8, 500, ""), (-1, 3, ""), (9, 4, "")])
    path = make_qdpx(tmp_path / "x.qdpx", qde, {f"sources/{SOURCE}.txt": raw.encode()})
    report = project.import_qdpx(path)
    beyond = [e for e in report.skipped if e.kind == "beyond-text"]
    assert len(beyond) == 3 and "8–500" in beyond[0].detail and "20 characters" in beyond[0].detail
    assert _codings(project) == ["Kort"]

    missing = make_qdpx(tmp_path / "y.qdpx", qde.replace(SOURCE, "9" + SOURCE[1:]), {})
    with pytest.raises(QdpxImportFailed, match="none of its 1 source could be imported") as caught:
        project.import_qdpx(missing)
    report = caught.value.report
    assert [e.kind for e in report.skipped] == ["missing-source"]
    assert "not in the archive" in report.skipped[0].detail and "4 selections" in report.skipped[0].detail


@pytest.mark.parametrize(
    ("ns", "prefix"),
    [('xmlns="urn:QDA-XML:project:1.0"', ""), ('xmlns:q="urn:QDA-XML:project:1.0"', "q"), ("", ""),
     ('xmlns="urn:QDA-XML:project:0:10"', "")],
    ids=["default", "prefixed", "none", "old-version"],
)  # fmt: skip
def test_namespaces_written_differently(project: Project, tmp_path: Path, ns: str, prefix: str) -> None:
    raw = "Ungdom: Det er trygt her.\n"
    qde = project_xml(origin="X", selections=[(8, 25, "")], ns=ns, prefix=prefix)
    report = project.import_qdpx(make_qdpx(tmp_path / "x.qdpx", qde, {f"sources/{SOURCE}.txt": raw.encode()}))
    assert _codings(project) == ["Det er trygt her."]
    standard = "urn:QDA-XML:project:1.0" in ns
    assert any(e.kind == "namespace" for e in report.adjusted) == (not standard)


def test_plain_text_content_and_defaults_for_metadata(project: Project, tmp_path: Path) -> None:
    body = "<PlainTextContent>I: Hvordan er det?\n\nU: Det er bra på Nordbakken.</PlainTextContent>"
    qde = project_xml(origin="X", selections=[(23, 47, "")], source_attrs="", source_body=body, variables=False)
    path = make_qdpx(tmp_path / "x.qdpx", qde)
    result = run_cli("import-qdpx", project.target, str(path))
    assert result.exit_code == 1
    assert "Samtale med ungdom.docx has no site, group, wave" in result.stderr and "--site SITE" in result.stderr
    with project.session() as s:
        assert s.scalars(select(Code)).all() == []  # nothing half-written
    result = run_cli(
        "import-qdpx", project.target, str(path), "--site", "nordbakken", "--group", "Ungdom", "--wave", "t1"
    )
    assert result.exit_code == 0, result.output
    assert _codings(project) == ["Det er bra på Nordbakken"]
    with project.session() as s:
        iv = s.scalars(select(Interview)).one()
        assert (iv.site.name, iv.group.name, iv.wave.name) == ("Nordbakken", "ungdom", "T1")


def test_cases_give_participants_and_metadata(project: Project, tmp_path: Path) -> None:
    raw = "Ungdom: Jeg heter Åse her.\n"
    cases = (
        '<Cases><Case guid="C1111111-2222-4333-8444-555555555555" name="Åse">'
        '<VariableValue><VariableRef targetGUID="11111111-2222-4333-8444-555555555555"/><TextValue>sjoglimt</TextValue></VariableValue>'
        '<VariableValue><VariableRef targetGUID="21111111-2222-4333-8444-555555555555"/><TextValue>ungdom</TextValue></VariableValue>'
        '<VariableValue><VariableRef targetGUID="31111111-2222-4333-8444-555555555555"/><TextValue>T3</TextValue></VariableValue>'
        '<VariableValue><VariableRef targetGUID="41111111-2222-4333-8444-555555555555"/><TextValue>16</TextValue></VariableValue>'
        f'<SourceRef targetGUID="{SOURCE.lower()}"/></Case></Cases>'
    )
    qde = project_xml(origin="X", selections=[(8, 26, "")], variables=False)
    qde = qde.replace(
        "</Variables>",
        '<Variable guid="41111111-2222-4333-8444-555555555555" name="alder" typeOfVariable="Integer"/></Variables>'
        + cases,
    )
    project.import_qdpx(make_qdpx(tmp_path / "x.qdpx", qde, {f"sources/{SOURCE}.txt": raw.encode()}))
    with project.session() as s:
        p = s.scalars(select(Participant)).one()
        assert (p.pseudonym, p.site.name if p.site else None, p.group.name if p.group else None, p.attributes) == (
            "Åse",
            "Sjøglimt",
            "ungdom",
            {"alder": "16"},
        )
        iv = s.scalars(select(Interview)).one()
        assert iv.wave.name == "T3" and [x.pseudonym for x in iv.participants] == ["Åse"]
        assert s.scalars(select(Turn)).one().participant_id == p.id


def _atlas_with_texts(tmp_path: Path) -> Path:
    """The ATLAS.ti sample with made-up texts for its six text sources (the sample ships none)."""
    import re
    import zipfile

    qde = zipfile.ZipFile(ATLAS).read("Project.qde")
    guids = re.findall(rb'plainTextPath="internal://([0-9A-F-]+)\.txt"', qde)
    text = "Ungdom: Frokosten er god, men jeg er trøtt om morgenen. " * 300
    files = {f"Sources/{g.decode()}.txt": f"{text}\n{g.decode()}\n".encode() for g in guids}
    return make_qdpx(tmp_path / "atlas.qdpx", qde, files)


ATLAS_DEFAULTS = QdpxOptions(site="Sjøglimt", group="ungdom", wave="T1")


def test_atlas_sample_without_its_texts_is_refused_with_the_reasons(project: Project) -> None:
    with pytest.raises(QdpxImportFailed, match="none of its 12 sources could be imported") as caught:
        project.import_qdpx(ATLAS)
    report = caught.value.report
    missing = [e for e in report.skipped if e.kind == "missing-source"]
    assert len(missing) == 6 and any("Mabêl 2ième.txt" in e.what for e in missing)
    assert {e.what for e in report.skipped if e.kind == "unsupported-source"} >= {"source cornflakes-n-milk.jpg"}
    with project.session() as s:
        assert s.scalars(select(Code)).all() == []


def test_atlas_sample_codebook_sets_users_and_memos(project: Project, tmp_path: Path) -> None:
    report = project.import_qdpx(_atlas_with_texts(tmp_path), ATLAS_DEFAULTS)
    assert report.imported["coders"] == 3 and report.imported["codes"] == 14 and report.imported["sets"] == 16
    assert report.imported["interviews"] == 6
    assert not [e for e in report.skipped if e.kind == "missing-source"]
    with project.session() as s:
        codes = {c.name: c for c in s.scalars(select(Code))}
        assert len(codes) == 14
        assert codes["Coke::diet Coke"].definition == "non sucré"
        assert codes["Coke"].colour == "#966450" and codes["milk"].colour is None
        assert codes['"rushed"'].uid == "9f43fe32-c2cb-4ba8-b766-a0734c826e49"
        assert codes["cornflakes"].definition == "breakfast cereal made by Kellogg’s"
        assert {c.name for c in s.scalars(select(Coder))} == {"ATLAS.ti", "Friedrich Markgraf", "Sebastian Petrausch"}
        sets = {x.name: x for x in stored_sets(s)}
        assert len(sets) == 16
        feelings = {next(n for n, c in codes.items() if c.uid == g) for g in sets["Feelings"].codes}
        assert feelings == {"serene", '"rushed"', "happiness", "sleepy", "disgust", "waste of time"}
        assert len(sets["negative feelings"].codes) == 4 and sets["<3"].codes == []
        memos = {m.title: m for m in s.scalars(select(Memo))}
        assert memos["Research Plan"].text.startswith("day to day log about this amazing project")
        assert memos["Research Plan"].author.name == "Friedrich Markgraf"
    # importing it again changes nothing
    again = project.import_qdpx(_atlas_with_texts(tmp_path), ATLAS_DEFAULTS)
    assert set(again.imported.values()) == {0} and again.matched["codes"] == 14 and again.matched["sets"] == 16


def test_atlas_sample_survives_a_reexport(project: Project, tmp_path: Path) -> None:
    import zipfile

    import xmlschema

    project.import_qdpx(_atlas_with_texts(tmp_path), ATLAS_DEFAULTS)
    out = tmp_path / "atlas-ut.qdpx"
    project.export_qdpx(out)
    qde = zipfile.ZipFile(out).read("project.qde").decode()
    xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd")).validate(qde)
    assert 'guid="85d17f60-7bb0-481e-b742-b4861dd669df"' in qde  # ATLAS's own GUID, kept
    assert 'name="Breakfast food"' in qde


def test_offset_maps() -> None:
    canon = canonicalise(RAW)
    for needle in NEEDLES:
        i = RAW.index(needle)
        got = canon.text[canon.offsets[i] : canon.offsets[i + len(needle)]]
        assert got == needle.replace("a\u030a", "å")
    assert utf16_to_chars("a😀b") == [0, 1, 1, 2, 3]


def test_a_source_that_is_not_utf8_is_reported_and_the_rest_imported(project: Project, tmp_path: Path) -> None:
    qde = project_xml(origin="X", selections=[(0, 3, "")])
    path = make_qdpx(tmp_path / "x.qdpx", qde, {f"sources/{SOURCE}.txt": "Blåbær".encode("cp1252")})
    with pytest.raises(QdpxImportFailed) as caught:
        project.import_qdpx(path)
    report = caught.value.report
    assert [e.kind for e in report.skipped] == ["undecodable-source"]
    assert "not UTF-8" in report.skipped[0].detail and "its 1 selection is not imported" in report.skipped[0].detail
    assert set(report.imported.values()) == {0}  # refused whole: the code and the user are not kept either
    with project.session() as s:
        assert s.scalars(select(Code)).all() == []


def test_selection_names_that_differ_from_the_text_are_reported(project: Project, tmp_path: Path) -> None:
    # A tool that counted the BOM as a character: every position one too far.
    raw = "Ungdom: Det er trygt her, og maten er god.\n"
    sels = [
        (s + 1, e + 1, n) for s, e, n in [(*units(raw, n, utf16=False), n) for n in ("Det er trygt", "maten er god")]
    ]
    sels.append((*units(raw, "her", utf16=False), "her"))
    qde = project_xml(origin="X", selections=sels)
    report = project.import_qdpx(
        make_qdpx(tmp_path / "x.qdpx", qde, {f"sources/{SOURCE}.txt": b"\xef\xbb\xbf" + raw.encode()})
    )
    differs = [e for e in report.adjusted if e.kind == "selection-text-differs"]
    assert len(differs) == 2 and "'Det er trygt' is not the text at its positions" in differs[0].detail
