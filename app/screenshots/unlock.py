"""Screenshots of unlock (drives app.ui.profiles.unlock_view)."""

from __future__ import annotations

import logging
from typing import Any

from app.ui.profiles.unlock_view import UnlockView
from app.ui.shared.session_state import SessionState

log = logging.getLogger(__name__)


def take_screenshots(studio: Any) -> None:
    """The unlock screen with a few demo profiles, in a throwaway data folder."""
    import tempfile

    from app.config import Paths
    from app.services.profiles import ProfileService

    with tempfile.TemporaryDirectory(prefix="casebook-shots-") as tmp:
        service = ProfileService(Paths.resolve(tmp).ensure())
        for name, role in (
            ("Robin Ash", "ward-nurse"),
            ("Alex Kim", "teacher"),
            ("Priya Shah", "mh-practitioner"),
        ):
            service.create(name, role, "", "amber lantern quietly folds", demo=True)
        session = SessionState()
        view = UnlockView(service, session)
        view.select(service.find("Robin Ash").id)
        view.passphrase.setText("amber lantern")
        studio.save("unlock", view)
        view.close()
