"""Screenshots of window (drives app.ui.window.app_window)."""

from __future__ import annotations

import logging

from app.ui.window.app_window import MainWindow

log = logging.getLogger(__name__)


def take_screenshots(studio) -> None:
    """The whole window at 1366x768: each place, locked and with the demo profile unlocked."""
    from app.services.demo import DEMO_PASSPHRASE, DemoService

    window = MainWindow(studio.paths)
    try:
        page = window.place_widget("library")
        page.library.posters.make_now(window.context.scenarios)  # so the picture has them
        window.show_place("library")
        studio.save("window-library", window)
        window.show_place("journal")
        studio.save("window-journal-locked", window)
        info, _count = DemoService(studio.paths).create()
        window.session.set_unlocked(window.service.unlock(info.id, DEMO_PASSPHRASE))
        window.show_place("library")
        studio.save("window-library-unlocked", window)
        role = window.session.current.profile.role
        suits = [s for s in window.context.scenarios if s.learning_objectives]
        scenario = next((s for s in suits if role in s.roles), suits[0] if suits else None)
        if scenario is not None:
            page.open_scenario(scenario)  # confidence on the objectives comes before the clip
            studio.save("window-before-clip", window)
            page.show_library()
        for key in ("journal", "progress", "group", "portfolio"):
            window.show_place(key)
            studio.save(f"window-{key}", window)
        window.show_place("library")
        dialog = window.show_shortcuts()
        studio.save("window-shortcuts", dialog, dialog.size())
        dialog.reject()
    finally:
        window.close()
