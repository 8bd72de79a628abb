"""Fixtures for the language layer: the real fallback pipeline, loaded once per test session."""

from __future__ import annotations

import pytest

from intervju.language import LanguagePipeline, load_pipeline


@pytest.fixture(scope="session")
def fallback() -> LanguagePipeline:
    """The Ordbank fallback as users get it (its table cache lives in the user's cache dir)."""
    return load_pipeline(None)
