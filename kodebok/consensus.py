"""The consensus layer: codings of a named consensus coder that matrices and reports can use.

After the consensus meeting, units on which every named coder agrees a code holds become codings
of the consensus coder (over the unit's span), and adjudicated codings are copied one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from intervju.errors import PROJECT_ARG, InputError, NotInProject
from intervju.models import Interview
from kodebok.agreement import agreement_scope
from kodebok.audit import record
from kodebok.coders import ensure_coder
from kodebok.coding import add_coding, find_coding
from kodebok.models import Code, Coder, Coding


@dataclass(frozen=True)
class AdoptResult:
    consensus: str
    created: int
    already: int
    new_coder: bool


def _consensus_coder(session: Session, name: str, coders: Sequence[str]) -> tuple[Coder, bool]:
    if name.casefold() in {c.casefold() for c in coders}:
        raise InputError(f"the consensus coder {name!r} must not be one of the coders compared")
    return ensure_coder(session, name, consensus=True)


def _copy(session: Session, consensus: Coder, interview: Interview, code: Code, start: int, end: int) -> bool:
    if find_coding(session, interview, code, start, end, consensus) is not None:
        return False
    add_coding(session, interview, code, start, end, consensus, action="consensus.adopt")
    return True


def adopt_agreed(session: Session, consensus_name: str, coders: Sequence[str], *, unit: str = "turn",
                 codes: Sequence[str] = (), interviews: Sequence[str] = (), actor: str | None = None) -> AdoptResult:
    """Units where all ``coders`` hold a code become codings of the consensus coder."""
    consensus, new = _consensus_coder(session, consensus_name, coders)
    s = agreement_scope(session, coders, unit, codes, interviews)
    by_id = {iv.id: iv for iv in s.interviews}
    created = already = 0
    for code in s.codes:
        if code.status != "active":
            continue
        agreed = set.intersection(*(s.coded.get((code.id, c.id), set()) for c in s.coders))
        for i in sorted(agreed):
            u = s.units[i]
            if _copy(session, consensus, by_id[u.interview_id], code, u.start, u.end):
                created += 1
            else:
                already += 1
    record(session, actor, "consensus.adopt_agreed", "coder", consensus.name, coders=list(coders), unit=unit,
           created=created)
    return AdoptResult(consensus.name, created, already, new)


def adopt_codings(session: Session, consensus_name: str, coding_ids: Sequence[int], *,
                  actor: str | None = None) -> AdoptResult:
    """Copy adjudicated codings (by id) to the consensus coder."""
    if not coding_ids:
        raise InputError("name the adjudicated codings with --coding ID (see `kode codings`)")
    consensus, new = ensure_coder(session, consensus_name, consensus=True)
    created = already = 0
    for coding_id in coding_ids:
        coding = session.get(Coding, coding_id)
        if coding is None:
            raise NotInProject(f"no coding {coding_id}", f" (see `kode codings {PROJECT_ARG}`)")
        interview = session.get(Interview, coding.interview_id)
        assert interview is not None
        if _copy(session, consensus, interview, coding.code, coding.start, coding.end):
            created += 1
        else:
            already += 1
    record(session, actor, "consensus.adopt_codings", "coder", consensus.name, codings=list(coding_ids))
    return AdoptResult(consensus.name, created, already, new)
