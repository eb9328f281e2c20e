"""Which screen is the projector, and putting the two group-session windows in their places."""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def all_screens() -> list[QScreen]:
    return list(QGuiApplication.screens())


def projector_screen(
    screens: list[QScreen] | None = None, primary: QScreen | None = None
) -> QScreen | None:
    """The largest screen that is not the primary one (the laptop's); None with one screen."""
    screens = all_screens() if screens is None else screens
    primary = QGuiApplication.primaryScreen() if primary is None else primary
    others = [s for s in screens if s is not primary and s != primary]
    if not others:
        return None
    return max(
        others, key=lambda s: (s.geometry().width() * s.geometry().height(), -screens.index(s))
    )


def same(a: QScreen | None, b: QScreen | None) -> bool:
    """The same screen; a screen Qt has already let go of is nobody's."""
    if a is None or b is None or not shiboken6.isValid(a) or not shiboken6.isValid(b):
        return False
    return a is b or a.name() == b.name()


def alive(screen: QScreen | None) -> QScreen | None:
    return screen if screen is not None and shiboken6.isValid(screen) else None


def describe(screen: QScreen) -> str:
    """A name a facilitator recognises in a chooser: '2: projector (1920 x 1080)'."""
    g = screen.geometry()
    n = all_screens().index(screen) + 1 if screen in all_screens() else 0
    primary = " - this laptop" if screen is QGuiApplication.primaryScreen() else ""
    return f"{n}: {screen.name() or 'screen'} ({g.width()} x {g.height()}){primary}"


def put_full_screen(widget: QWidget, screen: QScreen) -> None:
    """Full screen on `screen`: geometry first, so the window manager opens it there."""
    widget.setScreen(screen)
    widget.setGeometry(screen.geometry())
    widget.showFullScreen()


def put_on(widget: QWidget, screen: QScreen) -> None:
    """A normal window filling the usable area of `screen` (the console on the laptop)."""
    widget.setScreen(screen)
    widget.setGeometry(screen.availableGeometry())
    widget.showMaximized()
