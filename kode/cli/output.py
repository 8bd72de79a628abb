"""Output switches shared by every listing command: ``--format text|csv|json``.

Declared once and stacked on each command (the sqlite-utils way), so scripts can rely on the
same shapes everywhere. Rich is imported only by the output that uses it (about 30 ms): CSV,
JSON and the fitted tables never need it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kode.fit import Col, ellipsize, render_table

if TYPE_CHECKING:
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])


def terminal_width() -> int:
    """The width to fit: ``COLUMNS`` when set, the terminal's, else 80 (a pipe, a file, CI)."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return shutil.get_terminal_size((80, 24)).columns


def format_option(*choices: str) -> Callable[[F], F]:
    options = choices or ("text", "csv", "json")
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(options)),
        default=options[0],
        show_default=True,
        help=_format_help(options),
    )


def _format_help(options: Sequence[str]) -> str:
    """Name only the formats this command offers (``import`` has no csv)."""
    scripts = [o for o in options if o != "text"]
    parts = ["text for people"] if "text" in options else []
    if scripts:
        parts.append(f"{' and '.join(scripts)} for scripts")
    return "Output format: " + ", ".join(parts) + "."


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    # Highlighting would colour numbers and names at random; kode colours on purpose only.
    # On stderr a message is one line whatever the width (scripts and logs read it by line);
    # rich would otherwise wrap it at 80 columns whenever stderr is not a terminal.
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


def emit_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])


def emit_table(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console().print(table)


@contextmanager
def progress_bar(enabled: bool, label: str = "Importing") -> Iterator[Callable[[int, int, Path], None] | None]:
    """A progress bar on stderr for long jobs; None when stderr is not a terminal (scripts, CI).

    It shows counts only, never file names, which can carry participants' names.
    """
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        f"[bold]{label}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True, highlight=False),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int, _path: Path) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def emit_fitted(columns: Sequence[Col], rows: Sequence[Sequence[Any]], title: str | None = None,
                width: int | None = None) -> None:
    """A table fitted to the terminal (80 columns when there is none); see :mod:`kode.fit`."""
    width = width or terminal_width()
    if title:
        click.echo(ellipsize(title, width))
    for line in render_table(columns, rows, width):
        click.echo(line)
