"""File > Content packs…: the packs installed on this PC (id, title, version, publisher,
signed or not, installed when), with Add, Remove and Roll back.

Every action calls app/services/packs.py, the code `casebook content packs|install|remove|
rollback` runs, on the window's ContentPacks tasks, so the app and the command line can never
disagree about what is installed. Removing asks first; going back to an older version asks
first, as installing an older pack does.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.ui.shared.dialogs import ask_yes_no
from app.ui.shared.tasks import Task
from app.ui.window.content_packs import ContentPacks

log = logging.getLogger(__name__)

COLUMNS = ("Id", "Title", "Version", "Publisher", "Signed", "Installed", "Kept to go back to")


def installed_when(stamp: str) -> str:
    """An install record's UTC time, in this PC's local time, as a person reads it."""
    try:
        when = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp or "unknown"
    return when.strftime("%d %b %Y, %H:%M")


class PacksDialog(QDialog):
    def __init__(
        self, paths: Paths, content_packs: ContentPacks, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Content packs")
        self.setAccessibleName("Content packs installed on this PC")
        self._content_packs = content_packs
        self._paths = paths
        self._packs: list = []

        intro = QLabel(
            "Scenarios, prompts and session plans added to this PC as content packs. "
            "Removing a pack takes its content off this PC; going back restores the version "
            "the last install replaced."
        )
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Installed content packs")
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setRootIsDecorated(False)
        self.table.setAllColumnsShowFocus(True)
        self.table.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.empty = QLabel("No content packs are installed on this PC.")
        self.add_button = QPushButton("&Add content pack…")
        self.add_button.setAccessibleName("Add a content pack from a file")
        self.add_button.clicked.connect(content_packs.choose_and_install)
        self.remove_button = QPushButton("&Remove…")
        self.remove_button.setAccessibleName("Remove the selected content pack")
        self.remove_button.clicked.connect(self.remove_selected)
        self.rollback_button = QPushButton("&Go back to the kept version…")
        self.rollback_button.setAccessibleName(
            "Go back to the version of the selected pack that the last install replaced"
        )
        self.rollback_button.clicked.connect(self.rollback_selected)
        self.status = QLabel()
        self.status.setAccessibleName("Content packs status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.rollback_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        column.addLayout(buttons)
        column.addWidget(self.status)
        column.addWidget(close)

        self.task = Task(self)
        self.task.finished.connect(self._done)
        self.task.failed.connect(self._failed)
        # An install from Add, or the shared folder at start, shows here as soon as it lands.
        content_packs.installed.connect(self.refresh)
        content_packs.message.connect(self.status.setText)
        self.resize(900, 380)
        self.refresh()

    # -- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        from app.services import packs  # zipfile, cryptography: only when the dialog opens

        chosen = self.selected_id()
        self._packs = packs.installed(self._paths)
        self.table.clear()
        for p in self._packs:
            m = p.manifest
            signed = "Signed, key " + _fingerprint(p.signer) if p.signer else "Not signed"
            row = QTreeWidgetItem(
                [
                    m.id,
                    m.title,
                    m.version,
                    m.publisher,
                    signed,
                    installed_when(p.installed_at),
                    p.previous_version or "none",
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, m.id)
            self.table.addTopLevelItem(row)
            if m.id == chosen:
                self.table.setCurrentItem(row)
        if self.table.currentItem() is None and self._packs:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        for n in range(len(COLUMNS)):
            self.table.resizeColumnToContents(n)
        self.table.setVisible(bool(self._packs))
        self.empty.setVisible(not self._packs)
        self._selection_changed()

    def selected_id(self) -> str | None:
        item = self.table.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _selected(self):
        chosen = self.selected_id()
        return next((p for p in self._packs if p.manifest.id == chosen), None)

    def _selection_changed(self) -> None:
        pack = self._selected()
        busy = self.task.running
        self.remove_button.setEnabled(pack is not None and not busy)
        back = pack.previous_version if pack is not None else None
        self.rollback_button.setEnabled(bool(back) and not busy)
        self.rollback_button.setText(
            f"&Go back to version {back}…" if back else "&Go back to the kept version…"
        )

    # -- remove and roll back ---------------------------------------------------------------

    def remove_selected(self) -> None:
        pack = self._selected()
        if pack is None or self.task.running:
            return
        m = pack.manifest
        if not ask_yes_no(
            self,
            "Remove this content pack?",
            f"Remove “{m.title}” ({m.id}) {m.version} from {m.publisher}? Its scenarios, "
            "prompts and session plans leave this PC, with any version kept to go back to. "
            "Journal entries already written keep their questions and answers.",
        ):
            self.status.setText(f"Kept {m.id}.")
            return
        paths, pack_id = self._paths, m.id

        def remove():
            from app.services import packs

            gone = packs.remove(paths, pack_id)
            return f"Removed {gone.manifest.id} {gone.manifest.version}."

        self._start(remove)

    def rollback_selected(self) -> None:
        pack = self._selected()
        if pack is None or not pack.previous_version or self.task.running:
            return
        m = pack.manifest
        if not ask_yes_no(
            self,
            "Go back to the earlier version?",
            f"Go back from version {m.version} of “{m.title}” to version "
            f"{pack.previous_version}, the one the last install replaced? Version {m.version} "
            "is kept, so you can come back to it the same way.",
        ):
            self.status.setText(f"Kept version {m.version}.")
            return
        paths, pack_id = self._paths, m.id

        def rollback():
            from app.services import packs

            back = packs.rollback(paths, pack_id)
            return f"{back.manifest.id} is back at version {back.manifest.version}."

        self._start(rollback)

    def _start(self, work) -> None:
        self.status.setText("Working…")
        self.task.start(work)
        self._selection_changed()

    def _done(self, text: str) -> None:
        self.status.setText(text)
        self.refresh()
        self._content_packs.installed.emit()  # the content changed: the library reloads

    def _failed(self, exc: object) -> None:
        from app.models.pack import PackError

        if isinstance(exc, PackError | OSError):
            text = str(exc)
        else:
            log.error("changing a content pack failed: %r", exc)
            text = "the pack could not be changed; the log file has the details"
        self.status.setText(f"Nothing changed: {text}")
        self.refresh()


def _fingerprint(key: str) -> str:
    from app.models.pack import fingerprint

    return fingerprint(key)
