"""The YAML codebook a team keeps in version control: read, check and write it.

A file holds ``codes:``, a tree of codes. Each code has a stable ``id`` (kept when the code is
renamed or moved, so a rename is not a delete plus an add), a ``name``, and optionally ``label``,
``definition``, ``inclusion``, ``exclusion``, ``examples``, ``colour`` (``#rrggbb``), ``key`` (for
the TUI), ``search`` (search queries for suggestions), ``status`` (``active``/``retired``) and
``children``. Every problem is reported as one line naming the file and the code's path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from intervju.errors import InputError

MAX_BYTES = 2_000_000
MAX_DEPTH = 8
UID_RE = re.compile(r"^\w[\w.-]{0,99}$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
#: What a code's key may be, said where a key is refused.
KEY_RULE = ("a key is one letter or digit (æ, ø, å and capitals too): the workbench applies the code when "
            "that key is pressed, and every other key is the workbench's own")


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be a code's key in the coding workbench, or None when it can.

    The workbench applies a code when its key's character is typed, and gives letters and digits
    to the codes (``tui/screens/coding.py``); any other key (``/``, ``ctrl+m``, ``ab``) is one of
    its own actions or never arrives as one character, so such a key was stored and silently did
    nothing. Keys already stored in a project are left as they are (the project opens and shows
    them); only new ones are checked.
    """
    text = unicodedata.normalize("NFC", key)
    if len(text) != 1 or not text.isalnum():
        return KEY_RULE
    return None
TEXT_FIELDS = ("label", "definition", "inclusion", "exclusion")
CODE_KEYS = {"id", "name", "status", "colour", "key", "examples", "search", "children", *TEXT_FIELDS}
TOP_KEYS = {"name", "description", "language", "codes"}
STATUSES = ("active", "retired")


@dataclass
class CodeSpec:
    """One code as written in a codebook file (or as the project holds it, for export)."""

    uid: str
    name: str
    label: str | None = None
    definition: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    examples: list[str] = field(default_factory=list)
    colour: str | None = None
    key: str | None = None
    search: list[str] = field(default_factory=list)
    status: str = "active"
    children: list[CodeSpec] = field(default_factory=list)


Walk = Iterator[tuple[CodeSpec, CodeSpec | None, str, int]]


@dataclass
class Codebook:
    codes: list[CodeSpec]
    name: str | None = None
    description: str | None = None
    language: str | None = None

    def walk(self) -> Walk:
        """Every code depth first as (code, parent, path, position among its siblings)."""
        yield from _walk(self.codes, None, "")


def _walk(codes: list[CodeSpec], parent: CodeSpec | None, prefix: str) -> Walk:
    for position, code in enumerate(codes):
        path = f"{prefix}{code.name}"
        yield code, parent, path, position
        yield from _walk(code.children, code, path + "/")


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(f"{self.source}: {where}: {problem}" if where else f"{self.source}: {problem}")

    def codebook(self, data: Any) -> Codebook:
        if not isinstance(data, dict):
            raise self.fail("", "the top level must be a mapping with a 'codes:' list")
        unknown = sorted(set(map(str, data)) - TOP_KEYS)
        if unknown:
            raise self.fail("", f"unknown top-level key {unknown[0]!r} (known: {', '.join(sorted(TOP_KEYS))})")
        codes = data.get("codes")
        if not isinstance(codes, list) or not codes:
            raise self.fail("", "'codes:' must be a non-empty list of codes")
        book = Codebook(
            codes=self.codes(codes, "", 1),
            name=self.text(data, "name", "top level"),
            description=self.text(data, "description", "top level"),
            language=self.text(data, "language", "top level"),
        )
        check_codebook(book, self.source)
        return book

    def codes(self, items: list[Any], prefix: str, depth: int) -> list[CodeSpec]:
        if depth > MAX_DEPTH:
            raise self.fail(f"code {prefix.rstrip('/')!r}", f"the tree is deeper than {MAX_DEPTH} levels")
        return [self.code(item, prefix, i, depth) for i, item in enumerate(items, 1)]

    def code(self, item: Any, prefix: str, index: int, depth: int) -> CodeSpec:
        if not isinstance(item, dict):
            where = f"code {prefix.rstrip('/')!r}, child {index}" if prefix else f"code number {index}"
            raise self.fail(where, "a code must be a mapping with at least 'id' and 'name'")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            where = f"code {prefix.rstrip('/')!r}, child {index}" if prefix else f"code number {index}"
            raise self.fail(where, "'name' is missing or empty")
        name = " ".join(name.split())
        where = f"code {prefix + name!r}"
        if "/" in name:
            raise self.fail(where, "a name may not contain '/' (it separates the levels of a path)")
        if len(name) > 200:
            raise self.fail(where, "the name is longer than 200 characters")
        unknown = sorted(set(map(str, item)) - CODE_KEYS)
        if unknown:
            raise self.fail(where, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(CODE_KEYS))})")
        children = item.get("children") or []
        if not isinstance(children, list):
            raise self.fail(where, "'children' must be a list of codes")
        return CodeSpec(
            uid=self.uid(item.get("id"), where),
            name=name,
            label=self.text(item, "label", where),
            definition=self.text(item, "definition", where),
            inclusion=self.text(item, "inclusion", where),
            exclusion=self.text(item, "exclusion", where),
            examples=self.strings(item, "examples", where),
            colour=self.colour(item.get("colour"), where),
            key=self.key(item.get("key"), where),
            search=self.queries(item, where),
            status=self.status(item.get("status"), where),
            children=self.codes(children, prefix + name + "/", depth + 1),
        )

    def uid(self, value: Any, where: str) -> str:
        if value is None:
            raise self.fail(where, "'id' is missing (every code needs a stable id, e.g. id: dbt)")
        text = str(value).strip()
        if not UID_RE.match(text):
            raise self.fail(where, f"id {text!r} must be letters, digits, '_', '-' or '.' (at most 100)")
        return text

    def text(self, data: dict[str, Any], key: str, where: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.fail(where, f"'{key}' must be text")
        text = str(value).strip()
        if key == "label" and len(text) > 100:
            raise self.fail(where, "the label is longer than 100 characters")
        return text or None

    def strings(self, data: dict[str, Any], key: str, where: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(where, f"'{key}' must be a list of non-empty texts")
        return [v.strip() for v in value]

    def colour(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not COLOUR_RE.match(value.strip()):
            raise self.fail(where, f"colour {str(value)!r} is not #rrggbb")
        return value.strip().lower()

    def key(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        text = unicodedata.normalize("NFC", str(value))
        problem = key_problem(text)
        if problem:
            raise self.fail(where, f"key {text!r}: {problem}")
        return text

    def status(self, value: Any, where: str) -> str:
        if value is None:
            return "active"
        if value not in STATUSES:
            raise self.fail(where, f"status {value!r} must be active or retired")
        return str(value)

    def queries(self, data: dict[str, Any], where: str) -> list[str]:
        queries = self.strings(data, "search", where)
        for query in queries:
            problem = query_problem(query)
            if problem:
                raise self.fail(where, f"search {query!r}: {problem}")
        return queries


def query_problem(query: str) -> str | None:
    """A light syntax check of a search query: quotes and parentheses must pair up."""
    if query.count('"') % 2:
        return "a quotation mark is not closed"
    depth = 0
    for ch in query:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return "a ')' has no '('"
    return "a '(' is not closed" if depth else None


def check_codebook(book: Codebook, source: str) -> None:
    """Ids unique in the file, sibling names unique, keys unique among active codes."""
    uids: dict[str, str] = {}
    keys: dict[str, str] = {}
    siblings: dict[int, set[str]] = {}
    for code, parent, path, _pos in book.walk():
        if code.uid in uids:
            raise InputError(f"{source}: code {path!r}: id {code.uid!r} is used by {uids[code.uid]!r} too")
        uids[code.uid] = path
        names = siblings.setdefault(id(parent), set())
        if code.name.casefold() in names:
            raise InputError(f"{source}: code {path!r}: two codes with this name under the same parent")
        names.add(code.name.casefold())
        if code.key and code.status == "active":
            if code.key in keys:
                raise InputError(f"{source}: code {path!r}: key {code.key!r} is used by {keys[code.key]!r} too")
            keys[code.key] = path


def parse_codebook(text: str, source: str) -> Codebook:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        raise InputError(f"{source}: {line}not valid YAML ({problem})") from None
    return _Reader(source).codebook(data)


def load_codebook(path: Path) -> Codebook:
    """Read and check a codebook file; any problem is an :class:`InputError` naming the file."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{name}: the file is {size:,} bytes; a codebook may be at most {MAX_BYTES:,}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a codebook file") from None
    except PermissionError:
        raise InputError(f"{path}: not readable (permission denied)") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text; save the codebook as UTF-8") from None
    return parse_codebook(text, name)


def _code_data(code: CodeSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"id": code.uid, "name": code.name}
    for key in TEXT_FIELDS:
        value = getattr(code, key)
        if value:
            data[key] = value
    if code.examples:
        data["examples"] = list(code.examples)
    if code.colour:
        data["colour"] = code.colour
    if code.key:
        data["key"] = code.key
    if code.search:
        data["search"] = list(code.search)
    if code.status != "active":
        data["status"] = code.status
    if code.children:
        data["children"] = [_code_data(c) for c in code.children]
    return data


def dump_codebook(book: Codebook) -> str:
    """The codebook as YAML that :func:`parse_codebook` reads back to the same tree."""
    data: dict[str, Any] = {}
    for key in ("name", "description", "language"):
        value = getattr(book, key)
        if value:
            data[key] = value
    data["codes"] = [_code_data(c) for c in book.codes]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
