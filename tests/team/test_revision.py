"""Corrected transcripts: `kode import PROJECT FILE --revise` moves codings onto the new text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from intervju.models import AuditEvent, Interview, InterviewRevision, Turn
from intervju.revision import align
from kode.project import Project
from kodebok.models import Memo, Suggestion
from tests.conftest import run_cli
from tests.team.helpers import NAME, TURNS, code_phrase, coded_texts, import_one, memo_on, suggest, write_transcript


def _revise(project: Project, path: Path) -> dict[str, object]:
    [result] = project.revise_files([path], actor="kh")
    assert result.status == "revised", result.message
    return result.to_json()


def test_offset_map_moves_positions_past_inserted_text() -> None:
    old = "Jeg bor på Nordbakken nå."
    new = "Ja, jeg bor på Nordbakken nå, synes jeg."
    m = align(old, new)
    start = old.index("bor")
    end = old.index("nå") + 2
    placed = m.place(start, end)
    assert new[placed.start:placed.end] == "bor på Nordbakken nå"
    assert placed.confident


def test_typo_fixes_keep_codings_and_memos(project: Project, tmp_path: Path) -> None:
    old_turns = list(TURNS)
    old_turns[1] = ("Åse", "Det var rart i startn. Jeg kjente ingne, "
                           "og personalet var litt strenge med regler om kvelden.")
    import_one(project, write_transcript(tmp_path / "v1", old_turns))
    c1 = code_phrase(project, NAME, "Jeg kjente ingne, og personalet var litt strenge", "overgang")
    c2 = code_phrase(project, NAME, "det føles nesten som hjemme", "hjemlighet")
    memo = memo_on(project, c1, "Tydelig om innflytting – særlig første kveld.")
    s1 = suggest(project, NAME, "kjøkkenet er låst om natta", "sikkerhet")

    report = _revise(project, write_transcript(tmp_path / "v2", TURNS))
    assert report["flagged"] == [] and report["merged"] == []
    texts = coded_texts(project, NAME)
    assert texts[c1] == ("Jeg kjente ingen, og personalet var litt strenge", False)
    assert texts[c2] == ("det føles nesten som hjemme", False)
    with project.session() as s:
        iv = s.scalars(select(Interview).where(Interview.name == NAME)).one()
        assert s.get(Memo, memo) is not None and s.get(Memo, memo).coding_id == c1  # type: ignore[union-attr]
        sg = s.get(Suggestion, s1)
        assert sg is not None and iv.text[sg.start:sg.end] == "kjøkkenet er låst om natta" and not sg.flagged
        history = s.scalars(select(InterviewRevision).where(InterviewRevision.interview_id == iv.id)).one()
        assert "ingne" in history.text and history.n == 1 and "ingne" not in iv.text
        assert history.report["codings"] == 2
        assert {e.action for e in s.scalars(select(AuditEvent))} >= {"import", "revise", "reanchor"}


def test_inserted_turns_shift_codings_and_rebuild_turns(project: Project, tmp_path: Path) -> None:
    import_one(project, write_transcript(tmp_path / "v1", TURNS))
    c1 = code_phrase(project, NAME, "Vi har husmøte på søndager", "medvirkning")
    c2 = code_phrase(project, NAME, "Det var rart i starten", "overgang")
    new = [*TURNS[:2], ("I", "Hvordan var den første uka?"), ("Åse", "Lang. Jeg savnet hunden min."), *TURNS[2:]]
    report = _revise(project, write_transcript(tmp_path / "v2", new))
    assert report["turns_before"] == 6 and report["turns_after"] == 8
    assert report["flagged"] == []
    texts = coded_texts(project, NAME)
    assert texts[c1] == ("Vi har husmøte på søndager", False)
    assert texts[c2] == ("Det var rart i starten", False)
    with project.session() as s:
        iv = s.scalars(select(Interview).where(Interview.name == NAME)).one()
        turns = list(s.scalars(select(Turn).where(Turn.interview_id == iv.id).order_by(Turn.n)))
        assert [iv.text[t.start:t.end] for t in turns] == [t for _, t in new]
        assert iv.turn_count == 8


def test_deleted_turn_keeps_its_coding_flagged_for_review(project: Project, tmp_path: Path) -> None:
    import_one(project, write_transcript(tmp_path / "v1", TURNS))
    gone = code_phrase(project, NAME, "Men kjøkkenet er låst om natta, og det liker jeg ikke.", "sikkerhet")
    kept = code_phrase(project, NAME, "Vi har husmøte på søndager", "medvirkning")
    new = [t for i, t in enumerate(TURNS) if i not in (2, 3)]
    report = _revise(project, write_transcript(tmp_path / "v2", new))
    flagged = report["flagged"]
    assert isinstance(flagged, list) and [f["id"] for f in flagged] == [gone]
    assert flagged[0]["reason"] == "deleted"
    texts = coded_texts(project, NAME)
    assert texts[kept] == ("Vi har husmøte på søndager", False)
    assert texts[gone][1] is True  # kept, flagged, placed on the nearest turn for the reviewer
    assert run_cli("check", project.target).exit_code == 0


def test_resplit_paragraphs_keeps_codings(project: Project, tmp_path: Path) -> None:
    """The transcriber split one long turn into two lines and joined two short lines of another."""
    old = list(TURNS)
    old[5] = ("Åse", "Noen ganger.\nVi har husmøte på søndager der vi kan si hva vi mener om maten og aktivitetene.")
    import_one(project, write_transcript(tmp_path / "v1", old))
    whole = code_phrase(project, NAME, "Rommet er fint, det føles nesten som hjemme. Men kjøkkenet er låst om natta",
                        "hjemlighet")
    part = code_phrase(project, NAME, "Noen ganger.\nVi har husmøte", "medvirkning")
    new = list(TURNS)
    new[3] = ("Åse", "Rommet er fint, det føles nesten som hjemme.\n"
                     "Men kjøkkenet er låst om natta, og det liker jeg ikke.")
    report = _revise(project, write_transcript(tmp_path / "v2", new))
    assert report["flagged"] == []
    texts = coded_texts(project, NAME)
    assert texts[whole] == ("Rommet er fint, det føles nesten som hjemme.\nMen kjøkkenet er låst om natta", False)
    assert texts[part] == ("Noen ganger. Vi har husmøte", False)


def test_rewritten_passage_is_flagged_not_dropped(project: Project, tmp_path: Path) -> None:
    import_one(project, write_transcript(tmp_path / "v1", TURNS))
    c = code_phrase(project, NAME, "personalet var litt strenge med regler om kvelden", "regler")
    new = list(TURNS)
    new[1] = ("Åse", "Det var rart i starten. Jeg kjente ingen, men alle var snille mot meg fra første dag.")
    report = _revise(project, write_transcript(tmp_path / "v2", new))
    assert [f["id"] for f in report["flagged"]] == [c]  # type: ignore[union-attr]
    assert coded_texts(project, NAME)[c][1] is True


def test_cli_revise_reports_json_and_unchanged_file(project: Project, tmp_path: Path) -> None:
    path = write_transcript(tmp_path / "v1", TURNS)
    import_one(project, path)
    code_phrase(project, NAME, "husmøte på søndager", "medvirkning")
    same = run_cli("import", project.target, path, "--revise", "--format", "json")
    assert same.exit_code == 0, same.output
    assert json.loads(same.output)["files"][0]["status"] == "unchanged"

    new = list(TURNS)
    new[0] = ("I", "Kan du fortelle om hvordan det var å flytte inn her på Nordbakken?")
    result = run_cli("import", project.target, write_transcript(tmp_path / "v2", new), "--revise", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["revised"] == 1 and data["files"][0]["codings"] == 1 and data["files"][0]["flagged"] == []

    text = run_cli("import", project.target, write_transcript(tmp_path / "v3", TURNS), "--revise")
    assert text.exit_code == 0 and "revised Nordbakken_ungdom_Åse_T1 (revision 2" in text.output

    missing = run_cli("import", project.target, write_transcript(tmp_path / "v4", TURNS, name="Sjøglimt_eier_Per_T2"),
                      "--revise")
    assert missing.exit_code == 1 and "no interview named Sjøglimt_eier_Per_T2" in missing.output


def test_plain_import_of_a_changed_file_points_to_revise(project: Project, tmp_path: Path) -> None:
    import_one(project, write_transcript(tmp_path / "v1", TURNS))
    new = [*TURNS, ("I", "Takk for praten.")]
    result = run_cli("import", project.target, write_transcript(tmp_path / "v2", new))
    assert result.exit_code == 1 and "--revise" in result.output


class _SentencePerTurn:
    """A stand-in for the language layer's indexer: one sentence per turn, and an unindex hook."""

    pipeline_name = "test-sentences"

    def __init__(self) -> None:
        self.unindexed: list[str] = []

    def index(self, session: object, interview: Interview, turns: list[Turn]) -> None:
        from intervju.models import Sentence

        session.add_all([Sentence(interview_id=interview.id, turn_id=t.id, n=t.n, start=t.start, end=t.end)  # type: ignore[attr-defined]
                         for t in turns])

    def unindex(self, session: object, interview: Interview) -> None:
        self.unindexed.append(interview.name)


def test_revision_reruns_the_configured_indexer(project: Project, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from intervju.models import Sentence

    indexer = _SentencePerTurn()
    monkeypatch.setattr(project, "indexer", lambda: indexer)
    import_one(project, write_transcript(tmp_path / "v1", TURNS))
    new = [*TURNS, ("I", "Takk for praten, Åse.")]
    _revise(project, write_transcript(tmp_path / "v2", new))
    assert indexer.unindexed == [NAME]
    with project.session() as s:
        iv = s.scalars(select(Interview).where(Interview.name == NAME)).one()
        sentences = list(s.scalars(select(Sentence).where(Sentence.interview_id == iv.id).order_by(Sentence.n)))
        assert [iv.text[x.start:x.end] for x in sentences] == [t for _, t in new]
        assert iv.pipeline == "test-sentences"
    assert run_cli("check", project.target).exit_code == 0


DIARISED = [
    ("S1", "Kan du fortelle litt om hvordan det var å flytte inn her på Nordbakken?"),
    ("S2", "Det var rart i starten. Jeg kjente ingen, og personalet var strenge med regler om kvelden."),
    ("I", "Og skolen?"),
    ("S2", "Skolen går greit, læreren er snill og hjelper meg med leksene."),
]


def _roles(project: Project) -> list[tuple[str | None, str, str | None]]:
    rows = json.loads(run_cli("show", project.target, NAME, "--format", "json").stdout)["turns"]
    return [(t["label"], t["role"], t["participant"]) for t in rows]


def _corrected(tmp_path: Path) -> Path:
    new = [*DIARISED, ("S3", "Unnskyld at jeg avbryter, det er middag."), ("S1", "Takk for praten, Åse.")]
    new[1] = ("S2", "Det var rart i starten. Jeg kjente ingen, og personalet var strenge med reglene om kvelden.")
    return write_transcript(tmp_path / "v2", new)


def test_revise_keeps_the_speaker_roles_a_manifest_gave_at_import(project: Project, tmp_path: Path) -> None:
    path = write_transcript(tmp_path / "v1", DIARISED)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,site,group,participant,wave,speakers\n"
                        f"{path.name},Nordbakken,ungdom,Åse,T1,S1=interviewer; S2=informant\n", encoding="utf-8")
    first = run_cli("import", project.target, path, "--manifest", manifest)
    assert first.exit_code == 0, first.output
    assert _roles(project) == [("S1", "interviewer", None), ("S2", "informant", "Åse"), ("I", "interviewer", None),
                               ("S2", "informant", "Åse")]

    r = run_cli("import", project.target, _corrected(tmp_path), "--revise", "--format", "json")
    assert r.exit_code == 0, r.output
    # the same mapping for the labels the interview had; a new label is the speaker table's (and reported)
    assert _roles(project) == [("S1", "interviewer", None), ("S2", "informant", "Åse"), ("I", "interviewer", None),
                               ("S2", "informant", "Åse"), ("S3", "unknown", None), ("S1", "interviewer", None)]
    assert json.loads(r.stdout)["files"][0]["unknown_labels"] == ["S3"]
    # informant turns are what search sees: the revised text is found as before
    hits = run_cli("search", project.target, "=reglene", "--format", "json")
    assert hits.exit_code == 0 and [h["turn"] for h in json.loads(hits.stdout)["hits"]] == [2], hits.output


def test_revise_keeps_the_roles_kode_speakers_map_gave(project: Project, tmp_path: Path) -> None:
    import_one(project, write_transcript(tmp_path / "v1", DIARISED))
    assert _roles(project)[:2] == [("S1", "unknown", None), ("S2", "unknown", None)]
    mapped = run_cli("speakers", project.target, "--map", "s1=interviewer", "--map", "S2=informant:Åse")
    assert mapped.exit_code == 0, mapped.output

    assert run_cli("import", project.target, _corrected(tmp_path), "--revise").exit_code == 0
    assert _roles(project) == [("S1", "interviewer", None), ("S2", "informant", "Åse"), ("I", "interviewer", None),
                               ("S2", "informant", "Åse"), ("S3", "unknown", None), ("S1", "interviewer", None)]
    # and a mapping given after the revision wins, as always
    assert run_cli("speakers", project.target, "--map", "S3=informant").exit_code == 0
    assert _roles(project)[4] == ("S3", "informant", "Åse")


def test_revise_applies_max_size_before_reading(project: Project, tmp_path: Path) -> None:
    import_one(project, write_transcript(tmp_path / "v1", TURNS))
    before = run_cli("show", project.target, NAME, "--format", "json").stdout
    big = [*TURNS, *(("I", f"Spørsmål nummer {i} om hverdagen på Nordbakken?") for i in range(40))]
    path = write_transcript(tmp_path / "v2", big)
    assert path.stat().st_size > 2048
    r = run_cli("import", project.target, path, "--revise", "--max-size", "2KB")
    assert r.exit_code == 1
    assert r.stderr.strip() == f"{path}: the file is 3 KB, larger than the limit of 2 KB (raise it with --max-size)"
    assert run_cli("show", project.target, NAME, "--format", "json").stdout == before
    assert run_cli("import", project.target, path, "--revise", "--max-size", "1MB").exit_code == 0


def test_revise_refuses_options_it_would_not_use(project: Project, tmp_path: Path) -> None:
    path = write_transcript(tmp_path / "v1", TURNS)
    import_one(project, path)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"file;site;group;participant;wave\n{path.name};Nordbakken;ungdom;Åse;T1\n", encoding="utf-8")
    r = run_cli("import", project.target, path, "--revise", "--manifest", manifest)
    assert r.exit_code == 2 and "--manifest is not used with --revise" in r.stderr


def test_revise_by_whole_file_name(project: Project, tmp_path: Path) -> None:
    path = write_transcript(tmp_path / "v1", TURNS)
    first = run_cli("import", project.target, path, "--name-from-stem-with-ext")
    assert first.exit_code == 0, first.output
    new = [*TURNS, ("I", "Takk for praten.")]
    r = run_cli("import", project.target, write_transcript(tmp_path / "v2", new), "--revise",
                "--name-from-stem-with-ext", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["files"][0]["interview"] == f"{NAME}.txt"
