"""Loading: lazy spaCy import, one load per model and a quiet fallback, the lemma table cache."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intervju.language import (
    FALLBACK_NAME,
    fallback_notice,
    fell_back,
    load_pipeline,
    model_problem,
    pipeline_install_hint,
)
from intervju.language import lexicon as lexicon_module
from intervju.language.lexicon import load_lexicon

REPO = Path(__file__).resolve().parents[2]


def test_importing_the_package_does_not_import_spacy() -> None:
    code = (
        "import sys\n"
        "import intervju, intervju.language\n"
        "from intervju.language import load_pipeline, lexicon, pipeline, records\n"
        "heavy = sorted(m for m in ('spacy', 'thinc', 'numpy') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code], check=False, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_missing_model_falls_back_quietly(caplog: pytest.LogCaptureFixture) -> None:
    """The library only falls back; the project says so once, in kode's words (see tests/firsthour)."""
    with caplog.at_level(logging.WARNING):
        first = load_pipeline("nb_model_that_is_not_installed")
        second = load_pipeline("nb_model_that_is_not_installed")
    assert first is second is load_pipeline(None)
    assert first.info.name == FALLBACK_NAME
    assert fell_back(first, "nb_model_that_is_not_installed")
    assert not fell_back(first, None)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_fallback_notice_is_one_line_with_both_ways_to_install() -> None:
    notice = fallback_notice("nb_core_news_lg")
    assert "\n" not in notice
    assert "E050" not in notice
    assert "built-in Norwegian fallback" in notice
    assert pipeline_install_hint() in notice
    assert "pip install /path/to/nb_core_news_lg-3.8.0-py3-none-any.whl" in notice
    assert "'/srv/modeller/nb'" in fallback_notice("/srv/modeller/nb")


def test_model_problem_without_loading_spacy(tmp_path: Path) -> None:
    assert "no such folder" in (model_problem("/nonexistent/dir") or "")
    assert "config.cfg" in (model_problem(str(tmp_path)) or "")
    (tmp_path / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    assert model_problem(str(tmp_path)) is None
    assert "nb_core_news_typo" in (model_problem("nb_core_news_typo") or "")
    assert model_problem("spacy") is None  # an installed package


def test_install_hint() -> None:
    assert pipeline_install_hint() == "python -m spacy download nb_core_news_lg"


# -- the lemma table cache, on tiny tables so a cold build takes milliseconds ------------------

TINY_EXC = {
    "verb": {"medvirke": ["medvirke"], "medvirker": ["medvirke"], "medvirket": ["medvirke"]},
    # "saken" lists only *sake*, as in the real tables, which lost the reading *sak*
    "noun": {"ungdom": ["ungdom"], "ungdommene": ["ungdom"], "sak": ["sak"], "sake": ["sake"],
             "saken": ["sake"]},
    "adj": {},
    "adv": {},
}


@pytest.fixture
def tiny_tables(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Replace the Ordbank JSON and the simplemma lists by a few entries; counts the reads."""
    reads: list[int] = []

    def source() -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
        reads.append(1)
        return TINY_EXC, {"meg": "jeg"}

    monkeypatch.setattr(lexicon_module, "_source_tables", source)
    monkeypatch.setattr(lexicon_module, "_nynorsk_source", lambda: {"køyrde": "køyre", "køyre": "køyre"})
    monkeypatch.setattr(lexicon_module, "_primary_source", lambda: {})
    return reads


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("lemmas-*.sqlite"))


def test_cache_is_built_once_then_read(tmp_path: Path, tiny_tables: list[int]) -> None:
    cold = load_lexicon(tmp_path / "kode")
    (path,) = cache_files(tmp_path / "kode")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    warm = load_lexicon(tmp_path / "kode")
    assert len(tiny_tables) == 1  # the second load never touched the JSON
    for form in ("medvirket", "ungdommene", "saken", "meg", "ukjent", "køyrde"):
        assert warm.candidates(form) == cold.candidates(form)
    assert warm.candidates("medvirket") == ("medvirke",)
    assert warm.candidates("saken") == ("sak", "sake")  # *sak* rebuilt by the suffix rules
    assert warm.candidates("ukjent") == ("ukjent",)
    assert warm.candidates("køyrde") == ("køyre",)  # nynorsk
    assert not list(path.parent.glob("*.tmp"))


def test_cache_is_keyed_by_the_tables_version(
    tmp_path: Path, tiny_tables: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_lexicon(tmp_path)
    monkeypatch.setattr(lexicon_module, "lookups_version", lambda: "9.9.9")
    load_lexicon(tmp_path)
    assert len(cache_files(tmp_path)) == 2  # both versions in use keep their table
    assert len(tiny_tables) == 2


def test_tables_untouched_for_weeks_are_removed_at_the_next_build(
    tmp_path: Path, tiny_tables: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_lexicon(tmp_path)
    pickle_cache = tmp_path / "nb-lemmas-1.0.5-old.pickle"
    pickle_cache.write_bytes(b"the cache of an older kode")
    weeks_ago = time.time() - (lexicon_module.STALE_AFTER_DAYS + 1) * 86400
    for old in [*cache_files(tmp_path), pickle_cache]:
        os.utime(old, (weeks_ago, weeks_ago))
    monkeypatch.setattr(lexicon_module, "lookups_version", lambda: "9.9.9")
    load_lexicon(tmp_path)
    (path,) = cache_files(tmp_path)
    assert "9.9.9" in path.name
    assert not pickle_cache.exists()


def _other_database(path: Path) -> None:
    path.unlink()
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('key', 'someone else')")
    con.commit()
    con.close()


@pytest.mark.parametrize("spoil", ["garbage", "truncated", "other-key"])
def test_bad_cache_is_rebuilt_with_a_warning(
    tmp_path: Path, tiny_tables: list[int], caplog: pytest.LogCaptureFixture, spoil: str
) -> None:
    load_lexicon(tmp_path)
    (path,) = cache_files(tmp_path)
    if spoil == "garbage":
        path.write_bytes(b"not a database" * 100)
    elif spoil == "truncated":
        path.write_bytes(path.read_bytes()[:4096])
    else:
        _other_database(path)
    with caplog.at_level(logging.WARNING, logger="intervju.language"):
        lexicon = load_lexicon(tmp_path)
    assert lexicon.candidates("medvirket") == ("medvirke",)
    assert any(str(path) in r.getMessage() for r in caplog.records)
    assert load_lexicon(tmp_path).candidates("ungdommene") == ("ungdom",)  # fixed on disk


def test_unwritable_cache_still_gives_a_lexicon(
    tmp_path: Path, tiny_tables: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with caplog.at_level(logging.WARNING, logger="intervju.language"):
        lexicon = load_lexicon(blocker / "kode")
    assert lexicon.candidates("medvirker") == ("medvirke",)
    assert any("cannot write" in r.getMessage() for r in caplog.records)
    assert not list(tmp_path.glob("**/*.tmp"))


def test_a_query_reads_a_few_rows_and_loads_no_heavy_module() -> None:
    """Search expands a query word from the on-disk table: no spaCy, no simplemma, no table in
    memory (the pickle it replaced took 0.35 s and 116 MB per process)."""
    code = (
        "import sys\n"
        "from intervju.language import query_lemmas\n"
        "from intervju.language.pipeline import _shared_lexicon\n"
        "assert 'køyre' in query_lemmas('kjøre'), query_lemmas('kjøre')\n"
        "assert len(_shared_lexicon()._rows) < 50, len(_shared_lexicon()._rows)\n"
        "heavy = sorted(m for m in ('spacy', 'thinc', 'numpy', 'simplemma') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], check=False, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
