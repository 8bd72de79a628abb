"""REFI-QDA codebooks (``.qdc``): write kode's codebook, read another tool's, apply it.

A code's GUID is :func:`code_guid` of its ``uid`` (the uid itself when it is a GUID), so a
codebook exported twice has the same GUIDs, and a code that came from another tool goes back
with the GUID it came with. Imported GUIDs become uids.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from sqlalchemy import select
from sqlalchemy.orm import Session

from export.refi.common import (
    CODEBOOK_NS,
    ORIGIN,
    compose_description,
    parse_description,
    read_rgb,
    rgb,
    sub,
    write_private,
    xml_bytes,
)
from export.refi.guids import code_guid, normalise_guid
from export.refi.safety import attr, local, parse_xml
from intervju.errors import InputError
from intervju.setup import get_setting, set_setting
from kodebok.audit import record
from kodebok.codebook_ops import project_codebook
from kodebok.codebook_yaml import Codebook, CodeSpec
from kodebok.models import Code

SETS_SETTING = "refi_sets"
MAX_QDC_BYTES = 64 * 2**20


@dataclass
class CodeNode:
    guid: str  # normalised: lower case, no braces
    name: str
    colour: str | None = None
    description: str | None = None
    codable: bool = True
    children: list[CodeNode] = field(default_factory=list)

    def walk(self) -> Iterator[CodeNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class SetNode:
    guid: str
    name: str
    description: str | None = None
    codes: list[str] = field(default_factory=list)  # code GUIDs
    sources: list[str] = field(default_factory=list)  # source GUIDs (projects only)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "guid": self.guid, "name": self.name, "description": self.description,
            "codes": self.codes, "sources": self.sources, "notes": self.notes,
        }  # fmt: skip


@dataclass
class CodebookTree:
    codes: list[CodeNode]
    sets: list[SetNode] = field(default_factory=list)
    origin: str | None = None
    problems: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[CodeNode]:
        for code in self.codes:
            yield from code.walk()


# -- writing ------------------------------------------------------------------------------------


def walk_specs(specs: list[CodeSpec]) -> Iterator[CodeSpec]:
    for spec in specs:
        yield spec
        yield from walk_specs(spec.children)


def code_element(
    parent: ET.Element, spec: CodeSpec, ns: str, note_refs: Callable[[str], list[str]] | None = None
) -> None:
    """One code and its subcodes; ``note_refs`` gives the notes on a code by its uid (projects only)."""
    element = sub(
        parent,
        f"{{{ns}}}Code",
        {
            "guid": code_guid(spec.uid),
            "name": spec.name,
            # A retired code keeps its codings but takes no new ones: REFI's "not codable".
            "isCodable": "false" if spec.status == "retired" else "true",
            "color": rgb(spec.colour),
        },
    )
    description = compose_description(spec.definition, spec.inclusion, spec.exclusion, list(spec.examples))
    if description:
        sub(element, f"{{{ns}}}Description", text=description)
    for target in note_refs(spec.uid) if note_refs else []:
        sub(element, f"{{{ns}}}NoteRef", {"targetGUID": target})
    for child_spec in spec.children:
        code_element(element, child_spec, ns, note_refs)


def stored_sets(session: Session) -> list[SetNode]:
    """Sets imported from other tools, kept so they travel on when the project is exported."""
    raw = get_setting(session, SETS_SETTING)
    if not raw:
        return []
    return [SetNode(**item) for item in json.loads(raw)]


def store_sets(session: Session, sets: list[SetNode]) -> None:
    by_guid = {s.guid: s for s in stored_sets(session)}
    for s in sets:
        by_guid[s.guid] = s
    set_setting(session, SETS_SETTING, json.dumps([s.to_json() for s in by_guid.values()], ensure_ascii=False))


def qdc_document(book: Codebook, sets: list[SetNode] | None = None) -> bytes:
    """A ``.qdc`` for a codebook (the writer ``kode codebook export --format qdc`` uses) with the
    sets whose members are all in it."""
    if not book.codes:
        raise InputError("the project has no codes to export (load a codebook first)")
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    codes = sub(root, f"{{{CODEBOOK_NS}}}Codes")
    for spec in book.codes:
        code_element(codes, spec, CODEBOOK_NS)
    known = {code_guid(spec.uid) for spec in walk_specs(book.codes)}
    code_sets = [s for s in sets or [] if s.codes and all(g in known for g in s.codes)]
    if code_sets:
        sets_element = sub(root, f"{{{CODEBOOK_NS}}}Sets")
        for s in code_sets:
            element = sub(sets_element, f"{{{CODEBOOK_NS}}}Set", {"guid": s.guid, "name": s.name})
            if s.description:
                sub(element, f"{{{CODEBOOK_NS}}}Description", text=s.description)
            for g in s.codes:
                sub(element, f"{{{CODEBOOK_NS}}}MemberCode", {"guid": g})
    return xml_bytes(root)


def qdc_bytes(session: Session) -> bytes:
    return qdc_document(project_codebook(session), stored_sets(session))


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def write_qdc(session: Session, path: Path) -> int:
    """Write the codebook as a REFI-QDA ``.qdc`` (valid against Codebook.xsd), with the sets imported
    earlier; returns the number of codes."""
    book = project_codebook(session)
    data = qdc_document(book, stored_sets(session))
    write_private(path, lambda tmp: _write_bytes(tmp, data))
    return sum(1 for _ in walk_specs(book.codes))


# -- reading ------------------------------------------------------------------------------------


def _text_of(element: ET.Element, name: str) -> str | None:
    for child in element:
        if local(child.tag) == name:
            return unicodedata.normalize("NFC", child.text or "")
    return None


def read_code(element: ET.Element, problems: list[str], seen: set[str]) -> CodeNode | None:
    raw_guid = element.get("guid", "")
    guid = normalise_guid(raw_guid)
    name = attr(element, "name")
    if guid is None:
        problems.append(f"code {name or '(no name)'}: GUID {raw_guid!r} is not a GUID; skipped with its subcodes")
        return None
    if guid in seen:
        problems.append(f"code {name}: GUID {guid} appears twice; the second is skipped")
        return None
    seen.add(guid)
    if not name:
        problems.append(f"code {guid}: no name; named by its GUID")
        name = guid
    colour_attr = element.get("color")
    colour = read_rgb(colour_attr)
    if colour_attr and colour is None:
        problems.append(f"code {name}: colour {colour_attr!r} is not #RRGGBB; left out")
    node = CodeNode(
        guid=guid,
        name=name,
        colour=colour,
        description=_text_of(element, "Description"),
        codable=(element.get("isCodable", "true").strip().lower() not in ("false", "0")),
    )
    for child in element:
        if local(child.tag) == "Code":
            sub_node = read_code(child, problems, seen)
            if sub_node is not None:
                node.children.append(sub_node)
    return node


def read_codes(codes_parent: ET.Element | None, problems: list[str]) -> list[CodeNode]:
    out: list[CodeNode] = []
    if codes_parent is None:
        return out
    seen: set[str] = set()
    for element in codes_parent:
        if local(element.tag) == "Code":
            node = read_code(element, problems, seen)
            if node is not None:
                out.append(node)
    return out


def read_sets(sets_parent: ET.Element | None, problems: list[str]) -> list[SetNode]:
    out: list[SetNode] = []
    if sets_parent is None:
        return out
    for element in sets_parent:
        if local(element.tag) != "Set":
            continue
        guid = normalise_guid(element.get("guid", ""))
        name = attr(element, "name")
        if guid is None:
            problems.append(f"set {name}: no valid GUID; skipped")
            continue
        node = SetNode(guid=guid, name=name, description=_text_of(element, "Description"))
        for member in element:
            kind = local(member.tag)
            # QDC writes MemberCode guid=…, QDE writes MemberCode targetGUID=….
            target = normalise_guid(member.get("targetGUID") or member.get("guid") or "")
            if kind in ("MemberCode", "MemberSource", "MemberNote") and target is None:
                problems.append(f"set {name}: a {kind} without a valid GUID; left out")
                continue
            if kind == "MemberCode" and target:
                node.codes.append(target)
            elif kind == "MemberSource" and target:
                node.sources.append(target)
            elif kind == "MemberNote" and target:
                node.notes.append(target)
        out.append(node)
    return out


def child(element: ET.Element, name: str) -> ET.Element | None:
    for c in element:
        if local(c.tag) == name:
            return c
    return None


def read_qdc_bytes(data: bytes, where: str) -> CodebookTree:
    root = parse_xml(data, where)
    if local(root.tag) != "CodeBook":
        raise InputError(f"{where}: not a REFI-QDA codebook (root element {local(root.tag)}, expected CodeBook)")
    problems: list[str] = []
    codes = read_codes(child(root, "Codes"), problems)
    sets = read_sets(child(root, "Sets"), problems)
    return CodebookTree(codes, sets, root.get("origin"), problems)


def read_qdc(path: Path) -> CodebookTree:
    """Read a ``.qdc`` from any tool: namespace default, prefixed or absent; GUIDs in any case."""
    try:
        size = path.stat().st_size
        if size > MAX_QDC_BYTES:
            raise InputError(f"{path}: larger than {MAX_QDC_BYTES // 2**20} MB; not a codebook")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror})") from exc
    return read_qdc_bytes(data, str(path))


# -- applying -----------------------------------------------------------------------------------


@dataclass
class CodebookApplied:
    added: list[str] = field(default_factory=list)  # names of codes added
    present: list[str] = field(default_factory=list)  # matched by GUID, left as they are
    sets: int = 0
    problems: list[str] = field(default_factory=list)
    by_guid: dict[str, Code] = field(default_factory=dict)  # every GUID of the tree -> its code

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "present": self.present, "sets": self.sets, "problems": self.problems}


def codes_by_guid(session: Session) -> dict[str, Code]:
    return {code_guid(c.uid): c for c in session.scalars(select(Code))}


def apply_codebook(
    session: Session, tree: CodebookTree, *, actor: str | None = None, via: str = "qdc"
) -> CodebookApplied:
    """Add the tree's codes that the project lacks (matched by GUID ↔ uid); codes present are
    left as they are (the project's own codebook wins; a rename there is not undone)."""
    result = CodebookApplied(problems=list(tree.problems))
    existing = codes_by_guid(session)
    siblings: dict[int | None, int] = {}
    names: dict[int | None, set[str]] = {}
    for code in existing.values():
        siblings[code.parent_id] = max(siblings.get(code.parent_id, -1), code.position)
        if code.status == "active":
            names.setdefault(code.parent_id, set()).add(code.name.casefold())

    def kode_name(raw: str, parent_id: int | None, active: bool) -> str:
        """The name by kode's rules: no '/' (it separates path levels), at most 200 characters,
        unique among active siblings; every change is reported."""
        name = " ".join(unicodedata.normalize("NFC", raw).split()) or "kode"
        if "/" in name:
            name = name.replace("/", "-")
            result.problems.append(f"code {raw!r}: '/' separates levels of a code path in kode; named {name!r}")
        if len(name) > 200:
            name = name[:200]
            result.problems.append(f"code {raw[:40]!r}…: name cut to 200 characters")
        taken = names.setdefault(parent_id, set())
        if active and name.casefold() in taken:
            n = 2
            while f"{name} ({n})".casefold() in taken:
                n += 1
            result.problems.append(f"code {name!r}: a sibling has that name; named {name} ({n})")
            name = f"{name} ({n})"
        if active:
            taken.add(name.casefold())
        return name

    def add(node: CodeNode, parent: Code | None) -> None:
        code = existing.get(node.guid)
        if code is None:
            parts = parse_description(node.description)
            parent_id = parent.id if parent else None
            position = siblings.get(parent_id, -1) + 1
            siblings[parent_id] = position
            # A leaf nobody may code is what kode calls retired; a folder of codes stays active.
            status = "retired" if (not node.children and not node.codable) else "active"
            name = kode_name(node.name, parent_id, status == "active")
            code = Code(
                uid=node.guid,
                parent_id=parent_id,
                name=name,
                definition=parts["definition"],
                inclusion=parts["inclusion"],
                exclusion=parts["exclusion"],
                examples=list(parts["examples"]) if isinstance(parts["examples"], list) else [],
                colour=node.colour,
                search_terms=[],
                status=status,
                position=position,
            )
            session.add(code)
            session.flush()
            existing[node.guid] = code
            record(session, actor, "code.add", "code", code.uid, name=name, via=via)
            result.added.append(name)
        else:
            result.present.append(node.name)
        result.by_guid[node.guid] = code
        for sub_node in node.children:
            add(sub_node, code)

    for node in tree.codes:
        add(node, None)
    code_sets = [s for s in tree.sets if s.codes or not s.sources]
    if code_sets:
        store_sets(session, code_sets)
        result.sets = len(code_sets)
    return result
