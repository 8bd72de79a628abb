"""The example-codings file: codings written by hand (or by another tool) as CSV.

Columns ``interview,turn,code,coder,quote`` (header required, ``,`` or ``;`` separated, UTF-8):

* ``interview``: the interview's name (or id);
* ``turn``: a turn number or range ``12-13``;
* ``code``: the code's path (``Arbeidsmetodikk/DBT``), id, name or label;
* ``coder``: the coder's id (new coders are created and reported);
* ``quote`` (optional): when given, the coding covers exactly the first occurrence of the quote
  inside those turns; when empty, the whole turns.

The file is loaded in the caller's one transaction: any bad row is an error naming the file, the
line and the problem, and nothing is written. A row coded already is counted, not an error, so a
file can be loaded again.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from intervju.corpus import find_interview
from intervju.errors import InputError
from kodebok.coders import ensure_coder
from kodebok.codes import CodeIndex
from kodebok.coding import add_coding, find_coding, turn_span
from kodebok.models import Coder

COLUMNS = ("interview", "turn", "code", "coder", "quote")
REQUIRED = ("interview", "turn", "code", "coder")
MAX_BYTES = 20_000_000


@dataclass
class CodingsImport:
    file: str
    added: int = 0
    already: int = 0
    new_coders: list[str] = field(default_factory=list)


def _read_rows(path: Path) -> tuple[list[dict[str, str]], list[int]]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path.name}: larger than {MAX_BYTES:,} bytes")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: not UTF-8 text; save the file as UTF-8") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().casefold() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"{path.name}: line 1: the header lacks {', '.join(missing)} "
                         f"(columns: {','.join(COLUMNS)})")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise InputError(f"{path.name}: line 1: unknown column {unknown[0]!r} (columns: {','.join(COLUMNS)})")
    reader.fieldnames = header
    rows, lines = [], []
    for row in reader:
        if not any((v or "").strip() for k, v in row.items() if k is not None):
            continue
        rows.append({k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items() if k is not None})
        lines.append(reader.line_num)
    return rows, lines


def _turns(value: str) -> tuple[int, int]:
    try:
        if "-" in value:
            a, b = value.split("-", 1)
            first, last = int(a), int(b)
        else:
            first = last = int(value)
    except ValueError:
        raise InputError(f"turn {value!r} is not a number or a range like 12-13") from None
    return first, last


def import_codings(session: Session, path: Path, *, actor: str | None = None) -> CodingsImport:
    rows, lines = _read_rows(path)
    result = CodingsImport(path.name)
    index = CodeIndex.load(session)
    coders: dict[str, Coder] = {}
    for row, line in zip(rows, lines, strict=True):
        try:
            _import_row(session, index, coders, row, result)
        except InputError as exc:
            raise InputError(f"{path.name}: line {line}: {exc}") from None
    from kodebok.audit import record

    record(session, actor, "codings.import", "coding", None, file=path.name, added=result.added,
           already=result.already)
    return result


def _import_row(session: Session, index: CodeIndex, coders: dict[str, Coder], row: dict[str, str],
                result: CodingsImport) -> None:
    for column in REQUIRED:
        if not row.get(column):
            raise InputError(f"the {column} is empty")
    interview = find_interview(session, row["interview"])
    first, last = _turns(row["turn"])
    start, end = turn_span(session, interview, first, last)
    quote = row.get("quote") or ""
    if quote:
        at = interview.text.find(quote, start, end)
        if at < 0:
            raise InputError(f"the quote {quote[:40]!r} is not in turn {row['turn']} of {interview.name!r}")
        start, end = at, at + len(quote)
    code = index.resolve(row["code"])
    name = row["coder"]
    if name.casefold() not in coders:
        coder, created = ensure_coder(session, name)
        coders[name.casefold()] = coder
        if created:
            result.new_coders.append(coder.name)
    coder = coders[name.casefold()]
    if find_coding(session, interview, code, start, end, coder) is not None:
        result.already += 1
        return
    add_coding(session, interview, code, start, end, coder, action="coding.import")
    result.added += 1
