"""Import a REFI-QDA ``.qdpx`` into a project, in one transaction, with a report of everything.

Order: users → coders, the codebook → codes (matched by GUID ↔ uid), cases → participants,
text sources → interviews (the source text becomes the canonical text: NFC, ``\\n``, no spaces at
line ends; every selection goes through the offset map), selections → codings, notes → memos,
sets → kept for the next export. What kode cannot hold (pictures, PDFs, audio, video, graphs,
links between arbitrary objects) is listed in the report with the reason, as is every
adjustment (BOM dropped, ``\\r\\n`` folded, UTF-16 positions converted).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol, cast
from urllib.parse import unquote

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from export.refi import text as textmod
from export.refi.common import (
    DESCRIPTION_TITLE,
    FALLBACK_CODER,
    compose_description,
    parse_description,
    xml_datetime,
)
from export.refi.guids import code_guid
from export.refi.identity import RefiIdentity, load_identity, memo_key, save_identity
from export.refi.qdc import CodebookTree, SetNode, apply_codebook, store_sets, stored_sets
from export.refi.qdpx_export import LINK_PARTICIPANT, LINK_WAVE, case_guid, note_guid, source_guid, user_guid
from export.refi.qdpx_read import RefiNote, RefiProject, RefiSource, namespace_remark, read_project_bytes
from export.refi.safety import SafeZip, safe_member_path
from intervju.db import utcnow
from intervju.errors import InputError
from intervju.importing import count_words
from intervju.metadata import canonical_value
from intervju.models import AuditEvent, InformantGroup, Interview, Participant, Site, Turn, Wave
from intervju.setup import vocabulary
from intervju.speakers import SpeakerTable
from kodebok.models import Code, Coder, Coding, Memo

Positions = Literal["auto", "utf16", "chars"]
CodingKey = tuple[int, int, int, int]  # code id, start, end, coder id
CodingRef = tuple[int, CodingKey]  # interview id, key
COUNT_KEYS = ("coders", "codes", "participants", "interviews", "codings", "memos", "sets")
_SUFFIX = re.compile(r"\.(txt|docx?|rtf|odt|pdf|md)$", re.IGNORECASE)
_VARIABLE_ALIASES = {
    "site": "site", "sted": "site", "institusjon": "site",
    "group": "group", "gruppe": "group", "informantgruppe": "group", "informant group": "group",
    "wave": "wave", "waves": "wave", "bølge": "wave", "tidspunkt": "wave", "runde": "wave",
    "date": "date", "dato": "date", "interviewer": "interviewer", "intervjuer": "interviewer",
    "participants": "participants", "deltakere": "participants",
}  # fmt: skip


class Indexer(Protocol):
    pipeline_name: str

    def index(self, session: Session, interview: Interview, turns: Sequence[Turn]) -> None: ...


@dataclass
class QdpxOptions:
    coder_map: dict[str, str] = field(default_factory=dict)
    site: str | None = None
    group: str | None = None
    wave: str | None = None
    positions: Positions = "auto"
    actor: str | None = None
    strict: bool = False  # refuse (and write nothing) when anything would be skipped


@dataclass
class Entry:
    kind: str  # a stable name: bom, crlf, utf16-positions, missing-source, beyond-text, …
    what: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "what": self.what, "detail": self.detail}


@dataclass
class QdpxImportReport:
    file: str
    origin: str | None = None
    positions: str = "chars"
    positions_reason: str = ""
    imported: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    adjusted: list[Entry] = field(default_factory=list)
    skipped: list[Entry] = field(default_factory=list)
    error: str | None = None  # why the import failed; then nothing was written

    def __post_init__(self) -> None:
        # Every count is present, zero or not, so a script reads one shape whatever happened.
        for counts in (self.imported, self.matched):
            for key in COUNT_KEYS:
                counts.setdefault(key, 0)

    def count(self, key: str, n: int = 1, *, matched: bool = False) -> None:
        if n:
            target = self.matched if matched else self.imported
            target[key] = target.get(key, 0) + n

    def adjust(self, kind: str, what: str, detail: str) -> None:
        self.adjusted.append(Entry(kind, what, detail))

    def skip(self, kind: str, what: str, detail: str) -> None:
        self.skipped.append(Entry(kind, what, detail))

    def fail(self, message: str) -> None:
        """Mark the import failed: the caller's transaction is rolled back, so nothing counts."""
        self.error = message
        for counts in (self.imported, self.matched):
            for key in counts:
                counts[key] = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "origin": self.origin,
            "positions": {"unit": self.positions, "reason": self.positions_reason},
            "imported": {k: self.imported.get(k, 0) for k in COUNT_KEYS},
            "matched": {k: self.matched.get(k, 0) for k in COUNT_KEYS},
            "adjusted": [e.to_json() for e in self.adjusted],
            "skipped": [e.to_json() for e in self.skipped],
            "error": self.error,
        }


class QdpxImportFailed(InputError):
    """The import was refused as a whole (nothing of a non-empty file could be imported, or
    ``--strict`` and something would be skipped); :attr:`report` says why, item by item."""

    def __init__(self, message: str, report: QdpxImportReport) -> None:
        super().__init__(message)
        report.fail(message)
        self.report = report


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 selection``, ``2 selections``: counts in messages read as English."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def article(word: str) -> str:
    """``a TextSource``, ``an AudioSource``."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


# -- reading the archive ------------------------------------------------------------------------


def _find_qde(zf: SafeZip) -> str:
    found = zf.find("project.qde")
    if found:
        return found
    candidates = [n for n in zf.names if n.lower().endswith(".qde") and "/" not in n.strip("/")]
    if len(candidates) == 1:
        return candidates[0]
    raise InputError(f"{zf.path}: no project.qde in the archive; not a REFI-QDA project (.qdpx)")


_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+)://")


def _internal_member(zf: SafeZip, path: str | None) -> tuple[str | None, str]:
    """The archive member a source's or note's ``plainTextPath`` names. Returns (member or None, why not).

    ``internal://NAME`` (the standard) and a bare relative path (``board_2017.txt``, as qc writes)
    are looked up in ``sources/`` (or ``Sources/``, any case), then from the archive's root.
    Other schemes (``file://``, ``http://``) and absolute paths point outside the archive and are
    not followed; a relative path that climbs out (``../``) is refused.
    """
    if not path or not path.strip():
        return None, "the source names no plain text file"
    path = path.strip()
    scheme = _SCHEME.match(path)
    if scheme and scheme.group("scheme").lower() != "internal":
        return None, f"the plain text {path!r} is outside the archive, which kode does not follow"
    name = path[scheme.end() :] if scheme else path
    unified = name.replace("\\", "/")
    if not scheme and (unified.startswith("/") or re.match(r"^[A-Za-z]:", unified)):
        return None, f"the plain text {path!r} is an absolute path outside the archive, which kode does not follow"
    unified = unified.lstrip("/")
    if safe_member_path(unified) is None or unified in ("", ".", ".."):
        return None, f"the path {path!r} leaves the archive; refused"
    names = [unified]
    unquoted = unquote(unified)
    if unquoted != unified and safe_member_path(unquoted) is not None:
        names.append(unquoted)  # a URI-style path: `Intervju%201.txt`
    for candidate in names:
        for folder in ("sources/", ""):
            member = zf.find(folder + candidate)
            if member:
                return member, ""
    return None, f"{path} is not in the archive (looked in sources/ and at the top)"


def _not_imported(n: int) -> str:
    return f"its {plural(n, 'selection')} {'is' if n == 1 else 'are'} not imported"


@dataclass
class SourceText:
    source: RefiSource
    raw: str  # decoded, before canonicalisation (positions count in this)
    member: str | None
    encoding: str


def _load_texts(zf: SafeZip, project: RefiProject, report: QdpxImportReport) -> list[SourceText]:
    texts: list[SourceText] = []
    for source in project.sources:
        what = f"source {source.name}"
        if source.kind != "TextSource":
            n = source.other_selections + len(source.codings)
            report.skip(
                "unsupported-source",
                what,
                f"{article(source.kind)}: kode holds text interviews only"
                + (f" ({plural(n, 'selection or coding', 'selections and codings')} not imported)" if n else ""),
            )
            continue
        if source.content is not None and not source.plain_path:
            texts.append(SourceText(source, source.content, None, "xml"))
            continue
        member, why = _internal_member(zf, source.plain_path)
        if member is None:
            n = len(source.selections) + len(source.codings)
            report.skip("missing-source", what, why + (f"; {_not_imported(n)}" if n else ""))
            continue
        try:
            decoded = textmod.decode_source(zf.read(member), member)
        except InputError as exc:
            n = len(source.selections) + len(source.codings)
            report.skip("undecodable-source", what, f"{exc}" + (f"; {_not_imported(n)}" if n else ""))
            continue
        if decoded.bom:
            report.adjust("bom", what, "byte-order mark dropped; positions count from the first character after it")
        texts.append(SourceText(source, decoded.text, member, decoded.encoding))
    return texts


# -- position units -----------------------------------------------------------------------------


def decide_positions(project: RefiProject, texts: list[SourceText], forced: Positions) -> tuple[str, str]:
    """Which unit the file counts positions in: code points (the standard) or UTF-16 units (NVivo).

    The evidence, in order: ``--positions``; the writing tool (origin NVivo); selections that only
    fit the text when counted in UTF-16; selection names (tools write the selected text there)
    that match the text in one unit and not in the other."""
    if forced != "auto":
        return forced, "given with --positions"
    if project.origin and "nvivo" in project.origin.lower():
        return "utf16", f"written by {project.origin.strip()}, which counts UTF-16 code units"
    utf16_votes = 0
    char_votes = 0
    for st in texts:
        if not textmod.has_astral(st.raw):
            continue
        n_chars, n_units = len(st.raw), textmod.utf16_length(st.raw)
        for sel in st.source.selections:
            if n_chars < sel.end <= n_units:
                utf16_votes += 1
                continue
            if not sel.name or sel.end > n_units or sel.start < 0 or sel.start > sel.end:
                continue
            as_chars = st.raw[sel.start : sel.end]
            as_units = textmod.slice_utf16(st.raw, sel.start, sel.end)
            if as_chars != as_units:
                name = unicodedata.normalize("NFC", sel.name.strip())
                as_units = unicodedata.normalize("NFC", as_units)
                as_chars = unicodedata.normalize("NFC", as_chars)
                if as_units.strip() == name or (name and as_units.strip().startswith(name)):
                    utf16_votes += 1
                elif as_chars.strip() == name or (name and as_chars.strip().startswith(name)):
                    char_votes += 1
    if utf16_votes and not char_votes:
        fit = "fits" if utf16_votes == 1 else "fit"
        return "utf16", f"{plural(utf16_votes, 'selection')} {fit} the text only when counted in UTF-16 code units"
    if utf16_votes and char_votes:
        return (
            "chars",
            f"evidence both ways ({char_votes} for characters, {utf16_votes} for UTF-16); read as characters",
        )
    return "chars", "characters (Unicode code points), as the standard says"


# -- the import ---------------------------------------------------------------------------------


@dataclass
class _Context:
    session: Session
    project: RefiProject
    options: QdpxOptions
    report: QdpxImportReport
    vocab: dict[str, list[str]]
    coders: dict[str, Coder] = field(default_factory=dict)  # user GUID -> coder
    codes: dict[str, Code] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)  # case GUID -> participant
    interviews: dict[str, Interview] = field(default_factory=dict)  # source GUID -> interview
    selections: dict[str, tuple[Interview, CodingRef | None]] = field(default_factory=dict)
    codings: dict[str, CodingRef] = field(default_factory=dict)  # REFI coding GUID -> coding
    pending_codings: list[dict[str, Any]] = field(default_factory=list)
    fallback: Coder | None = None
    speakers: SpeakerTable | None = None
    names_matched: int = 0
    existing_codings: dict[int, dict[CodingKey, Coding | None]] = field(default_factory=dict)
    name_mismatches: list[tuple[str, str]] = field(default_factory=list)
    identity: RefiIdentity = field(default_factory=RefiIdentity)
    selection_source: dict[str, str] = field(default_factory=dict)  # selection GUID -> source GUID
    case_sources: dict[str, set[str]] = field(default_factory=dict)  # case GUID -> sources it refers to
    selection_text: dict[str, str] = field(default_factory=dict)  # selection GUID -> the passage
    matched_codes: set[str] = field(default_factory=set)  # uids of codes the project had already
    wave_names: set[str] = field(default_factory=set)  # casefolded: Boolean case variables named so are waves
    descriptions: int = 0


def _coder(ctx: _Context, name: str, full_name: str | None = None) -> Coder:
    name = name.strip()[:100]
    found = ctx.session.scalar(select(Coder).where(Coder.name == name))
    if found is None:
        found = Coder(name=name, full_name=full_name if full_name and full_name != name else None)
        ctx.session.add(found)
        ctx.session.flush()
        ctx.report.count("coders")
    return found


def _map_users(ctx: _Context) -> None:
    cmap = {k.casefold(): v for k, v in ctx.options.coder_map.items()}
    used: set[str] = set()
    for guid, user in ctx.project.users.items():
        name = user.id or user.name or f"user-{guid[:8]}"
        for key in (guid, user.id, user.name):
            if key and key.casefold() in cmap:
                used.add(key.casefold())
                name = cmap[key.casefold()]
                break
        existed = ctx.session.scalar(select(Coder).where(Coder.name == name.strip()[:100])) is not None
        coder = ctx.coders[guid] = _coder(ctx, name, user.name if user.id else None)
        if existed:
            ctx.report.count("coders", matched=True)
        if guid != user_guid(coder.name):
            ctx.identity.coders.setdefault(coder.name, guid)
    for key in cmap:
        if key not in used:
            ctx.report.skip("coder-map", key, "--coder-map names a user that is not in the file")


def _user(ctx: _Context, *guids: str | None) -> Coder | None:
    for guid in guids:
        if guid and guid in ctx.coders:
            return ctx.coders[guid]
    return None


def _fallback(ctx: _Context, what: str) -> Coder:
    if ctx.fallback is None:
        ctx.fallback = _coder(ctx, FALLBACK_CODER)
        ctx.report.adjust(
            "no-user", what, f"no known creating user; attributed to coder {FALLBACK_CODER} (and so are others like it)"
        )
    return ctx.fallback


def _variable(variables: dict[str, str], kind: str) -> str | None:
    for key, value in variables.items():
        if _VARIABLE_ALIASES.get(key.strip().casefold()) == kind and value.strip():
            return value.strip()
    return None


def _extra_variables(ctx: _Context, variables: dict[str, str]) -> dict[str, Any]:
    """The variables kode keeps as attributes: not site, group, wave, date or interviewer, and not
    a Boolean named after a wave (kode writes one per wave on cases; the waves a participant was
    interviewed in follow from their interviews)."""
    types = ctx.project.variable_types
    return {
        k: v
        for k, v in variables.items()
        if _VARIABLE_ALIASES.get(k.strip().casefold()) is None
        and not (types.get(k) == "Boolean" and k.strip().casefold() in ctx.wave_names)
    }


def _valid(ctx: _Context, kind: str, value: str | None, what: str) -> str | None:
    if value is None:
        return None
    try:
        return canonical_value(kind, value, ctx.vocab[kind + "s"])
    except InputError as exc:
        ctx.report.skip("bad-variable", what, str(exc))
        return None


def _import_cases(ctx: _Context) -> None:
    for case in ctx.project.cases:
        what = f"case {case.name}"
        pseudonym = case.name.strip()[:200]
        found = ctx.session.scalar(select(Participant).where(Participant.pseudonym == pseudonym))
        if found is not None:
            ctx.participants[case.guid] = found
            ctx.report.count("participants", matched=True)
            if case.guid != case_guid(pseudonym):
                ctx.identity.participants.setdefault(pseudonym, case.guid)
            extra = _extra_variables(ctx, case.variables)
            new = {k: v for k, v in extra.items() if k not in found.attributes}
            if new:
                found.attributes = {**found.attributes, **new}
            continue
        site_name = _valid(ctx, "site", _variable(case.variables, "site"), what)
        group_name = _valid(ctx, "group", _variable(case.variables, "group"), what)
        participant = Participant(
            pseudonym=pseudonym,
            site=ctx.session.scalar(select(Site).where(Site.name == site_name)) if site_name else None,
            group=ctx.session.scalar(select(InformantGroup).where(InformantGroup.name == group_name))
            if group_name
            else None,
            attributes=_extra_variables(ctx, case.variables),
        )
        ctx.session.add(participant)
        ctx.session.flush()
        ctx.participants[case.guid] = participant
        ctx.report.count("participants")
        if case.guid != case_guid(pseudonym):
            ctx.identity.participants.setdefault(pseudonym, case.guid)


def _cases_of(ctx: _Context, source: RefiSource) -> list[tuple[Any, Participant]]:
    """The cases of a source: those that refer to it, those that refer to selections in it (a
    focus-group member's case points at the passages where they speak) and those its
    ``participants`` variable names (kode writes it on a focus group, in the order of the
    numbered labels: "Ansatt 1" is the first)."""
    named = [n.strip() for n in (_variable(source.variables, "participants") or "").split(";") if n.strip()]
    out = []
    for case in ctx.project.cases:
        if case.guid not in ctx.participants:
            continue
        if source.guid in ctx.case_sources.get(case.guid, ()) or case.name in named:
            out.append((case, ctx.participants[case.guid]))
    if named:
        out.sort(key=lambda pair: named.index(pair[0].name) if pair[0].name in named else len(named))
    return out


def _metadata(ctx: _Context, st: SourceText) -> tuple[str, str, str]:
    source = st.source
    cases = _cases_of(ctx, source)
    values: dict[str, str | None] = {}
    for kind in ("site", "group", "wave"):
        value = _variable(source.variables, kind)
        if value is None:
            for case, _p in cases:
                candidate = _variable(case.variables, kind)
                if candidate and kind == "wave" and "," in candidate:
                    continue  # a participant interviewed in several waves says nothing about this one
                if candidate:
                    value = candidate
                    break
        if value is None:
            value = getattr(ctx.options, kind)
        values[kind] = value
    missing = [k for k, v in values.items() if not v]
    if missing:
        flags = " ".join(f"--{k} {k.upper()}" for k in missing)
        raise InputError(
            f"{ctx.report.file}: source {source.name} has no {', '.join(missing)} (no source or case variable); "
            f"give a default with {flags}"
        )
    return (
        canonical_value("site", values["site"] or "", ctx.vocab["sites"]),
        canonical_value("group", values["group"] or "", ctx.vocab["groups"]),
        canonical_value("wave", values["wave"] or "", ctx.vocab["waves"]),
    )


def _interview_name(source: RefiSource) -> str:
    base = _SUFFIX.sub("", source.name.strip()) or source.guid
    return base[:300]


def _keep_source_guid(ctx: _Context, interview: Interview, source: RefiSource) -> None:
    """Remember the source's GUID for the next export, unless the interview has one already
    (the first tool it came from keeps its identity) or it is the GUID kode derives anyway."""
    if source.guid != source_guid(interview.name):
        ctx.identity.interviews.setdefault(interview.name, source.guid)


def _create_interview(
    ctx: _Context, st: SourceText, canon: textmod.Canonical, indexer: Indexer | None
) -> Interview | None:
    source = st.source
    what = f"source {source.name}"
    digest = hashlib.sha256(canon.text.encode("utf-8")).hexdigest()
    name = _interview_name(source)
    same = ctx.session.scalar(select(Interview).where(Interview.content_hash == digest))
    if same is not None:
        ctx.report.count("interviews", matched=True)
        _keep_source_guid(ctx, same, source)
        if same.name != name:
            ctx.report.adjust("same-text", what, f"same text as interview {same.name}; its codings go there")
        return same
    clash = ctx.session.scalar(select(Interview).where(Interview.name == name))
    if clash is not None:
        if clash.text == canon.text:
            ctx.report.count("interviews", matched=True)
            _keep_source_guid(ctx, clash, source)
            return clash
        ctx.report.skip(
            "interview-exists",
            what,
            f"interview {name} exists with other text; not replaced, {_not_imported(len(source.selections))}",
        )
        return None
    site_name, group_name, wave_name = _metadata(ctx, st)
    site = ctx.session.scalars(select(Site).where(Site.name == site_name)).one()
    group = ctx.session.scalars(select(InformantGroup).where(InformantGroup.name == group_name)).one()
    wave = ctx.session.scalars(select(Wave).where(Wave.name == wave_name)).one()
    participants = [p for _c, p in _cases_of(ctx, source)]
    extra = _extra_variables(ctx, source.variables)
    spans = textmod.split_turns(canon.text)
    interview = Interview(
        name=name,
        site=site,
        group=group,
        wave=wave,
        date=(_variable(source.variables, "date") or "")[:40] or None,
        interviewer=(_variable(source.variables, "interviewer") or "")[:200] or None,
        source_path=f"{ctx.report.file}#{st.member or 'PlainTextContent'}",
        source_format="qdpx",
        source_encoding=st.encoding,
        content_hash=digest,
        text=canon.text,
        word_count=sum(count_words(canon.text[t.start : t.end]) for t in spans),
        turn_count=len(spans),
        attributes=extra,
        participants=participants,
        pipeline=indexer.pipeline_name if indexer else None,
    )
    ctx.session.add(interview)
    ctx.session.flush()
    _keep_source_guid(ctx, interview, source)
    ctx.existing_codings[interview.id] = {}  # a new interview has no codings yet
    pseudonyms = [p.pseudonym for p in participants]
    by_pseudonym = {p.pseudonym: p for p in participants}
    rows: list[dict[str, Any]] = []
    unknown: list[str] = []
    for n, span in enumerate(spans, start=1):
        role, who = textmod.speaker_role(span.label, pseudonyms, ctx.speakers)
        if span.label and role == "unknown" and span.label not in unknown:
            unknown.append(span.label)
        rows.append(
            {"interview_id": interview.id, "n": n, "label": span.label, "role": role,
             "participant_id": by_pseudonym[who].id if who else None, "start": span.start, "end": span.end,
             "time_start": None, "time_end": None}
        )  # fmt: skip
    if rows:
        ctx.session.execute(_table(Turn).insert(), rows)
    if indexer is not None:
        turns = list(ctx.session.scalars(select(Turn).where(Turn.interview_id == interview.id).order_by(Turn.n)))
        indexer.index(ctx.session, interview, turns)
    if unknown:
        ctx.report.adjust(
            "unknown-speakers", what, f"speaker labels kept as written with role unknown: {', '.join(unknown)}"
        )
    if not any(s.label for s in spans):
        ctx.report.adjust("no-speaker-labels", what, "no `Label:` lines; one turn per paragraph")
    ctx.session.add(
        AuditEvent(
            actor=ctx.options.actor,
            action="import",
            entity="interview",
            entity_id=str(interview.id),
            detail={"name": name, "via": "qdpx", "file": Path(ctx.report.file).name, "turns": len(rows)},
        )
    )
    ctx.report.count("interviews")
    return interview


def _position_mapper(st: SourceText, unit: str) -> tuple[int, list[int] | None]:
    """(length in the file's unit, unit → code point map or None when they are the same)."""
    if unit == "utf16":
        units = textmod.utf16_to_chars(st.raw)
        return len(units) - 1, units
    return len(st.raw), None


def _existing(ctx: _Context, interview_id: int) -> dict[CodingKey, Coding | None]:
    """The interview's codings by (code, start, end, coder); None for those still to be inserted."""
    known = ctx.existing_codings.get(interview_id)
    if known is None:
        known = {
            (c.code_id, c.start, c.end, c.coder_id): c
            for c in ctx.session.scalars(select(Coding).where(Coding.interview_id == interview_id))
        }
        ctx.existing_codings[interview_id] = known
    return known


def _add_coding(
    ctx: _Context, interview: Interview, code_guid_: str | None, start: int, end: int, coder: Coder,
    created: datetime | None, what: str,
) -> CodingRef | None:  # fmt: skip
    code = ctx.codes.get(code_guid_ or "")
    if code is None:
        ctx.report.skip("unknown-code", what, f"refers to code {code_guid_ or '(none)'}, which is not in the codebook")
        return None
    known = _existing(ctx, interview.id)
    key = (code.id, start, end, coder.id)
    if key in known:
        ctx.report.count("codings", matched=True)
    else:
        known[key] = None
        ctx.pending_codings.append(
            {"code_id": code.id, "interview_id": interview.id, "start": start, "end": end,
             "coder_id": coder.id, "created_at": created or utcnow()}
        )  # fmt: skip
        ctx.report.count("codings")
    return interview.id, key


def _insert_codings(ctx: _Context, interview_id: int) -> None:
    """Bulk rows go in through Core, one statement per interview (the ORM is ~20× slower)."""
    if not ctx.pending_codings:
        return
    ctx.session.execute(_table(Coding).insert(), ctx.pending_codings)
    ctx.pending_codings.clear()


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def _coding_of(ctx: _Context, ref: CodingRef | None) -> Coding | None:
    """The coding a note points at, loaded only then (codings went in as bulk rows)."""
    if ref is None:
        return None
    interview_id, key = ref
    known = _existing(ctx, interview_id)
    found = known.get(key)
    if found is None:
        code_id, start, end, coder_id = key
        found = ctx.session.scalar(
            select(Coding).where(
                Coding.interview_id == interview_id, Coding.code_id == code_id, Coding.start == start,
                Coding.end == end, Coding.coder_id == coder_id,
            )
        )  # fmt: skip
        known[key] = found
    return found


def _import_selections(
    ctx: _Context, st: SourceText, canon: textmod.Canonical, interview: Interview, unit: str
) -> None:
    source = st.source
    length, units = _position_mapper(st, unit)
    for sel in source.selections:
        what = f"selection {sel.guid} in source {source.name}"
        if not sel.codings and not sel.notes and not sel.description:
            ctx.report.skip(
                "empty-selection", what, "a selection without codings, notes or description; nothing to keep"
            )
            continue
        if sel.start < 0 or sel.end > length or sel.start > sel.end:
            ctx.report.skip(
                "beyond-text",
                what,
                f"positions {sel.start}–{sel.end} do not fit the text "
                f"({length} {'UTF-16 units' if units else 'characters'}); "
                f"{plural(len(sel.codings), 'coding')} not imported"
                + (" nor its description" if sel.description else ""),
            )
            continue
        start, end = sel.start, sel.end
        if units is not None:
            if _inside_pair(units, start) or _inside_pair(units, end):
                ctx.report.adjust(
                    "split-character", what, "a position falls inside a surrogate pair; moved to the character's start"
                )
            start, end = units[start], units[end]
        c_start, c_end = canon.offsets[start], canon.offsets[end]
        if c_end <= c_start:
            ctx.report.skip(
                "empty-after-normalisation",
                what,
                "covers only line ends or trailing spaces; not imported"
                + (f" (its description: {sel.description[:60]!r})" if sel.description else ""),
            )
            continue
        _check_name(ctx, sel.name, canon.text[c_start:c_end], what)
        if sel.description:
            ctx.selection_text[sel.guid] = canon.text[c_start:c_end]
        first: CodingRef | None = None
        for coding in sel.codings:
            coder = _user(ctx, coding.user, sel.user, source.user, ctx.project.creating_user) or _fallback(ctx, what)
            made = _add_coding(ctx, interview, coding.code, c_start, c_end, coder, coding.created or sel.created, what)
            if made is not None:
                first = first or made
                if coding.guid:
                    ctx.codings[coding.guid] = made
        ctx.selections[sel.guid] = (interview, first)
    for coding in source.codings:
        what = f"coding {coding.guid} of the whole source {source.name}"
        coder = _user(ctx, coding.user, source.user, ctx.project.creating_user) or _fallback(ctx, what)
        made = _add_coding(ctx, interview, coding.code, 0, len(canon.text), coder, coding.created, what)
        if made is not None:
            ctx.report.adjust("whole-source-coding", what, "coded over the whole text")
            if coding.guid:
                ctx.codings[coding.guid] = made
    _insert_codings(ctx, interview.id)


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).rstrip("…").removesuffix("...").strip()


def _check_name(ctx: _Context, name: str | None, covered: str, what: str) -> None:
    """Tools such as ATLAS.ti and kode write the selected text as the selection's name: where
    they do, a name that differs from the text at the mapped positions is a warning sign."""
    if not name or not name.strip():
        return
    want, got = _squash(name), _squash(covered)
    if want and got and (got.startswith(want) or want.startswith(got)):
        ctx.names_matched += 1
    else:
        ctx.name_mismatches.append((what, name))


def _report_names(ctx: _Context) -> None:
    # Only when some names are the selected text do the others say anything about positions.
    if not ctx.names_matched or not ctx.name_mismatches:
        return
    for what, name in ctx.name_mismatches[:20]:
        shown = name if len(name) <= 60 else name[:57] + "..."
        ctx.report.adjust(
            "selection-text-differs", what, f"imported, but its name {shown!r} is not the text at its positions"
        )
    if len(ctx.name_mismatches) > 20:
        ctx.report.adjust(
            "selection-text-differs", "selections", f"{len(ctx.name_mismatches) - 20} more like the ones above"
        )


def _inside_pair(units: list[int], u: int) -> bool:
    return 0 < u < len(units) - 1 and units[u] == units[u - 1]


def _import_notes(ctx: _Context, zf: SafeZip) -> None:
    ctx.session.flush()
    project = ctx.project
    refs: dict[str, dict[str, Any]] = {n.guid: {} for n in project.notes}

    def point(note: str, key: str, value: Any, what: str) -> None:
        if note not in refs:
            ctx.report.skip("unknown-note", what, f"refers to note {note}, which is not in the file")
            return
        if key in refs[note] and refs[note][key] is not value:
            ctx.report.adjust("several-targets", f"note {note}", f"refers to more than one {key}; linked to the first")
            return
        refs[note][key] = value

    for code_guid_, notes in project.code_notes.items():
        code = ctx.codes.get(code_guid_)
        for note in notes:
            if code is not None:
                point(note, "code", code, f"code {code.name}")
    for source in project.sources:
        interview = ctx.interviews.get(source.guid)
        for note in source.notes:
            if interview is not None:
                point(note, "interview", interview, f"source {source.name}")
        for sel in source.selections:
            iv_coding = ctx.selections.get(sel.guid)
            for note in sel.notes:
                if iv_coding is None:
                    continue
                first = _coding_of(ctx, iv_coding[1])
                if first is not None:
                    point(note, "coding", first, f"selection {sel.guid}")
                else:
                    point(note, "interview", iv_coding[0], f"selection {sel.guid}")
            for coding in sel.codings:
                if not coding.notes:
                    continue
                made = _coding_of(ctx, ctx.codings.get(coding.guid or ""))
                for note in coding.notes:
                    if made is not None:
                        point(note, "coding", made, f"coding {coding.guid}")
    wave_sets = {
        s.guid: s.name.split(":", 1)[1].strip() for s in project.codebook.sets if s.name.lower().startswith("wave:")
    }
    for link in project.links:
        what = f"link {link.name or link.guid}"
        if link.origin in refs and link.name == LINK_PARTICIPANT and link.target in ctx.participants:
            point(link.origin, "participant", ctx.participants[link.target], what)
        elif link.origin in refs and link.name == LINK_WAVE and link.target in wave_sets:
            wave = ctx.session.scalar(select(Wave).where(Wave.name == wave_sets[link.target]))
            if wave is not None:
                point(link.origin, "wave", wave, what)
        else:
            ctx.report.skip("link", what, "links between objects are not kept (kode has no links)")

    for refi_note in project.notes:
        _import_note(ctx, zf, refi_note, refs.get(refi_note.guid, {}))
    ctx.session.flush()


def _import_note(ctx: _Context, zf: SafeZip, note: RefiNote, targets: dict[str, Any]) -> None:
    project = ctx.project
    what = f"note {note.name or note.guid}"
    text = note.text
    if text is None and note.plain_path:
        member, why = _internal_member(zf, note.plain_path)
        if member is None:
            ctx.report.adjust("missing-note-text", what, why + "; imported with its description only")
        else:
            text = textmod.decode_source(zf.read(member), f"{zf.path}: {member}").text
    if text is None:
        text = note.description or ""
    elif note.description and note.description.strip() and note.description.strip() not in text:
        text = f"{note.description.strip()}\n\n{text}"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    author = _user(ctx, note.user, project.creating_user) or _fallback(ctx, what)
    if not targets and note.guid not in project.project_notes:
        ctx.report.adjust("unlinked-note", what, "refers to nothing kode holds; kept as a project memo")
    values = {
        "code_id": targets["code"].id if "code" in targets else None,
        "interview_id": targets["interview"].id if "interview" in targets else None,
        "coding_id": targets["coding"].id if "coding" in targets else None,
        "participant_id": targets["participant"].id if "participant" in targets else None,
        "wave_id": targets["wave"].id if "wave" in targets else None,
    }
    title = (note.name[:300] or None) if note.name and note.name != "Memo" else None
    memo = _add_memo(ctx, author, title, text, values, note.created, note.modified or note.created)
    ctx.session.flush()
    if note.guid != note_guid(memo):
        ctx.identity.notes.setdefault(memo_key(memo.id, xml_datetime(memo.created_at)), note.guid)


def _add_memo(
    ctx: _Context, author: Coder, title: str | None, text: str, values: dict[str, int | None],
    created: datetime | None = None, changed: datetime | None = None,
) -> Memo:  # fmt: skip
    """A memo, unless the same one (author, title, text, targets) is there from an earlier import."""
    query = select(Memo).where(
        Memo.author_id == author.id,
        Memo.text == text,
        Memo.title.is_(None) if title is None else Memo.title == title,
    )
    for key in ("code_id", "interview_id", "coding_id", "participant_id", "wave_id"):
        value = values.get(key)
        column = getattr(Memo, key)
        query = query.where(column.is_(None) if value is None else column == value)
    found = ctx.session.scalar(query)
    if found is not None:
        ctx.report.count("memos", matched=True)
        return found
    memo = Memo(author_id=author.id, title=title, text=text, **values)
    if created is not None:
        memo.created_at = created
    if changed is not None:
        memo.updated_at = changed
    ctx.session.add(memo)
    ctx.report.count("memos")
    return memo


def _import_descriptions(ctx: _Context) -> None:
    """Every ``Description`` kode has no field for becomes a memo titled ``Description`` on what it
    describes, so a comment (ATLAS.ti writes a quotation's comment there) is never lost:

    - on a selection: on its first coding, by the selection's user (as its codings are); on the
      interview, with the passage quoted, when the selection has no coding kode keeps;
    - on the project, a source or a case: on the project, the interview or the participant;
    - on a code already in the project whose description differs from the file's: on the code
      (a new code takes the description as its definition).

    REFI-QDA records no author of a source's, case's or code's description; those memos are by
    coder ``qdpx-import``. The exporter writes such memos back as the ``Description`` they came from.
    """
    project = ctx.project
    anonymous: Coder | None = None

    def nobody() -> Coder:
        nonlocal anonymous
        if anonymous is None:
            anonymous = _coder(ctx, FALLBACK_CODER)
        return anonymous

    def add(author: Coder, text: str, **values: int | None) -> None:
        ctx.descriptions += 1
        _add_memo(ctx, author, DESCRIPTION_TITLE, text, values)

    ctx.session.flush()
    if project.description:
        add(nobody(), project.description)
    for source in project.sources:
        interview = ctx.interviews.get(source.guid)
        if interview is None:
            continue
        if source.description:
            add(nobody(), source.description, interview_id=interview.id)
        for sel in source.selections:
            if not sel.description or sel.guid not in ctx.selections:
                continue
            _iv, ref = ctx.selections[sel.guid]
            coding = _coding_of(ctx, ref)
            author = _user(ctx, sel.user, source.user, project.creating_user) or _fallback(ctx, f"selection {sel.guid}")
            if coding is not None:
                add(author, sel.description, coding_id=coding.id)
            else:
                passage = ctx.selection_text.get(sel.guid, "")
                shown = passage if len(passage) <= 200 else passage[:199] + "…"
                add(author, f"{sel.description}\n\n«{shown}»", interview_id=interview.id)
                ctx.report.adjust(
                    "description-on-interview",
                    f"selection {sel.guid} in source {source.name}",
                    "a selection without codings; its description is kept as a memo on the interview, "
                    "with the passage quoted",
                )
    for case in project.cases:
        participant = ctx.participants.get(case.guid)
        if case.description and participant is not None:
            add(nobody(), case.description, participant_id=participant.id)
    for node in project.codebook.walk():
        code = ctx.codes.get(node.guid)
        if code is None or not node.description or not node.description.strip() or code.uid not in ctx.matched_codes:
            continue
        text = node.description.replace("\r\n", "\n").strip()
        # Compared as kode reads a description (definition, inclusion, exclusion, examples), so
        # the file a code came from, imported again, adds nothing.
        theirs = parse_description(text)
        mine = parse_description(
            compose_description(code.definition, code.inclusion, code.exclusion, list(code.examples))
        )
        if _squash_parts(theirs) != _squash_parts(mine):
            add(nobody(), text, code_id=code.id)
    if anonymous is not None:
        ctx.report.adjust(
            "description-author",
            "descriptions",
            f"REFI-QDA records no author of a project's, source's, case's or code's description; "
            f"kept as memos by {FALLBACK_CODER}",
        )


def _squash_parts(parts: dict[str, object]) -> tuple[str, ...]:
    def squash(value: object) -> str:
        return " ".join(str(value or "").split())

    examples = parts.get("examples")
    return (
        squash(parts.get("definition")),
        squash(parts.get("inclusion")),
        squash(parts.get("exclusion")),
        *(squash(e) for e in (examples if isinstance(examples, list) else [])),
    )


def _import_sets(ctx: _Context) -> None:
    kept: list[SetNode] = []
    own = re.compile(r"^(wave|group|site): ")
    for s in ctx.project.codebook.sets:
        if own.match(s.name) and not s.codes:
            continue  # kode's own sets are made afresh from the interviews on every export
        sources: list[str] = []
        missing = 0
        for target in s.sources:
            interview = ctx.interviews.get(target)
            if interview is None:
                missing += 1
            else:
                sources.append(ctx.identity.interviews.get(interview.name) or source_guid(interview.name))
        codes = [code_guid(ctx.codes[g].uid) for g in s.codes if g in ctx.codes]
        lost = len(s.codes) - len(codes)
        if missing or lost or s.notes:
            parts = []
            if missing:
                parts.append(f"{missing} source member(s) not imported")
            if lost:
                parts.append(f"{lost} code member(s) not in the codebook")
            if s.notes:
                parts.append(f"{len(s.notes)} note member(s) not kept")
            ctx.report.adjust("set-members", f"set {s.name}", "; ".join(parts))
        kept.append(SetNode(s.guid, s.name, s.description, codes, sources, []))
    if kept:
        before = {s.guid for s in stored_sets(ctx.session)}
        store_sets(ctx.session, kept)
        ctx.report.count("sets", sum(1 for s in kept if s.guid not in before))
        ctx.report.count("sets", sum(1 for s in kept if s.guid in before), matched=True)


def _check_outcome(ctx: _Context) -> None:
    """Refuse the import as a whole (the caller rolls back) when it would leave the user with less
    than they think: no source of the file could be imported, nothing at all was, or ``--strict``
    and something was skipped."""
    project, report = ctx.project, ctx.report
    path = report.file
    got = sum(report.imported.values()) + sum(report.matched.values())
    sources = len(project.sources)
    interviews = report.imported.get("interviews", 0) + report.matched.get("interviews", 0)
    if sources and not interviews:
        raise QdpxImportFailed(
            f"{path}: none of its {plural(sources, 'source')} could be imported (see `skipped`); nothing was written",
            report,
        )
    non_empty = bool(sources or project.cases or project.notes or list(project.codebook.walk()))
    if non_empty and not got:
        raise QdpxImportFailed(f"{path}: nothing in the file could be imported; nothing was written", report)
    if ctx.options.strict and report.skipped:
        raise QdpxImportFailed(
            f"{path}: --strict and {plural(len(report.skipped), 'item')} would be skipped (see `skipped`); "
            "nothing was written",
            report,
        )


def import_qdpx(
    session: Session,
    path: Path,
    options: QdpxOptions | None = None,
    *,
    indexer: Indexer | None = None,
    speakers: SpeakerTable | None = None,
) -> QdpxImportReport:
    """Import ``path`` into the project behind ``session`` (the caller's one transaction)."""
    options = options or QdpxOptions()
    report = QdpxImportReport(file=str(path))
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with SafeZip(path) as zf:
        qde = _find_qde(zf)
        project = read_project_bytes(zf.read(qde), f"{path}: {qde}")
        report.origin = project.origin
        remark = namespace_remark(project)
        if remark:
            report.adjust("namespace", qde, remark)
        for problem in project.problems:
            report.skip("malformed", qde, problem)
        ctx = _Context(session, project, options, report, vocabulary(session), speakers=speakers)
        ctx.identity = load_identity(session)
        ctx.selection_source = {sel.guid: s.guid for s in project.sources for sel in s.selections}
        ctx.case_sources = {
            c.guid: {*c.sources, *(ctx.selection_source[g] for g in c.selections if g in ctx.selection_source)}
            for c in project.cases
        }
        # Names a wave has in the project or in the file (a source's wave, a `wave: T3` set).
        ctx.wave_names = (
            {w.casefold() for w in ctx.vocab["waves"]}
            | {v.casefold() for s in project.sources if (v := _variable(s.variables, "wave"))}
            | {x.name.split(":", 1)[1].strip().casefold() for x in project.codebook.sets if x.name.startswith("wave:")}
        )

        _map_users(ctx)
        # Sets are taken later, once sources are known, so their members can be mapped.
        codes_only = CodebookTree(project.codebook.codes, [], project.origin, [])
        had_codes = set(session.scalars(select(Code.uid)))
        applied = apply_codebook(session, codes_only, actor=options.actor, via="qdpx")
        ctx.codes = applied.by_guid
        ctx.matched_codes = {c.uid for c in applied.by_guid.values() if c.uid in had_codes}
        report.count("codes", len(applied.added))
        report.count("codes", len(applied.present), matched=True)
        for problem in applied.problems:
            report.skip("malformed", "codebook", problem)
        _import_cases(ctx)

        texts = _load_texts(zf, project, report)
        unit, reason = decide_positions(project, texts, options.positions)
        report.positions, report.positions_reason = unit, reason
        if unit == "utf16" and any(textmod.has_astral(st.raw) for st in texts):
            report.adjust(
                "utf16-positions", "selections", f"positions converted from UTF-16 code units to characters ({reason})"
            )
        seen_names: set[str] = set()
        for st in texts:
            what = f"source {st.source.name}"
            canon = textmod.canonicalise(st.raw)
            if not canon.text.strip():
                report.skip("empty-source", what, "no text")
                continue
            if "crlf" in canon.changes:
                report.adjust(
                    "crlf", what, "\\r\\n line ends counted as 2 in the file, folded to \\n; every selection mapped"
                )
            if "nfc" in canon.changes:
                report.adjust("nfc", what, "text normalised to NFC; every selection mapped")
            if "trailing-spaces" in canon.changes:
                report.adjust("trailing-spaces", what, "spaces at line ends removed; every selection mapped")
            name = _interview_name(st.source)
            if name in seen_names:
                report.skip("duplicate-source", what, f"a second source named {name} in the file; not imported")
                continue
            seen_names.add(name)
            interview = _create_interview(ctx, st, canon, indexer)
            if interview is None:
                continue
            ctx.interviews[st.source.guid] = interview
            _import_selections(ctx, st, canon, interview, unit)

        _report_names(ctx)
        _import_notes(ctx, zf)
        _import_descriptions(ctx)
        _import_sets(ctx)
        if project.graphs:
            report.skip("graph", plural(project.graphs, "graph"), "kode has no graphs")
        _check_outcome(ctx)
        if project.origin and project.origin.strip() and project.origin.strip() not in ctx.identity.origins:
            ctx.identity.origins.append(project.origin.strip())
        save_identity(session, ctx.identity)
        session.add(
            AuditEvent(
                actor=options.actor, action="import-qdpx", entity="project", entity_id=None,
                detail={"file": path.name, "origin": project.origin, "imported": report.imported,
                        "positions": report.positions, "skipped": len(report.skipped)},
            )
        )  # fmt: skip
    return report
