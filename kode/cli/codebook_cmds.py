"""``kode codebook load|add|rename|move|merge|retire|restore|show|export`` and ``kode coders``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kode.cli.coder_opt import acting_coder, coder_option
from kode.cli.common import PathType, open_project, project_argument
from kode.cli.groups import codebook_group
from kode.cli.output import console, emit_csv, emit_json, emit_table, format_option
from kode.facade_codebook import write_private
from kodebok.codebook_load import CodebookDiff
from kodebok.codebook_ops import CodeNode

version_option = click.option("--expect-version", "expected", type=int, default=None,
                              help="Refuse if the code is no longer at this version (from `codebook show`).")


def _print_diff(diff: CodebookDiff, dry_run: bool) -> None:
    out = console()
    if diff.empty:
        out.print("The project's codebook is the same as the file; nothing to change.")
        return
    for change in diff.changes:
        detail = f" ({change.detail})" if change.detail else ""
        out.print(f"{change.kind:<9} {change.path}{detail}")
    summary = ", ".join(f"{n} {kind}" for kind, n in diff.counts().items() if n)
    out.print(f"{'Would change' if dry_run else 'Changed'}: {summary}")


@codebook_group.command(name="load")
@project_argument
@click.argument("file", type=PathType(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only show what would change.")
@coder_option
@format_option("text", "json")
def load(project: str, file: Path, dry_run: bool, coder: str | None, fmt: str) -> None:
    """Load a YAML codebook: show what changes (added, renamed, moved, changed, retired) and apply it."""
    with open_project(project) as p:
        diff = p.load_codebook(file, coder=None if dry_run else acting_coder(p, coder), dry_run=dry_run)
    if fmt == "json":
        emit_json({"dry_run": dry_run, "counts": diff.counts(), "changes": [c.to_json() for c in diff.changes]})
    else:
        _print_diff(diff, dry_run)


@codebook_group.command(name="add")
@project_argument
@click.argument("name")
@click.option("--parent", default=None, help="Put it under this code (path, name or label).")
@click.option("--id", "uid", default=None, help="Stable id (default: made from the name).")
@click.option("--label", default=None, help="Short label.")
@click.option("--definition", default=None, help="What the code means.")
@click.option("--colour", default=None, help="#rrggbb")
@click.option("--key", default=None, help="The key that applies the code in the workbench: one letter or digit.")
@coder_option
def add(project: str, name: str, parent: str | None, uid: str | None, label: str | None, definition: str | None,
        colour: str | None, key: str | None, coder: str | None) -> None:
    """Add a code."""
    with open_project(project) as p:
        new = p.edit_code("add", name, coder=acting_coder(p, coder), parent=parent, uid=uid, label=label,
                          definition=definition, colour=colour, key=key)
    console().print(f"Added code {name!r} (id {new})")


@codebook_group.command(name="rename")
@project_argument
@click.argument("code")
@click.argument("new_name")
@version_option
@coder_option
def rename(project: str, code: str, new_name: str, expected: int | None, coder: str | None) -> None:
    """Rename a code (its id stays, so its codings stay)."""
    with open_project(project) as p:
        p.edit_code("rename", code, new_name, coder=acting_coder(p, coder), expected_version=expected)
    console().print(f"Renamed {code!r} to {new_name!r}")


@codebook_group.command(name="move")
@project_argument
@click.argument("code")
@click.option("--to", "parent", default=None, help="New parent (path, name or label).")
@click.option("--top", is_flag=True, help="Move to the top level.")
@version_option
@coder_option
def move(project: str, code: str, parent: str | None, top: bool, expected: int | None, coder: str | None) -> None:
    """Move a code under another parent (--to) or to the top level (--top)."""
    if bool(parent) == top:
        raise click.UsageError("give exactly one of --to PARENT or --top")
    with open_project(project) as p:
        p.edit_code("move", code, None if top else parent, coder=acting_coder(p, coder),
                    expected_version=expected)
    console().print(f"Moved {code!r} {'to the top level' if top else f'under {parent!r}'}")


@codebook_group.command(name="merge")
@project_argument
@click.argument("source")
@click.argument("target")
@version_option
@coder_option
def merge(project: str, source: str, target: str, expected: int | None, coder: str | None) -> None:
    """Move SOURCE's codings to TARGET (a coder's identical spans kept once) and retire SOURCE."""
    with open_project(project) as p:
        r = p.merge_codes(source, target, coder=acting_coder(p, coder), expected_version=expected)
    console().print(f"Merged {r.source!r} into {r.target!r}: {r.moved} codings moved, {r.duplicates} duplicates "
                    f"dropped, {r.suggestions_closed} open suggestions closed; {r.source!r} is retired")


@codebook_group.command(name="retire")
@project_argument
@click.argument("code")
@version_option
@coder_option
def retire(project: str, code: str, expected: int | None, coder: str | None) -> None:
    """Retire a code: its codings stay in history; it takes no new codings."""
    with open_project(project) as p:
        p.edit_code("retire", code, coder=acting_coder(p, coder), expected_version=expected)
    console().print(f"Retired {code!r}")


@codebook_group.command(name="restore")
@project_argument
@click.argument("code")
@version_option
@coder_option
def restore(project: str, code: str, expected: int | None, coder: str | None) -> None:
    """Bring a retired code back into use."""
    with open_project(project) as p:
        p.edit_code("restore", code, coder=acting_coder(p, coder), expected_version=expected)
    console().print(f"Restored {code!r}")


def _lines(nodes: list[CodeNode], depth: int = 0) -> list[str]:
    out: list[str] = []
    for n in nodes:
        extra = [f"{n.codings} codings"]
        if n.key:
            extra.append(f"key {n.key}")
        if n.status != "active":
            extra.append(n.status)
        label = f" [{n.label}]" if n.label else ""
        out.append(f"{'  ' * depth}{n.name}{label}  ({', '.join(extra)})")
        out.extend(_lines(n.children, depth + 1))
    return out


def _flat(nodes: list[CodeNode]) -> list[CodeNode]:
    out: list[CodeNode] = []
    for n in nodes:
        out.append(n)
        out.extend(_flat(n.children))
    return out


@codebook_group.command(name="show")
@project_argument
@format_option()
def show(project: str, fmt: str) -> None:
    """Show the code tree with each code's number of codings."""
    with open_project(project) as p:
        tree = p.codebook_tree()
    if fmt == "json":
        emit_json([n.to_json() for n in tree])
    elif fmt == "csv":
        emit_csv(["path", "id", "label", "status", "key", "colour", "version", "codings"],
                 [[n.path, n.uid, n.label, n.status, n.key, n.colour, n.version, n.codings] for n in _flat(tree)])
    elif not tree:
        console().print("The codebook is empty; load one with `kode codebook load PROJECT FILE.yml`.")
    else:
        for line in _lines(tree):
            console().print(line, markup=False)


@codebook_group.command(name="export")
@project_argument
@click.option("--format", "fmt", default="yaml", show_default=True,
              help="yaml (loads back with `codebook load`) or docx (the Word table for a report's appendix).")
@click.option("-o", "--output", type=PathType(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: standard output, for text formats).")
@click.option("--lang", type=click.Choice(["nb", "en"]), default="nb", show_default=True,
              help="Column labels of the Word table.")
def export(project: str, fmt: str, output: Path | None, lang: str) -> None:
    """Write the codebook in a format (YAML loads back with `codebook load`)."""
    from kodebok.codebook_export import get_writer

    if fmt.casefold() == "docx":
        if output is None:
            raise click.UsageError("--format docx writes a binary file; give --output FILE.docx")
        with open_project(project) as p:
            p.export_codebook_docx(output, lang)
        console(stderr=True).print(f"Wrote {output}")
        return
    writer = get_writer(fmt)
    if output is None and writer.binary:
        raise click.UsageError(f"--format {fmt} writes a binary file; give --output FILE{writer.suffix}")
    if output is not None and not (writer.suffix == ".yml" and output.suffix.casefold() == ".yaml"):
        from export.files import check_suffix

        check_suffix(output, writer.suffix, f"a {writer.name} codebook")
    with open_project(project) as p:
        data = p.export_codebook(fmt)
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        write_private(output, data)
        console(stderr=True).print(f"Wrote {output}")


@click.command(name="coders")
@project_argument
@click.option("--add", "new", default=None, help="Add a coder with this id.")
@click.option("--name", "full_name", default=None, help="The coder's full name (with --add).")
@format_option()
def coders(project: str, new: str | None, full_name: str | None, fmt: str) -> None:
    """List the project's coders, or add one."""
    if full_name is not None and new is None:
        raise click.UsageError("--name goes with --add ID")
    with open_project(project) as p:
        if new:
            p.add_coder(new, full_name, actor=new)
        rows = p.coders()
    header = ["coder", "name", "consensus", "codings"]
    data = [[r.name, r.full_name, "yes" if r.is_consensus else "", r.codings] for r in rows]
    if fmt == "json":
        emit_json([{"coder": r.name, "name": r.full_name, "consensus": r.is_consensus, "codings": r.codings}
                   for r in rows])
    elif fmt == "csv":
        emit_csv(header, data)
    else:
        emit_table(header, data)


COMMANDS = [coders]
