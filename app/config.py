"""Where Casebook keeps things: data, logs, cache, bundled and organisation content.

Which folder wins, most important first: `CASEBOOK_HOME` (or `--home DIR`) puts everything
under one folder; else the machine policy IT sets for every user (app/policy.py); else the
platform's user folders. The content and packs folders likewise: the environment variable,
then the policy, then the person's own setting. Bundled resources are found beside the
package, also in a frozen build.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from app.errors import CasebookError
from app.platform import permissions
from app.platform.replace import replace_file
from app.policy import Policy, PolicyProblem, load_policy

APP_NAME = "Casebook"
HOME_ENV = "CASEBOOK_HOME"
CONTENT_ENV = "CASEBOOK_CONTENT"
PACKS_ENV = "CASEBOOK_PACKS"  # a shared, read-only folder of content packs to install at start
INSTALLED_PACKS_FOLDER = "packs"  # inside the content folder: one content root per pack


def bundled_resources() -> Path:
    """The `resources/` folder shipped with the app (beside `app/`, or inside a frozen bundle)."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources"


@dataclass(frozen=True)
class Paths:
    """Every folder and file Casebook writes to, derived from one home (or the platform's)."""

    data_dir: Path
    log_dir: Path
    cache_dir: Path
    resources: Path = field(default_factory=bundled_resources)
    # The machine policy in force, and why it could not be used when its file is broken (the
    # app then refuses to start, `casebook doctor` says why): journals must never quietly
    # land somewhere IT did not mean, such as a profile folder wiped at logoff.
    policy: Policy = field(default_factory=Policy, compare=False)
    policy_problem: str | None = field(default=None, compare=False)

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Paths:
        try:
            policy, problem = load_policy(), None
        except PolicyProblem as exc:
            policy, problem = Policy(), str(exc)
        home = home or os.environ.get(HOME_ENV)
        if home:
            root = Path(home).expanduser().resolve()
            return cls(
                data_dir=root,
                log_dir=root / "logs",
                cache_dir=root / "cache",
                policy=policy,
                policy_problem=problem,
            )
        data_dir = policy.data_folder or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        log_dir = policy.log_folder or (
            policy.data_folder / "logs"
            if policy.data_folder
            else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
        )
        return cls(
            data_dir=data_dir,
            log_dir=log_dir,
            # Posters and such are made again when missing: a local, wiped cache costs little.
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            policy=policy,
            policy_problem=problem,
        )

    def check_policy(self) -> None:
        """CasebookError when the machine policy file is broken (see `policy_problem`)."""
        if self.policy_problem:
            raise CasebookError(
                f"{self.policy_problem} Casebook does not start until it is fixed, so that "
                "journals are not saved where IT did not mean them to be. `casebook doctor` "
                "checks the policy again."
            )

    @property
    def database(self) -> Path:
        return self.data_dir / "casebook.db"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"

    def ensure(self) -> Paths:
        """Create the folders, readable by this user only (journals are private): 0700 on
        Linux and macOS, an owner-only ACL on Windows (where the umask means nothing)."""
        os.umask(0o077)
        for d in (self.data_dir, self.log_dir, self.cache_dir):
            d.mkdir(parents=True, exist_ok=True)
        for d in (self.data_dir, self.log_dir):
            _make_private_once(d)
        return self

    def content_folder(self) -> Path:
        """The organisation's content folder: CASEBOOK_CONTENT, the machine policy, the setting,
        or one in the data folder. The scenario editor saves here and packs install under it."""
        org = self._organisation_content()
        return Path(org).expanduser() if org else self.data_dir / "content"

    def _organisation_content(self) -> str:
        """The content folder set by the environment, the policy or the setting ("": none)."""
        policy_folder = str(self.policy.content_folder) if self.policy.content_folder else ""
        return os.environ.get(CONTENT_ENV) or policy_folder or Settings.load(self).content_folder

    @property
    def installed_packs_dir(self) -> Path:
        return self.content_folder() / INSTALLED_PACKS_FOLDER

    def shared_packs_folder(self) -> Path | None:
        """The shared folder of packs to install at start (CASEBOOK_PACKS, the machine policy
        or the setting)."""
        policy_folder = str(self.policy.packs_folder) if self.policy.packs_folder else ""
        shared = os.environ.get(PACKS_ENV) or policy_folder or Settings.load(self).packs_folder
        return Path(shared).expanduser() if shared else None

    def content_roots(self) -> list[Path]:
        """Bundled content first, then the organisation's folder when one is set (or the one in
        the data folder once something was saved there), then each installed content pack."""
        roots = [self.resources]
        org = self._organisation_content()
        folder = self.content_folder()
        if org or folder.is_dir():
            roots.append(folder)
        packs = self.installed_packs_dir
        if packs.is_dir():
            # Folders starting with a dot are an install in progress or a kept previous version.
            roots.extend(
                p for p in sorted(packs.iterdir()) if p.is_dir() and not p.name.startswith(".")
            )
        return roots


_MADE_PRIVATE: set[Path] = set()


def _make_private_once(folder: Path) -> None:
    """Owner-only permissions on `folder`, checked (and set) once per process: on Windows
    each check runs icacls, too slow for every save."""
    if folder in _MADE_PRIVATE:
        return
    _MADE_PRIVATE.add(folder)
    if permissions.on_windows() and not permissions.owner_only_problems(folder):
        return  # already owner-only: no second icacls
    problem = permissions.restrict_to_owner(folder)
    if problem:
        logging.getLogger(__name__).warning("%s", problem)


@dataclass
class Settings:
    """Machine-wide preferences that matter (typed). Never holds journal text."""

    content_folder: str = ""
    # The organisation's own support resources, replacing Casebook's bundled lists: one list
    # for every setting, or lists by setting ({"health": [...], "school": [...],
    # "general": [...]}). Empty (the default): the bundled list for the setting is shown.
    # Read it through app.models.support (support_for, support_for_reflection,
    # support_for_plan), which also names the list in use.
    support_resources: list[str] | dict[str, list[str]] = field(default_factory=list)
    organisation: str = ""
    # Rate confidence on the learning objectives before each clip (after is always offered).
    confidence_before: bool = True
    # Scenarios last reflected on longer ago than this are listed as due for a refresher.
    refresher_days: int = 90
    # A shared, read-only folder of content packs (.casebook files) installed at start; the
    # CASEBOOK_PACKS environment variable overrides it.
    packs_folder: str = ""
    # Public keys ("ed25519:..." lines from `casebook content keygen`) of the publishers whose
    # packs this PC accepts. Empty: packs need not be signed (their files are still checked).
    trusted_publisher_keys: list[str] = field(default_factory=list)
    # Let libvlc decode on the graphics chip when the PC has one (it falls back to the
    # processor by itself). A 4K HEVC phone clip needs it on a typical ward PC; turn it off
    # only for a PC whose graphics driver shows clips corrupted (CASEBOOK_HW_DECODING=0 too).
    hardware_decoding: bool = True
    # The training programme this organisation evaluates (a short id such as ward-mh-2026):
    # put on anonymous progress slips so a lead merges one programme's slips only.
    programme_id: str = ""
    # Programme reports hide any count from fewer than this many people (never below 5).
    evidence_threshold: int = 5
    # "system" follows the desktop's contrast setting; "high" or "standard" chooses (View menu).
    contrast: str = "system"

    @classmethod
    def load(cls, paths: Paths) -> Settings:
        """The settings; the defaults when there is no file. A file that exists but cannot be
        read is reported (a warning in the log, and `damaged_settings` says why) rather than
        silently replaced by the defaults."""
        problem = damaged_settings(paths)
        if problem:
            logging.getLogger(__name__).warning("%s", problem)
            return cls()
        if not paths.settings_file.exists():
            return cls()
        raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
        return cls(**{k: v for k, v in raw.items() if k in cls.__dataclass_fields__})

    @staticmethod
    def _types_ok(raw: dict[str, object]) -> bool:
        defaults = Settings()
        for name, value in raw.items():
            if name not in Settings.__dataclass_fields__:
                continue
            expected = type(getattr(defaults, name))
            if expected is list and isinstance(value, dict):
                continue  # support lists by setting
            if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
                return False
            if expected is not int and not isinstance(value, expected):
                return False
        return True

    def save(self, paths: Paths) -> None:
        """Write settings.json whole (beside, then renamed); CasebookError says why it failed."""
        tmp = paths.settings_file.with_suffix(".tmp")
        try:
            paths.ensure()
            tmp.write_text(json.dumps(self.__dict__, indent=2), encoding="utf-8")
            replace_file(tmp, paths.settings_file)
        except CasebookError:
            tmp.unlink(missing_ok=True)
            raise
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            reason = exc.strerror or str(exc)
            raise CasebookError(
                f"Casebook could not save its settings in {paths.settings_file} ({reason}); "
                "the previous settings are kept."
            ) from exc

    def save_preference(self, paths: Paths) -> bool:
        """Save a preference the person just changed (contrast, a tick box): a failure is
        logged and does not interrupt them; it applies for this session only. True if saved."""
        try:
            self.save(paths)
        except CasebookError as exc:
            logging.getLogger(__name__).warning("%s", exc)
            return False
        return True


def damaged_settings(paths: Paths) -> str | None:
    """Why settings.json cannot be used (a sentence), or None when it is fine or absent."""
    file = paths.settings_file
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "it is not readable text"
        return f"The settings file {file} could not be read ({reason}); the defaults are in use."
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        raw = None
    if not isinstance(raw, dict) or not Settings._types_ok(raw):
        return (
            f"The settings file {file} is damaged; the defaults are in use until the "
            "settings are saved again (or fix or remove the file)."
        )
    return None
