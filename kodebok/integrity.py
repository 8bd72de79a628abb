"""`kode check`: is the project whole? Storage integrity, orphans, and every offset in its text.

Checks run on both back ends; the storage checks (``PRAGMA integrity_check``, ``foreign_key_check``)
only on SQLite, where the file itself can be damaged. Each problem names the table, the row and
what is wrong, so a user (or the lead) can act on it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select, text
from sqlalchemy.orm import Session

import intervju.models as im
from intervju.db import Base
from kodebok.models import Code, Coding, Suggestion


@dataclass(frozen=True)
class Problem:
    check: str
    where: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "where": self.where, "message": self.message}


@dataclass
class CheckReport:
    checks: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, check: str, where: str, message: str) -> None:
        self.problems.append(Problem(check, where, message))

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": self.checks, "counts": self.counts,
                "problems": [p.to_json() for p in self.problems]}


MAX_LISTED = 1000  # per check; a broken project should not print a million lines


def check_project(session: Session, *, quick: bool = False) -> CheckReport:
    report = CheckReport()
    if session.get_bind().dialect.name == "sqlite":
        _sqlite_storage(session, report, quick)
    _orphans(session, report)
    _offsets(session, report)
    _code_tree(session, report)
    for table in ("interview", "turn", "sentence", "coding", "memo", "suggestion", "code", "audit_event"):
        report.counts[table] = session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    return report


def _sqlite_storage(session: Session, report: CheckReport, quick: bool) -> None:
    pragma = "quick_check" if quick else "integrity_check"
    report.checks.append(pragma)
    rows = [r[0] for r in session.execute(text(f"PRAGMA {pragma}"))]
    if rows != ["ok"]:
        for line in rows[:MAX_LISTED]:
            report.add(pragma, "database file", str(line))
    report.checks.append("foreign_key_check")
    for table, rowid, parent, _fk in list(session.execute(text("PRAGMA foreign_key_check")))[:MAX_LISTED]:
        report.add("foreign_key_check", f"{table} row {rowid}", f"points at a missing {parent} row")


def _orphans(session: Session, report: CheckReport) -> None:
    """Every foreign key, checked by a query, so PostgreSQL and SQLite agree on what is an orphan."""
    report.checks.append("orphans")
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            child = fk.parent
            referred = fk.column.table.alias("referred")  # an alias, so code.parent_id works too
            parent = referred.c[fk.column.name]
            pk = list(table.primary_key.columns)
            query = (
                select(*pk, child)
                .select_from(table.outerjoin(referred, child == parent))
                .where(and_(child.is_not(None), parent.is_(None)))
                .limit(MAX_LISTED)
            )
            for row in session.execute(query):
                key = ",".join(str(v) for v in row[:-1])
                report.add("orphans", f"{table.name} {key}",
                           f"{child.name}={row[-1]} has no {fk.column.table.name} row")


def _offsets(session: Session, report: CheckReport) -> None:
    report.checks.append("offsets")
    lengths: dict[int, int] = {
        iid: n for iid, n in session.execute(select(im.Interview.id, func.length(im.Interview.text)))
    }
    counts: dict[int, int] = dict(session.execute(select(im.Interview.id, im.Interview.turn_count)).all())
    names: dict[int, str] = dict(session.execute(select(im.Interview.id, im.Interview.name)).all())

    turns_by_iv: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
    turn_span: dict[int, tuple[int, int, int]] = {}
    for tid, iid, n, start, end in session.execute(
        select(im.Turn.id, im.Turn.interview_id, im.Turn.n, im.Turn.start, im.Turn.end)
        .order_by(im.Turn.interview_id, im.Turn.n)
    ):
        turns_by_iv[iid].append((tid, n, start, end))
        turn_span[tid] = (iid, start, end)
    for iid, turns in turns_by_iv.items():
        length = lengths.get(iid)
        if length is None:
            continue
        where = f"interview {names.get(iid, iid)}"
        if len(turns) != counts.get(iid):
            report.add("offsets", where, f"{len(turns)} turns stored, turn_count says {counts.get(iid)}")
        previous_end = 0
        for k, (_tid, n, start, end) in enumerate(turns, start=1):
            if n != k:
                report.add("offsets", where, f"turn numbers are not 1..{len(turns)} (found {n} at place {k})")
                break
            if not 0 <= start <= end <= length:
                report.add("offsets", f"{where} turn {n}", f"[{start},{end}) lies outside the text (length {length})")
            elif start < previous_end:
                report.add("offsets", f"{where} turn {n}",
                           f"starts at {start}, before turn {n - 1} ends ({previous_end})")
            previous_end = max(previous_end, end)

    for sid, iid, tid, start, end in session.execute(
        select(im.Sentence.id, im.Sentence.interview_id, im.Sentence.turn_id, im.Sentence.start, im.Sentence.end)
    ):
        span = turn_span.get(tid)
        if span is None:
            continue  # reported as an orphan
        if span[0] != iid:
            report.add("offsets", f"sentence {sid}", "belongs to a turn of another interview")
        elif not span[1] <= start <= end <= span[2]:
            report.add("offsets", f"sentence {sid}", f"[{start},{end}) lies outside its turn [{span[1]},{span[2]})")

    for kind, model in (("coding", Coding), ("suggestion", Suggestion)):
        listed = 0
        for rid, iid, start, end, flagged in session.execute(
            select(model.id, model.interview_id, model.start, model.end, model.flagged)
        ):
            length = lengths.get(iid)
            if length is None:
                continue
            empty_ok = flagged  # a flagged span whose words were deleted may be empty
            if not (0 <= start <= end <= length) or (start == end and not empty_ok):
                report.add("offsets", f"{kind} {rid} in interview {names.get(iid, iid)}",
                           f"[{start},{end}) is not inside the text (length {length})")
                listed += 1
                if listed >= MAX_LISTED:
                    break


def _code_tree(session: Session, report: CheckReport) -> None:
    report.checks.append("code tree")
    parent: dict[int, int | None] = dict(session.execute(select(Code.id, Code.parent_id)).all())
    for cid in parent:
        seen = {cid}
        p = parent.get(cid)
        while p is not None:
            if p in seen:
                report.add("code tree", f"code {cid}", "its parents form a cycle")
                break
            seen.add(p)
            p = parent.get(p)
