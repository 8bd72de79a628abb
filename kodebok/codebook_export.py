"""Codebook writers by format name. YAML lives here; other packages (Word, REFI-QDA QDC) add theirs
with :func:`register_writer`, so ``kode codebook export --format NAME`` grows without changes here.

A writer turns a :class:`Codebook` into the file's bytes; the caller writes them atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from intervju.errors import InputError

if TYPE_CHECKING:
    from kodebok.codebook_yaml import Codebook


@dataclass(frozen=True)
class CodebookWriter:
    name: str
    suffix: str
    write: Callable[[Codebook], bytes]
    binary: bool = False  # True: never to a terminal, needs --output


WRITERS: dict[str, CodebookWriter] = {}


def register_writer(writer: CodebookWriter) -> None:
    WRITERS[writer.name] = writer


def get_writer(name: str) -> CodebookWriter:
    writer = WRITERS.get(name.casefold())
    if writer is None:
        raise InputError(f"--format {name!r}: unknown codebook format (known: {', '.join(sorted(WRITERS))})")
    return writer


def _yaml(book: Codebook) -> bytes:
    # PyYAML is imported on use: this module is loaded with every project (writers register here).
    from kodebok.codebook_yaml import dump_codebook

    return dump_codebook(book).encode("utf-8")


register_writer(CodebookWriter("yaml", ".yml", _yaml))
