"""Map speaker labels as written to roles and participants.

Transcribers are inconsistent (`Int`, `INT`, `Intervjuar`, `intervjuer`), so known labels are
matched case-insensitively and near-misses by similarity. What cannot be matched safely stays
"unknown" and is reported: attributing a youth's words to the interviewer, or the other way
round, would corrupt every analysis built on roles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

Role = Literal["interviewer", "informant", "unknown"]
How = Literal["exact", "fuzzy", "participant", "unknown"]

FUZZY_THRESHOLD = 85.0
# fuzz.ratio of two short strings jumps in big steps ("I" vs "Ida"), so short labels are only
# ever matched exactly.
MIN_FUZZY_LENGTH = 3

DEFAULT_LABELS: Mapping[str, Role] = {
    **{
        label: "interviewer"
        for label in (
            "I",
            "Int",
            "Intervjuer",
            "Intervjuar",
            "Intervju",
            "Moderator",
            "Forsker",
        )
    },
    **{
        label: "informant"
        for label in (
            "IP",
            "Informant",
            "Ansatt",
            "Eier",
            "Leder",
            "Ungdom",
            "U",
            "B",
            "A",
            "Miljøterapeut",
            "Deltaker",
        )
    },
}

# `IP2`, `Ansatt 2`, `U03`: a known label with a number is the same role, and the number may
# identify the participant.
_NUMBERED = re.compile(r"^(?P<base>.*?[^\d\s])\s*(?P<number>\d{1,4})$")
_TRAILING_NUMBER = re.compile(r"(\d+)$")
# Edge punctuation that says nothing about who speaks: `Intervjuer:`, `**I**`, `[IP]`.
_EDGE_PUNCTUATION = " \t:;.*_[](){}\"'"


@dataclass(frozen=True)
class SpeakerMatch:
    """How one label was understood; `matched` is the known label or pseudonym it matched."""

    label: str
    role: Role
    participant: str | None
    how: How
    matched: str | None
    by_position: bool = False  # the participant was found by counting (`Ansatt 2` = 2nd listed)


def normalise_label(label: str) -> str:
    """The form labels are compared in: case-folded, single spaces, edge punctuation removed."""
    return " ".join(label.strip(_EDGE_PUNCTUATION).split()).casefold()


def _number_of(text: str) -> int | None:
    match = _TRAILING_NUMBER.search(text)
    return int(match.group(1)) if match else None


class SpeakerTable:
    """The labels a project knows: the study's defaults plus the project's own.

    Project labels override defaults, so a project may say that `A` is its interviewer, or
    mark a label as "unknown" to stop it from being matched at all.
    """

    def __init__(self, extra: Mapping[str, Role] | None = None) -> None:
        self._known: dict[str, tuple[str, Role]] = {}
        for source in (DEFAULT_LABELS, extra or {}):
            for label, role in source.items():
                key = normalise_label(label)
                if key:
                    self._known[key] = (label, role)

    def resolve(
        self,
        label: str | None,
        participants: Sequence[str] = (),
        default_participant: str | None = None,
    ) -> SpeakerMatch:
        """Resolve one label for one interview.

        `participants` are the pseudonyms interviewed; `default_participant` is the informant of
        a one-to-one interview, who speaks every informant turn.
        """
        written = (label or "").strip()
        key = normalise_label(written)
        if not key:
            return SpeakerMatch(written, "unknown", None, "unknown", None)

        known = self._exact(key)
        if known is not None and known[1] == "interviewer":
            return SpeakerMatch(written, "interviewer", None, "exact", known[0])

        pseudonym = self._pseudonym(key, participants)
        if pseudonym is not None:
            return SpeakerMatch(written, "informant", pseudonym, "participant", pseudonym)

        how: How = "exact"
        if known is None:
            known = self._fuzzy(key)
            how = "fuzzy"
        if known is None:
            return SpeakerMatch(written, "unknown", None, "unknown", None)
        matched, role = known
        participant = None
        if role == "informant":
            participant = self._participant(key, participants, default_participant)
        by_position = participant is not None and _number_of(key) not in (None, _number_of(participant))
        return SpeakerMatch(written, role, participant, how, matched, by_position)

    def _exact(self, key: str) -> tuple[str, Role] | None:
        if key in self._known:
            return self._known[key]
        numbered = _NUMBERED.match(key)
        if numbered is not None:
            base = self._known.get(numbered.group("base").strip())
            if base is not None:
                return f"{base[0]}<n>", base[1]
        return None

    def _fuzzy(self, key: str) -> tuple[str, Role] | None:
        numbered = _NUMBERED.match(key)
        base = numbered.group("base").strip() if numbered else key
        if len(base) < MIN_FUZZY_LENGTH:
            return None
        scored = [
            (fuzz.ratio(base, known_key), known_key) for known_key in self._known if len(known_key) >= MIN_FUZZY_LENGTH
        ]
        scored = [item for item in scored if item[0] >= FUZZY_THRESHOLD]
        if not scored:
            return None
        best = max(score for score, _ in scored)
        roles = {self._known[k][1] for score, k in scored if score == best}
        if len(roles) != 1:
            return None  # equally close to an interviewer and an informant label
        best_key = min(k for score, k in scored if score == best)
        matched, role = self._known[best_key]
        return (f"{matched}<n>" if numbered else matched), role

    def _pseudonym(self, key: str, participants: Sequence[str]) -> str | None:
        """The participant a label names: `U03`, or an informant word and the name
        (`Ungdom U03`)."""
        for pseudonym in participants:
            wanted = normalise_label(pseudonym)
            if not wanted:
                continue
            if key == wanted:
                return pseudonym
            if key.endswith(" " + wanted):
                role_word = self._exact(key[: -len(wanted)].strip())
                if role_word is not None and role_word[1] == "informant":
                    return pseudonym
        return None

    @staticmethod
    def _participant(key: str, participants: Sequence[str], default_participant: str | None) -> str | None:
        """Which participant an informant label means, when that is not a guess.

        A number in the label (`IP2`, `Ansatt 2`) picks the one participant whose pseudonym ends
        in that number; when no pseudonym ends in it, it picks the n-th participant in the order
        given (the manifest's order). Without a number, a single informant is that informant.
        """
        number = _number_of(key) if _NUMBERED.match(key) else None
        if number is not None and participants:
            same = [p for p in participants if _number_of(p) == number]
            if same:
                return same[0] if len(same) == 1 else None
            if 1 <= number <= len(participants):
                # No pseudonym carries the number, so it counts speakers in the manifest's order
                # (`Ansatt 1` is the first participant listed): a stated rule, shown in the report.
                return participants[number - 1]
            return None
        if default_participant is not None:
            return default_participant
        if len(participants) == 1:
            return participants[0]
        return None
