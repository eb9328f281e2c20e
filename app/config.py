"""Where Casebook keeps things: data, logs, cache, bundled and organisation content.

`CASEBOOK_HOME` (or `--home DIR`) puts everything under one folder; otherwise the platform's
user folders are used. Bundled resources are found beside the package, also in a frozen build.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "Casebook"
HOME_ENV = "CASEBOOK_HOME"
CONTENT_ENV = "CASEBOOK_CONTENT"


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

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Paths:
        home = home or os.environ.get(HOME_ENV)
        if home:
            root = Path(home).expanduser().resolve()
            return cls(data_dir=root, log_dir=root / "logs", cache_dir=root / "cache")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
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
        """Create the folders, readable by this user only (journals are private)."""
        os.umask(0o077)
        for d in (self.data_dir, self.log_dir, self.cache_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self

    def content_roots(self) -> list[Path]:
        """Bundled content first, then the organisation's folder when one is set."""
        roots = [self.resources]
        org = os.environ.get(CONTENT_ENV) or Settings.load(self).content_folder
        if org:
            roots.append(Path(org).expanduser())
        return roots


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
    # "system" follows the desktop's contrast setting; "high" or "standard" chooses (View menu).
    contrast: str = "system"

    @classmethod
    def load(cls, paths: Paths) -> Settings:
        try:
            raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self, paths: Paths) -> None:
        paths.ensure()
        tmp = paths.settings_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.__dict__, indent=2), encoding="utf-8")
        os.replace(tmp, paths.settings_file)
