"""Team commands: ``merge`` (coders' projects into one) and ``import --revise`` (corrected transcripts)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kode.cli.common import open_project, project_argument
from kode.cli.output import console, emit_json, emit_table, format_option, progress_bar

if TYPE_CHECKING:
    from intervju.importing import Limits


def run_revise(project: str, paths: tuple[Path, ...], coder: str | None, fmt: str,
               limits: Limits | None = None) -> None:
    """``kode import PROJECT FILE --revise``: the work behind the flag, under the import's limits."""
    from kode.cli.common import default_coder

    with open_project(project) as p, progress_bar(enabled=sys.stderr.isatty() and fmt == "text",
                                                  label="Revising") as progress:
        actor = default_coder(p, coder)
        results = p.revise_files(list(paths), actor=actor, progress=progress, limits=limits)
    if not results:  # only empty folders (or none with a transcript) were given
        from intervju.importing import gather_files
        from kode.cli.corpus_cmds import nothing_found

        nothing_found(paths, "revise", gather_files(paths)[1])
    failed = any(r.status == "failed" for r in results)
    if fmt == "json":
        emit_json({"files": [r.to_json() for r in results],
                   "revised": sum(r.status == "revised" for r in results),
                   "unchanged": sum(r.status == "unchanged" for r in results),
                   "failed": sum(r.status == "failed" for r in results)})
    else:
        out, err = console(), console(stderr=True)
        for r in results:
            if r.status == "failed":
                err.print(f"[red]{r.path}[/red]: {r.message}", markup=True)
                continue
            if r.status == "unchanged":
                out.print(f"{r.path}: {r.message}")
                continue
            a = r.anchors
            assert a is not None
            out.print(f"{r.path}: revised {r.interview} (revision {r.revision}; turns {r.turns_before} → "
                      f"{r.turns_after}); codings {a.codings}, suggestions {a.suggestions}: {a.unchanged} unchanged, "
                      f"{a.moved} moved, {len(a.flagged)} flagged for review, {len(a.merged)} merged")
            if a.flagged or a.merged:
                emit_table(
                    ["kind", "id", "code", "coder", "old span", "new span", "similarity", "why", "old text"],
                    [[m.kind, m.id, m.code, m.coder, f"{m.old[0]}-{m.old[1]}", f"{m.new[0]}-{m.new[1]}",
                      f"{m.similarity:.0f}", m.reason + (f" (merged into {m.merged_into})" if m.merged_into else ""),
                      _snippet(m.old_text)]
                     for m in a.flagged + a.merged],
                    title="To review",
                )
            if r.unknown_labels:
                out.print(f"  unknown speaker labels kept as written: {', '.join(repr(u) for u in r.unknown_labels)}")
    if failed:
        sys.exit(1)


def _snippet(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@click.command()
@project_argument
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--coder", default=None, help="Who merges (for the audit trail).")
@click.option("--dry-run", is_flag=True, help="Show what would be merged and the conflicts, change nothing.")
@format_option("text", "json")
def merge(project: str, sources: tuple[str, ...], coder: str | None, dry_run: bool, fmt: str) -> None:
    """Merge coders' projects (SOURCE...) into PROJECT, in one transaction.

    Interviews match by content hash, codes by their stable id, coders by name. Codings, memos
    and suggestions are added per coder; merging the same source again adds nothing. Conflicts
    are resolved by the rules printed with them, and listed.
    """
    from kode.cli.common import default_coder
    from kodebok.merge import RULES

    with open_project(project) as p:
        actor = default_coder(p, coder)
        report = p.merge_from(list(sources), actor=actor, dry_run=dry_run)
    if fmt == "json":
        emit_json(report.to_json())
        return
    out = console()
    verb = "Would add" if report.dry_run else "Added"
    out.print(f"{verb}: " + ", ".join(f"{n} {what}" for what, n in report.added.items()))
    if report.conflicts:
        emit_table(["kind", "what", "this project", "source", "rule applied"],
                   [[c.kind, c.subject, c.target_value, c.source_value, RULES[c.kind]] for c in report.conflicts],
                   title=f"{len(report.conflicts)} conflicts")
        out.print("Rules:")
        for kind, rule in RULES.items():
            out.print(f"  {kind}: {rule}")
    if report.dry_run:
        out.print("Dry run: nothing was changed.")


COMMANDS = [merge]
