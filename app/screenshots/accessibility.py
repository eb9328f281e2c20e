"""Screenshots for accessibility: text at 150% on a 1366x768 ward PC, and high contrast
(drives app.ui.window.app_window, app.ui.reflection and app.ui.profiles)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


# A 1366x768 screen at 125% display scaling: the room the window has at the normal font.
SCALED_PC = QSize(1093, 614)


def take_screenshots(studio: Any) -> None:
    """The first-start window, the places, the reflection form and the new-profile dialog
    with the application font at 150%; the places at the normal font on a screen scaled to
    125%; and the unlocked library in high contrast, the keyboard focus on the list."""
    from app.services.demo import DEMO_PASSPHRASE, DemoService
    from app.ui.window.app_window import MainWindow

    app = QApplication.instance()
    font = app.font()
    larger = app.font()
    larger.setPointSizeF(font.pointSizeF() * 1.5)
    app.setFont(larger)
    try:
        window = MainWindow(studio.paths)
        posters = window.place_widget("library").library.posters
        try:
            window.show_place("journal")
            studio.save("text-150-first-start", window)
            info, _count = DemoService(studio.paths).create()
            window.session.set_unlocked(window.service.unlock(info.id, DEMO_PASSPHRASE))
            # The posters are made on this thread, as for the 1x shots: made in the background
            # they were still grey placeholders when the pictures were taken.
            posters.make_now(window.context.scenarios)
            window.show_place("library")
            studio.save("text-150-library", window)
            for place in ("journal", "progress", "portfolio", "editor"):
                window.show_place(place)
                studio.save(f"text-150-{place}", window)
            window.show_place("library")
            page = window.place_widget("library")
            scenario = next(s for s in window.context.scenarios if "ward-nurse" in s.roles)
            page.reflect(scenario, [])
            studio.save("text-150-reflection-form", window)
            page.show_library()
            window.set_contrast("high", save=False)
            page.library.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
            studio.save("window-high-contrast", window)
        finally:
            window.set_contrast("standard", save=False)
            window.session.lock()
            window.close()
        from app.services.profiles import ProfileService
        from app.ui.profiles.profile_dialogs import CreateProfileDialog, discard

        dialog = CreateProfileDialog(ProfileService(studio.paths))
        dialog.name.setText("Priya Nair")
        studio.save("text-150-create-profile", dialog, dialog.sizeHint().expandedTo(dialog.size()))
        discard(dialog)
    finally:
        app.setFont(font)
    _scaled_screen(studio)


def _scaled_screen(studio: Any) -> None:
    """Each place at the normal font in the 1093 logical pixels of a scaled 1366 screen."""
    from app.services.demo import DEMO_PASSPHRASE, DemoService
    from app.ui.window.app_window import MainWindow

    window = MainWindow(studio.paths)
    try:
        info = (
            next(p for p in window.service.list_profiles() if p.demo)
            if any(p.demo for p in window.service.list_profiles())
            else DemoService(studio.paths).create()[0]
        )
        window.session.set_unlocked(window.service.unlock(info.id, DEMO_PASSPHRASE))
        for place in ("library", "journal", "progress", "portfolio", "editor"):
            window.show_place(place)
            studio.save(f"scaled-125-{place}", window, SCALED_PC)
    finally:
        window.session.lock()
        window.close()
