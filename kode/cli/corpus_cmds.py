"""The corpus commands: ``import``, ``list`` and ``show``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from intervju import corpus_sql
from kode.cli.common import PathType, filter_options, filters_from, open_project, project_argument
from kode.cli.output import console, emit_csv, emit_fitted, emit_json, emit_table, format_option, progress_bar
from kode.fit import Col
from kode.opening import read_project

# `kode list` and `kode show` read through kode.opening (no SQLAlchemy on a SQLite project);
# `kode import` loads the importer where it runs.

if TYPE_CHECKING:
    from rich.text import Text

    from intervju.corpus_sql import TurnRow
    from intervju.importing import FileResult, ImportReport


@click.command(name="import")
@project_argument
@click.argument("paths", nargs=-1, required=True, type=PathType(path_type=Path))
@click.option("--pattern", default=None, help="File-name pattern, e.g. '{site}_{group}_{participant}_{wave}'.")
@click.option(
    "--manifest",
    type=PathType(path_type=Path, dir_okay=False),
    default=None,
    help="CSV with file, site, group, participant, wave, date, interviewer, speakers and free columns.",
)
@click.option("--coder", default=None, help="Who imports (for the audit trail).")
@click.option(
    "--revise",
    is_flag=True,
    help="The files are corrected transcripts of interviews already imported (matched by file name): "
    "replace their text and move every coding onto it.",
)
@click.option(
    "--max-size",
    "max_size",
    default="20MB",
    show_default=True,
    metavar="SIZE",
    help="Refuse files larger than this (e.g. 500KB, 50MB), checked before reading.",
)
@click.option(
    "--name-from-stem-with-ext",
    "name_with_ext",
    is_flag=True,
    help="Name interviews by the whole file name (U03_T1.srt), so one interview's .txt and .srt both import.",
)
@format_option("text", "json")
def import_(
    project: str,
    paths: tuple[Path, ...],
    pattern: str | None,
    manifest: Path | None,
    coder: str | None,
    revise: bool,
    max_size: str,
    name_with_ext: bool,
    fmt: str,
) -> None:
    """Import transcripts (.docx .txt .md .srt .vtt .json), files or whole folders."""
    from intervju.importing import Limits

    limits = Limits(max_bytes=parse_size(max_size), name_with_ext=name_with_ext)
    if revise:
        # A corrected transcript keeps its interview's metadata and speakers' roles: a pattern or a
        # manifest would be silently unused, so say so instead.
        for given, option in ((pattern, "--pattern"), (manifest, "--manifest")):
            if given is not None:
                raise click.UsageError(f"{option} is not used with --revise: a corrected transcript keeps its "
                                       f"interview's metadata and speaker roles (change roles with `kode speakers "
                                       f"--map`)")
        from kode.cli.team_cmds import run_revise

        run_revise(project, paths, coder, fmt, limits)
        return
    with open_project(project) as p, progress_bar(enabled=sys.stderr.isatty() and fmt == "text") as progress:
        report = p.import_files(
            list(paths), pattern=pattern, manifest=manifest, actor=coder, progress=progress, limits=limits
        )
    nothing = not report.results
    if fmt == "json":
        emit_json(
            {
                "files": [_result_json(r) for r in report.results],
                "imported": report.count("imported"),
                "already": report.count("already"),
                "failed": report.count("failed"),
                "skipped": report.skipped,
                "stopped": report.stopped,
                "not_tried": report.not_tried,
            }
        )
    else:
        _print_report(report, project)
    if nothing:
        nothing_found(paths, "import", report.skipped)
    if report.failed:
        sys.exit(1)


def nothing_found(paths: tuple[Path, ...], verb: str, skipped: dict[str, int]) -> None:
    """The one line, exit 1, when the folders given hold no transcript: which, and what is there."""
    from intervju.readers import SUPPORTED_SUFFIXES

    kinds = ", ".join(f"{ext} ({n})" for ext, n in sorted(skipped.items()))
    found = f"only files kode does not read: {kinds}" if kinds else "no files"
    click.echo(f"Error: {', '.join(str(p) for p in paths)}: nothing to {verb}: {found}; kode reads "
               f"{' '.join(sorted(SUPPORTED_SUFFIXES))}", err=True)
    sys.exit(1)


_UNITS = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "M": 2**20, "MB": 2**20, "G": 2**30, "GB": 2**30}


def parse_size(value: str) -> int:
    """``20MB``, ``500 KB``, ``1.5G`` or a number of bytes."""
    text = value.strip().upper().replace(" ", "").removesuffix("IB").removesuffix("I")
    number = text.rstrip("KMGB")
    unit = text[len(number) :]
    try:
        size = float(number) * _UNITS[unit]
    except (ValueError, KeyError):
        raise click.BadParameter(f"{value!r} is not a size like 20MB or 500KB", param_hint="--max-size") from None
    if size < 1:
        raise click.BadParameter(f"{value!r} must be more than zero", param_hint="--max-size")
    return int(size)


def _result_json(r: FileResult) -> dict[str, object]:
    return {
        "file": str(r.path),
        "status": r.status,
        "message": r.message,
        "interview": r.interview,
        "words": r.words,
        "turns": r.turns,
        "unknown_labels": r.unknown_labels,
        "fuzzy_labels": r.fuzzy_labels,
        "positional_labels": r.positional_labels,
        "warnings": r.warnings,
    }


def _print_report(report: ImportReport, project: str) -> None:
    from rich.markup import escape

    out = console()
    err = console(stderr=True)
    for r in report.results:
        if r.status == "failed":
            err.print(f"[red]{escape(str(r.path))}[/red]: {escape(r.message)}", soft_wrap=True)
        elif r.status == "already":
            out.print(f"{r.path}: already imported ({r.message})", markup=False, soft_wrap=True)
        else:
            out.print(f"{r.path}: imported as {r.interview} ({r.turns} turns, {r.words} words)", markup=False, soft_wrap=True)
        for raw, known in r.fuzzy_labels.items():
            out.print(f"  speaker label {raw!r} read as {known!r}", markup=False)
        for raw, who in r.positional_labels.items():
            out.print(f"  speaker label {raw!r} read as participant {who} (counted in the order listed)", markup=False)
        if r.unknown_labels:
            out.print(f"  unknown speaker labels kept as written: {', '.join(repr(u) for u in r.unknown_labels)}", markup=False)
        for warning in r.warnings:
            out.print(f"  warning: {warning}", markup=False, soft_wrap=True)
    unknown = sorted({label for r in report.results for label in r.unknown_labels})
    if unknown:
        from kode.store import describe

        project = describe(project)
        example = " ".join(f"--map '{label}=ROLE'" if " " in label else f"--map {label}=ROLE" for label in unknown[:3])
        out.print(
            f"unknown speaker labels are role unknown (not searched by default); see them with "
            f"`kode speakers {project}` and assign roles with `kode speakers {project} {example}`",
            markup=False,
            soft_wrap=True,
        )
    if report.skipped and report.results:
        kinds = ", ".join(f"{ext} ({n})" for ext, n in sorted(report.skipped.items()))
        out.print(f"skipped files kode does not read: {kinds}", markup=False)
    if report.stopped:
        err.print(f"import stopped: {report.stopped}; {report.not_tried} files not tried", markup=False, soft_wrap=True)
    if not report.results:
        return
    emit_table(
        ["imported", "already there", "failed"],
        [[report.count("imported"), report.count("already"), report.count("failed")]],
    )


@click.command(name="list")
@project_argument
@filter_options
@format_option()
def list_(
    project: str,
    sites: tuple[str, ...],
    groups: tuple[str, ...],
    waves: tuple[str, ...],
    participants: tuple[str, ...],
    fmt: str,
) -> None:
    """List interviews with their metadata."""
    with read_project(project) as read:
        rows = corpus_sql.list_interviews(read, filters_from(sites, groups, waves, participants))
    if fmt == "json":
        emit_json([r.to_json() for r in rows])
        return
    header = ["interview", "site", "group", "wave", "participants", "date", "words", "turns", "format"]
    data = [
        [r.name, r.site, r.group, r.wave, ";".join(r.participants), r.date, r.words, r.turns, r.format] for r in rows
    ]
    if fmt == "csv":
        emit_csv(header, data)
    else:
        emit_fitted(LIST_COLUMNS, data)


#: ``kode list`` in 80 columns: the interview's name whole if it can be, the file format and the
#: date go first, then the site (usually in the name), then the word count.
LIST_COLUMNS = (
    Col("interview", min=24), Col("site", drop=3, min=6), Col("group", min=6), Col("wave", "fixed"),
    Col("participants", min=7), Col("date", "fixed", drop=2), Col("words", "fixed", drop=4, right=True),
    Col("turns", "fixed", drop=5, right=True), Col("format", "fixed", drop=1),
)


def _parse_range(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        if "-" in value:
            a, b = value.split("-", 1)
            lo, hi = int(a), int(b)
        else:
            lo = hi = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a turn number or range like 10-20", param_hint="--turns") from None
    if lo < 1 or hi < lo:
        raise click.BadParameter(f"{value!r} is not a range like 10-20", param_hint="--turns")
    return lo, hi


@click.command()
@project_argument
@click.argument("interview")
@click.option("--turns", "turn_range", default=None, help="Only these turns, e.g. 10-20.")
@format_option()
def show(project: str, interview: str, turn_range: str | None, fmt: str) -> None:
    """Show one interview's turns: speaker label, role, time and text."""
    rng = _parse_range(turn_range)
    with read_project(project) as read:
        detail = corpus_sql.show_interview(read, interview, rng)
    iv = detail.interview
    if fmt == "json":
        emit_json(
            {
                "interview": iv.name,
                "participants": iv.participants,
                "site": iv.site,
                "group": iv.group,
                "wave": iv.wave,
                "date": iv.date,
                "interviewer": iv.interviewer,
                "header": detail.header,
                "turns": [t.to_json() for t in detail.turns],
            }
        )
        return
    if fmt == "csv":
        emit_csv(
            ["n", "label", "role", "participant", "start", "end", "time", "text"],
            [[t.n, t.label, t.role, t.participant, t.start, t.end, t.time, t.text] for t in detail.turns],
        )
        return
    from rich.markup import escape

    out = console()
    # Names are the user's, printed as they are, never read as markup (``[rev]`` would vanish).
    facts = f"{iv.site} · {iv.group} · {iv.wave} · {', '.join(iv.participants)}" + (f" · {iv.date}" if iv.date else "")
    out.print(f"[bold]{escape(iv.name)}[/bold]  {escape(facts)}")
    if detail.header and not rng:
        for line in detail.header.split("\n"):
            out.print(f"     {line}", style="dim", markup=False, highlight=False)
    if detail.turns:
        # One Text per turn, printed in one call: each turn wraps at the width with its number and
        # label counted (printed apart, the first line ran past the edge), and rich renders the
        # whole transcript at once, about three times faster than two prints per turn.
        from rich.text import Text

        out.print(*(_turn_line(Text, t) for t in detail.turns), sep="\n")


def _turn_line(text_type: type[Text], t: TurnRow) -> Text:
    stamp = f"[{_clock(t.time)}] " if t.time is not None else ""
    style = "dim" if t.role == "interviewer" else ("yellow" if t.role == "unknown" else "bold")
    return text_type.assemble((f"{t.n:>4}", "dim"), f" {stamp}", (t.label or "—", style), ": ", t.text)


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


COMMANDS = [import_, list_, show]
