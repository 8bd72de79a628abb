"""REFI-QDA codebooks: written valid against Codebook.xsd, read from other tools, applied by GUID."""

from __future__ import annotations

import json
import stat
import uuid
from pathlib import Path

import pytest
import xmlschema
from sqlalchemy import select

from export.refi import apply_codebook, code_guid, read_qdc, write_qdc
from export.refi.common import compose_description, parse_description
from export.refi.guids import NAMESPACE
from kode.project import Project
from kodebok.models import Code
from tests.conftest import run_cli
from tests.refi.helpers import build_study
from tests.refi.test_roundtrip import SCHEMAS

# The REFI-QDA standard's own example (Annex A.1): braces, mixed case, folder codes.
ANNEX = """<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:qda="urn:QDA-XML:codebook:1.0">
<Codes>
<Code guid="{5215cc69-b628-4e02-afb9-9beeaee55808}" name="Topics" isCodable="false">
 <Code guid="{d7aa29da-519b-4946-9b90-253b6db8fd0a}" name="Økonomi" isCodable="true" color="#ffff00">
  <Description>Anything about jobs or taxes or business</Description>
 </Code>
</Code>
<Code guid="9FA9BCB7-5B59-47A9-8C3E-F65CFFDC7520" name="Values" isCodable="false"/>
</Codes>
<Sets><Set guid="12365523-1035-4afa-9e7b-281fe0bc51c5" name="Alle"><MemberCode guid="{D7AA29DA-519B-4946-9B90-253B6DB8FD0A}"/></Set></Sets>
</CodeBook>
"""


@pytest.fixture(scope="module")
def codebook_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "Codebook.xsd"))


def test_guids_are_uuid5_of_the_uid_unless_the_uid_is_a_guid() -> None:
    assert code_guid("medvirkning") == str(uuid.uuid5(NAMESPACE, "code:medvirkning"))
    assert code_guid("medvirkning") == code_guid("medvirkning")
    assert code_guid("{D7AA29DA-519B-4946-9B90-253B6DB8FD0A}") == "d7aa29da-519b-4946-9b90-253b6db8fd0a"


def test_description_keeps_definition_inclusion_exclusion_examples() -> None:
    text = compose_description("Definisjon, æøå.", "Ta med: dette.", "Ikke: det.", ["«Sitat én»", "Sitat to 🙂"])
    assert text is not None
    assert parse_description(text) == {
        "definition": "Definisjon, æøå.",
        "inclusion": "Ta med: dette.",
        "exclusion": "Ikke: det.",
        "examples": ["«Sitat én»", "Sitat to 🙂"],
    }
    assert parse_description("Bare en beskrivelse: med kolon.")["definition"] == "Bare en beskrivelse: med kolon."


def test_write_qdc_is_valid_stable_and_private(
    project: Project, tmp_path: Path, codebook_schema: xmlschema.XMLSchema
) -> None:
    build_study(project)
    a, b = tmp_path / "a.qdc", tmp_path / "b.qdc"
    with project.session() as s:
        assert write_qdc(s, a) == 4
        write_qdc(s, b)
    codebook_schema.validate(str(a))
    assert a.read_bytes() == b.read_bytes()
    assert stat.S_IMODE(a.stat().st_mode) == 0o600
    text = a.read_text("utf-8")
    assert f'guid="{code_guid("medvirkning")}"' in text and "Hjemlighet 🏠" in text
    assert 'name="Gammel kode" isCodable="false"' in text


def test_qdc_round_trip_into_an_empty_project(project: Project, tmp_path: Path) -> None:
    build_study(project)
    path = tmp_path / "kodebok.qdc"
    project.export_qdc(path)
    other = Project.create(str(tmp_path / "tom.kode"))
    try:
        result = other.import_qdc(path)
        assert sorted(result.added) == ["Gammel kode", "Hjemlighet 🏠", "Medvirkning", "Trygghet"]
        with project.session() as s1, other.session() as s2:

            def tree(session: object) -> set[tuple[object, ...]]:
                codes = {c.id: c for c in session.scalars(select(Code))}  # type: ignore[attr-defined]
                return {
                    (
                        code_guid(c.uid),
                        c.name,
                        code_guid(codes[c.parent_id].uid) if c.parent_id else None,
                        c.definition,
                        c.inclusion,
                        c.exclusion,
                        tuple(c.examples),
                        c.colour,
                        c.status,
                    )
                    for c in codes.values()
                }

            assert tree(s1) == tree(s2)
        # applying again adds nothing; the same GUIDs come out of the second project
        assert other.import_qdc(path).added == []
        again = tmp_path / "igjen.qdc"
        other.export_qdc(again)
        assert again.read_bytes() == path.read_bytes()
    finally:
        other.close()


def test_reads_the_standards_example_and_keeps_the_tree_and_sets(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "annex.qdc"
    path.write_text(ANNEX, "utf-8")
    tree = read_qdc(path)
    assert [c.name for c in tree.codes] == ["Topics", "Values"]
    assert tree.codes[0].children[0].guid == "d7aa29da-519b-4946-9b90-253b6db8fd0a"
    assert tree.sets[0].codes == ["d7aa29da-519b-4946-9b90-253b6db8fd0a"]
    with project.session() as s:
        result = apply_codebook(s, tree)
        assert result.added == ["Topics", "Økonomi", "Values"]
        codes = {c.name: c for c in s.scalars(select(Code))}
        assert codes["Økonomi"].parent_id == codes["Topics"].id
        assert codes["Økonomi"].uid == "d7aa29da-519b-4946-9b90-253b6db8fd0a"
        assert codes["Økonomi"].colour == "#ffff00"
        assert codes["Topics"].status == "active"  # a folder of codes
        assert codes["Values"].status == "retired"  # a leaf no one may code


@pytest.mark.parametrize(
    "document",
    [
        '<qda:CodeBook xmlns:qda="urn:QDA-XML:codebook:1.0"><qda:Codes>'
        '<qda:Code guid="D7AA29DA-519B-4946-9B90-253B6DB8FD0A" name="Ø" isCodable="true"/></qda:Codes></qda:CodeBook>',
        '<CodeBook><Codes><Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Ø" isCodable="true"/></Codes></CodeBook>',
    ],
    ids=["prefixed", "no-namespace"],
)
def test_namespace_written_differently(tmp_path: Path, document: str) -> None:
    path = tmp_path / "x.qdc"
    path.write_text(document, "utf-8")
    assert [c.guid for c in read_qdc(path).codes] == ["d7aa29da-519b-4946-9b90-253b6db8fd0a"]


def test_bad_codes_are_reported_not_dropped_silently(tmp_path: Path) -> None:
    path = tmp_path / "x.qdc"
    path.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="nope" name="A" isCodable="true"/>'
        '<Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="B" isCodable="true" color="red"/></Codes></CodeBook>',
        "utf-8",
    )
    tree = read_qdc(path)
    assert [c.name for c in tree.codes] == ["B"]
    assert any("'nope' is not a GUID" in p for p in tree.problems)
    assert any("colour 'red'" in p for p in tree.problems)


def test_cli_export_qdc_valid_and_import_qdc(
    project: Project, tmp_path: Path, codebook_schema: xmlschema.XMLSchema
) -> None:
    build_study(project)
    out = tmp_path / "kodebok.qdc"
    result = run_cli("codebook", "export-qdc", project.target, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "4 codes" in result.stdout
    codebook_schema.validate(str(out))
    annex = tmp_path / "annex.qdc"
    annex.write_text(ANNEX, "utf-8")
    result = run_cli("codebook", "import-qdc", project.target, str(annex), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == ["Topics", "Økonomi", "Values"]
    result = run_cli("codebook", "import-qdc", project.target, str(tmp_path / "mangler.qdc"))
    assert result.exit_code == 1 and "mangler.qdc" in result.stderr


def test_export_qdc_of_an_empty_codebook_is_an_error(project: Project, tmp_path: Path) -> None:
    result = run_cli("codebook", "export-qdc", project.target, "-o", str(tmp_path / "k.qdc"))
    assert result.exit_code == 1
    assert "no codes" in result.stderr
    assert not (tmp_path / "k.qdc").exists()


def test_guid_for_is_uuid5() -> None:
    from export.refi.guids import guid_for

    for key in [("a",), ("Sjøglimt_ungdom_Åse_T1", "x", 3, 9, "ak"), ("😀",)]:
        text = "kind:" + "\x1f".join(str(k) for k in key)
        assert guid_for("kind", *key) == str(uuid.uuid5(NAMESPACE, text))


def test_codebook_export_format_qdc(project: Project, tmp_path: Path, codebook_schema: xmlschema.XMLSchema) -> None:
    build_study(project)
    out = tmp_path / "k.qdc"
    result = run_cli("codebook", "export", project.target, "--format", "qdc", "-o", str(out))
    assert result.exit_code == 0, result.output
    codebook_schema.validate(str(out))
    stdout = run_cli("codebook", "export", project.target, "--format", "qdc")
    assert stdout.exit_code == 0 and "Hjemlighet 🏠" in stdout.stdout
    codebook_schema.validate(stdout.stdout)


def test_imported_names_follow_kodes_rules(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "x.qdc"
    path.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Skole/BUP" isCodable="true" color="#AbC"/>'
        '<Code guid="e7aa29da-519b-4946-9b90-253b6db8fd0a" name="Trygghet" isCodable="true"/>'
        '<Code guid="f7aa29da-519b-4946-9b90-253b6db8fd0a" name="trygghet" isCodable="true"/>'
        "</Codes></CodeBook>",
        "utf-8",
    )
    result = project.import_qdc(path)
    assert result.added == ["Skole-BUP", "Trygghet", "trygghet (2)"]
    assert any("'/' separates levels" in p for p in result.problems)
    with project.session() as s:
        assert s.scalars(select(Code).where(Code.name == "Skole-BUP")).one().colour == "#aabbcc"
