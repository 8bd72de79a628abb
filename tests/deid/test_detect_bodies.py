"""National public bodies named alone are organisations (the lead's convention of December 2026,
after held-out batches 5–9: every blind writer labels them so, and a missed identifier is invisible
while a false alarm costs one click). The sentences are made up for the class; none is a batch's
own, and each rule has a case where it must not fire."""

from __future__ import annotations

import pytest

from tests.deid.helpers import detected as scan


@pytest.mark.parametrize(("sentence", "body"), [
    ("Saken ble sendt videre til Bufetat i fjor.", "Bufetat"),
    ("Bufdir har laget en ny veileder.", "Bufdir"),            # opening a sentence
    ("Hun jobber i Bufetat.", "Bufetat"),                       # a workplace cue before it
    ("Vi ringte NAV tre ganger.", "NAV"),
    ("Jeg skrev et brev til Barneombudet.", "Barneombudet"),
    ("Det kom på NRK i går kveld.", "NRK"),
    ("Hun har jobbet for Sametinget i mange år.", "Sametinget"),
    ("Stortinget vedtok loven i vår.", "Stortinget"),           # an everyday word, only ever capitalised
    ("De har fått penger fra Innovasjon Norge.", "Innovasjon Norge"),
    ("Han er tillitsvalgt i Utdanningsforbundet.", "Utdanningsforbundet"),
])
def test_a_listed_national_body_is_an_organisation(nlp, sentence: str, body: str) -> None:  # type: ignore[no-untyped-def]
    assert ("institution", body) in scan(nlp, sentence)


@pytest.mark.parametrize(("sentence", "body"), [
    ("Vi har lest Bufetats egne tall.", "Bufetat"),
    ("Det står i Stortingets vedtak fra 2019.", "Stortinget"),
])
def test_in_the_genitive_the_body_alone_is_the_candidate(nlp, sentence: str, body: str) -> None:  # type: ignore[no-untyped-def]
    assert scan(nlp, sentence) == [("institution", body)]


@pytest.mark.parametrize(("sentence", "body"), [
    ("Rapporten fra Kystdirektoratet kom i går.", "Kystdirektoratet"),        # not in the list
    ("Vi fikk besøk av Fiskehelsetilsynet.", "Fiskehelsetilsynet"),
    ("Hun klaget til Elevombudet i fylket.", "Elevombudet"),
    ("Han jobber i Vegetaten nå.", "Vegetaten"),
    ("Vi sjekket det i Fosterregistrene.", "Fosterregistrene"),
    ("Kunnskapsdepartementet svarte ikke.", "Kunnskapsdepartementet"),         # opening a sentence
    ("Hun er medlem av Miljøterapeutforbundet.", "Miljøterapeutforbundet"),
    ("Søknaden gikk til Arkivverkets kontor.", "Arkivverket"),                # genitive
])
def test_a_body_by_its_names_ending_is_an_organisation(nlp, sentence: str, body: str) -> None:  # type: ignore[no-untyped-def]
    assert ("institution", body) in scan(nlp, sentence)


@pytest.mark.parametrize("sentence", [
    "Direktoratet har ikke svart.",          # the everyday noun alone
    "Tilsynet kom i mars.",
    "Kraftverket ble bygd i 1950.",          # an everyday compound with a weak ending, opening a sentence
    "Forbundet mellom dem var sterkt.",
])
def test_everyday_nouns_with_such_endings_are_no_candidates(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert scan(nlp, sentence) == []


def test_a_listed_body_that_the_text_also_writes_as_a_word_is_not_flagged_opening_a_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    found = scan(nlp, "Forsvaret hans var svakt. Jeg synes forsvaret var dårlig.")
    assert ("institution", "Forsvaret") not in found
    assert ("institution", "Forsvaret") in scan(nlp, "Broren min er i Forsvaret nå.")


@pytest.mark.parametrize(("sentence", "body"), [
    ("Statsforvalteren i Nordland skrev til oss.", "Statsforvalteren i Nordland"),
    ("Vi sendte klagen til Fylkesmannen i Troms og Finnmark.", "Fylkesmannen i Troms og Finnmark"),
])
def test_the_state_s_county_office_is_one_organisation_with_its_county(nlp, sentence: str, body: str) -> None:  # type: ignore[no-untyped-def]
    found = scan(nlp, sentence)
    assert ("institution", body) in found
    assert all(kind != "place" for kind, _t in found)
