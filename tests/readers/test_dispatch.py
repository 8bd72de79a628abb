from __future__ import annotations

from pathlib import Path

import pytest

from intervju.readers import (
    SUPPORTED_SUFFIXES,
    RawTurn,
    ReadError,
    read_transcript,
    read_transcript_bytes,
)


def test_supported_suffixes() -> None:
    assert frozenset({".docx", ".txt", ".md", ".srt", ".vtt", ".json"}) == SUPPORTED_SUFFIXES


@pytest.mark.parametrize("suffix", [".txt", ".TXT", "txt", ".Txt"])
def test_suffix_is_case_insensitive(suffix: str) -> None:
    result = read_transcript_bytes(b"I: hei", suffix)
    assert result.turns == [RawTurn("I", "hei")]
    assert result.format == "txt"


@pytest.mark.parametrize("name", ["intervju.pdf", "intervju.doc", "intervju"])
def test_unsupported_files_are_not_opened(tmp_path: Path, name: str) -> None:
    path = tmp_path / name  # never created: the suffix is checked first
    with pytest.raises(ReadError, match="unsupported file type"):
        read_transcript(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot read the file"):
        read_transcript(tmp_path / "borte.txt")


def test_error_messages_are_one_line_without_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "hemmelig-navn.docx"
    path.write_bytes(b"nope")
    with pytest.raises(ReadError) as info:
        read_transcript(path)
    message = str(info.value)
    assert "\n" not in message
    assert "hemmelig" not in message
