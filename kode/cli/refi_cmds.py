"""REFI-QDA exchange: ``kode export qdpx``, ``kode import-qdpx``, ``kode codebook export-qdc|import-qdc``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from intervju.errors import InputError, KodeError
from kode.cli.common import (
    PathType,
    check_deidentified,
    default_coder,
    filter_options,
    filters_from,
    open_project,
    project_argument,
    strict_option,
)
from kode.cli.groups import codebook_group, export_group
from kode.cli.output import console, emit_json, format_option

if TYPE_CHECKING:
    from export.refi import QdpxImportReport

F = TypeVar("F", bound=Callable[..., Any])


def _output_path(suffix: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        "output",
        required=True,
        type=PathType(dir_okay=False, path_type=Path),
        help=f"The {suffix} file to write (created readable by you only; replaced whole).",
    )


@codebook_group.command("export-qdc")
@project_argument
@_output_path(".qdc")
@format_option("text", "json")
def export_qdc_cmd(project: str, output: Path, fmt: str) -> None:
    """Write the codebook as a REFI-QDA codebook (.qdc) for NVivo, ATLAS.ti, MAXQDA, QualCoder."""
    with open_project(project) as p:
        count = p.export_qdc(output)
    if fmt == "json":
        emit_json({"file": str(output), "codes": count})
    else:
        console().print(f"Wrote {count} codes to {output}")


@codebook_group.command("import-qdc")
@project_argument
@click.argument("file", type=PathType(dir_okay=False, path_type=Path))
@format_option("text", "json")
def import_qdc_cmd(project: str, file: Path, fmt: str) -> None:
    """Add the codes of a REFI-QDA codebook (.qdc) that the project lacks, matched by GUID."""
    with open_project(project) as p:
        result = p.import_qdc(file, actor=default_coder(p, None))
    if fmt == "json":
        emit_json(result.to_json())
        return
    out = console()
    out.print(f"{len(result.added)} codes added, {len(result.present)} already in the project, {result.sets} sets kept")
    for name in result.added:
        out.print(f"  + {name}")
    for problem in result.problems:
        out.print(f"  ! {problem}")


@export_group.command("qdpx")
@project_argument
@_output_path(".qdpx")
@filter_options
@click.option(
    "--positions",
    type=click.Choice(["auto", "chars", "utf16"]),
    default="auto",
    show_default=True,
    help="Count selection positions in characters (the standard) or UTF-16 code units (what NVivo reads); "
    "auto: UTF-16 when the project was imported from NVivo.",
)
@format_option("text", "json")
@strict_option
def export_qdpx_cmd(
    project: str,
    output: Path,
    sites: tuple[str, ...],
    groups: tuple[str, ...],
    waves: tuple[str, ...],
    participants: tuple[str, ...],
    positions: str,
    fmt: str,
    strict: bool,
) -> None:
    """Write the project as a REFI-QDA project (.qdpx): codebook, interviews, codings, cases, memos.

    With --site/--group/--wave/--participant only the interviews they select go out, with their
    codings, participants and memos (the codebook goes whole).
    """
    filters = filters_from(sites, groups, waves, participants) if sites or groups or waves or participants else None
    with open_project(project) as p:
        check_deidentified(p, strict)
        summary = p.export_qdpx(output, filters, positions)
    if fmt == "json":
        emit_json(summary.to_json())
    else:
        out = console()
        counts = {
            "interviews": summary.sources, "codings": summary.selections, "codes": summary.codes,
            "coders": summary.users, "cases": summary.cases, "memos": summary.notes, "sets": summary.sets,
        }  # fmt: skip
        out.print(f"Wrote {output}: {_counts(counts)}", markup=False)
        out.print(f"Positions in {summary.positions}: {summary.positions_reason}", markup=False)


def _coder_map(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise InputError(
                f"--coder-map {value!r}: write OLD=NEW (a user's name, id or GUID in the file = a kode coder)"
            )
        out[old.strip()] = new.strip()
    return out


def _counts(counts: dict[str, int]) -> str:
    """``1 coder, 3 interviews``: the nonzero counts, each in the number it has."""
    from export.refi.qdpx_import import plural

    return ", ".join(plural(n, k.removesuffix("s"), k) for k, n in counts.items() if n)


def _print_report(report: QdpxImportReport) -> None:
    out = console()
    imported = _counts(report.imported) or "nothing new"
    if report.error is None:
        out.print(f"Imported from {report.file}: {imported}", markup=False)
    matched = _counts(report.matched)
    if matched:
        out.print(f"Already in the project: {matched}")
    out.print(f"Positions read as {report.positions}: {report.positions_reason}")
    if report.adjusted:
        out.print("Adjusted:")
        for e in report.adjusted:
            out.print(f"  [{e.kind}] {e.what}: {e.detail}", markup=False)
    if report.skipped:
        out.print("Not imported:")
        for e in report.skipped:
            out.print(f"  [{e.kind}] {e.what}: {e.detail}", markup=False)


@click.command("import-qdpx")
@project_argument
@click.argument("file", type=PathType(dir_okay=False, path_type=Path))
@click.option("--coder-map", "coder_map", multiple=True, metavar="OLD=NEW", help="Map a user of the file to a coder.")
@click.option("--site", help="Site for sources without a site variable (theirs or their case's).")
@click.option("--group", help="Informant group for sources without one.")
@click.option("--wave", help="Wave for sources without one.")
@click.option(
    "--positions",
    type=click.Choice(["auto", "utf16", "chars"]),
    default="auto",
    show_default=True,
    help="Unit of selection positions: characters (the standard) or UTF-16 code units (NVivo); auto detects.",
)
@click.option("--strict", is_flag=True, help="Import nothing when anything of the file would be skipped.")
@format_option("text", "json")
def import_qdpx_cmd(
    project: str,
    file: Path,
    coder_map: tuple[str, ...],
    site: str | None,
    group: str | None,
    wave: str | None,
    positions: str,
    strict: bool,
    fmt: str,
) -> None:
    """Import a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA, QualCoder or kode.

    Codes, text sources (as interviews), codings with their coders, cases (as participants),
    variables, notes (as memos) and sets, in one transaction; the report says what was not
    imported and why. Exit status 1, with nothing written, when no source of the file could be
    imported (with --strict: when anything would be skipped); the report is printed all the same.
    """
    from export.refi import QdpxImportFailed, QdpxImportReport, QdpxOptions

    try:
        options = QdpxOptions(
            coder_map=_coder_map(coder_map),
            site=site,
            group=group,
            wave=wave,
            positions=positions,  # type: ignore[arg-type]
            strict=strict,
        )
        with open_project(project) as p:
            options.actor = default_coder(p, None)
            report = p.import_qdpx(file, options)
    except KodeError as exc:
        # The JSON report comes out on failure too (all counts zero: nothing was written), so a
        # script always reads one shape; the one-line error goes to stderr with exit status 1.
        if isinstance(exc, QdpxImportFailed):
            failed = exc.report
        else:
            failed = QdpxImportReport(file=str(file))
            failed.fail(str(exc))
        if fmt == "json":
            emit_json(failed.to_json())
        elif isinstance(exc, QdpxImportFailed):
            _print_report(failed)
        raise
    if fmt == "json":
        emit_json(report.to_json())
    else:
        _print_report(report)


COMMANDS = [import_qdpx_cmd]
