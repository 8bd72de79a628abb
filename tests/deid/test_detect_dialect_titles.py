"""Precision in dialect speech (held-out batches 8 and 9): nynorsk and dialect function words,
family words in dialect form, cars by make or model, titles in English and everyday words as
programmes were taken for persons or places. The sentences are made up for the class; none is a
batch's own, and each rule has a case where a name must still be found."""

from __future__ import annotations

import pytest

from tests.deid.helpers import detected as scan


@pytest.mark.parametrize("sentence", [
    "Dei kjem i morgon, trur eg.",
    "Kva skal me gjere no?",
    "Korleis går det med deg?",
    "Ikkje spør meg om det.",
    "Kor e du hen?",
    "Dokker må komme.",
])
def test_nynorsk_and_dialect_function_words_opening_a_sentence_are_no_names(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert scan(nlp, sentence) == []


def test_a_name_after_a_function_word_is_still_found(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("person", "Sebbe") in scan(nlp, "Kva sa Sebbe då?")
    assert ("person", "Hans") in scan(nlp, "Hans sa nei.")  # a function word that is a listed name


@pytest.mark.parametrize("sentence", [
    "Storebroren min kom i går.",
    "Lillesøstra mi e så søt.",
    "Halvbroren hans bor i byen.",
])
def test_family_words_in_dialect_form_are_no_names(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert all(kind != "person" for kind, _t in scan(nlp, sentence))


@pytest.mark.parametrize("sentence", [
    "Vi kjørte den gamle Passaten hele veien.",
    "Han parkerte Teslaen utenfor.",
    "Den røde Transiten sto der fortsatt.",
])
def test_a_car_in_the_definite_form_is_no_name(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert all(kind != "person" for kind, _t in scan(nlp, sentence))


@pytest.mark.parametrize(("sentence", "title"), [
    ("Vi så Stranger Things hele helga.", "Stranger Things"),
    ("Det e ikkje Breaking Bad her, liksom.", "Breaking Bad"),
    ("Hun snakket bare om Silent Witness hele kvelden.", "Silent Witness"),
])
def test_a_title_in_english_is_no_person(nlp, sentence: str, title: str) -> None:  # type: ignore[no-untyped-def]
    found = scan(nlp, sentence)
    assert all(t not in title for _k, t in found), found


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Jeg snakket med Kari Sjurhaug i går.", ("person", "Kari Sjurhaug")),    # a listed given name
    ("Vi møtte Ahmed Warsame på kafeen.", ("person", "Ahmed Warsame")),       # no English words
    ("Han jobber på Coop Extra nå.", ("institution", "Coop Extra")),          # a chain as workplace
])
def test_names_in_a_row_that_are_no_english_title_are_still_found(nlp, sentence: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert expected in scan(nlp, sentence)


def test_an_everyday_word_watched_is_a_programme_not_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    found = scan(nlp, "Vi satt og så på Barnevakten hele kvelden.")
    assert all(t != "Barnevakten" for _k, t in found), found


def test_an_everyday_word_shouted_in_capitals_is_no_place(nlp) -> None:  # type: ignore[no-untyped-def]
    assert scan(nlp, "Det sto «VELKOMMEN HEIM» på lappen.") == []
    assert ("place", "Heim") in scan(nlp, "Vi bor i Heim nå.")
