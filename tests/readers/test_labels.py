from __future__ import annotations

import pytest

from intervju.readers.labels import is_label, split_label, split_markdown_label

POSITIVES = [
    ("I: Hei", "I", "Hei"),
    ("Int: Hei", "Int", "Hei"),
    ("INT: Hei", "INT", "Hei"),
    ("Intervjuer: Hei", "Intervjuer", "Hei"),
    ("Intervjuar: Hei", "Intervjuar", "Hei"),
    ("intervjuer: hei", "intervjuer", "hei"),
    ("IP: Ja", "IP", "Ja"),
    ("IP1: Ja", "IP1", "Ja"),
    ("Informant: Ja", "Informant", "Ja"),
    ("Ansatt 2: Ja", "Ansatt 2", "Ja"),
    ("U03: Ja", "U03", "Ja"),
    ("Miljøterapeut: Vi jobber i turnus.", "Miljøterapeut", "Vi jobber i turnus."),
    ("SPEAKER_01: ok", "SPEAKER_01", "ok"),
    ("Kari Nordmann: hei", "Kari Nordmann", "hei"),
    ("Anne-Lise: hei", "Anne-Lise", "hei"),
    ("I:Hei", "I", "Hei"),
    ("I : Hei", "I", "Hei"),
    ("  IP:   svar", "IP", "svar"),
    ("I:", "I", ""),
    ("IP: Det var sånn: vi startet i 2018", "IP", "Det var sånn: vi startet i 2018"),
    ("I: [00:12:31] Hei", "I", "[00:12:31] Hei"),
    ("Leder Bodø: ja", "Leder Bodø", "ja"),
]


@pytest.mark.parametrize(("line", "label", "rest"), POSITIVES)
def test_labels_are_recognised(line: str, label: str, rest: str) -> None:
    assert split_label(line) == (label, rest)


NEGATIVES = [
    "Det var sånn: vi startet i 2018",  # a clause before a colon
    "Han sa det slik: nei",
    "12:30 kom hun",  # a clock time
    "Kl 12:30 kom hun",
    "[00:12:31] Hei",
    "https://www.bufdir.no/",  # a URL
    "Se www.example.com:8080",
    "Men: det var jo ikke sånn",  # a sentence-opening word
    "Altså: vi",
    "Dette er en svært lang innledning på over tretti tegn: ja",
    "En to tre fire fem: ja",  # too many words
    "Hei, du: ja",  # sentence punctuation
    "Hva? Nei: ja",
    "(utydelig): hei",
    "[latter]: hei",
    "1. spørsmål: hei",
    ": ingenting",
    "Ingen kolon her",
    "",
]


@pytest.mark.parametrize("line", NEGATIVES)
def test_non_labels_are_text(line: str) -> None:
    assert split_label(line) is None


@pytest.mark.parametrize(
    ("line", "label", "rest"),
    [
        ("**I:** Hei", "I", "Hei"),
        ("**I**: Hei", "I", "Hei"),
        ("__Int__: Hei", "Int", "Hei"),
        ("*IP:* Ja", "IP", "Ja"),
        ("**Ansatt 2:** Ja", "Ansatt 2", "Ja"),
        ("I: plain works too", "I", "plain works too"),
    ],
)
def test_markdown_emphasis_around_labels(line: str, label: str, rest: str) -> None:
    assert split_markdown_label(line) == (label, rest)


@pytest.mark.parametrize("line", ["**Det var sånn:** vi", "**Viktig**", "*kursiv* tekst: ja"])
def test_markdown_emphasis_is_not_a_label_by_itself(line: str) -> None:
    assert split_markdown_label(line) is None


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("I", True),
        ("Ansatt 2", True),
        ("x" * 30, True),
        ("x" * 31, False),
        ("2 Ansatt", False),
    ],
)
def test_label_shape_limits(candidate: str, expected: bool) -> None:
    assert is_label(candidate) is expected
