"""Project façade methods for matrices and exports (mixed into :class:`kode.project.Project`)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from export.matrices import ChangeRule, MatrixFilters, ThemeWaveMatrix, load_dataset, theme_wave

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from export.matrix_export import MatrixExport, MatrixOptions
    from export.report import ReportOptions, ReportSummary


class ExportOps:
    """Matrices (pure data) and the files made from them; each call is one read transaction."""

    if TYPE_CHECKING:

        def session(self) -> AbstractContextManager[Session]: ...

        @property
        def name(self) -> str: ...

    def theme_wave_matrix(
        self, filters: MatrixFilters = MatrixFilters(), by: Sequence[str] = ("group",), threshold: float = 0.10
    ) -> ThemeWaveMatrix:
        with self.session() as session:
            return theme_wave(load_dataset(session, filters), by=tuple(by), rule=ChangeRule(threshold))

    def export_matrix(
        self, kind: str, fmt: str, path: Path, filters: MatrixFilters = MatrixFilters(),
        options: MatrixOptions | None = None,
    ) -> MatrixExport:
        from export.matrix_export import MatrixOptions, export_matrix

        with self.session() as session:
            return export_matrix(session, kind, fmt, path, filters, options or MatrixOptions(),
                                 title=f"{self.name}: {kind}")

    def export_report(
        self, path: Path, filters: MatrixFilters = MatrixFilters(), options: ReportOptions | None = None
    ) -> ReportSummary:
        from export.report import ReportOptions, build_report

        with self.session() as session:
            return build_report(session, path, filters, options or ReportOptions(), project_name=Path(self.name).name)

    def export_codebook_docx(self, path: Path, lang: str = "nb") -> Path:
        from export.codebook_docx import write_codebook_docx

        with self.session() as session:
            return write_codebook_docx(session, path, lang)
