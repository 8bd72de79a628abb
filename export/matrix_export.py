"""``kode export matrix``: compute one kind of matrix and write it as xlsx, csv or docx."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from export import tables as T
from export.labels import CHANGE_MARKS, Labels
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
from export.matrices.theme_wave import CHANGE_CATEGORIES
from export.writers import DIALECTS, write_csv, write_docx, write_xlsx
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
    author: str | None = None  # docx: the author property (default: the project's name)
    template: Path | None = None  # docx: an institution's template
    dialect: str = "excel"  # csv: "excel" (comma, decimal point) or "excel-nb" (semicolon, decimal comma)


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
    session: Session, kind: str, filters: MatrixFilters, options: MatrixOptions, *, for_docx: bool = False,
) -> tuple[list[T.Table], T.Table]:
    """The wide tables (for people) and the long table (for scripts) of one matrix kind.

    ``for_docx``: the layout for print: framework matrices one theme per table (participants ×
    waves, short cells), co-occurrence as a compact shaded matrix of the chosen codes (the
    top-level themes unless ``--codes`` names others)."""
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
        elif for_docx:
            frames = [framework_by_theme(session, ds, theme) for theme in ds.themes]
        else:
            frames = framework_by_wave(session, ds)
        return T.framework_tables(frames, L, short=for_docx), T.framework_long(frames, L)
    if kind == "cooccurrence":
        split = ("wave",) if options.by is None else options.by
        by = split[0] if split else None
        if options.unit not in ("turn", "overlap"):
            raise InputError(f"--unit {options.unit!r}: choose turn or overlap")
        co = cooccurrence(session, ds, options.unit, by)  # type: ignore[arg-type]
        wide = T.cooccurrence_compact(co, ds.themes, L) if for_docx else T.cooccurrence_tables(co, L)
        return wide, T.cooccurrence_long(co, L)
    if options.per not in ("participant", "site"):
        raise InputError(f"--per {options.per!r}: choose participant or site")
    trajectories = participant_trajectories(ds) if options.per == "participant" else site_trajectories(ds)
    return T.trajectory_tables(trajectories, L), T.trajectory_long(trajectories, L)


def legend(kind: str, options: MatrixOptions, L: Labels, *, all_codes: bool) -> list[str]:
    """What a reader needs to read the matrix: the cells, n/N, the arrows and the change words."""
    lines = [L("legend_segment")]
    if kind == "theme-wave":
        lines.append(L("legend_theme_wave"))
        marks = "; ".join(f"{CHANGE_MARKS[c]} {L.category(c)}" for c in CHANGE_CATEGORIES)
        lines.append(L("legend_change", marks=marks, threshold=L.number(options.threshold)))
    elif kind == "framework":
        lines.append(L("legend_framework"))
    elif kind == "cooccurrence":
        lines.append(L("cooccurrence_unit_turn") if options.unit == "turn" else L("cooccurrence_unit_overlap"))
        lines.append(L("legend_cooccurrence"))
        if all_codes:
            lines.append(L("legend_cooccurrence_codes"))
    else:
        lines.append(L("legend_trajectory"))
    return lines


def _theme(ds: Any, ref: str) -> int:
    from export.matrices.data import resolve_code

    return resolve_code(ds.codes, ref).id


def export_matrix(
    session: Session, kind: str, fmt: str, path: Path, filters: MatrixFilters = MatrixFilters(),
    options: MatrixOptions = MatrixOptions(), *, project_name: str = "kode",
) -> MatrixExport:
    if fmt not in ("xlsx", "csv", "docx"):
        raise InputError(f"--format {fmt!r}: choose docx, xlsx or csv")
    if options.dialect not in DIALECTS:
        raise InputError(f"--dialect {options.dialect!r}: choose {' or '.join(DIALECTS)}")
    from export.files import check_target

    check_target(Path(path))
    wide, long = matrix_tables(session, kind, filters, options, for_docx=fmt == "docx")
    if fmt == "csv":
        write_csv(long, Path(path), dialect=options.dialect)
        return MatrixExport(Path(path), kind, fmt, [long])
    if fmt == "xlsx":
        write_xlsx([*wide, long], Path(path), lang=options.lang)
        return MatrixExport(Path(path), kind, fmt, [*wide, long])
    L = Labels(options.lang)
    key = "title_trajectory-site" if kind == "trajectory" and options.per == "site" else f"title_{kind}"
    title = f"{L(key)}: {project_name}"
    write_docx(wide, Path(path), L, title, legend=legend(kind, options, L, all_codes=not filters.codes),
               author=options.author or project_name, template=options.template)
    return MatrixExport(Path(path), kind, fmt, wide)
