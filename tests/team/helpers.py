"""Small builders for the team tests: transcript files, codes, coders and codings through the ORM.

The codebook operations land on another branch; these helpers write the same rows directly so the
team tests do not wait for them.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from intervju.models import Interview
from kode.project import Project
from kodebok.models import Code, Coder, Coding, Memo, Suggestion

NAME = "Nordbakken_ungdom_Åse_T1"

TURNS = [
    ("I", "Kan du fortelle litt om hvordan det var å flytte inn her på Nordbakken?"),
    ("Åse", "Det var rart i starten. Jeg kjente ingen, og personalet var litt strenge med regler om kvelden."),
    ("I", "Hva tenker du om rommet ditt og fellesarealene?"),
    ("Åse", "Rommet er fint, det føles nesten som hjemme. Men kjøkkenet er låst om natta, og det liker jeg ikke."),
    ("I", "Får du være med og bestemme ting i hverdagen?"),
    ("Åse", "Noen ganger. Vi har husmøte på søndager der vi kan si hva vi mener om maten og aktivitetene."),
]


def transcript(turns: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"{label}: {text}" for label, text in turns) + "\n"


def write_transcript(folder: Path, turns: list[tuple[str, str]], name: str = NAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(transcript(turns), encoding="utf-8")
    return path


def import_one(project: Project, path: Path) -> Interview:
    report = project.import_files([path])
    assert not report.failed, [r.message for r in report.results]
    with project.session() as s:
        return s.scalars(select(Interview).where(Interview.name == path.stem)).one()


def coder(s: Session, name: str) -> Coder:
    found = s.scalar(select(Coder).where(Coder.name == name))
    if found is None:
        found = Coder(name=name)
        s.add(found)
        s.flush()
    return found


def code(s: Session, uid: str, name: str | None = None) -> Code:
    found = s.scalar(select(Code).where(Code.uid == uid))
    if found is None:
        found = Code(uid=uid, name=name or uid, examples=[], search_terms=[])
        s.add(found)
        s.flush()
    return found


def code_phrase(project: Project, interview: str, phrase: str, uid: str, who: str = "kh") -> int:
    """Code the first occurrence of ``phrase``; returns the coding's id."""
    with project.session() as s:
        iv = s.scalars(select(Interview).where(Interview.name == interview)).one()
        start = iv.text.index(phrase)
        c = Coding(code_id=code(s, uid).id, interview_id=iv.id, start=start, end=start + len(phrase),
                   coder_id=coder(s, who).id)
        s.add(c)
        s.flush()
        return c.id


def memo_on(project: Project, coding_id: int, text: str, who: str = "kh") -> int:
    with project.session() as s:
        m = Memo(coding_id=coding_id, author_id=coder(s, who).id, text=text)
        s.add(m)
        s.flush()
        return m.id


def suggest(project: Project, interview: str, phrase: str, uid: str) -> int:
    with project.session() as s:
        iv = s.scalars(select(Interview).where(Interview.name == interview)).one()
        start = iv.text.index(phrase)
        sg = Suggestion(code_id=code(s, uid).id, interview_id=iv.id, start=start, end=start + len(phrase),
                        unit="sentence", query=phrase.split()[0])
        s.add(sg)
        s.flush()
        return sg.id


def coded_texts(project: Project, interview: str) -> dict[int, tuple[str, bool]]:
    """coding id → (the text it covers now, flagged)."""
    with project.session() as s:
        iv = s.scalars(select(Interview).where(Interview.name == interview)).one()
        rows = s.scalars(select(Coding).where(Coding.interview_id == iv.id))
        return {c.id: (iv.text[c.start:c.end], c.flagged) for c in rows}
