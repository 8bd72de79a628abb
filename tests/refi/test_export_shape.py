"""The shape of kode's .qdpx for other tools: positions for NVivo (UTF-16 code units), focus-group
members linked to their own passages, one Boolean per wave, dates as dates, the GUIDs of an
imported project kept, and a third-party reader (pyrefiqda) that finds every coding at its text."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from sqlalchemy import select

from export.refi.text import utf16_length
from intervju.models import InformantGroup, Interview, Participant, Site, Turn
from kode.project import Project
from kodebok.models import Code, Coder, Coding
from tests.conftest import run_cli
from tests.refi.fixtures import CODE, SOURCE, USER, make_qdpx, project_xml, units
from tests.refi.helpers import add_interview, build_study, coded_texts, read_with_pyrefiqda, snapshot, span_of
from tests.refi.test_roundtrip import SCHEMAS

NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture(scope="module")
def project_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd"))


def _read(path: Path) -> tuple[ET.Element, dict[str, str]]:
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        texts = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("sources/")}
    return root, texts


def _selected(path: Path, *, utf16: bool) -> list[str]:
    """Every selection's text, cut from the source file by its positions in the given unit."""
    root, texts = _read(path)
    out = []
    for source in root.iterfind("q:Sources/q:TextSource", NS):
        text = texts["sources/" + source.get("plainTextPath", "").removeprefix("internal://")]
        encoded = text.encode("utf-16-le")
        for sel in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            out.append(encoded[2 * start : 2 * end].decode("utf-16-le") if utf16 else text[start:end])
    return sorted(out)


def _coded_texts(project: Project) -> list[str]:
    with project.session() as s:
        return sorted(
            s.get(Interview, c.interview_id).text[c.start : c.end]  # type: ignore[union-attr]
            for c in s.scalars(select(Coding))
        )


# -- positions ---------------------------------------------------------------------------------


def test_positions_in_utf16_put_every_coding_where_nvivo_reads_it(project: Project, tmp_path: Path) -> None:
    build_study(project)
    expected = _coded_texts(project)
    assert any(utf16_length(t) != len(t) for t in expected)  # emoji in the codings themselves
    chars, utf16 = tmp_path / "chars.qdpx", tmp_path / "utf16.qdpx"
    result = run_cli("export", "qdpx", project.target, "-o", str(chars), "--format", "json")
    assert json.loads(result.stdout)["positions"]["unit"] == "chars"
    result = run_cli("export", "qdpx", project.target, "-o", str(utf16), "--positions", "utf16", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["positions"] == {
        "unit": "utf16",
        "reason": "given with --positions",
    }
    assert _selected(chars, utf16=False) == expected
    assert _selected(utf16, utf16=True) == expected
    assert _selected(utf16, utf16=False) != expected  # what a reader counting characters would get
    # kode reads its own UTF-16 export back right (the selection names are the text).
    other = Project.create(str(tmp_path / "b.kode"), sites=["Nordbakken", "Sjøglimt"])
    try:
        report = other.import_qdpx(utf16)
        assert report.positions == "utf16" and _coded_texts(other) == expected
    finally:
        other.close()


def test_a_project_from_nvivo_is_exported_in_utf16_without_being_told(project: Project, tmp_path: Path) -> None:
    raw = "Intervjuer: Hei 😀 hvordan går det?\r\nUngdom: Bra 👍🏽 takk, jeg er trygg 🏠 her.\r\n"
    needle = "jeg er trygg 🏠 her"
    qde = project_xml(origin="NVivo 14.23.0", selections=[(*units(raw, needle, utf16=True), needle)])
    path = make_qdpx(tmp_path / "nvivo.qdpx", qde, {f"Sources/{SOURCE}.txt": b"\xef\xbb\xbf" + raw.encode()})
    assert project.import_qdpx(path).positions == "utf16"
    out = tmp_path / "tilbake.qdpx"
    result = run_cli("export", "qdpx", project.target, "-o", str(out))
    assert result.exit_code == 0
    assert "Positions in utf16: the project came from NVivo 14.23.0 (recorded at import)" in result.stdout
    assert _selected(out, utf16=True) == [needle]
    root, _ = _read(out)
    [sel] = root.iterfind(".//q:PlainTextSelection", NS)
    text = _read(out)[1][f"sources/{SOURCE.lower()}.txt"]
    assert int(sel.get("startPosition", "")) == utf16_length(text[: text.index(needle)])
    # --positions chars overrides the recorded origin.
    summary = project.export_qdpx(tmp_path / "tegn.qdpx", positions="chars")
    assert summary.positions == "chars" and _selected(tmp_path / "tegn.qdpx", utf16=False) == [needle]


# -- GUIDs of an imported project -----------------------------------------------------------------


def test_guids_of_an_imported_project_are_kept(
    project: Project, tmp_path: Path, project_schema: xmlschema.XMLSchema
) -> None:
    raw = "Intervjuer: Hei.\n\nUngdom: Det er trygt på Sjøglimt.\n"
    needle = "Det er trygt på Sjøglimt"
    case = "CA5E0000-1111-4222-8333-444455556666"
    note = "A07E0000-1111-4222-8333-444455556666"
    qde = project_xml(origin="MAXQDA 2022", selections=[(*units(raw, needle, utf16=False), needle)]).replace(
        "</Sources>",
        f'</Sources><Cases><Case guid="{case}" name="Ungdom 7"><SourceRef targetGUID="{SOURCE}"/></Case></Cases>'
        f'<Notes><Note guid="{note}" name="Logg" creatingUser="{USER}" creationDateTime="2024-05-01T10:00:00Z">'
        f"<PlainTextContent>Første runde.</PlainTextContent></Note></Notes>"
        f'<Sets><Set guid="5E700000-1111-4222-8333-444455556666" name="Utvalg">'
        f'<MemberSource targetGUID="{SOURCE}"/></Set></Sets>',
    )
    # REFI orders Cases before Sources; the reader does not mind, and the export is in order.
    project.import_qdpx(make_qdpx(tmp_path / "maxqda.qdpx", qde, {f"sources/{SOURCE}.txt": raw.encode()}))
    out = tmp_path / "ut.qdpx"
    project.export_qdpx(out)
    root, texts = _read(out)
    project_schema.validate(ET.tostring(root, encoding="unicode"))
    assert [s.get("guid") for s in root.iterfind("q:Sources/q:TextSource", NS)] == [SOURCE.lower()]
    assert f"sources/{SOURCE.lower()}.txt" in texts
    assert [u.get("guid") for u in root.iterfind("q:Users/q:User", NS)] == [USER.lower()]
    assert [c.get("guid") for c in root.iterfind("q:Cases/q:Case", NS)] == [case.lower()]
    assert [n.get("guid") for n in root.iterfind("q:Notes/q:Note", NS)] == [note.lower()]
    assert [c.get("guid") for c in root.iterfind(".//q:Code", NS)] == [CODE.lower()]
    [member] = root.iterfind("q:Sets/q:Set[@name='Utvalg']/q:MemberSource", NS)
    assert member.get("targetGUID") == SOURCE.lower()
    creators = {s.get("creatingUser") for s in root.iterfind(".//q:PlainTextSelection", NS)}
    assert creators == {USER.lower()}


# -- focus groups, waves, dates ---------------------------------------------------------------------


def _focus_group(project: Project) -> None:
    """A focus group with three staff (A05 speaks twice, A07 has no coded turn) and a one-to-one
    interview of A05 at another wave."""
    with project.session() as s:
        site = s.scalars(select(Site).where(Site.name == "Sjøglimt")).one()
        group = s.scalars(select(InformantGroup).where(InformantGroup.name == "ansatt")).one()
        people = [Participant(pseudonym=n, site=site, group=group, attributes={}) for n in ("A05", "A06", "A07")]
        s.add_all(people)
        kh = Coder(name="kh")
        dbt, oem = Code(uid="dbt", name="DBT"), Code(uid="oem", name="OEM", position=1)
        s.add_all([kh, dbt, oem])
        s.flush()
        iv = add_interview(
            s,
            "sjoglimt_ansatt_fokusgruppe_T2",
            [
                ("INT", "Hva har skjedd siden sist?"),
                ("Ansatt 1", "Vi har fått en psykolog med DBT-utdanning."),
                ("Ansatt 2", "OEM er nytt for meg, jeg kommer fra helse."),
                ("Ansatt 3", "Jeg er enig."),
                ("Ansatt 1", "Ferdighetsgruppa i DBT har startet."),
            ],
            site="Sjøglimt",
            group="ansatt",
            wave="T2",
            participants=people,
        )
        iv.date = "2025-10-22"
        speakers = {"Ansatt 1": people[0].id, "Ansatt 2": people[1].id, "Ansatt 3": people[2].id}
        for turn in s.scalars(select(Turn).where(Turn.interview_id == iv.id)):
            turn.participant_id = speakers.get(turn.label or "")
            turn.role = "interviewer" if turn.label == "INT" else "informant"
        one = add_interview(
            s,
            "sjoglimt_ansatt_A05_T1",
            [("INT", "Fortell."), ("A", "DBT er bra, synes jeg.")],
            site="Sjøglimt",
            group="ansatt",
            wave="T1",
            participants=[people[0]],
        )
        for turn in s.scalars(select(Turn).where(Turn.interview_id == one.id, Turn.label == "INT")):
            turn.role, turn.participant_id = "interviewer", None
        one.date = "12.03.2025"  # not a calendar date kode can read
        for code, interview, needle in (
            (dbt, iv, "Vi har fått en psykolog med DBT-utdanning."),
            (oem, iv, "OEM er nytt for meg"),
            (dbt, iv, "Ferdighetsgruppa i DBT har startet."),
            (dbt, one, "DBT er bra"),
        ):
            start, end = span_of(interview, needle)
            s.add(Coding(code_id=code.id, interview_id=interview.id, start=start, end=end, coder_id=kh.id))


def test_focus_group_members_are_linked_to_their_own_passages(
    project: Project, tmp_path: Path, project_schema: xmlschema.XMLSchema
) -> None:
    _focus_group(project)
    out = tmp_path / "fokus.qdpx"
    project.export_qdpx(out)
    root, texts = _read(out)
    project_schema.validate(ET.tostring(root, encoding="unicode"))
    selections = {}
    for source in root.iterfind("q:Sources/q:TextSource", NS):
        text = texts["sources/" + source.get("plainTextPath", "").removeprefix("internal://")]
        for sel in source.iterfind("q:PlainTextSelection", NS):
            selections[sel.get("guid")] = (
                source.get("name"),
                text[int(sel.get("startPosition", "")) : int(sel.get("endPosition", ""))],
            )
    cases = {c.get("name"): c for c in root.iterfind("q:Cases/q:Case", NS)}
    source_guids = {s.get("guid"): s.get("name") for s in root.iterfind("q:Sources/q:TextSource", NS)}

    def refs(case: str, kind: str) -> list[str | None]:
        return [r.get("targetGUID") for r in cases[case].iterfind(f"q:{kind}", NS)]

    assert sorted(selections[g][1] for g in refs("A05", "SelectionRef")) == [
        "Ferdighetsgruppa i DBT har startet.",
        "Vi har fått en psykolog med DBT-utdanning.",
    ]
    assert [source_guids[g] for g in refs("A05", "SourceRef")] == ["sjoglimt_ansatt_A05_T1"]  # one-to-one: whole
    assert [selections[g][1] for g in refs("A06", "SelectionRef")] == ["OEM er nytt for meg"]
    assert refs("A06", "SourceRef") == [] and refs("A07", "SelectionRef") == [] and refs("A07", "SourceRef") == []

    # Waves: a Boolean per wave on cases, the interview's wave on sources; dates as xsd:date.
    kinds = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind("q:Variables/q:Variable", NS)}
    assert kinds["T1"] == kinds["T2"] == kinds["T3"] == "Boolean" and kinds["wave"] == "Text"
    names = {v.get("guid"): v.get("name") for v in root.iterfind("q:Variables/q:Variable", NS)}

    def values(element: ET.Element) -> dict[str | None, tuple[str, str | None]]:
        out = {}
        for value in element.iterfind("q:VariableValue", NS):
            ref, val = list(value)
            out[names[ref.get("targetGUID")]] = (val.tag.rsplit("}", 1)[1], val.text)
        return out

    a05 = values(cases["A05"])
    assert (a05["T1"], a05["T2"], a05["T3"]) == (
        ("BooleanValue", "true"),
        ("BooleanValue", "true"),
        ("BooleanValue", "false"),
    )
    assert "wave" not in a05
    assert values(cases["A07"])["T1"] == ("BooleanValue", "false")
    by_name = {s.get("name"): values(s) for s in root.iterfind("q:Sources/q:TextSource", NS)}
    group = by_name["sjoglimt_ansatt_fokusgruppe_T2"]
    assert group["wave"] == ("TextValue", "T2") and group["participants"] == ("TextValue", "A05; A06; A07")
    # One interview's date is not a calendar date: the variable stays Text for all, unchanged.
    assert kinds["date"] == "Text" and by_name["sjoglimt_ansatt_A05_T1"]["date"] == ("TextValue", "12.03.2025")

    # And into a new project: the same participants in the same interviews, turn by turn.
    other = Project.create(str(tmp_path / "b.kode"), sites=["Nordbakken", "Sjøglimt"])
    try:
        other.import_qdpx(out)
        before, after = snapshot(project), snapshot(other)
        for key in ("interviews", "turns", "codings", "participants"):
            assert after[key] == before[key], key
    finally:
        other.close()


def test_dates_are_the_standards_date_type(
    project: Project, tmp_path: Path, project_schema: xmlschema.XMLSchema
) -> None:
    build_study(project)  # every interview dated 2026-03-01
    out = tmp_path / "d.qdpx"
    project.export_qdpx(out)
    root, _ = _read(out)
    project_schema.validate(ET.tostring(root, encoding="unicode"))
    [variable] = root.iterfind("q:Variables/q:Variable[@name='date']", NS)
    assert variable.get("typeOfVariable") == "Date"
    dates = [v.text for v in root.iterfind(".//q:TextSource/q:VariableValue/q:DateValue", NS)]
    assert dates == ["2026-03-01"] * 3
    other = Project.create(str(tmp_path / "b.kode"), sites=["Nordbakken", "Sjøglimt"])
    try:
        other.import_qdpx(out)
        with other.session() as s:
            assert {iv.date for iv in s.scalars(select(Interview))} == {"2026-03-01"}
            # The per-wave Booleans are not taken for attributes of the participants.
            assert all(not re.fullmatch(r"T\d", k) for p in s.scalars(select(Participant)) for k in p.attributes)
    finally:
        other.close()


# -- a third-party reader -------------------------------------------------------------------------


def test_pyrefiqda_reads_every_coding_at_its_text(project: Project, tmp_path: Path) -> None:
    build_study(project)
    _focus_group(project)
    expected = coded_texts(project)
    for unit in ("chars", "utf16"):
        out = tmp_path / f"{unit}.qdpx"
        project.export_qdpx(out, positions=unit)
        _parsed, got = read_with_pyrefiqda(out, tmp_path / f"x-{unit}", utf16=unit == "utf16")
        assert got == expected, unit
