"""The corpus read queries written once, as plain SQL, and the plain rows they return.

``kode info``, ``kode list`` and ``kode show`` answer in a fraction of the time SQLAlchemy takes
to import (about 0.25 s of CPU with the models), so on a SQLite project they run these queries
over the standard library's ``sqlite3``; everything else (the TUI, the exports, PostgreSQL) runs
the very same queries through a session (:func:`intervju.corpus.session_reader`). One text per
query, so the two paths cannot drift apart.

A :data:`Reader` is all a query needs: ``read(sql, params)`` returns the rows as tuples. The SQL
uses ``:name`` parameters, which both ``sqlite3`` and SQLAlchemy's ``text()`` accept; a list of
values becomes ``:name0, :name1, …`` (:func:`_in_list`). This module imports no SQLAlchemy.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from intervju.errors import PROJECT_ARG, InputError, NotInProject
from intervju.metadata import canonical_value

#: ``read(sql, params) -> rows``: one query over the project's database, rows as tuples.
Reader = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class Filters:
    """Narrow a listing by metadata; each field takes several values (any of them matches)."""

    sites: Sequence[str] = ()
    groups: Sequence[str] = ()
    waves: Sequence[str] = ()
    participants: Sequence[str] = ()
    interviews: Sequence[str] = ()


@dataclass(frozen=True)
class InterviewRow:
    id: int
    name: str
    site: str
    group: str
    wave: str
    participants: list[str]
    date: str | None
    interviewer: str | None
    words: int
    turns: int
    format: str
    pipeline: str | None
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TurnRow:
    n: int
    label: str | None
    role: str
    participant: str | None
    start: int
    end: int
    time: float | None
    time_end: float | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "label": self.label,
            "role": self.role,
            "participant": self.participant,
            "start": self.start,
            "end": self.end,
            "time": self.time,
            "text": self.text,
        }


@dataclass(frozen=True)
class InterviewDetail:
    interview: InterviewRow
    turns: list[TurnRow]
    text: str
    #: The lines above the first turn (title, ``Dato: …``), or None.
    header: str | None = None


@dataclass(frozen=True)
class Overview:
    interviews: int
    participants: int
    words: int
    turns: int
    waves: list[str]
    sites: list[str]
    groups: list[str]
    cells: list[dict[str, Any]]  # one per site × group × wave with interviews, words, turns
    unknown_speaker_turns: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# -- vocabulary and filters -------------------------------------------------------------------

#: The waves and informant groups a new project starts with (``kode init`` shows them as defaults,
#: so they live here, where the CLI can read them without the models).
DEFAULT_WAVES = ("T1", "T2", "T3")
DEFAULT_GROUPS = ("ansatt", "eier", "ungdom")


def vocabulary(read: Reader) -> dict[str, list[str]]:
    """The project's waves, sites and groups, each in its own order (names only)."""
    return {
        kind: [name for (name,) in read(f"SELECT name FROM {table} ORDER BY position", {})]
        for kind, table in (("waves", "wave"), ("sites", "site"), ("groups", "informant_group"))
    }


def resolve_filters(read: Reader, filters: Filters) -> Filters:
    """Spell filter values the project's way, so ``--site sjoglimt`` finds ``Sjøglimt``."""
    if not (filters.sites or filters.groups or filters.waves):
        return Filters(participants=list(filters.participants), interviews=list(filters.interviews))
    vocab = vocabulary(read)
    return Filters(
        sites=[canonical_value("site", s, vocab["sites"]) for s in filters.sites],
        groups=[canonical_value("group", g, vocab["groups"]) for g in filters.groups],
        waves=[canonical_value("wave", w, vocab["waves"]) for w in filters.waves],
        participants=list(filters.participants),
        interviews=list(filters.interviews),
    )


#: Interviews with their site, group and wave: every listing starts from these joins.
INTERVIEW_JOINS = (
    "interview JOIN site ON interview.site_id = site.id"
    " JOIN informant_group ON interview.group_id = informant_group.id"
    " JOIN wave ON interview.wave_id = wave.id"
)
#: The order interviews are listed in: by wave, site and group as the project orders them, then name.
INTERVIEW_ORDER = "wave.position, site.position, informant_group.position, interview.name"


def _in_list(prefix: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """``:prefix0, :prefix1, …`` for an ``IN (…)``, adding the values to ``params``."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    params.update(zip(names, values, strict=True))
    return ", ".join(f":{name}" for name in names)


def filter_clause(resolved: Filters) -> tuple[str, dict[str, Any]]:
    """The WHERE condition (over :data:`INTERVIEW_JOINS`) for filters already resolved, and its
    parameters; ``""`` when nothing narrows. Every listing, ORM or not, filters through this."""
    params: dict[str, Any] = {}
    parts = [
        f"{column} IN ({_in_list(prefix, values, params)})"
        for column, prefix, values in (
            ("site.name", "filter_site", resolved.sites),
            ("informant_group.name", "filter_group", resolved.groups),
            ("wave.name", "filter_wave", resolved.waves),
            ("interview.name", "filter_interview", resolved.interviews),
        )
        if values
    ]
    if resolved.participants:
        parts.append(
            "EXISTS (SELECT 1 FROM interview_participant JOIN participant"
            " ON participant.id = interview_participant.participant_id"
            " WHERE interview_participant.interview_id = interview.id"
            f" AND participant.pseudonym IN ({_in_list('filter_participant', resolved.participants, params)}))"
        )
    return " AND ".join(parts), params


# -- interviews -------------------------------------------------------------------------------

_ROW_COLUMNS = (
    "interview.id, interview.name, site.name, informant_group.name, wave.name, interview.date,"
    " interview.interviewer, interview.word_count, interview.turn_count, interview.source_format,"
    " interview.pipeline, interview.attributes"
)


def _attributes(value: Any) -> dict[str, Any]:
    """A JSON column as SQLite hands it over (text) or PostgreSQL's driver does (decoded)."""
    if isinstance(value, str | bytes):
        value = json.loads(value)
    return dict(value or {})


def _participants(read: Reader, where: str, params: Mapping[str, Any]) -> dict[int, list[str]]:
    """Pseudonyms of the interviews ``where`` selects, each interview's in its listed order."""
    found: dict[int, list[str]] = {}
    rows = read(
        "SELECT interview_participant.interview_id, participant.pseudonym FROM interview_participant"
        " JOIN participant ON participant.id = interview_participant.participant_id"
        f" WHERE interview_participant.interview_id IN (SELECT interview.id FROM {INTERVIEW_JOINS}{where})"
        " ORDER BY interview_participant.interview_id, interview_participant.position",
        params,
    )
    for interview_id, pseudonym in rows:
        found.setdefault(interview_id, []).append(pseudonym)
    return found


def _interview_rows(read: Reader, where: str, params: Mapping[str, Any], extra: str = "") -> list[tuple[InterviewRow, tuple[Any, ...]]]:
    """Interviews ``where`` selects, in listing order, each with the ``extra`` columns asked for."""
    rows = read(f"SELECT {_ROW_COLUMNS}{extra} FROM {INTERVIEW_JOINS}{where} ORDER BY {INTERVIEW_ORDER}", params)
    people = _participants(read, where, params) if rows else {}
    out = []
    for row in rows:
        id_, name, site, group, wave, date, interviewer, words, turns, fmt, pipeline, attributes = row[:12]
        out.append((
            InterviewRow(
                id=id_, name=name, site=site, group=group, wave=wave, participants=people.get(id_, []),
                date=date, interviewer=interviewer, words=words, turns=turns, format=fmt,
                pipeline=pipeline, attributes=_attributes(attributes),
            ),
            tuple(row[12:]),
        ))
    return out


def list_interviews(read: Reader, filters: Filters = Filters()) -> list[InterviewRow]:
    """The interviews ``filters`` lets through, by wave, site, group and name."""
    clause, params = filter_clause(resolve_filters(read, filters))
    return [row for row, _ in _interview_rows(read, f" WHERE {clause}" if clause else "", params)]


def find_interview_id(read: Reader, ref: str) -> int:
    """An interview's id by name, numeric id, name in any case, or file name; else an error
    naming the nearest names (``did you mean``).

    Case is compared in Python (``casefold``), not with SQL ``lower()``: SQLite's lowers ASCII
    only, so ``åse`` would find ``Åse`` on PostgreSQL and not in a project file.
    """
    found = read("SELECT id FROM interview WHERE name = :ref", {"ref": ref})
    if not found and ref.isdecimal() and int(ref) < 2**63:
        found = read("SELECT id FROM interview WHERE id = :ref", {"ref": int(ref)})
    if found:
        return int(found[0][0])
    names = read("SELECT id, name FROM interview ORDER BY id", {})
    folded = ref.casefold()
    stem = ref.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for matches in (lambda name: name.casefold() == folded, lambda name: name == stem):
        for interview_id, name in names:
            if matches(name):
                return int(interview_id)
    from rapidfuzz import process

    near = [m[0] for m in process.extract(ref, sorted(name for _, name in names), limit=3, score_cutoff=60)]
    hint = f"; did you mean {', '.join(near)}?" if near else f" (see `kode list {PROJECT_ARG}`)"
    raise NotInProject(f"no interview {ref!r}", hint)


def show_interview(read: Reader, ref: str, turn_range: tuple[int, int] | None = None) -> InterviewDetail:
    """One interview (see :func:`find_interview_id`) with its turns, all or those in ``turn_range``."""
    interview_id = find_interview_id(read, ref)
    [(row, (text, header))] = _interview_rows(
        read, " WHERE interview.id = :interview_id", {"interview_id": interview_id}, ", interview.text, interview.header"
    )
    pseudonyms: dict[int, str] = {
        participant_id: pseudonym
        for participant_id, pseudonym in read(
            "SELECT participant.id, participant.pseudonym FROM interview_participant"
            " JOIN participant ON participant.id = interview_participant.participant_id"
            " WHERE interview_participant.interview_id = :interview_id",
            {"interview_id": interview_id},
        )
    }
    sql = "SELECT n, label, role, participant_id, start, \"end\", time_start, time_end FROM turn WHERE interview_id = :interview_id"
    params: dict[str, Any] = {"interview_id": interview_id}
    if turn_range:
        sql += " AND n >= :first AND n <= :last"
        params.update(first=turn_range[0], last=turn_range[1])
    turns = [
        TurnRow(
            n=n, label=label, role=role, participant=pseudonyms.get(participant_id) if participant_id else None,
            start=start, end=end, time=time_start, time_end=time_end, text=text[start:end],
        )
        for n, label, role, participant_id, start, end, time_start, time_end in read(sql + " ORDER BY n", params)
    ]
    if turn_range and not turns:
        # An empty answer would read as "these turns are empty"; say where the interview ends.
        lo, hi = turn_range
        asked = f"turns {lo}-{hi} are" if hi != lo else f"turn {lo} is"
        raise InputError(f"{row.name} has {row.turns} turns; {asked} past the end")
    return InterviewDetail(interview=row, turns=turns, text=text, header=header)


def overview(read: Reader) -> Overview:
    """Counts of interviews, words and turns per site × group × wave, and of the whole project."""
    vocab = vocabulary(read)
    cells: list[dict[str, Any]] = [
        {"site": s, "group": g, "wave": w, "interviews": int(n), "words": int(words), "turns": int(turns)}
        for s, g, w, n, words, turns in read(
            "SELECT site.name, informant_group.name, wave.name, count(interview.id),"
            " coalesce(sum(interview.word_count), 0), coalesce(sum(interview.turn_count), 0)"
            f" FROM {INTERVIEW_JOINS}"
            " GROUP BY site.name, informant_group.name, wave.name, site.position, informant_group.position, wave.position"
            " ORDER BY site.position, informant_group.position, wave.position",
            {},
        )
    ]
    [(participants,)] = read("SELECT count(DISTINCT participant_id) FROM interview_participant", {})
    [(unknown,)] = read("SELECT count(id) FROM turn WHERE role = 'unknown' AND label IS NOT NULL", {})
    return Overview(
        interviews=sum(c["interviews"] for c in cells),
        participants=int(participants or 0),
        words=sum(c["words"] for c in cells),
        turns=sum(c["turns"] for c in cells),
        waves=vocab["waves"],
        sites=vocab["sites"],
        groups=vocab["groups"],
        cells=cells,
        unknown_speaker_turns=int(unknown or 0),
    )
