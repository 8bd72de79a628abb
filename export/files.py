"""Writing output files safely: a temp file beside the target, mode 0600, moved in place whole.

A failed write leaves nothing behind: neither a half-written target nor the temp file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from intervju.errors import InputError


def check_target(path: Path, option: str = "-o") -> Path:
    """The output path, or a one-line error when its folder is missing or not writable."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"{option} {path}: is a folder; give a file name")
    if not parent.is_dir():
        raise InputError(f"{option} {path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{option} {path}: the folder {parent} is not writable")
    return path


def atomic_write(path: Path, write: Callable[[Path], None], option: str = "-o") -> Path:
    """Call ``write(temp_path)``, then move the temp file onto ``path`` (created mode 0600)."""
    path = check_target(path, option)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise InputError(f"{option} {path}: cannot write ({exc.strerror or exc})") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def check_suffix(path: Path, suffix: str, what: str, option: str = "-o") -> Path:
    """Refuse an output name whose suffix says another format than the one written.

    A Word file named ``rapport.pdf`` opens in no PDF reader and hides what it is; the name is
    the user's promise about the content, so it must match (case does not matter).
    """
    path = Path(path)
    if path.suffix.casefold() != suffix.casefold():
        given = f"ends in {path.suffix!r}" if path.suffix else "has no suffix"
        raise InputError(f"{option} {path}: {what} is written as {suffix}, but the name {given}; "
                         f"give a name ending in {suffix}")
    return path
