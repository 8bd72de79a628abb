"""Offsets never silently drift: edits outside a span leave it on the same words, and a span the
aligner is not sure about is reported (never confidently placed on other words)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from intervju.revision import align

WORDS = ["jeg", "bor", "på", "Nordbakken", "og", "det", "er", "fint", "men", "kjøkkenet", "låst", "om", "natta",
         "hjemme", "trygghet", "personalet", "sier", "ålreit", "særlig", "når", "vi", "spiser", "sammen"]
text_st = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(before=text_st, span=text_st, after=text_st, new_before=text_st, new_after=text_st)
def test_a_span_untouched_by_the_edits_keeps_its_words(before: str, span: str, after: str, new_before: str,
                                                       new_after: str) -> None:
    old = f"{before}. {span}. {after}"
    new = f"{new_before}. {span}. {new_after}"
    start = len(before) + 2
    placed = align(old, new).place(start, start + len(span))
    moved = new[placed.start:placed.end]
    # The same words (the aligner may pick an identical copy of them elsewhere, never other words).
    assert moved == span or not placed.confident


@settings(max_examples=150, deadline=None)
@given(old=text_st, new=text_st, a=st.integers(0, 200), b=st.integers(0, 200))
def test_every_placement_lies_inside_the_new_text(old: str, new: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(old)), min(b, len(old))))
    placed = align(old, new).place(start, end)
    assert 0 <= placed.start <= placed.end <= len(new)
    if placed.confident and end > start:
        assert placed.similarity >= 80
