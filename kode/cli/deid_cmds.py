"""``kode deid scan|review|apply|list``: find identifiers, confirm them, replace them by tags.

The logic lives in :mod:`intervju.deid` behind the façade; this module only parses options,
prompts and prints. Nothing here logs a candidate's text: it is printed to the terminal the user
asked, never to a log.
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from intervju.deid.detect import KINDS
from intervju.errors import InputError
from kode.cli.common import PathType, default_coder, open_project, project_argument, split_multi
from kode.cli.output import console, emit_csv, emit_json, emit_table, format_option
from kode.facade_deid import Candidate

_KIND_HELP = ", ".join(KINDS)


F = TypeVar("F", bound=Callable[..., Any])


def _interviews_option(f: F) -> F:
    return click.option("--interviews", "interviews", multiple=True,
                        help="Only these interviews (names; repeatable or comma separated).")(f)


def _names(values: tuple[str, ...]) -> list[str] | None:
    return split_multi(values) or None


@click.group(name="deid")
def deid_group() -> None:
    """De-identify transcripts: scan for names and other identifiers, review, apply tags."""


@deid_group.command("scan")
@project_argument
@_interviews_option
@click.option("--key", "key", type=PathType(path_type=Path, dir_okay=False), default=None,
              help="Key file with the project's own names, places and institutions (YAML, kept apart).")
@click.option("--model", default="nb_core_news_lg", show_default=True,
              help="spaCy pipeline for person/place entities; the fallback (no entities) when not installed.")
@format_option("text", "json")
def scan_cmd(project: str, interviews: tuple[str, ...], key: Path | None, model: str, fmt: str) -> None:
    """Find candidate identifiers and store them for review (a rescan keeps every decision)."""
    if key is not None and not key.exists():
        raise InputError(f"{key}: no such key file")
    names = _names(interviews)
    with open_project(project) as p:
        report, pipeline = p.deid_scan(interviews=names, key=key, model=model)
        rows = p.deid_candidates(interviews=names)
    if fmt == "json":
        emit_json([c.to_json() for c in rows])
        return
    out = console()
    out.print(f"Scanned {report.interviews} interviews with {pipeline}: {report.found} candidates "
              f"({report.new} new, {report.removed} no longer found, {report.moved} moved).")
    for kind, n in sorted(report.by_kind.items()):
        out.print(f"  {kind:<12} {n}")
    if report.header_names:
        found = sorted({(name, text) for name, text, _kind in report.header_names})
        out.print(f"{len(found)} possible names in header lines (not speech, so not candidates): "
                  "add those that are identifiers to the key's names, places or institutions; "
                  "apply replaces the key's forms everywhere, headers included.")
        for name, text in found:
            out.print(f"  {name}: {text}", markup=False, highlight=False)
    open_count = sum(1 for c in rows if c.status == "open")
    out.print(f"{open_count} open; review them with `kode deid review {project}`.")


@deid_group.command("list")
@project_argument
@_interviews_option
@click.option("--status", "statuses", multiple=True, type=click.Choice(["open", "accepted", "rejected", "applied"]),
              help="Only candidates with this status (repeatable).")
@click.option("--kind", "kinds", multiple=True, help=f"Only this kind ({_KIND_HELP}; repeatable).")
@format_option("text", "csv", "json")
def list_cmd(project: str, interviews: tuple[str, ...], statuses: tuple[str, ...], kinds: tuple[str, ...],
             fmt: str) -> None:
    """List stored candidates with their kind, text, interview, offsets and status."""
    with open_project(project) as p:
        rows = p.deid_candidates(interviews=_names(interviews), statuses=list(statuses) or None,
                                 kinds=split_multi(kinds) or None)
    header = ["id", "kind", "text", "interview", "start", "end", "source", "status"]
    data = [[c.id, c.kind, c.text, c.interview, c.start, c.end, c.source, c.status] for c in rows]
    if fmt == "json":
        emit_json([c.to_json() for c in rows])
    elif fmt == "csv":
        emit_csv(header, data)
    else:
        emit_table(header, data)


def _split_targets(values: tuple[str, ...], option: str) -> tuple[list[int], list[str]]:
    ids: list[int] = []
    kinds: list[str] = []
    for value in split_multi(values):
        if value.isdigit():
            ids.append(int(value))
        elif value in KINDS:
            kinds.append(value)
        else:
            raise InputError(f"{option}: {value!r} is neither a candidate id nor a kind ({_KIND_HELP})")
    return ids, kinds


@deid_group.command("review")
@project_argument
@_interviews_option
@click.option("--accept-all", is_flag=True, help="Accept every open candidate.")
@click.option("--accept", "accept", multiple=True, metavar="ID|KIND",
              help="Accept these candidates (ids) or every open one of these kinds (repeatable, comma separated).")
@click.option("--reject", "reject", multiple=True, metavar="ID|KIND",
              help="Reject these candidates (ids) or every open one of these kinds.")
@click.option("--relabel", "relabel", multiple=True, metavar="ID=KIND", help="Change a candidate's kind.")
@click.option("--kind", "kinds", multiple=True, help="Interactive review: only these kinds.")
@click.option("--context", default=60, show_default=True, help="Characters of text shown on each side.")
@click.option("--coder", default=None, help="Who decides (for the record).")
def review_cmd(project: str, interviews: tuple[str, ...], accept_all: bool, accept: tuple[str, ...],
               reject: tuple[str, ...], relabel: tuple[str, ...], kinds: tuple[str, ...], context: int,
               coder: str | None) -> None:
    """Accept, reject or re-label candidates: interactively, or with the options for scripts."""
    names = _names(interviews)
    scripted = accept_all or accept or reject or relabel
    with open_project(project) as p:
        actor = default_coder(p, coder)
        if scripted:
            _scripted(p, names, accept_all, accept, reject, relabel, actor)
            return
        try:
            _interactive(p, names, split_multi(kinds) or None, context, actor)
        except click.exceptions.Abort:
            if sys.stdin.isatty():
                raise  # ctrl-d or ctrl-c at a prompt: the user stopped on purpose
            # Answers may come from a pipe; when they run out (or there were none, as under cron or
            # `ssh host kode …`) say how to review without a terminal instead of a bare "Aborted!".
            raise InputError("kode deid review: the input ended before the review did (no terminal to ask on); "
                             "decisions made so far are kept; in a script use --accept-all, or "
                             "--accept/--reject ID|KIND and --relabel ID=KIND") from None


def _scripted(p: object, names: list[str] | None, accept_all: bool, accept: tuple[str, ...],
              reject: tuple[str, ...], relabel: tuple[str, ...], actor: str | None) -> None:
    from kode.project import Project

    assert isinstance(p, Project)
    out = console()
    for item in split_multi(relabel):
        cid, sep, kind = item.partition("=")
        if not sep or not cid.strip().isdigit():
            raise InputError(f"--relabel: {item!r} is not ID=KIND")
        p.deid_relabel(int(cid), kind.strip())
    accept_ids, accept_kinds = _split_targets(accept, "--accept")
    reject_ids, reject_kinds = _split_targets(reject, "--reject")
    done = 0
    if reject_ids:
        done += p.deid_decide(reject_ids, "rejected", actor=actor)
    if reject_kinds:
        ids = [c.id for c in p.deid_candidates(interviews=names, statuses=["open"], kinds=reject_kinds)]
        done += p.deid_decide(ids, "rejected", actor=actor)
    if accept_ids:
        done += p.deid_decide(accept_ids, "accepted", actor=actor)
    if accept_kinds:
        done += p.deid_accept_open(kinds=accept_kinds, interviews=names, actor=actor)
    if accept_all:
        done += p.deid_accept_open(interviews=names, actor=actor)
    left = p.deid_unreviewed(names)
    out.print(f"{done} decisions recorded; {left} candidates still open.")


_CHOICES = {"a": "accept", "r": "reject", "f": "accept all of this form", "k": "change the kind",
            "s": "skip", "q": "quit"}


def _interactive(p: object, names: list[str] | None, kinds: list[str] | None, context: int,
                 actor: str | None) -> None:
    from kode.project import Project

    assert isinstance(p, Project)
    out = console()
    pending = p.deid_candidates(interviews=names, statuses=["open"], kinds=kinds, context=context)
    if not pending:
        out.print("No open candidates.")
        return
    out.print(f"{len(pending)} open candidates. " + "  ".join(f"[bold]{k}[/] {v}" for k, v in _CHOICES.items()))
    decided: set[int] = set()
    for n, c in enumerate(pending, start=1):
        if c.id in decided:
            continue
        _show(out, n, len(pending), c)
        answer = click.prompt("Decision", type=click.Choice(list(_CHOICES)), default="a", show_choices=True)
        if answer == "q":
            break
        if answer == "s":
            continue
        if answer == "a":
            p.deid_decide([c.id], "accepted", actor=actor)
        elif answer == "r":
            p.deid_decide([c.id], "rejected", actor=actor)
        elif answer == "k":
            kind = click.prompt("Kind", type=click.Choice(list(KINDS)), default=c.kind)
            p.deid_decide([c.id], "accepted", actor=actor, kind=kind)
        elif answer == "f":
            p.deid_accept_form(c.id, actor=actor, interviews=names)
            decided.update(x.id for x in pending if x.form == c.form)
        decided.add(c.id)
    left = p.deid_unreviewed(names)
    out.print(f"{left} candidates still open.")


def _show(out: object, n: int, total: int, c: Candidate) -> None:
    from rich.console import Console
    from rich.markup import escape

    assert isinstance(out, Console)
    before, after = " ".join(c.before.split()), " ".join(c.after.split())
    out.print(f"\n[bold]{n}/{total}[/]  #{c.id}  {c.kind} ({c.source})  {escape(c.interview)} {c.start}–{c.end}")
    out.print(f"  …{escape(before)} [reverse]{escape(c.text)}[/reverse] {escape(after)}…")


@deid_group.command("apply")
@project_argument
@click.option("--key", "key", type=PathType(path_type=Path, dir_okay=False), required=True,
              help="Key file to read and extend (tag ↔ original); written with mode 0600, kept apart.")
@_interviews_option
@click.option("--strict", is_flag=True, help="Refuse while candidates are unreviewed.")
@click.option("--coder", default=None, help="Who applies (for the audit trail).")
@format_option("text", "json")
def apply_cmd(project: str, key: Path, interviews: tuple[str, ...], strict: bool, coder: str | None,
              fmt: str) -> None:
    """Replace accepted candidates by stable tags ([NAVN-3]); codings stay on their words."""
    with open_project(project) as p:
        report = p.deid_apply(key, interviews=_names(interviews), actor=default_coder(p, coder), strict=strict)
    if report.unreviewed:
        console(stderr=True).print(f"warning: {report.unreviewed} candidates are not reviewed yet "
                                   "and were left as they are")
    if fmt == "json":
        emit_json(report.to_json())
    else:
        memos = f" and {report.memos} memos" if report.memos else ""
        mode = stat.S_IMODE(key.stat().st_mode)
        console().print(f"Replaced {report.replaced} spans by {report.tags} tags in {report.interviews} interviews"
                        f"{memos}; {report.spans_moved} codings and suggestions moved with the text. "
                        f"Key: {key} (mode {mode:04o}).")
        if mode & 0o077:  # a key kode did not rewrite keeps the mode it was given
            console(stderr=True).print(f"warning: {key} holds the real names and others may read it "
                                       f"(mode {mode:04o}); run chmod 600 {key}", markup=False)
    if report.residue:
        _print_residue(report.residue, to_stderr=True)
        raise click.exceptions.Exit(1)
    if fmt != "json":
        _print_kept(report.kept)
        console().print("Verified: no replaced form is left in the project.")


def _print_residue(residue: list[Any], *, to_stderr: bool = False) -> None:
    out = console(stderr=to_stderr)
    out.print(f"error: {len(residue)} places still hold a replaced form (the form, not its context):")
    for r in residue[:200]:
        row = f" [{r.row}]" if r.row else ""
        out.print(f"  {r.where}{row}: {r.form}", markup=False, highlight=False)
    if len(residue) > 200:
        out.print(f"  … and {len(residue) - 200} more (use --format json for all)")


@deid_group.command("verify")
@project_argument
@click.option("--key", "key", type=PathType(path_type=Path, dir_okay=False), required=True,
              help="The key file whose replaced forms must be gone from the project.")
@format_option("text", "json")
def verify_cmd(project: str, key: Path, fmt: str) -> None:
    """Check that no replaced form can still be read anywhere in the project; exit 1 if one can.

    Looks in every text column of every table, in the full-text index, and in the raw bytes of a
    SQLite project file and its -wal/-shm/-journal files (UTF-8 and UTF-16, NFC and NFD, any case).
    Occurrences a reviewer rejected are listed as kept (with where they were rejected), not as
    residue; the same form anywhere a rejection does not explain is residue.
    """
    with open_project(project) as p:
        report = p.deid_verify(key)
    if fmt == "json":
        emit_json(report.to_json())
    else:
        _print_kept(report.kept)
        if report.residue:
            _print_residue(report.residue)
        else:
            console().print("No replaced form is left in the project.")
    if report.residue:
        raise click.exceptions.Exit(1)


def _print_kept(kept: list[Any]) -> None:
    """Places a reviewer's rejection explains, per form: where it was rejected, and how many
    copies (sentences, the search index, the file's pages) were made from those texts."""
    if not kept:
        return
    out = console()
    out.print("Kept on purpose, not residue of a replacement (a reviewer rejected these occurrences):",
              markup=False, highlight=False)
    for form in sorted({r.form for r in kept}):
        mine = [r for r in kept if r.form == form]
        where = sorted({r.reason for r in mine if r.where == "interview.text"})
        copies = len(mine) - sum(1 for r in mine if r.where == "interview.text")
        out.print(f"  {form}: {'; '.join(where)}" + (f" (and {copies} copies made from it)" if copies else ""),
                  markup=False, highlight=False)


COMMANDS = [deid_group]
