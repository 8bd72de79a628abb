from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervju.readers import RawTurn, ReadError, read_transcript, read_transcript_bytes


def test_segments_merge_by_speaker(tmp_path: Path) -> None:
    document = {
        "text": "ignored",
        "language": "no",
        "segments": [
            {
                "id": 0,
                "start": 0.0,
                "end": 2.5,
                "text": " Hei, velkommen.",
                "speaker": "SPEAKER_00",
            },
            {
                "start": 2.5,
                "end": 4,
                "text": " Hvordan er det å bo her?",
                "speaker": "SPEAKER_00",
            },
            {
                "start": 4.2,
                "end": 6.0,
                "text": " Det er fint på Lunde.",
                "speaker": "SPEAKER_01",
            },
            {"start": 6.0, "end": 7.5, "text": "  Veldig fint. "},
            {"start": 7.5, "end": 8.0, "text": " Takk.", "speaker": "SPEAKER_00"},
        ],
    }
    path = tmp_path / "opptak.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = read_transcript(path)
    assert result.format == "json"
    assert result.turns == [
        RawTurn("SPEAKER_00", "Hei, velkommen. Hvordan er det å bo her?", 0.0, 4.0),
        RawTurn("SPEAKER_01", "Det er fint på Lunde. Veldig fint.", 4.2, 7.5),
        RawTurn("SPEAKER_00", "Takk.", 7.5, 8.0),
    ]


def test_plain_whisper_without_speakers() -> None:
    data = json.dumps({"segments": [{"start": 0, "end": 1, "text": " Hei."}]}).encode()
    assert read_transcript_bytes(data, ".json").turns == [RawTurn(None, "Hei.", 0.0, 1.0)]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not an object"),
        (b'{"text": "hei"}', "no 'segments'"),
        (b'{"segments": {"a": 1}}', "'segments' is not a list"),
        (b'{"segments": ["hei"]}', "segment 1 is not an object"),
        (b'{"segments": [{"text": 5}]}', "segment 1: 'text' is not a string"),
        (
            b'{"segments": [{"text": "a"}, {"text": "b", "start": "0"}]}',
            "segment 2: 'start'",
        ),
        (b'{"segments": [{"text": "a", "end": true}]}', "'end' is not a number"),
        (b'{"segments": [{"text": "a", "speaker": 1}]}', "'speaker' is not a string"),
        (b'{"segments": []}', "no text"),
        (b'{"segments": [{"text": "   "}]}', "no text"),
    ],
)
def test_bad_json(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        read_transcript_bytes(data, ".json")
