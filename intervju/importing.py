"""Importing transcript files into a project: one transaction per file, nothing half-written.

The orchestration here is deliberately boring: read bytes, hash, resolve metadata, parse, map
speakers, index, store. Anything that fails for one file is reported with the file's name and
leaves nothing of that file behind; the other files go on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple, Protocol, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session, sessionmaker

from intervju import metadata as md
from intervju.bulk import insert_rows
from intervju.canonical import TurnSpan, build_canonical
from intervju.errors import InputError, KodeError
from intervju.models import AuditEvent, InformantGroup, Interview, Participant, Site, Turn, Wave
from intervju.readers import SUPPORTED_SUFFIXES, ReadError, read_transcript_bytes
from intervju.setup import vocabulary
from intervju.speakers import SpeakerTable

MAX_FILE_BYTES = 200 * 1024 * 1024
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

Status = Literal["imported", "already", "failed"]


class TurnRef(Protocol):
    """What an indexer reads of a turn: a stored :class:`Turn` or the :class:`StoredTurn` the
    importer hands over without building ORM objects."""

    @property
    def id(self) -> int: ...

    @property
    def interview_id(self) -> int: ...

    @property
    def role(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class Indexer(Protocol):
    """Adds the language layer's rows (sentences, tokens, search index) for a new interview,
    inside the import's transaction, so an interview is never searchable only half-way."""

    pipeline_name: str

    def index(self, session: Session, interview: Interview, turns: Sequence[TurnRef]) -> None: ...


class StoredTurn(NamedTuple):
    """A turn row as :func:`store_turns` wrote it (the ``turn`` table's columns), id included.
    A named tuple: hundreds per interview, and a frozen dataclass took twice as long to make."""

    id: int
    interview_id: int
    n: int
    label: str | None
    role: str
    participant_id: int | None
    start: int
    end: int
    time_start: float | None
    time_end: float | None


@dataclass
class FileResult:
    path: Path
    status: Status
    message: str = ""
    interview: str | None = None
    words: int = 0
    turns: int = 0
    unknown_labels: list[str] = field(default_factory=list)
    fuzzy_labels: dict[str, str] = field(default_factory=dict)
    positional_labels: dict[str, str] = field(default_factory=dict)  # label -> participant, by position


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return any(r.status == "failed" for r in self.results)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files given directly are taken whatever their suffix (so a wrong one gets a message);
    folders are walked recursively for the formats kode reads, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith((".", "~$"))
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def import_files(
    sessions: sessionmaker[Session],
    paths: Sequence[Path],
    *,
    pattern: str | None = None,
    manifest: Path | None = None,
    speakers: SpeakerTable | None = None,
    indexer: Indexer | None = None,
    actor: str | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> ImportReport:
    files = collect_files(paths)
    man = md.Manifest.read(manifest) if manifest else None
    pat = md.FilenamePattern(pattern) if pattern else None
    if pat is None and man is None:
        pat = md.FilenamePattern(md.DEFAULT_PATTERN)
    table = speakers or SpeakerTable()
    report = ImportReport()
    for i, path in enumerate(files):
        if progress:
            progress(i, len(files), path)
        try:
            with sessions.begin() as session:
                result = _import_one(session, path, pat, man, table, indexer, actor)
        except KodeError as exc:
            result = FileResult(path, "failed", str(exc))
        except ReadError as exc:
            result = FileResult(path, "failed", str(exc))
        report.results.append(result)
    if progress:
        progress(len(files), len(files), Path())
    return report


def read_source(path: Path) -> tuple[bytes, str]:
    """A transcript file's bytes and SHA-256, after the checks every import and revision makes.
    Messages leave the file name to the caller, which reports per file."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"unsupported file type {path.suffix or '(none)'}; kode reads {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})") from exc
    if not data.strip():
        raise InputError("the file is empty")
    return data, hashlib.sha256(data).hexdigest()


def _import_one(
    session: Session,
    path: Path,
    pattern: md.FilenamePattern | None,
    manifest: md.Manifest | None,
    speakers: SpeakerTable,
    indexer: Indexer | None,
    actor: str | None,
) -> FileResult:
    data, digest = read_source(path)
    suffix = path.suffix.lower()
    existing = session.scalar(select(Interview).where(Interview.content_hash == digest))
    if existing is not None:
        return FileResult(path, "already", f"same content as interview {existing.name}", interview=existing.name)

    name = path.stem
    clash = session.scalar(select(Interview).where(Interview.name == name))
    if clash is not None:
        raise InputError(
            f"interview {name} exists with other content; a corrected transcript replaces it with "
            f"`kode import PROJECT FILE --revise`"
        )

    meta = md.merge(pattern.match(path) if pattern else None, manifest.lookup(path) if manifest else None)
    missing = [f for f in ("site", "group", "wave") if not getattr(meta, f)]
    if not meta.participants:
        missing.append("participant")
    if missing:
        where = "the manifest" if manifest else f"the file name pattern {pattern.pattern if pattern else ''}"
        raise InputError(f"metadata missing: {', '.join(missing)} (not found in {where})")
    vocab = vocabulary(session)
    site_name = md.canonical_value("site", meta.site or "", vocab["sites"])
    group_name = md.canonical_value("group", meta.group or "", vocab["groups"])
    wave_name = md.canonical_value("wave", meta.wave or "", vocab["waves"])
    site = session.scalars(select(Site).where(Site.name == site_name)).one()
    group = session.scalars(select(InformantGroup).where(InformantGroup.name == group_name)).one()
    wave = session.scalars(select(Wave).where(Wave.name == wave_name)).one()

    raw = read_transcript_bytes(data, suffix)
    text, spans = build_canonical(raw.turns)
    if not text.strip():
        raise InputError("no text in the transcript")

    participants = [_participant(session, p, site, group) for p in meta.participants]

    interview = Interview(
        name=name,
        site=site,
        group=group,
        wave=wave,
        date=meta.date,
        interviewer=meta.interviewer,
        source_path=str(path),
        source_format=raw.format,
        source_encoding=raw.encoding,
        content_hash=digest,
        text=text,
        word_count=sum(count_words(s.text) for s in spans),
        turn_count=len(spans),
        attributes=dict(meta.attributes),
        participants=participants,
        pipeline=indexer.pipeline_name if indexer else None,
    )
    session.add(interview)
    session.flush()

    labels = SpeakerReport()
    turns = store_turns(session, interview, spans, speakers, participants, labels)
    if indexer is not None:
        indexer.index(session, interview, turns)
    session.add(
        AuditEvent(
            actor=actor,
            action="import",
            entity="interview",
            entity_id=str(interview.id),
            detail={"name": name, "file": path.name, "sha256": digest, "turns": len(turns)},
        )
    )
    return FileResult(
        path,
        "imported",
        interview=name,
        words=interview.word_count,
        turns=len(turns),
        unknown_labels=labels.unknown,
        fuzzy_labels=labels.fuzzy,
        positional_labels=labels.positional,
    )


@dataclass
class SpeakerReport:
    """What the speaker table made of an interview's labels, for the import report."""

    unknown: list[str] = field(default_factory=list)
    fuzzy: dict[str, str] = field(default_factory=dict)
    positional: dict[str, str] = field(default_factory=dict)


_TURN = cast(Table, Turn.__table__)
_TURN_COLUMNS = ("interview_id", "n", "label", "role", "participant_id", "start", "end", "time_start", "time_end")


def store_turns(
    session: Session,
    interview: Interview,
    spans: Sequence[TurnSpan],
    speakers: SpeakerTable,
    participants: Sequence[Participant],
    report: SpeakerReport | None = None,
) -> list[StoredTurn]:
    """Add the turns of ``interview`` with each label mapped to a role and participant.

    Shared by import and revision so that a corrected transcript maps speakers exactly as the
    first import did. The rows go in through Core inserts (an interview has hundreds of turns;
    ORM objects cost more than the rest of storing them), and their ids are read back in one
    query, so the returned turns carry everything the ``turn`` table holds.
    """
    report = report if report is not None else SpeakerReport()
    by_pseudonym = {p.pseudonym: p for p in participants}
    pseudonyms = list(by_pseudonym)
    default = pseudonyms[0] if len(pseudonyms) == 1 else None
    # A label resolves the same way every time within an interview: resolve each once.
    resolved: dict[str | None, tuple[str, int | None]] = {}
    rows: list[tuple[int, int, str | None, str, int | None, int, int, float | None, float | None]] = []
    interview_id = interview.id
    for n, span in enumerate(spans, start=1):
        label = span.label
        known = resolved.get(label)
        if known is None:
            match = speakers.resolve(label, pseudonyms, default)
            if label is not None and match.how == "unknown" and label not in report.unknown:
                report.unknown.append(label)
            if match.how == "fuzzy" and match.matched and label:
                report.fuzzy[label] = match.matched
            if match.by_position and match.participant and label:
                report.positional[label] = match.participant
            participant = by_pseudonym.get(match.participant) if match.participant else None
            known = resolved[label] = (match.role, participant.id if participant else None)
        role, participant_id = known
        rows.append((interview_id, n, label, role, participant_id, span.start, span.end, span.time_start,
                     span.time_end))  # fmt: skip
    insert_rows(session, _TURN, _TURN_COLUMNS, rows)
    ids = session.execute(select(Turn.n, Turn.id).where(Turn.interview_id == interview_id)).all()
    id_of = dict(ids)
    return [StoredTurn(id_of[row[1]], *row) for row in rows]


def _participant(session: Session, pseudonym: str, site: Site, group: InformantGroup) -> Participant:
    found = session.scalar(select(Participant).where(Participant.pseudonym == pseudonym))
    if found is None:
        found = Participant(pseudonym=pseudonym, site=site, group=group, attributes={})
        session.add(found)
        session.flush()
        return found
    if found.group_id is not None and found.group_id != group.id:
        other = found.group.name if found.group else "?"
        raise InputError(f"participant {pseudonym} belongs to group {other} in the project, not {group.name}")
    if found.site_id is not None and found.site_id != site.id:
        other = found.site.name if found.site else "?"
        raise InputError(f"participant {pseudonym} belongs to site {other} in the project, not {site.name}")
    return found


def iter_turn_texts(text: str, turns: Sequence[TurnRef]) -> Iterator[str]:
    for turn in turns:
        yield text[turn.start : turn.end]
