"""Arguments and helpers every command group shares: the project argument, the coder, filters."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from intervju.corpus import Filters
from kode.project import Project

F = TypeVar("F", bound=Callable[..., Any])


def project_argument(f: F) -> F:
    return click.argument("project", metavar="PROJECT")(f)


def open_project(target: str) -> Project:
    return Project.open(target)


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
