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


def _print_hits(result: SearchResult, context: int) -> None:
    from rich.markup import escape

    out = console()
    for h in result.hits:
        left, match, right = kwic(h, context)
        where = " ".join(x for x in (h.interview, h.participant or "", h.group, h.wave,
                                     f"turn {h.turn}", clock(h.time)) if x)
        out.print(f"{escape(left):>{context + 1}}[bold reverse]{escape(match)}[/]{escape(right)}  [dim]{escape(where)}[/]",
                  soft_wrap=True)
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
            p.set_language_model(model)
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
