"""Arguments and helpers every command group shares: the project argument, the coder, filters."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from intervju.corpus_sql import Filters
from intervju.errors import InputError

if TYPE_CHECKING:
    from kode.project import Project
    from kodebok.coders import NewCoder

F = TypeVar("F", bound=Callable[..., Any])


class PathType(click.Path):
    """``click.Path`` whose refusals are one line naming the path and the problem, exit 1.

    click says "Invalid value for '--manifest': File 'data' is a directory." after the command's
    usage, three lines with exit 2 — the one error in kode that does not read like the others and
    that scripts reading errors by line split in three. Every file or folder argument and option
    uses this type (``tests/test_path_arguments.py`` walks every command to keep it so).
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            raise InputError(self._problem(os.fsdecode(value), param, exc)) from None

    def _problem(self, value: str, param: click.Parameter | None, exc: click.BadParameter) -> str:
        if param is None:
            hint = "this"
        elif isinstance(param, click.Option):
            hint = max(param.opts, key=len)
        else:
            hint = param.human_readable_name
        if os.path.isdir(value) and not self.dir_okay:
            return f"{value}: a folder, not a file ({hint} needs a file)"
        if os.path.exists(value) and not os.path.isdir(value) and not self.file_okay:
            return f"{value}: a file, not a folder ({hint} needs a folder)"
        if self.readable and os.path.exists(value) and not os.access(value, os.R_OK):
            return f"{value}: not readable (check its permissions; {hint})"
        return f"{value}: {exc.format_message()} ({hint})"


def project_argument(f: F) -> F:
    return click.argument("project", metavar="PROJECT")(f)


def open_project(target: str) -> Project:
    """The project, set to say on stderr which coders a command added, once each write has held."""
    from kode.project import Project

    project = Project.open(target)
    project.on_new_coder = announce_new_coder
    return project


def announce_new_coder(coder: NewCoder) -> None:
    from kode.cli.output import console

    kind = "consensus coder" if coder.consensus else "coder"
    console(stderr=True).print(f"new {kind} {coder.name!r} added to the project", markup=False)


def filter_options(f: F) -> F:
    """``--site/--group/--wave/--participant`` (repeatable, or comma separated)."""
    for name, help_text in reversed(
        (
            ("site", "Only this site (repeatable or comma separated)."),
            ("group", "Only this informant group."),
            ("wave", "Only this wave."),
            ("participant", "Only interviews with this participant."),
        )
    ):
        f = click.option(f"--{name}", f"{name}s", multiple=True, help=help_text)(f)
    return f


def split_multi(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def filters_from(
    sites: tuple[str, ...], groups: tuple[str, ...], waves: tuple[str, ...], participants: tuple[str, ...]
) -> Filters:
    return Filters(
        sites=split_multi(sites),
        groups=split_multi(groups),
        waves=split_multi(waves),
        participants=split_multi(participants),
    )


def default_coder(project: Project, given: str | None) -> str | None:
    """``--coder`` wins, then ``KODE_CODER``, then the project's configured default coder."""
    if given:
        return given
    env = os.environ.get("KODE_CODER")
    if env:
        return env
    from intervju.setup import get_setting

    with project.session() as session:
        return get_setting(session, "default_coder")


def strict_option(f: F) -> F:
    return click.option(
        "--strict",
        is_flag=True,
        help="Refuse while de-identification candidates in transcripts or memos are unreviewed (`kode deid review`).",
    )(f)


def check_deidentified(project: Project, strict: bool) -> None:
    """Exports and backups carry texts out of the project: say so when names may still be in them
    (open candidates in transcripts or memos), or refuse with ``--strict``."""
    open_candidates = project.deid_unreviewed()
    if not open_candidates:
        return
    message = (
        f"{open_candidates} de-identification candidates are not reviewed yet; names may be in this export "
        f"(see `kode deid review {project.name}`)"
    )
    if strict:
        from intervju.errors import KodeError

        raise KodeError(message + "; refused because of --strict")
    click.echo(f"Warning: {message}", err=True)
