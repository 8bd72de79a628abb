"""Each detector on strings: what it must find, and what it must leave alone."""

from __future__ import annotations

import pytest

from intervju.deid.detect import Evidence, Found, default_lists, detect, fnr_is_valid, municipalities
from intervju.language import load_pipeline

VALID_FNR = "15880710041"  # synthetic (month + 80), valid check digits: clearly fictional


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline(None)


def scan(nlp, text: str, phrases: dict[str, str] | None = None, ignore=()) -> list[Found]:  # type: ignore[no-untyped-def]
    lists = default_lists(phrases or {}, ignore)
    return detect(text, [(0, len(text))], lists, is_word=nlp.is_word, is_proper=nlp.is_proper_noun)


def kinds(found: list[Found]) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in found]


def test_fnr_check_digits() -> None:
    assert fnr_is_valid(VALID_FNR)
    assert not fnr_is_valid("15880710042")  # last check digit wrong
    assert not fnr_is_valid("15880710031")  # first check digit wrong
    assert not fnr_is_valid("12345678901")
    assert not fnr_is_valid("1588071004")


def test_fnr_found_with_or_without_valid_check_digits(nlp) -> None:  # type: ignore[no-untyped-def]
    # A number whose check digits fail is still someone's (a slip of the transcriber or the
    # speaker), and eleven digits that are no date are most likely a bank account: all are flagged.
    found = kinds(scan(nlp, f"Nummeret er {VALID_FNR}, og det andre var 15880710042."))
    assert ("fnr", VALID_FNR) in found
    assert ("fnr", "15880710042") in found
    spaced = kinds(scan(nlp, "Jeg skrev 158807 10041 på skjemaet."))
    assert ("fnr", "158807 10041") in spaced
    assert ("fnr", "241290 12345") in kinds(scan(nlp, "Han oppga 241290 12345, men det var feil."))
    assert ("fnr", "63010912345") in kinds(scan(nlp, "D-nummeret hennes var 63010912345."))
    assert ("fnr", "98765432109") in kinds(scan(nlp, "Pengene gikk til 98765432109 i fjor."))
    assert ("fnr", "1234 56 78901") in kinds(scan(nlp, "Kontonummeret er 1234 56 78901."))
    assert ("fnr", "1234.56.78901") in kinds(scan(nlp, "Send det til 1234.56.78901, takk."))


@pytest.mark.parametrize("sentence", ["Det kostet 1234567890 kroner.", "Saksnummer 123456789012 ble sendt.",
                                      "Ring 91234567 eller 22 33 44 55."])
def test_other_digit_runs_are_no_fnr(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert all(kind != "fnr" for kind, _t in kinds(scan(nlp, sentence)))


@pytest.mark.parametrize("phone", ["912 34 567", "91234567", "+47 41 23 45 67", "22 33 44 55", "+4791234567"])
def test_phone_numbers(nlp, phone: str) -> None:  # type: ignore[no-untyped-def]
    assert ("phone", phone) in kinds(scan(nlp, f"Ring meg på {phone} i morgen."))


@pytest.mark.parametrize("text", ["Det var i 2018 og 2019.", "Vi var 12 ansatte og 4 ungdommer.",
                                  "Saken har nummer 1234567."])
def test_no_phone_in_ordinary_numbers(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [k for k, _t in kinds(scan(nlp, text)) if k == "phone"] == []


def test_email_and_car(nlp) -> None:  # type: ignore[no-untyped-def]
    found = kinds(scan(nlp, "Send det til kari.nordmann@example.no. Bilen hans er EL 52817, ikke en AB1234."))
    assert ("email", "kari.nordmann@example.no") in found
    assert ("car", "EL 52817") in found
    assert all(text != "AB1234" for _k, text in found)


def test_birthdate_and_age_with_place(nlp) -> None:  # type: ignore[no-untyped-def]
    found = kinds(scan(nlp, "Jeg er født 15. august 2007. Jeg var 13 år da jeg flytta til Steinkjer."))
    assert ("birthdate", "15. august 2007") in found
    assert ("age", "13 år") in found
    assert ("place", "Steinkjer") in found


def test_age_without_place_is_not_flagged(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [k for k, _t in kinds(scan(nlp, "Jeg har jobbet her i 13 år.")) if k == "age"] == []


def test_dates_without_birth_context_are_not_flagged(nlp) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, "Møtet var 3. mars 2025.")) == []


def test_names_with_aeoeaa(nlp) -> None:  # type: ignore[no-untyped-def]
    found = kinds(scan(nlp, "Jeg snakket med Bjørn i går, og Åse var der. Læreren het Arnfinn Kjærstad."))
    assert ("person", "Bjørn") in found
    assert ("person", "Åse") in found
    assert ("person", "Arnfinn Kjærstad") in found


def test_sentence_initial_common_word_is_not_a_name(nlp) -> None:  # type: ignore[no-untyped-def]
    # "Bjørn" is also the word for a bear; at the start of a sentence it is left alone unless the
    # transcripts write it as a name elsewhere.
    assert kinds(scan(nlp, "Bjørn er et stort dyr. Så gikk vi hjem.")) == []
    found = kinds(scan(nlp, "Det var Bjørn som ringte. Bjørn er grei."))
    assert found == [("person", "Bjørn"), ("person", "Bjørn")]


def test_capitalised_unknown_word_inside_a_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    found = kinds(scan(nlp, "Vi var hos Sjurhaug, og så dro vi til Brekkvasselv."))
    assert ("person", "Sjurhaug") in found
    assert ("place", "Brekkvasselv") in found


def test_markers_labels_pseudonyms_and_project_words_are_not_flagged(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Da sa [navn] noe (utydelig) om U03 og A01 her på Nordbakken, og om DBT og rutinene."
    assert kinds(scan(nlp, text, ignore=["Nordbakken", "U03", "A01"])) == []


def test_already_tagged_text_is_left_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, "Da ringte [NAVN-3] fra [STED-1] til [INSTITUSJON-2].")) == []


def test_institutions(nlp) -> None:  # type: ignore[no-untyped-def]
    found = kinds(scan(nlp, "Hun gikk på Fjellheim skole og senere Bakkeskolen, og Fauske kommune betalte."))
    assert ("institution", "Fjellheim skole") in found
    assert ("institution", "Bakkeskolen") in found
    assert ("institution", "Fauske kommune") in found
    assert kinds(scan(nlp, "Den skole var fin. Skolen var stor.")) == []


def test_municipalities(nlp) -> None:  # type: ignore[no-untyped-def]
    assert len(municipalities()) == 355  # 357 municipalities; Våler and Herøy are two each
    assert {"Bodø", "Nore og Uvdal", "Sør-Varanger", "Ålesund"} <= set(municipalities())
    found = kinds(scan(nlp, "Han bodde i Nore og Uvdal, så i Ålesund. Moss er fint, sa han om Moss."))
    assert ("place", "Nore og Uvdal") in found
    assert ("place", "Ålesund") in found
    assert ("place", "Moss") in found


def test_project_list_and_fuzzy_misspellings(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jeg snakket med Kjærstad. Kjerstad sa ja. Vi dro til Fjellvik."
    found = scan(nlp, text, {"Kjærstad": "person", "Fjellvik": "place"})
    assert [(f.kind, f.text, f.form) for f in found] == [
        ("person", "Kjærstad", "kjærstad"), ("person", "Kjerstad", "kjærstad"), ("place", "Fjellvik", "fjellvik")]
    assert {f.source for f in found} == {"key", "fuzzy"}


def test_evidence_carries_across_interviews(nlp) -> None:  # type: ignore[no-untyped-def]
    evidence = Evidence()
    other = "Vi snakket med Gunnhild Sæterøy om det."
    evidence.add(other, [(0, len(other))])
    text = "Sæterøy er flink."
    found = detect(text, [(0, len(text))], default_lists(), is_word=nlp.is_word, is_proper=nlp.is_proper_noun,
                   evidence=evidence)
    assert kinds(found) == [("person", "Sæterøy")]


def test_offsets_point_at_the_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "I: Hei.\n\nU: Jeg bor hos Åse i Tromsø, ring 912 34 567."
    found = detect(text, [(12, len(text))], default_lists(), is_word=nlp.is_word, is_proper=nlp.is_proper_noun)
    assert [text[f.start:f.end] for f in found] == [f.text for f in found] == ["Åse", "Tromsø", "912 34 567"]


@pytest.mark.parametrize("sentence, expected", [
    ("Hun flyttet til Innlandet i fjor.", ("place", "Innlandet")),
    ("Det var bedre i Vestland enn i Troms.", ("place", "Vestland")),
    ("Han bodde i Vestfold og Telemark før.", ("place", "Vestfold og Telemark")),
    ("Vi var i Sogn og Fjordane på leir.", ("place", "Sogn og Fjordane")),
    ("De kjørte til Mo i Rana.", ("place", "Mo i Rana")),
    ("Hun går på skole på Grorud nå.", ("place", "Grorud")),
    ("Jeg var på Strømmen hele dagen.", ("place", "Strømmen")),
    ("Alle i Vesterålen kjenner ham.", ("place", "Vesterålen")),
])
def test_counties_towns_and_districts_are_places(nlp, sentence: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert expected in kinds(scan(nlp, sentence))


@pytest.mark.parametrize("sentence, expected", [
    ("Vi har møte med Narvik kommune i morgen.", "Narvik kommune"),
    ("Innlandet fylkeskommune betaler.", "Innlandet fylkeskommune"),
    ("Avtalen med Vestfold og Telemark fylkeskommune er ny.", "Vestfold og Telemark fylkeskommune"),
    ("Hun jobber i Helgelandssykehuset HF nå.", "Helgelandssykehuset HF"),
    ("Han ble sendt til Sykehuset i Vestfold HF.", "Sykehuset i Vestfold HF"),
    ("Vi har en avtale med Bufetat region nord.", "Bufetat region nord"),
    ("Saksbehandleren i NAV Notodden ringte.", "NAV Notodden"),
    ("Hun fikk jobb i Statens vegvesen.", "Statens vegvesen"),
    ("De leide inn Nordlys Omsorg AS i fjor.", "Nordlys Omsorg AS"),
    ("Aksjene i Polarlys Helse ASA falt.", "Polarlys Helse ASA"),
    ("Nordlys Omsorg AS har kontrakten.", "Nordlys Omsorg AS"),
    ("Han går på Skogmo videregående skole.", "Skogmo videregående skole"),
    ("Hun var innlagt på St. Olavs hospital.", "St. Olavs hospital"),
    ("Møtet var med NAV og Kragerø kommune.", "Kragerø kommune"),
])
def test_organisation_patterns(nlp, sentence: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert ("institution", expected) in kinds(scan(nlp, sentence))


def test_gazetteer_before_name_list_and_names_before_gazetteer_where_the_words_say_so(nlp) -> None:  # type: ignore[no-untyped-def]
    # "Lund" is a municipality and a listed surname: the gazetteer wins, unless the words around
    # say person (a given name before it).
    assert ("place", "Lund") in kinds(scan(nlp, "Hun bor i Lund nå."))
    assert ("place", "Lund") in kinds(scan(nlp, "Vi var i Lund og Vik i sommer."))
    assert ("person", "Kari Lund") in kinds(scan(nlp, "Læreren het Kari Lund."))
    assert ("person", "Hamar Hansen") in kinds(scan(nlp, "Han het visst Hamar Hansen."))


def test_titles_and_compounds_are_not_people(nlp) -> None:  # type: ignore[no-untyped-def]
    found = kinds(scan(nlp, "Vi så på Skam og Dagsrevyen. Fastlegen kom innom. Sebbe var verst."))
    assert ("person", "Sebbe") in found
    assert all(text not in {"Skam", "Dagsrevyen", "Fastlegen"} for _kind, text in found)


def test_header_lines_are_never_candidates() -> None:
    from intervju.deid.detect import speech_spans

    text = ("# Kilde: opptak fra Lokalradioen, Kari Holm har transkribert.\nProgram: Morgen i Nordland\n"
            "Deltakere: P, A\nP: Velkommen, Ingrid.")
    turns = [(None, 0, 61), ("Program", 71, 88), ("Deltakere", 100, 104), ("P", 108, 126)]
    spans = speech_spans(text, turns)
    assert [text[s:e] for s, e in spans] == ["Velkommen, Ingrid."]
    # A header line inside a turn's text is cut out, the speech around it kept.
    spans = speech_spans("Program: Nytt\nHei Kari.", [(None, 0, 23)])
    assert spans == [(14, 23)]


def test_a_surname_that_is_a_place_stays_a_person_when_the_text_named_the_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ordføreren, Per Egil Strand, sa det i går. Jeg er enig med Strand. Hun bor i Strand nå."
    found = kinds(scan(nlp, text))
    assert ("person", "Per Egil Strand") in found and ("person", "Strand") in found
    assert ("place", "Strand") in found  # "i Strand": the municipality


@pytest.mark.parametrize(("sentence", "expected"), [
    # A club's suffix, a local branch of an association, a school by its short form.
    ("Han spiller i Lillehammer FF nå.", ("institution", "Lillehammer FF")),
    ("Det sa Agder legeforening i går.", ("institution", "Agder legeforening")),
    ("Hun går på Molde vgs om høsten.", ("institution", "Molde vgs")),
    # A national body's regional branch or channel names its region.
    ("Vi hørte det på NRK Vestland i morges.", ("institution", "NRK Vestland")),
    ("Da uttalte Fagforbundet Rogaland seg.", ("institution", "Fagforbundet Rogaland")),
    ("Det sto i Avisa Oslo i går.", ("institution", "Avisa Oslo")),
    # A club named with a slash, and by its supporters' name inside a sentence.
    ("Vi heier på Bodø/Glimt hele året.", ("institution", "Bodø/Glimt")),
    ("Og så så vi Brann på tv.", ("institution", "Brann")),
    ("Han hadde et Rosenborg-skjerf på seg.", ("institution", "Rosenborg")),
])
def test_organisation_patterns_of_clubs_branches_and_schools(nlp, sentence: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert expected in kinds(scan(nlp, sentence))


def test_an_everyday_word_club_name_opening_a_sentence_is_the_word(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("institution", "Brann") not in kinds(scan(nlp, "Brann i boligen er det verste vi vet om."))


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Mamma jobber på Spar på Sortland.", ("institution", "Spar")),
    ("Jeg har fått sommerjobb på Coop Prix i ferien.", ("institution", "Coop Prix")),
    ("Hun jobbet i Havbruk Nordvest i fem år.", ("institution", "Havbruk Nordvest")),
    ("Vi handlet på Bunnpris på Heimdal.", ("institution", "Bunnpris")),
])
def test_a_workplace_is_an_organisation(nlp, sentence: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert expected in kinds(scan(nlp, sentence))


@pytest.mark.parametrize("sentence", ["Jeg jobber i Tromsø nå.", "Vi kjøpte det på Spar."])
def test_a_workplace_cue_leaves_places_and_plain_chains(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    found = kinds(scan(nlp, sentence))
    assert all(kind != "institution" for kind, _t in found), found


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Det var doktor Steinkjer som ringte.", ("person", "Steinkjer")),
    ("Rektor Lier sa at det gikk fint.", ("person", "Lier")),
    ("Kontaktlæreren min, Hurdal, har hjulpet meg.", ("person", "Hurdal")),
])
def test_a_title_before_a_place_name_says_person(nlp, sentence: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    found = kinds(scan(nlp, sentence))
    assert expected in found and ("place", expected[1]) not in found


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Vi snakket om Tromsøs nye skole.", ("place", "Tromsø")),
    ("Hun er en ekte Hammerfest-jente.", ("place", "Hammerfest")),
])
def test_genitive_and_compound_places(nlp, sentence: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    found = kinds(scan(nlp, sentence))
    assert expected in found and not any(kind == "person" for kind, _t in found), found


@pytest.mark.parametrize(("sentence", "expected"), [
    # One of the commonest given names that is also an everyday word, opening a sentence, with a
    # verb whose subject is a person: the name, not the word.
    ("Per sa at han ville komme.", [("person", "Per")]),
    ("Liv synes det er greit.", [("person", "Liv")]),
    ("Tone ringte i går.", [("person", "Tone")]),
    # One of the commonest surnames that is also a municipality, the same way.
    ("Strand sa nei til det.", [("person", "Strand")]),
    # A place opening a sentence, written elsewhere only as that place.
    ("Vi bor i Vik. Vik ligger fint til.", [("place", "Vik"), ("place", "Vik")]),
    # The everyday words stay words.
    ("Per i dag har vi ti.", []),
    ("Liv er viktig for alle.", []),
])
def test_sentence_initial_names_by_their_verb(nlp, sentence: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence", ["Basically var det kaos der.", "Honestly vet jeg ikke hva hun mente.",
                                      "No har jeg en kjæreste."])
def test_english_and_short_dialect_words_opening_a_sentence_are_not_names(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, sentence)) == []


def test_an_unknown_word_opening_a_sentence_is_still_a_name(nlp) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, "Sebbe var verst.")) == [("person", "Sebbe")]


def test_the_genitive_of_a_name_is_that_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Jeg var hos Kari. Karis mamma var hjemme, og Hansens hund bet. Vi så Hans også."
    found = scan(nlp, text)
    assert [(f.kind, f.text, f.form) for f in found] == [
        ("person", "Kari", "kari"), ("person", "Kari", "kari"), ("person", "Hansen", "hansen"),
        ("person", "Hans", "hans")]
    assert text[found[1].end] == "s"  # the ending stays outside the candidate, so the tag keeps it


@pytest.mark.parametrize(("sentence", "expected"), [
    # One of the commonest surnames (Statistics Norway's list) outweighs the municipality it also
    # names where a person's verb follows; a municipality that is no common name stays a place.
    ("Lund sa nei til forslaget.", [("person", "Lund")]),
    ("Kvam sa nei til forslaget.", [("place", "Kvam")]),
    ("Bodø sa nei til forslaget.", [("place", "Bodø")]),
])
def test_name_or_place_by_the_name_lists_frequency_tier(nlp, sentence: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence", [
    "Vi hørte på sangen Vinsjan på kaia i går.", "Hun ser på serien Hjem til jul hver kveld.",
    "Jeg leste boka Brødrene Løvehjerte.", "Vi så filmen Kon-Tiki sammen.",
    "Han hører på podkasten Tusvik og Tønne.", "Etter nyhetene blir det musikk fra Kaizers Orchestra.",
    "Vi snakker på Snap og Insta, og av og til på FaceTime.",
])
def test_titles_of_songs_programmes_books_and_apps_are_not_names(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, sentence)) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Det var musikk fra Mosjøen.", [("place", "Mosjøen")]),
    ("Vi hørte sangen Kari skrev.", [("person", "Kari")]),
])
def test_after_a_title_noun_places_and_names_still_count(nlp, sentence: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Vi bodde i Storgata 12 da.", [("place", "Storgata 12")]),
    ("Adressen er Kongens gate 4B i Tromsø.", [("place", "Kongens gate 4B"), ("place", "Tromsø")]),
    ("Jeg bor på Hageløkka 7 nå.", [("place", "Hageløkka 7")]),
])
def test_a_street_address_with_its_number_is_a_place(nlp, sentence: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Læreren heter Strand.", [("person", "Strand")]),
    ("Jeg går i klassen til en som heter Lund.", [("person", "Lund")]),
    ("Han bor på et sted som heter Vik.", [("place", "Vik")]),
    ("Stedet heter Hurdal.", [("place", "Hurdal")]),
    ("Hun kom fra det som da het Hedmark.", [("place", "Hedmark")]),
])
def test_a_name_given_by_heter_is_a_persons_unless_a_place_is_named(nlp, sentence: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert kinds(scan(nlp, sentence)) == expected
