"""Codings: spans from turns, sentences and offsets; validation; code references; listing; the CLI."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from intervju.errors import InputError
from intervju.models import AuditEvent, Interview
from kode.project import Project
from kodebok.coders import ensure_coder
from kodebok.codes import resolve_code
from kodebok.coding import CodingFilters, add_coding, list_codings, remove_coding
from tests.conftest import run_cli
from tests.kodebok.helpers import load_example_codebook, make_interview


@pytest.fixture
def coded(project: Project) -> Project:
    load_example_codebook(project)
    make_interview(project, "U1_T1", participant="U1")
    make_interview(project, "A1_T2", site="Nordbakken", group="ansatt", wave="T2", participant="A1")
    return project


def test_add_coding_validates_span_code_and_duplicates(coded: Project) -> None:
    with coded.session() as s:
        iv = s.scalar(select(Interview).where(Interview.name == "U1_T1"))
        assert iv is not None
        ab = ensure_coder(s, "ab")[0]
        code = resolve_code(s, "Hjemlighet")
        coding = add_coding(s, iv, code, 0, len(iv.text), ab)  # may cross turns
        assert coding.id
        for start, end in ((-1, 5), (5, 5), (6, 5), (0, len(iv.text) + 1)):
            with pytest.raises(InputError, match="is not inside interview 'U1_T1'"):
                add_coding(s, iv, code, start, end, ab)
        with pytest.raises(InputError, match=r"ab has coded .* with 'Hjemlighet' already"):
            add_coding(s, iv, code, 0, len(iv.text), ab)
        remove_coding(s, iv, code, 0, len(iv.text), ab)
        with pytest.raises(InputError, match="ab has no coding of 'Hjemlighet'"):
            remove_coding(s, iv, code, 0, len(iv.text), ab)
        actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.entity == "coding"))]
        assert actions == ["coding.add", "coding.remove"]


def test_code_references_name_label_path_and_uid(coded: Project) -> None:
    coded.edit_code("add", "Skole", actor="lead", parent="Ungdommens opplevelse", uid="ung-skole")
    with coded.session() as s:
        assert resolve_code(s, "hjemlighet").uid == "hjemlighet"
        assert resolve_code(s, "Samarbeid internt").uid == "samarbeid-miljo-helse"  # label
        assert resolve_code(s, "arbeidsmetodikk/dbt").uid == "dbt"  # path, any case
        assert resolve_code(s, "fase-overgang").name == "Overgang og ettervern"  # uid
        with pytest.raises(InputError, match="code 'skole' is ambiguous: it could be Samarbeid utad/Skole, "
                                             "Ungdommens opplevelse/Skole; give the path"):
            resolve_code(s, "skole")
        with pytest.raises(InputError, match="no code 'Medvirkningg' in the codebook; did you mean "
                                             "Ungdommens opplevelse/Medvirkning"):
            resolve_code(s, "Medvirkningg")


def test_cli_code_turns_sentences_spans_and_listing(coded: Project) -> None:
    path = coded.target
    r = run_cli("code", path, "U1_T1", "--code", "Hjemlighet", "--turn", "2-4", "--coder", "åse")
    assert r.exit_code == 0 and "new coder 'åse' added" in r.stderr
    assert run_cli("code", path, "U1_T1", "--code", "Medvirkning", "--sentence", "5", "--coder", "åse").exit_code == 0
    assert run_cli("code", path, "A1_T2", "--code", "Skole", "--span", "3:20", "--coder", "bø").exit_code == 0
    again = run_cli("code", path, "U1_T1", "--code", "Hjemlighet", "--turn", "2-4", "--coder", "åse")
    assert again.exit_code == 1 and "already" in again.stderr and "new coder" not in again.stderr
    rows = json.loads(run_cli("codings", path, "--format", "json").stdout)
    assert [(r["code"], r["interview"], r["coder"]) for r in rows] == [
        ("Samarbeid utad/Skole", "A1_T2", "bø"),
        ("Bygg og omgivelser/Hjemlighet", "U1_T1", "åse"),
        ("Ungdommens opplevelse/Medvirkning", "U1_T1", "åse"),
    ]
    first = rows[1]
    assert first["text"].startswith("Det var rart i starten.") and first["text"].endswith("husmøtet.")
    assert "\n\nI: Får du være med og bestemme?\n\n" in first["text"]
    assert set(rows[0]) >= {"code", "interview", "start", "end", "coder", "created", "text"}
    assert rows[2]["text"] == "Ja, de spør meg før de endrer planen."
    assert len(json.loads(run_cli("codings", path, "--wave", "T2", "--format", "json").stdout)) == 1
    assert len(json.loads(run_cli("codings", path, "--group", "ungdom", "--coder", "åse",
                                  "--format", "json").stdout)) == 2
    assert len(json.loads(run_cli("codings", path, "--code", "Bygg og omgivelser", "--format", "json").stdout)) == 1
    assert len(json.loads(run_cli("codings", path, "--site", "sjoglimt", "--format", "json").stdout)) == 2
    csv_out = run_cli("codings", path, "--interview", "A1_T2", "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "id,code,interview,start,end,coder,created,text"
    assert run_cli("uncode", path, "U1_T1", "--code", "Hjemlighet", "--turn", "2-4", "--coder", "åse").exit_code == 0
    assert len(json.loads(run_cli("codings", path, "--format", "json").stdout)) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--turn", "9"), "interview 'U1_T1' has no turn 9 (it has 6)"),
        (("--turn", "4-2"), "not a range"),
        (("--turn", "to"), "turn 'to' is not a number or a range like 12-13"),
        (("--span", "5"), "span '5' is not like 120:480"),
        (("--span", "10:5"), "span 10:5 is not inside"),
        (("--sentence", "99"), "has no sentence 99"),
        ((), "give at least one of"),
        (("--turn", "2,9"), "interview 'U1_T1' has no turn 9"),
    ],
)
def test_cli_selector_errors(coded: Project, args: tuple[str, ...], message: str) -> None:
    r = run_cli("code", coded.target, "U1_T1", "--code", "Omsorg", *args, "--coder", "ab")
    assert r.exit_code != 0 and message in r.stderr


def test_sentence_selector_needs_indexed_sentences(coded: Project) -> None:
    make_interview(coded, "U2_T1", sentences=False)
    r = run_cli("code", coded.target, "U2_T1", "--code", "Omsorg", "--sentence", "1", "--coder", "ab")
    assert r.exit_code == 1 and "has no sentences indexed" in r.stderr


def test_coder_defaults_and_required(coded: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KODE_CODER", raising=False)
    r = run_cli("code", coded.target, "U1_T1", "--code", "Omsorg", "--turn", "2")
    assert r.exit_code == 1 and "say who you are" in r.stderr
    monkeypatch.setenv("KODE_CODER", "miljø")
    assert run_cli("code", coded.target, "U1_T1", "--code", "Omsorg", "--turn", "2").exit_code == 0
    with coded.session() as s:
        assert [r.coder for r in list_codings(s, CodingFilters(coders=["miljø"]))] == ["miljø"]
        with pytest.raises(InputError, match="no coder 'miljo'"):
            list_codings(s, CodingFilters(coders=["miljo"]))


def test_coders_command(coded: Project) -> None:
    r = run_cli("coders", coded.target, "--add", "kb", "--name", "Kari Bø", "--format", "json")
    assert json.loads(r.stdout) == [{"coder": "kb", "name": "Kari Bø", "consensus": False, "codings": 0}]
    assert run_cli("coders", coded.target, "--add", "to ord").exit_code == 1


def test_any_valid_span_lists_back_its_exact_text(coded: Project) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    with coded.session() as s:
        iv = s.scalar(select(Interview).where(Interview.name == "U1_T1"))
        assert iv is not None
        text = iv.text

    @settings(max_examples=25, deadline=None)
    @given(st.integers(0, len(text) - 1), st.integers(1, len(text)))
    def check(start: int, length: int) -> None:
        end = min(len(text), start + length)
        with coded.session() as s:
            iv = s.scalar(select(Interview).where(Interview.name == "U1_T1"))
            assert iv is not None
            coding = add_coding(s, iv, resolve_code(s, "Omsorg"), start, end, ensure_coder(s, "prop")[0])
            [row] = [r for r in list_codings(s, CodingFilters(coders=["prop"])) if r.id == coding.id]
            assert (row.start, row.end, row.text) == (start, end, text[start:end])
            s.rollback()

    check()


def test_removing_a_coding_keeps_its_memos_in_the_audit_and_merging_moves_them(coded: Project) -> None:
    """A coding's memos were dropped by the database's cascade without a trace (issue 16)."""
    from kodebok.memos import MemoTarget, add_memo, restore_memos

    with coded.session() as s:
        iv = s.scalar(select(Interview).where(Interview.name == "U1_T1"))
        assert iv is not None
        ab = ensure_coder(s, "ab")[0]
        hjem, trygg = resolve_code(s, "Hjemlighet"), resolve_code(s, "Sikkerhet")
        coding = add_coding(s, iv, hjem, 0, 10, ab)
        add_memo(s, ab, "Viktig: «døra» – hjemlighet", MemoTarget(coding=coding.id))
        kept = remove_coding(s, iv, hjem, 0, 10, ab)
        assert [(m.author, m.text) for m in kept] == [("ab", "Viktig: «døra» – hjemlighet")]
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "memo.delete")).one()
        assert event.detail["text"] == "Viktig: «døra» – hjemlighet"
        again = add_coding(s, iv, hjem, 0, 10, ab)
        restored = restore_memos(s, again.id, kept, ab)
        assert [m.text for m in restored] == ["Viktig: «døra» – hjemlighet"]
        add_coding(s, iv, trygg, 0, 10, ab)  # the same span under the code it is merged into
    coded.merge_codes("Hjemlighet", "Sikkerhet", actor="lead")
    with coded.session() as s:
        from kodebok.models import Coding, Memo

        memo = s.scalars(select(Memo)).one()
        assert memo.coding_id is not None
        survivor = s.get(Coding, memo.coding_id)
        assert survivor is not None and survivor.code_id == resolve_code(s, "Sikkerhet").id
