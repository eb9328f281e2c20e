"""`casebook screenshots --out DIR`: renders each main screen with demo data, offscreen, to PNG.

Each module of this package that stages a screen is listed in SCREEN_MODULES and defines
`take_screenshots(studio)`, calling `studio.save("name", widget)` for each screen. Production
modules know nothing of screenshots: this package drives them from outside.
"""

from __future__ import annotations

import importlib
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.config import Paths

log = logging.getLogger(__name__)

# Modules of this package, each with a take_screenshots(studio) function, in the docs' order.
SCREEN_MODULES: tuple[str, ...] = (
    "library",  # library
    "window",  # window-* (each place, locked and unlocked), window-shortcuts
    "player",  # player-warning, player
    "unlock",  # unlock
    "profile_dialogs",  # create-profile, recovery-code, change-passphrase
    "confidence",  # confidence
    "reflection_form",  # reflection-form
    "wellbeing",  # wellbeing
    "group",  # group-wall-*, group-console-* (projector 1920x1080, laptop 1366x768)
    "journal",  # journal, entry, revisions (the demo profile)
    "progress",  # progress (the demo profile)
    "export",  # export-dialog (the demo profile, with its page preview)
    "portfolio",  # portfolio, portfolio-accounts, portfolio-records, portfolio-pdf-* (demo)
    "editor",  # editor, editor-*, content-packs
    "evaluation",  # share-progress, window-evaluation, evaluation-*, evaluation-report-*
    "accessibility",  # text-150-* (150% text), scaled-125-* (1093 px wide), window-high-contrast
)

WARD_PC = QSize(1366, 768)


class Studio:
    """Where screens are staged: a demo data folder and an output folder."""

    def __init__(self, paths: Paths, out_dir: Path) -> None:
        self.paths = paths
        self.out_dir = out_dir
        self.saved: list[Path] = []

    def save(self, name: str, widget: QWidget, size: QSize = WARD_PC) -> Path:
        # A main window new on a small screen opens maximised, and a maximised window keeps
        # the screen's size whatever it is resized to: the picture came out at that size.
        widget.setWindowState(widget.windowState() & ~Qt.WindowState.WindowMaximized)
        widget.resize(size)
        widget.show()
        for _ in range(5):
            QApplication.processEvents()
        path = self.out_dir / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        self.saved.append(path)
        return path


@contextmanager
def demo_journal() -> Iterator[tuple[Paths, object, list]]:
    """A throwaway data folder holding the demo profile, unlocked: (paths, session, scenarios).

    Screens that show a lived-in journal are staged here, so no real journal is ever shown.
    The session is locked and the folder removed afterwards.
    """
    from app.services.demo import DEMO_PASSPHRASE, DemoService, demo_scenarios
    from app.services.profiles import ProfileService
    from app.ui.shared.session_state import SessionState

    with tempfile.TemporaryDirectory(prefix="casebook-shots-") as tmp:
        paths = Paths.resolve(tmp).ensure()
        info, _count = DemoService(paths).create()
        session = SessionState()
        session.set_unlocked(ProfileService(paths).unlock(info.id, DEMO_PASSPHRASE))
        try:
            yield paths, session, demo_scenarios(paths)
        finally:
            session.lock()


def take_all(paths: Paths, out_dir: Path, only: list[str] | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    studio = Studio(paths, out_dir)
    for name in SCREEN_MODULES:
        if only and not any(o in name for o in only):
            continue
        module = importlib.import_module(f"app.screenshots.{name}")
        # Each module stages its screens in a data folder of its own: one module's demo
        # profile or settings never leak into another's pictures.
        with tempfile.TemporaryDirectory(prefix="casebook-shots-") as tmp:
            studio.paths = Paths(
                data_dir=Path(tmp),
                log_dir=Path(tmp) / "logs",
                cache_dir=Path(tmp) / "cache",
                resources=paths.resources,
            ).ensure()
            module.take_screenshots(studio)
    studio.paths = paths
    return studio.saved
