"""The key file: the project's own name lists and the link between tags and real text.

It lives apart from the project (a YAML file the team keeps on the secure server, mode 0600) and is
the only place where ``[NAVN-3]`` can be turned back into a name. Its shape::

    # kode de-identification key: keep apart from the project, never share
    names: [Kari Nordmann, Bjørn]        # people: participants' real first names, staff, family
    places: [Fjellvik]                   # places the municipality list does not know
    institutions: [Fjellheim skole]
    tags:
      NAVN-1: [kari nordmann]            # every form that was replaced by this tag
      STED-1: [fjellvik]

Reading never executes anything (``yaml.safe_load``); writing goes through a temporary file in the
same folder and ``os.replace``, created with mode 0600, so a crash leaves the old key intact.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from intervju.deid.detect import KINDS
from intervju.errors import InputError

_TAG = re.compile(r"^([A-ZÆØÅ]+)-(\d+)$")
_LIST_KINDS = {"names": "person", "places": "place", "institutions": "institution"}
HEADER = "# kode de-identification key: keep apart from the project (mode 0600), never share or export\n"


@dataclass
class Key:
    names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)
    #: tag → the forms (casefolded texts) it replaced.
    tags: dict[str, list[str]] = field(default_factory=dict)

    def phrases(self) -> dict[str, str]:
        """The project's own lists as phrase → kind, for the scan."""
        out: dict[str, str] = {}
        for attr, kind in _LIST_KINDS.items():
            for item in getattr(self, attr):
                out[item] = kind
        return out

    def tag_for(self, kind: str, form: str) -> str:
        """The tag of ``form``: the one it already has, else the next free number for its kind."""
        prefix = KINDS[kind]
        for tag, forms in self.tags.items():
            if form in forms and tag.startswith(prefix + "-"):
                return tag
        numbers = [int(m.group(2)) for t in self.tags if (m := _TAG.match(t)) and m.group(1) == prefix]
        tag = f"{prefix}-{max(numbers, default=0) + 1}"
        self.tags[tag] = [form]
        return tag

    def register_lists(self) -> None:
        """Give the team's own names, places and institutions a tag each (the ones they lack): they
        are identifiers by the team's word, so apply replaces them wherever they stand (a header
        line, a memo, a codebook example) and verify looks for them, found by the scan or not."""
        for attr, kind in _LIST_KINDS.items():
            for item in getattr(self, attr):
                form = " ".join(item.casefold().split())
                if form and not any(form in forms for forms in self.tags.values()):
                    self.tag_for(kind, form)

    def to_yaml(self) -> str:
        body = {
            "names": self.names,
            "places": self.places,
            "institutions": self.institutions,
            "tags": {t: self.tags[t] for t in sorted(self.tags, key=_tag_order)},
        }
        return HEADER + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120)


def _tag_order(tag: str) -> tuple[str, int]:
    m = _TAG.match(tag)
    return (m.group(1), int(m.group(2))) if m else (tag, 0)


def read_key(path: Path) -> Key:
    """The key at ``path``, or an empty one when the file does not exist yet."""
    if not path.exists():
        return Key()
    if path.is_dir():
        raise InputError(f"{path}: the key must be a file, not a folder")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the key file ({exc})") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: the key file is not valid YAML ({str(exc).splitlines()[0]})") from exc
    if data is None:
        return Key()
    if not isinstance(data, dict):
        raise InputError(f"{path}: the key file must be a mapping with names, places, institutions, tags")
    unknown = set(data) - {*_LIST_KINDS, "tags"}
    if unknown:
        raise InputError(f"{path}: unknown entry {sorted(unknown)[0]!r} in the key file")
    key = Key()
    for attr in _LIST_KINDS:
        items = data.get(attr) or []
        if not isinstance(items, list) or not all(isinstance(i, str | int) for i in items):
            raise InputError(f"{path}: {attr} must be a list of texts")
        setattr(key, attr, [str(i).strip() for i in items if str(i).strip()])
    tags = data.get("tags") or {}
    if not isinstance(tags, dict):
        raise InputError(f"{path}: tags must map a tag such as NAVN-1 to a list of texts")
    for tag, forms in tags.items():
        m = _TAG.match(str(tag))
        if m is None or m.group(1) not in KINDS.values():
            raise InputError(f"{path}: {tag!r} is not a tag kode writes (NAVN-1, STED-2, …)")
        if isinstance(forms, str):
            forms = [forms]
        if not isinstance(forms, list):
            raise InputError(f"{path}: tag {tag} must list the texts it replaced")
        key.tags[str(tag)] = [" ".join(str(f).casefold().split()) for f in forms]
    return key


def check_key_path(key_path: Path, project_target: str) -> None:
    """Refuse a key that would land in the project itself (its file or SQLite side files), or
    that is a database URL given by mistake (kode would write a file named after it)."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:/", str(key_path)) or str(key_path) == project_target:
        raise InputError(f"{key_path}: the key must be a separate file, not the project")
    try:
        resolved = key_path.resolve()
    except OSError as exc:
        raise InputError(f"{key_path}: cannot resolve the key path ({exc})") from exc
    if resolved.suffix == ".kode":
        raise InputError(f"{key_path}: a key file must not be named like a project (.kode)")
    if "://" in project_target:
        return
    project = Path(project_target).resolve()
    if resolved in {project, Path(str(project) + "-wal"), Path(str(project) + "-shm"), Path(str(project) + "-journal")}:
        raise InputError(f"{key_path}: the key must be a separate file, not the project")


def write_key(path: Path, key: Key) -> None:
    """Write the key atomically with mode 0600 (a temp file in the same folder, then ``os.replace``)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".kode-key-", dir=folder)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key.to_yaml())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        os.chmod(path, 0o600)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
