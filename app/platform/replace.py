"""Putting a finished file in place with `os.replace`, patiently.

On Windows a file open in another program cannot be replaced: a PDF shown in Acrobat or Edge,
a file antivirus or OneDrive is reading. Such holds are often brief, so the replacement is
tried again for about two seconds; then the person is asked to close the file, instead of
being told that the folder is not writable (which it is).
"""

from __future__ import annotations

import errno
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from app.errors import CasebookError

log = logging.getLogger(__name__)

# Waits between tries, in seconds (about two seconds in all).
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.8)
# Windows' "sharing violation" and "lock violation": another program has the file open.
_HELD_OPEN_WINERRORS = {32, 33}


class FileHeldOpen(CasebookError):
    """The target stayed open in another program while every try ran out."""


def _held_open_message(target: Path) -> str:
    what = "the PDF" if target.suffix.lower() == ".pdf" else "that file"
    return (
        f"Casebook could not replace {target} because another program has it open (a PDF "
        f"reader such as Acrobat or Edge, antivirus or OneDrive). Close {what} and try again; "
        "nothing was changed."
    )


def _looks_held_open(exc: OSError, target: Path) -> bool:
    """A refusal that means "in use", not "not allowed here": Windows says so outright; the
    folder being writable while the existing file is refused says it on other systems."""
    if getattr(exc, "winerror", None) in _HELD_OPEN_WINERRORS:
        return True
    if exc.errno not in (errno.EACCES, errno.EPERM, errno.EBUSY):
        return False
    return target.exists() and os.access(target.parent, os.W_OK)


def replace_file(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    replace: Callable[[str | os.PathLike[str], str | os.PathLike[str]], None] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> None:
    """`os.replace(source, target)`, tried again while the target is held open.

    Raises FileHeldOpen (a CasebookError with a sentence to show) when the target stays held
    open, and the original OSError for anything else (a read-only folder, a full disk).
    """
    replace = replace or os.replace
    sleep = sleep or time.sleep
    target_path = Path(target)
    for attempt, delay in enumerate((*RETRY_DELAYS, None), start=1):
        try:
            replace(source, target)
            if attempt > 1:
                log.info("replaced %s after %d tries", target_path.name, attempt)
            return
        except PermissionError as exc:
            if not _looks_held_open(exc, target_path):
                raise
            if delay is None:
                log.warning("%s stayed open in another program; not replaced", target_path.name)
                raise FileHeldOpen(_held_open_message(target_path)) from exc
            sleep(delay)
