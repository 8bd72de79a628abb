"""Reading untrusted REFI-QDA files: zip archives and XML from other tools or other people.

A ``.qdpx`` is a zip from outside. Nothing in it is extracted to disk: members are read into
memory through :class:`SafeZip`, which refuses entries whose names would leave a target folder
(zip slip), archives with too many entries, members larger than a limit, and members whose
compression ratio is that of a zip bomb. Sizes are checked while reading, not taken from the
headers, which an attacker writes. XML is parsed by :func:`parse_xml` without DTD entities and
without network access (defusedxml), so an XXE file is refused, not followed.
"""

from __future__ import annotations

import posixpath
import unicodedata
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml import ElementTree as SafeET

from intervju.errors import InputError

MAX_ENTRIES = 10_000
MAX_MEMBER_BYTES = 256 * 2**20
MAX_TOTAL_BYTES = 1024 * 2**20
MAX_RATIO = 200  # uncompressed / compressed; text compresses ~3–10×, bombs 1000×
RATIO_FLOOR = 2**20  # small members may compress well without being bombs
_CHUNK = 2**16


class UnsafeArchive(InputError):
    """The archive is refused as a whole: it could harm the machine or the project."""


def _unsafe_name(name: str) -> bool:
    if "\x00" in name:
        return True
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        return True
    parts = [p for p in unified.split("/") if p not in ("", ".")]
    return ".." in parts


def safe_member_path(name: str) -> str | None:
    """``name`` as a clean relative POSIX path, or None when it would leave the archive's root."""
    if _unsafe_name(name):
        return None
    return posixpath.normpath(name.replace("\\", "/")).lstrip("/")


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def _declared_problem(info: zipfile.ZipInfo) -> str | None:
    """What the headers already show of a bomb, before anything is read."""
    if info.file_size > MAX_MEMBER_BYTES:
        return f"is {_mb(info.file_size)} (limit {_mb(MAX_MEMBER_BYTES)})"
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        return f"expands {ratio}× (limit {MAX_RATIO}×; a zip bomb?)"
    return None


class SafeZip:
    """A zip archive opened for careful reading; see the module text for what it refuses."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise InputError(f"{path}: not a zip archive (a .qdpx is a zip file): {exc}") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read the file ({exc.strerror})") from exc
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            self.close()
            raise UnsafeArchive(f"{path}: refused, the archive has {len(infos)} entries (limit {MAX_ENTRIES})")
        self._by_key: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for info in infos:
            clean = safe_member_path(info.filename)
            if clean is None:
                self.close()
                raise UnsafeArchive(f"{path}: refused, entry {info.filename!r} points outside the archive (zip slip)")
            declared += info.file_size
            problem = _declared_problem(info)
            if problem:
                self.close()
                raise UnsafeArchive(f"{path}: refused, entry {info.filename!r} {problem}")
            if info.is_dir():
                continue
            self._by_key.setdefault(clean.casefold(), info)
        if declared > MAX_TOTAL_BYTES:
            self.close()
            raise UnsafeArchive(
                f"{path}: refused, the archive would unpack to {declared // 2**20} MB "
                f"(limit {MAX_TOTAL_BYTES // 2**20} MB)"
            )
        self._read_total = 0

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def names(self) -> list[str]:
        return [info.filename for info in self._by_key.values()]

    def find(self, name: str) -> str | None:
        """The member called ``name``, matched without regard to case (``Sources/`` or ``sources/``,
        GUIDs in upper or lower case); None when absent or when ``name`` would leave the archive."""
        clean = safe_member_path(name)
        if clean is None:
            return None
        info = self._by_key.get(clean.casefold())
        return info.filename if info else None

    def read(self, name: str) -> bytes:
        info = self._by_key.get((safe_member_path(name) or "").casefold())
        if info is None:
            raise InputError(f"{self.path}: no entry {name!r} in the archive")
        limit = min(MAX_MEMBER_BYTES, info.file_size)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        what = "is larger than its header says" if size > info.file_size else "is too large"
                        raise UnsafeArchive(
                            f"{self.path}: refused, entry {info.filename!r} {what} "
                            f"(limit {MAX_MEMBER_BYTES // 2**20} MB)"
                        )
                    if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                        raise UnsafeArchive(
                            f"{self.path}: refused, entry {info.filename!r} expands more than {MAX_RATIO}× "
                            "(a zip bomb?)"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise InputError(f"{self.path}: entry {info.filename!r} cannot be read: {exc}") from exc
        self._read_total += size
        if self._read_total > MAX_TOTAL_BYTES:
            raise UnsafeArchive(f"{self.path}: refused, the archive unpacks to more than {MAX_TOTAL_BYTES // 2**20} MB")
        return b"".join(chunks)


def parse_xml(data: bytes, where: str) -> Element:
    """Parse untrusted XML: no entity declarations, no external references, no network.

    A document type that names an external DTD (``<!DOCTYPE Project SYSTEM "…">`` or
    ``PUBLIC``) is refused too, although the parser would not fetch it: kode promises to refuse
    external references, and a REFI-QDA file needs no DTD at all. An internal ``<!DOCTYPE Project>``
    without entities is harmless and accepted.
    """
    try:
        try:
            return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DTDForbidden as exc:
            if exc.sysid or exc.pubid:
                raise UnsafeArchive(
                    f"{where}: refused, the XML names an external document type "
                    f"({(exc.sysid or exc.pubid)!r}); REFI-QDA files need none"
                ) from exc
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeArchive(
            f"{where}: refused, the XML declares entities or external references ({exc.__class__.__name__}); "
            "REFI-QDA files need none"
        ) from exc
    except SafeET.ParseError as exc:
        raise InputError(f"{where}: not well-formed XML ({exc})") from exc


def attr(element: Element, key: str) -> str:
    """An attribute as kode keeps names: NFC (tools on macOS write decomposed letters), stripped."""
    return unicodedata.normalize("NFC", element.get(key) or "").strip()


def local(tag: str) -> str:
    """An element's name without its namespace: REFI files come with the default namespace,
    a prefix, another version's namespace or none, and kode reads them all alike."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: str) -> str | None:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else None
