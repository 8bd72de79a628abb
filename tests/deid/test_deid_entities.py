"""With a trained pipeline the scan adds its entities: the mapping, and the real path with a tiny model."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from intervju.deid.detect import default_lists, detect
from intervju.language import load_pipeline
from kode.project import Project
from tests.deid.helpers import make_interview

spacy = pytest.importorskip("spacy")

SENTENCES = [
    ("Kari bor i Tromsø og jobber på skolen.", [("Kari", "PER"), ("Tromsø", "LOC")]),
    ("Ola snakket med Nav i Tromsø.", [("Ola", "PER"), ("Nav", "ORG"), ("Tromsø", "LOC")]),
    ("Vi møtte Kari i Bodø i fjor.", [("Kari", "PER"), ("Bodø", "LOC")]),
]


def test_entity_labels_map_to_kinds() -> None:
    nlp = load_pipeline(None)
    text = "Vi var hos naboen og så på havet i går."

    def entities(seg: str) -> list[tuple[int, int, str]]:
        return [(seg.index("naboen"), seg.index("naboen") + 6, "PER"), (seg.index("havet"), seg.index("havet") + 5,
                                                                         "LOC")]

    found = detect(text, [(0, len(text))], default_lists(), is_word=nlp.is_word, is_proper=nlp.is_proper_noun,
                   entities=entities)
    assert [(f.kind, f.text, f.source) for f in found] == [("person", "naboen", "model"), ("place", "havet", "model")]


@pytest.fixture(scope="module")
def tiny_ner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from spacy.training import Example

    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ner")
    examples = []
    for text, spans in SENTENCES:
        doc = nlp.make_doc(text)
        ents = [(text.index(s), text.index(s) + len(s), label) for s, label in spans]
        examples.append(Example.from_dict(doc, {"entities": ents}))
    random.seed(1)
    spacy.util.fix_random_seed(1)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.meta["name"] = "tinyner"
    path = tmp_path_factory.mktemp("model") / "tinyner"
    nlp.to_disk(path)
    return path


def test_scan_with_a_trained_pipeline(project: Project, tiny_ner: Path) -> None:
    make_interview(project, "U09_T1", [("I", "Hvem bor der?"), ("U", SENTENCES[0][0] + " " + SENTENCES[2][0])])
    report, pipeline = project.deid_scan(model=str(tiny_ner))
    assert pipeline == "nb_tinyner"
    found = {(c.kind, c.text) for c in project.deid_candidates()}
    assert {("person", "Kari"), ("place", "Tromsø"), ("place", "Bodø")} <= found
    assert report.found == len(project.deid_candidates())
