"""The language-model message: one kode line, once per project, never spaCy's raw E050."""

from __future__ import annotations

from pathlib import Path

import pytest
from firsthour_helpers import one_error_line, run_kode

from intervju.language import model_problem
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.skipif(model_problem("nb_core_news_lg") is None,
                                reason="the trained nb_core_news_lg is installed: no fallback to announce")

NOTICE = "built-in Norwegian fallback"


def test_the_fallback_is_announced_once_per_project(tmp_path: Path) -> None:
    project = tmp_path / "studie.kode"
    assert run_kode("init", project, "--sites", "Nordbakken,Sjøglimt").returncode == 0

    # an unrelated error comes alone, without the model line before it
    missing = run_kode("import", project, tmp_path / "finnes_ikke.docx")
    assert missing.returncode == 1
    assert "finnes_ikke.docx" in one_error_line(missing.stderr)

    first = run_kode("import", project, EXAMPLES / "transcripts" / "nordbakken_ungdom_U01_T2.txt",
                     "--pattern", "{site}_{group}_{participant}_{wave}")
    assert first.returncode == 0, first.stderr
    assert "E050" not in first.stderr and "Can't find model" not in first.stderr
    lines = [line for line in first.stderr.splitlines() if NOTICE in line]
    assert len(lines) == 1, first.stderr
    assert "python -m spacy download nb_core_news_lg" in lines[0]
    assert "pip install /path/to/nb_core_news_lg-3.8.0-py3-none-any.whl" in lines[0]

    again = run_kode("reindex", project, "--force")
    assert again.returncode == 0, again.stderr
    assert NOTICE not in again.stderr and "E050" not in again.stderr

    shown = run_kode("nlp", project)
    assert NOTICE in shown.stdout and "nb_core_news_lg-3.8.0-py3-none-any.whl" in shown.stdout


def test_the_demo_says_it_once(tmp_path: Path) -> None:
    done = run_kode("demo", tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "E050" not in done.stderr
    assert sum(NOTICE in line for line in done.stderr.splitlines()) == 1
