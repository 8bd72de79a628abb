"""`kode deid scan|review|apply|list` end to end on the raw fictional examples."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import yaml

from kode.project import Project
from tests.conftest import EXAMPLES, run_cli
from tests.deid.helpers import code_words, coded_text, interview_text

RAW = EXAMPLES / "deid"
FILE = "sjoglimt_ungdom_U12_T2"


def imported(project: Project, *names: str) -> str:
    files = [RAW / "transcripts" / f"{n}.txt" for n in names] or [RAW / "transcripts"]
    result = run_cli("import", project.target, *[str(f) for f in files], "--manifest", str(RAW / "manifest.csv"))
    assert result.exit_code == 0, result.output
    return project.target


def test_scan_json_shape(project: Project) -> None:
    target = imported(project, FILE)
    result = run_cli("deid", "scan", target, "--model", "", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and set(rows[0]) == {"id", "target", "kind", "text", "interview", "memo", "start", "end", "source",
                                     "status"}
    assert {r["target"] for r in rows} == {"interview"} and {r["memo"] for r in rows} == {None}
    text = interview_text(project, FILE)
    assert all(text[r["start"]:r["end"]] == r["text"] and r["interview"] == FILE for r in rows)
    found = {(r["kind"], r["text"]) for r in rows}
    assert {("fnr", "158807 10041"), ("car", "EL 52817"), ("birthdate", "15. august 2007"),
            ("person", "Kjersti Bråtveit"), ("person", "Kjesti"), ("place", "Jomfruland")} <= found
    # A rescan gives the same rows, same ids.
    again = json.loads(run_cli("deid", "scan", target, "--model", "", "--format", "json").stdout)
    assert [r["id"] for r in again] == [r["id"] for r in rows]


def test_review_scripted_and_apply(project: Project, tmp_path: Path) -> None:
    target = imported(project, FILE)
    coding = code_words(project, FILE, "Kjersti og jeg lagde den sammen")
    rows = json.loads(run_cli("deid", "scan", target, "--model", "", "--format", "json").stdout)
    pappa = next(r for r in rows if r["text"] == "Kragerø")
    result = run_cli("deid", "review", target, "--reject", str(pappa["id"]), "--accept", "person,fnr",
                     "--relabel", f"{pappa['id']}=place", "--coder", "kh")
    assert result.exit_code == 0, result.output
    listed = json.loads(run_cli("deid", "list", target, "--status", "open", "--format", "json").stdout)
    assert listed and not any(r["kind"] in {"person", "fnr"} for r in listed)
    key = tmp_path / "key.yml"
    warned = run_cli("deid", "apply", target, "--key", str(key), "--strict")
    assert warned.exit_code == 1 and "not reviewed" in warned.output
    assert run_cli("deid", "review", target, "--accept-all").exit_code == 0
    done = run_cli("deid", "apply", target, "--key", str(key), "--format", "json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["interviews"] == 1 and report["unreviewed"] == 0
    # Kragerø was rejected in one place: kept there by decision, not residue.
    assert report["residue"] == [] and {r["form"] for r in report["kept"]} == {"kragerø"}
    assert "Kjersti" not in done.output and "Bråtveit" not in done.output
    text = interview_text(project, FILE)
    for gone in ("Kjersti", "Bråtveit", "158807 10041", "EL 52817", "Jomfruland", "Vetle"):
        assert gone not in text
    assert "Kragerø" in text  # rejected once, so it stays where it was rejected
    assert coded_text(project, coding).endswith(" og jeg lagde den sammen")
    assert coded_text(project, coding).startswith("[NAVN-")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    stored = yaml.safe_load(key.read_text(encoding="utf-8"))
    assert any("kjersti" in forms for forms in stored["tags"].values())
    checked = run_cli("check", target)
    assert checked.exit_code == 0, checked.output


def test_a_rejected_form_is_kept_only_where_it_was_rejected(project: Project, tmp_path: Path) -> None:
    """Kragerø rejected in one transcript is kept there, and verify says so with the reason; the
    same form written later into a memo is residue (the check once called every place of a form
    rejected anywhere "kept", so a leak of it passed unseen)."""
    target = imported(project, FILE)
    rows = json.loads(run_cli("deid", "scan", target, "--model", "", "--format", "json").stdout)
    pappa = next(r for r in rows if r["text"] == "Kragerø")
    assert run_cli("deid", "review", target, "--reject", str(pappa["id"])).exit_code == 0
    assert run_cli("deid", "review", target, "--accept-all").exit_code == 0
    key = tmp_path / "key.yml"
    # The form is replaced somewhere: the key lists it as a place of the team's own.
    key.write_text("places: [Kragerø]\n", encoding="utf-8")
    done = run_cli("deid", "apply", target, "--key", str(key), "--format", "json")
    assert done.exit_code == 0, done.output
    kept = json.loads(done.stdout)["kept"]
    assert kept and {k["form"] for k in kept} == {"kragerø"}
    assert [k["reason"] for k in kept if k["where"] == "interview.text"] == [
        f"rejected by a reviewer in interview {FILE}"]
    text_out = run_cli("deid", "verify", target, "--key", str(key))
    assert text_out.exit_code == 0, text_out.output
    assert "not residue" in text_out.output and f"rejected by a reviewer in interview {FILE}" in text_out.output

    assert run_cli("memo", "add", target, "--text", "Faren bor i Kragerø.", "--coder", "kh").exit_code == 0
    after = run_cli("deid", "verify", target, "--key", str(key), "--format", "json")
    assert after.exit_code == 1, after.output
    report = json.loads(after.stdout)
    assert [(r["where"], r["form"]) for r in report["residue"]] == [("memo.text", "kragerø")]
    assert all(k["where"] != "memo.text" for k in report["kept"])


def test_review_interactive(project: Project) -> None:
    target = imported(project, FILE)
    run_cli("deid", "scan", target, "--model", "")
    rows = json.loads(run_cli("deid", "list", target, "--format", "json").stdout)
    # accept, reject, re-label (then the kind), accept all of this form, skip, quit
    answers = "a\nr\nk\nplace\nf\ns\nq\n"
    result = run_cli("deid", "review", target, "--coder", "kh", input=answers)
    assert result.exit_code == 0, result.output
    after = {r["id"]: r for r in json.loads(run_cli("deid", "list", target, "--format", "json").stdout)}
    assert after[rows[0]["id"]]["status"] == "accepted"
    assert after[rows[1]["id"]]["status"] == "rejected"
    assert after[rows[2]["id"]]["status"] == "accepted" and after[rows[2]["id"]]["kind"] == "place"
    same = [r for r in rows if r["text"].casefold() == rows[3]["text"].casefold()]
    assert all(after[r["id"]]["status"] == "accepted" for r in same)
    assert "still open" in result.output
    assert "[reverse]" not in result.output  # markup rendered, not printed


def test_whole_example_set_and_list_formats(project: Project, tmp_path: Path) -> None:
    target = imported(project)
    assert run_cli("deid", "scan", target, "--model", "", "--key", str(RAW / "key.yml")).exit_code == 0
    csv_out = run_cli("deid", "list", target, "--kind", "phone", "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "id,kind,text,interview,start,end,source,status"
    assert len(csv_out.splitlines()) == 5  # four phone numbers in the six files
    text_out = run_cli("deid", "list", target, "--kind", "email").stdout
    assert "email" in text_out and "pattern" in text_out
    key = tmp_path / "key.yml"
    shutil.copy(RAW / "key.yml", key)
    run_cli("deid", "review", target, "--accept-all")
    assert run_cli("deid", "apply", target, "--key", str(key)).exit_code == 0
    stored = yaml.safe_load(key.read_text(encoding="utf-8"))
    assert stored["names"][0] == "Mathilde"  # the team's own list is kept
    tag = next(t for t, forms in stored["tags"].items() if "tromsø" in forms)
    assert tag.startswith("STED-")
    assert f"[{tag}]" in interview_text(project, "nordbakken_ansatt_A21_T1")
    assert f"[{tag}]" in interview_text(project, "sjoglimt_ungdom_U12_T2")


def test_errors_are_one_line(project: Project, tmp_path: Path) -> None:
    target = imported(project, FILE)
    missing = run_cli("deid", "scan", target, "--key", str(tmp_path / "nope.yml"))
    assert missing.exit_code == 1 and "nope.yml" in missing.output
    bad = run_cli("deid", "review", target, "--accept", "navn")
    assert bad.exit_code == 1 and "'navn'" in bad.output
    unknown = run_cli("deid", "scan", target, "--interviews", "finnes_ikke")
    assert unknown.exit_code == 1 and "finnes_ikke" in unknown.output
    same = run_cli("deid", "apply", target, "--key", target)
    assert same.exit_code == 1 and "separate file" in same.output


def test_exports_warn_and_strict_refuses_while_candidates_are_open(project: Project, tmp_path: Path) -> None:
    target = imported(project, FILE)
    assert run_cli("deid", "scan", target, "--model", "").exit_code == 0
    out = tmp_path / "m.csv"
    warned = run_cli("export", "matrix", target, "-o", str(out))
    assert warned.exit_code == 0, warned.output
    assert "de-identification candidates are not reviewed" in warned.stderr
    refused = run_cli("export", "qdpx", target, "-o", str(tmp_path / "p.qdpx"), "--strict")
    assert refused.exit_code == 1 and "--strict" in refused.output
    assert not (tmp_path / "p.qdpx").exists()
    assert run_cli("deid", "review", target, "--accept-all").exit_code == 0
    clean = run_cli("export", "report", target, "-o", str(tmp_path / "r.docx"), "--strict")
    assert clean.exit_code == 0, clean.output
    assert "not reviewed" not in clean.stderr


def test_scan_names_people_in_a_header_block(project: Project, tmp_path: Path) -> None:
    """A ``Deltakere:`` line above the first turn is kept as the interview's header, not speech: it
    gets no candidates, but the scan must not pass over the names in it in silence."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sjoglimt_ungdom_U77_T1.txt").write_text(
        "Deltakere: Gunnhild Bjørkås (informant), Torstein Lie (intervjuer)\nDato: 3. mars\n\n"
        "I: Hvordan har uka vært?\n\nU: Den har vært fin, vi lagde mat sammen på kjøkkenet.\n", encoding="utf-8")
    result = run_cli("import", project.target, str(folder), "--pattern", "{site}_{group}_{participant}_{wave}")
    assert result.exit_code == 0, result.output
    scanned = run_cli("deid", "scan", project.target, "--model", "")
    assert scanned.exit_code == 0, scanned.output
    assert "header lines" in scanned.output
    assert "Gunnhild Bjørkås" in scanned.output and "Torstein Lie" in scanned.output
    rows = json.loads(run_cli("deid", "scan", project.target, "--model", "", "--format", "json").stdout)
    assert not any("Gunnhild" in r["text"] for r in rows)  # the header holds no candidates
