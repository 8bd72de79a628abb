"""clean_text and clean_block skip the replacements and the per-line pass when they would change
nothing; the result must be exactly what the full treatment gives."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from intervju.readers.text import clean_block, clean_text

_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile("[\u00a0\u2007\u202f\u2000-\u2006\u2008-\u200a\u205f\u3000]")


def full_clean_text(text: str) -> str:
    """The treatment without shortcuts, as clean_text always did it."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def full_clean_block(text: str) -> str:
    lines = [line.strip() for line in full_clean_text(text).split("\n")]
    return "\n".join(line for line in lines if line)


# Every character any step treats specially, plus ordinary Norwegian text and decomposed letters.
SPECIAL = list("\r\n\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u2007"
               "\u202f\u2000\u2001\u2003\u2006\u2008\u200a\u205f\u3000\t ")  # fmt: skip
TEXT = st.lists(
    st.one_of(
        st.sampled_from(SPECIAL),
        st.sampled_from(["hei", "Bodø", "ærlig", "på", "Å", "a\u030a", "o\u0308", "I:", "«hjemlig»"]),
        st.text(max_size=4),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400)
@given(TEXT)
def test_clean_text_is_the_full_treatment(text: str) -> None:
    assert clean_text(text) == full_clean_text(text)


@settings(max_examples=400)
@given(TEXT)
def test_clean_block_is_the_full_treatment(text: str) -> None:
    assert clean_block(text) == full_clean_block(text)


def test_one_line_with_trailing_odd_spaces_and_norwegian_letters() -> None:
    assert clean_text("Bla\u030abærsyltetøy\u00a0\u200b \t") == "Blåbærsyltetøy"
    assert clean_block("  a\u030a  ") == "å"
