"""The demo project out to REFI-QDA and back: every memo (descriptions too), case link, coding and
GUID survives, the file is valid against Project.xsd, and a third-party reader (pyrefiqda) finds
every coding at its text."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import xmlschema
from sqlalchemy import select

from export.refi.common import DESCRIPTION_TITLE, FALLBACK_CODER
from intervju.models import Interview, Participant, Wave
from kode.demo import build_demo
from kode.project import Project
from kodebok.models import Code, Coder, Coding, Memo
from tests.refi.helpers import coded_texts, read_with_pyrefiqda, snapshot
from tests.refi.test_roundtrip import SCHEMAS


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, with memos of every kind kode exchanges (the demo itself has none)."""
    path = build_demo(tmp_path_factory.mktemp("demo")).path
    with Project.open(str(path)) as project, project.session() as s:
        kh = s.scalars(select(Coder).where(Coder.name == "kh")).one()
        anonymous = Coder(name=FALLBACK_CODER)
        s.add(anonymous)
        s.flush()
        code = s.scalars(select(Code).order_by(Code.id)).first()
        group = s.scalars(select(Interview).where(Interview.name.like("%fokusgruppe%"))).one()
        coding = s.scalars(select(Coding).where(Coding.coder_id == kh.id).order_by(Coding.id)).first()
        participant = s.scalars(select(Participant).order_by(Participant.pseudonym)).first()
        wave = s.scalars(select(Wave).where(Wave.name == "T2")).one()
        assert code and coding and participant
        s.add_all(
            [
                Memo(author_id=kh.id, title="Prosjektlogg", text="Første runde kodet; æøå 🎯."),
                Memo(author_id=kh.id, title=None, text="Skill mellom DBT og OEM.", code_id=code.id),
                Memo(author_id=kh.id, title="Gruppa", text="Mye latter i fokusgruppa.", interview_id=group.id),
                Memo(author_id=kh.id, title="Usikker", text="Er dette riktig kode?", coding_id=coding.id),
                Memo(author_id=kh.id, title=DESCRIPTION_TITLE, text="Kommentar til sitatet.", coding_id=coding.id),
                Memo(author_id=anonymous.id, title=DESCRIPTION_TITLE, text="Tatt opp på Teams.", interview_id=group.id),
                Memo(author_id=anonymous.id, title=DESCRIPTION_TITLE, text="Ny i T2.", participant_id=participant.id),
                Memo(author_id=anonymous.id, title=DESCRIPTION_TITLE, text="Demoprosjektet, fiktivt."),
                Memo(
                    author_id=kh.id,
                    title="Over tid",
                    text="Endring T1→T2.",
                    participant_id=participant.id,
                    wave_id=wave.id,
                ),
            ]
        )
    return path


def _guids(path: Path) -> set[str]:
    qde = zipfile.ZipFile(path).read("project.qde").decode()
    return set(re.findall(r'(?:guid|GUID|creatingUser)="([^"]+)"', qde))


def test_the_demo_goes_out_and_back_whole(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo.qdpx"
    with Project.open(str(demo)) as project:
        summary = project.export_qdpx(out)
        before = snapshot(project)
        expected = coded_texts(project)
    assert summary.descriptions == 4 and summary.notes == 5 and summary.selections == len(expected) > 400
    xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd")).validate(zipfile.ZipFile(out).read("project.qde").decode())

    # Another program reads it: every coding at its text.
    parsed, got = read_with_pyrefiqda(out, tmp_path / "x")
    assert got == expected
    # The focus group's members are linked to their own passages in it, not to all of it.
    [group] = [s for s in parsed.sources.text_source if "fokusgruppe" in s.name]
    own = {sel.guid for sel in group.plain_text_selection}
    members = [c for c in parsed.cases.case if c.name in ("A05", "A06", "A07")]
    assert len(members) == 3
    for case in members:
        assert group.guid not in {r.target_guid for r in case.source_ref}
        assert {r.target_guid for r in case.selection_ref} & own, case.name

    # Into a new project: the same codes, codings, memos, participants, interviews, turns and coders.
    copy = Project.create(str(tmp_path / "kopi.kode"), sites=["Nordbakken", "Sjøglimt"])
    try:
        report = copy.import_qdpx(out)
        assert report.skipped == []
        after = snapshot(copy)
        for key in before:
            assert after[key] == before[key], key
        again = tmp_path / "igjen.qdpx"
        copy.export_qdpx(again)
    finally:
        copy.close()
    assert _guids(again) == _guids(out)
