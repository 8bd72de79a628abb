"""The CLI end to end on the fictional study in examples/: what the README's demo promises."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = run_cli("demo", str(folder))
    assert result.exit_code == 0, result.output
    return folder / "demo.kode"


def manifest_rows() -> list[dict[str, str]]:
    with (EXAMPLES / "manifest.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_demo_imports_every_example_file(demo: Path) -> None:
    assert stat.S_IMODE(demo.stat().st_mode) == 0o600
    info = json.loads(run_cli("info", str(demo), "--format", "json").stdout)
    rows = manifest_rows()
    assert info["interviews"] == len(rows) >= 18
    participants = {p for r in rows for p in r["participant"].split(";")}
    assert info["participants"] == len(participants)
    assert info["unknown_speaker_turns"] == 0
    listed = json.loads(run_cli("list", str(demo), "--format", "json").stdout)
    assert {r["format"] for r in listed} == {"docx", "txt", "md", "srt", "vtt", "json"}
    assert all(600 <= r["words"] <= 1600 for r in listed)


def test_demo_metadata_matches_the_manifest(demo: Path) -> None:
    listed = {r["name"]: r for r in json.loads(run_cli("list", str(demo), "--format", "json").stdout)}
    for row in manifest_rows():
        got = listed[Path(row["file"]).stem]
        assert (got["site"], got["group"], got["wave"]) == (row["site"], row["group"], row["wave"])
        assert got["participants"] == row["participant"].split(";")
        assert got["date"] == row["date"]


def test_demo_filters_and_norwegian_text(demo: Path) -> None:
    youth_t1 = json.loads(run_cli("list", str(demo), "--group", "ungdom", "--wave", "T1", "--format", "json").stdout)
    assert youth_t1 and all(r["group"] == "ungdom" and r["wave"] == "T1" for r in youth_t1)
    sjo = json.loads(run_cli("list", str(demo), "--site", "sjoglimt", "--format", "json").stdout)
    assert sjo and {r["site"] for r in sjo} == {"Sjøglimt"}
    cp1252 = json.loads(run_cli("show", str(demo), "nordbakken_ungdom_U02_T1", "--format", "json").stdout)
    text = " ".join(t["text"] for t in cp1252["turns"])
    assert any(ch in text for ch in "æøå") and "Ã" not in text
    assert cp1252["turns"][0]["role"] == "interviewer"


def test_demo_subtitles_keep_times(demo: Path) -> None:
    shown = json.loads(run_cli("show", str(demo), "nordbakken_ungdom_U01_T3", "--format", "json").stdout)
    times = [t["time"] for t in shown["turns"]]
    assert all(t is not None for t in times)
    assert times == sorted(times)
    vtt = json.loads(run_cli("show", str(demo), "nordbakken_ungdom_U03_T2", "--format", "json").stdout)
    assert {t["participant"] for t in vtt["turns"] if t["role"] == "informant"} == {"U03"}


def test_demo_is_rebuilt_in_place(demo: Path) -> None:
    again = run_cli("demo", str(demo.parent))
    assert again.exit_code == 0, again.output
    assert not (demo.parent / "demo.kode.partial").exists()
