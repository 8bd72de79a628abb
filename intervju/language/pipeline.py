"""The one place that loads spaCy: a trained model when installed, else a real fallback.

Everything that touches spaCy is imported inside functions, so importing ``intervju`` (and running
``kode list``) never pays spaCy's start-up time.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from intervju.language.lexicon import CLOSED, Lexicon, load_lexicon
from intervju.language.records import Analysis, Entity, PipelineInfo, Sentence, Token

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language
    from spacy.tokens import Doc

_LOGGER = logging.getLogger("intervju.language")

DEFAULT_MODEL = "nb_core_news_lg"
FALLBACK_NAME = "fallback:blank-nb+ordbank"
_ORDBANK_COMPONENT = "lemmatizer:ordbank"

#: After these tokens the next word starts a clause or a quote, so its capital says nothing about
#: being a name ("Hun sa: «Jeg …»").
_OPENERS = frozenset(".!?:;«»\"“”'‘’()[]–—-…")

# One per-token record the fallback keeps per distinct token string:
# (text, length, norm, lemma, lemmas, is_punct, is_space, proper-noun reading or None, opens)
_Entry = tuple[str, int, str, str, tuple[str, ...], bool, bool, "tuple[str, tuple[str, ...]] | None", bool]


def pipeline_install_hint() -> str:
    """The command that installs the trained Norwegian pipeline."""
    return f"python -m spacy download {DEFAULT_MODEL}"


class LanguagePipeline:
    """A loaded spaCy pipeline plus the Ordbank lemma candidates, turned into plain records."""

    def __init__(self, nlp: Language, info: PipelineInfo, lexicon: Lexicon) -> None:
        self._nlp = nlp
        self.info = info
        self._lexicon = lexicon
        self._entries: dict[int, _Entry] = {}

    def analyse(self, texts: Sequence[str], batch_size: int = 64) -> Iterator[Analysis]:
        """One Analysis per text, in order, offsets relative to that text (``nlp.pipe`` batches)."""
        for doc in self._nlp.pipe(texts, batch_size=batch_size):
            if doc.has_annotation("LEMMA"):
                yield self._from_model(doc)
            else:
                yield self._from_tables(doc)

    def lemmas_for_word(self, word: str) -> tuple[str, ...]:
        """Candidate lemmas of a query word, casefolded, most likely first (search expands by these)."""
        norm = word.strip().casefold()
        if not norm:
            return ()
        return self._lexicon.lemmatise(norm)[1]

    # -- conversion -------------------------------------------------------------------------

    def _entry(self, orth: int, doc: Doc) -> _Entry:
        """Build (once per distinct string) everything a token of that string needs."""
        lex = doc.vocab[orth]
        text = lex.orth_
        norm = text.casefold()
        if lex.is_space or lex.is_punct:
            entry: _Entry = (text, len(text), norm, norm, (norm,), lex.is_punct, lex.is_space, None,
                             lex.is_punct and text in _OPENERS or "\n" in text)
        else:
            lemma, lemmas = self._lexicon.lemmatise(norm)
            proper = None
            if text[:1].isupper() and lemma != norm and norm not in CLOSED and "-" not in norm:
                # A capital inside a sentence marks a name: keep the form, still index the readings.
                proper = (norm, (norm, *(c for c in lemmas if c != norm)))
            entry = (text, len(text), norm, lemma, lemmas, False, False, proper, False)
        self._entries[orth] = entry
        return entry

    def _from_tables(self, doc: Doc) -> Analysis:
        """Fast path: one dict look-up per token, everything else memoised per token string."""
        text = doc.text
        cols = doc.to_array(["IDX", "ORTH", "SENT_START"]).tolist() if len(doc) else []
        entries = self._entries
        tokens: list[Token] = []
        append = tokens.append
        starts: list[int] = []
        initial = True
        for i, (idx, orth, sent_start) in enumerate(cols):
            entry = entries.get(orth)
            if entry is None:
                entry = self._entry(orth, doc)
            tok_text, length, norm, lemma, lemmas, is_punct, is_space, proper, opens = entry
            if sent_start == 1 or i == 0:
                starts.append(idx)
                initial = True
            if proper is not None and not initial:
                lemma, lemmas = proper
            append(Token(idx, idx + length, tok_text, norm, lemma, lemmas, is_punct, is_space))
            if not is_space or opens:
                initial = opens
        starts.append(len(text))
        return Analysis(_sentences(text, starts), tokens, [])

    def _from_model(self, doc: Doc) -> Analysis:
        """Trained path: the model's lemma for display, the table readings added for search."""
        lexicon = self._lexicon
        tokens = []
        for tok in doc:
            text = tok.text
            norm = text.casefold()
            lemmas: tuple[str, ...]
            if tok.is_space or tok.is_punct:
                lemma, lemmas = norm, (norm,)
            else:
                table_lemma, table_lemmas = lexicon.lemmatise(norm)
                lemma = tok.lemma_.casefold() or table_lemma
                lemmas = tuple(dict.fromkeys((lemma, *table_lemmas)))
            tokens.append(
                Token(tok.idx, tok.idx + len(text), text, norm, lemma, lemmas, tok.is_punct,
                      tok.is_space)
            )
        starts = [sent.start_char for sent in doc.sents] + [len(doc.text)]
        entities = [Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
        return Analysis(_sentences(doc.text, starts), tokens, entities)


def _sentences(text: str, starts: list[int]) -> list[Sentence]:
    """Sentences from their start offsets, trimmed of surrounding whitespace, empty ones dropped."""
    out = []
    for begin, end in itertools.pairwise(starts):
        chunk = text[begin:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append(Sentence(begin + lead, begin + lead + len(stripped)))
    return out


@lru_cache(maxsize=1)
def _shared_lexicon() -> Lexicon:
    """The Ordbank table, read once per process whichever pipelines use it."""
    return load_lexicon()


def _is_trained(nlp: Language) -> bool:
    from spacy.pipeline import TrainablePipe

    return any(isinstance(component, TrainablePipe) for _, component in nlp.pipeline)


def _build_fallback() -> LanguagePipeline:
    import spacy
    from spacy import about

    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    lexicon = _shared_lexicon()
    info = PipelineInfo(
        name=FALLBACK_NAME,
        version=f"spacy {about.__version__}; {lexicon.version}",
        components=(*nlp.pipe_names, _ORDBANK_COMPONENT),
        trained=False,
    )
    return LanguagePipeline(nlp, info, lexicon)


def _load_model(model: str) -> LanguagePipeline:
    import spacy
    from spacy import about

    nlp = spacy.load(model)
    if not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        # Sentences are part of every analysis; a pipeline without a splitter gets the rule one.
        nlp.add_pipe("sentencizer")
    meta: dict[str, Any] = nlp.meta
    info = PipelineInfo(
        name=f"{meta.get('lang', 'nb')}_{meta.get('name', 'pipeline')}",
        version=f"{meta.get('version', '0.0.0')} (spacy {about.__version__})",
        components=tuple(nlp.pipe_names),
        trained=_is_trained(nlp),
    )
    return LanguagePipeline(nlp, info, _shared_lexicon())


_PIPELINES: dict[str | None, LanguagePipeline] = {}
_PIPELINES_LOCK = threading.Lock()


def load_pipeline(model: str | None = DEFAULT_MODEL) -> LanguagePipeline:
    """The pipeline for ``model`` (a package name or a path), loaded once per process.

    ``None`` asks for the fallback. A model that is not installed or not found gives the fallback
    and one warning on the ``intervju.language`` logger naming the install command; a model that is
    found but broken raises, because silently indexing with another pipeline would hide it.
    """
    with _PIPELINES_LOCK:
        cached = _PIPELINES.get(model)
        if cached is not None:
            return cached
        if model is None:
            pipeline = _build_fallback()
        else:
            try:
                pipeline = _load_model(model)
            except OSError as exc:
                pipeline = _PIPELINES.get(None) or _build_fallback()
                _PIPELINES[None] = pipeline
                _LOGGER.warning(
                    "spaCy pipeline %r not found (%s); using %s instead. Install it with: %s",
                    model, str(exc).splitlines()[0][:200], pipeline.info.name,
                    pipeline_install_hint(),
                )
        _PIPELINES[model] = pipeline
        return pipeline
