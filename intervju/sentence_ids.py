"""Sentence ids that carry their interview and their speaker's role.

A search for a common word matches tens of thousands of sentences, and the counts per wave and
group need each match's interview and role. Looking those up row by row in ``sentence`` and
``turn`` costs microseconds per match (50–180 ms for a common word over the L corpus); when the
id itself says them, the full-text index answers alone (4–13 ms). So every writer of
``sentence`` rows (the indexer, a merge) gives each row the id :func:`sentence_id` makes:

    id = interview_id << 21 | n << 2 | role

``n`` is the sentence's 1-based number in its interview (below 2**19 = 524,288 sentences, about
seven million words in one interview); ``role`` is the turn's role as a small number. An
interview's ids are one contiguous range in text order, so a page of hits reads one range of the
index, and rows written in text order reach FTS5 with rising rowids (it flushes its pending terms
whenever a rowid is not above the last one).
"""

from __future__ import annotations

from intervju.errors import InputError

INTERVIEW_SHIFT = 21
N_SHIFT = 2
ROLE_MASK = 0b11
MAX_SENTENCES = (1 << (INTERVIEW_SHIFT - N_SHIFT)) - 1
ROLE_CODES = {"interviewer": 0, "informant": 1, "unknown": 2}
OTHER_ROLE = 3


def role_code(role: str) -> int:
    return ROLE_CODES.get(role, OTHER_ROLE)


def sentence_id(interview_id: int, role: str, n: int, interview_name: str = "") -> int:
    """The id of sentence ``n`` (1-based) of an interview, spoken in a turn with ``role``."""
    if not 0 < n <= MAX_SENTENCES:
        raise InputError(f"{interview_name or interview_id}: more than {MAX_SENTENCES:,} sentences in one "
                         "interview; split the transcript")
    return (interview_id << INTERVIEW_SHIFT) | (n << N_SHIFT) | role_code(role)


def interview_range(first: int, last: int | None = None) -> tuple[int, int]:
    """The lowest and highest sentence id of interviews ``first`` … ``last`` (ids, inclusive)."""
    last = first if last is None else last
    return first << INTERVIEW_SHIFT, ((last + 1) << INTERVIEW_SHIFT) - 1


def interview_of(sid: int) -> int:
    return sid >> INTERVIEW_SHIFT


def role_of(sid: int) -> int:
    return sid & ROLE_MASK


__all__ = ["ROLE_CODES", "interview_of", "interview_range", "role_code", "role_of", "sentence_id"]
