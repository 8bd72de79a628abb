"""Where an interview's site, group, participants and wave come from: a file-name pattern, a
manifest CSV, or both (the manifest wins), checked against the project's own vocabulary."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from intervju.errors import PROJECT_ARG, InputError, NotInProject

DEFAULT_PATTERN = "{site}_{group}_{participant}_{wave}"
KNOWN_FIELDS = ("site", "group", "participant", "wave", "date", "interviewer")
MANIFEST_MAX_BYTES = 20 * 1024 * 1024
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "AE", "Ø": "O", "Å": "A"})


@dataclass
class InterviewMeta:
    site: str | None = None
    group: str | None = None
    wave: str | None = None
    participants: list[str] = field(default_factory=list)
    date: str | None = None
    interviewer: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    #: The manifest's ``speakers`` cell as written (``S1=interviewer; S2=informant:U03``).
    speakers: str | None = None


def fold(value: str) -> str:
    """A spelling-insensitive key, so that ``sjoglimt`` in a file name finds the site ``Sjøglimt``."""
    value = value.translate(_FOLD)
    value = unicodedata.normalize("NFKD", value)
    return "".join(c for c in value if not unicodedata.combining(c)).casefold().strip()


def split_participants(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,+]", value) if p.strip()]


class FilenamePattern:
    """``{site}_{group}_{participant}_{wave}`` style patterns, matched against the file's stem."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        fields = re.findall(r"\{(\w+)\}", pattern)
        if not fields:
            raise InputError(f"--pattern {pattern!r} has no {{field}} in it")
        regex = ""
        pos = 0
        for match in re.finditer(r"\{(\w+)\}", pattern):
            regex += re.escape(pattern[pos : match.start()])
            name = match.group(1)
            if name in ("_", "skip", "ignore"):
                regex += r"[^/]*?"
            else:
                regex += f"(?P<{name}>[^/]+?)"
            pos = match.end()
        regex += re.escape(pattern[pos:])
        try:
            self._regex = re.compile(f"^{regex}$")
        except re.error as exc:
            raise InputError(f"--pattern {pattern!r} is not a usable pattern: {exc}") from exc

    def match(self, path: Path) -> InterviewMeta | None:
        found = self._regex.match(path.stem)
        if found is None:
            return None
        meta = InterviewMeta()
        for key, value in found.groupdict().items():
            _assign(meta, key, value)
        return meta


def _assign(meta: InterviewMeta, key: str, value: str) -> None:
    value = value.strip()
    if not value:
        return
    key = key.strip().casefold()
    if key in ("participant", "participants", "deltaker"):
        meta.participants = split_participants(value)
    elif key in ("site", "group", "wave", "date", "interviewer"):
        setattr(meta, key, value)
    elif key in ("speakers", "speaker", "talere"):
        meta.speakers = value
    elif key != "file":
        meta.attributes[key] = value


class Manifest:
    """A CSV with a ``file`` column and metadata columns; other columns become free attributes."""

    def __init__(self, path: Path, rows: Mapping[str, InterviewMeta]) -> None:
        self.path = path
        self._rows = dict(rows)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read the manifest ({exc.strerror})") from exc
        if len(data) > MANIFEST_MAX_BYTES:
            raise InputError(f"{path}: the manifest is larger than {MANIFEST_MAX_BYTES // 2**20} MB")
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # bytes cp1252 leaves undefined (0x81, 0x8d, …): no text encoding a spreadsheet writes
            raise InputError(f"{path}: the manifest is not text (neither UTF-8 nor Windows-1252); save it as "
                             f"CSV UTF-8")
        text = unicodedata.normalize("NFC", text)
        first = text.splitlines()[0] if text.strip() else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = [h.strip().casefold() for h in (reader.fieldnames or [])]
        if "file" not in header:
            raise InputError(f"{path}: the manifest has no 'file' column (columns: {', '.join(header) or 'none'})")
        rows: dict[str, InterviewMeta] = {}
        for line_no, raw in enumerate(reader, start=2):
            row = {(k or "").strip().casefold(): (v or "").strip() for k, v in raw.items() if k is not None}
            name = row.get("file", "")
            if not name:
                raise InputError(f"{path}: line {line_no} has no file name")
            meta = InterviewMeta()
            for key, value in row.items():
                _assign(meta, key, value)
            key = cls._key(path.parent / name)
            if key in rows:
                raise InputError(f"{path}: line {line_no} lists {name} a second time")
            rows[key] = meta
        return cls(path, rows)

    @staticmethod
    def _key(path: Path) -> str:
        return str(path.resolve())

    def lookup(self, path: Path) -> InterviewMeta | None:
        found = self._rows.get(self._key(path))
        if found is not None:
            return found
        # A manifest may name files by bare name; accept that when it is unambiguous.
        by_name = [m for k, m in self._rows.items() if Path(k).name == path.name]
        return by_name[0] if len(by_name) == 1 else None


def merge(*metas: InterviewMeta | None) -> InterviewMeta:
    """Later sources win field by field (pattern first, manifest last)."""
    out = InterviewMeta()
    for meta in metas:
        if meta is None:
            continue
        for name in ("site", "group", "wave", "date", "interviewer", "speakers"):
            if getattr(meta, name):
                setattr(out, name, getattr(meta, name))
        if meta.participants:
            out.participants = list(meta.participants)
        out.attributes.update(meta.attributes)
    return out


_DIGRAPHS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA"})


def fold_digraphs(value: str) -> str:
    """A key where æ, ø, å are written ae, oe, aa, as on keyboards and in file names without them
    (``Sjoeglimt``, ``Haavard``); compared alongside :func:`fold`."""
    value = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", value).translate(_DIGRAPHS))
    return "".join(c for c in value if not unicodedata.combining(c)).casefold().strip()


def canonical_value(kind: str, value: str, valid: Sequence[str]) -> str:
    """The project's spelling of ``value``, or an error that lists what is allowed.

    Case and the spelling of æøå may differ: ``sjoglimt``, ``sjoeglimt`` and ``SJØGLIMT`` all
    find ``Sjøglimt``. A spelling that fits two of the project's values is an error, not a guess.
    """
    for candidate in valid:
        if candidate == value:
            return candidate
    for key in (str.casefold, fold, fold_digraphs):
        folded = key(value)
        matches = [candidate for candidate in valid if key(candidate) == folded]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InputError(f"{kind} {value!r} could be any of {', '.join(matches)}; write it as the project does")
    allowed = ", ".join(valid) if valid else "none defined"
    raise NotInProject(
        f"{kind} {value!r} is not one of the {kind}s", f": {allowed} (add one with `kode vocab {PROJECT_ARG} --add-{kind} NAME`)"
    )
