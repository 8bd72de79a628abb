"""Project façade methods for matrices and exports (mixed into :class:`kode.project.Project`)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from export.matrices import MatrixFilters, ThemeWaveMatrix
    from export.matrix_export import MatrixExport, MatrixOptions
    from export.report import ReportOptions, ReportSummary


def display_name(target: str) -> str:
    """The project as a reader should see it in a document: the file's stem (``demo``), or a
    server database's name; never a path or a database URL."""
    from kode.store import is_url

    if is_url(target):
        from sqlalchemy.engine import make_url

        try:
            return make_url(target).database or "kode"
        except Exception:  # an unparsable URL: show none of it
            return "kode"
    return Path(target).stem or "kode"


class ExportOps:
    """Matrices (pure data) and the files made from them; each call is one read transaction.

    The export layer is imported inside each method: every command opens a project, few export.
    """

    if TYPE_CHECKING:

        def session(self) -> AbstractContextManager[Session]: ...

        @property
        def name(self) -> str: ...

        target: str

    def theme_wave_matrix(
        self, filters: MatrixFilters | None = None, by: Sequence[str] = ("group",), threshold: float = 0.10,
        *, with_segments: bool = False,
    ) -> ThemeWaveMatrix:
        """Theme × wave. Counted in SQL unless ``with_segments``, which also fills every cell's segments."""
        from export.matrices import ChangeRule, MatrixFilters, load_dataset, theme_wave
        from export.matrices.fast import theme_wave_sql

        filters = filters if filters is not None else MatrixFilters()
        rule = ChangeRule(threshold)
        with self.session() as session:
            if with_segments:
                matrix = theme_wave(load_dataset(session, filters), by=tuple(by), rule=rule)
                for cell in matrix.cells.values():
                    cell.items  # noqa: B018 - made now, while the session is open
                return matrix
            matrix = theme_wave_sql(session, filters, by=tuple(by), rule=rule)
        # the session is gone: cells carry counts only
        matrix.cells = {key: replace(cell, source=None) for key, cell in matrix.cells.items()}
        return matrix

    def export_matrix(
        self, kind: str, fmt: str, path: Path, filters: MatrixFilters | None = None,
        options: MatrixOptions | None = None,
    ) -> MatrixExport:
        from export.files import check_suffix
        from export.matrices import MatrixFilters
        from export.matrix_export import MatrixOptions, export_matrix

        filters = filters if filters is not None else MatrixFilters()
        check_suffix(path, f".{fmt}", f"a {fmt} matrix")
        with self.session() as session:
            return export_matrix(session, kind, fmt, path, filters, options or MatrixOptions(),
                                 project_name=display_name(self.target))

    def export_report(
        self, path: Path, filters: MatrixFilters | None = None, options: ReportOptions | None = None
    ) -> ReportSummary:
        from export.files import check_suffix
        from export.matrices import MatrixFilters
        from export.report import ReportOptions, build_report

        filters = filters if filters is not None else MatrixFilters()
        check_suffix(path, ".docx", "a Word report")
        options = options or ReportOptions()
        with self.session() as session:
            if not options.agreement:
                from export.report_agreement import agreement_rows

                options = replace(options, agreement=agreement_rows(session, options.lang, filters))
            return build_report(session, path, filters, options, project_name=display_name(self.target))

    def export_codebook_docx(self, path: Path, lang: str = "nb") -> Path:
        from export.codebook_docx import write_codebook_docx
        from export.files import check_suffix

        check_suffix(path, ".docx", "a Word codebook")
        with self.session() as session:
            return write_codebook_docx(session, path, lang)
