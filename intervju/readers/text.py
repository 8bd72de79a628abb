"""Text clean-up shared by every reader, so that two files with the same words give the same
canonical text whatever tool wrote them."""

from __future__ import annotations

import re
import unicodedata

# Line separators that editors and Word exports use besides \n; all become \n so that
# "line end" means one thing everywhere offsets are computed.
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Zero-width characters are invisible in every viewer but would shift offsets and break search.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Non-breaking and other fixed-width spaces come from Word; searching and tokenising want a space.
_ODD_SPACES = re.compile("[\u00a0\u2007\u202f\u2000-\u2006\u2008-\u200a\u205f\u3000]")
# Any character one of the three replacements above would touch: most text has none, and one
# scan for them is cheaper than three substitutions that change nothing.
_ANY_REPLACED = re.compile(
    "[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "\u00a0\u2007\u202f\u2000-\u2006\u2008-\u200a\u205f\u3000]"
)


def clean_text(text: str) -> str:
    """Normalise one piece of transcript text: NFC, `\\n` line ends, plain spaces, no
    zero-width characters and no trailing whitespace on any line.

    Leading/trailing blank lines are kept; callers decide what a paragraph is.
    """
    if _ANY_REPLACED.search(text) is not None:
        text = _LINE_BREAKS.sub("\n", text)
        text = _ZERO_WIDTH.sub("", text)
        text = _ODD_SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    if "\n" not in text:
        return text.rstrip()
    # Per line rather than a `\s+$` regex, which is quadratic on long runs of spaces.
    return "\n".join(line.rstrip() for line in text.split("\n"))


def clean_block(text: str) -> str:
    """Clean text and drop blank lines, so a turn's text never contains an empty line (the blank
    line is reserved as the separator between turns in the canonical text)."""
    text = clean_text(text)
    if "\n" not in text:
        return text.strip()
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
