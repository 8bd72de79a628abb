"""Build REFI-QDA files the way other tools write them, for the import tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from export.refi.text import utf16_length

NS = 'xmlns="urn:QDA-XML:project:1.0"'
USER = "A1B2C3D4-E5F6-4A5B-8C9D-0E1F2A3B4C5D"
CODE = "5B2E7C1A-9D3F-4E8B-A6C2-1F0D3E5A7B9C"
SOURCE = "0F4C2A9E-7B1D-4C3E-9A8F-6D5B4C3A2E1F"
VAR_SITE, VAR_GROUP, VAR_WAVE = (
    "11111111-2222-4333-8444-555555555555",
    "21111111-2222-4333-8444-555555555555",
    "31111111-2222-4333-8444-555555555555",
)


def make_qdpx(
    path: Path, qde: str | bytes, files: dict[str, bytes] | None = None, qde_name: str = "project.qde"
) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(qde_name, qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in (files or {}).items():
            zf.writestr(name, data)
    return path


def units(text: str, needle: str, *, utf16: bool) -> tuple[int, int]:
    """Start and end of ``needle`` in ``text`` counted in characters or UTF-16 code units."""
    i = text.index(needle)
    if utf16:
        return utf16_length(text[:i]), utf16_length(text[: i + len(needle)])
    return i, i + len(needle)


def project_xml(
    *,
    origin: str,
    selections: list[tuple[int, int, str]],
    source_attrs: str = f'plainTextPath="internal://{SOURCE}.txt"',
    source_body: str = "",
    variables: bool = True,
    ns: str = NS,
    prefix: str = "",
) -> str:
    """A small project: one user, one code, one text source with the given selections
    ``(start, end, name)``, all coded with the code by the user."""
    p = f"{prefix}:" if prefix else ""
    sels = "".join(
        f'<{p}PlainTextSelection guid="{_sel_guid(k)}" name="{name}" startPosition="{s}" endPosition="{e}" '
        f'creatingUser="{USER}"><{p}Coding guid="{_coding_guid(k)}" creatingUser="{USER}">'
        f'<{p}CodeRef targetGUID="{CODE.lower()}"/></{p}Coding></{p}PlainTextSelection>'
        for k, (s, e, name) in enumerate(selections)
    )
    values = (
        f'<{p}VariableValue><{p}VariableRef targetGUID="{VAR_SITE}"/><{p}TextValue>Sjøglimt</{p}TextValue></{p}VariableValue>'
        f'<{p}VariableValue><{p}VariableRef targetGUID="{VAR_GROUP}"/><{p}TextValue>ungdom</{p}TextValue></{p}VariableValue>'
        f'<{p}VariableValue><{p}VariableRef targetGUID="{VAR_WAVE}"/><{p}TextValue>T2</{p}TextValue></{p}VariableValue>'
        if variables
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n'
        f'<{p}Project {ns} name="Test" origin="{origin}">'
        f'<{p}Users><{p}User guid="{USER}" name="Kari Koder"/></{p}Users>'
        f'<{p}CodeBook><{p}Codes><{p}Code guid="{{{CODE}}}" name="Trygghet" isCodable="true" color="#00aa00">'
        f"<{p}Description>Å føle seg trygg.</{p}Description></{p}Code></{p}Codes></{p}CodeBook>"
        f'<{p}Variables><{p}Variable guid="{VAR_SITE}" name="Site" typeOfVariable="Text"/>'
        f'<{p}Variable guid="{VAR_GROUP}" name="Group" typeOfVariable="Text"/>'
        f'<{p}Variable guid="{VAR_WAVE}" name="Wave" typeOfVariable="Text"/></{p}Variables>'
        f'<{p}Sources><{p}TextSource guid="{SOURCE}" name="Samtale med ungdom.docx" {source_attrs}>'
        f"{source_body}{sels}{values}</{p}TextSource></{p}Sources>"
        f"</{p}Project>"
    )


def _sel_guid(k: int) -> str:
    return f"AAAAAAAA-0000-4000-8000-{k:012d}"


def _coding_guid(k: int) -> str:
    return f"BBBBBBBB-0000-4000-8000-{k:012d}"
