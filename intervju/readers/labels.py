"""Recognise a speaker label at the start of a line or paragraph.

A label is a short name before a colon (`I:`, `Ansatt 2:`, `SPEAKER_01:`). Norwegian speech is
full of colons too ("Det var sånn: vi ..."), so the rules are deliberately narrow: the shape of
a name, not of a clause. A mislabelled clause would split a turn in two and attribute speech to a
speaker who does not exist, which is worse than a label missed (that turn is merely merged).
"""

from __future__ import annotations

import re

MAX_LABEL_CHARS = 30
MAX_LABEL_WORDS = 4

# A word of a label: letters, digits, `_` and inner hyphens/apostrophes (`SPEAKER_01`, `Anne-Lise`).
_WORD = re.compile(r"[^\W]+(?:[-'’][^\W]+)*")
_FIRST_WORD = re.compile(r"[^\W\d_]")

# One-word "labels" that are really the start of a sentence ("Men: det var ...").
_NOT_LABELS = frozenset(
    {
        "altså", "at", "da", "dermed", "derfor", "det", "dette", "du", "eller", "en", "et",
        "for", "fordi", "først", "han", "helt", "hun", "ja", "jeg", "jo", "kanskje", "men",
        "merk", "nb", "nei", "nemlig", "nå", "og", "obs", "også", "ps", "sa", "sier", "skrev",
        "slik", "som", "spørsmål", "svar", "så", "tips", "vel", "vi",
    }
)  # fmt: skip

_COLON = re.compile(rf"^(?P<label>[^:\n]{{1,{MAX_LABEL_CHARS + 5}}}?)\s*:(?P<rest>.*)$", re.DOTALL)

# Markdown emphasis around a label: `**I:**`, `**I**:`, `__I__:`, `*I:*`.
_MD_LABEL = re.compile(
    rf"^(?P<mark>\*\*|__|\*|_)(?P<label>[^*:\n]{{1,{MAX_LABEL_CHARS + 5}}}?)\s*"
    r"(?::\s*(?P=mark)|(?P=mark)\s*:)(?P<rest>.*)$",
    re.DOTALL,
)


def is_label(candidate: str) -> bool:
    """True when `candidate` (without its colon) has the shape of a speaker name.

    1–4 words of at most 30 characters, starting with a letter; a multi-word label must continue
    with capitalised words or numbers (`Ansatt 2`, `Kari Nordmann`), because lower-case words
    after the first are what clauses look like (`Det var sånn`).
    """
    candidate = candidate.strip()
    if not candidate or len(candidate) > MAX_LABEL_CHARS:
        return False
    if _FIRST_WORD.match(candidate) is None:
        return False
    words = candidate.split()
    if len(words) > MAX_LABEL_WORDS:
        return False
    if any(_WORD.fullmatch(word) is None for word in words):
        return False
    if len(words) == 1:
        return words[0].casefold() not in _NOT_LABELS
    return all(word[0].isupper() or word[0].isdigit() for word in words[1:])


def split_label(line: str) -> tuple[str, str] | None:
    """Split `Label: text` into the label and the text after the colon (left-stripped).

    Returns None when the line does not start with a label. The text may be empty
    (`I:` alone on a line, the utterance following on the next).
    """
    match = _COLON.match(line.lstrip())
    if match is None:
        return None
    label, rest = match.group("label").strip(), match.group("rest")
    # `https://`, `12:30`, `kl. 9:15`: a colon glued to what follows is not a label colon.
    if rest[:1] and not rest[:1].isspace() and (rest[:1] in "/\\" or rest[:1].isdigit()):
        return None
    if not is_label(label):
        return None
    return label, rest.lstrip()


def split_markdown_label(line: str) -> tuple[str, str] | None:
    """Like split_label, but also accepts a label wrapped in markdown emphasis."""
    match = _MD_LABEL.match(line.lstrip())
    if match is not None and is_label(match.group("label")):
        return match.group("label").strip(), match.group("rest").lstrip()
    return split_label(line)
