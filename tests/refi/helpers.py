"""Build small projects through the ORM (no transcript files) and compare projects."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from export.refi.guids import code_guid
from intervju.models import InformantGroup, Interview, Participant, Site, Turn, Wave
from kode.project import Project
from kodebok.models import Code, Coder, Coding, Memo

ASE = "Åse"
OYVIND = "Øyvind"


def add_interview(
    session: Session,
    name: str,
    turns: list[tuple[str, str]],
    *,
    site: str,
    group: str,
    wave: str,
    participants: list[Participant],
    attributes: dict[str, Any] | None = None,
) -> Interview:
    """An interview in kode's canonical form: `Label: utterance` turns separated by a blank line."""
    parts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    pos = 0
    for label, utterance in turns:
        prefix = f"{label}: "
        start = pos + len(prefix)
        spans.append((label, start, start + len(utterance)))
        parts.append(prefix + utterance)
        pos += len(prefix) + len(utterance) + 2
    text = "\n\n".join(parts)
    interview = Interview(
        name=name,
        site=session.scalars(select(Site).where(Site.name == site)).one(),
        group=session.scalars(select(InformantGroup).where(InformantGroup.name == group)).one(),
        wave=session.scalars(select(Wave).where(Wave.name == wave)).one(),
        date="2026-03-01",
        interviewer="Forsker Ø",
        source_path=f"{name}.txt",
        source_format="txt",
        source_encoding="utf-8",
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        word_count=len(text.split()),
        turn_count=len(spans),
        attributes=attributes or {},
        participants=participants,
    )
    session.add(interview)
    session.flush()
    for n, (label, start, end) in enumerate(spans, start=1):
        role = "interviewer" if label == "I" else "informant"
        session.add(
            Turn(
                interview_id=interview.id,
                n=n,
                label=label,
                role=role,
                participant_id=participants[0].id if role == "informant" and participants else None,
                start=start,
                end=end,
            )
        )
    session.flush()
    return interview


def span_of(interview: Interview, needle: str) -> tuple[int, int]:
    start = interview.text.index(needle)
    return start, start + len(needle)


def build_study(project: Project) -> None:
    """Two coders, a code tree, three interviews (æøå, emoji), codings, memos, participants."""
    with project.session() as s:
        sites = {x.name: x for x in s.scalars(select(Site))}
        groups = {x.name: x for x in s.scalars(select(InformantGroup))}
        waves = {x.name: x for x in s.scalars(select(Wave))}
        ase = Participant(pseudonym=ASE, site=sites["Sjøglimt"], group=groups["ungdom"], attributes={"alder": "16"})
        oyv = Participant(
            pseudonym=OYVIND,
            site=sites["Nordbakken"],
            group=groups["ansatt"],
            attributes={"stilling": "miljøterapeut", "erfaring": "12 år"},
        )
        s.add_all([ase, oyv])
        ak = Coder(name="ak", full_name="Anne Kodar")
        bm = Coder(name="bm")
        s.add_all([ak, bm])
        s.flush()
        root = Code(
            uid="medvirkning",
            name="Medvirkning",
            label="MED",
            definition="Ungdommens mulighet til å påvirke egen hverdag og behandling.",
            inclusion="Når ungdom sier de blir hørt, eller ikke blir hørt.",
            exclusion="Formelle klagesaker (kod Tvang).",
            examples=["«Jeg fikk være med å bestemme»", "Vi har husmøte hver uke"],
            colour="#ff8800",
            position=0,
        )
        s.add(root)
        s.flush()
        trygg = Code(
            uid="trygghet", parent_id=root.id, name="Trygghet", definition="Å føle seg trygg.", colour="#3366cc"
        )
        hjem = Code(uid="hjemlighet", name="Hjemlighet 🏠", definition="Bygg og omgivelser som hjem.", position=1)
        old = Code(uid="gammel", name="Gammel kode", status="retired", position=2)
        s.add_all([trygg, hjem, old])
        s.flush()
        iv1 = add_interview(
            s,
            "Sjøglimt_ungdom_Åse_T1",
            [
                ("I", "Hvordan har du det på Sjøglimt?"),
                ("U", "Bra 😀 men jeg savner hjemmet. Her er det trygt, æøå ÆØÅ."),
                ("I", "Får du være med å bestemme?"),
                ("U", "Ja 👍🏽, vi har husmøte 🍕 hver uke og jeg blir hørt."),
            ],
            site="Sjøglimt",
            group="ungdom",
            wave="T1",
            participants=[ase],
            attributes={"varighet": "55 min"},
        )
        iv2 = add_interview(
            s,
            "Sjøglimt_ungdom_Åse_T2",
            [("I", "Hva har endret seg?"), ("U", "Jeg flytter snart 🚚. Rommet mitt føles som hjemme.")],
            site="Sjøglimt",
            group="ungdom",
            wave="T2",
            participants=[ase],
        )
        iv3 = add_interview(
            s,
            "Nordbakken_ansatt_Øyvind_T1",
            [("I", "Fortell om DBT."), ("A", "Vi bruker DBT i miljøet; det gir trygghet for både ungdom og oss.")],
            site="Nordbakken",
            group="ansatt",
            wave="T1",
            participants=[oyv],
        )
        codings = [
            (root, iv1, "vi har husmøte 🍕 hver uke og jeg blir hørt", ak),
            (root, iv1, "vi har husmøte 🍕 hver uke og jeg blir hørt", bm),
            (trygg, iv1, "Her er det trygt, æøå ÆØÅ.", ak),
            (trygg, iv1, "Bra 😀 men jeg savner hjemmet. Her er det trygt", bm),
            (hjem, iv2, "Rommet mitt føles som hjemme.", ak),
            (hjem, iv2, "Jeg flytter snart 🚚. Rommet mitt føles som hjemme.", bm),
            (old, iv2, "Jeg flytter snart 🚚.", ak),
            (trygg, iv3, "det gir trygghet for både ungdom og oss", bm),
        ]
        made: list[Coding] = []
        for code, iv, needle, coder in codings:
            start, end = span_of(iv, needle)
            c = Coding(code_id=code.id, interview_id=iv.id, start=start, end=end, coder_id=coder.id)
            s.add(c)
            made.append(c)
        s.flush()
        s.add_all(
            [
                Memo(author_id=ak.id, title="Prosjektlogg", text="Første runde kodet.\nNeste: T2 🎯 ø."),
                Memo(
                    author_id=bm.id,
                    title="Om medvirkning",
                    text="Skill mellom husmøte og individuell plan.",
                    code_id=root.id,
                ),
                Memo(author_id=ak.id, title=None, text="Intervjuet ble avbrutt to ganger.", interview_id=iv1.id),
                Memo(
                    author_id=bm.id, title="Usikker", text="Er dette trygghet eller hjemlighet?", coding_id=made[3].id
                ),
                Memo(
                    author_id=ak.id,
                    title="Åse over tid",
                    text="Medvirkning øker fra T1 til T2.",
                    participant_id=ase.id,
                    code_id=root.id,
                    wave_id=waves["T2"].id,
                ),
            ]
        )


def snapshot(project: Project) -> dict[str, Any]:
    """What must survive a round trip, keyed by what identifies it across projects."""
    with project.session() as s:
        codes = {c.id: c for c in s.scalars(select(Code))}
        ivs = {i.id: i for i in s.scalars(select(Interview))}
        coders = {c.id: c.name for c in s.scalars(select(Coder))}
        parts = {p.id: p for p in s.scalars(select(Participant))}
        waves = {w.id: w.name for w in s.scalars(select(Wave))}
        codings = {c.id: c for c in s.scalars(select(Coding))}

        def coding_key(c: Coding) -> tuple[Any, ...]:
            return (ivs[c.interview_id].name, code_guid(codes[c.code_id].uid), c.start, c.end, coders[c.coder_id])

        turns = {
            (
                ivs[t.interview_id].name,
                t.n,
                t.label,
                t.role,
                t.start,
                t.end,
                parts[t.participant_id].pseudonym if t.participant_id else None,
            )
            for t in s.scalars(select(Turn))
        }
        return {
            "codes": {
                (
                    code_guid(c.uid),
                    c.name,
                    code_guid(codes[c.parent_id].uid) if c.parent_id else None,
                    c.definition,
                    c.inclusion,
                    c.exclusion,
                    tuple(c.examples),
                    c.colour,
                    c.status,
                )
                for c in codes.values()
            },
            "codings": {coding_key(c) for c in codings.values()},
            "memos": {
                (
                    m.title,
                    m.text,
                    coders[m.author_id],
                    code_guid(codes[m.code_id].uid) if m.code_id else None,
                    ivs[m.interview_id].name if m.interview_id else None,
                    coding_key(codings[m.coding_id]) if m.coding_id else None,
                    parts[m.participant_id].pseudonym if m.participant_id else None,
                    waves[m.wave_id] if m.wave_id else None,
                )
                for m in s.scalars(select(Memo))
            },
            "participants": {
                (
                    p.pseudonym,
                    p.site.name if p.site else None,
                    p.group.name if p.group else None,
                    tuple(sorted(p.attributes.items())),
                )
                for p in parts.values()
            },
            "interviews": {
                (
                    i.name,
                    i.site.name,
                    i.group.name,
                    i.wave.name,
                    i.text,
                    i.date,
                    i.interviewer,
                    tuple(sorted(i.attributes.items())),
                    tuple(p.pseudonym for p in i.participants),
                )
                for i in ivs.values()
            },
            "turns": turns,
            "coders": set(coders.values()),
        }


def coded_texts(project: Project) -> list[tuple[str, str, str]]:
    """Every coding as (interview, code, the text it covers), sorted."""
    with project.session() as s:
        return sorted(
            (iv.name, code.name, iv.text[c.start : c.end])
            for c, iv, code in s.execute(
                select(Coding, Interview, Code)
                .join(Interview, Interview.id == Coding.interview_id)
                .join(Code, Code.id == Coding.code_id)
            )
        )


def read_with_pyrefiqda(
    path: Path, extract_dir: Path, *, utf16: bool = False
) -> tuple[Any, list[tuple[str, str, str]]]:
    """A .qdpx as pyrefiqda (a third-party reader) parses it, and every coding in it as
    (source, code, the text its positions cut from the source file, in characters or UTF-16 units)."""
    from pyrefiqda.refiproject import RefiProject

    parsed = RefiProject.load(path, extract_dir=str(extract_dir))
    codes: dict[str, str] = {}
    pending = list(parsed.code_book.codes.code)
    while pending:
        code = pending.pop()
        codes[code.guid] = code.name
        pending.extend(code.code)
    got = []
    for source in parsed.sources.text_source:
        text = (extract_dir / "sources" / source.plain_text_path.removeprefix("internal://")).read_text("utf-8")
        encoded = text.encode("utf-16-le")
        for sel in source.plain_text_selection:
            start, end = int(sel.start_position), int(sel.end_position)
            cut = encoded[2 * start : 2 * end].decode("utf-16-le") if utf16 else text[start:end]
            got.extend((source.name, codes[coding.code_ref.target_guid], cut) for coding in sel.coding)
    return parsed, sorted(got)
