"""The one exception family every layer raises for problems a user can act on.

The CLI prints ``str(error)`` as a single line and exits non-zero, so messages name the file,
option or value and say what to do.
"""

from __future__ import annotations

import errno
import shlex


class KodeError(Exception):
    """A problem with the user's input or project, worded for the user."""


class InputError(KodeError):
    """A file or value given by the user cannot be used."""

    def within(self, where: str) -> InputError:
        """The same error, said of ``where`` (a CSV line, an option): ``where: message``."""
        return InputError(f"{where}: {self}")


#: Where a hint after the place names the project argument (``f"see `kode list {PROJECT_ARG}`"``):
#: the project's shell-quoted name once known, else ``PROJECT``. A marker no name or text holds,
#: so a code or coder that happens to be called PROJECT is left alone.
PROJECT_ARG = "\x00PROJECT\x00"


class NotInProject(InputError):
    """Something the user named (an interview, a code, a coder, a memo …) that the project lacks.

    The functions that look names up get a session, not the project's file or URL, so they can
    only say "in the project". A researcher with several project files (one per study, each
    coder's copy before a merge) then cannot tell a mistyped name from the wrong file. So the
    message is kept in two parts around the place, and whoever opened the project
    (:meth:`kode.project.Project.session`, the quick read path of ``kode info/list/show``) names
    it with :meth:`naming` before the error reaches the user; :data:`PROJECT_ARG` in the text
    after the place (a hint such as ``kode list PROJECT``) becomes the project's name as well.
    """

    def __init__(self, before: str, after: str = "", *, codebook: bool = False,
                 project: str | None = None, where: str = "") -> None:
        self.before, self.after, self.codebook, self.project, self.where = before, after, codebook, project, where
        super().__init__(self._text())

    def _text(self) -> str:
        place = "the codebook" if self.codebook else "the project"
        after = self.after.replace(PROJECT_ARG, "PROJECT" if self.project is None else shlex.quote(self.project))
        if self.project is not None:
            place += f" of {self.project}" if self.codebook else f" {self.project}"
        return f"{self.where + ': ' if self.where else ''}{self.before} in {place}{after}"

    def naming(self, project: str) -> NotInProject:
        """This error with the project's printable name (:func:`kode.store.describe`) in it."""
        if self.project is not None:
            return self
        return NotInProject(self.before, self.after, codebook=self.codebook, project=project, where=self.where)

    def within(self, where: str) -> NotInProject:
        inner = f"{where}: {self.where}" if self.where else where
        return NotInProject(self.before, self.after, codebook=self.codebook, project=self.project, where=inner)


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
