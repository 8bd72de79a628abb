"""The gold set of ``bench/search_quality.py`` as a regression test: recall and precision over
fictional bokmål, nynorsk and dialect transcripts stay at or above the issue's bar."""

from __future__ import annotations

from pathlib import Path

from bench.search_quality import PRECISION, RECALL, evaluate, summarise


def test_gold_set_recall_and_precision(tmp_path: Path) -> None:
    outcomes = evaluate(tmp_path)
    assert len(outcomes) >= 40
    by_kind, total = summarise(outcomes)
    assert {"inflection", "compound", "genitive", "homograph", "nynorsk", "dialect", "fuzzy", "phrase",
            "near", "exact"} <= set(by_kind)
    assert total.recall >= RECALL, [(o.query, sorted(o.missed)) for o in outcomes if o.missed]
    assert total.precision >= PRECISION, [(o.query, sorted(o.extra)) for o in outcomes if o.extra]
