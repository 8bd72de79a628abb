from __future__ import annotations

import pytest

from intervju.speakers import DEFAULT_LABELS, SpeakerMatch, SpeakerTable

TABLE = SpeakerTable()

INTERVIEWER = [
    "I",
    "Int",
    "INT",
    "Intervjuer",
    "Intervjuar",
    "Intervju",
    "Moderator",
    "Forsker",
]
INFORMANT = ["IP", "Informant", "Ansatt", "Eier", "Leder", "Ungdom", "U", "B", "A",
             "Miljøterapeut", "Deltaker"]  # fmt: skip


@pytest.mark.parametrize("label", INTERVIEWER)
def test_default_interviewer_labels(label: str) -> None:
    for written in (label, label.lower(), label.upper(), f" {label}: "):
        match = TABLE.resolve(written)
        assert (match.role, match.how) == ("interviewer", "exact")
        assert match.matched is not None and match.matched.casefold() == label.casefold()
        assert match.participant is None
        assert match.label == written.strip()


@pytest.mark.parametrize("label", INFORMANT)
def test_default_informant_labels(label: str) -> None:
    for written in (label, label.lower(), label.upper()):
        match = TABLE.resolve(written)
        assert (match.role, match.how, match.matched) == ("informant", "exact", label)


def test_every_default_is_tested() -> None:
    defaults = {label.casefold() for label in DEFAULT_LABELS}
    assert defaults == {label.casefold() for label in INTERVIEWER + INFORMANT}


@pytest.mark.parametrize(
    ("label", "role", "matched"),
    [
        ("IP1", "informant", "IP<n>"),
        ("IP12", "informant", "IP<n>"),
        ("ip 3", "informant", "IP<n>"),
        ("Ansatt 2", "informant", "Ansatt<n>"),
        ("Ansatt2", "informant", "Ansatt<n>"),
        ("U03", "informant", "U<n>"),
        ("Informant 4", "informant", "Informant<n>"),
        ("Intervjuer 2", "interviewer", "Intervjuer<n>"),
        ("I2", "interviewer", "I<n>"),
    ],
)
def test_numbered_labels(label: str, role: str, matched: str) -> None:
    match = TABLE.resolve(label)
    assert (match.role, match.how, match.matched) == (role, "exact", matched)


@pytest.mark.parametrize(
    ("label", "role", "matched", "how"),
    [
        ("Intervjuar", "interviewer", "Intervjuar", "exact"),  # a known variant
        ("intervjuer", "interviewer", "Intervjuer", "exact"),
        (
            "Intervjuer:",
            "interviewer",
            "Intervjuer",
            "exact",
        ),  # punctuation is not a name
        ("**Intervjuer**", "interviewer", "Intervjuer", "exact"),
        ("Intervjuerr", "interviewer", "Intervjuer", "fuzzy"),
        ("Intrevjuer", "interviewer", "Intervjuer", "fuzzy"),
        ("Informnt", "informant", "Informant", "fuzzy"),
        ("Infromant", "informant", "Informant", "fuzzy"),
        ("Miljøterapeuten", "informant", "Miljøterapeut", "fuzzy"),
        ("Miljoterapeut", "informant", "Miljøterapeut", "fuzzy"),
        ("Moderatr", "interviewer", "Moderator", "fuzzy"),
        ("Deltakerr 2", "informant", "Deltaker<n>", "fuzzy"),
    ],
)
def test_near_misses(label: str, role: str, matched: str, how: str) -> None:
    match = TABLE.resolve(label)
    assert (match.role, match.matched, match.how) == (role, matched, how)


@pytest.mark.parametrize(
    "label",
    [
        "Ida",  # must not become I
        "Ina",
        "Ip3x",
        "Il",
        "Ia",
        "X",
        "Kari",
        "Inf",  # three letters away from nothing in particular: not guessed
        "SPEAKER_01",
        "Lærer",
        "Mor",
        "Informasjon",
        "Lederen sa",
        "",
        "   ",
        ":",
    ],
)
def test_unknown_labels_are_kept_not_guessed(label: str) -> None:
    match = TABLE.resolve(label)
    assert match == SpeakerMatch(label.strip(), "unknown", None, "unknown", None)


def test_no_label() -> None:
    assert TABLE.resolve(None) == SpeakerMatch("", "unknown", None, "unknown", None)


def test_participant_pseudonym_names_the_speaker() -> None:
    match = TABLE.resolve("U03", participants=["U03", "U07"])
    assert match == SpeakerMatch("U03", "informant", "U03", "participant", "U03")
    match = TABLE.resolve("Kari", participants=["Kari", "Ola"])
    assert match == SpeakerMatch("Kari", "informant", "Kari", "participant", "Kari")
    match = TABLE.resolve("Ungdom U07", participants=["U03", "U07"])
    assert (match.participant, match.how) == ("U07", "participant")


def test_pseudonym_after_a_non_informant_word_is_not_taken() -> None:
    match = TABLE.resolve("Intervjuer Kari", participants=["Kari"])
    assert match.participant is None
    assert match.role != "informant"


def test_interviewer_labels_win_over_pseudonyms() -> None:
    match = TABLE.resolve("I", participants=["I"])
    assert (match.role, match.participant) == ("interviewer", None)


def test_single_informant_interview_uses_the_default_participant() -> None:
    match = TABLE.resolve("IP", participants=["U03"], default_participant="U03")
    assert match == SpeakerMatch("IP", "informant", "U03", "exact", "IP")
    assert TABLE.resolve("Informnt", default_participant="A12").participant == "A12"
    assert TABLE.resolve("Informant", participants=["A12"]).participant == "A12"
    assert TABLE.resolve("I", default_participant="U03").participant is None


@pytest.mark.parametrize(
    ("label", "participants", "expected"),
    [
        ("Ansatt 2", ["A1", "A2", "A3"], "A2"),  # the pseudonym carries the number
        ("IP3", ["A1", "A2", "A3"], "A3"),
        (
            "IP2",
            ["Kari", "Ola", "Per"],
            "Ola",
        ),  # no numbers: the n-th in the given order
        ("IP4", ["Kari", "Ola", "Per"], None),  # no 4th participant
        ("IP1", ["U03", "U07"], "U03"),  # no pseudonym ends in 1: the first one listed
        ("IP3", ["A3", "B3"], None),  # two participants end in 3: ambiguous
        ("Ansatt 2", [], None),
        ("Informant", ["A1", "A2"], None),  # focus group without a number
    ],
)
def test_numbered_labels_in_a_focus_group(label: str, participants: list[str], expected: str | None) -> None:
    match = TABLE.resolve(label, participants=participants)
    assert match.role == "informant"
    assert match.participant == expected


def test_project_labels_extend_and_override() -> None:
    table = SpeakerTable({"Kari": "interviewer", "A": "interviewer", "Mor": "informant",
                          "B": "unknown"})  # fmt: skip
    assert table.resolve("kari").role == "interviewer"
    assert table.resolve("A") == SpeakerMatch("A", "interviewer", None, "exact", "A")
    assert table.resolve("Mor", default_participant="U03").participant == "U03"
    assert table.resolve("B").role == "unknown"
    assert table.resolve("I").role == "interviewer"  # defaults are kept


def test_ambiguous_fuzzy_match_is_unknown() -> None:
    table = SpeakerTable({"Kontakten": "interviewer", "Kontakter": "informant"})
    assert table.resolve("Kontakte").how == "unknown"
