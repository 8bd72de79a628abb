"""The one exception family every layer raises for problems a user can act on.

The CLI prints ``str(error)`` as a single line and exits non-zero, so messages name the file,
option or value and say what to do.
"""


class KodeError(Exception):
    """A problem with the user's input or project, worded for the user."""


class InputError(KodeError):
    """A file or value given by the user cannot be used."""
