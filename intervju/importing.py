"""Importing transcript files into a project: one transaction per file, nothing half-written.

The orchestration here is deliberately boring: read bytes, hash, resolve metadata, parse, map
speakers, index, store. Anything that fails for one file is reported with the file's name and
leaves nothing of that file behind; the other files go on.

On PostgreSQL one file's transaction stays open while the server works through its sentence rows,
and the next file is parsed and analysed meanwhile (:func:`_analyse_ahead`); its answer is
collected, and the file committed, before the next file's transaction begins.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol, cast

from sqlalchemy import Table, select, text
from sqlalchemy.orm import Session, sessionmaker

from intervju import metadata as md
from intervju.bulk import insert_rows
from intervju.canonical import TurnSpan, build_canonical
from intervju.errors import InputError, KodeError, is_disk_full
from intervju.models import AuditEvent, InformantGroup, Interview, Participant, Site, Turn, Wave
from intervju.prefetch import Prepared, prefetched
from intervju.readers import SUPPORTED_SUFFIXES, RawTranscript, ReadError, read_transcript_bytes
from intervju.setup import vocabulary
from intervju.speakers import SpeakerTable, normalise_label

#: Largest transcript file read (``kode import --max-size``): a long interview is well under 1 MB
#: as text, a Word file with a few photos under 10 MB. The size is checked before reading.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Turns and characters one interview may hold, checked on what the reader returns, before the
#: canonical text, its turns and its index are built (a 40-hour recording is ~3 M characters).
MAX_TURNS = 100_000
MAX_CHARS = 10_000_000
_CHUNK = 1 << 20
_LOGGER = logging.getLogger("kode.import")
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

    @property
    def pipeline_name(self) -> str: ...

    def index(self, session: Session, interview: Interview, turns: Sequence[TurnRef]) -> None: ...


class LazyIndexer:
    """An :class:`Indexer` made on first use: loading the language pipeline takes seconds and
    hundreds of MB, and a run whose files are all refused (too large, not a transcript, already
    imported) should cost neither."""

    def __init__(self, make: Callable[[], Indexer]) -> None:
        self._make = make
        self._real: Indexer | None = None

    def _get(self) -> Indexer:
        if self._real is None:
            self._real = self._make()
        return self._real

    @property
    def pipeline_name(self) -> str:
        return self._get().pipeline_name

    def index(self, session: Session, interview: Interview, turns: Sequence[TurnRef]) -> None:
        self._get().index(session, interview, turns)

    def analyse(self, text: str, bounds: Sequence[tuple[int, int]]) -> Any:
        """The real indexer's analysis ahead of storing (see :func:`_analyse_ahead`), None when
        it makes none; only asked for once a file has been indexed (the pipeline is loaded)."""
        analyse = getattr(self._get(), "analyse", None)
        return None if analyse is None else analyse(text, bounds)

    def start(self, session: Session, interview: Interview, turns: Sequence[TurnRef],
              analysis: Any = None) -> Callable[[], None]:
        """The real indexer's two-step :meth:`index` where it has one (else done at once)."""
        real = self._get()
        start = getattr(real, "start", None)
        if start is None:
            real.index(session, interview, turns)
            return lambda: None
        return cast(Callable[[], None], start(session, interview, turns, analysis))


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
    warnings: list[str] = field(default_factory=list)  # read, but worth a look (cue numbers, lines)


@dataclass(frozen=True)
class Limits:
    """What one file may cost: bytes on disk (checked before reading), turns and characters
    (checked before the text is built)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_turns: int = MAX_TURNS
    max_chars: int = MAX_CHARS
    #: Name interviews by the whole file name (``U03_T1.srt``), so one interview's .txt and .srt
    #: can both be imported (``--name-from-stem-with-ext``).
    name_with_ext: bool = False


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    #: Files in the folders given that kode does not read, by suffix ("(none)" without one).
    skipped: dict[str, int] = field(default_factory=dict)
    #: Why the run stopped before the last file (disk full), else None.
    stopped: str | None = None
    not_tried: int = 0

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return any(r.status == "failed" for r in self.results)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files given directly are taken whatever their suffix (so a wrong one gets a message);
    folders are walked recursively for the formats kode reads, in a stable order."""
    return gather_files(paths)[0]


def _hidden(path: Path) -> bool:
    return path.name.startswith((".", "~$"))


def gather_files(paths: Iterable[Path]) -> tuple[list[Path], dict[str, int]]:
    """The files to import and, by suffix, the files in the folders that kode does not read.

    A folder entry with a supported suffix is taken even when it is not a regular file (a
    symbolic link to a device, a named pipe, a broken link), so that it is refused with a line
    of its own when read rather than skipped in silence.
    """
    found: list[Path] = []
    skipped: dict[str, int] = {}
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if _hidden(p) or p.is_dir():
                    continue
                suffix = p.suffix.lower()
                if suffix in SUPPORTED_SUFFIXES:
                    found.append(p)
                else:
                    key = suffix or "(none)"
                    skipped[key] = skipped.get(key, 0) + 1
        elif os.path.lexists(path):
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.absolute() if p.is_symlink() else p.resolve(), p)
    return list(unique.values()), skipped


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def unexpected(exc: BaseException) -> str:
    """One line for an error kode did not foresee: the kind of error, never a traceback."""
    detail = str(exc).strip().splitlines()
    head = f"{exc.__class__.__name__}: {detail[0][:200]}" if detail else exc.__class__.__name__
    return f"unexpected error ({head}); nothing of this file was stored (run with -v for the traceback)"


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
    limits: Limits | None = None,
    prefetch: bool = True,
) -> ImportReport:
    """Import every file in its own transaction. Whatever goes wrong with one file (a refusal,
    a reader's bug, memory) is reported on that file's line and the others go on; only a full
    disk stops the run, because every later file would fail the same way."""
    files, skipped = gather_files(paths)
    man = md.Manifest.read(manifest) if manifest else None
    pat = md.FilenamePattern(pattern) if pattern else None
    if pat is None and man is None:
        pat = md.FilenamePattern(md.DEFAULT_PATTERN)
    table = speakers or SpeakerTable()
    limits = limits or Limits()
    report = ImportReport(skipped=skipped)
    # The next files are read and parsed in a second process while this one stores (intervju.prefetch).
    ahead = prefetched(files, limits.max_bytes, enabled=prefetch)
    seen = _Seen.of(sessions, name_with_ext=limits.name_with_ext)
    pending: _Pending | None = None
    try:
        for i, (path, prepared) in enumerate(zip(files, ahead, strict=True)):
            if progress:
                progress(i, len(files), path)
            early: _Ahead | None = None
            if pending is not None:
                # The server still works on the previous file: analyse this one meanwhile.
                early = _analyse_ahead(path, prepared, indexer, limits, seen)
                done, pending = pending, None
                if _record(_settle(done), report, seen, len(files) - i):
                    break
            outcome = _start_file(sessions, path, pat, man, table, indexer, actor, limits, prepared, early)
            if isinstance(outcome, _Pending):
                pending = outcome
            elif _record(outcome, report, seen, len(files) - i - 1):
                break
        if pending is not None:
            done, pending = pending, None
            _record(_settle(done), report, seen, 0)
    finally:
        if pending is not None:  # interrupted while the server finished a file: nothing of it stays
            pending.abandon()
        ahead.close()
    _flush_commits(sessions)
    if progress:
        progress(len(files), len(files), Path())
    return report


@dataclass
class _Seen:
    """Content hashes and names of the project's interviews (PostgreSQL imports only, where a
    file is analysed ahead): a file that will be skipped as imported already is not analysed."""

    hashes: set[str]
    names: set[str]
    name_with_ext: bool

    @classmethod
    def of(cls, sessions: sessionmaker[Session], *, name_with_ext: bool) -> _Seen | None:
        with sessions() as session:
            if session.get_bind().dialect.name != "postgresql":
                return None
            rows = session.execute(select(Interview.content_hash, Interview.name)).all()
        return cls({h for h, _ in rows}, {n for _, n in rows}, name_with_ext)

    def new(self, path: Path, digest: str) -> bool:
        return digest not in self.hashes and (path.name if self.name_with_ext else path.stem) not in self.names


@dataclass
class _Ahead:
    """A file's transcript, canonical text and pipeline analysis, made before its transaction
    began; or the exception the pipeline raised (raised again where the indexer would run)."""

    raw: RawTranscript
    text: str
    spans: list[TurnSpan]
    analysis: Any
    error: Exception | None


def _analyse_ahead(path: Path, prepared: Prepared | None, indexer: Indexer | None, limits: Limits,
                   seen: _Seen | None) -> _Ahead | None:
    """What of a file's import needs no database, done while the server finishes the previous
    file. Nothing here is reported: a file this cannot prepare (unreadable, refused, known) is
    imported the ordinary way, and its error comes from there, in the same words."""
    analyse = getattr(indexer, "analyse", None)
    if analyse is None or prepared is None or seen is None:
        return None
    if prepared.read_error is not None or prepared.parse_error is not None or prepared.digest is None:
        return None
    if not seen.new(path, prepared.digest):
        return None
    try:
        raw = prepared.transcript()
        check_raw(raw, limits)
        text, spans = build_canonical(raw.turns)
    except Exception:
        return None
    try:
        return _Ahead(raw, text, spans, analyse(text, [(s.start, s.end) for s in spans]), None)
    except Exception as exc:
        return _Ahead(raw, text, spans, None, exc)


@dataclass
class _Pending:
    """A file whose transaction waits for the server to finish its sentence rows."""

    session: Session
    result: FileResult
    finish: Callable[[], None]

    def complete(self) -> FileResult:
        try:
            self.finish()
            self.session.commit()
        except BaseException:
            _rollback(self.session)
            raise
        finally:
            self.session.close()
        return self.result

    def abandon(self) -> None:
        """Give the file up (the import was interrupted): its connection is closed without a
        word more, since it still owes the server's answer to the COPY, and the server rolls the
        transaction back."""
        self.session.invalidate()


def _start_file(
    sessions: sessionmaker[Session], path: Path, pattern: md.FilenamePattern | None, manifest: md.Manifest | None,
    speakers: SpeakerTable, indexer: Indexer | None, actor: str | None, limits: Limits,
    prepared: Prepared | None, early: _Ahead | None,
) -> tuple[FileResult, bool] | _Pending:
    """One file in its own transaction: its result (and whether the import must stop), or,
    when its sentence rows are still with the server, the open transaction."""
    session = sessions()
    keep = False
    try:
        session.begin()
        _commit_without_waiting(session)
        result, finish = _import_one(session, path, pattern, manifest, speakers, indexer, actor, limits, prepared,
                                     early)
        if finish is not None:
            keep = True
            return _Pending(session, result, finish)
        session.commit()
        return result, False
    except Exception as exc:
        _rollback(session)
        return _failed(path, exc)
    finally:
        if not keep:
            session.close()


def _rollback(session: Session) -> None:
    """Roll the file back; should the connection be unable to (it may still owe the server's
    answer to a COPY when the error came), close it instead: the server then rolls back."""
    try:
        session.rollback()
    except Exception:
        session.invalidate()


def _settle(pending: _Pending) -> tuple[FileResult, bool]:
    """Finish a pending file: its result, and whether the import must stop."""
    try:
        return pending.complete(), False
    except Exception as exc:
        return _failed(pending.result.path, exc)


def _failed(path: Path, exc: Exception) -> tuple[FileResult, bool]:
    """A file that failed, nothing of it stored: its line, and True for a full disk, which stops
    the import because every later file would fail the same way."""
    if isinstance(exc, KodeError | ReadError):
        return FileResult(path, "failed", str(exc)), False
    if is_disk_full(exc):
        return FileResult(path, "failed", "the disk is full: nothing of this file was stored; import stopped"), True
    _LOGGER.info("import of %s failed", path.name, exc_info=exc)
    return FileResult(path, "failed", unexpected(exc)), False


def _record(outcome: tuple[FileResult, bool], report: ImportReport, seen: _Seen | None, not_tried: int) -> bool:
    """Add a file's line to the report; True when the import stops there (``not_tried`` files
    after it are not tried)."""
    result, stop = outcome
    report.results.append(result)
    if seen is not None and result.status == "imported" and result.interview:
        seen.names.add(result.interview)
    if stop:
        report.not_tried = not_tried
        report.stopped = "the disk is full"
    return stop


def _commit_without_waiting(session: Session) -> None:
    """PostgreSQL: this file's commit does not wait for its WAL to reach the disk.

    Why: that wait (an ``fdatasync`` per file, 7 ms here) was an eighth of a PostgreSQL import of
    S. Each file stays one transaction, atomic and consistent; what changes is only that an
    operating-system crash during the run may lose the last files reported imported (a new run
    imports them again, skipping the rest by their content hash). That is what SQLite projects
    have always had (WAL with ``synchronous=NORMAL``), and :func:`_flush_commits` waits for the
    disk once before the import returns, so after the command every file is as durable as before.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit = off"))


def _flush_commits(sessions: sessionmaker[Session]) -> None:
    """PostgreSQL: wait until the import's commits are on disk. A synchronous commit flushes the
    WAL up to its own commit record, and so every earlier one; a transaction gets a commit record
    only once it has a transaction id, which ``pg_current_xact_id()`` assigns (writing nothing)."""
    with sessions.begin() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_current_xact_id()"))


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 2**10:.0f} KB"


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """A transcript file's bytes and SHA-256, after the checks every import and revision makes.
    Messages leave the file name to the caller, which reports per file.

    Only a regular file is read (a link to one is followed): a link to ``/dev/zero`` would be
    read until memory runs out and a named pipe blocks for ever. The size is checked before
    reading and again while reading (a file may grow), in chunks.
    """
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"unsupported file type {path.suffix or '(none)'}; kode reads {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    too_large = f"larger than the limit of {_size(max_bytes)} (raise it with --max-size)"
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            try:
                info = path.stat()
            except OSError as exc:
                raise InputError("a broken symbolic link (what it points to does not exist)") from exc
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{_kind(info.st_mode)}, not a regular file; kode reads only ordinary files")
        if info.st_size > max_bytes:
            raise InputError(f"the file is {_size(info.st_size)}, {too_large}")
        # O_NONBLOCK: should a pipe have replaced the file since the check, opening it must not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError("not a regular file; kode reads only ordinary files")
            digest = hashlib.sha256()
            chunks: list[bytes] = []
            size = 0
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"the file is {too_large}")
                digest.update(chunk)
                chunks.append(chunk)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc.__class__.__name__})") from exc
    data = b"".join(chunks)
    if not data.strip():
        raise InputError("the file is empty")
    return data, digest.hexdigest()


def check_raw(raw: RawTranscript, limits: Limits) -> None:
    """Refuse what the reader found before any text is built from it: too many turns or
    characters, or labels with nothing said."""
    if len(raw.turns) > limits.max_turns:
        raise InputError(f"{len(raw.turns)} turns, more than the limit of {limits.max_turns} for one interview")
    chars = sum(len(t.text) + len(t.label or "") for t in raw.turns)
    if chars > limits.max_chars:
        raise InputError(f"{chars} characters, more than the limit of {limits.max_chars} for one interview")
    if not any(t.text.strip() for t in raw.turns):
        raise InputError("no text: the transcript has speaker labels but nothing said")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _same_name(
    session: Session, path: Path, name: str, clash: Interview, raw: RawTranscript, limits: Limits
) -> FileResult:
    """A file named like an interview in the project with other bytes: the same interview in
    another format (a .txt and the .srt of one recording) when its words are the interview's,
    and skipped as such; otherwise refused with the ways on."""
    check_raw(raw, limits)
    spans = build_canonical(raw.turns)[1]
    other = Path(clash.source_path).name
    said = [w for s in spans for w in _words(s.text)]
    stored = session.execute(select(Turn.start, Turn.end).where(Turn.interview_id == clash.id).order_by(Turn.n))
    if said and said == _words(" ".join(clash.text[a:b] for a, b in stored)):
        return FileResult(path, "already", f"the same interview as {name} (from {other}): the words match, skipped",
                          interview=name)  # fmt: skip
    if Path(other).suffix.lower() == path.suffix.lower():
        raise InputError(
            f"an interview named {name} exists already (from {other}) with another text; a corrected "
            "transcript replaces it with `kode import PROJECT FILE --revise`"
        )
    raise InputError(
        f"an interview named {name} exists already (from {other}) with another text; import this file "
        "under its own name with --name-from-stem-with-ext, or replace the text with --revise"
    )


def _import_one(
    session: Session,
    path: Path,
    pattern: md.FilenamePattern | None,
    manifest: md.Manifest | None,
    speakers: SpeakerTable,
    indexer: Indexer | None,
    actor: str | None,
    limits: Limits,
    prepared: Prepared | None = None,
    early: _Ahead | None = None,
) -> tuple[FileResult, Callable[[], None] | None]:
    """Store one file in ``session``'s transaction: its result, and on PostgreSQL the function
    that finishes its index once the server has its sentence rows (see :func:`_analyse_ahead`),
    to be called before anything else uses the session; None when all is done."""
    suffix = path.suffix.lower()
    parse: Callable[[], RawTranscript]
    if prepared is None:
        data, digest = read_source(path, limits.max_bytes)
        parse = partial(read_transcript_bytes, data, suffix)
    else:  # read and parsed by the helper process (or its exception, raised here in the same place)
        digest = prepared.source()
        parse = prepared.transcript

    existing = session.scalar(select(Interview).where(Interview.content_hash == digest))
    if existing is not None:
        return FileResult(path, "already", f"same content as interview {existing.name}",
                          interview=existing.name), None

    name = path.name if limits.name_with_ext else path.stem
    clash = session.scalar(select(Interview).where(Interview.name == name))
    if clash is not None:
        return _same_name(session, path, name, clash, parse(), limits), None

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

    if early is None:
        raw = parse()
        check_raw(raw, limits)
        text, spans = build_canonical(raw.turns)
    else:  # the same, made while the server finished the previous file
        raw, text, spans = early.raw, early.text, early.spans

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
        header=raw.header,
        word_count=sum(count_words(s.text) for s in spans),
        turn_count=len(spans),
        attributes=dict(meta.attributes),
        participants=participants,
        pipeline=indexer.pipeline_name if indexer else None,
    )
    session.add(interview)
    session.flush()

    labels = SpeakerReport()
    overrides = _speaker_overrides(meta.speakers, participants)
    turns = store_turns(session, interview, spans, speakers, participants, labels, overrides)
    finish: Callable[[], None] | None = None
    if indexer is not None:
        start = getattr(indexer, "start", None)
        if early is not None and early.error is not None:
            raise early.error  # the pipeline failed on this file when it ran ahead
        if start is None:
            indexer.index(session, interview, turns)
        else:
            finish = start(session, interview, turns, early.analysis if early else None)
    session.add(
        AuditEvent(
            actor=actor,
            action="import",
            entity="interview",
            entity_id=str(interview.id),
            detail={"name": name, "file": path.name, "sha256": digest, "turns": len(turns)},
        )
    )
    result = FileResult(
        path,
        "imported",
        interview=name,
        words=interview.word_count,
        turns=len(turns),
        unknown_labels=labels.unknown,
        fuzzy_labels=labels.fuzzy,
        positional_labels=labels.positional,
        warnings=list(raw.warnings),
    )
    if finish is not None and session.get_bind().dialect.name != "postgresql":
        finish()  # nothing to wait for: done now
        finish = None
    return result, finish


@dataclass
class SpeakerReport:
    """What the speaker table made of an interview's labels, for the import report."""

    unknown: list[str] = field(default_factory=list)
    fuzzy: dict[str, str] = field(default_factory=dict)
    positional: dict[str, str] = field(default_factory=dict)


_TURN = cast(Table, Turn.__table__)
_TURN_COLUMNS = ("interview_id", "n", "label", "role", "participant_id", "start", "end", "time_start", "time_end")


def _speaker_overrides(cell: str | None, participants: Sequence[Participant]) -> dict[str, tuple[str, str | None]]:
    """The manifest's ``speakers`` cell as label → (role, pseudonym); a named participant must
    be one of the interview's."""
    if not cell:
        return {}
    from intervju.speaker_map import parse_assignments

    try:
        assignments = parse_assignments(cell)
    except InputError as exc:
        raise InputError(f"manifest column speakers: {exc}") from exc
    names = [p.pseudonym for p in participants]
    out: dict[str, tuple[str, str | None]] = {}
    for label, a in assignments.items():
        if a.participant and a.participant not in names:
            raise InputError(
                f"manifest column speakers: {a.participant} is not a participant of this interview ({', '.join(names)})"
            )
        who = a.participant or (names[0] if a.role == "informant" and len(names) == 1 else None)
        out[label] = (a.role, who)
    return out


def store_turns(
    session: Session,
    interview: Interview,
    spans: Sequence[TurnSpan],
    speakers: SpeakerTable,
    participants: Sequence[Participant],
    report: SpeakerReport | None = None,
    overrides: Mapping[str, tuple[str, str | None]] | None = None,
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
        if known is None and overrides and label is not None and normalise_label(label) in overrides:
            role, who = overrides[normalise_label(label)]
            person = by_pseudonym.get(who) if who else None
            known = resolved[label] = (role, person.id if person else None)
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
