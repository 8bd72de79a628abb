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

from intervju.language.lexicon import CLOSED, Lexicon, load_lexicon, unique
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

# What the fallback memoises per distinct token string: (length, Token field values, the field
# values when it is read as a name inside a sentence or None, is_space, opens a clause/quote).
_Entry = tuple[int, dict[str, Any], "dict[str, Any] | None", bool, bool]


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
        self._model_lemmas = _sets_lemmas(nlp)

    def analyse(self, texts: Sequence[str], batch_size: int = 64) -> Iterator[Analysis]:
        """One Analysis per text, in order, offsets relative to that text (``nlp.pipe`` batches)."""
        if not isinstance(texts, list | tuple):
            texts = list(texts)  # read twice below: by spaCy and beside its docs
        docs = self._nlp.pipe(texts, batch_size=batch_size)
        if self._model_lemmas:
            for doc in docs:
                yield self._from_model(doc)
        else:
            for text, doc in zip(texts, docs, strict=True):
                yield self._from_tables(doc, text)

    def count_tokens_bare(self, texts: Sequence[str], batch_size: int = 64) -> int:
        """Run only spaCy's ``nlp.pipe`` and count tokens: the reference for the import budget."""
        return sum(len(doc) for doc in self._nlp.pipe(texts, batch_size=batch_size))

    def lemmas_for_word(self, word: str) -> tuple[str, ...]:
        """Candidate lemmas of a query word, casefolded, most likely first (search expands by these)."""
        norm = word.strip().casefold()
        if not norm:
            return ()
        return self._lexicon.lemmatise(norm)[1]

    # -- conversion -------------------------------------------------------------------------

    def _entry(self, orth: int, doc: Doc) -> _Entry:
        """Build (once per distinct token string) the field values every such token shares."""
        lex = doc.vocab[orth]
        text = lex.orth_
        norm = text.casefold()
        fields = {"text": text, "norm": norm, "is_punct": lex.is_punct, "is_space": lex.is_space}
        proper = None
        if lex.is_space or lex.is_punct:
            fields.update(lemma=norm, lemmas=(norm,))
            opens = (lex.is_punct and text in _OPENERS) or "\n" in text
        else:
            lemma, lemmas = self._lexicon.lemmatise(norm)
            fields.update(lemma=lemma, lemmas=lemmas)
            opens = False
            if text[:1].isupper() and lemma != norm and norm not in CLOSED and "-" not in norm:
                # A capital inside a sentence marks a name: keep the form, still index the readings.
                proper = {**fields, "lemma": norm, "lemmas": unique((norm, *lemmas))}
        entry: _Entry = (len(text), fields, proper, lex.is_space, opens)
        self._entries[orth] = entry
        return entry

    def _from_tables(self, doc: Doc, text: str) -> Analysis:
        """Fast path: one dict look-up per token, everything else memoised per token string.

        Tokens are made by filling a new instance's dict from the memoised field values: this
        loop is the whole cost of the fallback beyond tokenising, and the generated frozen
        ``__init__`` (one ``object.__setattr__`` per field) took about twice as long.
        ``doc.text`` and ``doc.to_array`` were each slower than the rest of the loop, so the
        caller passes the text in.
        """
        entries = self._entries
        new = object.__new__
        tokens: list[Token] = []
        append = tokens.append
        starts: list[int] = []
        initial = True
        for tok in doc:
            orth = tok.orth
            entry = entries.get(orth) or self._entry(orth, doc)
            length, fields, proper, is_space, opens = entry
            idx = tok.idx
            if tok.is_sent_start:
                starts.append(idx)
                initial = True
            token = new(Token)
            values = token.__dict__
            values.update(fields if proper is None or initial else proper)
            values["start"] = idx
            values["end"] = idx + length
            append(token)
            if not is_space or opens:
                initial = opens
        starts.append(len(text))
        return Analysis(_sentences(text, starts), tokens, _entities(doc))

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
                lemmas = unique((lemma, *table_lemmas))
            tokens.append(
                Token(tok.idx, tok.idx + len(text), text, norm, lemma, lemmas, tok.is_punct,
                      tok.is_space)
            )
        starts = [sent.start_char for sent in doc.sents] + [len(doc.text)]
        return Analysis(_sentences(doc.text, starts), tokens, _entities(doc))


def _entities(doc: Doc) -> list[Entity]:
    """Named entities of a pipeline with a recogniser (empty, and cheap, for the fallback)."""
    return [Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]


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


def _sets_lemmas(nlp: Language) -> bool:
    """Whether some component of the pipeline writes ``token.lemma`` (then the model's lemma wins)."""
    return any("token.lemma" in nlp.get_pipe_meta(name).assigns for name in nlp.pipe_names)


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
