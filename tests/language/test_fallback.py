"""The fallback pipeline: lemmas of study words, closed classes, names, compounds, sentences."""

from __future__ import annotations

import dataclasses

import pytest

from intervju.language import FALLBACK_NAME, Analysis, LanguagePipeline, Token


def analyse(pipeline: LanguagePipeline, text: str) -> Analysis:
    return next(pipeline.analyse([text]))


def token(analysis: Analysis, text: str) -> Token:
    return next(t for t in analysis.tokens if t.text == text)


def test_info_says_fallback(fallback: LanguagePipeline) -> None:
    assert fallback.info.name == FALLBACK_NAME
    assert fallback.info.trained is False
    assert "sentencizer" in fallback.info.components
    assert "ordbank" in fallback.info.version


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("medvirket", "medvirke"),
        ("medvirker", "medvirke"),
        ("medvirke", "medvirke"),
        ("ungdommene", "ungdom"),
        ("hjemlighet", "hjemlighet"),
        ("er", "være"),
        ("har", "ha"),
        ("meg", "jeg"),
        ("dem", "de"),
        ("hennes", "hennes"),
        ("går", "gå"),
        ("saken", "sak"),
    ],
)
def test_lemma_of_study_words(fallback: LanguagePipeline, form: str, lemma: str) -> None:
    tok = token(analyse(fallback, f"Vi så at de {form} nå."), form)
    assert tok.lemma == lemma
    assert lemma in tok.lemmas
    assert fallback.lemmas_for_word(form)[0] == lemma


def test_ambiguous_form_keeps_every_candidate(fallback: LanguagePipeline) -> None:
    tok = token(analyse(fallback, "De ansatte var fornøyde."), "ansatte")
    assert {"ansatt", "ansette"} <= set(tok.lemmas)
    assert tok.lemma in tok.lemmas
    assert set(fallback.lemmas_for_word("ansatte")) >= {"ansatt", "ansette"}


def test_lemmas_are_casefolded_and_include_the_lemma(fallback: LanguagePipeline) -> None:
    for tok in analyse(fallback, "Ungdommene MEDVIRKET i Oslo, sa Ola.").tokens:
        assert tok.norm == tok.text.casefold()
        assert tok.lemma == tok.lemma.casefold()
        assert tok.lemma in tok.lemmas
        assert all(lemma == lemma.casefold() for lemma in tok.lemmas)


def test_capital_inside_a_sentence_keeps_the_name(fallback: LanguagePipeline) -> None:
    analysis = analyse(fallback, "Jeg snakket med Finn i går. Finn lærer å lese.")
    inside, initial = [t for t in analysis.tokens if t.text == "Finn"]
    assert inside.lemma == "finn"
    assert inside.lemmas[0] == "finn"
    assert set(fallback.lemmas_for_word("finn")) <= set(inside.lemmas)  # the table readings stay searchable
    assert initial.lemma == fallback.lemmas_for_word("finn")[0]


def test_hyphen_compound_indexes_its_parts(fallback: LanguagePipeline) -> None:
    tok = token(analyse(fallback, "Hun lærte DBT-ferdigheter på Nav-kontoret."), "DBT-ferdigheter")
    assert tok.lemma == "dbt-ferdighet"
    assert {"dbt", "ferdighet"} <= set(tok.lemmas)
    known = fallback.lemmas_for_word("PR-kåte")  # a compound the tables list as a whole
    assert known[0] == "pr-kåt"
    assert {"pr", "kåt"} <= set(known)
    nav = token(analyse(fallback, "Vi var på Nav-kontoret."), "Nav-kontoret")
    assert nav.lemma == "nav-kontor"
    assert {"nav", "kontor"} <= set(nav.lemmas)


def test_slash_compound_becomes_separate_tokens(fallback: LanguagePipeline) -> None:
    texts = [t.text for t in analyse(fallback, "Det handler om bygg/hjemlighet.").tokens]
    assert texts[3:6] == ["bygg", "/", "hjemlighet"]
    assert {"bygg", "hjemlighet"} <= set(fallback.lemmas_for_word("bygg/hjemlighet"))


def test_query_words(fallback: LanguagePipeline) -> None:
    assert fallback.lemmas_for_word("  Medvirket ") == ("medvirke",)
    assert fallback.lemmas_for_word("") == ()
    assert fallback.lemmas_for_word("xyzzyord") == ("xyzzyord",)


def test_sentences(fallback: LanguagePipeline) -> None:
    text = "Jeg trives her. Gjør du?\n\nJa! Det er trygt på avdelinga."
    analysis = analyse(fallback, text)
    assert [text[s.start : s.end] for s in analysis.sentences] == [
        "Jeg trives her.",
        "Gjør du?",
        "Ja!",
        "Det er trygt på avdelinga.",
    ]
    assert analysis.entities == []


def test_offsets_with_norwegian_letters(fallback: LanguagePipeline) -> None:
    text = "Blåbærsyltetøy på Ørland – «Æ e’ så glad»,\n  sa Åse."
    analysis = analyse(fallback, text)
    assert all(text[t.start : t.end] == t.text for t in analysis.tokens)
    assert "".join(t.text for t in analysis.tokens if not t.is_space).replace(" ", "") == (
        text.replace(" ", "").replace("\n", "")
    )
    assert token(analysis, "–").is_punct and token(analysis, "«").is_punct


def test_one_analysis_per_text_in_order(fallback: LanguagePipeline) -> None:
    texts = ["Første tur.", "", "Tredje tur her.", "Fjerde."]
    analyses = list(fallback.analyse(texts, batch_size=2))
    assert len(analyses) == 4
    assert analyses[1] == Analysis([], [], [])
    assert [t.text for t in analyses[2].tokens] == ["Tredje", "tur", "her", "."]
    from_generator = list(fallback.analyse(t for t in texts))  # type: ignore[arg-type]
    assert from_generator == analyses


def test_tokens_are_ordinary_frozen_records(fallback: LanguagePipeline) -> None:
    tok = token(analyse(fallback, "Ungdommene medvirket."), "medvirket")
    assert Token(**dataclasses.asdict(tok)) == tok
    assert hash(Token(**dataclasses.asdict(tok))) == hash(tok)
    with pytest.raises(dataclasses.FrozenInstanceError):
        tok.lemma = "annet"  # type: ignore[misc]
