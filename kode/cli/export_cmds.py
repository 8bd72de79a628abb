"""``kode export report`` and ``kode export matrix``: Word reports and matrix files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from export.matrices import MatrixFilters
from intervju.errors import InputError
from kode.cli.common import PathType, check_deidentified, open_project, project_argument, split_multi, strict_option
from kode.cli.groups import export_group
from kode.cli.output import console, emit_json

F = TypeVar("F", bound=Callable[..., Any])


def matrix_filter_options(f: F) -> F:
    """``--codes/--groups/--sites/--waves/--coder`` (repeatable or comma separated) and ``--consensus``."""
    f = click.option(
        "--consensus", is_flag=True,
        help="Only text every named coder (--coder, at least two) coded with the same code.",
    )(f)
    for name, dest, help_text in reversed(
        (
            ("codes", "codes", "Only these codes and their sub-codes (uid or name)."),
            ("groups", "groups", "Only these informant groups."),
            ("sites", "sites", "Only these sites."),
            ("waves", "waves", "Only these waves."),
            ("coder", "coders", "Only this coder's codings (repeat for several)."),
        )
    ):
        f = click.option(f"--{name}", dest, multiple=True, help=help_text)(f)
    return f


def filters_from_options(codes: tuple[str, ...], groups: tuple[str, ...], sites: tuple[str, ...],
                         waves: tuple[str, ...], coders: tuple[str, ...], consensus: bool) -> MatrixFilters:
    named = split_multi(coders)
    if consensus and len(named) == 1:
        raise InputError("--consensus needs at least two coders (--coder A --coder B), or none for all coders")
    return MatrixFilters(
        codes=split_multi(codes), groups=split_multi(groups), sites=split_multi(sites), waves=split_multi(waves),
        coders=named, consensus=consensus,
    )


def author_template_options(f: F) -> F:
    """``--author`` and ``--template`` for the Word files."""
    f = click.option("--template", type=PathType(path_type=Path, dir_okay=False), default=None,
                     help="Word template (.docx/.dotx saved as .docx): its styles, header, footer and first page.")(f)
    f = click.option("--author", default=None, help="Author in the document properties (default: the project).")(f)
    return f


def _by(value: str) -> tuple[str, ...]:
    from export.matrices import parse_by

    return parse_by(value)


@export_group.command("report")
@project_argument
@click.option("-o", "--output", required=True, type=PathType(path_type=Path, dir_okay=False),
              help="The Word file to write (.docx).")
@click.option("--lang", type=click.Choice(["nb", "en"]), default="nb", show_default=True,
              help="Labels in bokmål or English.")
@matrix_filter_options
@click.option("--quotes", type=click.IntRange(0, 20), default=1, show_default=True,
              help="Typical quotes per wave x group in each theme's and sub-theme's section.")
@click.option("--by", "by", default="group", show_default=True, help="Split themes by group, site, group,site.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.10, show_default=True,
              help="Change in share that counts as increased/decreased.")
@click.option("--title", default=None, help="Title on the title page.")
@author_template_options
@click.option("--sub-themes/--no-sub-themes", "sub_themes", default=True, show_default=True,
              help="A section for each sub-theme too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@strict_option
def report_cmd(project: str, output: Path, lang: str, codes: tuple[str, ...], groups: tuple[str, ...],
               sites: tuple[str, ...], waves: tuple[str, ...], coders: tuple[str, ...], consensus: bool,
               quotes: int, by: str, threshold: float, title: str | None, author: str | None,
               template: Path | None, sub_themes: bool, fmt: str, strict: bool) -> None:
    """Write a Word report: corpus, method, themes over time with charts and quotes, codebook."""
    from export.report import ReportOptions

    filters = filters_from_options(codes, groups, sites, waves, coders, consensus)
    options = ReportOptions(lang=lang, quotes=quotes, by=_by(by), threshold=threshold, title=title, author=author,
                            template=template, depth=1 if sub_themes else 0)
    with open_project(project) as p:
        check_deidentified(p, strict)
        summary = p.export_report(output, filters, options)
    if fmt == "json":
        emit_json(summary.to_json())
    else:
        console().print(
            f"Wrote {summary.path}: {summary.themes} themes, {summary.interviews} interviews, "
            f"{summary.segments} segments, {summary.quotes} quotes"
        )


@export_group.command("matrix")
@project_argument
@click.option("--kind", type=click.Choice(["theme-wave", "framework", "cooccurrence", "trajectory"]),
              default="theme-wave", show_default=True, help="Which matrix.")
@click.option("--format", "fmt", type=click.Choice(["docx", "xlsx", "csv"]), default=None,
              help="File format (default: from the -o suffix).")
@click.option("-o", "--output", required=True, type=PathType(path_type=Path, dir_okay=False),
              help="The file to write.")
@matrix_filter_options
@click.option("--by", "by", default=None,
              help="theme-wave: group, site, group,site or none (default group); cooccurrence: wave, group or "
                   "none (default wave).")
@click.option("--unit", type=click.Choice(["turn", "overlap"]), default="turn", show_default=True,
              help="cooccurrence: count turns where two codes meet, or overlapping segment pairs.")
@click.option("--theme", default=None, help="framework: one theme with the waves side by side.")
@click.option("--per", type=click.Choice(["participant", "site"]), default="participant", show_default=True,
              help="trajectory: one table per participant or per site.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.10, show_default=True)
@click.option("--lang", type=click.Choice(["nb", "en"]), default="nb", show_default=True)
@click.option("--dialect", type=click.Choice(["excel", "excel-nb"]), default="excel", show_default=True,
              help="csv: excel (comma, decimal point) or excel-nb (semicolon, decimal comma, for Norwegian Excel).")
@author_template_options
@click.option("--json", "as_json", is_flag=True, help="Report what was written as JSON.")
@strict_option
def matrix_cmd(project: str, kind: str, fmt: str | None, output: Path, codes: tuple[str, ...],
               groups: tuple[str, ...], sites: tuple[str, ...], waves: tuple[str, ...], coders: tuple[str, ...],
               consensus: bool, by: str | None, unit: str, theme: str | None, per: str, threshold: float, lang: str,
               dialect: str, author: str | None, template: Path | None, as_json: bool, strict: bool) -> None:
    """Write a matrix as xlsx (one sheet per table), csv (one long table) or docx."""
    from export.matrix_export import MatrixOptions

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in ("docx", "xlsx", "csv"):
            raise InputError(f"-o {output}: give --format docx|xlsx|csv or a file ending in .docx, .xlsx or .csv")
        fmt = suffix
    split: tuple[str, ...]
    if kind == "cooccurrence":
        split = () if by in ("none", "all") else (by or "wave",)
        if split and split[0] not in ("wave", "group"):
            raise InputError(f"--by {by!r}: co-occurrence splits by wave, group or none")
    else:
        split = _by(by or "group")
    filters = filters_from_options(codes, groups, sites, waves, coders, consensus)
    options = MatrixOptions(lang=lang, by=split, threshold=threshold, unit=unit, theme=theme, per=per,
                            dialect=dialect, author=author, template=template)
    with open_project(project) as p:
        check_deidentified(p, strict)
        result = p.export_matrix(kind, fmt, output, filters, options)
    if as_json:
        emit_json(result.to_json())
    else:
        console().print(f"Wrote {result.path}: {kind}, {len(result.tables)} table(s)")


COMMANDS: list[click.Command] = []  # subcommands attach to `kode export` (kode.cli.groups.export_group)
