"""The ``--coder`` option of the codebook, coding and memo commands, and who acts.

A coder id not yet in the project is added on first use, inside the command's own transaction (the
façade ensures the coder where it writes), and the command says so on stderr once that transaction
has committed (:func:`kode.cli.common.open_project` hooks :func:`announce_new_coder`), so a typo
shows at once (``kode coders PROJECT`` lists them) and a command that fails adds no coder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from intervju.errors import InputError
from kode.cli.common import default_coder
from kode.project import Project

F = TypeVar("F", bound=Callable[..., Any])

#: The synopsis of commands that act as a coder: ``--coder`` first, because they fail without it on
#: a project with no default coder (the demo has none).
CODER_SYNOPSIS = "--coder ID [OPTIONS]"


def coder_option(f: F) -> F:
    return click.option("--coder", default=None,
                        help="Who does this (default: KODE_CODER, then the project's default_coder).")(f)


def acting_coder(project: Project, given: str | None) -> str:
    """The coder id to act as, checked but not written: the write that needs it adds it when new, in
    its own transaction, so nothing is added when that write fails."""
    from kodebok.coders import check_coder_name

    name = default_coder(project, given)
    if not name:
        raise InputError("say who you are: --coder ID, or set KODE_CODER, or `kode init … --coder ID`")
    return check_coder_name(name)
