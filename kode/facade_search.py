"""The project's language pipeline, search index and corpus search, for the CLI and the TUI."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from intervju.corpus import Filters
from intervju.errors import InputError, KodeError

if TYPE_CHECKING:
    from intervju.indexing import PipelineIndexer, ReindexReport
    from intervju.language import LanguagePipeline
    from intervju.search import SearchResult

#: The project setting that names the spaCy pipeline (a package name or a path).
MODEL_SETTING = "language_model"
#: The model whose absence the project has told the user about (see ``_language_notice``).
NOTICE_SETTING = "language_notice_shown"


@dataclass(frozen=True)
class NlpInfo:
    """What ``kode nlp`` shows: the configured model and the pipeline actually in use."""

    configured: str
    name: str
    version: str
    components: tuple[str, ...]
    trained: bool
    fallback: bool
    install_hint: str
    interviews: dict[str, int]  # pipeline name (or "none") -> interviews indexed by it
    notice: str | None = None  # the fallback advice (install the trained model, also offline)

    def to_json(self) -> dict[str, Any]:
        return {
            "configured": self.configured, "pipeline": self.name, "version": self.version,
            "components": list(self.components), "trained": self.trained,
            "fallback": self.fallback, "install": self.install_hint, "notice": self.notice,
            "interviews": self.interviews,
        }


class SearchOps:
    """Mixin for :class:`kode.project.Project` (which provides ``session`` and ``_sessions``)."""

    session: Callable[[], AbstractContextManager[Session]]

    def language_model(self) -> str:
        """The configured model name or path (``nb_core_news_lg`` unless set)."""
        from intervju.language import DEFAULT_MODEL
        from intervju.setup import get_setting

        with self.session() as s:
            return get_setting(s, MODEL_SETTING) or DEFAULT_MODEL

    def set_language_model(self, model: str, *, must_exist: bool = False) -> None:
        """Configure the model; existing interviews keep their index until ``kode reindex``.

        ``must_exist`` (what ``kode nlp --model`` asks) refuses a name or folder that is not an
        installed pipeline, which would otherwise be saved and fall back in silence later. Tests
        name a missing model on purpose, to get the fallback whatever the machine has installed.
        """
        from intervju.language import model_problem
        from intervju.setup import set_setting

        model = model.strip()
        if not model:
            raise InputError("--model needs a spaCy pipeline name or path")
        problem = model_problem(model) if must_exist else None
        if problem:
            raise InputError(f"--model {model}: {problem}; the project's model is unchanged")
        with self.session() as s:
            set_setting(s, MODEL_SETTING, model)

    def language_pipeline(self) -> LanguagePipeline:
        """The pipeline in use: the configured model, or the fallback when it is not installed.

        When it is the fallback, the project says so once (see :meth:`_pending_notices`).
        """
        from intervju.language import fell_back, load_pipeline

        model = self.language_model()
        pipeline = load_pipeline(model)
        if fell_back(pipeline, model):
            self._fallback_model = model
        return pipeline

    _fallback_model: str | None = None

    def _language_notice(self) -> None:
        """Say once per project (per configured model) that the fallback pipeline is in use.

        Called when a command has succeeded, so the line never stands before an unrelated error,
        and recorded in the project so that every later import and reindex stays quiet;
        ``kode nlp`` shows the same advice every time.
        """
        model = self._fallback_model
        if model is None:
            return
        self._fallback_model = None
        from intervju.language import fallback_notice
        from intervju.setup import get_setting, set_setting

        try:
            with self.session() as s:
                if get_setting(s, NOTICE_SETTING) == model:
                    return
                set_setting(s, NOTICE_SETTING, model)
        except (SQLAlchemyError, KodeError):
            pass  # a read-only project: say it anyway, it cannot remember
        logging.getLogger("kode").warning(fallback_notice(model))

    def search_indexer(self) -> PipelineIndexer:
        from intervju.indexing import PipelineIndexer

        return PipelineIndexer(self.language_pipeline())

    def nlp_info(self) -> NlpInfo:
        from sqlalchemy import func, select

        from intervju.language import FALLBACK_NAME, fallback_notice, pipeline_install_hint
        from intervju.models import Interview

        pipeline = self.language_pipeline()
        self._fallback_model = None  # `kode nlp` shows the advice itself, every time
        with self.session() as s:
            rows = s.execute(select(Interview.pipeline, func.count()).group_by(Interview.pipeline)).all()
        info = pipeline.info
        return NlpInfo(
            configured=self.language_model(), name=info.name, version=info.version,
            components=info.components, trained=info.trained, fallback=info.name == FALLBACK_NAME,
            install_hint=pipeline_install_hint(),
            notice=fallback_notice(self.language_model()) if info.name == FALLBACK_NAME else None,
            interviews={(name or "none"): int(n) for name, n in rows},
        )

    def reindex(self, *, interviews: Sequence[str] = (), force: bool = False,
                progress: Callable[[int, int], None] | None = None) -> ReindexReport:
        from intervju.indexing import reindex

        sessions = self._sessions  # type: ignore[attr-defined]
        return reindex(sessions, self.search_indexer(), interviews=interviews, force=force,
                       progress=progress)

    def search(self, query: str, filters: Filters = Filters(), *, scope: str = "sentence",
               speaker: str = "informant", limit: int | None = None, codes: Sequence[str] = (),
               coders: Sequence[str] = ()) -> SearchResult:
        """``codes`` keeps hits inside passages coded with them or their sub-codes (by ``coders``
        when given)."""
        from intervju.search import search
        from kodebok.coding import CodingFilters, coded_spans

        with self.session() as s:
            within = coded_spans(s, CodingFilters(codes=codes, coders=coders)) if codes else None
            return search(s, query, filters, scope=scope, speaker=speaker, limit=limit, within=within)


