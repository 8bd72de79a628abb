"""Inputs that made early versions quadratic (a `\\s+$` regex from every position of a long run of
spaces took minutes). No timing assertions: a regression shows up as a test run that hangs."""

from __future__ import annotations

import pytest

from intervju.canonical import build_canonical
from intervju.readers import read_transcript_bytes

N = 200_000

CASES = {
    "a long run of spaces inside a line": "IP: a" + " " * N + "b",
    "a long run of spaces at the end": "IP: a" + " " * N,
    "tabs and non-breaking spaces": "IP: a" + "\t\u00a0" * (N // 2) + "b",
    "unclosed tags": "IP: " + "<v " * (N // 3),
    "spaces before a colon": "I" + " " * N + "x: ja",
    "brackets": "[" * N,
    "clock-like digits": "1:" * (N // 2),
}


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_long_runs_are_read(body: str, suffix: str) -> None:
    raw = read_transcript_bytes(body.encode(), suffix)
    text, spans = build_canonical(raw.turns)
    assert all(text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        (".vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\n" + "<b " * (N // 4) + "\n"),
        (".srt", "1\n00:00:01,000 --> 00:00:02,000\n" + "<i " * (N // 4) + "\n"),
    ],
)
def test_subtitle_lines_full_of_unclosed_tags(suffix: str, data: str) -> None:
    assert read_transcript_bytes(data.encode(), suffix).turns
