"""Offset maps never shift a character: properties over random texts with CRLF, emoji,
decomposed letters and spaces at line ends."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from export.refi.text import canonicalise, split_turns, utf16_length, utf16_to_chars

ALPHABET = st.sampled_from(
    ["a", "b", "æ", "ø", "å", "a\u030a", "😀", "👍🏽", " ", "\t", "\r\n", "\n", "\r", ":", "I: "]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


@given(TEXTS)
def test_every_kept_character_maps_onto_itself(raw: str) -> None:
    canon = canonicalise(raw)
    offsets = canon.offsets
    assert len(offsets) == len(raw) + 1 and offsets[0] == 0 and offsets[-1] == len(canon.text)
    assert all(a <= b for a, b in itertools.pairwise(offsets))
    assert "\r" not in canon.text and unicodedata.is_normalized("NFC", canon.text)
    assert not any(line.endswith((" ", "\t")) for line in canon.text.split("\n"))
    for i, c in enumerate(raw):
        if (c.isalpha() and not unicodedata.combining(raw[i + 1 : i + 2] or "x")) or ord(c) > 0xFFFF:
            assert canon.text[offsets[i]] == c


@given(TEXTS, st.data())
def test_utf16_positions_convert_to_the_same_characters(raw: str, data: st.DataObject) -> None:
    units = utf16_to_chars(raw)
    assert len(units) == utf16_length(raw) + 1
    i = data.draw(st.integers(0, len(raw)))
    assert units[utf16_length(raw[:i])] == i


@given(TEXTS)
def test_turns_lie_inside_the_text_in_order(raw: str) -> None:
    text = canonicalise(raw).text
    turns = split_turns(text)
    last = 0
    for t in turns:
        assert last <= t.start <= t.end <= len(text)
        assert text[t.start : t.end] == text[t.start : t.end].strip()
        last = t.end
