"""Writes a finished PDF so a reader never sees half a file: temporary file, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from app.errors import CasebookError
from app.platform.replace import replace_file


def write_atomic(data: bytes, target: Path) -> Path:
    """Writes `data` to a temporary file beside `target`, flushes it, then renames it into place.

    A failure removes the temporary file and raises CasebookError saying why; an earlier file
    at `target` is left as it was.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise CasebookError(f"The folder {folder} does not exist. Choose another place to save.")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        replace_file(tmp_name, target)
        tmp_name = None
    except PermissionError as exc:
        raise CasebookError(
            f"Casebook may not write to {folder}. Choose a folder you can save in."
        ) from exc
    except IsADirectoryError as exc:
        raise CasebookError(f"{target} is a folder. Give a file name ending in .pdf.") from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CasebookError(f"Could not save {target}: {reason}. Nothing was written.") from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return target
