"""A small project for the workbench tests: interviews, turns and codes made through the ORM."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import select
from textual.pilot import Pilot

from intervju.models import InformantGroup, Interview, Participant, Site, Turn, Wave
from kode.facade_tui import ProjectWorkbench
from kode.project import Project
from kodebok.models import Code, Coder, Coding, Suggestion
from tui.app import KodeApp
from tui.screens.coding import CodingScreen

UNGDOM_T1 = [
    ("I", "interviewer", "Hvordan har du det på Nordbakken nå?"),
    ("U", "informant", "Det er egentlig ganske bra. Jeg får være med og bestemme på husmøtet, og det "
     "liker jeg. Miljøterapeutene hører på meg – nesten alltid."),
    ("I", "interviewer", "Kan du fortelle om rommet ditt?"),
    ("U", "informant", "Rommet er fint, men døra har alarm. Det føles ikke helt som hjemme. "
     "Barnevernsinstitusjonsavdelingsleder­kontoret ligger rett ved siden av, og det er litt rart."),
    ("I", "interviewer", "Hva med skolen?"),
    ("U", "informant", "Skolen går bedre nå. Jeg har fått en plan for videre forløp, og vi snakker om "
     "ettervern og hvor jeg skal bo etterpå. Det gjør meg trygg."),
]

ANSATT_T2 = [
    ("Int", "interviewer", "Hvordan bruker dere DBT i hverdagen?"),
    ("A", "informant", "Vi har ferdighetstrening hver uke, og miljøpersonalet øver på validering. "
     "DBT-ferdighetene blir en felles språkbruk mellom miljøpersonale og helsepersonell."),
    ("Int", "interviewer", "Og samarbeidet med BUP?"),
    ("A", "informant", "Samarbeidet med BUP har blitt tettere. Vi møtes hver fjortende dag – det hjelper."),
]

CODES = [
    # uid, name, parent uid, key, label, definition
    ("medvirkning", "Medvirkning", None, "m", "MED", "Ungdommens mulighet til å påvirke egen hverdag og behandling."),
    ("omgivelser", "Bygg og omgivelser", None, None, "BYGG", "Hvordan bygget og rommene oppleves."),
    ("hjemlighet", "Hjemlighet", "omgivelser", "h", "HJEM", "Å føle seg hjemme på institusjonen."),
    ("sikkerhet", "Sikkerhet", "omgivelser", "s", "SIKK", "Fysiske og relasjonelle tiltak for sikkerhet."),
    ("dbt", "DBT", None, "d", "DBT", "Erfaringer med dialektisk atferdsterapi."),
    ("samarbeid", "Samarbeid", None, "a", "SAM", "Samarbeid miljøpersonale–helsepersonell og med BUP."),
    ("planer", "Planer og videre forløp", None, "p", "PLAN", "Innsikt i planer, overgang og ettervern."),
]


def canonical(turns: Sequence[tuple[str, str, str]]) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for label, _role, utterance in turns:
        head = f"{label}: "
        spans.append((pos + len(head), pos + len(head) + len(utterance)))
        parts.append(head + utterance)
        pos += len(head) + len(utterance) + 2
    return "\n\n".join(parts), spans


def add_interview(project: Project, name: str, site: str, group: str, wave: str, participant: str,
                  turns: Sequence[tuple[str, str, str]], times: bool = False) -> int:
    text, spans = canonical(turns)
    with project.session() as session:
        s = session.scalar(select(Site).where(Site.name == site))
        g = session.scalar(select(InformantGroup).where(InformantGroup.name == group))
        w = session.scalar(select(Wave).where(Wave.name == wave))
        assert s and g and w
        person = session.scalar(select(Participant).where(Participant.pseudonym == participant))
        if person is None:
            person = Participant(pseudonym=participant, group_id=g.id, site_id=s.id)
            session.add(person)
        iv = Interview(name=name, site_id=s.id, group_id=g.id, wave_id=w.id, source_path=f"{name}.txt",
                       source_format="txt", content_hash=hashlib.sha256(text.encode()).hexdigest(), text=text,
                       word_count=len(text.split()), turn_count=len(turns), pipeline="fallback nb (test)",
                       participants=[person])
        session.add(iv)
        session.flush()
        for n, ((label, role, _u), (a, b)) in enumerate(zip(turns, spans, strict=True), start=1):
            session.add(Turn(interview_id=iv.id, n=n, label=label, role=role,
                             participant_id=person.id if role == "informant" else None, start=a, end=b,
                             time_start=float(n * 37) if times else None, time_end=None))
        return iv.id


def add_codes(project: Project) -> dict[str, int]:
    ids: dict[str, int] = {}
    with project.session() as session:
        for position, (uid, name, parent, key, label, definition) in enumerate(CODES):
            code = Code(uid=uid, name=name, parent_id=ids.get(parent) if parent else None, key=key, label=label,
                        definition=definition, inclusion="Ta med konkrete erfaringer.",
                        exclusion="Ikke generelle meninger.", position=position)
            session.add(code)
            session.flush()
            ids[uid] = code.id
    return ids


def add_coding(project: Project, coder: str, interview_id: int, code_id: int, start: int, end: int) -> int:
    with project.session() as session:
        c = session.scalar(select(Coder).where(Coder.name == coder))
        if c is None:
            c = Coder(name=coder)
            session.add(c)
            session.flush()
        coding = Coding(code_id=code_id, interview_id=interview_id, start=start, end=end, coder_id=c.id)
        session.add(coding)
        session.flush()
        return coding.id


def add_suggestion(project: Project, interview_id: int, code_id: int, start: int, end: int, query: str) -> int:
    with project.session() as session:
        s = Suggestion(code_id=code_id, interview_id=interview_id, start=start, end=end, unit="sentence", query=query)
        session.add(s)
        session.flush()
        return s.id


def build(project: Project) -> dict[str, int]:
    """Two interviews, the codebook, a few codings of 'kari' and 'ola', and two suggestions."""
    ids = add_codes(project)
    u1 = add_interview(project, "NB_ungdom_U01_T1", "Nordbakken", "ungdom", "T1", "U01", UNGDOM_T1, times=True)
    a2 = add_interview(project, "SG_ansatt_A01_T2", "Sjøglimt", "ansatt", "T2", "A01", ANSATT_T2)
    ids["u1"], ids["a2"] = u1, a2
    text, spans = canonical(UNGDOM_T1)
    add_coding(project, "kari", u1, ids["medvirkning"], *spans[1])
    add_coding(project, "ola", u1, ids["medvirkning"], *spans[1])
    add_coding(project, "ola", u1, ids["hjemlighet"], *spans[3])
    a_text, a_spans = canonical(ANSATT_T2)
    add_coding(project, "kari", a2, ids["dbt"], *a_spans[1])
    first = a_text.index("Samarbeidet med BUP")
    add_suggestion(project, a2, ids["samarbeid"], first, a_spans[3][1], "samarbeid")
    add_suggestion(project, u1, ids["planer"], text.index("Jeg har fått en plan"), spans[5][1], "plan")
    project.reindex()  # sentences and the search index, as an import makes them
    return ids


class FixedWorkbench(ProjectWorkbench):
    """The project's workbench under a fixed name, so screens (and snapshots) never show a temp path."""

    @property
    def project_name(self) -> str:
        return "studie.kode"


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and every message it posted be handled.

    A handled message may start another worker (a write, then a refresh), so this goes on until
    a round starts no new worker; bounded, so a stuck app fails the test instead of hanging.
    """
    quiet = 0
    for _ in range(200):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(not worker.is_finished for worker in pilot.app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            return


LONG_UTTERANCES = [
    "Det ser jo greit ut her, men jeg savner hjemme og vennene mine fra skolen på Sørlandet, særlig om kvelden.",
    "De må jeg si at miljøterapeutene er flinke, de hører på meg når jeg sier fra om noe som er vanskelig.",
    "Vi har husmøte hver tirsdag, og der får vi være med og bestemme hva vi skal gjøre i helgene og på ferier.",
    "Døra har alarm, og det føles ikke helt som et hjem, men rommet mitt er fint og jeg har fått henge opp bilder.",
    "Skolen går bedre nå, jeg har fått en plan for videre forløp og vi snakker om ettervern og hvor jeg skal bo.",
    "Jeg vet ikke helt, det er vel sånn at noen dager er bedre enn andre, og da er det godt å ha noen å snakke med.",
]


def long_turns(n: int = 36) -> list[tuple[str, str, str]]:
    """A transcript long enough to scroll: ``n`` turns, the informant's long enough to wrap."""
    turns: list[tuple[str, str, str]] = []
    for i in range(n):
        if i % 2 == 0:
            turns.append(("I", "interviewer", f"Spørsmål {i // 2 + 1}: hvordan opplever du det?"))
        else:
            turns.append(("U", "informant", LONG_UTTERANCES[(i // 2) % len(LONG_UTTERANCES)]))
    return turns


def add_long_interview(project: Project, name: str = "NB_ungdom_U02_T1") -> int:
    iv = add_interview(project, name, "Nordbakken", "ungdom", "T1", "U02", long_turns())
    project.reindex()
    return iv


async def open_interview(app: KodeApp, pilot: Pilot[None], interview: int,
                         at: tuple[int, int] | None = None) -> CodingScreen:
    """Open an interview on the coding screen (optionally at a passage) and wait until it shows."""
    await settle(pilot)
    app.open_interview(interview, at=at)
    await settle(pilot)
    assert isinstance(app.screen, CodingScreen)
    return app.screen
