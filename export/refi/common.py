"""Helpers the REFI-QDA writers and readers share: descriptions, colours, dates, safe writes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from export.files import atomic_write

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "kode"
# The coder of what another tool's file does not say who made, and the title of a memo kept from
# a REFI `Description` (written back as one when that is where it came from).
FALLBACK_CODER = "qdpx-import"
DESCRIPTION_TITLE = "Description"

# A code's definition, inclusion and exclusion criteria and examples travel in REFI's one
# Description text, in sections a reader (human or kode) can tell apart.
_SECTIONS = (("inclusion", "Inkludering"), ("exclusion", "Ekskludering"), ("examples", "Eksempler"))
_SECTION_ALIASES = {
    "inkludering": "inclusion", "inclusion": "inclusion", "inklusjon": "inclusion",
    "ekskludering": "exclusion", "exclusion": "exclusion", "eksklusjon": "exclusion",
    "eksempler": "examples", "examples": "examples", "eksempel": "examples",
}  # fmt: skip
_SECTION_HEAD = re.compile(r"^(?P<head>[A-Za-zæøåÆØÅ]+):[ \t]*", re.MULTILINE)


def compose_description(
    definition: str | None, inclusion: str | None, exclusion: str | None, examples: list[object] | None
) -> str | None:
    parts: list[str] = []
    if definition and definition.strip():
        parts.append(definition.strip())
    values = {"inclusion": inclusion, "exclusion": exclusion}
    for key, head in _SECTIONS:
        if key == "examples":
            quotes = [str(e).strip() for e in (examples or []) if str(e).strip()]
            if quotes:
                parts.append(head + ":\n" + "\n".join(f"- {q}" for q in quotes))
            continue
        value = values[key]
        if value and value.strip():
            parts.append(f"{head}: {value.strip()}")
    return "\n\n".join(parts) if parts else None


def parse_description(text: str | None) -> dict[str, object]:
    """The inverse of :func:`compose_description`; a plain description is all definition."""
    out: dict[str, object] = {"definition": None, "inclusion": None, "exclusion": None, "examples": []}
    if not text or not text.strip():
        return out
    blocks = re.split(r"\n[ \t]*\n", text.strip())
    definition: list[str] = []
    current: str | None = None
    collected: dict[str, list[str]] = {"inclusion": [], "exclusion": [], "examples": []}
    for block in blocks:
        match = _SECTION_HEAD.match(block)
        key = _SECTION_ALIASES.get(match.group("head").casefold()) if match else None
        if match and key:
            current = key
            collected[key].append(block[match.end() :])
        elif current is None:
            definition.append(block)
        else:
            collected[current].append(block)
    out["definition"] = "\n\n".join(definition).strip() or None
    for key in ("inclusion", "exclusion"):
        out[key] = "\n\n".join(collected[key]).strip() or None
    examples: list[object] = []
    for block in collected["examples"]:
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append(line[2:].strip())
            elif line:
                examples.append(line)
    out["examples"] = examples
    return out


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def rgb(colour: str | None) -> str | None:
    """A colour as REFI's ``#RRGGBB``; named colours (``red``, ``tab:blue``) are converted."""
    if not colour or not colour.strip():
        return None
    colour = colour.strip()
    if _HEX.match(colour):
        return colour.upper()
    if re.fullmatch(r"[0-9a-fA-F]{6}", colour):
        return "#" + colour.upper()
    try:
        from matplotlib.colors import to_hex

        return str(to_hex(colour)).upper()
    except ValueError:
        return None


def read_rgb(value: str | None) -> str | None:
    """A REFI colour as kode keeps colours: ``#rrggbb``, lower case (``#abc`` is ``#aabbcc``)."""
    if not value or not _HEX.match(value.strip()):
        return None
    digits = value.strip()[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def xml_datetime(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sub(
    parent: ET.Element, tag: str, attrib: dict[str, str | None] | None = None, text: str | None = None
) -> ET.Element:
    """A child element; attributes whose value is None are left out."""
    element = ET.SubElement(parent, tag, {k: v for k, v in (attrib or {}).items() if v is not None})
    if text is not None:
        element.text = text
    return element


def xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_private(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temp file in the target folder, mode 0600, then ``os.replace``: a crash
    leaves the old file or none, never half of one (the one writer every export uses)."""
    atomic_write(path, write)
