"""Loading a codebook by stable id, and editing it: add, rename, move, merge, retire, the version lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from intervju.errors import InputError
from intervju.models import AuditEvent
from kode.project import Project
from kode.store import describe
from kodebok.codebook_ops import StaleCodeError, rename_code
from kodebok.codes import resolve_code
from kodebok.models import Code, Coding
from tests.conftest import run_cli
from tests.kodebok.helpers import CODEBOOK, load_example_codebook, make_interview

SMALL = """
codes:
  - id: metodikk
    name: Arbeidsmetodikk
    children:
      - id: dbt
        name: DBT
        key: d
      - id: oem
        name: OEM
  - id: ungdom
    name: Ungdommens opplevelse
    children:
      - id: trygghet
        name: Trygghet
"""


def _events(project: Project, action: str) -> list[AuditEvent]:
    with project.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_load_adds_then_reports_rename_move_change_and_retire(project: Project, tmp_path: Path) -> None:
    first = tmp_path / "v1.yml"
    first.write_text(SMALL, encoding="utf-8")
    diff = project.load_codebook(first, actor="lead")
    assert diff.counts()["added"] == 5
    second = tmp_path / "v2.yml"
    second.write_text(SMALL.replace("name: DBT", "name: Dialektisk atferdsterapi\n        definition: Ny")
                      .replace("      - id: trygghet\n        name: Trygghet\n", "")
                      .replace("      - id: oem\n        name: OEM\n",
                               "      - id: oem\n        name: OEM\n"
                               "      - id: trygghet\n        name: Trygghet på huset\n"),
                      encoding="utf-8")
    preview = project.load_codebook(second, actor=None, dry_run=True)
    kinds = {(c.kind, c.uid) for c in preview.changes}
    assert ("renamed", "dbt") in kinds and ("changed", "dbt") in kinds
    assert ("moved", "trygghet") in kinds and ("renamed", "trygghet") in kinds
    with project.session() as s:  # dry run changed nothing
        assert s.scalar(select(Code.name).where(Code.uid == "dbt")) == "DBT"
    project.load_codebook(second, actor="lead")
    with project.session() as s:
        dbt = resolve_code(s, "Arbeidsmetodikk/Dialektisk atferdsterapi")
        assert dbt.uid == "dbt" and dbt.definition == "Ny" and dbt.version > 1
        assert resolve_code(s, "Arbeidsmetodikk/Trygghet på huset").uid == "trygghet"
    third = tmp_path / "v3.yml"
    third.write_text("codes:\n  - id: metodikk\n    name: Arbeidsmetodikk\n", encoding="utf-8")
    diff = project.load_codebook(third, actor="lead")
    assert {c.uid for c in diff.of("retired")} == {"dbt", "oem", "trygghet", "ungdom"}
    assert project.load_codebook(third, actor="lead").empty
    assert {e.entity_id for e in _events(project, "code.retired")} == {"dbt", "oem", "trygghet", "ungdom"}
    assert all(e.actor == "lead" for e in _events(project, "code.added"))


def test_load_is_all_or_nothing_on_a_path_clash(project: Project, tmp_path: Path) -> None:
    load_example_codebook(project)
    clash = tmp_path / "clash.yml"
    clash.write_text("codes:\n  - id: annen\n    name: Arbeidsmetodikk\n  - id: arbeidsmetodikk\n"
                     "    name: Arbeidsmetodikk\n", encoding="utf-8")
    with pytest.raises(InputError):
        project.load_codebook(clash, actor="lead")
    with project.session() as s:
        assert s.scalar(select(Code).where(Code.uid == "annen")) is None
        assert resolve_code(s, "DBT").status == "active"


def test_export_round_trips_with_load(project: Project, tmp_path: Path) -> None:
    load_example_codebook(project)
    out = tmp_path / "ut.yml"
    result = run_cli("codebook", "export", project.target, "--format", "yaml", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_text(encoding="utf-8").count("id:") == 32
    assert project.load_codebook(out, actor="lead", dry_run=True).empty
    assert project.load_codebook(CODEBOOK, actor="lead", dry_run=True).empty
    bad = run_cli("codebook", "export", project.target, "--format", "pdf")
    assert bad.exit_code == 1 and "unknown codebook format" in bad.stderr and "yaml" in bad.stderr


def _code_one(project: Project, interview: str, ref: str, coder: str, start: int, end: int) -> None:
    project.code(interview, ref, lambda _s, _iv: (start, end), coder)


def test_merge_moves_codings_drops_a_coders_duplicates_and_retires(project: Project) -> None:
    load_example_codebook(project)
    make_interview(project, "U1_T1")
    _code_one(project, "U1_T1", "Trygghet", "ab", 37, 60)
    _code_one(project, "U1_T1", "Omsorg", "ab", 37, 60)  # same span, same coder: kept once
    _code_one(project, "U1_T1", "Trygghet", "cd", 37, 60)
    _code_one(project, "U1_T1", "Trygghet", "ab", 61, 100)
    result = project.merge_codes("Trygghet", "Omsorg", actor="lead")
    assert (result.moved, result.duplicates) == (2, 1)
    with project.session() as s:
        trygghet, omsorg = resolve_code(s, "trygghet"), resolve_code(s, "Omsorg")
        assert trygghet.status == "retired" and trygghet.key is None
        assert s.scalar(select(Coding).where(Coding.code_id == trygghet.id)) is None
        assert len(s.scalars(select(Coding).where(Coding.code_id == omsorg.id)).all()) == 3
    [event] = _events(project, "code.merge")
    assert event.actor == "lead" and event.detail["moved"] == 2 and event.entity == "code"
    with pytest.raises(InputError, match="retired"):
        _code_one(project, "U1_T1", "trygghet", "ab", 0, 5)


def test_retire_keeps_history_and_refuses_new_codings(project: Project) -> None:
    load_example_codebook(project)
    make_interview(project, "U1_T1")
    _code_one(project, "U1_T1", "Tvang", "ab", 37, 60)
    project.edit_code("retire", "Tvang", actor="lead")
    with pytest.raises(InputError, match="'Tvang' is retired; it takes no new codings"):
        _code_one(project, "U1_T1", "Tvang", "ab", 61, 70)
    from kodebok.coding import CodingFilters

    assert [r.code for r in project.codings(CodingFilters())] == ["Arbeidsmetodikk/Tvang"]
    with pytest.raises(InputError, match="active codes under it"):
        project.edit_code("retire", "Arbeidsmetodikk", actor="lead")
    project.edit_code("restore", "Tvang", actor="lead")
    _code_one(project, "U1_T1", "Tvang", "ab", 61, 70)


def test_add_rename_move_with_norwegian_letters_and_audit(project: Project) -> None:
    load_example_codebook(project)
    uid = project.edit_code("add", "Rømming og savn", actor="åse", parent="Ungdommens opplevelse", key="æ",
                            colour="#AABBCC")
    assert uid == "rømming-og-savn"
    project.edit_code("rename", "Rømming og savn", "Rømming", actor="åse")
    project.edit_code("move", "Rømming", "Bygg og omgivelser", actor="åse")
    with project.session() as s:
        code = resolve_code(s, "bygg og omgivelser/rømming")
        assert (code.key, code.colour) == ("æ", "#aabbcc")
    assert [e.actor for e in _events(project, "code.rename")] == ["åse"]
    assert _events(project, "code.move")[0].detail["new"] == "Bygg og omgivelser/Rømming"
    with pytest.raises(InputError, match="there is already a code 'Bygg og omgivelser/Hjemlighet'"):
        project.edit_code("rename", "Rømming", "hjemlighet", actor="åse")
    with pytest.raises(InputError, match="under itself"):
        project.edit_code("move", "Bygg og omgivelser", "Bygg og omgivelser/Rømming", actor="åse")
    with pytest.raises(InputError, match="key 'h' is used by 'Bygg og omgivelser/Hjemlighet'"):
        project.edit_code("add", "Ny", actor="åse", key="h")


def test_a_stale_edit_is_refused(project: Project) -> None:
    load_example_codebook(project)
    with project.session() as s:
        version = resolve_code(s, "DBT").version
    project.edit_code("rename", "DBT", "DBT-arbeid", actor="ab", expected_version=version)
    with pytest.raises(StaleCodeError, match=r"changed by someone else .*\(now version 2, you had 1\)"):
        project.edit_code("rename", "DBT-arbeid", "DBT i praksis", actor="cd", expected_version=version)
    result = run_cli("codebook", "retire", project.target, "DBT-arbeid", "--expect-version", "1", "--coder", "cd")
    assert result.exit_code == 1 and "changed by someone else" in result.stderr


def test_concurrent_sessions_hit_the_version_lock(project: Project) -> None:
    load_example_codebook(project)
    with pytest.raises(StaleCodeError):
        with project._locked() as s1:
            code = resolve_code(s1, "OEM")
            s1.flush()
            with project.session() as s2:
                rename_code(s2, "OEM", "OEM-modellen", actor="cd")
            code.name = "Omsorgs- og endringsmodellen"
            s1.flush()


def test_codebook_cli(project: Project) -> None:
    path = project.target
    assert run_cli("codebook", "load", path, str(CODEBOOK), "--dry-run").stdout.startswith("added")
    result = run_cli("codebook", "load", path, str(CODEBOOK), "--coder", "lead")
    assert result.exit_code == 0 and "Changed: 32 added" in result.stdout
    assert "nothing to change" in run_cli("codebook", "load", path, str(CODEBOOK), "--coder", "lead").stdout
    assert run_cli("codebook", "add", path, "Ettervern", "--parent", "Forløp", "--coder", "lead").exit_code == 0
    assert run_cli("codebook", "move", path, "Ettervern", "--top", "--coder", "lead").exit_code == 0
    assert run_cli("codebook", "rename", path, "Ettervern", "Ettervern og bolig", "--coder", "lead").exit_code == 0
    assert run_cli("codebook", "merge", path, "Ettervern og bolig", "Overgang og ettervern",
                   "--coder", "lead").exit_code == 0
    tree = run_cli("codebook", "show", path)
    assert "Ettervern og bolig  (0 codings, retired)" in tree.stdout
    assert "  DBT [DBT]  (0 codings, key d)" in tree.stdout
    import json

    data = json.loads(run_cli("codebook", "show", path, "--format", "json").stdout)
    assert data[2]["children"][0]["path"] == "Arbeidsmetodikk/DBT" and data[2]["children"][0]["version"] == 1
    ambiguous = run_cli("codebook", "retire", path, "samarbeid", "--coder", "lead")
    assert ambiguous.exit_code == 1
    unknown = run_cli("codebook", "retire", path, "Hjemlihet", "--coder", "lead")
    named = describe(path)  # a PostgreSQL project is named by its URL, never with the password
    assert f"no code 'Hjemlihet' in the codebook of {named}; did you mean Bygg og omgivelser/Hjemlighet" in unknown.stderr
    password = make_url(path).password if "://" in path else None
    assert not password or f":{password}@" not in unknown.stderr
    bad = run_cli("codebook", "load", path, str(CODEBOOK.parent / "mangler.yml"), "--coder", "lead")
    assert bad.exit_code == 1 and "mangler.yml: no such file" in bad.stderr
