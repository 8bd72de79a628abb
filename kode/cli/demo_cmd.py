"""``kode demo``: build the example project and show what kode makes of it."""

from __future__ import annotations

from pathlib import Path

import click

from intervju import corpus
from kode.cli.common import PathType
from kode.cli.output import console, emit_table
from kode.demo import build_demo
from kode.project import Project


@click.command()
@click.argument("directory", required=False, default=".", type=PathType(file_okay=False, path_type=Path))
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
    for step in result.steps[1:]:
        out.print(step)
    _highlights(result.path, waves)
    if result.report_path:
        out.print(f"Word report: {result.report_path}")
    out.print(
        f"Next: kode search {result.path} medvirke · kode agreement {result.path} --coders kh sb · "
        f"kode tui {result.path} --coder kh"
    )


# Themes whose change across waves the fictional study was written to show, by informant group.
HIGHLIGHTS = (("DBT", "ansatt"), ("OEM", "ansatt"), ("Medvirkning", "ungdom"), ("Hjemlighet", "ungdom"))


def _highlights(path: Path, waves: list[str]) -> None:
    """Share of participants with a theme, per wave: n/N, where N counts those interviewed then."""
    with Project.open(str(path)) as p:
        matrix = p.theme_wave_matrix(by=("group",))
    by_name = {c.name.casefold(): c for c in matrix.codes}
    rows = []
    for name, group in HIGHLIGHTS:
        code = by_name.get(name.casefold())
        if code is None:
            continue
        cells = [matrix.cells.get((code.id, (group,), w)) for w in waves]
        rows.append([name, group, *[f"{c.participants}/{c.interviewed}" if c and c.interviewed else "–" for c in cells]])
    if rows:
        emit_table(["theme", "group", *waves], rows, title="Participants with the theme / interviewed (both coders)")


COMMANDS = [demo]
