"""Screenshots of profile dialogs (drives app.ui.profiles.profile_dialogs)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
)

from app.ui.profiles.profile_dialogs import (
    ChangePassphraseDialog,
    CreateProfileDialog,
    discard,
)

log = logging.getLogger(__name__)


def take_screenshots(studio: Any) -> None:
    """Create profile, its recovery code page, and change passphrase, in a throwaway folder."""
    import tempfile

    from PySide6.QtCore import QSize

    from app.config import Paths
    from app.services.profiles import ProfileService

    def size(dialog: QDialog) -> QSize:
        return QSize(600, max(dialog.sizeHint().height(), 360))

    with tempfile.TemporaryDirectory(prefix="casebook-shots-") as tmp:
        service = ProfileService(Paths.resolve(tmp).ensure())

        create = CreateProfileDialog(service)
        create.name.setText("Sam Patel")
        create.role.setCurrentIndex(create.role.findData("teacher"))
        create.setting.setText("Year 5, Hill Primary")
        create.passphrase.first.setText("copper kettle")
        create.passphrase.refresh()
        studio.save("create-profile", create, size(create))

        # The real service makes the profile; the page is what the worker's result shows.
        info, code = service.create("Sam Patel", "teacher", "", "copper kettle hums at dawn")
        create._on_created((info, code, None))
        studio.save("recovery-code", create, size(create))
        create.code_panel.kept.setChecked(True)
        create.code_panel.finish()

        change = ChangePassphraseDialog(service, service.find("Sam Patel"))
        change.current.setText("copper kettle hums at dawn")
        change.new.first.setText("window seat")
        change.new.refresh()
        studio.save("change-passphrase", change, size(change))
        discard(change)
