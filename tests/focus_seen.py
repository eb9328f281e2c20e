"""Whether a person can see where the keyboard focus is: a control looks different with the
focus than without it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget


def _image(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage()


def looks_focused(widget: QWidget, elsewhere: QWidget) -> bool:
    """True when `widget` looks different once it has the focus than while `elsewhere` has
    it. The window must be active: an inactive window shows no focus at all.

    The focus moves as a keyboard shortcut (a mnemonic like Alt+O) moves it: styles draw the
    focus only after the keyboard moved it, not after a mouse click."""
    reason = Qt.FocusReason.ShortcutFocusReason
    elsewhere.setFocus(reason)
    before = _image(widget)
    widget.setFocus(reason)
    after = _image(widget)
    elsewhere.setFocus(reason)
    return before != after
