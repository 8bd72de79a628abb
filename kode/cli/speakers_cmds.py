"""``kode speakers``: the speaker labels of imported interviews, and giving them roles."""

from __future__ import annotations

import click

from kode.cli.common import default_coder, filter_options, filters_from, open_project, project_argument
from kode.cli.output import console, emit_csv, emit_json, emit_table, format_option


@click.command()
@project_argument
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="LABEL=ROLE[:PARTICIPANT]",
    help="Give a label a role (interviewer, informant, unknown) and, for an informant, a participant; "
    "repeatable, e.g. --map S1=interviewer --map S2=informant:U03.",
)
@click.option("--interview", "interviews", multiple=True, help="Only this interview (repeatable).")
@filter_options
@click.option("--coder", default=None, help="Who changes the roles (for the audit trail).")
@format_option()
def speakers(
    project: str,
    maps: tuple[str, ...],
    interviews: tuple[str, ...],
    sites: tuple[str, ...],
    groups: tuple[str, ...],
    waves: tuple[str, ...],
    participants: tuple[str, ...],
    coder: str | None,
    fmt: str,
) -> None:
    """List speaker labels with their role, turns and an example; --map assigns roles without re-import.

    Labels such as S1, Person 2 or SPEAKER_00 are imported as role unknown, and a search (which
    looks at informants by default) does not see them until they are mapped.
    """
    from intervju.speaker_map import label_summary, parse_assignment, remap_speakers

    filters = filters_from(sites, groups, waves, participants)
    with open_project(project) as p:
        if maps:
            mapping = dict(parse_assignment(spec) for spec in maps)
            p.require_writable()
            actor = default_coder(p, coder)
            with p.session() as session:
                report = remap_speakers(session, mapping, filters=filters, interviews=interviews, actor=actor)
            if fmt == "json":
                emit_json({"turns": report.turns, "interviews": report.interviews, "labels": report.by_label})
                return
            if fmt == "text":
                console().print(
                    f"{report.turns} turns in {len(report.interviews)} interviews changed"
                    + "".join(f"; {label}: {n}" for label, n in report.by_label.items()),
                    markup=False,
                    soft_wrap=True,
                )
        with p.session() as session:
            rows = label_summary(session, filters, interviews)
    if fmt == "json":
        if not maps:
            emit_json([r.to_json() for r in rows])
        return
    header = ["label", "role", "participant", "turns", "interviews", "example"]
    data = [[r.label or "—", r.role, r.participant or "", r.turns, r.interviews, r.example] for r in rows]
    if fmt == "csv":
        emit_csv(header, data)
        return
    emit_table(header, data)
    unknown = [r.label for r in rows if r.role == "unknown" and r.label]
    if unknown and not maps:
        example = " ".join(f"--map {label}=ROLE" for label in unknown[:3])
        console().print(f"assign roles: kode speakers {p.name} {example}", markup=False, soft_wrap=True)


COMMANDS = [speakers]
