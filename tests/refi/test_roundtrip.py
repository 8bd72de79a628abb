"""Export a project as QDPX, import it into a new one: everything that matters comes back equal."""

from __future__ import annotations

import json
import re
import stat
import zipfile
from pathlib import Path

import pytest
import xmlschema

from kode.project import Project
from tests.conftest import run_cli
from tests.refi.helpers import ASE, build_study, snapshot

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "refi"
if not SCHEMAS.is_dir():  # the shared folder sits beside the checkout
    SCHEMAS = Path("/work/shared/refi")


@pytest.fixture(scope="module")
def project_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd"))


def _qde(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("project.qde").decode("utf-8")


def test_round_trip_keeps_codes_codings_memos_cases(
    project: Project, tmp_path: Path, project_schema: xmlschema.XMLSchema
) -> None:
    build_study(project)
    out = tmp_path / "studie.qdpx"
    summary = project.export_qdpx(out)
    assert (summary.sources, summary.selections, summary.codes, summary.users, summary.cases, summary.notes) == (
        3,
        8,
        4,
        2,
        2,
        5,
    )
    project_schema.validate(_qde(out))

    other = Project.create(str(tmp_path / "ny.kode"), sites=["Nordbakken", "Sjøglimt"])
    try:
        report = other.import_qdpx(out)
        assert report.skipped == []
        assert report.adjusted == []
        assert report.imported == {
            "coders": 2,
            "codes": 4,
            "participants": 2,
            "interviews": 3,
            "codings": 8,
            "memos": 5,
            "sets": 0,
        }
        before, after = snapshot(project), snapshot(other)
        for key in before:
            assert after[key] == before[key], key
        # and back out again: same GUIDs for the same objects, still valid
        again = tmp_path / "igjen.qdpx"
        other.export_qdpx(again)
        project_schema.validate(_qde(again))

        # notes are keyed by their row in a project; everything else keeps its GUID
        def guids(qde: str) -> set[str]:
            notes = set(re.findall(r'<Note guid="([0-9a-f-]{36})"', qde))
            links = set(re.findall(r'<Link guid="([0-9a-f-]{36})"', qde))
            return set(re.findall(r'guid="([0-9a-f-]{36})"', qde)) - notes - links

        assert guids(_qde(out)) == guids(_qde(again))
    finally:
        other.close()


def test_export_is_private_valid_and_has_the_texts(
    project: Project, tmp_path: Path, project_schema: xmlschema.XMLSchema
) -> None:
    build_study(project)
    out = tmp_path / "studie.qdpx"
    project.export_qdpx(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        qde = zf.read("project.qde").decode()
        texts = [zf.read(n).decode("utf-8") for n in names if n.startswith("sources/")]
    assert len(texts) == 3 and all(n == "project.qde" or re.fullmatch(r"sources/[0-9a-f-]{36}\.txt", n) for n in names)
    assert any("😀" in t and "æøå ÆØÅ" in t for t in texts)
    assert not any(t.startswith("\ufeff") or "\r" in t for t in texts)
    # each coding's selection covers exactly its characters; the name carries the text
    assert 'name="vi har husmøte 🍕 hver uke og jeg blir hørt"' in qde
    for name in ("wave: T1", "wave: T2", "group: ungdom", "group: ansatt", "site: Sjøglimt"):
        assert f'name="{name}"' in qde
    assert 'name="kode:participant"' in qde and 'name="kode:wave"' in qde
    assert '<Case guid="' in qde and f'name="{ASE}"' in qde
    project_schema.validate(qde)


def test_two_exports_give_identical_guids(project: Project, tmp_path: Path) -> None:
    build_study(project)
    a, b = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    project.export_qdpx(a)
    project.export_qdpx(b)
    pattern = r'(?:guid|targetGUID|creatingUser|originGUID)="([^"]+)"'
    assert re.findall(pattern, _qde(a)) == re.findall(pattern, _qde(b))
    assert _qde(a) == _qde(b)


def test_importing_the_same_file_twice_adds_nothing(project: Project, tmp_path: Path) -> None:
    build_study(project)
    out = tmp_path / "studie.qdpx"
    project.export_qdpx(out)
    report = project.import_qdpx(out)
    assert set(report.imported.values()) == {0}
    assert report.matched["codings"] == 8 and report.matched["memos"] == 5 and report.matched["interviews"] == 3


def test_cli_export_and_import_with_json_report(project: Project, tmp_path: Path) -> None:
    build_study(project)
    out = tmp_path / "ut.qdpx"
    result = run_cli("export", "qdpx", project.target, "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["codings"] == 8
    target = tmp_path / "mål.kode"
    assert run_cli("init", str(target), "--sites", "Nordbakken,Sjøglimt").exit_code == 0
    result = run_cli("import-qdpx", str(target), str(out), "--coder-map", "ak=anne", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["imported"]["codings"] == 8 and data["positions"]["unit"] == "chars"
    result = run_cli("import-qdpx", str(target), str(out), "--coder-map", "AK=anne")
    assert result.exit_code == 0
    assert "Already in the project" in result.stdout
    moved = Project.open(str(target))
    try:
        assert {c for _iv, _code, _s, _e, c in snapshot(moved)["codings"]} == {"anne", "bm"}
    finally:
        moved.close()


def test_export_refuses_a_wrong_suffix(project: Project, tmp_path: Path) -> None:
    build_study(project)
    result = run_cli("export", "qdpx", project.target, "-o", str(tmp_path / "ut.zip"))
    assert result.exit_code == 1
    assert "ends in .qdpx" in result.stderr
    assert not (tmp_path / "ut.zip").exists()


EXAMPLE_FILES = [
    "nordbakken_ansatt_A02_T2.txt",
    "nordbakken_ungdom_U01_T1.docx",
    "nordbakken_ungdom_U01_T3.srt",
    "nordbakken_ungdom_U03_T2.vtt",
    "sjoglimt_ungdom_U04_T3.md",
    "sjoglimt_ansatt_fokusgruppe_T2.docx",
]


def test_round_trip_of_the_example_transcripts(
    project: Project, tmp_path: Path, project_schema: xmlschema.XMLSchema
) -> None:
    """The study's own examples, imported by kode's readers (docx, txt, srt, vtt, md, a focus
    group), coded by two coders over turns and across turns: all of it survives, turns too."""
    from sqlalchemy import select

    from intervju.models import Interview, Turn
    from kodebok.models import Code, Coder, Coding, Memo
    from tests.conftest import EXAMPLES

    report = project.import_files(
        [EXAMPLES / "transcripts" / name for name in EXAMPLE_FILES], manifest=EXAMPLES / "manifest.csv"
    )
    assert not report.failed, [r.message for r in report.results]
    with project.session() as s:
        ak, bm = Coder(name="ak"), Coder(name="bm")
        dbt = Code(uid="dbt", name="DBT", definition="Dialektisk atferdsterapi i praksis.", colour="#aa3300")
        omsorg = Code(uid="omsorg", name="Opplevelse av omsorgen", inclusion="Ungdommens egne ord.", position=1)
        s.add_all([ak, bm, dbt, omsorg])
        s.flush()
        for iv in s.scalars(select(Interview)):
            turns = list(s.scalars(select(Turn).where(Turn.interview_id == iv.id).order_by(Turn.n)))
            for k, turn in enumerate(turns):
                if turn.role == "informant" and k % 2 == 0 and turn.end > turn.start:
                    s.add(Coding(code_id=omsorg.id, interview_id=iv.id, start=turn.start, end=turn.end, coder_id=ak.id))
                if k % 3 == 1 and k + 1 < len(turns):
                    s.add(
                        Coding(
                            code_id=dbt.id, interview_id=iv.id, start=turn.start, end=turns[k + 1].end, coder_id=bm.id
                        )
                    )
            s.add(Memo(author_id=ak.id, text=f"Lest {iv.name}: æøå 😀", interview_id=iv.id))
    out = tmp_path / "eksempler.qdpx"
    summary = project.export_qdpx(out)
    assert summary.selections > 50
    project_schema.validate(_qde(out))
    other = Project.create(str(tmp_path / "ny.kode"), sites=["Nordbakken", "Sjøglimt"])
    try:
        result = other.import_qdpx(out)
        assert result.skipped == [] and result.adjusted == []
        before, after = snapshot(project), snapshot(other)
        for key in before:
            assert after[key] == before[key], key
    finally:
        other.close()


def test_export_of_a_subset(project: Project, tmp_path: Path, project_schema: xmlschema.XMLSchema) -> None:
    build_study(project)
    out = tmp_path / "sjoglimt.qdpx"
    result = run_cli("export", "qdpx", project.target, "-o", str(out), "--site", "sjoglimt", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["sources"], data["codings"], data["cases"], data["codes"]) == (2, 7, 1, 4)
    qde = _qde(out)
    project_schema.validate(qde)
    assert "Nordbakken_ansatt" not in qde and "Øyvind" not in qde and "Åse" in qde
    result = run_cli("export", "qdpx", project.target, "-o", str(out), "--wave", "T3")
    assert result.exit_code == 1 and "no interview matches the filters" in result.stderr


def test_the_import_is_in_the_audit_trail(project: Project, tmp_path: Path) -> None:
    from sqlalchemy import select

    from intervju.models import AuditEvent

    build_study(project)
    out = tmp_path / "a.qdpx"
    project.export_qdpx(out)
    other = Project.create(str(tmp_path / "ny.kode"), sites=["Nordbakken", "Sjøglimt"])
    try:
        other.import_qdpx(out)
        with other.session() as s:
            events = {(e.action, e.entity) for e in s.scalars(select(AuditEvent))}
            last = s.scalars(select(AuditEvent).where(AuditEvent.action == "import-qdpx")).one()
        assert {("import", "interview"), ("code.add", "code"), ("import-qdpx", "project")} <= events
        assert last.detail["imported"]["codings"] == 8 and last.detail["file"] == "a.qdpx"
    finally:
        other.close()
