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
from intervju.readers.encoding import decode_text, mojibake_warning, repair_mojibake
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


def _decode(data: bytes, warnings: list[str]) -> tuple[str, str]:
    if not data.strip():
        raise ReadError("empty file")
    text, encoding = decode_text(data)
    text, repaired = repair_mojibake(text)
    warning = mojibake_warning(repaired)
    if warning:
        warnings.append(warning)
    return clean_text(text), encoding


# A cue's time line ("00:00:06,000 --> 00:00:07,000") inside another cue's text: the blank line or
# the number before it was lost, and the cue was glued onto the one before.
_TIME_LINE = re.compile(
    r"^\s*(?P<start>\d{1,2}:\d{2}:\d{2}[,.]\d{1,3})\s*-->\s*(?P<end>\d{1,2}:\d{2}:\d{2}[,.]\d{1,3})\b.*$"
)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _split_glued(index: int, start: float, end: float, content: str, warnings: list[str]) -> Iterator[tuple[float, float, str]]:
    """A cue's text, and any cue glued into it read as a cue of its own (with a warning)."""
    lines = content.split("\n")
    body: list[str] = []
    for i, line in enumerate(lines):
        match = _TIME_LINE.match(line)
        if match is None:
            body.append(line)
            continue
        if body and body[-1].strip().isdigit():
            body.pop()  # the glued cue's number
        warnings.append(f"cue {index}: another cue's times inside it (a blank line missing?); read as a cue of its own")
        yield start, end, "\n".join(body)
        start = srt.srt_timestamp_to_timedelta(match.group("start").replace(".", ",")).total_seconds()
        end = srt.srt_timestamp_to_timedelta(match.group("end").replace(".", ",")).total_seconds()
        body = []
        yield from _split_glued(index, start, end, "\n".join(lines[i + 1 :]), warnings)
        return
    yield start, end, "\n".join(body)


def _srt_cues(text: str, warnings: list[str]) -> Iterator[Cue]:
    previous = 0.0
    for subtitle in srt.parse(text):
        times = subtitle.start.total_seconds(), subtitle.end.total_seconds()
        for start, end, content in _split_glued(subtitle.index, *times, subtitle.content, warnings):
            if start > end:
                warnings.append(f"cue {subtitle.index}: starts at {_clock(start)} after it ends at {_clock(end)}")
            elif start < previous:
                warnings.append(f"cue {subtitle.index}: starts at {_clock(start)}, before the cue before it")
            previous = max(previous, start)
            speaker, body = _speaker_and_text(_TAG.sub("", content).strip())
            yield Cue(speaker=speaker, text=body, start=start, end=end)


def _line_of(text: str, exc: srt.SRTParseError) -> str:
    """Where the part that is no cue starts, as a line number."""
    at = getattr(exc, "expected_start", None)
    if not isinstance(at, int):
        return ""
    return f": line {text.count(chr(10), 0, at) + 1} is not a cue (number, times, text)"


def read_srt(data: bytes) -> RawTranscript:
    """Read a SubRip (.srt) transcript. Impossible times and cues glued together are read and
    reported by cue number; a part that is no cue at all refuses the file, naming its line."""
    warnings: list[str] = []
    text, encoding = _decode(data, warnings)
    try:
        cues = list(_srt_cues(text, warnings))
    except srt.SRTParseError as exc:
        raise ReadError(f"not a valid SubRip (.srt) file{_line_of(text, exc)}") from exc
    except ValueError as exc:
        raise ReadError("not a valid SubRip (.srt) file") from exc
    turns = merge_cues(cues)
    if not turns:
        raise ReadError("no subtitles")
    return RawTranscript(turns=turns, format="srt", encoding=encoding, warnings=tuple(warnings))


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
    warnings: list[str] = []
    text, encoding = _decode(data, warnings)
    try:
        cues = list(_vtt_cues(text))
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise ReadError(f"not a valid WebVTT (.vtt) file ({exc})") from exc
    turns = merge_cues(cues)
    if not turns:
        raise ReadError("no subtitles")
    return RawTranscript(turns=turns, format="vtt", encoding=encoding, warnings=tuple(warnings))
