"""Interviews made through the ORM (no importer needed) and the example codebook, for these tests."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from intervju.models import InformantGroup, Interview, Participant, Sentence, Site, Turn, Wave
from kode.project import Project

REPO = Path(__file__).resolve().parents[2]
CODEBOOK = REPO / "examples" / "kodebok.yml"

DEFAULT_TURNS = (
    ("I", "interviewer", "Hvordan var det å flytte hit?"),
    ("U", "informant", "Det var rart i starten. Nå føles det som et hjem, rommet mitt er koselig."),
    ("I", "interviewer", "Får du være med og bestemme?"),
    ("U", "informant", "Ja, de spør meg før de endrer planen. Jeg blir hørt på husmøtet."),
    ("I", "interviewer", "Hva med skolen?"),
    ("U", "informant", "Jeg går på skolen tre dager i uka. Læreren er grei."),
)


def make_interview(project: Project, name: str, turns: Sequence[tuple[str, str, str]] = DEFAULT_TURNS, *,
                   site: str = "Sjøglimt", group: str = "ungdom", wave: str = "T1", participant: str | None = None,
                   sentences: bool = True) -> int:
    """Insert an interview with canonical text ``Label: utterance`` per turn, turns split by a blank line."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for label, _role, text in turns:
        prefix = f"{label}: "
        spans.append((pos + len(prefix), pos + len(prefix) + len(text)))
        parts.append(prefix + text)
        pos += len(prefix) + len(text) + 2
    full = "\n\n".join(parts)
    with project.session() as s:
        iv = Interview(
            name=name, site_id=s.scalar(select(Site.id).where(Site.name == site)),
            group_id=s.scalar(select(InformantGroup.id).where(InformantGroup.name == group)),
            wave_id=s.scalar(select(Wave.id).where(Wave.name == wave)), source_path=f"{name}.txt",
            source_format="txt", content_hash=f"hash-{name}", text=full, word_count=len(full.split()),
            turn_count=len(turns))
        if participant:
            p = s.scalar(select(Participant).where(Participant.pseudonym == participant))
            iv.participants = [p or Participant(pseudonym=participant)]
        s.add(iv)
        s.flush()
        n_sentence = 0
        for n, ((label, role, _text), (start, end)) in enumerate(zip(turns, spans, strict=True), 1):
            turn = Turn(interview_id=iv.id, n=n, label=label, role=role, start=start, end=end)
            s.add(turn)
            s.flush()
            if sentences:
                for m in re.finditer(r"[^.?!]+[.?!]?", full[start:end]):
                    a = start + m.start() + (len(m.group()) - len(m.group().lstrip()))
                    b = start + m.end()
                    if b > a:
                        n_sentence += 1
                        s.add(Sentence(interview_id=iv.id, turn_id=turn.id, n=n_sentence, start=a, end=b))
        return iv.id


def load_example_codebook(project: Project) -> None:
    project.load_codebook(CODEBOOK, actor="lead")
