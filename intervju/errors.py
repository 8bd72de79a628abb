"""The one exception family every layer raises for problems a user can act on.

The CLI prints ``str(error)`` as a single line and exits non-zero, so messages name the file,
option or value and say what to do.
"""

import errno


class KodeError(Exception):
    """A problem with the user's input or project, worded for the user."""


class InputError(KodeError):
    """A file or value given by the user cannot be used."""


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the database's quota) is full: the run cannot go on."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        orig = getattr(current, "orig", None)
        text = str(orig if orig is not None else current).casefold()
        if "database or disk is full" in text or "no space left" in text:
            return True
        if getattr(orig, "sqlstate", None) == "53100":  # PostgreSQL disk_full
            return True
        current = current.__cause__ or current.__context__
    return False
