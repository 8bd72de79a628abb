"""The fallback pipeline the detector tests look words up in (Ordbank), loaded once."""

from __future__ import annotations

import pytest

from intervju.language import load_pipeline


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline(None)
