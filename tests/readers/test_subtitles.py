from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from intervju.readers import RawTurn, ReadError, read_transcript, read_transcript_bytes

ToText = Callable[[Sequence[tuple[float, float, str]]], str]


def test_srt_merges_cues_by_speaker(srt_text: ToText, tmp_path: Path) -> None:
    path = tmp_path / "opptak.SRT"
    path.write_text(
        srt_text(
            [
                (1.0, 3.5, "I: Hei, hvordan går det?"),
                (4.0, 6.0, "IP: Bra, takk."),
                (6.0, 8.25, "Jeg har det <i>fint</i> [latter]"),
                (8.5, 9.0, "IP: og\nmer"),
                (9.5, 10.0, "[SPEAKER_00]: ok"),
                (10.0, 11.0, "I: Det var sånn: nei"),
            ]
        ),
        encoding="utf-8",
    )
    result = read_transcript(path)
    assert result.format == "srt"
    assert result.encoding == "utf-8"
    assert result.turns == [
        RawTurn("I", "Hei, hvordan går det?", 1.0, 3.5),
        RawTurn("IP", "Bra, takk. Jeg har det fint [latter] og mer", 4.0, 9.0),
        RawTurn("SPEAKER_00", "ok", 9.5, 10.0),
        RawTurn("I", "Det var sånn: nei", 10.0, 11.0),
    ]


def test_srt_without_speakers_is_one_turn(srt_text: ToText) -> None:
    data = srt_text([(0, 1, "Første."), (1, 2, "[latter] Andre.")]).encode("cp1252")
    result = read_transcript_bytes(data, ".srt")
    assert result.turns == [RawTurn(None, "Første. [latter] Andre.", 0.0, 2.0)]


def test_srt_in_cp1252(srt_text: ToText) -> None:
    data = srt_text([(0, 1, "U03: Jeg bor på Bodø, og det er ærlig talt fint.")])
    result = read_transcript_bytes(data.encode("cp1252"), ".srt")
    assert result.encoding == "cp1252"
    assert result.turns[0].text == "Jeg bor på Bodø, og det er ærlig talt fint."


def test_vtt_voice_tags(vtt_text: ToText, tmp_path: Path) -> None:
    path = tmp_path / "opptak.vtt"
    path.write_text(
        vtt_text(
            [
                (1.0, 3.5, "<v Intervjuer>Hei, hvordan går det?"),
                (4.0, 6.0, "<v.loud Kari Nordmann>Bra, takk.</v>"),
                (6.0, 8.0, "<v Kari Nordmann>Jeg har det <b>fint</b>"),
                (8.0, 9.0, "Og så videre."),
                (9.0, 10.0, "I: Og bygget?"),
                (10.0, 12.0, "<v U03>Stort.\n<v I>Ja?"),
            ]
        ),
        encoding="utf-8",
    )
    result = read_transcript(path)
    assert result.format == "vtt"
    assert result.turns == [
        RawTurn("Intervjuer", "Hei, hvordan går det?", 1.0, 3.5),
        RawTurn("Kari Nordmann", "Bra, takk. Jeg har det fint Og så videre.", 4.0, 9.0),
        RawTurn("I", "Og bygget?", 9.0, 10.0),
        RawTurn("U03", "Stort.", 10.0, 12.0),
        RawTurn("I", "Ja?", 10.0, 12.0),
    ]


def test_vtt_with_bom_and_crlf() -> None:
    data = "\ufeffWEBVTT\r\n\r\n00:00.000 --> 00:01.500\r\nIP: Hei\u00a0der\r\n".encode()
    assert read_transcript_bytes(data, ".vtt").turns == [RawTurn("IP", "Hei der", 0.0, 1.5)]


@pytest.mark.parametrize(
    ("suffix", "data", "reason"),
    [
        (".srt", b"", "empty file"),
        (".vtt", b"  \n", "empty file"),
        (".srt", b"this is not a subtitle file", r"not a valid SubRip"),
        (".srt", bytes(range(256)) * 4, "cannot detect the text encoding"),
        (".vtt", b"1\n00:00:01,000 --> 00:00:02,000\nhei\n", r"not a valid WebVTT"),
        (".vtt", b"WEBVTT\n\n", "no subtitles"),
        (".srt", b"1\n00:00:01,000 --> 00:00:02,000\n\n", "no subtitles|not a valid"),
    ],
)
def test_bad_subtitle_files(suffix: str, data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        read_transcript_bytes(data, suffix)
