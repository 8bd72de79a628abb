"""Held-out batches 10 and 11's person misses, by class: the genitive of a name the text found
elsewhere (also where the name is an everyday word or opens a sentence), and places in a sentence
where only a person stands — the dialects' pronoun before a name, what someone is called, a cleft
with *som*. The sentences are made up for the class; each rule has a case where it must not fire."""

from __future__ import annotations

import pytest

from tests.deid.helpers import detected as scan


def _persons(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [t for k, t in scan(nlp, text) if k == "person"]


def test_the_genitive_of_a_name_the_text_found_is_that_person(nlp) -> None:  # type: ignore[no-untyped-def]
    # "Glede" is an everyday word (joy); the text shows it is a name, so its genitive is that person.
    text = "Lillebror heiter Glede, ja. Han Glede er ni. Gledes rom er ved sida av mitt."
    assert _persons(nlp, text).count("Glede") == 3
    # Without the name found elsewhere in the text, the everyday word's genitive is not a name.
    assert _persons(nlp, "Gledes tid er forbi, sa læraren.") == []


def test_a_sentence_opening_genitive_of_a_listed_name_found_in_full(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "Solveig" in _persons(nlp, "Solveig Haugen kom i fjor. Solveigs ting er at hun ringer.")


@pytest.mark.parametrize(("sentence", "person"), [
    ("E ringde te ho Myra, og ho kom. Vi gikk over myra.", "Myra"),
    ("Vi spurte han Bakken om lov. Bakken var glatt.", "Bakken"),
    ("Alle kallar han berre Tårnet, for han er så høg. Vi ser tårnet herfra.", "Tårnet"),
    ("Dei kalte meg Bølgen på skulen. Bølgen var høg.", "Bølgen"),
    ("Det va Skog som fiksa alt. Vi gikk i skog.", "Skog"),
    ("Det var Brisen som ringte. Brisen kom fra havet.", "Brisen"),
])
def test_where_only_a_person_stands_an_everyday_word_is_a_name(nlp, sentence: str, person: str) -> None:  # type: ignore[no-untyped-def]
    """The text also uses the word as a word (lower case, or opening a sentence), so nothing but
    the cue says it is a name there."""
    assert person in _persons(nlp, sentence)


@pytest.mark.parametrize("sentence", [
    "Det var DBT som hjalp mest.",       # an acronym
    "Det va Bergen som vant.",           # a place (or its club), not a person
    "Han sa det te ho, og ho lo.",       # the pronoun alone
    "Det var fint som bare det.",         # no capital
])
def test_the_cues_do_not_make_persons_of_other_words(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert _persons(nlp, sentence) == []
