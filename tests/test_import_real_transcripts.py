"""Real transcripts: Whisper without speakers, metadata spelt without æøå, one interview in two
formats, header blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervju.metadata import canonical_value
from intervju.readers import read_transcript_bytes
from kode.project import Project
from tests.conftest import run_cli


def _whisper(segments: list[tuple[float, float, str]]) -> bytes:
    return json.dumps({"segments": [{"start": a, "end": b, "text": t} for a, b, t in segments]}).encode()


def test_whisper_without_speakers_splits_at_pauses_with_start_times() -> None:
    raw = read_transcript_bytes(
        _whisper([(0.0, 2.0, " Hei."), (2.3, 5.0, " Hvordan går det?"), (7.0, 9.0, " Bra."),
                  (150.0, 152.5, " Vi snakket om skolen på Sjøglimt.")]),
        ".json",
    )
    assert [(t.text, t.time_start, t.time_end) for t in raw.turns] == [
        ("Hei. Hvordan går det?", 0.0, 5.0),
        ("Bra.", 7.0, 9.0),
        ("Vi snakket om skolen på Sjøglimt.", 150.0, 152.5),
    ]


def test_whisper_with_speakers_still_merges_by_speaker() -> None:
    data = json.dumps({"segments": [
        {"start": 0, "end": 1, "text": "Hei.", "speaker": "SPEAKER_00"},
        {"start": 5, "end": 6, "text": "Hallo.", "speaker": "SPEAKER_00"},
        {"start": 7, "end": 8, "text": "Ja.", "speaker": "SPEAKER_01"},
    ]}).encode()  # fmt: skip
    assert [t.text for t in read_transcript_bytes(data, ".json").turns] == ["Hei. Hallo.", "Ja."]


def test_a_whisper_hit_is_reported_at_its_own_time(project_path: Path, tmp_path: Path) -> None:
    Project.create(str(project_path), sites=["Sjøglimt"]).close()
    path = tmp_path / "sjoglimt_ungdom_U06_T3.json"
    path.write_bytes(_whisper([(0.0, 2.0, "Hei, velkommen."), (150.0, 152.0, "Husmøtet var bra.")]))
    assert run_cli("import", project_path, path).exit_code == 0
    shown = json.loads(run_cli("show", project_path, "sjoglimt_ungdom_U06_T3", "--format", "json").stdout)
    assert [(t["text"], t["time"]) for t in shown["turns"]] == [("Hei, velkommen.", 0.0), ("Husmøtet var bra.", 150.0)]


@pytest.mark.parametrize(("written", "expected"), [
    ("sjoeglimt", "Sjøglimt"), ("SJOEGLIMT", "Sjøglimt"), ("sjoglimt", "Sjøglimt"), ("Haavik", "Håvik"),
    ("Lae", "Læ"), ("ansatt", "ansatt"),
])  # fmt: skip
def test_aa_oe_ae_stand_for_aa_oe_ae_letters(written: str, expected: str) -> None:
    assert canonical_value("site", written, ["Sjøglimt", "Håvik", "Læ", "ansatt"]) == expected


def test_a_spelling_that_fits_two_values_is_an_error() -> None:
    assert canonical_value("site", "BO", ["Bø", "Bo"]) == "Bo"  # the same letters in another case
    with pytest.raises(Exception, match="could be any of Bø, Bö"):
        canonical_value("site", "bo", ["Bø", "Bö"])


def test_file_name_with_oe_imports_into_the_project_site(project_path: Path, tmp_path: Path) -> None:
    Project.create(str(project_path), sites=["Sjøglimt"]).close()
    path = tmp_path / "sjoeglimt_ungdom_U03_T1.txt"
    path.write_text("I: Hei.\nU03: Hei på deg.\n", encoding="utf-8")
    assert run_cli("import", project_path, path).exit_code == 0
    listed = json.loads(run_cli("list", project_path, "--format", "json").stdout)
    assert listed[0]["site"] == "Sjøglimt"


SRT = "1\n00:00:01,000 --> 00:00:03,000\nI: Hvordan går det på skolen?\n\n2\n00:00:04,000 --> 00:00:06,000\nU03: Bra, især matte.\n"
TXT = "I: Hvordan går det på skolen?\nU03: Bra, især matte.\n"


def test_same_interview_in_two_formats_is_skipped_when_the_words_match(project_path: Path, tmp_path: Path) -> None:
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    (tmp_path / "nordbakken_ungdom_U03_T1.txt").write_text(TXT, encoding="utf-8")
    (tmp_path / "nordbakken_ungdom_U03_T1.srt").write_text(SRT, encoding="utf-8")
    result = run_cli("import", project_path, tmp_path / "nordbakken_ungdom_U03_T1.txt",
                     tmp_path / "nordbakken_ungdom_U03_T1.srt")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert ("nordbakken_ungdom_U03_T1.srt: already imported (the same interview as nordbakken_ungdom_U03_T1 "
            "(from nordbakken_ungdom_U03_T1.txt): the words match, skipped)") in result.stdout  # fmt: skip


def test_same_name_other_text_is_one_line_with_the_ways_on(project_path: Path, tmp_path: Path) -> None:
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    (tmp_path / "nordbakken_ungdom_U03_T1.txt").write_text(TXT, encoding="utf-8")
    (tmp_path / "nordbakken_ungdom_U03_T1.srt").write_text(SRT.replace("matte", "norsk"), encoding="utf-8")
    files = [tmp_path / "nordbakken_ungdom_U03_T1.txt", tmp_path / "nordbakken_ungdom_U03_T1.srt"]
    result = run_cli("import", project_path, *files)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "an interview named nordbakken_ungdom_U03_T1 exists already (from nordbakken_ungdom_U03_T1.txt)" in line
    assert "--name-from-stem-with-ext" in line and "--revise" in line
    both = run_cli("import", project_path, files[1], "--name-from-stem-with-ext")
    assert both.exit_code == 0, both.output
    assert "imported as nordbakken_ungdom_U03_T1.srt" in both.stdout


HEADED = (
    "# Kilde: opptak 3, transkribert av NN\n"
    "Program: Ungdomsprat\n"
    "Deltakere: Intervjuer, U03\n"
    "Dato: 12.03.2024\n"
    "\n"
    "Ungdomsprat – episode 4\n"
    "\n"
    "I: Hei, og velkommen.\n"
    "U03: Takk, det er fint å være her på Sjøglimt.\n"
)


def test_header_block_is_interview_metadata_not_turns(project_path: Path, tmp_path: Path) -> None:
    Project.create(str(project_path), sites=["Nordbakken"]).close()
    path = tmp_path / "nordbakken_ungdom_U03_T1.txt"
    path.write_text(HEADED, encoding="utf-8")
    result = run_cli("import", project_path, path)
    assert result.exit_code == 0, result.output
    assert "unknown speaker labels" not in result.stdout  # "Deltakere" is no speaker
    shown = json.loads(run_cli("show", project_path, "nordbakken_ungdom_U03_T1", "--format", "json").stdout)
    assert shown["header"] == (
        "# Kilde: opptak 3, transkribert av NN\nProgram: Ungdomsprat\nDeltakere: Intervjuer, U03\n"
        "Dato: 12.03.2024\nUngdomsprat – episode 4"
    )
    assert [(t["label"], t["text"]) for t in shown["turns"]] == [
        ("I", "Hei, og velkommen."),
        ("U03", "Takk, det er fint å være her på Sjøglimt."),
    ]
    found = json.loads(run_cli("search", project_path, "=Ungdomsprat", "--speaker", "all", "--format", "json").stdout)
    assert not (found.get("hits") if isinstance(found, dict) else found)
    text = run_cli("show", project_path, "nordbakken_ungdom_U03_T1").stdout
    assert "Deltakere: Intervjuer, U03" in text


def test_text_without_any_label_is_not_a_header() -> None:
    raw = read_transcript_bytes(b"Dette er bare tekst.\nUten talere.\n", ".txt")
    assert raw.header is None
    assert [t.text for t in raw.turns] == ["Dette er bare tekst.\nUten talere."]


def test_a_header_key_after_the_first_turn_stays_a_turn() -> None:
    raw = read_transcript_bytes(b"I: Hei.\nDato: i dag snakker vi om skolen.\n", ".txt")
    assert raw.header is None
    assert [t.label for t in raw.turns] == ["I", "Dato"]
