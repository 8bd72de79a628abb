"""Many codings in one transaction: ``kode code`` with several targets or ``--from FILE``, and the
codings CSV import.

Coding passage by passage through :func:`kodebok.coding.add_coding` costs a handful of queries and
a flush per coding. A batch resolves each interview, its turns and sentences, each code and each
coder once, checks every target in memory (span inside the text, code active, not coded twice), and
writes all codings and their audit events with two multi-row inserts at the end. It runs in the
caller's session: a bad target raises before anything is written, and a coder created for the
batch disappears with it when the transaction rolls back.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intervju.corpus import find_interview
from intervju.errors import InputError
from intervju.models import AuditEvent, Interview, Sentence, Turn
from kodebok.coders import ensure_coder
from kodebok.codes import CodeIndex
from kodebok.models import Code, Coder, Coding


@dataclass(frozen=True)
class CodingTarget:
    """One place to code: an interview, a code, a coder and exactly one of turns, sentence or span.

    ``quote`` narrows turns to the quote's first occurrence in them; ``where`` (``"codes.csv: line
    4"``) goes in front of an error about this target.
    """

    interview: str
    code: str
    coder: str
    turns: tuple[int, int] | None = None
    sentence: int | None = None
    span: tuple[int, int] | None = None
    quote: str = ""
    where: str = ""


@dataclass(frozen=True)
class PlacedCoding:
    interview: str
    code: str
    coder: str
    start: int
    end: int


@dataclass
class BatchResult:
    added: list[PlacedCoding] = field(default_factory=list)
    already: int = 0
    new_coders: list[str] = field(default_factory=list)


@dataclass
class _Interview:
    row: Interview
    turns: dict[int, tuple[int, int]] | None = None
    sentences: dict[int, tuple[int, int]] | None = None
    coded: set[tuple[int, int, int, int]] | None = None  # (code_id, start, end, coder_id)


class CodingBatch:
    """Collects codings in one session and writes them with :meth:`write`.

    ``doubles``: ``"error"`` (``kode code``: coding a place twice is a mistake) or ``"count"``
    (an import loaded again counts what is there already).
    """

    def __init__(self, session: Session, *, action: str = "coding.add", doubles: str = "error") -> None:
        self.session = session
        self.action = action
        self.doubles = doubles
        self.codes = CodeIndex.load(session)
        self.result = BatchResult()
        self._interviews: dict[str, _Interview] = {}
        self._coders: dict[str, Coder] = {}
        self._code_cache: dict[str, Code] = {}
        self._pending: list[tuple[_Interview, Code, Coder, int, int]] = []

    # -- resolving, each thing once --------------------------------------------------------------
    def _interview(self, ref: str) -> _Interview:
        cached = self._interviews.get(ref)
        if cached is None:
            row = find_interview(self.session, ref)
            cached = next((c for c in self._interviews.values() if c.row.id == row.id), None) or _Interview(row)
            self._interviews[ref] = cached
        return cached

    def _code(self, ref: str) -> Code:
        code = self._code_cache.get(ref)
        if code is None:
            code = self._code_cache[ref] = self.codes.resolve(ref)
        if code.status != "active":
            raise InputError(f"code {code.name!r} is retired; it takes no new codings")
        return code

    def _coder(self, name: str) -> Coder:
        key = name.casefold()
        coder = self._coders.get(key)
        if coder is None:
            coder, created = ensure_coder(self.session, name)
            self._coders[key] = coder
            if created:
                self.result.new_coders.append(coder.name)
        return coder

    def _turn_span(self, iv: _Interview, first: int, last: int) -> tuple[int, int]:
        if first < 1 or last < first:
            raise InputError(f"turn range {first}-{last} is not a range like 3-5")
        if iv.turns is None:
            rows = self.session.execute(select(Turn.n, Turn.start, Turn.end).where(Turn.interview_id == iv.row.id))
            iv.turns = {n: (start, end) for n, start, end in rows}
        for n in (first, last):
            if n not in iv.turns:
                raise InputError(f"interview {iv.row.name!r} has no turn {n} (it has {iv.row.turn_count})")
        return iv.turns[first][0], iv.turns[last][1]

    def _sentence_span(self, iv: _Interview, n: int) -> tuple[int, int]:
        if iv.sentences is None:
            rows = self.session.execute(
                select(Sentence.n, Sentence.start, Sentence.end).where(Sentence.interview_id == iv.row.id))
            iv.sentences = {k: (start, end) for k, start, end in rows}
        if n not in iv.sentences:
            if not iv.sentences:
                raise InputError(f"interview {iv.row.name!r} has no sentences indexed; use --turn or --span "
                                 f"(or index the project)")
            raise InputError(f"interview {iv.row.name!r} has no sentence {n}")
        return iv.sentences[n]

    def _coded(self, iv: _Interview) -> set[tuple[int, int, int, int]]:
        if iv.coded is None:
            rows = self.session.execute(select(Coding.code_id, Coding.start, Coding.end, Coding.coder_id)
                                        .where(Coding.interview_id == iv.row.id))
            iv.coded = {(a, b, c, d) for a, b, c, d in rows}
        return iv.coded

    def span_of(self, target: CodingTarget) -> tuple[_Interview, int, int]:
        iv = self._interview(target.interview)
        given = [x for x in (target.turns, target.sentence, target.span) if x is not None]
        if len(given) != 1:
            raise InputError("give exactly one of turn, sentence or span")
        if target.turns is not None:
            start, end = self._turn_span(iv, *target.turns)
            if target.quote:
                at = iv.row.text.find(target.quote, start, end)
                if at < 0:
                    first, last = target.turns
                    turns = f"{first}" if first == last else f"{first}-{last}"
                    raise InputError(f"the quote {target.quote[:40]!r} is not in turn {turns} of {iv.row.name!r}")
                start, end = at, at + len(target.quote)
        elif target.sentence is not None:
            start, end = self._sentence_span(iv, target.sentence)
        else:
            assert target.span is not None
            start, end = target.span
        if not 0 <= start < end <= len(iv.row.text):
            raise InputError(f"span {start}:{end} is not inside interview {iv.row.name!r} "
                             f"(0 ≤ start < end ≤ {len(iv.row.text)})")
        return iv, start, end

    # -- adding ----------------------------------------------------------------------------------
    def add(self, target: CodingTarget) -> None:
        """Check one target and queue its coding; an error names ``target.where``."""
        try:
            self._add(target)
        except InputError as exc:
            raise (exc.within(target.where) if target.where else exc) from None

    def _add(self, target: CodingTarget) -> None:
        if not target.coder:
            raise InputError("no coder: give --coder ID or a coder column")
        iv, start, end = self.span_of(target)
        code = self._code(target.code)
        coder = self._coder(target.coder)
        key = (code.id, start, end, coder.id)
        coded = self._coded(iv)
        if key in coded:
            if self.doubles == "count":
                self.result.already += 1
                return
            raise InputError(f"{coder.name} has coded {start}:{end} of {iv.row.name!r} with {code.name!r} already")
        coded.add(key)
        self._pending.append((iv, code, coder, start, end))

    def add_all(self, targets: Iterable[CodingTarget]) -> BatchResult:
        for target in targets:
            self.add(target)
        return self.write()

    def write(self) -> BatchResult:
        """Insert the queued codings and one audit event each (two multi-row statements)."""
        if not self._pending:
            return self.result
        rows = [{"code_id": code.id, "interview_id": iv.row.id, "start": start, "end": end, "coder_id": coder.id}
                for iv, code, coder, start, end in self._pending]
        try:
            ids = self.session.scalars(
                insert(Coding).returning(Coding.id, sort_by_parameter_order=True), rows).all()
        except IntegrityError:
            # another writer added one of these codings since the batch looked (unique constraint)
            raise InputError("another writer added one of these codings meanwhile; nothing was written, "
                             "run the command again") from None
        events = [{"actor": coder.name, "action": self.action, "entity": "coding", "entity_id": str(coding_id),
                   "detail": {"code": code.uid, "interview": iv.row.name, "start": start, "end": end}}
                  for coding_id, (iv, code, coder, start, end) in zip(ids, self._pending, strict=True)]
        self.session.execute(insert(AuditEvent), events)
        self.result.added.extend(PlacedCoding(iv.row.name, self.codes.path(code), coder.name, start, end)
                                 for iv, code, coder, start, end in self._pending)
        self._pending = []
        return self.result


# -- reading targets from CSV ------------------------------------------------------------------------
#: Columns of a ``kode code --from`` file; each may be left out when the command line gives it.
TARGET_COLUMNS = ("interview", "code", "turn", "sentence", "span", "quote", "coder")
MAX_BYTES = 20_000_000


def read_csv_text(name: str, data: bytes) -> str:
    """The file's text (UTF-8, a BOM allowed), or a one-line error naming it."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: larger than {MAX_BYTES:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text; save the file as UTF-8") from None


def csv_rows(name: str, text: str, columns: Iterable[str], required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) for each non-empty row; ``,`` or ``;`` separated, values stripped and NFC."""
    known = tuple(columns)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().casefold() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(f"{name}: line 1: the header lacks {', '.join(missing)} (columns: {','.join(known)})")
    unknown = [h for h in header if h not in known]
    if unknown:
        raise InputError(f"{name}: line 1: unknown column {unknown[0]!r} (columns: {','.join(known)})")
    reader.fieldnames = header
    for row in reader:
        if None in row:
            raise InputError(f"{name}: line {reader.line_num}: more values than columns")
        if not any((v or "").strip() for v in row.values()):
            continue
        yield reader.line_num, {k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items()}


def parse_turns(value: str) -> tuple[int, int]:
    """``12`` or ``12-13``."""
    try:
        if "-" in value:
            a, b = value.split("-", 1)
            return int(a), int(b)
        return int(value), int(value)
    except ValueError:
        raise InputError(f"turn {value!r} is not a number or a range like 12-13") from None


def parse_span(value: str) -> tuple[int, int]:
    """``120:480``: character offsets into the canonical text."""
    try:
        a, b = value.split(":", 1)
        return int(a), int(b)
    except ValueError:
        raise InputError(f"span {value!r} is not like 120:480") from None


def parse_sentence(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InputError(f"sentence {value!r} is not a number") from None


def targets_from_csv(name: str, text: str, *, interview: str | None = None, code: str | None = None,
                     coder: str | None = None) -> list[CodingTarget]:
    """Targets of a ``kode code --from`` file; a column left out (or a cell left empty) takes the
    command line's INTERVIEW, ``--code`` or coder."""
    required = [c for c, default in (("interview", interview), ("code", code)) if default is None]
    targets = []
    for line, row in csv_rows(name, text, TARGET_COLUMNS, required):
        where = f"{name}: line {line}"
        try:
            places = [k for k in ("turn", "sentence", "span") if row.get(k)]
            if len(places) != 1:
                raise InputError("give exactly one of turn, sentence or span")
            iv = row.get("interview") or interview
            what = row.get("code") or code
            if not iv or not what:
                raise InputError(f"the {'interview' if not iv else 'code'} is empty")
            targets.append(CodingTarget(
                interview=iv, code=what, coder=row.get("coder") or coder or "",
                turns=parse_turns(row["turn"]) if row.get("turn") else None,
                sentence=parse_sentence(row["sentence"]) if row.get("sentence") else None,
                span=parse_span(row["span"]) if row.get("span") else None,
                quote=row.get("quote") or "", where=where,
            ))
        except InputError as exc:
            raise exc.within(where) from None
    if not targets:
        raise InputError(f"{name}: no rows to code")
    return targets


def read_source(path: Path) -> tuple[str, bytes]:
    """(name, bytes) of a file, or of standard input for ``-``."""
    if str(path) == "-":
        import sys

        return "<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path.name}: larger than {MAX_BYTES:,} bytes")
        return path.name, path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: a folder, not a CSV file") from None
    except OSError as exc:  # not readable (permissions), an I/O error: the file and why, not a traceback
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc.__class__.__name__})") from None


def code_targets(session: Session, targets: Iterable[CodingTarget]) -> BatchResult:
    """Code every target in the caller's transaction; any bad one raises and nothing is kept."""
    return CodingBatch(session).add_all(targets)


def uncode_targets(session: Session, targets: Iterable[CodingTarget]) -> list[PlacedCoding]:
    """Remove this coder's coding at each target (each must exist) in the caller's transaction."""
    from kodebok.coders import find_coder
    from kodebok.coding import remove_coding

    batch = CodingBatch(session)
    removed = []
    for target in targets:
        try:
            iv, start, end = batch.span_of(target)
            code = batch.codes.resolve(target.code)
            coder = find_coder(session, target.coder)
            remove_coding(session, iv.row, code, start, end, coder)
        except InputError as exc:
            raise (exc.within(target.where) if target.where else exc) from None
        removed.append(PlacedCoding(iv.row.name, batch.codes.path(code), coder.name, start, end))
    return removed
