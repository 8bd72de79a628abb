"""Decode text files whose encoding nobody wrote down.

Transcripts come from Windows machines (cp1252), Macs and web tools (UTF-8, sometimes with a BOM)
and Word's "Unicode text" export (UTF-16). charset-normalizer is the fallback, but on short
Norwegian text it often guesses a Central European code page (cp1250 turns "ø" into "ř"), so a
cp1252 reading that looks like Western text wins over its guess.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from intervju.readers.model import ReadError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (
        codecs.BOM_UTF32_LE,
        "utf-32-le",
    ),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Single-byte code pages that agree with cp1252 on Norwegian letters.
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15", "iso8859_1", "windows-1252"})

# Non-ASCII characters a Western transcript plausibly contains when read as cp1252.
_WESTERN_PUNCTUATION = frozenset("–—‘’‚“”„…•«»§°€£¢¥©®™·´¨¯¸¹²³¼½¾¿¡†‡‰ˆ˜ªº±µ¶")

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


_STRAY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _has_stray_controls(text: str) -> bool:
    # One regex scan instead of a Python loop over every character: this runs on every file.
    return _STRAY_CONTROLS.search(text) is not None


def _looks_western(text: str) -> bool:
    """True when every non-ASCII character is a Latin-1 letter or common typography, i.e.
    what Norwegian text read with the right single-byte code page looks like."""
    if _has_stray_controls(text):
        return False
    for ch in text:
        if ch < "\x80":
            continue
        if "\u00c0" <= ch <= "\u00ff" and ch not in "×÷":
            continue
        if ch in _WESTERN_PUNCTUATION or ch == "\u00a0":
            continue
        return False
    return True


def _strip_bom(data: bytes) -> tuple[bytes, str] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data, name
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Word's "Unicode text" without a BOM: Latin text has a zero high byte in every other
    byte. charset-normalizer misses this on short files."""
    if len(data) < 2 or len(data) % 2:
        return None
    pairs = len(data) // 2
    zeros_even = data[0::2].count(0)
    zeros_odd = data[1::2].count(0)
    for name, zeros, other in (
        ("utf-16-le", zeros_odd, zeros_even),
        ("utf-16-be", zeros_even, zeros_odd),
    ):
        if zeros * 2 >= pairs and other * 10 <= pairs:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if not _has_stray_controls(text):
                return text, name
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Return the decoded text and the name of the encoding used.

    Raises ReadError when no encoding gives believable text, rather than importing mojibake
    that would later be coded and quoted in reports.
    """
    bom = _strip_bom(data)
    if bom is not None:
        raw, name = bom
        try:
            text = raw.decode(name)
        except UnicodeDecodeError as exc:
            raise ReadError(f"the file starts with a {name} byte-order mark but is not {name}") from exc
        return text.removeprefix("\ufeff"), name

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _has_stray_controls(text):
            return text, "utf-8"
        # Valid UTF-8 full of NULs is usually UTF-16 without a BOM: let detection decide.

    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None

    best = charset_normalizer.from_bytes(data).best()
    guess = best.encoding if best is not None else None

    if western is not None and not _has_stray_controls(western) and (guess in _WESTERN or _looks_western(western)):
        return western, "cp1252"
    if best is not None and guess is not None:
        text = str(best)
        if not _has_stray_controls(text):
            return text, codecs.lookup(guess).name  # "utf_16_le" -> "utf-16-le", as elsewhere
    raise ReadError("cannot detect the text encoding")


# Double-encoded UTF-8 ("mojibake"): UTF-8 bytes read once as cp1252 and saved as UTF-8 again, so
# "på" became "pÃ¥" and "–" became "â€“". It happens to a part of a file when transcripts are
# pasted together. Only sequences that open with Ã, Â or â are repaired: they stand for Latin-1
# letters, Latin-1 signs and typographic punctuation, and no Norwegian word contains them, so
# real text is never "repaired".
_CP1252_HIGH = bytes(range(0x80, 0xC0)).decode("cp1252", errors="replace").replace("\ufffd", "")
_CONTINUATION = "[" + re.escape(_CP1252_HIGH + "".join(chr(c) for c in (0x81, 0x8D, 0x8F, 0x90, 0x9D))) + "]"
_MOJIBAKE = re.compile(f"[\u00c2\u00c3]{_CONTINUATION}|\u00e2{_CONTINUATION}{{2}}")


def _undo(sequence: str) -> str:
    """The character a mojibake sequence stands for, or the sequence when it stands for none."""
    raw = bytearray()
    for ch in sequence:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return sequence
            raw.append(ord(ch))  # the five bytes cp1252 leaves undefined were read as Latin-1
    try:
        character = raw.decode("utf-8")
    except UnicodeDecodeError:
        return sequence
    return sequence if unicodedata.category(character) == "Cc" else character


# What æ, ø, å (either case) and typographic punctuation look like double-encoded: a file holding
# none of these is not taken for mojibake, however odd its other letters ("Ãª" may be meant).
_EVIDENCE = re.compile("\u00c3[\u00a5\u00b8\u00a6\u2026\u02dc\u2020]|\u00e2\u20ac")


def repair_mojibake(text: str) -> tuple[str, list[int]]:
    """``text`` with double-encoded UTF-8 decoded again, and the (1-based) lines where it was."""
    if _EVIDENCE.search(text) is None:
        return text, []
    lines: list[int] = []
    out: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        fixed = _MOJIBAKE.sub(lambda m: _undo(m.group()), line) if _MOJIBAKE.search(line) else line
        if fixed != line:
            lines.append(number)
        out.append(fixed)
    return "\n".join(out), lines


def mojibake_warning(lines: list[int]) -> str | None:
    """The report's line for :func:`repair_mojibake`'s lines (None when there were none)."""
    if not lines:
        return None
    shown = ", ".join(str(n) for n in lines[:10]) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
    where = "line" if len(lines) == 1 else "lines"
    return f"double-encoded UTF-8 (such as 'pÃ¥' for 'på') repaired on {where} {shown}"
