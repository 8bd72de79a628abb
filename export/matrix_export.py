"""``kode export matrix``: compute one kind of matrix and write it as xlsx, csv or docx."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from export import tables as T
from export.labels import Labels
from export.matrices import (
    ChangeRule,
    MatrixFilters,
    cooccurrence,
    framework_by_theme,
    framework_by_wave,
    load_dataset,
    participant_trajectories,
    site_trajectories,
)
from export.matrices.fast import theme_wave_sql
from export.writers import write_csv, write_docx, write_xlsx
from intervju.errors import InputError

Kind = Literal["theme-wave", "framework", "cooccurrence", "trajectory"]
KINDS: tuple[Kind, ...] = ("theme-wave", "framework", "cooccurrence", "trajectory")


@dataclass(frozen=True)
class MatrixOptions:
    lang: str = "nb"
    # theme-wave: ("group",) (default), ("site",), ("group", "site") or (); cooccurrence: ("wave",) (default),
    # ("group",) or ()
    by: tuple[str, ...] | None = None
    threshold: float = 0.10
    unit: str = "turn"  # cooccurrence
    theme: str | None = None  # framework: one theme with the waves side by side
    per: str = "participant"  # trajectory: participant or site


@dataclass
class MatrixExport:
    path: Path
    kind: str
    format: str
    tables: list[T.Table]

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "kind": self.kind, "format": self.format,
                "tables": [{"title": t.title, "rows": len(t.rows), "columns": len(t.header)} for t in self.tables]}


def matrix_tables(
    session: Session, kind: str, filters: MatrixFilters, options: MatrixOptions
) -> tuple[list[T.Table], T.Table]:
    """The wide tables (for people) and the long table (for scripts) of one matrix kind."""
    L = Labels(options.lang)
    if kind not in KINDS:
        raise InputError(f"--kind {kind!r}: choose one of {', '.join(KINDS)}")
    if kind == "theme-wave":
        m = theme_wave_sql(session, filters, by=("group",) if options.by is None else options.by,
                           rule=ChangeRule(options.threshold))
        return T.theme_wave_tables(m, L), T.theme_wave_long(m, L)
    ds = load_dataset(session, filters)
    if kind == "framework":
        if options.theme:
            frames = [framework_by_theme(session, ds, ds.code(_theme(ds, options.theme)))]
        else:
            frames = framework_by_wave(session, ds)
        return T.framework_tables(frames, L), T.framework_long(frames, L)
    if kind == "cooccurrence":
        split = ("wave",) if options.by is None else options.by
        by = split[0] if split else None
        if options.unit not in ("turn", "overlap"):
            raise InputError(f"--unit {options.unit!r}: choose turn or overlap")
        co = cooccurrence(session, ds, options.unit, by)  # type: ignore[arg-type]
        return T.cooccurrence_tables(co, L), T.cooccurrence_long(co, L)
    if options.per not in ("participant", "site"):
        raise InputError(f"--per {options.per!r}: choose participant or site")
    trajectories = participant_trajectories(ds) if options.per == "participant" else site_trajectories(ds)
    return T.trajectory_tables(trajectories, L), T.trajectory_long(trajectories, L)


def _theme(ds: Any, ref: str) -> int:
    from export.matrices.data import resolve_code

    return resolve_code(ds.codes, ref).id


def export_matrix(
    session: Session, kind: str, fmt: str, path: Path, filters: MatrixFilters = MatrixFilters(),
    options: MatrixOptions = MatrixOptions(), *, title: str | None = None,
) -> MatrixExport:
    if fmt not in ("xlsx", "csv", "docx"):
        raise InputError(f"--format {fmt!r}: choose docx, xlsx or csv")
    from export.files import check_target

    check_target(Path(path))
    wide, long = matrix_tables(session, kind, filters, options)
    if fmt == "csv":
        write_csv(long, Path(path))
        return MatrixExport(Path(path), kind, fmt, [long])
    if fmt == "xlsx":
        write_xlsx([*wide, long], Path(path))
        return MatrixExport(Path(path), kind, fmt, [*wide, long])
    write_docx(wide, Path(path), Labels(options.lang), title or kind)
    return MatrixExport(Path(path), kind, fmt, wide)
