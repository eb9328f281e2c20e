"""File names in manifests as Windows and Mac tools write them, matched to the files on disk.

Accepted safely: backslash separators in a relative path (`clips\\ward.mp4`), and a name whose
accents are composed differently (a Mac writes "é" as e + accent; Windows and Linux as one
character). Named, not guessed: a Windows drive path, a path mangled by TOML escapes, a name
that differs only in upper/lower case (Windows does not care, Linux does).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")


@dataclass(frozen=True)
class Found:
    path: Path | None  # the file on disk, or None
    problem: str | None = None  # why not, in words (None: simply not there)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find(base: Path, written: str) -> Found:
    """The file `written` names, relative to the folder `base`."""
    if any(ch in written for ch in "\n\t\r\b\f"):
        return Found(
            None,
            "this path holds a line break or tab: a backslash inside double quotes was read "
            "as an escape (\\n, \\t); write it with forward slashes, or in single quotes",
        )
    if _WINDOWS_ABSOLUTE.match(written):
        return Found(
            None,
            "this is a path on a Windows PC, which other computers cannot follow; copy the "
            "file next to this manifest and give just its name (or a path from here)",
        )
    relative = written.replace("\\", "/")
    candidate = base / relative
    if candidate.is_file():
        return Found(candidate.resolve())
    # Walk the parts, matching each by its normalised form, then by case for the hint.
    here = base
    for part in Path(relative).parts:
        if part in ("", "."):
            continue
        if part == "..":
            here = here.parent
            continue
        try:
            entries = list(here.iterdir())
        except OSError:
            return Found(None)
        same = [e for e in entries if _nfc(e.name) == _nfc(part)]
        if same:
            here = same[0]
            continue
        folded = [e for e in entries if _nfc(e.name).casefold() == _nfc(part).casefold()]
        if folded:
            return Found(
                None,
                f'there is "{folded[0].name}", which differs only in capitals; names must '
                "match exactly on this computer, so change one to match the other",
            )
        return Found(None)
    return Found(here.resolve()) if here.is_file() else Found(None)
