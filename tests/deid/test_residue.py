"""Nothing of a replaced name is left anywhere after ``deid apply``, and ``deid verify`` can tell.

The first test is the issue's report: after scan, accept-all and apply on the raw examples the
names sat lower-cased in ``search_term`` (and so in every backup). The second plants a name in
each table in turn and checks that the verification finds it there (the check must be able to
fail), then in the raw bytes of the file, in UTF-8 and UTF-16, NFC and NFD.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest
import yaml
from sqlalchemy import JSON, select, text, update

from intervju.db import Base
from intervju.deid.residue import (
    Rejection,
    Residue,
    build_forms,
    file_residue,
    scrub,
    sort_kept,
    table_residue,
    text_columns,
)
from kode.project import Project
from kodebok.models import Code, Memo
from tests.conftest import EXAMPLES, run_cli
from tests.deid.helpers import code_words

RAW = EXAMPLES / "deid"


def _applied(project: Project, tmp_path: Path) -> Path:
    """The raw examples imported, a memo and a codebook example that name people, all scanned,
    accepted and applied; returns the key file."""
    key = tmp_path / "key.yml"
    shutil.copy(RAW / "key.yml", key)
    assert run_cli("import", project.target, str(RAW / "transcripts"), "--manifest",
                   str(RAW / "manifest.csv")).exit_code == 0
    coding = code_words(project, "nordbakken_ungdom_U11_T1", "Mathilde")
    with project.session() as s:
        code = s.scalar(select(Code))
        assert code is not None
        code.examples = ["Mathilde sa at Bjørn var grei."]
        code.definition = "Når ungdommen (Mathilde) snakker om trygghet."
    project.add_memo("kh", "Mathilde nevnte at Bjørn i Fauske ringte. Snakk med Hanne Lysvik om det.",
                     _memo_target(), title="Om Mathilde")
    del coding
    scan = run_cli("deid", "scan", project.target, "--key", str(key), "--model", "", "--format", "json")
    assert scan.exit_code == 0, scan.output
    rows = json.loads(scan.stdout)
    memo_rows = [r for r in rows if r["target"] == "memo"]
    assert {r["text"] for r in memo_rows} >= {"Mathilde", "Bjørn", "Fauske", "Hanne Lysvik"}
    assert all(r["interview"] is None and r["memo"] for r in memo_rows)
    assert run_cli("deid", "review", project.target, "--accept-all").exit_code == 0
    return key


def _memo_target() -> object:
    from kodebok.memos import MemoTarget

    return MemoTarget()


def _forms(key: Path) -> set[str]:
    data = yaml.safe_load(key.read_text(encoding="utf-8"))
    return {f for forms in data["tags"].values() for f in forms}


def test_apply_leaves_no_form_anywhere_and_verify_agrees(project: Project, tmp_path: Path) -> None:
    key = _applied(project, tmp_path)
    result = run_cli("deid", "apply", project.target, "--key", str(key))
    assert result.exit_code == 0, result.output
    assert "Verified" in result.stdout
    forms = _forms(key)
    assert {"mathilde", "bjørn", "fauske", "hanne lysvik"} <= forms
    with project.session() as s:
        terms = set(s.scalars(text("SELECT term FROM search_term")))
        assert not terms & forms  # the issue: 27 of 30 names were still here
        memo = s.scalar(select(Memo))
        assert memo is not None
        assert "Mathilde" not in memo.text and "Mathilde" not in (memo.title or "")
        assert "[NAVN-" in memo.text and "[STED-" in memo.text
        code = s.scalar(select(Code))
        assert code is not None
        assert "Mathilde" not in code.examples[0] and "Bjørn" not in code.examples[0]
        assert "Mathilde" not in (code.definition or "")
        for (detail,) in s.execute(text("SELECT detail FROM audit_event")):
            assert "Mathilde" not in str(detail)
    verify = run_cli("deid", "verify", project.target, "--key", str(key), "--format", "json")
    assert verify.exit_code == 0, verify.output
    assert json.loads(verify.stdout) == {"clean": True, "residue": [], "kept": []}
    listed = json.loads(run_cli("deid", "list", project.target, "--format", "json").stdout)
    assert {r["status"] for r in listed} == {"applied"}
    assert any(r["target"] == "memo" for r in listed)


def test_a_name_planted_in_any_table_is_found(project: Project, tmp_path: Path) -> None:
    key = _applied(project, tmp_path)
    assert run_cli("deid", "apply", project.target, "--key", str(key)).exit_code == 0
    forms = build_forms(yaml.safe_load(key.read_text(encoding="utf-8"))["tags"])
    planted: list[str] = []
    with project.engine.connect() as conn:
        assert table_residue(conn, forms) == []
        conn.rollback()
        for table in Base.metadata.tables.values():
            for column in text_columns(table):
                if table.name == "alembic_version":
                    continue
                trans = conn.begin()
                try:
                    first = conn.execute(select(*table.primary_key.columns).limit(1)).first()
                    if first is None:
                        continue
                    where = [c == v for c, v in zip(table.primary_key.columns, first, strict=True)]
                    value: object = ["hei", {"om": "Mathilde"}] if isinstance(table.c[column].type, JSON) else (
                        "Mathilde" if (table.c[column].type.length or 99) < 30 else "det sa mathilde i går")
                    conn.execute(update(table).where(*where).values({column: value}))
                    if table.name == "search_term":
                        conn.execute(update(table).where(*where).values({column: "mathilde"}))
                    places = {r.where for r in table_residue(conn, forms)}
                    assert f"{table.name}.{column}" in places, (table.name, column)
                    planted.append(f"{table.name}.{column}")
                finally:
                    trans.rollback()
        assert table_residue(conn, forms) == []
    # The tables the issue names are all among those planted in (they hold rows here).
    for where in ("search_term.term", "sentence.forms", "sentence.lemmas", "interview.text", "memo.text",
                  "memo.title", "code.examples", "audit_event.detail", "deid_candidate.text", "turn.label"):
        assert where in planted
    if project.engine.dialect.name == "sqlite":
        # The full-text index's terms: a sentence whose forms name someone puts them there too.
        with project.engine.begin() as conn:
            sid = conn.execute(text("SELECT id FROM sentence LIMIT 1")).scalar_one()
            conn.execute(text("UPDATE sentence SET forms = 'mathilde' WHERE id = :i"), {"i": sid})
            found = {r.where for r in table_residue(conn, forms)}
            assert "sentence_fts (full-text index terms)" in found
            conn.rollback()


def test_verify_reads_the_raw_file_and_fails(project: Project, tmp_path: Path) -> None:
    if project.engine.dialect.name != "sqlite":
        pytest.skip("raw bytes are a SQLite project's")
    key = _applied(project, tmp_path)
    assert run_cli("deid", "apply", project.target, "--key", str(key)).exit_code == 0
    project.engine.dispose()
    # A deleted row leaves its bytes in a free page until the file is rebuilt.
    con = sqlite3.connect(project.target)
    con.execute("PRAGMA secure_delete = OFF")
    con.execute("INSERT INTO setting(key, value) VALUES ('x', 'Her står Bjørnsdatter og BJØRN')")
    con.commit()
    con.execute("DELETE FROM setting WHERE key = 'x'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    result = run_cli("deid", "verify", project.target, "--key", str(key), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert not report["clean"]
    assert any(r["where"].startswith("studie.kode (raw bytes") and r["form"] == "bjørn" for r in report["residue"])
    assert all(r["form"] != "bjørnsdatter" for r in report["residue"])  # whole words only
    text_out = run_cli("deid", "verify", project.target, "--key", str(key))
    assert text_out.exit_code == 1 and "raw bytes" in text_out.output


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("normal", ["NFC", "NFD"])
def test_file_scan_reads_utf8_and_utf16_nfc_and_nfd(tmp_path: Path, encoding: str, normal: str) -> None:
    forms = build_forms({"NAVN-1": ["åse bjørnstad"], "STED-1": ["tromsø"]})
    for prefix in (b"\x00\x07", b"\x01"):  # both byte alignments
        path = tmp_path / "raw.bin"
        body = unicodedata.normalize(normal, "møte med ÅSE  Bjørnstad i går").encode(encoding)
        path.write_bytes(prefix + body + b"\xff\x00")
        assert [r.form for r in file_residue([path], forms)] == ["åse bjørnstad"]
        path.write_bytes(prefix + unicodedata.normalize(normal, "Tromsøværing").encode(encoding))
        assert file_residue([path], forms) == []


def test_scrub_keeps_everyday_words_that_share_a_name() -> None:
    forms = build_forms({"NAVN-1": ["liv"], "STED-1": ["bodø"]}, ordinary=lambda w: w == "liv")
    assert scrub("Liv sa at livet i Bodø er et godt liv. BODØ!", forms) == \
        "[NAVN-1] sa at livet i [STED-1] er et godt liv. [STED-1]!"


def test_backup_warns_and_refuses_with_strict_while_candidates_are_open(project: Project, tmp_path: Path) -> None:
    assert run_cli("import", project.target, str(RAW / "transcripts" / "nordbakken_ungdom_U11_T1.txt"),
                   "--manifest", str(RAW / "manifest.csv")).exit_code == 0
    project.add_memo("kh", "Ingen navn her.", _memo_target())
    assert run_cli("deid", "scan", project.target, "--model", "").exit_code == 0
    out = tmp_path / "b1.kode"
    refused = run_cli("backup", project.target, "-o", str(out), "--strict")
    assert refused.exit_code != 0 and not out.exists()
    assert "not reviewed" in refused.output
    warned = run_cli("backup", project.target, "-o", str(out))
    assert warned.exit_code == 0 and out.exists() and "not reviewed" in warned.stderr


def test_open_memo_candidates_block_strict_exports(project: Project, tmp_path: Path) -> None:
    project.add_memo("kh", "Mathilde ringte fra Fauske i går.", _memo_target())
    assert run_cli("deid", "scan", project.target, "--model", "").exit_code == 0
    assert project.deid_unreviewed() > 0
    out = tmp_path / "b.kode"
    refused = run_cli("backup", project.target, "-o", str(out), "--strict")
    assert refused.exit_code != 0 and not out.exists()
    with project.session() as s:
        assert s.scalar(select(Memo.text)) == "Mathilde ringte fra Fauske i går."


def test_a_project_from_before_memo_candidates_upgrades_with_its_candidates(tmp_path: Path) -> None:
    """Migration 0007 keeps every stored candidate and lets memos have theirs."""
    from alembic import command

    from kode import migrate
    from kode.store import make_engine

    path = tmp_path / "old.kode"
    engine = make_engine(str(path))
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO site(name, position) VALUES ('Sjøglimt', 0)"))
        conn.execute(text("INSERT INTO informant_group(name, position) VALUES ('ungdom', 0)"))
        conn.execute(text("INSERT INTO wave(name, position) VALUES ('T1', 0)"))
        conn.execute(text(
            "INSERT INTO interview(name, site_id, group_id, wave_id, source_path, source_format, content_hash, "
            "text, word_count, turn_count, attributes, imported_at) VALUES ('U1', 1, 1, 1, 'u1.txt', 'txt', 'h', "
            "'Bjørn kom.', 2, 1, '{}', '2026-01-01')"))
        conn.execute(text(
            "INSERT INTO deid_candidate(interview_id, kind, start, \"end\", text, source, status, created_at) "
            "VALUES (1, 'person', 0, 5, 'Bjørn', 'namelist', 'accepted', '2026-01-01')"))
    migrate.upgrade(engine)
    engine.dispose()
    with Project.open(str(path)) as p:
        rows = p.deid_candidates()
        assert [(c.text, c.status, c.memo) for c in rows] == [("Bjørn", "accepted", None)]
        p.add_memo("kh", "Han sa at Bjørn ringte.", _memo_target())
        p.deid_scan(model="")
        assert any(c.memo is not None and c.text == "Bjørn" for c in p.deid_candidates())


def test_the_keys_own_names_go_from_headers_and_everywhere_else(project: Project, tmp_path: Path) -> None:
    """A name the team listed in the key is replaced where no scan looks: the header lines above
    the first turn (never candidates), and verify then finds nothing."""
    source = tmp_path / "U09_T1.txt"
    source.write_text("Deltakere: Torunn Vikås (intervjuer), ungdom\n\nI: Hvordan går det?\nIP: Bra, takk.\n",
                      encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,site,group,participant,wave\nU09_T1.txt,Sjøglimt,ungdom,U09,T1\n", encoding="utf-8")
    assert run_cli("import", project.target, str(source), "--manifest", str(manifest)).exit_code == 0
    key = tmp_path / "key.yml"
    key.write_text("names: [Torunn Vikås]\n", encoding="utf-8")
    assert run_cli("deid", "scan", project.target, "--key", str(key), "--model", "").exit_code == 0
    result = run_cli("deid", "apply", project.target, "--key", str(key))
    assert result.exit_code == 0, result.output
    with project.session() as s:
        for (header, body) in s.execute(text("SELECT header, text FROM interview")):
            assert "Torunn" not in (header or "") and "Torunn" not in body
    assert "torunn vikås" in _forms(key)
    assert run_cli("deid", "verify", project.target, "--key", str(key)).exit_code == 0


def test_a_rejection_keeps_only_the_occurrence_it_covers() -> None:
    """A transcript that holds the rejected form once more, where nobody rejected it, is residue;
    so are the copies made from it once no text keeps the form by decision alone."""
    forms = build_forms({"STED-1": ["kragerø"]})
    text = "Pappa bor i Kragerø. Vi var i Kragerø i fjor."
    first = text.index("Kragerø")
    found = [Residue("interview.text", "1", "kragerø"), Residue("sentence.forms", "7", "kragerø"),
             Residue("search_term.term", "3", "kragerø")]
    rejected = [Rejection(5, 1, "U12", first, first + 7, "kragerø")]
    sentences = {7: (1, 0, 20)}
    residue, kept = sort_kept(found, rejected, {1: text}, sentences, forms, lambda w: w.startswith("search_term."))
    assert kept == [] and residue == found
    only_once = text[:20]
    residue, kept = sort_kept(found, rejected, {1: only_once}, sentences, forms,
                              lambda w: w.startswith("search_term."))
    assert residue == [] and [k.where for k in kept] == ["interview.text", "sentence.forms", "search_term.term"]
    assert kept[0].reason == "rejected by a reviewer in interview U12"
