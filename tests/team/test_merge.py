"""`kode merge TARGET SOURCE…`: coders' projects come together; conflicts are listed with their rule."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from intervju.models import AuditEvent, Interview, Participant, Turn
from intervju.search import search
from kode.project import Project
from kodebok.models import Code, Coder, Coding, Memo, Suggestion
from tests.conftest import run_cli
from tests.team.helpers import (
    NAME,
    TURNS,
    code,
    code_phrase,
    coded_texts,
    import_one,
    memo_on,
    suggest,
    write_transcript,
)

OTHER = "Sjøglimt_ansatt_Per_T2"
OTHER_TURNS = [("I", "Hvordan samarbeider miljøpersonalet og helsepersonellet?"),
               ("Per", "Vi har felles møter hver uke, og DBT-teamet er med på overlappen.")]


def _laptop(tmp_path: Path, name: str) -> Project:
    return Project.create(str(tmp_path / f"{name}.kode"), sites=["Nordbakken", "Sjøglimt"])


def _counts(project: Project) -> dict[str, int]:
    with project.session() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
                for m in (Interview, Turn, Code, Coder, Coding, Memo, Suggestion, Participant)}


def test_merge_adds_each_coders_work_once(project: Project, tmp_path: Path) -> None:
    files = tmp_path / "files"
    path = write_transcript(files, TURNS)
    import_one(project, path)
    mine = code_phrase(project, NAME, "det føles nesten som hjemme", "hjemlighet", who="kh")

    anna = _laptop(tmp_path, "anna")
    import_one(anna, path)
    import_one(anna, write_transcript(files, OTHER_TURNS, name=OTHER))
    a1 = code_phrase(anna, NAME, "det føles nesten som hjemme", "hjemlighet", who="anna")
    code_phrase(anna, NAME, "Vi har husmøte på søndager", "medvirkning", who="anna")
    code_phrase(anna, OTHER, "DBT-teamet er med på overlappen", "dbt", who="anna")
    memo_on(anna, a1, "Hjemlighet mot sikkerhet: låst kjøkken – se også ansatte på Sjøglimt.", who="anna")
    suggest(anna, NAME, "kjøkkenet er låst om natta", "sikkerhet")
    anna.close()

    report = project.merge_from([str(tmp_path / "anna.kode")], actor="kh")
    assert report.added == {"interviews": 1, "revisions": 0, "participants": 1, "coders": 1, "codes": 3,
                            "codings": 3, "memos": 1, "suggestions": 1, "updated": 0}
    assert report.conflicts == []
    texts = coded_texts(project, NAME)
    assert texts[mine] == ("det føles nesten som hjemme", False)
    assert sorted(t for t, _ in texts.values()) == ["Vi har husmøte på søndager", "det føles nesten som hjemme",
                                                     "det føles nesten som hjemme"]
    assert coded_texts(project, OTHER) and list(coded_texts(project, OTHER).values()) == [
        ("DBT-teamet er med på overlappen", False)]
    with project.session() as s:
        memo = s.scalars(select(Memo)).one()
        assert memo.text.startswith("Hjemlighet mot sikkerhet") and memo.author.name == "anna"
        coding = s.get(Coding, memo.coding_id)
        assert coding is not None and coding.coder.name == "anna"
    with project.session() as s:  # the merged interview's index came along: search and fuzzy find it
        assert [h.interview for h in search(s, "overlapp")] == [OTHER]
        assert [h.interview for h in search(s, "overlapen~")] == [OTHER]
    before = _counts(project)
    events = _events(project)

    again = project.merge_from([str(tmp_path / "anna.kode")], actor="kh")
    assert sum(again.added.values()) == 0
    assert _counts(project) == before and _events(project) == events
    assert run_cli("check", project.target).exit_code == 0


def _events(project: Project) -> int:
    with project.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_conflicts_are_listed_with_rules_never_picked_silently(project: Project, tmp_path: Path) -> None:
    files = tmp_path / "files"
    import_one(project, write_transcript(files, TURNS))
    with project.session() as s:
        code(s, "hjemlighet", "Hjemlighet")
    ola = _laptop(tmp_path, "ola")
    import_one(ola, write_transcript(files, TURNS))
    with ola.session() as s:
        code(s, "hjemlighet", "Hjemlighet og trygghet")
    # Same interview name with another text and no shared history.
    different = [*TURNS[:2], ("I", "Noe helt annet?")]
    with ola.session() as s:
        iv = s.scalars(select(Interview).where(Interview.name == NAME)).one()
        iv.name = NAME + "_x"
    import_one(ola, write_transcript(tmp_path / "ola", different))
    code_phrase(ola, NAME, "Det var rart i starten", "overgang", who="ola")
    ola.close()

    result = run_cli("merge", project.target, str(tmp_path / "ola.kode"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    kinds = {c["kind"]: c for c in data["conflicts"]}
    assert kinds["code renamed"]["target"] == "Hjemlighet"
    assert kinds["code renamed"]["source_value"] == "Hjemlighet og trygghet"
    assert "kept" in kinds["code renamed"]["rule"]
    assert kinds["interview differs"]["subject"] == NAME
    assert data["skipped"]["codings"] == 1
    with project.session() as s:
        assert s.scalars(select(Code.name).where(Code.uid == "hjemlighet")).one() == "Hjemlighet"

    events = _events(project)
    text = run_cli("merge", project.target, str(tmp_path / "ola.kode"))
    assert "Rules:" in text.output and "code renamed" in text.output
    assert _events(project) == events  # the conflicts are listed again; nothing is added or logged


def test_participant_in_another_group_is_a_conflict(project: Project, tmp_path: Path) -> None:
    files = tmp_path / "files"
    import_one(project, write_transcript(files, OTHER_TURNS, name=OTHER))
    kari = _laptop(tmp_path, "kari")
    import_one(kari, write_transcript(files, OTHER_TURNS, name="Sjøglimt_eier_Per_T3"))
    kari.close()
    report = project.merge_from([str(tmp_path / "kari.kode")])
    [conflict] = [c for c in report.conflicts if c.kind == "participant"]
    assert conflict.subject == "Per" and conflict.target_value.startswith("ansatt")
    assert conflict.source_value.startswith("eier")
    with project.session() as s:
        per = s.scalars(select(Participant).where(Participant.pseudonym == "Per")).one()
        assert per.group is not None and per.group.name == "ansatt"


def test_work_on_an_older_text_moves_onto_the_revised_one(project: Project, tmp_path: Path) -> None:
    old = list(TURNS)
    old[3] = ("Åse", "Rommet er fint, det føles nesten som hjeme. "
                     "Men kjøkkenet er låst om natta, og det liker jeg ikke.")
    v1 = write_transcript(tmp_path / "v1", old)
    import_one(project, v1)
    lars = _laptop(tmp_path, "lars")
    import_one(lars, v1)
    code_phrase(lars, NAME, "det føles nesten som hjeme", "hjemlighet", who="lars")
    code_phrase(lars, NAME, "Vi har husmøte på søndager", "medvirkning", who="lars")
    lars.close()
    [revised] = project.revise_files([write_transcript(tmp_path / "v2", TURNS)])
    assert revised.status == "revised"

    report = project.merge_from([str(tmp_path / "lars.kode")])
    assert [c.kind for c in report.conflicts] == ["interview revised"]
    assert report.added["codings"] == 2 and report.flagged == 0
    assert sorted(t for t, _ in coded_texts(project, NAME).values()) == [
        "Vi har husmøte på søndager", "det føles nesten som hjemme"]
    assert sum(project.merge_from([str(tmp_path / "lars.kode")]).added.values()) == 0


def test_a_revision_made_on_a_laptop_replaces_the_older_text_here(project: Project, tmp_path: Path) -> None:
    old = list(TURNS)
    old[1] = ("Åse", "Det var rart i startn. Jeg kjente ingen, og personalet var litt strenge med regler om kvelden.")
    v1 = write_transcript(tmp_path / "v1", old)
    import_one(project, v1)
    here = code_phrase(project, NAME, "rart i startn", "overgang", who="kh")
    mia = _laptop(tmp_path, "mia")
    import_one(mia, v1)
    [r] = mia.revise_files([write_transcript(tmp_path / "v2", TURNS)])
    assert r.status == "revised"
    code_phrase(mia, NAME, "Vi har husmøte", "medvirkning", who="mia")
    mia.close()

    report = project.merge_from([str(tmp_path / "mia.kode")])
    assert [c.kind for c in report.conflicts] == ["interview revised"]
    texts = coded_texts(project, NAME)
    assert texts[here] == ("rart i starten", False)
    assert sorted(t for t, _ in texts.values()) == ["Vi har husmøte", "rart i starten"]
    assert run_cli("check", project.target).exit_code == 0
    assert sum(project.merge_from([str(tmp_path / "mia.kode")]).added.values()) == 0


def test_dry_run_changes_nothing(project: Project, tmp_path: Path) -> None:
    ida = _laptop(tmp_path, "ida")
    import_one(ida, write_transcript(tmp_path / "files", TURNS))
    ida.close()
    before = _counts(project)
    result = run_cli("merge", project.target, str(tmp_path / "ida.kode"), "--dry-run")
    assert result.exit_code == 0 and "Would add: 1 interviews" in result.output
    assert _counts(project) == before
    missing = run_cli("merge", project.target, str(tmp_path / "nope.kode"))
    assert missing.exit_code == 1 and "nope.kode" in missing.output


def test_a_project_is_not_merged_into_itself(project: Project) -> None:
    result = run_cli("merge", project.target, project.target)
    assert result.exit_code == 1 and "the project being merged into" in result.output


def test_revised_differently_on_both_sides_is_left_out(project: Project, tmp_path: Path) -> None:
    v1 = write_transcript(tmp_path / "v1", TURNS)
    import_one(project, v1)
    per = _laptop(tmp_path, "per")
    import_one(per, v1)
    code_phrase(per, NAME, "Vi har husmøte", "medvirkning", who="per")
    mine = [*TURNS, ("I", "Takk skal du ha.")]
    theirs = [*TURNS, ("I", "Tusen takk for praten.")]
    assert project.revise_files([write_transcript(tmp_path / "mine", mine)])[0].status == "revised"
    assert per.revise_files([write_transcript(tmp_path / "theirs", theirs)])[0].status == "revised"
    per.close()
    report = project.merge_from([str(tmp_path / "per.kode")])
    assert [c.kind for c in report.conflicts] == ["interview revised on both sides"]
    assert report.added["codings"] == 0 and report.skipped["codings"] == 1
