"""Errors meant for people: their message is shown as it is, on one line, without a traceback."""


class CasebookError(Exception):
    """A problem the person can act on; the message says what happened and what to do."""


class UsageError(CasebookError):
    """The command line was used wrongly (exit code 2)."""
