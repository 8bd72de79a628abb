"""Time marks typed into transcripts by hand or by transcription tools.

Only a mark at the very start or end of a turn is metadata; one in the middle of an utterance is
part of what the transcriber wrote ("han kom inn [00:12:40] og satte seg") and stays in the text.
A bare `12:30` is a clock time in Norwegian prose, so unbracketed marks need hours.
"""

from __future__ import annotations

import re

_FRACTION = r"(?:[.,-]\d{1,3})?"
_HMS = rf"\d{{1,2}}:\d{{2}}:\d{{2}}{_FRACTION}"
_MS_OR_HMS = rf"(?:\d{{1,2}}:)?\d{{1,2}}:\d{{2}}{_FRACTION}"

# [00:12:31] (00:12) [12:31.5] #00:12:31-5# (f4transkript), or bare 00:12:31.
_MARK = (
    rf"(?:\[\s*(?P<sq>{_MS_OR_HMS})\s*\]"
    rf"|\(\s*(?P<par>{_MS_OR_HMS})\s*\)"
    rf"|\#(?P<hash>{_MS_OR_HMS})\#"
    rf"|(?<![\d:.,])(?P<bare>{_HMS})(?![\d:])"
    rf")"
)
_LEADING = re.compile(rf"^\s*{_MARK}\s*")
_AT_END = re.compile(rf"{_MARK}$")
# A mark is at most ~20 characters; searching only the tail keeps a search from the end linear.
_TAIL = 40
_ONLY = re.compile(rf"^\s*{_MARK}\s*$")


def parse_seconds(mark: str) -> float:
    """Seconds in a `h:mm:ss(.f)` or `mm:ss(.f)` mark; the fraction may use `.`, `,` or `-`
    (f4transkript writes tenths after a hyphen)."""
    match = re.fullmatch(r"([\d:]+)(?:[.,-](\d+))?", mark.strip())
    if match is None:
        raise ValueError(f"not a time mark: {mark!r}")
    main, fraction = match.group(1), match.group(2) or ""
    parts = [int(p) for p in main.split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    if fraction:
        seconds += int(fraction) / 10 ** len(fraction)
    return seconds


def _mark_of(match: re.Match[str]) -> str:
    for group in ("sq", "par", "hash", "bare"):
        value = match.group(group)
        if value is not None:
            return value
    raise AssertionError("a timestamp match always has one group")


def split_leading(text: str) -> tuple[float | None, str]:
    """A time mark at the start of `text`, and the text without it."""
    match = _LEADING.match(text)
    if match is None:
        return None, text
    return parse_seconds(_mark_of(match)), text[match.end() :]


def split_trailing(text: str) -> tuple[str, float | None]:
    """The text without a time mark at its end, and the mark."""
    stripped = text.rstrip()
    match = _AT_END.search(stripped, max(0, len(stripped) - _TAIL))
    if match is None:
        return text, None
    return stripped[: match.start()].rstrip(), parse_seconds(_mark_of(match))


def only_timestamp(text: str) -> float | None:
    """Seconds when the whole text is a single time mark (a timestamp on its own line)."""
    match = _ONLY.match(text)
    return None if match is None else parse_seconds(_mark_of(match))


def extract_turn_times(text: str) -> tuple[str, float | None, float | None]:
    """Remove the marks at the start and the end of a turn's text.

    A leading mark is the turn's start. A trailing mark is its start when there is no leading
    one (transcribers put it on either side) and its end when there is.
    """
    start, rest = split_leading(text)
    rest, trailing = split_trailing(rest)
    if start is None:
        return rest, trailing, None
    return rest, start, trailing
