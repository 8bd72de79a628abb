"""``kode autocode`` (propose codings from search terms) and ``kode suggestions list|accept|reject``."""

from __future__ import annotations

import click

from kode.cli.coder_opt import CODER_SYNOPSIS, acting_coder, coder_option
from kode.cli.common import open_project, project_argument, split_multi
from kode.cli.output import console, emit_csv, emit_fitted, emit_json, emit_table, format_option
from kode.fit import Col


@click.command(name="autocode", options_metavar=CODER_SYNOPSIS)
@project_argument
@click.option("--code", "codes", multiple=True,
              help="Only this code (repeatable; default: every code with search terms).")
@click.option("--unit", type=click.Choice(["turn", "sentence"]), default="sentence", show_default=True,
              help="Propose whole turns or sentences.")
@coder_option
@format_option("text", "json")
def autocode(project: str, codes: tuple[str, ...], unit: str, coder: str | None, fmt: str) -> None:
    """Propose codings from each code's search terms; they wait in `kode suggestions`."""
    with open_project(project) as p:
        report = p.autocode(codes=split_multi(codes), unit=unit, coder=acting_coder(p, coder))
    if fmt == "json":
        emit_json(report.to_json())
        return
    emit_table(["code", "queries", "hits", "new", "proposed before"],
               [[c.code, c.queries, c.hits, c.new, c.known] for c in report.codes],
               title=f"{report.new} new suggestions ({unit}s)")


@click.command(name="suggestions")
@project_argument
@click.argument("action", type=click.Choice(["list", "accept", "reject"]), default="list")
@click.option("--code", "codes", multiple=True, help="Only suggestions for this code.")
@click.option("--id", "ids", multiple=True, type=int, help="This suggestion (repeatable).")
@click.option("--all", "all_open", is_flag=True, help="Every open suggestion (narrowed by --code).")
@click.option("--status", type=click.Choice(["open", "accepted", "rejected", "any"]), default="open",
              show_default=True, help="Which to list.")
@coder_option
@format_option()
def suggestions(project: str, action: str, codes: tuple[str, ...], ids: tuple[int, ...], all_open: bool,
                status: str, coder: str | None, fmt: str) -> None:
    """List, accept (they become your codings) or reject suggestions."""
    with open_project(project) as p:
        if action == "list":
            rows = p.suggestions(codes=split_multi(codes), status=None if status == "any" else status)
        else:
            n = p.decide_suggestions(acting_coder(p, coder), action, ids=ids, codes=split_multi(codes),
                                     all_open=all_open)
            console().print(f"{'Accepted' if action == 'accept' else 'Rejected'} {n} suggestions")
            return
    if fmt == "json":
        emit_json([r.to_json() for r in rows])
        return
    header = ["id", "code", "interview", "start", "end", "unit", "query", "status", "text"]
    data = [[r.id, r.code, r.interview, r.start, r.end, r.unit, r.query, r.status, r.text] for r in rows]
    if fmt == "csv":
        emit_csv(header, data)
    else:
        emit_fitted(SUGGESTION_COLUMNS, data, title=f"{len(rows)} suggestions")


#: ``kode suggestions`` in 80 columns: the code (its leaf) and the proposed text stay; offsets, the
#: unit, the query and the interview go in that order when room is short.
SUGGESTION_COLUMNS = (
    Col("id", "fixed", right=True), Col("code", min=16, keep="end"), Col("interview", min=14, drop=5),
    Col("start", "fixed", drop=2, right=True), Col("end", "fixed", drop=2, right=True),
    Col("unit", "fixed", drop=1), Col("query", min=8, drop=4), Col("status", "fixed", drop=3), Col("text", "text", min=28),
)


COMMANDS = [autocode, suggestions]
