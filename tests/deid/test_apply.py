"""Scan, review and apply through the façade: stored candidates, decisions, tags, key file, codings."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from intervju.deid import unreviewed_count
from intervju.deid.apply import replace_spans
from intervju.errors import InputError
from intervju.models import AuditEvent, Sentence, Turn
from kode.project import Project
from tests.deid.helpers import code_words, coded_text, interview_text, make_interview

TURNS_A = [
    ("I", "Hvordan var det å komme hit?"),
    ("U", "Bjørn tok imot meg. Jeg snakket med Bjørn og Åse Kjærstad om det, og det hjalp."),
    ("I", "Hvor bodde du før?"),
    ("U", "I Fauske, og jeg gikk på Fjellheim skole. Ring meg på 912 34 567 hvis du lurer."),
]
TURNS_B = [
    ("I", "Hvem hjelper deg mest?"),
    ("U", "Det er Bjørn, han er snill. Og Kjerstad, hun er psykolog, hun er god å snakke med."),
]
PER = "Det er Bjørn, han er snill."


@pytest.fixture
def two(project: Project) -> Project:
    make_interview(project, "U01_T1", TURNS_A)
    make_interview(project, "U01_T2", TURNS_B, wave="T2")
    return project


def texts(project: Project, status: str | None = None) -> list[tuple[str, str, str]]:
    return [(c.interview, c.kind, c.text) for c in project.deid_candidates(statuses=[status] if status else None)]


def test_scan_stores_candidates_with_offsets(two: Project) -> None:
    report, pipeline = two.deid_scan(model=None)
    assert pipeline.startswith("fallback")
    rows = two.deid_candidates()
    assert report.found == len(rows) > 0
    for c in rows:
        assert interview_text(two, c.interview)[c.start:c.end] == c.text
        assert c.status == "open"
    found = {(c.interview, c.kind, c.text) for c in rows}
    assert ("U01_T1", "person", "Åse Kjærstad") in found
    assert ("U01_T1", "institution", "Fjellheim skole") in found
    assert ("U01_T1", "phone", "912 34 567") in found
    assert ("U01_T2", "person", "Kjerstad") in found  # misspelt, found by the fuzzy match
    with two.session() as s:
        assert unreviewed_count(s) == len(rows)
        assert unreviewed_count(s, []) == 0


def test_rescan_keeps_decisions_and_does_not_duplicate(two: Project) -> None:
    two.deid_scan(model=None)
    first = two.deid_candidates()
    phone = next(c for c in first if c.kind == "phone")
    place = next(c for c in first if c.text == "Fauske")
    two.deid_decide([phone.id], "accepted", actor="kh")
    two.deid_decide([place.id], "rejected", actor="kh")
    two.deid_scan(model=None)
    again = two.deid_candidates()
    assert len(again) == len(first)
    by_id = {c.id: c for c in again}
    assert by_id[phone.id].status == "accepted"
    assert by_id[place.id].status == "rejected"
    assert two.deid_unreviewed() == len(first) - 2


def test_accept_form_and_kind(two: Project) -> None:
    two.deid_scan(model=None)
    bjorn = [c for c in two.deid_candidates() if c.text == "Bjørn"]
    assert len(bjorn) >= 3  # twice in U01_T1, once in U01_T2
    assert two.deid_accept_form(bjorn[0].id, actor="kh") == len(bjorn)
    assert {c.status for c in two.deid_candidates() if c.text == "Bjørn"} == {"accepted"}
    n = two.deid_accept_open(kinds=["phone"], actor="kh")
    assert n == 1
    with pytest.raises(InputError):
        two.deid_accept_open(kinds=["navn"])


def test_apply_replaces_with_stable_tags_and_writes_a_private_key(two: Project, tmp_path: Path) -> None:
    two.deid_scan(model=None)
    two.deid_accept_open(actor="kh")
    key = tmp_path / "nøkkel" / "key.yml"
    key.parent.mkdir()
    report = two.deid_apply(key, actor="kh")
    assert report.interviews == 2 and report.unreviewed == 0
    a, b = interview_text(two, "U01_T1"), interview_text(two, "U01_T2")
    for name in ("Bjørn", "Åse", "Kjærstad", "Kjerstad", "Fauske", "912 34 567", "Fjellheim"):
        assert name not in a and name not in b
    stored = yaml.safe_load(key.read_text(encoding="utf-8"))
    tag = next(t for t, forms in stored["tags"].items() if "bjørn" in forms)
    assert a.count(f"[{tag}]") == 2 and b.count(f"[{tag}]") == 1  # the same name, the same tag everywhere
    kjaerstad = next(t for t, forms in stored["tags"].items() if "kjærstad" in forms or "åse kjærstad" in forms)
    assert kjaerstad.startswith("NAVN-")
    assert "U: [" in a or "[NAVN-" in a
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    if two.engine.dialect.name == "sqlite":
        # Not in the database file nor its write-ahead log: the file is rebuilt after apply.
        for path in (Path(two.target), Path(two.target + "-wal")):
            data = path.read_bytes() if path.exists() else b""
            for name in ("Kjærstad", "Kjerstad", "Bjørn", "912 34 567"):
                assert name.encode() not in data
    # Candidates that were applied keep the tag, not the name.
    assert all(c.status == "applied" and c.text.startswith("[") for c in two.deid_candidates())
    with two.session() as s:
        details = [e.detail for e in s.scalars(select(AuditEvent).where(AuditEvent.action.like("deid%")))]
    assert details and all("Bjørn" not in str(d) for d in details)


def test_tags_follow_an_existing_key(two: Project, tmp_path: Path) -> None:
    key = tmp_path / "key.yml"
    key.write_text("names: [Kjærstad]\ntags:\n  NAVN-7: [bjørn]\n", encoding="utf-8")
    two.deid_scan(model=None, key=key)
    two.deid_accept_open(actor="kh")
    two.deid_apply(key)
    assert "[NAVN-7]" in interview_text(two, "U01_T2")
    stored = yaml.safe_load(key.read_text(encoding="utf-8"))
    assert stored["tags"]["NAVN-7"] == ["bjørn"]
    assert stored["names"] == ["Kjærstad"]
    assert all(int(t.split("-")[1]) >= 1 for t in stored["tags"])
    assert "NAVN-8" in stored["tags"]  # new names number on from the key's highest


def test_codings_stay_on_their_words(two: Project, tmp_path: Path) -> None:
    after = code_words(two, "U01_T1", "og det hjalp")
    around = code_words(two, "U01_T2", PER)
    inside = code_words(two, "U01_T1", "Bjørn tok imot meg.")
    two.deid_scan(model=None)
    two.deid_accept_open(actor="kh")
    two.deid_apply(tmp_path / "key.yml")
    assert coded_text(two, after) == "og det hjalp"
    assert coded_text(two, around).startswith("Det er [NAVN-") and coded_text(two, around).endswith(", han er snill.")
    assert coded_text(two, inside).startswith("[NAVN-") and coded_text(two, inside).endswith(" tok imot meg.")
    # Turns and sentences moved too: each turn still holds exactly its utterance.
    with two.session() as s:
        text = interview_text(two, "U01_T1")
        turns = list(s.scalars(select(Turn).order_by(Turn.interview_id, Turn.n)))
        assert text[turns[0].start:turns[0].end] == TURNS_A[0][1]
        assert text[turns[1].start:turns[1].end].endswith("om det, og det hjalp.")
        assert text[turns[2].start:turns[2].end] == TURNS_A[2][1]
        sentences = list(s.scalars(select(Sentence).where(Sentence.turn_id == turns[3].id).order_by(Sentence.n)))
        assert text[sentences[-1].start:sentences[-1].end].endswith("hvis du lurer.")


def test_only_accepted_are_replaced_and_open_ones_move(two: Project, tmp_path: Path) -> None:
    two.deid_scan(model=None)
    phone = next(c for c in two.deid_candidates() if c.kind == "phone")
    two.deid_accept_open(kinds=["person"], actor="kh")
    report = two.deid_apply(tmp_path / "key.yml")
    assert report.unreviewed > 0
    text = interview_text(two, "U01_T1")
    moved = next(c for c in two.deid_candidates() if c.id == phone.id)
    assert moved.status == "open" and text[moved.start:moved.end] == "912 34 567"
    assert "Fauske" in text


def test_strict_refuses_unreviewed(two: Project, tmp_path: Path) -> None:
    two.deid_scan(model=None)
    with pytest.raises(InputError, match="not reviewed"):
        two.deid_apply(tmp_path / "key.yml", strict=True)
    assert not (tmp_path / "key.yml").exists()


def test_key_must_not_be_the_project(two: Project, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="separate file"):
        two.deid_apply(Path(two.target))
    with pytest.raises(InputError, match=r"\.kode"):
        two.deid_apply(tmp_path / "other.kode")


def test_bad_key_file_is_one_line_error(two: Project, tmp_path: Path) -> None:
    key = tmp_path / "key.yml"
    key.write_text("tags:\n  NAME-1: [x]\n", encoding="utf-8")
    with pytest.raises(InputError, match="key.yml"):
        two.deid_apply(key)
    key.write_text("names: [a\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        two.deid_scan(model=None, key=key)


def test_replace_spans_map_is_exact() -> None:
    old = "Hei Bjørn, dette er Åse."
    new, offsets = replace_spans(old, [(4, 9, "[NAVN-1]"), (20, 23, "[NAVN-2]")])
    assert new == "Hei [NAVN-1], dette er [NAVN-2]."
    assert (offsets.start(0), offsets.end(3)) == (0, 3)
    assert new[offsets.start(4):offsets.end(9)] == "[NAVN-1]"
    assert new[offsets.start(6):offsets.end(7)] == "[NAVN-1]"  # inside a name: the whole tag
    assert new[offsets.start(9):offsets.end(len(old))] == ", dette er [NAVN-2]."


class _Indexer:
    """A language layer stand-in: one sentence per turn, and a record of what it was asked."""

    pipeline_name = "test-indexer"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def unindex(self, session: object, interview: object) -> None:
        self.calls.append("unindex")

    def index(self, session: object, interview: object, turns: list[Turn]) -> None:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        self.calls.append("index")
        for k, t in enumerate(turns, 1):
            session.add(Sentence(interview_id=t.interview_id, turn_id=t.id, n=k, start=t.start, end=t.end))


def test_apply_reindexes_with_the_configured_indexer(two: Project, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    indexer = _Indexer()
    monkeypatch.setattr(type(two), "indexer", lambda self: indexer)
    two.deid_scan(model=None)
    two.deid_accept_open(actor="kh")
    two.deid_apply(tmp_path / "key.yml")
    assert indexer.calls == ["unindex", "index", "unindex", "index"]
    with two.session() as s:
        sentences = list(s.scalars(select(Sentence).order_by(Sentence.interview_id, Sentence.n)))
        turns = list(s.scalars(select(Turn)))
    assert len(sentences) == len(turns)  # rebuilt, not added beside the old ones
