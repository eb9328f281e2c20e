"""The QApplication for runs without the full GUI start-up (screenshots), styled like the app;
and the high-contrast look, chosen in the View menu or following the system's setting."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

# "system": follow the desktop's contrast setting; "high": always; "standard": never.
CONTRAST_MODES = ("system", "high", "standard")
_standard: tuple[str, QPalette] | None = None  # the style and palette before any change


def ensure_application() -> QApplication:
    """The running QApplication, or a new one named like the real app."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Casebook")
    app.setOrganizationName("Casebook")
    return app


def system_wants_high_contrast() -> bool:
    # Both wrappers kept in names: a temporary style-hints wrapper is freed at once, and its
    # accessibility object with it.
    style_hints = QGuiApplication.styleHints()
    hints = style_hints.accessibility()
    return hints.contrastPreference() == Qt.ContrastPreference.HighContrast


def high_contrast_palette() -> QPalette:
    """White on black, yellow for what is selected or focused, cyan links: every pair passes
    WCAG AAA (7:1) contrast; disabled text stays readable (grey on black, 5.7:1)."""
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    p = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, black)
        p.setColor(group, QPalette.ColorRole.WindowText, white)
        p.setColor(group, QPalette.ColorRole.Base, black)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor("#1a1a1a"))
        p.setColor(group, QPalette.ColorRole.Text, white)
        p.setColor(group, QPalette.ColorRole.Button, black)
        p.setColor(group, QPalette.ColorRole.ButtonText, white)
        p.setColor(group, QPalette.ColorRole.Highlight, yellow)
        p.setColor(group, QPalette.ColorRole.HighlightedText, black)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, black)
        p.setColor(group, QPalette.ColorRole.ToolTipText, white)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#d0d0d0"))
        p.setColor(group, QPalette.ColorRole.Link, QColor("#00ffff"))
        p.setColor(group, QPalette.ColorRole.Light, white)
        p.setColor(group, QPalette.ColorRole.Mid, QColor("#c0c0c0"))
        p.setColor(group, QPalette.ColorRole.Dark, white)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a0a0a0"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window, black)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, black)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, black)
    return p


def apply_contrast(mode: str, app: QApplication | None = None) -> bool:
    """Apply `mode` (one of CONTRAST_MODES); True when the high-contrast look is now on."""
    global _standard
    app = app or ensure_application()
    if _standard is None:
        _standard = (app.style().name(), app.palette())
    high = mode == "high" or (mode == "system" and system_wants_high_contrast())
    if high:
        # Fusion draws every frame and focus ring from the palette, so the colours above hold.
        app.setStyle("Fusion")
        app.setPalette(high_contrast_palette())
    else:
        style, palette = _standard
        app.setStyle(style)
        app.setPalette(palette)
    return high
