"""Safety commands: ``backup``, ``check`` and ``log``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kode.cli.common import PathType, check_deidentified, open_project, project_argument, strict_option
from kode.cli.output import console, emit_csv, emit_fitted, emit_json, emit_table, format_option
from kode.fit import Col


@click.command()
@project_argument
@click.option("-o", "--output", "out", type=PathType(path_type=Path, dir_okay=False), default=None,
              help="The backup file (default: PROJECT-backup-<UTC time>.kode next to the project).")
@strict_option
@format_option("text", "json")
def backup(project: str, out: Path | None, strict: bool, fmt: str) -> None:
    """Copy a project safely while others work in it (readable by you only).

    A SQLite project is copied with SQLite's online backup; a PostgreSQL project is copied into a
    SQLite project file (a logical snapshot any kode command opens). For the server itself, use
    pg_dump.
    """
    with open_project(project) as p:
        check_deidentified(p, strict)
        result = p.backup(out)
    if fmt == "json":
        emit_json({"file": str(result.path), "bytes": result.size, "method": result.method, "rows": result.rows})
        return
    out_console = console()
    size = f"{result.size:,}".replace(",", " ")
    out_console.print(f"Backed up {p.name} to {result.path} ({size} bytes, {result.method}).")
    if result.method == "logical-copy":
        out_console.print("This is a snapshot of kode's tables; back up the PostgreSQL server itself with pg_dump.")


@click.command()
@project_argument
@click.option("--quick", is_flag=True, help="SQLite's quick_check instead of the full integrity_check.")
@format_option("text", "json")
def check(project: str, quick: bool, fmt: str) -> None:
    """Check a project: storage integrity, orphans, and every turn, sentence and coding inside its text.

    Exits 1 with a list of problems when something is wrong.
    """
    with open_project(project) as p:
        report = p.check(quick=quick)
    if fmt == "json":
        emit_json(report.to_json())
    else:
        out = console()
        if report.ok:
            out.print(f"{p.name}: OK ({', '.join(report.checks)}; "
                      + ", ".join(f"{n} {t}" for t, n in report.counts.items()) + ")")
        else:
            emit_table(["check", "where", "problem"], [[x.check, x.where, x.message] for x in report.problems],
                       title=f"{p.name}: {len(report.problems)} problems")
    if not report.ok:
        sys.exit(1)


@click.command(name="log")
@project_argument
@click.option("--coder", default=None, help="Only what this coder did.")
@click.option("--since", default=None, help="Only from this date or time on (UTC), e.g. 2026-11-26.")
@click.option("--action", default=None, help="Only this action (import, revise, merge, code, …).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the newest N events.")
@format_option()
def log(project: str, coder: str | None, since: str | None, action: str | None, limit: int | None, fmt: str) -> None:
    """The audit trail: imports, revisions, merges, codings and codebook changes, oldest first."""
    from intervju.audit import parse_since

    when = parse_since(since) if since else None
    with open_project(project) as p:
        rows = p.audit_log(coder=coder, since=when, action=action, limit=limit)
    if fmt == "json":
        emit_json([r.to_json() for r in rows])
        return
    header = ["at", "coder", "action", "entity", "id", "detail"]
    data = [[r.at.strftime("%Y-%m-%d %H:%M:%S"), r.actor, r.action, r.entity, r.entity_id, _detail(r.detail)]
            for r in rows]
    if fmt == "csv":
        emit_csv(header, data)
    else:
        emit_fitted(LOG_COLUMNS, data)


#: ``kode log`` in 80 columns: when, who and what stay; the entity's id goes first, then its kind.
LOG_COLUMNS = (
    Col("at", "fixed"), Col("coder", min=6), Col("action", min=10), Col("entity", min=8, drop=2),
    Col("id", "fixed", drop=1, right=True), Col("detail", "text", min=24),
)


def _detail(detail: dict[str, object]) -> str:
    """Scalars only, long hashes cut to 12 characters (JSON has them whole)."""
    def show(v: object) -> str:
        text = str(v)
        return text[:12] if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else text

    return ", ".join(f"{k}={show(v)}" for k, v in detail.items() if not isinstance(v, (dict, list)))


COMMANDS = [backup, check, log]
