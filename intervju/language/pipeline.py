"""The one place that loads spaCy: a trained model when installed, else a real fallback.

Everything that touches spaCy is imported inside functions, so importing ``intervju`` (and running
``kode list``) never pays spaCy's start-up time.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from intervju.language.lexicon import CLOSED, Lexicon, load_lexicon, unique
from intervju.language.notes import has_notes, keep_notes
from intervju.language.pieces import PIECE_CHARS, pieces
from intervju.language.records import Analysis, Entity, PipelineInfo, Sentence, Token
from intervju.language.terms import clean, join_group

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

#: One sentence for the search index: (start, end, forms, lemmas); see ``index_terms``.
IndexedSentence = tuple[int, int, str, str]
#: Docs whose terms are made together (one array, each distinct token string looked up once per
#: chunk). 64 costs no more CPU than 256 (measured: 0.39 s for both over 40 S interviews), and an
#: interview's sentences then come out in several parts, which the indexer streams to the
#: database while the pipeline makes the next (see :mod:`intervju.bulk`).
CHUNK = 64

# What the fallback memoises per distinct token string: (length, Token field values, the field
# values when it is read as a name inside a sentence or None, is_space, opens a clause/quote).
_Entry = tuple[int, dict[str, Any], "dict[str, Any] | None", bool, bool]


#: The wheel of the trained pipeline for machines without access to GitHub (secure servers):
#: download it elsewhere, carry it over, ``pip install`` the file.
MODEL_WHEEL = f"{DEFAULT_MODEL}-3.8.0-py3-none-any.whl"


def pipeline_install_hint() -> str:
    """The command that installs the trained Norwegian pipeline."""
    return f"python -m spacy download {DEFAULT_MODEL}"


def fallback_notice(model: str) -> str:
    """The one line that tells a user the fallback is in use and how to get the trained model.

    Worded as information, not as a failure: everything works with the fallback, and spaCy's own
    ``[E050] Can't find model`` read like an error at the top of every import.
    """
    missing = (
        f"the trained Norwegian model {model} is not installed" if model == DEFAULT_MODEL
        else f"the spaCy pipeline {model!r} is not found"
    )
    return (
        f"{missing}; using kode's built-in Norwegian fallback (sentences, Norsk Ordbank lemmas). "
        f"For the trained model: {pipeline_install_hint()}, or offline: pip install /path/to/{MODEL_WHEEL}; "
        "then `kode reindex PROJECT`"
    )


def model_problem(model: str) -> str | None:
    """Why ``model`` (a package name or a folder) cannot be loaded, or None when it looks loadable.

    Checked without importing spaCy, so that ``kode nlp --model`` can refuse a typo at once
    instead of saving it and indexing everything with the fallback later.
    """
    import importlib.util
    import os
    from pathlib import Path

    name = model.strip()
    if not name:
        return "no pipeline name or folder given"
    looks_like_path = os.sep in name or "/" in name or name.startswith((".", "~")) or Path(name).exists()
    if looks_like_path:
        folder = Path(name).expanduser()
        if not folder.exists():
            return f"no such folder {name}"
        if not (folder / "config.cfg").is_file():
            return f"{name} is not a spaCy pipeline folder (it has no config.cfg)"
        return None
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        hint = pipeline_install_hint() if name == DEFAULT_MODEL else f"pip install {name}"
        return f"no installed spaCy pipeline named {name} (install it first: {hint})"
    return None


def fell_back(pipeline: LanguagePipeline, model: str | None) -> bool:
    """Whether asking for ``model`` gave the fallback because the model was not found."""
    return model is not None and pipeline.info.name == FALLBACK_NAME


class LanguagePipeline:
    """A loaded spaCy pipeline plus the Ordbank lemma candidates, turned into plain records."""

    def __init__(self, nlp: Language, info: PipelineInfo, lexicon: Lexicon) -> None:
        self._nlp = nlp
        self.info = info
        self._lexicon = lexicon
        self._entries: dict[int, _Entry] = {}
        self._term_entries: dict[int, tuple[str, str, bool]] = {}
        self._model_lemmas = _sets_lemmas(nlp)

    def analyse(self, texts: Sequence[str], batch_size: int = 64) -> Iterator[Analysis]:
        """One Analysis per text, in order, offsets relative to that text (``nlp.pipe`` batches).

        A text longer than spaCy takes at once (a whole 5 MB interview, for de-identification) is
        analysed in pieces (:mod:`intervju.language.pieces`) and the pieces' results joined."""
        if not isinstance(texts, list | tuple):
            texts = list(texts)  # read twice below: by spaCy and beside its docs
        if any(len(text) > PIECE_CHARS for text in texts):
            for text in texts:
                parts = pieces(text)
                analyses = self._analyse([piece for _, piece in parts], batch_size)
                yield _joined([offset for offset, _ in parts], list(analyses))
            return
        yield from self._analyse(texts, batch_size)

    def _analyse(self, texts: Sequence[str], batch_size: int) -> Iterator[Analysis]:
        docs = self._nlp.pipe(texts, batch_size=batch_size)
        if self._model_lemmas:
            for doc in docs:
                yield self._from_model(doc)
        else:
            for text, doc in zip(texts, docs, strict=True):
                yield self._from_tables(doc, text)

    def index_terms(self, texts: Sequence[str], batch_size: int = 64) -> Iterator[list[IndexedSentence]]:
        """Per text, its sentences as ``(start, end, forms, lemmas)`` for the search index.

        ``forms`` lists the sentence's word tokens (casefolded, punctuation and spaces left out)
        separated by spaces; ``lemmas`` lists, aligned with them, each token's lemmas for search
        joined by ``|``. Every form and lemma goes through :func:`~intervju.language.terms.clean`
        first, so neither column can hold more entries than the sentence has words. The columnar fast path of the fallback builds no Token objects: the
        tokens of a batch of docs come out as one array, each distinct token string is looked up
        once per batch, and the strings of a sentence are joined from the arrays.
        """
        if not isinstance(texts, list | tuple):
            texts = list(texts)
        docs = self._nlp.pipe(texts, batch_size=batch_size)
        if self._model_lemmas:
            for doc in docs:
                yield self._terms_from_model(doc)
            return
        chunk: list[Doc] = []
        chunk_texts: list[str] = []
        for text, doc in zip(texts, docs, strict=True):
            chunk.append(doc)
            chunk_texts.append(text)
            if len(chunk) >= CHUNK:
                yield from self._terms_from_tables(chunk, chunk_texts)
                chunk, chunk_texts = [], []
        if chunk:
            yield from self._terms_from_tables(chunk, chunk_texts)

    def _term_entry(self, orth: int, doc: Doc) -> tuple[str, str, bool]:
        """(form, lemma group, is a word) of one distinct token string, memoised."""
        lex = doc.vocab[orth]
        norm = lex.orth_.casefold()
        if lex.is_space or lex.is_punct:
            entry = (norm, norm, False)
        else:
            entry = (clean(norm), join_group(self._lexicon.lemmatise(norm)[1]), True)
        self._term_entries[orth] = entry
        return entry

    def _terms_from_tables(self, docs: list[Doc], texts: list[str]) -> Iterator[list[IndexedSentence]]:
        import numpy as np
        from spacy.attrs import IDX, ORTH, SENT_START

        arrays = [doc.to_array([ORTH, SENT_START, IDX]) for doc in docs]
        if not any(len(a) for a in arrays):
            for _ in docs:
                yield []
            return
        every = np.concatenate([a for a in arrays if len(a)])
        distinct, inverse = np.unique(every[:, 0], return_inverse=True)
        forms = np.empty(len(distinct), dtype=object)
        lemmas = np.empty(len(distinct), dtype=object)
        entries = self._term_entries
        doc0 = docs[0]
        for i, orth in enumerate(distinct.tolist()):
            form, group, word = entries.get(orth) or self._term_entry(orth, doc0)
            # Punctuation and spaces become "" and drop out of the joins below.
            forms[i] = form if word else ""
            lemmas[i] = group if word else ""
        tok_forms = forms[inverse].tolist()
        tok_lemmas = lemmas[inverse].tolist()
        lengths = [len(a) for a in arrays]
        doc_starts = np.cumsum([0, *lengths[:-1]])
        is_start = every[:, 1] == 1
        is_start[doc_starts[np.asarray(lengths) > 0]] = True  # every doc opens a sentence
        starts = np.flatnonzero(is_start).tolist()
        idx = every[:, 2].tolist()
        at = 0
        si = 0
        for text, n in zip(texts, lengths, strict=True):
            end_tok = at + n
            j = bisect.bisect_left(starts, end_tok, si)
            bounds = [*starts[si:j], end_tok]
            if has_notes(text):
                bounds = _kept_bounds(text, bounds, idx[at:end_tok], at)
            si = j
            out: list[IndexedSentence] = []
            for a, b in itertools.pairwise(bounds):
                begin = idx[a]
                end = idx[b] if b < end_tok else len(text)
                chunk = text[begin:end]
                stripped = chunk.strip()
                if not stripped:
                    continue
                lead = len(chunk) - len(chunk.lstrip())
                out.append((
                    begin + lead,
                    begin + lead + len(stripped),
                    " ".join(filter(None, tok_forms[a:b])),
                    " ".join(filter(None, tok_lemmas[a:b])),
                ))
            at = end_tok
            yield out

    def _terms_from_model(self, doc: Doc) -> list[IndexedSentence]:
        """Trained path: the model's lemma first in each token's group, the table readings after."""
        lexicon = self._lexicon
        text = doc.text
        out: list[IndexedSentence] = []
        tokens = list(doc)
        token_starts = [tok.idx for tok in tokens]
        bounds = [*_model_starts(doc, text), len(text)]
        for sent_start, sent_end in itertools.pairwise(bounds):
            forms: list[str] = []
            groups: list[str] = []
            first = bisect.bisect_left(token_starts, sent_start)
            for tok in tokens[first : bisect.bisect_left(token_starts, sent_end, first)]:
                if tok.is_space or tok.is_punct:
                    continue
                norm = tok.text.casefold()
                model = tok.lemma_.casefold()
                table = lexicon.lemmatise(norm)[1]
                forms.append(clean(norm))
                groups.append(join_group(unique((model, *table)) if model else table))
            chunk = text[sent_start:sent_end]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                begin = sent_start + lead
                out.append((begin, begin + len(stripped), " ".join(forms), " ".join(groups)))
        return out

    def count_tokens_bare(self, texts: Sequence[str], batch_size: int = 64) -> int:
        """Run only spaCy's ``nlp.pipe`` and count tokens: the reference for the import budget."""
        return sum(len(doc) for doc in self._nlp.pipe(texts, batch_size=batch_size))

    def is_word(self, word: str) -> bool:
        """Whether ``word`` (any case) is an ordinary word of Norsk Ordbank (or a stop word).

        Proper nouns do not count: Ordbank has *Bodø* and *Marit* only with their capital.
        """
        from intervju.language.words import load_words

        return word.strip().casefold() in load_words()[0]

    def is_proper_noun(self, word: str) -> bool:
        """Whether Ordbank knows ``word`` only as a proper noun (a name of a person or a place)."""
        from intervju.language.words import load_words

        return word.strip().casefold() in load_words()[1]

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
        if has_notes(text):
            starts = keep_notes(text, starts)
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
        text = doc.text
        return Analysis(_sentences(text, [*_model_starts(doc, text), len(text)]), tokens, _entities(doc))


def _joined(offsets: list[int], analyses: list[Analysis]) -> Analysis:
    """The analyses of consecutive pieces of one text as one, offsets into the whole text."""
    if len(analyses) == 1:
        return analyses[0]
    out = Analysis(sentences=[], tokens=[], entities=[])
    for offset, part in zip(offsets, analyses, strict=True):
        out.sentences.extend(replace(s, start=s.start + offset, end=s.end + offset) for s in part.sentences)
        out.tokens.extend(replace(t, start=t.start + offset, end=t.end + offset) for t in part.tokens)
        out.entities.extend(replace(e, start=e.start + offset, end=e.end + offset) for e in part.entities)
    return out


def _model_starts(doc: Doc, text: str) -> list[int]:
    """A trained pipeline's sentence starts, with transcribers' notes kept inside their sentence
    (:mod:`intervju.language.notes`). Corrected as offsets: a parsed doc refuses new starts."""
    return keep_notes(text, [sent.start_char for sent in doc.sents])


def _kept_bounds(text: str, bounds: list[int], positions: list[int], first: int) -> list[int]:
    """The fallback's sentence bounds of one doc (token numbers from ``first``, the last one its
    end) with transcribers' notes kept inside their sentence (:mod:`intervju.language.notes`);
    ``positions`` are the doc's token offsets."""
    offsets = [positions[b - first] for b in bounds[:-1]]
    kept = keep_notes(text, offsets)
    if kept == offsets:
        return bounds
    tokens = sorted({first + bisect.bisect_left(positions, offset) for offset in kept} - {bounds[-1]})
    return [*tokens, bounds[-1]]


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


def lemma_candidates(word: str) -> tuple[str, ...]:
    """A word's lemmas for search (casefolded, most likely first), from the tables alone.

    Used to write an index again without spaCy (see ``intervju.indexing.restore_lemmas``): the
    index holds the same table readings for every token whichever pipeline built it.
    """
    norm = word.strip().casefold()
    if not norm:
        return ()
    return tuple(clean(lemma) for lemma in _shared_lexicon().lemmatise(norm)[1])


def query_lemmas(word: str) -> tuple[str, ...]:
    """The lemmas a query word is searched by: its readings (the query word itself among them
    when it is a lemma), then their bokmål, nynorsk and dialect spellings
    (:mod:`intervju.language.nynorsk`). Reads a handful of rows of the on-disk table, never
    the whole table, and loads no spaCy."""
    norm = word.strip().casefold()
    if not norm:
        return ()
    return tuple(clean(lemma) for lemma in _shared_lexicon().expand(norm))


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
    (see :func:`fell_back`; the caller says so once, with :func:`fallback_notice`, and spaCy's own
    message goes to the debug log only); a model that is found but broken raises, because silently
    indexing with another pipeline would hide it.
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
                _LOGGER.debug("spaCy pipeline %r not loaded (%s); using %s",
                              model, str(exc).splitlines()[0][:200], pipeline.info.name)
        _PIPELINES[model] = pipeline
        return pipeline
