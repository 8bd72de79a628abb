"""``kode tui``: the coding workbench. Textual is imported inside the command only, so that every
other command answers without loading it."""

from __future__ import annotations

import click

from intervju.errors import KodeError
from kode.cli.common import default_coder, open_project, project_argument


@click.command(name="tui")
@project_argument
@click.option("--coder", default=None, help="Whose codings to make and show (default: KODE_CODER or the project's).")
@click.option("--interview", default=None, help="Open this interview (name or id) on the coding screen.")
@click.option("--light", is_flag=True, help="Start with the light theme (ctrl+t switches).")
def tui(project: str, coder: str | None, interview: str | None, light: bool) -> None:
    """The coding workbench: code, search, compare and read matrices in the terminal."""
    import sys

    from kodebok.coders import check_coder_name

    with open_project(project) as p:
        who = default_coder(p, coder)
        if not who:
            raise KodeError("no coder: give --coder ID, set KODE_CODER, or set the project's default coder")
        who = check_coder_name(who)
        start = None
        if interview is not None:
            from intervju.corpus import find_interview

            with p.session() as session:
                start = find_interview(session, interview).id
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            # Checked after the arguments, so a wrong project, coder or interview is named first.
            # Without a terminal Textual would write escape codes into a pipe and wait for keys forever.
            raise KodeError("kode tui needs a terminal (its input or output is a pipe or a file); "
                            "run it in an interactive shell, over SSH with `ssh -t`")
        # Only now, with every argument checked, may the workbench add a new coder (and say so
        # before the screen takes over the terminal); a refused `kode tui` writes nothing.
        workbench = p.workbench(who)
        p.on_new_coder = None  # nothing may print over the running app
        from tui.app import DARK, LIGHT, KodeApp

        KodeApp(workbench, theme=LIGHT if light else DARK, start_interview=start).run()


COMMANDS = [tui]
