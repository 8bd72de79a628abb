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

from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.orm import Session

from intervju.errors import InputError
from kodebok.coding_batch import CodingBatch, CodingTarget, csv_rows, parse_turns, read_csv_text, read_source

COLUMNS = ("interview", "turn", "code", "coder", "quote")
REQUIRED = ("interview", "turn", "code", "coder")


@dataclass
class CodingsImport:
    file: str
    added: int = 0
    already: int = 0
    new_coders: list[str] = field(default_factory=list)


def _read_rows(path: Path) -> tuple[list[dict[str, str]], list[int]]:
    name, data = read_source(path)
    rows, lines = [], []
    for line, row in csv_rows(name, read_csv_text(name, data), COLUMNS, REQUIRED):
        rows.append(row)
        lines.append(line)
    return rows, lines


def import_codings(session: Session, path: Path, *, actor: str | None = None) -> CodingsImport:
    """Every row in the caller's transaction, resolved and written in bulk (:mod:`kodebok.coding_batch`)."""
    rows, lines = _read_rows(path)
    result = CodingsImport(path.name)
    batch = CodingBatch(session, action="coding.import", doubles="count")
    for row, line in zip(rows, lines, strict=True):
        where = f"{path.name}: line {line}"
        try:
            for column in REQUIRED:
                if not row.get(column):
                    raise InputError(f"the {column} is empty")
            target = CodingTarget(interview=row["interview"], code=row["code"], coder=row["coder"],
                                  turns=parse_turns(row["turn"]), quote=row.get("quote") or "")
        except InputError as exc:
            raise exc.within(where) from None
        batch.add(replace(target, where=where))
    done = batch.write()
    result.added, result.already, result.new_coders = len(done.added), done.already, done.new_coders
    from kodebok.audit import record

    record(session, actor, "codings.import", "coding", None, file=path.name, added=result.added,
           already=result.already)
    return result
