"""``kode code``, ``kode uncode`` and ``kode codings [list|import]``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from intervju.corpus import Filters
from intervju.errors import InputError
from kode.cli.coder_opt import coder_option
from kode.cli.common import PathType, default_coder, open_project, project_argument, split_multi
from kode.cli.output import console, emit_csv, emit_fitted, emit_json, format_option
from kode.fit import Col
from kodebok.coding import CodingFilters
from kodebok.coding_batch import CodingTarget, PlacedCoding, parse_turns, read_csv_text

F = TypeVar("F", bound=Callable[..., Any])


def _selector_options(f: F) -> F:
    f = click.option("--from", "source", default=None, type=PathType(path_type=Path, dir_okay=False, allow_dash=True),
                     help="Many targets from a CSV file (- for standard input): columns interview, code, "
                          "turn, sentence, span, quote, coder; a column left out takes INTERVIEW, --code, --coder.")(f)
    f = click.option("--span", "spans", multiple=True,
                     help="Character offsets A:B into the canonical text (repeatable, or comma separated).")(f)
    f = click.option("--sentence", "sentences", multiple=True,
                     help="Sentence N (repeatable, or comma separated: 4,7).")(f)
    f = click.option("--turn", "turns", multiple=True,
                     help="Turn N or turns N-M; several at once: --turn 3,5,9-11 (each one coding).")(f)
    return f


def _targets(project: Any, interview: str | None, code: str | None, turns: tuple[str, ...],
             sentences: tuple[str, ...], spans: tuple[str, ...], source: Path | None,
             coder: str | None) -> list[CodingTarget]:
    """Every target the options name, in order; the coder is ``--coder``, KODE_CODER or the default."""
    from kodebok.coding_batch import parse_sentence, parse_span, read_source, targets_from_csv

    who = default_coder(project, coder) or ""
    targets: list[CodingTarget] = []
    if source is not None:
        name, data = read_source(source)
        targets += targets_from_csv(name, read_csv_text(name, data), interview=interview, code=code, coder=who or None)
    places = [*(("turns", v) for v in split_multi(turns)), *(("sentence", v) for v in split_multi(sentences)),
              *(("span", v) for v in split_multi(spans))]
    if places and (interview is None or code is None):
        raise click.UsageError("give INTERVIEW and --code with --turn, --sentence or --span")
    for kind, value in places:
        option = {"turns": "--turn", "sentence": "--sentence", "span": "--span"}[kind]
        try:
            place: Any = {"turns": parse_turns, "sentence": parse_sentence, "span": parse_span}[kind](value)
        except InputError as exc:
            raise click.BadParameter(str(exc), param_hint=option) from None
        assert interview is not None and code is not None
        targets.append(CodingTarget(interview=interview, code=code, coder=who, **{kind: place}))
    if not targets:
        raise click.UsageError("give at least one of --turn N[-M], --sentence N, --span A:B or --from FILE")
    if any(not t.coder for t in targets):
        raise InputError("say who you are: --coder ID, or set KODE_CODER, or `kode init … --coder ID`")
    return targets


def _done(verb: str, placed: list[PlacedCoding]) -> None:
    out = console()
    if len(placed) == 1:
        c = placed[0]
        out.print(f"{verb} {c.start}:{c.end} of {c.interview} with {c.code!r} for {c.coder}", markup=False)
        return
    out.print(f"{verb} {len(placed)} codings:", markup=False)
    for c in placed:
        out.print(f"  {c.interview} {c.start}:{c.end} {c.code} ({c.coder})", markup=False)


@click.command(name="code")
@project_argument
@click.argument("interview", required=False)
@click.option("--code", "code", default=None, help="Code: path (Arbeidsmetodikk/DBT), name or label.")
@_selector_options
@coder_option
def code_(project: str, interview: str | None, code: str | None, turns: tuple[str, ...], sentences: tuple[str, ...],
          spans: tuple[str, ...], source: Path | None, coder: str | None) -> None:
    """Code turns, sentences or spans of INTERVIEW (several at once, or --from a CSV file).

    All targets go in one transaction: when one is wrong, nothing is coded and no coder is added.
    """
    with open_project(project) as p:
        result = p.code_targets(_targets(p, interview, code, turns, sentences, spans, source, coder))
    _done("Coded", result.added)


@click.command(name="uncode")
@project_argument
@click.argument("interview", required=False)
@click.option("--code", "code", default=None, help="Code: path, name or label.")
@_selector_options
@coder_option
def uncode(project: str, interview: str | None, code: str | None, turns: tuple[str, ...], sentences: tuple[str, ...],
           spans: tuple[str, ...], source: Path | None, coder: str | None) -> None:
    """Remove this coder's coding of a code at exactly that place (or places, in one transaction)."""
    with open_project(project) as p:
        removed = p.uncode_targets(_targets(p, interview, code, turns, sentences, spans, source, coder))
    _done("Removed", removed)


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
        for row in data:
            row[6] = str(row[6])[:16].replace("T", " ")  # to the minute on screen; csv and json keep seconds
        emit_fitted(CODINGS_COLUMNS, data, title=f"{len(rows)} codings")


#: ``kode codings`` in 80 columns: a code path keeps its leaf; offsets and time go before the text.
CODINGS_COLUMNS = (
    Col("id", "fixed", right=True), Col("code", min=16, keep="end"), Col("interview", min=14, drop=4),
    Col("start", "fixed", drop=2, right=True), Col("end", "fixed", drop=2, right=True), Col("coder", min=5),
    Col("created", "fixed", drop=1), Col("text", "text", min=28),
)


def _short(text: str, width: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


@codings_group.command(name="import")
@project_argument
@click.argument("file", type=PathType(path_type=Path, dir_okay=False))
@coder_option
def import_(project: str, file: Path, coder: str | None) -> None:
    """Load codings from CSV (interview,turn,code,coder,quote) in one transaction."""
    with open_project(project) as p:
        from kode.cli.common import default_coder

        result = p.import_codings(file, actor=default_coder(p, coder))
    console().print(f"{result.file}: {result.added} codings added, {result.already} there already", markup=False)


COMMANDS = [code_, uncode, codings_group]
