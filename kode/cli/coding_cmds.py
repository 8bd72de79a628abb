"""``kode code``, ``kode uncode`` and ``kode codings [list|import]``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from intervju.corpus import Filters
from kode.cli.coder_opt import acting_coder, coder_option
from kode.cli.common import open_project, project_argument, split_multi
from kode.cli.output import console, emit_csv, emit_json, emit_table, format_option
from kodebok.coding import CodingFilters, sentence_span, turn_span

F = TypeVar("F", bound=Callable[..., Any])
Span = Callable[[Any, Any], tuple[int, int]]


def _selector_options(f: F) -> F:
    f = click.option("--span", "span", default=None, help="Character offsets A:B into the canonical text.")(f)
    f = click.option("--sentence", "sentence", type=int, default=None, help="Sentence number N.")(f)
    f = click.option("--turn", "turn", default=None, help="Turn N or turns N-M.")(f)
    return f


def _int_pair(value: str, sep: str, option: str) -> tuple[int, int]:
    try:
        a, b = value.split(sep, 1)
        return int(a), int(b)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not like {'12-14' if sep == '-' else '120:480'}",
                                 param_hint=option) from None


def _selector(turn: str | None, sentence: int | None, span: str | None) -> Span:
    given = [x for x in (turn, sentence, span) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --turn N[-M], --sentence N or --span A:B")
    if turn is not None:
        first, last = _int_pair(turn, "-", "--turn") if "-" in turn else (_int_pair(f"{turn}-{turn}", "-", "--turn"))
        return lambda s, iv: turn_span(s, iv, first, last)
    if sentence is not None:
        n = sentence
        return lambda s, iv: sentence_span(s, iv, n)
    assert span is not None
    a, b = _int_pair(span, ":", "--span")
    return lambda _s, _iv: (a, b)


@click.command(name="code")
@project_argument
@click.argument("interview")
@click.option("--code", "code", required=True, help="Code: path (Arbeidsmetodikk/DBT), name or label.")
@_selector_options
@coder_option
def code_(project: str, interview: str, code: str, turn: str | None, sentence: int | None, span: str | None,
          coder: str | None) -> None:
    """Code a turn range, a sentence or a span of INTERVIEW."""
    pick = _selector(turn, sentence, span)
    with open_project(project) as p:
        who = acting_coder(p, coder)
        start, end = p.code(interview, code, pick, who)
    console().print(f"Coded {start}:{end} of {interview} with {code!r} for {who}", markup=False)


@click.command(name="uncode")
@project_argument
@click.argument("interview")
@click.option("--code", "code", required=True, help="Code: path, name or label.")
@_selector_options
@coder_option
def uncode(project: str, interview: str, code: str, turn: str | None, sentence: int | None, span: str | None,
           coder: str | None) -> None:
    """Remove this coder's coding of a code at exactly that place."""
    pick = _selector(turn, sentence, span)
    with open_project(project) as p:
        who = acting_coder(p, coder)
        start, end = p.code(interview, code, pick, who, remove=True)
    console().print(f"Removed {who}'s coding {start}:{end} of {interview} with {code!r}", markup=False)


class DefaultListGroup(click.Group):
    """``kode codings PROJECT …`` means ``kode codings list PROJECT …``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@click.group(name="codings", cls=DefaultListGroup)
def codings_group() -> None:
    """List codings (`kode codings PROJECT …`) or import them from a CSV file."""


@codings_group.command(name="list")
@project_argument
@click.option("--code", "codes", multiple=True, help="Only this code and the codes under it (repeatable).")
@click.option("--coder", "coders", multiple=True, help="Only this coder (repeatable).")
@click.option("--wave", "waves", multiple=True, help="Only this wave.")
@click.option("--group", "groups", multiple=True, help="Only this informant group.")
@click.option("--site", "sites", multiple=True, help="Only this site.")
@click.option("--interview", "interviews", multiple=True, help="Only this interview.")
@format_option()
def list_(project: str, codes: tuple[str, ...], coders: tuple[str, ...], waves: tuple[str, ...],
          groups: tuple[str, ...], sites: tuple[str, ...], interviews: tuple[str, ...], fmt: str) -> None:
    """List codings with their text."""
    filters = CodingFilters(codes=split_multi(codes), coders=split_multi(coders),
                            corpus=Filters(sites=split_multi(sites), groups=split_multi(groups),
                                           waves=split_multi(waves), interviews=split_multi(interviews)))
    with open_project(project) as p:
        rows = p.codings(filters)
    if fmt == "json":
        emit_json([r.to_json() for r in rows])
        return
    header = ["id", "code", "interview", "start", "end", "coder", "created", "text"]
    data = [[r.id, r.code, r.interview, r.start, r.end, r.coder, r.created.isoformat(timespec="seconds"),
             r.text if fmt == "csv" else _short(r.text)] for r in rows]
    if fmt == "csv":
        emit_csv(header, data)
    else:
        emit_table(header, data, title=f"{len(rows)} codings")


def _short(text: str, width: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


@codings_group.command(name="import")
@project_argument
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@coder_option
def import_(project: str, file: Path, coder: str | None) -> None:
    """Load codings from CSV (interview,turn,code,coder,quote) in one transaction."""
    with open_project(project) as p:
        from kode.cli.common import default_coder

        result = p.import_codings(file, actor=default_coder(p, coder))
    out = console()
    for name in result.new_coders:
        out.print(f"new coder {name!r} added to the project", markup=False)
    out.print(f"{result.file}: {result.added} codings added, {result.already} there already", markup=False)


COMMANDS = [code_, uncode, codings_group]
