"""Read a ``project.qde`` from any REFI-QDA tool into plain data, tolerating what tools really write.

Namespaces are ignored (default ``urn:QDA-XML:project:1.0``, a prefix, another version or none);
GUIDs are compared lower case without braces; numbers that are not numbers, references to GUIDs
that are not GUIDs and elements kode does not hold are collected as problems by name, never
dropped in silence. Nothing here touches a project.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree.ElementTree import Element

from export.refi.common import PROJECT_NS, parse_datetime
from export.refi.guids import normalise_guid
from export.refi.qdc import CodebookTree, child, read_codes, read_sets
from export.refi.safety import attr, local, namespace, parse_xml
from intervju.errors import InputError


@dataclass
class RefiUser:
    guid: str
    name: str | None
    id: str | None


@dataclass
class RefiCoding:
    guid: str | None
    code: str | None
    user: str | None
    created: datetime | None
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    guid: str
    name: str | None
    start: int
    end: int
    user: str | None
    created: datetime | None
    codings: list[RefiCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: str | None = None  # ATLAS.ti writes a quotation's comment here


@dataclass
class RefiSource:
    guid: str
    name: str
    kind: str
    plain_path: str | None
    content: str | None
    user: str | None
    created: datetime | None
    selections: list[RefiSelection] = field(default_factory=list)
    codings: list[RefiCoding] = field(default_factory=list)  # codings of the whole source
    notes: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    other_selections: int = 0  # PDF/picture/audio/video selections kode cannot hold
    description: str | None = None


@dataclass
class RefiCase:
    guid: str
    name: str
    variables: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    selections: list[str] = field(default_factory=list)  # a focus-group member's own passages
    description: str | None = None


@dataclass
class RefiNote:
    guid: str
    name: str | None
    text: str | None
    plain_path: str | None
    description: str | None
    user: str | None
    created: datetime | None
    modified: datetime | None


@dataclass
class RefiLink:
    guid: str | None
    name: str | None
    origin: str | None
    target: str | None


@dataclass
class RefiProject:
    name: str
    origin: str | None
    namespace: str | None
    creating_user: str | None
    users: dict[str, RefiUser]
    codebook: CodebookTree
    code_notes: dict[str, list[str]]
    cases: list[RefiCase]
    sources: list[RefiSource]
    notes: list[RefiNote]
    links: list[RefiLink]
    project_notes: list[str]
    problems: list[str]
    graphs: int = 0
    variable_types: dict[str, str] = field(default_factory=dict)  # variable name -> typeOfVariable
    description: str | None = None


def _guid(element: Element, attr: str = "guid") -> str | None:
    value = element.get(attr)
    return normalise_guid(value) if value else None


def _refs(element: Element, name: str = "NoteRef") -> list[str]:
    out: list[str] = []
    for c in element:
        if local(c.tag) == name:
            target = _guid(c, "targetGUID")
            if target:
                out.append(target)
    return out


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _nfc(value: str | None) -> str | None:
    return unicodedata.normalize("NFC", value) if value is not None else None


def _text(element: Element, name: str) -> str | None:
    found = child(element, name)
    return (found.text or "") if found is not None else None


def _description(element: Element) -> str | None:
    """An element's ``Description`` as NFC text with ``\\n`` line ends; None when absent or blank."""
    text = _text(element, "Description")
    if text is None or not text.strip():
        return None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _variables(element: Element, names: dict[str, str], problems: list[str], where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in element:
        if local(value.tag) != "VariableValue":
            continue
        ref = child(value, "VariableRef")
        target = _guid(ref, "targetGUID") if ref is not None else None
        name = names.get(target or "")
        if name is None:
            problems.append(f"{where}: a variable value refers to an unknown variable; left out")
            continue
        for v in value:
            if local(v.tag).endswith("Value") and local(v.tag) != "VariableValue":
                out[name] = (v.text or "").strip()
    return out


def _coding(element: Element) -> RefiCoding:
    ref = child(element, "CodeRef")
    return RefiCoding(
        guid=_guid(element),
        code=_guid(ref, "targetGUID") if ref is not None else None,
        user=_guid(element, "creatingUser"),
        created=parse_datetime(element.get("creationDateTime")),
        notes=_refs(element),
    )


def _walk_code_notes(element: Element | None, out: dict[str, list[str]]) -> None:
    if element is None:
        return
    for c in element:
        if local(c.tag) == "Code":
            guid = _guid(c)
            notes = _refs(c)
            if guid and notes:
                out.setdefault(guid, []).extend(notes)
            _walk_code_notes(c, out)


def read_project_bytes(data: bytes, where: str) -> RefiProject:
    root = parse_xml(data, where)
    if local(root.tag) != "Project":
        raise InputError(f"{where}: not a REFI-QDA project (root element {local(root.tag)}, expected Project)")
    problems: list[str] = []
    users: dict[str, RefiUser] = {}
    users_element = child(root, "Users")
    for u in users_element if users_element is not None else []:
        if local(u.tag) == "User":
            guid = _guid(u)
            if guid is None:
                problems.append(f"user {u.get('name') or '?'}: no valid GUID; left out")
                continue
            users[guid] = RefiUser(guid, attr(u, "name") or None, attr(u, "id") or None)

    codebook_element = child(root, "CodeBook")
    codes_element = child(codebook_element, "Codes") if codebook_element is not None else None
    codes = read_codes(codes_element, problems)
    code_notes: dict[str, list[str]] = {}
    _walk_code_notes(codes_element, code_notes)

    variable_names: dict[str, str] = {}
    variable_types: dict[str, str] = {}
    variables_element = child(root, "Variables")
    for v in variables_element if variables_element is not None else []:
        guid = _guid(v)
        if local(v.tag) == "Variable" and guid and v.get("name"):
            variable_names[guid] = attr(v, "name")
            variable_types[attr(v, "name")] = attr(v, "typeOfVariable") or "Text"

    cases: list[RefiCase] = []
    cases_element = child(root, "Cases")
    for c in cases_element if cases_element is not None else []:
        if local(c.tag) != "Case":
            continue
        guid = _guid(c)
        name = attr(c, "name")
        if guid is None or not name:
            problems.append(
                f"case {name or '(no name)'}: needs a GUID and a name (the participant's pseudonym); left out"
            )
            continue
        cases.append(
            RefiCase(
                guid,
                name,
                _variables(c, variable_names, problems, f"case {name}"),
                _refs(c, "SourceRef"),
                _refs(c, "SelectionRef"),
                _description(c),
            )
        )

    sources: list[RefiSource] = []
    sources_element = child(root, "Sources")
    for s in sources_element if sources_element is not None else []:
        kind = local(s.tag)
        guid = _guid(s)
        name = attr(s, "name")
        if guid is None:
            problems.append(f"source {name or '(no name)'}: no valid GUID; left out")
            continue
        source = RefiSource(
            guid=guid,
            name=name or guid,
            kind=kind,
            plain_path=s.get("plainTextPath"),
            content=_text(s, "PlainTextContent"),
            user=_guid(s, "creatingUser"),
            created=parse_datetime(s.get("creationDateTime")),
            notes=_refs(s),
            variables=_variables(s, variable_names, problems, f"source {name}"),
            description=_description(s),
        )
        for e in s:
            tag = local(e.tag)
            if tag == "PlainTextSelection" and kind == "TextSource":
                sel_guid = _guid(e)
                start, end = _int(e.get("startPosition")), _int(e.get("endPosition"))
                if sel_guid is None or start is None or end is None:
                    problems.append(
                        f"source {source.name}: a selection without a valid GUID or integer positions "
                        f"({e.get('startPosition')!r}–{e.get('endPosition')!r}); left out"
                    )
                    continue
                selection = RefiSelection(
                    guid=sel_guid,
                    name=e.get("name"),
                    start=start,
                    end=end,
                    user=_guid(e, "creatingUser"),
                    created=parse_datetime(e.get("creationDateTime")),
                    notes=_refs(e),
                    description=_description(e),
                )
                selection.codings = [_coding(c) for c in e if local(c.tag) == "Coding"]
                source.selections.append(selection)
            elif tag == "Coding":
                source.codings.append(_coding(e))
            elif tag.endswith("Selection") or tag in ("Representation", "Transcript", "TextDescription"):
                source.other_selections += 1
        sources.append(source)

    notes: list[RefiNote] = []
    notes_element = child(root, "Notes")
    for n in notes_element if notes_element is not None else []:
        if local(n.tag) != "Note":
            continue
        guid = _guid(n)
        if guid is None:
            problems.append(f"note {n.get('name') or '(no name)'}: no valid GUID; left out")
            continue
        notes.append(
            RefiNote(
                guid=guid,
                name=attr(n, "name") or None,
                text=_nfc(_text(n, "PlainTextContent")),
                plain_path=n.get("plainTextPath"),
                description=_nfc(_text(n, "Description")),
                user=_guid(n, "creatingUser"),
                created=parse_datetime(n.get("creationDateTime")),
                modified=parse_datetime(n.get("modifiedDateTime")),
            )
        )

    links: list[RefiLink] = []
    links_element = child(root, "Links")
    for link in links_element if links_element is not None else []:
        if local(link.tag) == "Link":
            links.append(RefiLink(_guid(link), link.get("name"), _guid(link, "originGUID"), _guid(link, "targetGUID")))

    sets = read_sets(child(root, "Sets"), problems)
    graphs_element = child(root, "Graphs")
    graphs = sum(1 for g in graphs_element if local(g.tag) == "Graph") if graphs_element is not None else 0

    ns = namespace(root.tag)
    return RefiProject(
        name=root.get("name") or "",
        origin=root.get("origin"),
        namespace=ns,
        creating_user=_guid(root, "creatingUserGUID"),
        users=users,
        codebook=CodebookTree(codes, sets, root.get("origin"), []),
        code_notes=code_notes,
        cases=cases,
        sources=sources,
        notes=notes,
        links=links,
        project_notes=_refs(root),
        problems=problems,
        graphs=graphs,
        variable_types=variable_types,
        description=_description(root),
    )


def namespace_remark(project: RefiProject) -> str | None:
    if project.namespace == PROJECT_NS:
        return None
    if project.namespace is None:
        return "project.qde has no namespace; read as REFI-QDA 1.0"
    return f"project.qde uses the namespace {project.namespace}; read as REFI-QDA 1.0"
