"""Command groups that several modules add subcommands to (``kode export …``, ``kode codebook …``).

Defined here once so each command module can attach its subcommands without importing another.
"""

from __future__ import annotations

import click


@click.group(name="export")
def export_group() -> None:
    """Write reports, matrices and exchange files."""


@click.group(name="codebook")
def codebook_group() -> None:
    """Keep the codebook: load, add, rename, move, merge, retire, show, export."""
