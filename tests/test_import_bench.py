"""The import benchmark reports where an import's time goes: it once printed 0.00 s inside the
indexer and "-100 %" (it timed an indexer the import no longer used) and held the import to a
budget from a closed issue. Only that the figures are real is tested here, never how fast."""

from __future__ import annotations

from pathlib import Path

import pytest

import bench.import_bench as import_bench
import intervju.importing as importing


def test_the_report_times_the_indexer_and_the_reader_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_bench, "OUT", tmp_path)
    prefetched = importing.prefetched
    figures = import_bench.run("XS")
    assert importing.prefetched is prefetched  # the clock is taken off again
    assert figures["interviews"] == 10
    assert figures["reader_files"] == 10  # every file was read in the reader process, and timed there
    assert figures["reader_seconds"] > 0
    assert 0 < figures["index_seconds"] < figures["seconds"]
    assert figures["cpu_server"] == -1.0  # SQLite: no server process
    lines = "\n".join(import_bench.describe("XS", figures, "SQLite"))
    assert "over bare pipeline" not in lines and "+15 %" not in lines
    rows = import_bench.budget_rows(figures, sqlite=True)
    assert [r[0] for r in rows] == ["import wall (idle machine)", "words per second", "peak memory, each process"]
    assert all(r[3] in ("yes", "CPU yes", "no") for r in rows)
