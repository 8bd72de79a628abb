"""Interviews made through the ORM for the de-identification tests, and a code to hang codings on."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select

from intervju.models import InformantGroup, Interview, Sentence, Site, Turn, Wave
from kode.project import Project
from kodebok.models import Code, Coder, Coding


def make_interview(project: Project, name: str, turns: Sequence[tuple[str, str]], *, site: str = "Sjøglimt",
                   group: str = "ungdom", wave: str = "T1") -> int:
    """An interview with canonical text ``Label: utterance`` per turn, turns split by a blank line."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for label, text in turns:
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
        s.add(iv)
        s.flush()
        k = 0
        for n, ((label, _text), (start, end)) in enumerate(zip(turns, spans, strict=True), 1):
            role = "interviewer" if label == "I" else "informant"
            turn = Turn(interview_id=iv.id, n=n, label=label, role=role, start=start, end=end)
            s.add(turn)
            s.flush()
            for m in re.finditer(r"[^.?!]+[.?!]?", full[start:end]):
                a = start + m.start() + (len(m.group()) - len(m.group().lstrip()))
                b = start + m.end()
                if b > a:
                    k += 1
                    s.add(Sentence(interview_id=iv.id, turn_id=turn.id, n=k, start=a, end=b))
        return iv.id


def code_words(project: Project, interview: str, words: str, code: str = "Trygghet", coder: str = "kh") -> int:
    """Code the first occurrence of ``words`` in the interview; returns the coding id."""
    with project.session() as s:
        iv = s.scalar(select(Interview).where(Interview.name == interview))
        assert iv is not None
        start = iv.text.index(words)
        c = s.scalar(select(Code).where(Code.name == code))
        if c is None:
            c = Code(uid=f"uid-{code}", name=code)
            s.add(c)
        who = s.scalar(select(Coder).where(Coder.name == coder))
        if who is None:
            who = Coder(name=coder)
            s.add(who)
        s.flush()
        coding = Coding(code_id=c.id, interview_id=iv.id, start=start, end=start + len(words), coder_id=who.id)
        s.add(coding)
        s.flush()
        return coding.id


def coded_text(project: Project, coding_id: int) -> str:
    with project.session() as s:
        coding = s.get(Coding, coding_id)
        assert coding is not None
        iv = s.get(Interview, coding.interview_id)
        assert iv is not None
        return iv.text[coding.start:coding.end]


def interview_text(project: Project, name: str) -> str:
    with project.session() as s:
        text = s.scalar(select(Interview.text).where(Interview.name == name))
        assert text is not None
        return text


def detected(nlp, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(kind, text) of what the detectors find in ``text`` as one utterance, default lists, no key."""
    from intervju.deid.detect import default_lists, detect

    found = detect(text, [(0, len(text))], default_lists(), is_word=nlp.is_word, is_proper=nlp.is_proper_noun)
    return [(f.kind, f.text) for f in found]


def detected_persons(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts of the persons the detectors find in ``text``, in order."""
    return [t for k, t in detected(nlp, text) if k == "person"]


def detected_kinds(nlp, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What the detectors find in ``text``, text to kind."""
    return {t: k for k, t in detected(nlp, text)}
