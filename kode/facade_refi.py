"""REFI-QDA exchange on an open project: the methods :class:`kode.project.Project` takes from
this mixin. Each is one unit of work in one transaction (see :mod:`export.refi`)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from kodebok.codebook_export import CodebookWriter, register_writer

if TYPE_CHECKING:
    from export.refi import CodebookApplied, QdpxExport, QdpxImportReport, QdpxOptions
    from intervju.corpus import Filters
    from kodebok.codebook_yaml import Codebook


class RefiOps:
    """Needs ``session()`` (one transaction), ``name``, ``indexer()`` and ``speaker_table()`` from the host."""

    if TYPE_CHECKING:

        def session(self) -> AbstractContextManager[Session]: ...

        @property
        def name(self) -> str: ...

        def indexer(self) -> Any: ...

        def speaker_table(self) -> Any: ...

    def export_qdc(self, path: Path) -> int:
        """Write the codebook as a REFI-QDA ``.qdc``; returns the number of codes written."""
        from export.files import check_suffix
        from export.refi import write_qdc

        check_suffix(path, ".qdc", "a REFI-QDA codebook")
        with self.session() as session:
            return write_qdc(session, path)

    def import_qdc(self, path: Path, *, actor: str | None = None) -> CodebookApplied:
        """Add the codes of a ``.qdc`` that the project lacks (matched by GUID ↔ uid)."""
        from export.refi import apply_codebook, read_qdc

        tree = read_qdc(path)
        with self.session() as session:
            return apply_codebook(session, tree, actor=actor)

    def export_qdpx(self, path: Path, filters: Filters | None = None, positions: str = "auto") -> QdpxExport:
        """Write the project (or the interviews ``filters`` select) as a REFI-QDA ``.qdpx``;
        ``positions`` is ``chars``, ``utf16`` or ``auto`` (UTF-16 for a project from NVivo)."""
        from export.refi import export_qdpx

        with self.session() as session:
            return export_qdpx(
                session,
                path,
                project_name=Path(self.name).stem or self.name,
                filters=filters,
                positions=positions,  # type: ignore[arg-type]
            )

    def import_qdpx(self, path: Path, options: QdpxOptions | None = None) -> QdpxImportReport:
        """Import a ``.qdpx`` in one transaction: all of it, or (on an error) nothing."""
        from export.refi import import_qdpx

        indexer = self.indexer()
        speakers = self.speaker_table()
        with self.session() as session:
            return import_qdpx(session, path, options, indexer=indexer, speakers=speakers)


def _qdc(book: Codebook) -> bytes:
    from export.refi.qdc import qdc_document

    return qdc_document(book)


# `kode codebook export --format qdc`: the codebook alone (the sets imported from other tools go
# out with `kode codebook export-qdc`, which reads them from the project).
register_writer(CodebookWriter("qdc", ".qdc", _qdc))
