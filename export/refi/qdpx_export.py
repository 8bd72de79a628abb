"""Write a project as a REFI-QDA ``.qdpx``: ``project.qde`` plus ``sources/<guid>.txt``.

What goes where:

- coders → ``Users``; the codebook → ``CodeBook`` (descriptions carry definition, inclusion,
  exclusion and examples; retired codes are not codable);
- each interview → a ``TextSource`` whose plain text is the canonical text (UTF-8, no BOM,
  ``\\n``), with the variables site, group, wave, date, interviewer and its own attributes;
- each coding → a ``PlainTextSelection`` (character positions of the canonical text, as the
  standard counts them; the coder as creating user) holding one ``Coding`` with its ``CodeRef``;
- participants → ``Cases`` with the variables site, group, wave (the waves they were
  interviewed in) and their attributes, pointing at their interviews;
- memos → ``Notes``, referred to by what they describe: the project, a code, an interview, a
  coding's selection; a memo on a participant or a wave gets a ``Link`` from the note to the
  case or the wave's set (cases carry no note references in REFI-QDA 1.0);
- ``Sets``: the interviews of each wave, group and site, and sets imported earlier from another tool.

GUIDs come from :mod:`export.refi.guids`, so the same object has the same GUID in every export.
"""

from __future__ import annotations

import bisect
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree as ET

from sqlalchemy import select
from sqlalchemy.orm import Session

from export.refi.common import (
    DESCRIPTION_TITLE,
    FALLBACK_CODER,
    PROJECT_NS,
    sub,
    write_private,
    xml_bytes,
    xml_datetime,
)
from export.refi.guids import code_guid, guid_for
from export.refi.identity import RefiIdentity, load_identity, memo_key
from export.refi.qdc import code_element, stored_sets
from export.refi.text import chars_to_utf16, has_astral
from intervju.corpus import Filters, interview_query
from intervju.errors import InputError
from intervju.models import Interview, Participant, Turn, Wave
from kodebok.codebook_ops import project_codebook
from kodebok.models import Code, Coder, Coding, Memo

SELECTION_NAME_CHARS = 200
LINK_PARTICIPANT = "kode:participant"
LINK_WAVE = "kode:wave"
STANDARD_VARIABLES = ("site", "group", "wave", "date", "interviewer")
PARTICIPANTS_VARIABLE = "participants"  # on a focus group's source: who took part
ExportPositions = Literal["auto", "chars", "utf16"]


def user_guid(coder_name: str) -> str:
    return guid_for("user", coder_name)


def source_guid(interview_name: str) -> str:
    return guid_for("source", interview_name)


def case_guid(pseudonym: str) -> str:
    return guid_for("case", pseudonym)


def variable_guid(name: str) -> str:
    return guid_for("variable", name)


def set_guid(kind: str, value: str) -> str:
    return guid_for("set", kind, value)


def coding_key(interview_name: str, code_guid_: str, start: int, end: int, coder_name: str) -> tuple[object, ...]:
    # By the code's GUID rather than its uid, so a coding keeps its GUID through an import
    # into another project (where the code's uid is that GUID).
    return (interview_name, code_guid_, start, end, coder_name)


def note_guid(memo: Memo, identity: RefiIdentity | None = None) -> str:
    # A memo has no natural key but its row; its id with its creation time is stable in a project.
    # A memo imported from a note keeps that note's GUID (see export.refi.identity).
    created = xml_datetime(memo.created_at)
    kept = identity.notes.get(memo_key(memo.id, created)) if identity else None
    return kept or guid_for("note", memo.id, created or "")


@dataclass
class QdpxExport:
    path: Path
    users: int
    codes: int
    sources: int
    selections: int
    cases: int
    notes: int
    sets: int
    descriptions: int = 0
    positions: str = "chars"
    positions_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path), "users": self.users, "codes": self.codes, "sources": self.sources,
            "codings": self.selections, "cases": self.cases, "notes": self.notes, "sets": self.sets,
            "descriptions": self.descriptions,
            "positions": {"unit": self.positions, "reason": self.positions_reason},
        }  # fmt: skip


def _ns(name: str) -> str:
    return f"{{{PROJECT_NS}}}{name}"


def _variable_value(parent: ET.Element, name: str, value: object, kind: str = "Text") -> None:
    element = sub(parent, _ns("VariableValue"))
    sub(element, _ns("VariableRef"), {"targetGUID": variable_guid(name)})
    sub(element, _ns(f"{kind}Value"), text=str(value))


def _attribute_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _iso_date(value: str | None) -> str | None:
    """``value`` as ``xsd:date`` (``2025-03-12``), or None when it is not a calendar date."""
    text = (value or "").strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def decide_export_positions(identity: RefiIdentity, positions: ExportPositions) -> tuple[str, str]:
    """Characters (the standard) unless told, or unless the project came from NVivo, which reads
    positions as UTF-16 code units (an emoji counts 2): then UTF-16, so NVivo places every coding."""
    if positions != "auto":
        return positions, "given with --positions"
    nvivo = identity.nvivo_origin()
    if nvivo:
        return "utf16", f"the project came from {nvivo} (recorded at import), which counts UTF-16 code units"
    return "chars", "characters (Unicode code points), as the standard says"


def _descriptions(
    memos: list[Memo], coders: list[Coder], coder_of_coding: dict[int, int]
) -> tuple[dict[tuple[str, int], str], list[Memo]]:
    """Memos that go out as the ``Description`` of a selection, source or case, and the others.

    A memo titled ``Description`` on one coding, interview or participant alone (or on the project)
    is one kode kept from such a ``Description`` (see the importer), and goes back there when that
    is exact: its author is the one the importer would credit (the coding's coder; ``qdpx-import``
    for the project, an interview or a participant, whose descriptions name no author). One per object; any other
    memo, titled so or not, is a ``Note``, so every memo travels with its author.
    """
    anonymous = next((c.id for c in coders if c.name == FALLBACK_CODER), None)
    out: dict[tuple[str, int], str] = {}
    rest: list[Memo] = []
    for memo in memos:
        targets = [
            (kind, value)
            for kind, value in (
                ("coding", memo.coding_id), ("interview", memo.interview_id), ("participant", memo.participant_id),
                ("code", memo.code_id), ("wave", memo.wave_id),
            )
            if value is not None
        ]  # fmt: skip
        if memo.title == DESCRIPTION_TITLE and len(targets) <= 1:
            kind, value = targets[0] if targets else ("project", 0)
            author = coder_of_coding.get(value) if kind == "coding" else anonymous
            if (
                kind in ("project", "coding", "interview", "participant")
                and (kind, value) not in out
                and memo.author_id == author
            ):
                out[(kind, value)] = memo.text
                continue
        rest.append(memo)
    return out, rest


def _speaker_of(turns: list[tuple[int, int | None]], start: int) -> int | None:
    """The participant who speaks where a coding starts (turns as (start, participant) in text
    order): the rule kode's matrices count a focus-group coding by, so other tools count alike."""
    k = bisect.bisect_right(turns, start, key=lambda t: t[0]) - 1
    return turns[k][1] if k >= 0 else None


def build_project(
    session: Session, project_name: str, filters: Filters | None = None, positions: ExportPositions = "auto"
) -> tuple[bytes, dict[str, str], QdpxExport]:
    """The ``project.qde`` bytes and the source files (zip member name → text).

    With ``filters``, only the interviews they select go out, with their codings, their
    participants and the memos on them; the codebook, the coders and project-wide memos go whole.
    """
    identity = load_identity(session)
    unit, unit_reason = decide_export_positions(identity, positions)
    coders = list(session.scalars(select(Coder).order_by(Coder.name)))
    coder_names = {c.id: c.name for c in coders}
    user_guids = {c.id: identity.coders.get(c.name) or user_guid(c.name) for c in coders}
    book = project_codebook(session)
    code_uids: dict[int, str] = {row[0]: row[1] for row in session.execute(select(Code.id, Code.uid))}
    code_guids = {code_id: code_guid(uid) for code_id, uid in code_uids.items()}
    if filters is None:
        interviews = list(session.scalars(select(Interview).order_by(Interview.name)))
        participants = list(session.scalars(select(Participant).order_by(Participant.pseudonym)))
    else:
        interviews = sorted(session.scalars(interview_query(session, filters)), key=lambda iv: iv.name)
        if not interviews:
            raise InputError("no interview matches the filters; nothing to export")
        chosen = {p.id: p for iv in interviews for p in iv.participants}
        participants = sorted(chosen.values(), key=lambda p: p.pseudonym)
    interview_ids = {iv.id for iv in interviews}
    participant_ids = {p.id for p in participants}
    source_guids = {iv.id: identity.interviews.get(iv.name) or source_guid(iv.name) for iv in interviews}
    case_guids = {p.id: identity.participants.get(p.pseudonym) or case_guid(p.pseudonym) for p in participants}
    waves = {w.id: w for w in session.scalars(select(Wave))}
    ordered_waves = sorted(waves.values(), key=lambda w: (w.position, w.name))
    codings_by_interview: dict[int, list[Coding]] = defaultdict(list)
    coding_ids: set[int] = set()
    for coding in session.scalars(select(Coding).order_by(Coding.interview_id, Coding.start, Coding.end, Coding.id)):
        if coding.interview_id in interview_ids:
            codings_by_interview[coding.interview_id].append(coding)
            coding_ids.add(coding.id)
    memos = [
        m
        for m in session.scalars(select(Memo).order_by(Memo.id))
        if (m.interview_id is None or m.interview_id in interview_ids)
        and (m.coding_id is None or m.coding_id in coding_ids)
        and (m.participant_id is None or m.participant_id in participant_ids)
    ]
    participant_by_id = {p.id: p for p in participants}
    coder_of_coding = {c.id: c.coder_id for cs in codings_by_interview.values() for c in cs}
    descriptions, memos = _descriptions(memos, coders, coder_of_coding)

    notes_on_code: dict[str, list[str]] = defaultdict(list)  # by code uid
    notes_on_interview: dict[int, list[str]] = defaultdict(list)
    notes_on_coding: dict[int, list[str]] = defaultdict(list)
    project_notes: list[str] = []
    links: list[tuple[str, str, str]] = []  # (note, target, name)
    for memo in memos:
        guid = note_guid(memo, identity)
        targeted = False
        if memo.code_id is not None:
            notes_on_code[code_uids[memo.code_id]].append(guid)
            targeted = True
        if memo.coding_id is not None:
            notes_on_coding[memo.coding_id].append(guid)
            targeted = True
        if memo.interview_id is not None:
            notes_on_interview[memo.interview_id].append(guid)
            targeted = True
        if memo.participant_id is not None and memo.participant_id in participant_by_id:
            links.append((guid, case_guids[memo.participant_id], LINK_PARTICIPANT))
            targeted = True
        if memo.wave_id is not None and memo.wave_id in waves:
            links.append((guid, set_guid("wave", waves[memo.wave_id].name), LINK_WAVE))
            targeted = True
        if not targeted:
            project_notes.append(guid)

    ET.register_namespace("", PROJECT_NS)
    root = ET.Element(_ns("Project"), {"name": project_name, "origin": "kode"})

    if coders:
        users = sub(root, _ns("Users"))
        for coder in coders:
            sub(
                users,
                _ns("User"),
                {"guid": user_guids[coder.id], "name": coder.full_name or coder.name, "id": coder.name},
            )

    code_count = len(code_guids)
    if book.codes:
        codes = sub(sub(root, _ns("CodeBook")), _ns("Codes"))
        for spec in book.codes:
            code_element(codes, spec, PROJECT_NS, lambda uid: notes_on_code.get(uid, []))

    # Who is in which interview, and in a focus group which codings are whose: a participant's
    # case points at a one-to-one interview whole (SourceRef) and at the selections of their own
    # turns in a focus group (SelectionRef), so another tool counts a coding for who said it.
    selection_guids: dict[int, str] = {}
    for iv in interviews:
        for coding in codings_by_interview.get(iv.id, []):
            key = coding_key(
                iv.name, code_guids[coding.code_id], coding.start, coding.end, coder_names[coding.coder_id]
            )
            selection_guids[coding.id] = guid_for("selection", *key)
    participant_waves: dict[int, set[int]] = defaultdict(set)
    participant_sources: dict[int, list[str]] = defaultdict(list)
    participant_selections: dict[int, list[str]] = defaultdict(list)
    group_ids = [iv.id for iv in interviews if len(iv.participants) > 1]
    turns_of: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    if group_ids:
        for interview_id, start, pid in session.execute(
            select(Turn.interview_id, Turn.start, Turn.participant_id)
            .where(Turn.interview_id.in_(group_ids))
            .order_by(Turn.interview_id, Turn.start)
        ):
            turns_of[interview_id].append((start, pid))
    for iv in interviews:
        for p in iv.participants:
            participant_waves[p.id].add(iv.wave_id)
        if len(iv.participants) <= 1:
            for p in iv.participants:
                participant_sources[p.id].append(source_guids[iv.id])
            continue
        for coding in codings_by_interview.get(iv.id, []):
            speaker = _speaker_of(turns_of[iv.id], coding.start)
            if speaker in participant_ids:
                participant_selections[speaker].append(selection_guids[coding.id])

    wave_names = [w.name for w in ordered_waves]
    reserved = {*STANDARD_VARIABLES, PARTICIPANTS_VARIABLE, *wave_names}
    extra_variables: set[str] = set()
    for p in participants:
        extra_variables.update(k for k in p.attributes if k not in reserved)
    for iv in interviews:
        extra_variables.update(k for k in iv.attributes if k not in reserved)
    dates = {iv.id: _iso_date(iv.date) for iv in interviews}
    date_type = "Date" if all(dates[iv.id] or not iv.date for iv in interviews) else "Text"
    variable_types: dict[str, str] = {name: "Text" for name in STANDARD_VARIABLES}
    variable_types["date"] = date_type
    if participants:
        variable_types.update(dict.fromkeys(wave_names, "Boolean"))
    if any(len(iv.participants) > 1 for iv in interviews):
        variable_types[PARTICIPANTS_VARIABLE] = "Text"
    variable_types.update(dict.fromkeys(sorted(extra_variables), "Text"))
    if interviews or participants:
        variables = sub(root, _ns("Variables"))
        for name, kind in variable_types.items():
            sub(variables, _ns("Variable"), {"guid": variable_guid(name), "name": name, "typeOfVariable": kind})

    if participants:
        cases = sub(root, _ns("Cases"))
        for p in participants:
            case = sub(cases, _ns("Case"), {"guid": case_guids[p.id], "name": p.pseudonym})
            if ("participant", p.id) in descriptions:
                sub(case, _ns("Description"), text=descriptions[("participant", p.id)])
            if p.site is not None:
                _variable_value(case, "site", p.site.name)
            if p.group is not None:
                _variable_value(case, "group", p.group.name)
            # One Boolean per wave (interviewed then or not): tools filter and cross-tabulate
            # on these, where a text "T1, T3" would be one value of its own.
            for wave in ordered_waves:
                _variable_value(case, wave.name, "true" if wave.id in participant_waves[p.id] else "false", "Boolean")
            for name in sorted(p.attributes):
                text = _attribute_text(p.attributes[name])
                if name not in reserved and text is not None:
                    _variable_value(case, name, text)
            for target in participant_sources[p.id]:
                sub(case, _ns("SourceRef"), {"targetGUID": target})
            for target in participant_selections[p.id]:
                sub(case, _ns("SelectionRef"), {"targetGUID": target})

    files: dict[str, str] = {}
    selection_count = 0
    if interviews:
        sources = sub(root, _ns("Sources"))
        for iv in interviews:
            guid = source_guids[iv.id]
            member = f"sources/{guid}.txt"
            files[member] = iv.text
            to_units = chars_to_utf16(iv.text) if unit == "utf16" and has_astral(iv.text) else None
            source = sub(
                sources,
                _ns("TextSource"),
                {
                    "guid": guid,
                    "name": iv.name,
                    "plainTextPath": f"internal://{guid}.txt",
                    "creationDateTime": xml_datetime(iv.imported_at),
                },
            )
            if ("interview", iv.id) in descriptions:
                sub(source, _ns("Description"), text=descriptions[("interview", iv.id)])
            for coding in codings_by_interview.get(iv.id, []):
                selection_count += 1
                creator = user_guids[coding.coder_id]
                created = xml_datetime(coding.created_at)
                target_code = code_guids[coding.code_id]
                key = coding_key(iv.name, target_code, coding.start, coding.end, coder_names[coding.coder_id])
                start, end = (to_units[coding.start], to_units[coding.end]) if to_units else (coding.start, coding.end)
                selection = sub(
                    source,
                    _ns("PlainTextSelection"),
                    {
                        "guid": selection_guids[coding.id],
                        "name": iv.text[coding.start : coding.end][:SELECTION_NAME_CHARS],
                        "startPosition": str(start),
                        "endPosition": str(end),
                        "creatingUser": creator,
                        "creationDateTime": created,
                    },
                )
                if ("coding", coding.id) in descriptions:
                    sub(selection, _ns("Description"), text=descriptions[("coding", coding.id)])
                coding_element = sub(
                    selection,
                    _ns("Coding"),
                    {"guid": guid_for("coding", *key), "creatingUser": creator, "creationDateTime": created},
                )
                sub(coding_element, _ns("CodeRef"), {"targetGUID": target_code})
                for target in notes_on_coding.get(coding.id, []):
                    sub(selection, _ns("NoteRef"), {"targetGUID": target})
            for target in notes_on_interview.get(iv.id, []):
                sub(source, _ns("NoteRef"), {"targetGUID": target})
            _variable_value(source, "site", iv.site.name)
            _variable_value(source, "group", iv.group.name)
            _variable_value(source, "wave", iv.wave.name)
            if iv.date:
                iso = dates[iv.id]
                _variable_value(source, "date", iso if date_type == "Date" and iso else iv.date, date_type)
            if iv.interviewer:
                _variable_value(source, "interviewer", iv.interviewer)
            if len(iv.participants) > 1:
                # Who took part, in the order their turns are numbered ("Ansatt 1" is the first):
                # a focus group member without a coded turn of their own stays linked.
                _variable_value(source, PARTICIPANTS_VARIABLE, "; ".join(p.pseudonym for p in iv.participants))
            for name in sorted(iv.attributes):
                text = _attribute_text(iv.attributes[name])
                if name not in reserved and text is not None:
                    _variable_value(source, name, text)

    if memos:
        notes = sub(root, _ns("Notes"))
        for memo in memos:
            sub(
                sub(
                    notes,
                    _ns("Note"),
                    {
                        "guid": note_guid(memo, identity),
                        "name": memo.title or "Memo",
                        "creatingUser": user_guids[memo.author_id],
                        "creationDateTime": xml_datetime(memo.created_at),
                        "modifiedDateTime": xml_datetime(memo.updated_at),
                    },
                ),
                _ns("PlainTextContent"),
                text=memo.text,
            )

    if links:
        links_element = sub(root, _ns("Links"))
        for note, target, name in links:
            sub(
                links_element,
                _ns("Link"),
                {
                    "guid": guid_for("link", note, target),
                    "name": name,
                    "direction": "OneWay",
                    "originGUID": note,
                    "targetGUID": target,
                },
            )

    set_rows: list[tuple[str, str, list[str], list[str]]] = []  # guid, name, code members, source members
    for kind, attr in (("wave", "wave"), ("group", "group"), ("site", "site")):
        members: dict[str, list[str]] = defaultdict(list)
        for iv in interviews:
            members[getattr(iv, attr).name].append(source_guids[iv.id])
        for value, sources_in in members.items():
            set_rows.append((set_guid(kind, value), f"{kind}: {value}", [], sources_in))
    wave_sets_needed = {t for _, t, n in links if n == LINK_WAVE}
    have = {row[0] for row in set_rows}
    for wave in waves.values():
        guid = set_guid("wave", wave.name)
        if guid in wave_sets_needed and guid not in have:
            set_rows.append((guid, f"wave: {wave.name}", [], []))
    known_codes = set(code_guids.values())
    known_sources = set(source_guids.values())
    for stored in stored_sets(session):
        if stored.guid in have:
            continue
        set_rows.append(
            (
                stored.guid,
                stored.name,
                [g for g in stored.codes if g in known_codes],
                [g for g in stored.sources if g in known_sources],
            )
        )
    if set_rows:
        sets = sub(root, _ns("Sets"))
        for guid, name, code_members, source_members in set_rows:
            element = sub(sets, _ns("Set"), {"guid": guid, "name": name})
            for target in code_members:
                sub(element, _ns("MemberCode"), {"targetGUID": target})
            for target in source_members:
                sub(element, _ns("MemberSource"), {"targetGUID": target})

    if ("project", 0) in descriptions:
        sub(root, _ns("Description"), text=descriptions[("project", 0)])
    for target in project_notes:
        sub(root, _ns("NoteRef"), {"targetGUID": target})

    summary = QdpxExport(
        path=Path(),
        users=len(coders),
        codes=code_count,
        sources=len(interviews),
        selections=selection_count,
        cases=len(participants),
        notes=len(memos),
        sets=len(set_rows),
        descriptions=len(descriptions),
        positions=unit,
        positions_reason=unit_reason,
    )
    return xml_bytes(root), files, summary


def export_qdpx(
    session: Session,
    path: Path,
    *,
    project_name: str,
    filters: Filters | None = None,
    positions: ExportPositions = "auto",
) -> QdpxExport:
    """Write ``path`` (a zip: ``project.qde`` + ``sources/``), mode 0600, via a temp file.

    ``positions``: ``chars`` (the standard), ``utf16`` (NVivo) or ``auto`` (UTF-16 when the
    project was imported from NVivo, else characters); the summary says which and why.
    """
    if path.suffix.lower() != ".qdpx":
        raise InputError(f"{path}: a REFI-QDA project file ends in .qdpx")
    qde, files, summary = build_project(session, project_name, filters, positions)
    if summary.sources == 0 and summary.codes == 0:
        raise InputError("the project has neither interviews nor codes; nothing to export")

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("project.qde", qde)
            for member, text in files.items():
                zf.writestr(member, text.encode("utf-8"))

    write_private(path, write)
    summary.path = path
    return summary
