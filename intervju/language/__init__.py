"""The Norwegian language layer: sentences, tokens, lemmas and entities for interview texts.

This package is the only place in kode that imports spaCy, and it does so lazily inside
``load_pipeline``, so importing it (or ``intervju``) stays cheap. When the trained
``nb_core_news_lg`` pipeline is not installed, a fallback of ``spacy.blank("nb")``, a sentencizer and
the Norsk Ordbank lemma tables from ``spacy-lookups-data`` takes its place.
"""

from intervju.language.pipeline import (
    DEFAULT_MODEL,
    FALLBACK_NAME,
    MODEL_WHEEL,
    IndexedSentence,
    LanguagePipeline,
    fallback_notice,
    fell_back,
    lemma_candidates,
    load_pipeline,
    model_problem,
    pipeline_install_hint,
    query_lemmas,
)
from intervju.language.records import Analysis, Entity, PipelineInfo, Sentence, Token

__all__ = [
    "DEFAULT_MODEL",
    "FALLBACK_NAME",
    "MODEL_WHEEL",
    "Analysis",
    "Entity",
    "IndexedSentence",
    "LanguagePipeline",
    "PipelineInfo",
    "Sentence",
    "Token",
    "fallback_notice",
    "fell_back",
    "lemma_candidates",
    "load_pipeline",
    "model_problem",
    "pipeline_install_hint",
    "query_lemmas",
]
