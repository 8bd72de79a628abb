"""Ages said of someone are found wherever they stand (held-out batches 8 and 9: 0 of 18 ages were
found, the old rule wanted a place in the same sentence). The sentences are made up for the class;
none is a batch's own, and each rule has cases where it must not fire: clock times, counts,
durations, limits the law sets, the ages of a group."""

from __future__ import annotations

import pytest

from tests.deid.helpers import detected as scan


def ages(nlp, sentence: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [t for k, t in scan(nlp, sentence) if k == "age"]


@pytest.mark.parametrize(("sentence", "age"), [
    ("Jeg er fjorten, og jeg liker å tegne.", "fjorten"),
    ("Eg va elleve då eg flytta første gong.", "elleve"),
    ("Æ fylte nitten i fjor.", "nitten"),
    ("Je blir tretten i juni.", "tretten"),
    ("Hun er åtte og går i tredje klasse.", "åtte"),
    ("Ho e ti år og elsker hest.", "ti år"),
    ("Han er tolv nå, snart ferdig på barneskolen.", "tolv"),
    ("Da jeg var seks år, begynte jeg på skolen.", "seks år"),
    ("Nå e eg nitten, så det e lenge siden.", "nitten"),
    ("Jeg bodde der til jeg var elleve.", "elleve"),           # past: an age at an event
    ("Vi hadde en jente som var tretten da hun kom.", "tretten"),
    ("Det var en gutt på fjorten, fra nabobygda.", "fjorten"),
    ("Han kom hit som tolvåring.", "tolvåring"),
    ("En 13-åring ble funnet i går.", "13-åring"),
    ("En 17 år gammel gutt ble kjørt hjem.", "17 år gammel"),
    ("Jeg fylte 19 i mars.", "19"),
])
def test_an_age_said_of_someone_is_found_without_a_place(nlp, sentence: str, age: str) -> None:  # type: ignore[no-untyped-def]
    assert ages(nlp, sentence) == [age]


def test_the_next_age_said_after_a_comma_is_found_too(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ages(nlp, "Eg er tretten, blir fjorten til jul.") == ["tretten", "fjorten"]
    assert ages(nlp, "Æ e ni, snart ti.") == ["ni", "ti"]


def test_a_named_person_s_age(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ages(nlp, "Søstera mi heter Ingeborg. Ingeborg er 21 og bor alene.") == ["21"]


@pytest.mark.parametrize("sentence", [
    "Vi er fire i familien.",                  # a count of people
    "Klokka er ni, vi må gå.",                 # a clock time
    "Jeg var to år på en institusjon før dette.",   # a duration
    "Hun var tre år i Tromsø.",
    "For tre år siden flyttet vi.",
    "Jeg har bodd her i to år.",
    "Han er to meter høy.",                    # a unit
    "Jeg er fem minutter unna.",
    "Du er tre på jobb i helgene.",            # staff on duty
    "Når jeg blir atten, må jeg flytte.",      # a limit the law sets
    "Jeg kan få ettervern til jeg er tjuefem.",
    "For de som fyller atten har vi en plan.",  # a rule for many
    "Vi tar imot ungdom mellom tolv og atten år fra hele Bodø.",  # the ages of a group
    "Jeg er en av dem.",                       # one is an article
    "Han er sekstifem og har bart.",           # past 25: not the ages of this study
])
def test_numbers_that_are_no_age_are_no_candidates(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert ages(nlp, sentence) == []
