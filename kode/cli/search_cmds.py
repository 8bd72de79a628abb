"""Search commands: ``search`` (keyword in context), ``nlp`` (the pipeline in use), ``reindex``."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kode.cli.common import filter_options, filters_from, open_project, project_argument
from kode.cli.output import console, emit_csv, emit_json, format_option, progress_bar

if TYPE_CHECKING:
    from intervju.search import SearchHit, SearchResult


def clock(seconds: float | None) -> str:
    """``h:mm:ss`` for a turn's timestamp, or "" when the transcript has none."""
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def kwic(hit: SearchHit, context: int) -> tuple[str, str, str]:
    """(left context, the first match, right context) on one line, ``context`` characters a side."""
    text = hit.text
    if hit.matches:
        s, e = hit.matches[0]
        s, e = s - hit.start, e - hit.start
    else:
        s = e = 0
    left = text[max(0, s - context) : s]
    right = text[e : e + context]
    flat = [re.sub(r"\s+", " ", part) for part in (left, text[s:e], right)]
    if s - context > 0:
        flat[0] = "…" + flat[0]
    if e + context < len(text):
        flat[2] = flat[2] + "…"
    return flat[0], flat[1], flat[2]


@click.command(name="search")
@project_argument
@click.argument("query")
@filter_options
@click.option("--speaker", type=click.Choice(["informant", "interviewer", "all"]), default="informant",
              show_default=True, help="Whose turns to search (what the interviewer said is rarely data).")
@click.option("--scope", type=click.Choice(["sentence", "turn"]), default="sentence", show_default=True,
              help="The unit a hit is, and within which AND/OR/NOT apply.")
@click.option("--context", type=click.IntRange(0, 10_000), default=40, show_default=True,
              help="Characters of context each side of the hit (text and csv output).")
@click.option("--limit", type=click.IntRange(0), default=None, help="Show at most N hits (counts cover all).")
@click.option("--code", "codes", multiple=True,
              help="Only inside passages coded with this code or its sub-codes (repeatable or comma separated).")
@click.option("--coder", "coders", multiple=True, help="With --code: only this coder's codings (repeatable).")
@format_option()
def search_cmd(project: str, query: str, sites: tuple[str, ...], groups: tuple[str, ...], waves: tuple[str, ...],
               participants: tuple[str, ...], speaker: str, scope: str, context: int, limit: int | None,
               codes: tuple[str, ...], coders: tuple[str, ...], fmt: str) -> None:
    """Search the corpus: a word by lemma, =exact, prefix*, fuzzy~, "phrase", AND OR NOT ( ), NEAR/5(a b)."""
    from kode.cli.common import split_multi

    filters = filters_from(sites, groups, waves, participants)
    if coders and not codes:
        raise click.UsageError("--coder needs --code (whose codings of which code)")
    with open_project(project) as p:
        result = p.search(query, filters, scope=scope, speaker=speaker, limit=limit, codes=split_multi(codes),
                          coders=split_multi(coders))
    if fmt == "json":
        emit_json(result.to_json())
    elif fmt == "csv":
        emit_csv(
            ["interview", "turn", "time", "participant", "site", "group", "wave", "start", "end",
             "left", "match", "right", "text"],
            ([h.interview, h.turn, clock(h.time), h.participant, h.site, h.group, h.wave, h.start, h.end,
              *kwic(h, context), h.text] for h in result.hits),
        )
    else:
        _print_hits(result, context)


def where_label(hit: SearchHit, width: int) -> str:
    """Where a hit is, in at most ``width`` characters: the interview (cut with … if need be) and
    the turn always; participant, time, group and wave while they fit."""
    from kode.fit import ellipsize

    turn = f"turn {hit.turn}"
    label = f"{ellipsize(hit.interview, max(8, width - len(turn) - 1))} {turn}"
    for extra in (hit.participant, clock(hit.time), hit.group, hit.wave):
        if extra and len(label) + 1 + len(extra) <= width:
            label += f" {extra}"
    return label


def kwic_line(hit: SearchHit, context: int, width: int) -> tuple[str, str, str, str]:
    """(left, match, right, where) of one hit on one line of at most ``width`` characters.

    The context shrinks to what fits (the same on both sides); ``--format csv`` keeps it whole.
    """
    from kode.fit import ellipsize

    left, match, right = kwic(hit, context)
    match = ellipsize(match, max(8, width // 3))
    # The label takes what 20 characters of context a side (or less, if --context asks less) leave.
    where = where_label(hit, min(40, max(16, width - 2 - len(match) - 2 * min(context + 1, 20))))
    room = max(0, width - len(where) - 2 - len(match))
    side = min(context + 1, room // 2)
    right_side = min(context + 1, room - side)
    if len(left) > side:
        left = ("…" + left[len(left) - side + 1 :]) if side > 1 else left[len(left) - side :]
    if len(right) > right_side:
        right = ellipsize(right, right_side)
    return left.rjust(side), match, right.ljust(right_side), where


def _print_hits(result: SearchResult, context: int) -> None:
    """One line per hit, written as it is made. Not through rich: parsing markup and rendering a
    line per hit made 47,000 hits take 18 s of CPU against 5 s for CSV. The match is shown bold
    and reversed, the place dim, when the console takes colour (a terminal, no NO_COLOR)."""
    from kode.cli.output import terminal_width

    out = console()
    width = terminal_width()
    on, dim, off = ("\x1b[1;7m", "\x1b[2m", "\x1b[0m") if out.color_system is not None else ("", "", "")
    write = sys.stdout.write
    for h in result.hits:
        left, match, right, where = kwic_line(h, context, width)
        write(f"{left}{on}{match}{off}{right}  {dim}{where}{off}\n")
    sys.stdout.flush()
    counts = result.counts
    shown = f" (showing {len(result.hits)})" if len(result.hits) < result.total else ""
    unit = "sentence" if result.scope == "sentence" else "turn"
    out.print(f"{result.total} matching {unit}{'s' if result.total != 1 else ''}{shown}")
    out.print("by wave:  " + ", ".join(f"{k} {v}" for k, v in counts["wave"].items()))
    out.print("by group: " + ", ".join(f"{k} {v}" for k, v in counts["group"].items()))


@click.command(name="nlp")
@project_argument
@click.option("--model", default=None, metavar="NAME_OR_PATH",
              help="Set the project's spaCy pipeline (a package name or a folder); then `kode reindex`.")
@format_option("text", "json")
def nlp_cmd(project: str, model: str | None, fmt: str) -> None:
    """Show the language pipeline the project uses (or set it with --model)."""
    with open_project(project) as p:
        if model is not None:
            p.set_language_model(model, must_exist=True)
        info = p.nlp_info()
    if fmt == "json":
        emit_json(info.to_json())
        return
    out = console()
    out.print(f"configured model: {info.configured}")
    state = "fallback (not trained)" if info.fallback else ("trained" if info.trained else "not trained")
    out.print(f"pipeline in use:  {info.name} — {state}")
    out.print(f"version:          {info.version}")
    out.print(f"components:       {', '.join(info.components)}")
    if info.interviews:
        out.print("interviews by pipeline: " + ", ".join(f"{k} {v}" for k, v in sorted(info.interviews.items())))
    if info.notice:
        out.print(f"note: {info.notice}", markup=False, soft_wrap=True)
    if model is not None:
        out.print("model set; run `kode reindex PROJECT` to index existing interviews with it")


@click.command(name="reindex")
@project_argument
@click.option("--interviews", "interviews", multiple=True, help="Only these interviews (repeatable or comma separated).")
@click.option("--force", is_flag=True, help="Index again even interviews indexed with the current pipeline.")
@format_option("text", "json")
def reindex_cmd(project: str, interviews: tuple[str, ...], force: bool, fmt: str) -> None:
    """Build the search index again (after installing or choosing a model); resumable."""
    from kode.cli.common import split_multi

    with open_project(project) as p, progress_bar(enabled=sys.stderr.isatty() and fmt == "text",
                                                  label="Indexing") as bar:
        progress = (lambda done, total: bar(done, total, Path())) if bar else None
        report = p.reindex(interviews=split_multi(interviews), force=force, progress=progress)
    if fmt == "json":
        emit_json({"pipeline": report.pipeline, "indexed": report.indexed, "skipped": report.skipped})
        return
    out = console()
    out.print(f"indexed {len(report.indexed)} interview{'s' if len(report.indexed) != 1 else ''} "
              f"with {report.pipeline}; {len(report.skipped)} already up to date"
              + ("" if force or not report.skipped else " (--force redoes them)"))


COMMANDS = [search_cmd, nlp_cmd, reindex_cmd]
