"""Import end to end: metadata, idempotency, bad files, speakers, æøå through every encoding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from intervju.corpus import list_interviews, show_interview
from intervju.models import AuditEvent, Interview, Turn
from kode.project import Project
from tests.conftest import run_cli

YOUTH = "I: Hvordan har du det på avdelingen nå?\nU03: Det er bra. Jeg får være med å bestemme på husmøtet, og kjøkkenet føles mer som hjemme.\n"


def write(tmp: Path, name: str, text: str = YOUTH, encoding: str = "utf-8") -> Path:
    path = tmp / name
    path.write_bytes(text.encode(encoding))
    return path


def test_import_by_pattern_keeps_text_speakers_and_metadata(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, "nordbakken_ungdom_U03_T2.txt")
    report = project.import_files([path])
    assert [r.status for r in report.results] == ["imported"]
    with project.session() as s:
        [row] = list_interviews(s)
        assert (row.site, row.group, row.wave, row.participants) == ("Nordbakken", "ungdom", "T2", ["U03"])
        detail = show_interview(s, row.name)
    assert [t.role for t in detail.turns] == ["interviewer", "informant"]
    assert detail.turns[1].participant == "U03"
    assert detail.turns[1].text.startswith("Det er bra. Jeg får være med")
    for t in detail.turns:
        assert detail.text[t.start : t.end] == t.text


def test_site_spelling_is_folded_to_the_project_value(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, "sjoglimt_ungdom_U03_T1.txt")
    assert project.import_files([path]).results[0].status == "imported"
    with project.session() as s:
        assert list_interviews(s)[0].site == "Sjøglimt"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig", "latin-1"])
def test_norwegian_letters_survive_every_text_encoding(project: Project, tmp_path: Path, encoding: str) -> None:
    dash = "-" if encoding == "latin-1" else "–"  # latin-1 has no en dash; cp1252 has
    path = write(tmp_path, "nordbakken_ungdom_U03_T1.txt", YOUTH + f"U03: Æ, ø og å {dash} «hjemlighet».\n", encoding)
    result = project.import_files([path]).results[0]
    assert result.status == "imported", result.message
    with project.session() as s:
        text = show_interview(s, "nordbakken_ungdom_U03_T1").text
    assert f"Æ, ø og å {dash} «hjemlighet»." in text
    assert "kjøkkenet føles" in text


def test_docx_with_bold_labels_and_table(project: Project, tmp_path: Path) -> None:
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("Intervjuer").bold = True
    p.add_run(" Hva betyr ærlighet for deg?")
    p = doc.add_paragraph()
    p.add_run("Ungdom:").bold = True
    p.add_run(" Å bli trodd på, især når jeg sier nei.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Int"
    table.rows[0].cells[1].text = "Og på skolen?"
    doc.sections[0].header.paragraphs[0].text = "Konfidensielt – Nordbakken T1"
    path = tmp_path / "nordbakken_ungdom_U04_T1.docx"
    doc.save(str(path))
    result = project.import_files([path]).results[0]
    assert result.status == "imported", result.message
    with project.session() as s:
        detail = show_interview(s, "nordbakken_ungdom_U04_T1")
    assert [(t.label, t.role) for t in detail.turns] == [
        ("Intervjuer", "interviewer"),
        ("Ungdom", "informant"),
        ("Int", "interviewer"),
    ]
    assert "Konfidensielt" not in detail.text
    assert "Å bli trodd på, især" in detail.text


def test_same_bytes_twice_is_a_no_op_and_changed_file_is_refused(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, "nordbakken_ungdom_U03_T1.txt")
    assert project.import_files([path]).results[0].status == "imported"
    again = project.import_files([path]).results[0]
    assert again.status == "already"
    path.write_text(YOUTH + "U03: Et tillegg.\n", encoding="utf-8")
    changed = project.import_files([path]).results[0]
    assert changed.status == "failed"
    assert "exists already (from nordbakken_ungdom_U03_T1.txt) with another text" in changed.message
    assert "--revise" in changed.message
    with project.session() as s:
        assert s.query(Interview).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nordbakken_ungdom_U03_T1.txt", b"", "empty"),
        ("nordbakken_ungdom_U03_T1.docx", b"this is not a zip file at all", "Word"),
        ("nordbakken_ungdom_U03_T1.json", b'{"nope": 1}', "segments"),
        ("nordbakken_ungdom_U03_T9.txt", YOUTH.encode(), "wave 'T9' is not one of the waves in the project: T1, T2, T3"),
        ("oslo_ungdom_U03_T1.txt", YOUTH.encode(), "site 'oslo'"),
        ("random-name.txt", YOUTH.encode(), "metadata missing"),
        ("nordbakken_ungdom_U03_T1.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_files_leave_nothing_and_others_go_on(
    project: Project, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / "in").mkdir()
    bad = tmp_path / "in" / name
    bad.write_bytes(content)
    good = write(tmp_path / "in", "sjoglimt_eier_E01_T1.txt", "Int: Hva er målgruppa?\nEier: Ungdom med store behov.\n")
    report = project.import_files([bad, good])
    statuses = {r.path.name: (r.status, r.message) for r in report.results}
    assert statuses[good.name][0] == "imported"
    assert statuses[name][0] == "failed"
    assert message in statuses[name][1]
    with project.session() as s:
        assert [iv.name for iv in s.query(Interview)] == ["sjoglimt_eier_E01_T1"]
        assert s.query(Turn).count() == 2


def test_truncated_docx_is_reported(project: Project, tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("I: Hei")
    full = tmp_path / "full.docx"
    doc.save(str(full))
    cut = tmp_path / "nordbakken_ungdom_U03_T1.docx"
    cut.write_bytes(full.read_bytes()[:400])
    result = project.import_files([cut]).results[0]
    assert result.status == "failed"
    assert "Word" in result.message or "zip" in result.message


def test_participant_in_two_groups_is_a_conflict(project: Project, tmp_path: Path) -> None:
    project.import_files([write(tmp_path, "nordbakken_ungdom_U03_T1.txt")])
    other = write(tmp_path, "nordbakken_ansatt_U03_T2.txt", YOUTH + "U03: Nå jobber jeg her.\n")
    result = project.import_files([other]).results[0]
    assert result.status == "failed"
    assert "participant U03 belongs to group ungdom" in result.message


def test_manifest_gives_focus_group_participants_and_attributes(project: Project, tmp_path: Path) -> None:
    text = "Moderator: Hva har endret seg?\nAnsatt 1: DBT er blitt hverdag.\nAnsatt 2: Jeg er enig.\n"
    write(tmp_path, "fokus.txt", text)
    (tmp_path / "manifest.csv").write_text(
        "file;site;group;participant;wave;date;interviewer;stilling\n"
        "fokus.txt;Sjøglimt;ansatt;A01;A02;T3;2026-05-04;KH;miljøterapeuter\n".replace("A01;A02", "A01+A02"),
        encoding="cp1252",
    )
    report = project.import_files([tmp_path / "fokus.txt"], manifest=tmp_path / "manifest.csv")
    assert report.results[0].status == "imported", report.results[0].message
    with project.session() as s:
        [row] = list_interviews(s)
    assert row.participants == ["A01", "A02"]
    assert (row.site, row.wave, row.date, row.interviewer) == ("Sjøglimt", "T3", "2026-05-04", "KH")
    assert row.attributes == {"stilling": "miljøterapeuter"}


def test_manifest_without_file_column_is_an_error(project: Project, tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("name,site\nx,y\n", encoding="utf-8")
    result = run_cli("import", project.target, str(tmp_path), "--manifest", str(tmp_path / "m.csv"))
    assert result.exit_code == 1
    assert "m.csv: the manifest has no 'file' column" in result.output


def test_unknown_and_near_miss_labels_are_reported(project: Project, tmp_path: Path) -> None:
    text = "Intervjuerr: Hei.\nInformnt: Hei på deg.\nVaktmester: Jeg bare går forbi.\n"
    result = project.import_files([write(tmp_path, "nordbakken_ansatt_A01_T1.txt", text)]).results[0]
    assert result.status == "imported"
    assert result.unknown_labels == ["Vaktmester"]
    assert result.fuzzy_labels == {"Intervjuerr": "Intervjuer", "Informnt": "Informant"}
    with project.session() as s:
        roles = [t.role for t in show_interview(s, "nordbakken_ansatt_A01_T1").turns]
    assert roles == ["interviewer", "informant", "unknown"]


def test_import_is_audited(project: Project, tmp_path: Path) -> None:
    project.import_files([write(tmp_path, "nordbakken_ungdom_U03_T1.txt")], actor="kh")
    with project.session() as s:
        [event] = s.query(AuditEvent).all()
    assert (event.actor, event.action, event.entity) == ("kh", "import", "interview")


def test_cli_import_exit_status_and_json(project: Project, tmp_path: Path) -> None:
    good = write(tmp_path, "nordbakken_ungdom_U03_T1.txt")
    bad = tmp_path / "nordbakken_ungdom_U03_T2.txt"
    bad.write_bytes(b"")
    result = run_cli("import", project.target, str(good), str(bad), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["imported"], data["failed"]) == (1, 1)
    text_run = run_cli("import", project.target, str(good))
    assert text_run.exit_code == 0
    assert "already imported" in text_run.stdout


def test_cli_show_and_list_json_shapes(project: Project, tmp_path: Path) -> None:
    project.import_files(
        [write(tmp_path, "nordbakken_ungdom_U03_T1.txt", "[00:00:05] I: Hei.\nU03: [00:01:10] Hallo, æøå.\n")]
    )
    shown = json.loads(run_cli("show", project.target, "nordbakken_ungdom_U03_T1", "--format", "json").stdout)
    assert set(shown) >= {"interview", "participants", "site", "group", "wave", "turns"}
    assert shown["turns"][1] == {
        "n": 2,
        "label": "U03",
        "role": "informant",
        "participant": "U03",
        "start": shown["turns"][1]["start"],
        "end": shown["turns"][1]["end"],
        "time": 70.0,
        "text": "Hallo, æøå.",
    }
    listed = json.loads(run_cli("list", project.target, "--wave", "T1", "--format", "json").stdout)
    assert [r["name"] for r in listed] == ["nordbakken_ungdom_U03_T1"]
    assert json.loads(run_cli("list", project.target, "--wave", "T2", "--format", "json").stdout) == []
    info = json.loads(run_cli("info", project.target, "--format", "json").stdout)
    assert info["interviews"] == 1
    missing = run_cli("show", project.target, "nordbakken_ungdom_U03_T9")
    assert missing.exit_code == 1 and "did you mean nordbakken_ungdom_U03_T1" in missing.output


def test_numbered_focus_group_labels_count_in_manifest_order(project: Project, tmp_path: Path) -> None:
    write(tmp_path, "fokus.txt", "INT: Hva har endret seg?\nAnsatt 1: Mye.\nAnsatt 2: Særlig på kjøkkenet.\n")
    (tmp_path / "m.csv").write_text(
        "file,site,group,participant,wave\nfokus.txt,Sjøglimt,ansatt,A05;A06,T2\n", encoding="utf-8"
    )
    result = project.import_files([tmp_path / "fokus.txt"], manifest=tmp_path / "m.csv").results[0]
    assert result.positional_labels == {"Ansatt 1": "A05", "Ansatt 2": "A06"}
    with project.session() as s:
        turns = show_interview(s, "fokus").turns
    assert [t.participant for t in turns] == [None, "A05", "A06"]
