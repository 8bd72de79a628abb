"""Subtitle files (.srt, .vtt) from transcription services and recorders.

The speaker comes from a WebVTT voice tag (`<v Kari>`), a `Name:` prefix, or the `[SPEAKER_00]:`
prefix that WhisperX writes; cues are merged into turns by speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from intervju.readers.cues import Cue, merge_cues
from intervju.readers.encoding import decode_text
from intervju.readers.labels import is_label, split_label
from intervju.readers.model import RawTranscript, ReadError
from intervju.readers.text import clean_text

_VOICE = re.compile(r"^\s*<v(?:\.[\w-]+)*(?:\s+(?P<name>[^>]*))?>")
# Formatting tags only: `[latter]` and `(utydelig)` are transcription marks and must stay.
# Bounded so that a line full of "<" without ">" is not scanned to its end from every "<".
_TAG = re.compile(r"</?(?:[biuc]|v|ruby|rt|lang|font)(?:[.\s][^>\n]{0,200})?>|<\d{1,2}:\d{2}(?::\d{2})?\.\d{3}>")
_BRACKET_LABEL = re.compile(r"^\s*\[(?P<label>[^\]\n]{1,30})\]\s*:?\s*(?P<rest>.*)$", re.DOTALL)


def _speaker_and_text(text: str) -> tuple[str | None, str]:
    """Split a `Name:` or `[SPEAKER_00]:` prefix off a cue's text."""
    found = split_label(text)
    if found is not None:
        return found
    match = _BRACKET_LABEL.match(text)
    if match is not None and "_" in match.group("label") and is_label(match.group("label")):
        # Only diarisation ids like SPEAKER_00: a bracketed word such as [latter] is text.
        return match.group("label").strip(), match.group("rest")
    return None, text


def _decode(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise ReadError("empty file")
    text, encoding = decode_text(data)
    return clean_text(text), encoding


def _srt_cues(text: str) -> Iterator[Cue]:
    for subtitle in srt.parse(text):
        speaker, body = _speaker_and_text(_TAG.sub("", subtitle.content).strip())
        yield Cue(
            speaker=speaker,
            text=body,
            start=subtitle.start.total_seconds(),
            end=subtitle.end.total_seconds(),
        )


def read_srt(data: bytes) -> RawTranscript:
    """Read a SubRip (.srt) transcript."""
    text, encoding = _decode(data)
    try:
        cues = list(_srt_cues(text))
    except (srt.SRTParseError, ValueError) as exc:
        raise ReadError("not a valid SubRip (.srt) file") from exc
    turns = merge_cues(cues)
    if not turns:
        raise ReadError("no subtitles")
    return RawTranscript(turns=turns, format="srt", encoding=encoding)


def _vtt_cues(text: str) -> Iterator[Cue]:
    for caption in webvtt.from_string(text).captions:
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        # A cue may hold lines by several voices; each voice tag opens a new fragment.
        speaker: str | None = None
        lines: list[str] = []
        voiced = False
        for line in caption.lines:
            match = _VOICE.match(line)
            if match is not None:
                if lines or voiced:
                    yield _vtt_cue(speaker, lines, voiced, start, end)
                speaker, lines, voiced = (
                    (match.group("name") or "").strip() or None,
                    [],
                    True,
                )
            lines.append(_TAG.sub("", line))
        if lines:
            yield _vtt_cue(speaker, lines, voiced, start, end)


def _vtt_cue(speaker: str | None, lines: list[str], voiced: bool, start: float, end: float) -> Cue:
    text = "\n".join(lines).strip()
    if not voiced:
        speaker, text = _speaker_and_text(text)
    return Cue(speaker=speaker, text=text, start=start, end=end)


def read_vtt(data: bytes) -> RawTranscript:
    """Read a WebVTT (.vtt) transcript."""
    text, encoding = _decode(data)
    try:
        cues = list(_vtt_cues(text))
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise ReadError(f"not a valid WebVTT (.vtt) file ({exc})") from exc
    turns = merge_cues(cues)
    if not turns:
        raise ReadError("no subtitles")
    return RawTranscript(turns=turns, format="vtt", encoding=encoding)
