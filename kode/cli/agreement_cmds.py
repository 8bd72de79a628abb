"""``kode agreement`` (figures, tables, overlap, disagreements, --adopt) and ``kode consensus``."""

from __future__ import annotations

from typing import Any

import click

from kode.cli.coder_opt import coder_option
from kode.cli.common import default_coder, open_project, project_argument, split_multi
from kode.cli.output import console, emit_csv, emit_json, format_option
from kodebok.agreement import AgreementReport, Figures


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _row(name: str, f: Figures, coders: list[str]) -> list[Any]:
    t = f.table
    row = [name, f.units, _num(f.percent, 1), _num(f.kappa), _num(f.ac1), _num(f.alpha), _num(f.prevalence)]
    row += [t["coded"][c] for c in coders] + [t["only"][c] for c in coders] + [t["both"], t["neither"]]
    return row


def _header(coders: list[str]) -> list[str]:
    both = "both" if len(coders) == 2 else "all"
    none = "neither" if len(coders) == 2 else "none"
    return (["code", "units", "percent", "kappa", "ac1", "alpha", "prevalence"] + [f"coded {c}" for c in coders]
            + [f"only {c}" for c in coders] + [both, none])


def _block(name: str, f: Figures, coders: list[str]) -> list[str]:
    t = f.table
    pct = "—" if f.percent is None else f"{f.percent:.1f} %"
    lines = [name, f"  units {f.units} · agreement {pct} · kappa {_num(f.kappa)} · AC1 {_num(f.ac1)} · "
                   f"alpha {_num(f.alpha)} · prevalence {_num(f.prevalence)}"]
    both, none = ("both", "neither") if len(coders) == 2 else ("all", "none")
    coded = ", ".join(f"{c} {t['coded'][c]}" for c in coders)
    only = " · ".join(f"only {c} {t['only'][c]}" for c in coders)
    lines.append(f"  coded: {coded} · {both} {t['both']} · {only} · {none} {t['neither']}")
    for a, others in f.overlap.items():
        shares = "; ".join(f"{b} {'—' if v is None else f'{100 * v:.1f} %'}" for b, v in others.items())
        lines.append(f"  of {a}'s coded characters, also coded by: {shares}")
    return lines


def _print_text(report: AgreementReport) -> None:
    out = console()
    coders = report.coders
    out.print(f"Agreement of {', '.join(coders)} over informant {report.unit}s of {len(report.interviews)} "
              f"interviews coded by all of them", markup=False)
    for name, f in [*report.codes.items(), ("Overall (every unit × code decision pooled)", report.overall)]:
        out.print("")
        for line in _block(name, f, coders):
            out.print(line, markup=False)
    undefined = [n for n, f in report.codes.items() if len(coders) == 2 and f.kappa is None]
    if undefined:
        out.print("\nkappa is undefined (—) when chance agreement is 1, e.g. when neither coder used the code in "
                  f"these units: {', '.join(undefined)}", markup=False)
    if len(coders) != 2:
        out.print("\nkappa and AC1 are for exactly two coders (—); alpha takes any number.")


def _print_disagreements(report: AgreementReport, fmt: str) -> None:
    header = ["code", "interview", "unit", "start", "end", "coded by", "not by", "text"]
    rows = [[d.code, d.interview, d.unit, d.start, d.end, ";".join(d.coded_by), ";".join(d.not_by), d.text]
            for d in report.disagreements]
    if fmt == "csv":
        emit_csv(header, rows)
        return
    out = console()
    out.print(f"{len(rows)} disagreements", markup=False)
    for d in report.disagreements:
        out.print(f"\n{d.interview} {report.unit} {d.unit} [{d.start}:{d.end}]  {d.code}: coded by "
                  f"{', '.join(d.coded_by)}, not by {', '.join(d.not_by)}", markup=False)
        out.print(f"  {d.text}", markup=False)


@click.command(name="agreement")
@project_argument
@click.option("--coders", "coders", required=True, multiple=True,
              help="Coders to compare: --coders A --coders B, or --coders A,B.")
@click.argument("more_coders", nargs=-1, metavar="[CODER]...")
@click.option("--unit", type=click.Choice(["turn", "sentence"]), default="turn", show_default=True)
@click.option("--codes", "codes", multiple=True, help="Only these codes (repeatable or comma separated).")
@click.option("--interviews", "interviews", multiple=True, help="Only these interviews.")
@click.option("--disagreements", is_flag=True, help="List the units the coders disagree on, with text.")
@click.option("--adopt", "adopt", default=None, metavar="CONSENSUS",
              help="Turn units where all coders agree into codings of this consensus coder.")
@coder_option
@format_option()
def agreement(project: str, coders: tuple[str, ...], more_coders: tuple[str, ...], unit: str, codes: tuple[str, ...],
              interviews: tuple[str, ...], disagreements: bool, adopt: str | None, coder: str | None,
              fmt: str) -> None:
    """Percent agreement, Cohen's kappa, Gwet's AC1 and Krippendorff's alpha per code and overall.

    Write the coders as `--coders A B` or `--coders A --coders B`.
    """
    names = split_multi(coders) + list(more_coders)
    with open_project(project) as p:
        if adopt:
            r = p.adopt_agreed(adopt, names, unit=unit, codes=split_multi(codes),
                               interviews=split_multi(interviews), actor=default_coder(p, coder))
            console().print(f"{r.created} agreed units adopted as codings of {r.consensus} "
                            f"({r.already} there already)", markup=False)
            return
        report = p.agreement(names, unit=unit, codes=split_multi(codes), interviews=split_multi(interviews))
    if disagreements:
        if fmt == "json":
            emit_json([d.to_json() for d in report.disagreements])
        else:
            _print_disagreements(report, fmt)
    elif fmt == "json":
        emit_json(report.to_json())
    elif fmt == "csv":
        emit_csv(_header(report.coders), [_row(n, f, report.coders) for n, f in report.codes.items()]
                 + [_row("(overall)", report.overall, report.coders)])
    else:
        _print_text(report)


@click.command(name="consensus")
@project_argument
@click.option("--coder", "consensus", required=True, help="The consensus coder (created as one if new).")
@click.option("--coding", "codings", multiple=True, type=int, required=True,
              help="An adjudicated coding to adopt (id from `kode codings`; repeatable).")
@click.option("--by", "actor", default=None, help="Who adjudicated (default: KODE_CODER or default_coder).")
def consensus(project: str, consensus: str, codings: tuple[int, ...], actor: str | None) -> None:
    """Copy adjudicated codings to the consensus coder."""
    with open_project(project) as p:
        r = p.adopt_codings(consensus, list(codings), actor=default_coder(p, actor))
    console().print(f"{r.created} codings adopted by {r.consensus} ({r.already} there already)", markup=False)


COMMANDS = [agreement, consensus]
