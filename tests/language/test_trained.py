"""The trained path, for real: a tiny nb pipeline is trained, saved, and loaded by path."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from intervju.language import load_pipeline

spacy = pytest.importorskip("spacy")

SENTENCES = [
    ("Kari bor i Tromsø og jobber på skolen.", [("Kari", "PER"), ("Tromsø", "LOC")]),
    ("Ungdommene i Bodø medvirket i prosjektet.", [("Bodø", "LOC")]),
    ("Ola snakket med Nav i Tromsø.", [("Ola", "PER"), ("Nav", "ORG"), ("Tromsø", "LOC")]),
    ("Vi møtte Kari i Bodø i fjor.", [("Kari", "PER"), ("Bodø", "LOC")]),
]
#: The model's own lemma table: deliberately not what Ordbank says, so the test can tell whose
#: lemma a token got.
MODEL_LEMMAS = {"medvirket": "MODELLEMMA", "bor": "bo", "jobber": "jobbe"}


def offsets(text: str, spans: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    return [(text.index(s), text.index(s) + len(s), label) for s, label in spans]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from spacy.lookups import Lookups
    from spacy.training import Example

    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    tagger = nlp.add_pipe("tagger")
    nlp.add_pipe("ner")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    examples = []
    for text, spans in SENTENCES:
        doc = nlp.make_doc(text)
        tags = ["PUNCT" if not t.is_alpha else ("PROPN" if t.text[0].isupper() else "X")
                for t in doc]
        examples.append(
            Example.from_dict(doc, {"entities": offsets(text, spans), "tags": tags})
        )
    for tag in ("PUNCT", "PROPN", "X"):
        tagger.add_label(tag)
    lookups = Lookups()
    lookups.add_table("lemma_lookup", MODEL_LEMMAS)
    random.seed(1)
    spacy.util.fix_random_seed(1)
    optimizer = nlp.initialize(lambda: examples)
    lemmatizer.initialize(lookups=lookups)  # after nlp.initialize, which loads the stock table
    for _ in range(30):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.meta["name"] = "tiny"
    nlp.meta["version"] = "0.0.1"
    path = tmp_path_factory.mktemp("model") / "tiny"
    nlp.to_disk(path)
    return path


def test_trained_pipeline_is_used_for_lemmas_sentences_and_entities(tiny_model: Path) -> None:
    pipeline = load_pipeline(str(tiny_model))
    assert pipeline is load_pipeline(str(tiny_model))
    assert pipeline.info.trained is True
    assert pipeline.info.name == "nb_tiny"
    assert pipeline.info.version.startswith("0.0.1")
    assert {"tagger", "ner", "lemmatizer", "sentencizer"} <= set(pipeline.info.components)

    text = SENTENCES[1][0] + " " + SENTENCES[0][0]
    (analysis,) = pipeline.analyse([text])
    assert [text[s.start : s.end] for s in analysis.sentences] == [SENTENCES[1][0], SENTENCES[0][0]]
    medvirket = next(t for t in analysis.tokens if t.text == "medvirket")
    assert medvirket.lemma == "modellemma"  # the model's lemma, casefolded
    assert "medvirke" in medvirket.lemmas  # Ordbank's candidates still there for search
    ungdommene = next(t for t in analysis.tokens if t.text == "Ungdommene")
    assert "ungdom" in ungdommene.lemmas
    assert all(text[t.start : t.end] == t.text for t in analysis.tokens)
    found = {(e.text, e.label) for e in analysis.entities}
    assert {("Bodø", "LOC"), ("Kari", "PER"), ("Tromsø", "LOC")} <= found
    assert all(text[e.start : e.end] == e.text for e in analysis.entities)
