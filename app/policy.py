"""The machine-wide policy IT sets for every user of a PC: where data and content live.

Roaming profiles do not carry `%LOCALAPPDATA%`, and non-persistent desktops wipe it at logoff,
so on managed PCs journals must live elsewhere (a home drive, a persistent disk). One small
TOML file, writable by administrators only, says where:

    Windows  %PROGRAMDATA%\\Casebook\\policy.toml
    macOS    /Library/Application Support/Casebook/policy.toml
    Linux    /etc/casebook/policy.toml
    (CASEBOOK_POLICY names another file: for testing a policy before it is rolled out.)

Folders may name the user as {user} or %USERNAME%, their home as {home} or ~, and any
environment variable as %NAME%. docs/deployment.md is the guide for IT.
"""

from __future__ import annotations

import getpass
import os
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

POLICY_ENV = "CASEBOOK_POLICY"
FOLDER_KEYS = ("data_folder", "log_folder", "content_folder", "packs_folder")


@dataclass(frozen=True)
class Policy:
    """Folders the policy sets (None: not set, the user's own choice or default applies)."""

    source: Path | None = None
    data_folder: Path | None = None
    log_folder: Path | None = None
    content_folder: Path | None = None
    packs_folder: Path | None = None


class PolicyProblem(Exception):
    """The policy file exists but cannot be used; the message says why and what to fix."""


def policy_file(platform: str | None = None) -> Path:
    """Where this system keeps the machine policy (CASEBOOK_POLICY overrides)."""
    named = os.environ.get(POLICY_ENV)
    if named:
        return Path(named)
    platform = platform or sys.platform
    if platform == "win32":
        program_data = os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(program_data) / "Casebook" / "policy.toml"
    if platform == "darwin":
        return Path("/Library/Application Support/Casebook/policy.toml")
    return Path("/etc/casebook/policy.toml")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this user id (a container, a locked-down PC)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "user"


def expand(text: str) -> str:
    """{user}, {home}, ~ and %NAME% (environment variables, %USERNAME% always known)."""
    home = str(Path.home())
    text = text.replace("{user}", _user()).replace("{home}", home)

    def variable(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.upper() == "USERNAME":
            return _user()
        value = os.environ.get(name)
        if value is None:
            raise PolicyProblem(f"it names %{name}%, which is not set for this user")
        return value

    text = re.sub(r"%([A-Za-z_][A-Za-z0-9_]*)%", variable, text)
    return os.path.expanduser(text)


def _absolute(path: Path) -> bool:
    # A Windows drive path or UNC path counts as absolute whatever system reads the file.
    return path.is_absolute() or bool(re.match(r"^([A-Za-z]:[\\/]|\\\\|//)", str(path)))


def load_policy(file: Path | None = None) -> Policy:
    """The policy, or an empty one when there is no file. PolicyProblem when it is broken."""
    file = file or policy_file()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Policy()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "it is not readable text"
        raise PolicyProblem(f"The machine policy {file} could not be read ({reason}).") from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyProblem(
            f"The machine policy {file} is not valid TOML ({exc}). Ask IT to correct it."
        ) from exc
    unknown = sorted(set(raw) - set(FOLDER_KEYS))
    if unknown:
        raise PolicyProblem(
            f"The machine policy {file} has a setting Casebook does not know: "
            f"{', '.join(unknown)}. Known settings: {', '.join(FOLDER_KEYS)}."
        )
    folders: dict[str, Path] = {}
    for key, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            raise PolicyProblem(
                f"The machine policy {file}: {key} must be a folder in quotes, "
                'such as "H:\\\\Casebook".'
            )
        try:
            folder = Path(expand(value.strip()))
        except PolicyProblem as exc:
            raise PolicyProblem(f"The machine policy {file}: {key} {exc}.") from None
        if not _absolute(folder):
            raise PolicyProblem(
                f"The machine policy {file}: {key} must be a full path (from a drive or a "
                f"server), not {value!r}."
            )
        folders[key] = folder
    return Policy(source=file, **folders)
