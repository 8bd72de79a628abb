"""The plain records the language layer hands out.

They carry no spaCy objects, so callers (import, search, the TUI) can keep, compare and pickle them
without loading spaCy, and every position is a pair of character offsets into the analysed text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PipelineInfo:
    """Which pipeline produced an analysis; recorded on each interview so a re-index can tell."""

    name: str
    version: str
    components: tuple[str, ...]
    trained: bool


@dataclass(frozen=True)
class Token:
    """One token with its display lemma and every lemma that search should find it by.

    Keep it without ``slots``: the fallback builds a million of these per corpus by filling each
    new instance's ``__dict__`` from memoised values, which costs half of what the generated
    frozen ``__init__`` does (see ``LanguagePipeline._from_tables``).
    """

    start: int
    end: int
    text: str
    norm: str
    lemma: str
    lemmas: tuple[str, ...]
    is_punct: bool
    is_space: bool


@dataclass(frozen=True)
class Sentence:
    """A sentence as offsets; its text is ``text[start:end]`` of the analysed text."""

    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A named entity found by a trained pipeline (the fallback finds none)."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class Analysis:
    """Everything the language layer knows about one text, offsets relative to that text."""

    sentences: list[Sentence]
    tokens: list[Token]
    entities: list[Entity]
