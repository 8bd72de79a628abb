"""``kode demo``: build the example project and show what kode makes of it."""

from __future__ import annotations

from pathlib import Path

import click

from intervju import corpus
from kode.cli.output import console, emit_table
from kode.demo import build_demo
from kode.project import Project


@click.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
def demo(directory: Path) -> None:
    """Build demo.kode in DIRECTORY (default: here) from the fictional study in examples/."""
    out = console()
    result = build_demo(directory, log=lambda m: console(stderr=True).print(f"[dim]{m} …[/dim]"))
    with Project.open(str(result.path)) as p, p.session() as session:
        view = corpus.overview(session)
    out.print(
        f"[bold]{result.path}[/bold]: {view.interviews} interviews, {view.participants} participants, "
        f"{view.words} words, {view.turns} turns"
    )
    waves = view.waves
    rows = []
    for site in view.sites:
        for group in view.groups:
            counts = {c["wave"]: c["interviews"] for c in view.cells if c["site"] == site and c["group"] == group}
            rows.append([site, group, *[counts.get(w, 0) for w in waves]])
    emit_table(["site", "group", *waves], rows, title="Interviews by site, group and wave")
    out.print(f"Next: kode list {result.path}   ·   kode show {result.path} INTERVIEW")


COMMANDS = [demo]
