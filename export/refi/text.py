"""Source texts from other tools: decoding, position units, canonical text and offset maps.

kode's canonical text is NFC with ``\\n`` line ends and no spaces at line ends; REFI-QDA
positions count Unicode code points of the source file as it is. Other tools differ: NVivo counts
UTF-16 code units (an emoji counts 2) and writes ``\\r\\n`` (which counts 2) after a byte-order mark.
Every conversion here returns an offset map (``map[i]`` = canonical position of source position
``i``, for ``i`` in ``0..len``), and every selection goes through it, so nothing shifts silently.

Turns are split by the corpus importer's own label rules (``intervju.readers.labels``) and
speakers resolved by the project's ``SpeakerTable``, so an imported interview reads like one
imported from a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from intervju.errors import InputError
from intervju.readers import labels
from intervju.speakers import SpeakerTable

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bom: bool


def decode_source(data: bytes, where: str) -> Decoded:
    """Decode a source file: UTF-8 (a BOM is dropped and noted), UTF-16 with a BOM, else refuse.

    The BOM is not part of the text positions count in (a tool that writes one counts from the
    first character after it)."""
    if data.startswith(UTF8_BOM):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig", True)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{where}: not valid UTF-8 after its byte-order mark ({exc.reason} at byte {exc.start})"
            ) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", True)
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: not valid UTF-16 ({exc.reason})") from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 ({exc.reason} at byte {exc.start}); REFI-QDA sources are UTF-8") from exc


# -- position units -----------------------------------------------------------------------------


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units: characters beyond the BMP (emoji) count 2."""
    return len(text) + len(_ASTRAL.findall(text))


def has_astral(text: str) -> bool:
    return _ASTRAL.search(text) is not None


def utf16_to_chars(text: str) -> list[int]:
    """``map[u]`` = the code point index of UTF-16 unit ``u`` (a unit inside a surrogate pair maps
    to its character's start); length ``utf16_length(text) + 1``."""
    out: list[int] = []
    for i, c in enumerate(text):
        out.append(i)
        if ord(c) > 0xFFFF:
            out.append(i)
    out.append(len(text))
    return out


def chars_to_utf16(text: str) -> list[int]:
    """``map[i]`` = the UTF-16 unit position of code point ``i`` (length ``len(text) + 1``): what
    a position kode keeps becomes for a tool that counts UTF-16 code units (NVivo)."""
    out = [0] * (len(text) + 1)
    u = 0
    for i, c in enumerate(text):
        out[i] = u
        u += 2 if ord(c) > 0xFFFF else 1
    out[len(text)] = u
    return out


def slice_utf16(text: str, start: int, end: int) -> str:
    """The text between two UTF-16 unit positions (for checking which unit a tool counted in)."""
    units = utf16_to_chars(text)
    if not (0 <= start <= end < len(units)):
        return ""
    return text[units[start] : units[end]]


# -- canonical text ----------------------------------------------------------------------------


def _compose(first: list[int], second: list[int]) -> list[int]:
    return [second[i] for i in first]


def _nfc(raw: str) -> tuple[str, list[int]]:
    if unicodedata.is_normalized("NFC", raw):
        return raw, list(range(len(raw) + 1))
    out: list[str] = []
    mapping: list[int] = []
    length = 0
    i = 0
    n = len(raw)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        chunk = raw[i:j]
        composed = unicodedata.normalize("NFC", chunk)
        if composed == chunk:
            mapping.extend(range(length, length + len(chunk)))
        else:
            mapping.extend([length] * len(chunk))
        out.append(composed)
        length += len(composed)
        i = j
    mapping.append(length)
    return "".join(out), mapping


def _newlines(text: str) -> tuple[str, list[int]]:
    if "\r" not in text:
        return text, list(range(len(text) + 1))
    out: list[str] = []
    mapping: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        mapping.append(len(out))
        if c == "\r":
            if i + 1 < n and text[i + 1] == "\n":
                mapping.append(len(out))  # the \n of \r\n maps onto the same line end
                i += 1
            out.append("\n")
        else:
            out.append(c)
        i += 1
    mapping.append(len(out))
    return "".join(out), mapping


_TRAILING = re.compile(r"[ \t]+(?=\n|\Z)")


def _trailing_spaces(text: str) -> tuple[str, list[int]]:
    if not _TRAILING.search(text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    mapping: list[int] = []
    last = 0
    length = 0
    for match in _TRAILING.finditer(text):
        kept = text[last : match.start()]
        mapping.extend(range(length, length + len(kept)))
        length += len(kept)
        out.append(kept)
        mapping.extend([length] * (match.end() - match.start()))
        last = match.end()
    kept = text[last:]
    mapping.extend(range(length, length + len(kept)))
    length += len(kept)
    out.append(kept)
    mapping.append(length)
    return "".join(out), mapping


@dataclass(frozen=True)
class Canonical:
    text: str
    offsets: list[int]  # source code point position -> canonical position, len(source) + 1
    changes: tuple[str, ...]  # what normalisation changed, by name: "nfc", "crlf", "trailing-spaces"


def canonicalise(raw: str) -> Canonical:
    """NFC, ``\\n`` line ends, no spaces at line ends; with the map of every source position."""
    changes: list[str] = []
    text, mapping = raw, list(range(len(raw) + 1))
    for name, step in (("nfc", _nfc), ("crlf", _newlines), ("trailing-spaces", _trailing_spaces)):
        new_text, step_map = step(text)
        if new_text != text:
            changes.append(name)
            mapping = _compose(mapping, step_map)
            text = new_text
    return Canonical(text, mapping, tuple(changes))


# -- turns and speakers -------------------------------------------------------------------------


@dataclass(frozen=True)
class TurnSpan:
    label: str | None
    start: int  # the utterance only, like kode's own turns
    end: int


def split_label(line: str) -> tuple[str, int] | None:
    """``(label, offset of the utterance in line)`` when ``line`` starts with ``Label:``, by the
    corpus importer's own label rules (:mod:`intervju.readers.labels`)."""
    found = labels.split_label(line)
    if found is None:
        return None
    label, rest = found
    return label, len(line) - len(rest)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_turns(text: str) -> list[TurnSpan]:
    """Turns of an imported text: a line starting with a speaker label opens a turn that runs to
    the next such line; without any label, one turn per paragraph (blank-line separated)."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    opens: list[tuple[int, str | None, int]] = []  # (line start, label, utterance start)
    for start, line in lines:
        found = split_label(line)
        if found is not None:
            opens.append((start, found[0], start + found[1]))
    turns: list[TurnSpan] = []
    if not opens:
        for match in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
            s, e = _trim(text, match.start(), match.end())
            if e > s:
                turns.append(TurnSpan(None, s, e))
        return turns
    head_s, head_e = _trim(text, 0, opens[0][0])
    if head_e > head_s:
        turns.append(TurnSpan(None, head_s, head_e))
    for k, (_line_start, label, utterance) in enumerate(opens):
        block_end = opens[k + 1][0] if k + 1 < len(opens) else len(text)
        s, e = _trim(text, utterance, block_end)
        turns.append(TurnSpan(label, s, max(s, e)))
    return turns


def speaker_role(
    label: str | None, pseudonyms: Sequence[str], table: SpeakerTable | None = None
) -> tuple[str, str | None]:
    """``(role, pseudonym)`` for a label by the project's speaker table: interviewer, informant
    (with the participant when the label names one, or when only one is interviewed) or unknown."""
    match = (table or SpeakerTable()).resolve(label, pseudonyms, pseudonyms[0] if len(pseudonyms) == 1 else None)
    return match.role, match.participant
