"""The ``kode`` command. One module per command group; this file only assembles them.

Every error a user can act on arrives here as a :class:`KodeError` and leaves as one line on
stderr with exit status 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import logging
from typing import Any

import click

from intervju.errors import KodeError
from kode import __version__


class KodeGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KodeError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=KodeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kode")
@click.option("-v", "--verbose", is_flag=True, help="Log what kode does (never transcript text or names).")
def main(verbose: bool) -> None:
    """kode: code qualitative interviews in the terminal.

    PROJECT is a project file (``studie.kode``, SQLite) or a PostgreSQL URL.
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="kode: %(message)s")


def _register() -> None:
    from kode.cli import (
        agreement_cmds,
        codebook_cmds,
        coding_cmds,
        corpus_cmds,
        deid_cmds,
        demo_cmd,
        export_cmds,
        groups,
        memo_cmds,
        project_cmds,
        refi_cmds,
        safety_cmds,
        search_cmds,
        suggest_cmds,
        team_cmds,
        tui_cmds,
    )

    modules = [
        project_cmds,
        corpus_cmds,
        demo_cmd,
        codebook_cmds,
        coding_cmds,
        memo_cmds,
        suggest_cmds,
        agreement_cmds,
        export_cmds,
        team_cmds,
        safety_cmds,
        refi_cmds,
        deid_cmds,
        search_cmds,
        tui_cmds,
    ]
    for module in modules:
        for command in module.COMMANDS:
            main.add_command(command)
    for group in (groups.export_group, groups.codebook_group):
        if group.commands:
            main.add_command(group)


_register()
