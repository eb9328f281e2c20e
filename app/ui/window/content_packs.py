"""Content packs in the app: the shared folder's new packs at start, and "Add content pack…".

Both run the packs service on a Task, so a slow network share or a large pack never freezes
the window. The window shows `message` in its status bar and reloads the library on `installed`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.config import Paths
from app.ui.shared.dialogs import ask_yes_no
from app.ui.shared.tasks import Task

# The packs service (zipfile, cryptography, the content checks) is imported when a pack is
# handled, not at start-up: most starts have no shared folder and no pack to install.
PACK_SUFFIX = ".casebook"

log = logging.getLogger(__name__)


def _clip_probe():
    """libvlc's clip probe (called on the worker thread), or None when VLC is missing: the
    pack's files are still verified, only its clips are not opened first."""
    from app.media import probe as clip_probe
    from app.media.vlc_loader import VlcMissing

    try:
        clip_probe.load_vlc()
    except VlcMissing:
        return None
    return clip_probe.probe


class ContentPacks(QObject):
    """Installs content packs for one window."""

    message = Signal(str)  # one line for the status bar
    installed = Signal()  # the content changed: reload the library

    def __init__(self, paths: Paths, parent: QWidget) -> None:
        super().__init__(parent)
        self._paths = paths
        self._window = parent
        self.sync_task = Task(self)
        self.sync_task.finished.connect(self._synced)
        self.sync_task.failed.connect(self._sync_failed)
        self.install_task = Task(self)
        self.install_task.finished.connect(self._installed)
        self.install_task.failed.connect(self._install_failed)
        self._pending: Path | None = None

    # -- the shared folder --------------------------------------------------------------------

    def sync_at_start(self) -> bool:
        """Start installing from the shared folder when one is set; False when none is."""
        if self._paths.shared_packs_folder() is None:
            return False
        stop, paths = self.sync_task.cancelled, self._paths

        def sync():
            from app.services import packs

            return packs.sync_shared(paths, stop=stop.is_set, probe=_clip_probe())

        self.sync_task.start(sync)
        return True

    def _synced(self, report) -> None:
        if report.installed:
            self.installed.emit()
        if text := report.summary():
            self.message.emit(text)

    def _sync_failed(self, exc: object) -> None:
        # Never fatal: the PC goes on with the content it has.
        log.warning("shared pack folder sync failed: %r", exc)
        self.message.emit(
            "New content packs could not be installed from the shared folder; "
            "using the content already on this PC."
        )

    # -- one pack, chosen by a person ---------------------------------------------------------

    def choose_and_install(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self._window,
            "Add content pack",
            str(Path.home()),
            f"Casebook content packs (*{PACK_SUFFIX})",
        )
        if name:
            self.install(Path(name))

    def install(self, pack_file: Path, *, allow_downgrade: bool = False) -> None:
        if self.install_task.running:
            return
        self._pending = pack_file
        self.message.emit(f"Checking {pack_file.name}…")
        paths = self._paths

        def install():
            from app.services import packs

            return packs.install(
                paths, pack_file, allow_downgrade=allow_downgrade, probe=_clip_probe()
            )

        self.install_task.start(install)

    def _installed(self, result) -> None:
        lines = [result.summary()]
        for label, items in (("New", result.new), ("Changed", result.changed)):
            if items:
                lines.append(f"{label}: " + ", ".join(items))
        self.message.emit(result.summary())
        if result.status != "unchanged":
            self.installed.emit()
        QMessageBox.information(self._window, "Content pack", "\n".join(lines))

    def _install_failed(self, exc: object) -> None:
        from app.models.pack import DowngradeRefused, PackError

        pack_file = self._pending
        if isinstance(exc, DowngradeRefused) and pack_file is not None:
            if ask_yes_no(
                self._window,
                "Go back to an older version?",
                f"This pack is version {exc.offered}, older than the installed version "
                f"{exc.installed}. Install the older version anyway?",
            ):
                self.install(pack_file, allow_downgrade=True)
            else:
                self.message.emit("Kept the installed version.")
            return
        if isinstance(exc, PackError | OSError):
            text = str(exc)
        else:
            log.error("installing a content pack failed: %r", exc)
            text = "the pack could not be installed; the log file has the details"
        self.message.emit(f"Content pack not installed: {text}")
        QMessageBox.warning(self._window, "Content pack not installed", text[:1].upper() + text[1:])
