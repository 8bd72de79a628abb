"""Transcribers' bracketed notes stay inside their sentence (intervju/language/notes.py).

The sentencizer ended a sentence at a full stop inside ``(utydelig.)`` and tore ``(latter)``
apart after a full stop (``Vi gikk dit. (`` | ``latter) Og så kom de.``); search hits, quotes,
``kode code --sentence`` and the workbench use these sentences.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervju.language import LanguagePipeline, load_pipeline
from intervju.language.notes import keep_notes, note_spans
from tests.conftest import run_cli
from tests.language.test_trained import tiny_model  # noqa: F401  (the tiny trained nb pipeline fixture)

CASES = [
    ("Vi gikk dit. (latter) Og så kom de.", ["Vi gikk dit. (latter)", "Og så kom de."]),
    ("Det var fint. [latter] Ja.", ["Det var fint. [latter]", "Ja."]),
    ("Ja. (Latter.) Nei.", ["Ja. (Latter.)", "Nei."]),
    ("Ja. (latter) (pause) Nei.", ["Ja. (latter) (pause)", "Nei."]),
    ("Hun sa: «Nei.» (latter) Og så.", ["Hun sa: «Nei.» (latter)", "Og så."]),
    ("Jeg vet ikke. (...) Men altså.", ["Jeg vet ikke. (...)", "Men altså."]),
    ("Han sa (utydelig.) at det var greit.", ["Han sa (utydelig.) at det var greit."]),
    ("Det var fint [ler.] og så videre.", ["Det var fint [ler.] og så videre."]),
    ("Han gikk (pause) og (utydelig, ca. 3 sek.) kom tilbake.", ["Han gikk (pause) og (utydelig, ca. 3 sek.) kom tilbake."]),
    ("Jeg vet ikke (...) hva jeg skal si.", ["Jeg vet ikke (...) hva jeg skal si."]),
    ("(latter) Ja, det var det.", ["(latter) Ja, det var det."]),
    ("Det var fint (ler.) Så gikk vi.", ["Det var fint (ler.)", "Så gikk vi."]),
    ("Ingen notater her. Nei, ærlig talt.", ["Ingen notater her.", "Nei, ærlig talt."]),
    ("Vi på Sjøglimt (utydelig) føler oss hjemme. Ja.", ["Vi på Sjøglimt (utydelig) føler oss hjemme.", "Ja."]),
]


def _sentences(pipeline: LanguagePipeline, text: str) -> tuple[list[str], list[str]]:
    analysis = next(pipeline.analyse([text]))
    indexed = next(pipeline.index_terms([text]))
    return [text[s.start : s.end] for s in analysis.sentences], [text[s[0] : s[1]] for s in indexed]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_fallback_keeps_notes_inside_their_sentence(fallback: LanguagePipeline, text: str,
                                                        expected: list[str]) -> None:
    analysed, indexed = _sentences(fallback, text)
    assert analysed == expected
    assert indexed == expected  # the columnar index path reads the same sentence starts


def test_a_trained_pipeline_keeps_notes_inside_their_sentence(tiny_model: Path) -> None:  # noqa: F811
    pipeline = load_pipeline(str(tiny_model))
    for text, expected in CASES:
        analysed, indexed = _sentences(pipeline, text)
        assert analysed == expected, text
        assert indexed == expected, text


def test_a_long_bracketed_passage_is_the_speakers_words_and_split_as_usual(fallback: LanguagePipeline) -> None:
    text = "Hun sa det (og jeg mener det helt ærlig. Det var slik det var, og alle visste det godt nok.) Ja."
    analysed, _ = _sentences(fallback, text)
    assert len(analysed) == 3


@given(st.text(alphabet="ab .()[]\nÆø?!", max_size=60), st.data())
def test_no_start_inside_a_note_and_the_rest_kept(text: str, data: st.DataObject) -> None:
    positions = sorted(set(data.draw(st.lists(st.integers(0, max(len(text) - 1, 0)), max_size=8))) | {0})
    out = keep_notes(text, positions)
    assert out == sorted(set(out)) and 0 in out
    spans = note_spans(text)
    for a, b in spans:
        assert not any(a < s < b for s in out)
    untouched = [s for s in positions if not any(a <= s <= b + len(text[b:]) - len(text[b:].lstrip()) for a, b in spans)]
    assert set(untouched) <= set(out)


def test_a_search_hit_is_the_whole_sentence_with_its_note(tmp_path: Path) -> None:
    project = tmp_path / "studie.kode"
    transcript = tmp_path / "sjoglimt_ungdom_U05_T2.txt"
    transcript.write_text(
        "Int: Hvordan er det å bo her?\n"
        "Ungdom: Det er greit. (latter) Vi har det hjemlig på rommet. "
        "Hun sa (utydelig.) at det var trygt på Sjøglimt.\n",
        encoding="utf-8",
    )
    assert run_cli("init", project, "--sites", "Sjøglimt", "--coder", "kh").exit_code == 0
    assert run_cli("import", project, transcript).exit_code == 0
    for word, sentence in (("trygt", "Hun sa (utydelig.) at det var trygt på Sjøglimt."),
                           ("hjemlig", "Vi har det hjemlig på rommet."),
                           ("greit", "Det er greit. (latter)")):
        result = run_cli("search", project, word, "--format", "json")
        assert result.exit_code == 0, result.stderr
        (hit,) = json.loads(result.stdout)["hits"]
        text = run_cli("show", project, "sjoglimt_ungdom_U05_T2", "--format", "json")
        canonical = json.loads(text.stdout)
        whole = "\n".join(t["text"] for t in canonical["turns"])
        assert sentence in whole
        assert hit["text"] == sentence, hit
