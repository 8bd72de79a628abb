"""The rest of held-out batches 8 and 9's misses, by class: a club named by an everyday word as
the subject of a match's verb, a chain's shop, a body opening a compound, someone described in
apposition, what someone is called in quotes, supporters' short names of clubs. The sentences are
made up for the class; none is a batch's own, and each rule has a case where it must not fire."""

from __future__ import annotations

import pytest

from tests.deid.helpers import detected as scan


def test_an_everyday_word_club_before_a_match_s_verb_where_the_talk_is_of_sport(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("institution", "Viking") in scan(nlp, "Vi heier på laget. Viking vant i cupen i fjor.")
    assert all(t != "Brann" for _k, t in scan(nlp, "Brann slo ut i nabohuset i natt."))


def test_a_chain_s_shop_is_that_branch(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("institution", "Joker") in scan(nlp, "Vi møttes ved Joker-butikken i sentrum.")
    assert scan(nlp, "Joker-reklamen var teit.") == []


def test_a_body_opening_a_compound_is_the_body(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("institution", "Bufetat") in scan(nlp, "Fra Bufetat-siden kom det ikke noe svar.")


@pytest.mark.parametrize(("sentence", "person"), [
    ("Zoltan, naboen vår, han hjalp oss med flyttinga.", "Zoltan"),
    ("Sigvor, som bor i første etasje, kom ned.", "Sigvor"),
])
def test_someone_described_in_apposition_is_a_person(nlp, sentence: str, person: str) -> None:  # type: ignore[no-untyped-def]
    assert ("person", person) in scan(nlp, sentence)


def test_an_unknown_word_opening_a_sentence_without_apposition_is_no_person(nlp) -> None:  # type: ignore[no-untyped-def]
    assert all(k != "person" for k, _t in scan(nlp, "Sjokkerende, egentlig. Det va rart."))


def test_what_someone_is_called_in_quotes_is_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("person", "Tromsø") in scan(nlp, "Alle kaller ham «Tromsø», for han snakker om byen hele tida.")
    assert ("person", "Zakarov") in scan(nlp, "Lærerne sier bare «Zakarov» til meg.")
    assert scan(nlp, "Hun sier bare «Nei» til alt.") == []


def test_supporters_short_names_of_clubs(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("institution", "SIF") in scan(nlp, "Han holder med SIF, dessverre.")
