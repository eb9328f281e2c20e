"""Keeping the data folder readable by its owner only, on every system.

On Linux and macOS the folder is 0700 and files 0600 (the umask sees to new ones). On Windows
the umask means nothing: a folder under a profile, a home drive or a policy folder inherits
whatever its parent allows (often Administrators, SYSTEM, or a whole group). There the folder
gets an owner-only, non-inherited ACL through `icacls`: inheritance removed, full control
granted to this user alone, passed on to everything created inside it.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Runs a command and gives (exit code, output); tests replace it to check the exact calls.
Runner = Callable[[Sequence[str]], tuple[int, str]]

# The system whose rules apply (tests set "win32" to exercise the Windows path here).
PLATFORM = sys.platform


def on_windows() -> bool:
    return PLATFORM == "win32"


_ACE = re.compile(r"^(?P<who>.+?):(?P<rights>(\([A-Za-z,]+\))+)$")


def run_quietly(command: Sequence[str]) -> tuple[int, str]:
    """Run a system tool without flashing a console window on Windows."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    done = subprocess.run(
        list(command), capture_output=True, text=True, timeout=30, creationflags=flags, check=False
    )
    return done.returncode, done.stdout + done.stderr


def _runner() -> Runner:
    return run_quietly  # looked up when called, so a test's replacement is used


def windows_account() -> str:
    """This user as icacls names them: DOMAIN\\user (or the bare name off a domain)."""
    user = os.environ.get("USERNAME", "")
    domain = os.environ.get("USERDOMAIN", "")
    return f"{domain}\\{user}" if domain else user


def owner_only_commands(folder: Path, account: str) -> list[list[str]]:
    """icacls calls that leave `folder` to `account` alone, files and subfolders included."""
    # In one call, so the folder is never left with no grant at all: stop inheriting from the
    # parent (dropping what it allowed others) and give this user full control, passed on to
    # every file (OI) and folder (CI) inside.
    return [["icacls", str(folder), "/inheritance:r", "/grant:r", f"{account}:(OI)(CI)F"]]


@dataclass(frozen=True)
class Entry:
    who: str
    rights: str

    @property
    def inherited(self) -> bool:
        return "(I)" in self.rights


def parse_icacls(output: str, folder: Path) -> list[Entry]:
    """The access entries `icacls FOLDER` lists (its first line starts with the folder)."""
    entries = []
    for number, line in enumerate(output.splitlines()):
        text = line.strip()
        if number == 0 and text.lower().startswith(str(folder).lower()):
            text = text[len(str(folder)) :].strip()
        match = _ACE.match(text)
        if match:
            entries.append(Entry(match["who"].strip(), match["rights"]))
    return entries


def restrict_to_owner(
    folder: Path, platform: str | None = None, run: Runner | None = None
) -> str | None:
    """Make `folder` owner-only. None when done, else a sentence saying what failed."""
    platform = platform or PLATFORM
    if platform != "win32":
        try:
            # Take away the group's and others' rights only: a folder deliberately made
            # read-only for its owner stays read-only.
            mode = stat.S_IMODE(folder.stat().st_mode)
            if mode & 0o077:
                os.chmod(folder, mode & 0o700)
        except OSError as exc:
            return f"Could not make {folder} private ({exc.strerror or exc})."
        return None
    run = run or _runner()
    account = windows_account()
    for command in owner_only_commands(folder, account):
        code, output = run(command)
        if code != 0:
            return (
                f"Could not make {folder} private to {account}: "
                f"{' '.join(command[2:])} failed ({output.strip()[:200]})."
            )
    return None


def _posix_problems(folder: Path) -> list[str]:
    problems = []
    for path in [folder, *sorted(folder.rglob("*"))]:
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode):
            continue
        if mode & 0o077:
            kind = "folder" if stat.S_ISDIR(mode) else "file"
            problems.append(
                f"The {kind} {path} can be read by other users (mode {stat.filemode(mode)}); "
                f"it should be {'drwx------' if kind == 'folder' else '-rw-------'}."
            )
    return problems


def _windows_problems(folder: Path, run: Runner) -> list[str]:
    code, output = run(["icacls", str(folder)])
    if code != 0:
        return [f"Could not read who may open {folder} ({output.strip()[:200]})."]
    account = windows_account().lower()
    user = os.environ.get("USERNAME", "").lower()
    problems = []
    entries = parse_icacls(output, folder)
    if any(e.inherited for e in entries):
        problems.append(f"{folder} inherits its permissions from the folder above it.")
    others = sorted({e.who for e in entries if e.who.lower() not in (account, user)})
    if others:
        problems.append(f"{folder} can also be opened by: {', '.join(others)}.")
    return problems


def owner_only_problems(
    folder: Path, platform: str | None = None, run: Runner | None = None
) -> list[str]:
    """Sentences naming what others may read in `folder` ([] when it is owner-only)."""
    platform = platform or PLATFORM
    if platform == "win32":
        return _windows_problems(folder, run or _runner())
    return _posix_problems(folder)
