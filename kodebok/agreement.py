"""Inter-coder agreement over units of the canonical text, with the tables behind each figure.

Units are the informant turns (or the sentences of informant turns) of the interviews that every
named coder has coded (holds at least one coding in). A unit holds a code for a coder when one of
that coder's codings of the code overlaps it. Suggestions never count: only codings do.

*Overall* pools every (unit, code) decision of the codes compared into one table.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intervju.corpus import find_interview
from intervju.errors import InputError
from intervju.models import Interview, Sentence, Turn
from kodebok.coders import find_coder
from kodebok.codes import CodeIndex
from kodebok.models import Code, Coder, Coding
from kodebok.reliability import TwoByTwo, all_agree, cohen_kappa, gwet_ac1, nominal_alpha


@dataclass(frozen=True)
class Unit:
    interview_id: int
    interview: str
    n: int  # turn or sentence number
    start: int
    end: int


@dataclass
class Figures:
    units: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    ac1: float | None
    table: dict[str, Any]
    prevalence: float | None
    overlap: dict[str, dict[str, float | None]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"units": self.units, "percent": self.percent, "kappa": self.kappa, "alpha": self.alpha,
                "ac1": self.ac1, "table": self.table, "prevalence": self.prevalence, "overlap": self.overlap}


@dataclass
class Disagreement:
    code: str
    interview: str
    unit: int
    start: int
    end: int
    coded_by: list[str]
    not_by: list[str]
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "interview": self.interview, "unit": self.unit, "start": self.start,
                "end": self.end, "coded_by": self.coded_by, "not_by": self.not_by, "text": self.text}


@dataclass
class AgreementReport:
    coders: list[str]
    unit: str
    interviews: list[str]
    codes: dict[str, Figures]
    overall: Figures
    disagreements: list[Disagreement]

    def to_json(self) -> dict[str, Any]:
        return {"coders": self.coders, "unit": self.unit, "interviews": self.interviews,
                "codes": {k: v.to_json() for k, v in self.codes.items()}, "overall": self.overall.to_json()}


@dataclass
class Scope:
    coders: list[Coder]
    interviews: list[Interview]
    units: list[Unit]
    codes: list[Code]
    index: CodeIndex
    coded: dict[tuple[int, int], set[int]]  # (code id, coder id) -> unit indices


def coded_interviews(session: Session, coders: Sequence[Coder], refs: Sequence[str] = ()) -> list[Interview]:
    """Interviews in which every coder holds at least one coding (narrowed to ``refs`` if given)."""
    wanted = {find_interview(session, r).id for r in refs} if refs else None
    q = select(Coding.interview_id).where(Coding.coder_id.in_([c.id for c in coders])) \
        .group_by(Coding.interview_id).having(func.count(func.distinct(Coding.coder_id)) == len(coders))
    ids = [i for i in session.scalars(q) if wanted is None or i in wanted]
    return list(session.scalars(select(Interview).where(Interview.id.in_(ids)).order_by(Interview.name)))


def informant_units(session: Session, interviews: Sequence[Interview], unit: str) -> list[Unit]:
    names = {iv.id: iv.name for iv in interviews}
    turns = select(Turn).where(Turn.interview_id.in_(names), Turn.role == "informant")
    if unit == "turn":
        return [Unit(t.interview_id, names[t.interview_id], t.n, t.start, t.end)
                for t in session.scalars(turns.order_by(Turn.interview_id, Turn.start))]
    q = select(Sentence).join(Turn, Sentence.turn_id == Turn.id) \
        .where(Sentence.interview_id.in_(names), Turn.role == "informant") \
        .order_by(Sentence.interview_id, Sentence.start)
    units = [Unit(s.interview_id, names[s.interview_id], s.n, s.start, s.end) for s in session.scalars(q)]
    if interviews and not units:
        raise InputError("the interviews compared have no sentences indexed; use --unit turn (or index the project)")
    return units


def _mark(units: list[Unit], codings: Sequence[Coding]) -> dict[tuple[int, int], set[int]]:
    by_interview: dict[int, list[int]] = {}
    for i, u in enumerate(units):
        by_interview.setdefault(u.interview_id, []).append(i)
    ends = {iv: [units[i].end for i in idx] for iv, idx in by_interview.items()}
    coded: dict[tuple[int, int], set[int]] = {}
    for c in codings:
        idx = by_interview.get(c.interview_id)
        if not idx:
            continue
        k = bisect.bisect_right(ends[c.interview_id], c.start)
        while k < len(idx) and units[idx[k]].start < c.end:
            coded.setdefault((c.code_id, c.coder_id), set()).add(idx[k])
            k += 1
    return coded


def agreement_scope(session: Session, coder_names: Sequence[str], unit: str, code_refs: Sequence[str],
           interview_refs: Sequence[str]) -> Scope:
    if unit not in ("turn", "sentence"):
        raise InputError(f"--unit {unit!r} must be turn or sentence")
    coders = [find_coder(session, n) for n in coder_names]
    if len({c.id for c in coders}) < 2:
        raise InputError("agreement needs at least two different coders (--coders A B)")
    interviews = coded_interviews(session, coders, interview_refs)
    if not interviews:
        raise InputError(f"no interview has codings by all of {', '.join(c.name for c in coders)}")
    units = informant_units(session, interviews, unit)
    index = CodeIndex.load(session)
    codings = list(session.scalars(select(Coding).where(Coding.coder_id.in_([c.id for c in coders]),
                                                        Coding.interview_id.in_([iv.id for iv in interviews]))))
    if code_refs:
        codes = [index.resolve(r) for r in code_refs]
    else:
        used = {c.code_id for c in codings}
        codes = sorted((c for c in index.codes if c.id in used), key=index.path)
    return Scope(coders, interviews, units, codes, index, _mark(units, codings))


def _figures(matrix: list[list[bool]], names: list[str]) -> Figures:
    """Figures from a units × coders matrix of yes/no decisions."""
    n = len(matrix)
    coded = {name: sum(1 for row in matrix if row[i]) for i, name in enumerate(names)}
    only = {name: sum(1 for row in matrix if row[i] and sum(row) == 1) for i, name in enumerate(names)}
    both = sum(1 for row in matrix if all(row))
    neither = sum(1 for row in matrix if not any(row))
    table = {"units": n, "coded": coded, "only": only, "both": both, "neither": neither}
    prevalence = sum(coded.values()) / (n * len(names)) if n else None
    kappa = ac1 = None
    if len(names) == 2:
        t = TwoByTwo(both=both, a_only=only[names[0]], b_only=only[names[1]], neither=neither)
        kappa, ac1 = cohen_kappa(t), gwet_ac1(t)
    return Figures(units=n, percent=_clean(all_agree(matrix)), kappa=_clean(kappa),
                   alpha=_clean(nominal_alpha(matrix)), ac1=_clean(ac1), table=table, prevalence=_clean(prevalence))


def _clean(value: float | None) -> float | None:
    """Round off float noise (and -0.0), so an exact 0 or 1 prints as one."""
    return None if value is None else round(value, 12) + 0.0


Spans = dict[int, list[tuple[int, int]]]


def _spans(session: Session, code: Code, coder: Coder, interviews: Sequence[Interview]) -> Spans:
    """Each interview's coded character ranges for one coder and code, merged."""
    out: dict[int, list[tuple[int, int]]] = {}
    q = select(Coding.interview_id, Coding.start, Coding.end).where(
        Coding.code_id == code.id, Coding.coder_id == coder.id, Coding.interview_id.in_([iv.id for iv in interviews])
    ).order_by(Coding.interview_id, Coding.start)
    for iv, start, end in session.execute(q):
        spans = out.setdefault(iv, [])
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return out


def _shared(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    total = i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def segment_overlap(session: Session, code: Code, coders: Sequence[Coder],
                    interviews: Sequence[Interview]) -> dict[str, dict[str, float | None]]:
    """``{A: {B: share}}``: of the characters A coded with ``code``, the share B coded too."""
    spans = {c.id: _spans(session, code, c, interviews) for c in coders}
    out: dict[str, dict[str, float | None]] = {}
    for a in coders:
        own = sum(e - s for v in spans[a.id].values() for s, e in v)
        out[a.name] = {
            b.name: (sum(_shared(v, spans[b.id].get(iv, [])) for iv, v in spans[a.id].items()) / own if own else None)
            for b in coders if b is not a
        }
    return out


def agreement(session: Session, coders: Sequence[str], *, unit: str = "turn", codes: Sequence[str] = (),
              interviews: Sequence[str] = ()) -> AgreementReport:
    s = agreement_scope(session, coders, unit, codes, interviews)
    names = [c.name for c in s.coders]
    texts = {iv.id: iv.text for iv in s.interviews}
    per_code: dict[str, Figures] = {}
    pooled: list[list[bool]] = []
    disagreements: list[Disagreement] = []
    for code in s.codes:
        path = s.index.path(code)
        sets = [s.coded.get((code.id, c.id), set()) for c in s.coders]
        matrix = [[i in coded for coded in sets] for i in range(len(s.units))]
        pooled.extend(matrix)
        figures = _figures(matrix, names)
        figures.overlap = segment_overlap(session, code, s.coders, s.interviews)
        per_code[path] = figures
        for i, row in enumerate(matrix):
            if any(row) and not all(row):
                u = s.units[i]
                disagreements.append(Disagreement(path, u.interview, u.n, u.start, u.end,
                                                  [n for n, v in zip(names, row, strict=True) if v],
                                                  [n for n, v in zip(names, row, strict=True) if not v],
                                                  texts[u.interview_id][u.start:u.end]))
    disagreements.sort(key=lambda d: (d.interview, d.start, d.code))
    return AgreementReport(names, unit, [iv.name for iv in s.interviews], per_code, _figures(pooled, names),
                           disagreements)
