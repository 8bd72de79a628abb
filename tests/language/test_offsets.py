"""Offsets are the invariant everything relies on: checked over generated texts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from intervju.language import LanguagePipeline

WORDS = ["ungdommene", "Medvirket", "æøå", "ØYA", "bygg/hjemlighet", "DBT-ferdigheter", "er",
         "«Jeg", "sa:", "nå.", "Nav-kontoret", "2020/21", "f.eks.", "…", "😀", "ﬁnt", "Straße"]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\t", ". ", "? ", ", "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40))
def test_tokens_and_sentences_point_into_the_text(
    fallback: LanguagePipeline, parts: list[tuple[str, str]]
) -> None:
    text = "".join(word + sep for word, sep in parts)
    (analysis,) = fallback.analyse([text])
    previous_end = 0
    for tok in analysis.tokens:
        assert text[tok.start : tok.end] == tok.text
        assert previous_end <= tok.start < tok.end
        previous_end = tok.end
        assert tok.lemma in tok.lemmas
    covered = "".join(t.text for t in analysis.tokens)
    assert "".join(covered.split()) == "".join(text.split())  # every visible character, once
    previous_end = 0
    for sentence in analysis.sentences:
        chunk = text[sentence.start : sentence.end]
        assert chunk and chunk == chunk.strip()
        assert previous_end <= sentence.start
        previous_end = sentence.end
