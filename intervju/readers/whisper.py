"""Whisper / WhisperX JSON output: `{"segments": [{"start", "end", "text", "speaker"?}]}`."""

from __future__ import annotations

import json
import math
from typing import Any

from intervju.readers.cues import Cue, merge_cues
from intervju.readers.encoding import decode_text, mojibake_warning, repair_mojibake
from intervju.readers.model import RawTranscript, ReadError


def _time(segment: dict[str, Any], key: str, index: int) -> float | None:
    value = segment.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ReadError(f"segment {index + 1}: '{key}' is not a number")
    return float(value)


def _cue(segment: object, index: int) -> Cue:
    if not isinstance(segment, dict):
        raise ReadError(f"segment {index + 1} is not an object")
    text = segment.get("text", "")
    if not isinstance(text, str):
        raise ReadError(f"segment {index + 1}: 'text' is not a string")
    speaker = segment.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        raise ReadError(f"segment {index + 1}: 'speaker' is not a string")
    return Cue(
        speaker=(speaker.strip() or None) if speaker is not None else None,
        text=text.strip(),
        start=_time(segment, "start", index),
        end=_time(segment, "end", index),
    )


def read_whisper(data: bytes) -> RawTranscript:
    """Read a Whisper-style JSON transcript, merging segments into turns by speaker."""
    if not data.strip():
        raise ReadError("empty file")
    text, encoding = decode_text(data)
    text, repaired = repair_mojibake(text)
    warning = mojibake_warning(repaired)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"not JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(document, dict):
        raise ReadError("the JSON is not an object with 'segments'")
    segments = document.get("segments")
    if segments is None:
        raise ReadError("no 'segments' in the JSON")
    if not isinstance(segments, list):
        raise ReadError("'segments' is not a list")
    turns = merge_cues(_cue(segment, i) for i, segment in enumerate(segments))
    if not turns:
        raise ReadError("no text")
    return RawTranscript(turns=turns, format="json", encoding=encoding, warnings=(warning,) if warning else ())
