"""The QApplication for runs without the full GUI start-up (screenshots), styled like the app;
and the high-contrast look, chosen in the View menu or following the system's setting."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QWidget,
)

# "system": follow the desktop's contrast setting; "high": always; "standard": never.
CONTRAST_MODES = ("system", "high", "standard")
_standard: tuple[str, QPalette] | None = None  # the style and palette before any change
_style: QStyle | None = None  # the style in use, held so Python never frees it under Qt


def ensure_application() -> QApplication:
    """The running QApplication, or a new one named like the real app."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Casebook")
    app.setOrganizationName("Casebook")
    return app


def focus_ring_width(metrics: QFontMetrics) -> int:
    """Two pixels at the normal font, more with larger text, so the ring grows with it."""
    return max(2, round(metrics.height() / 8))


def paint_focus_ring(
    painter: QPainter,
    rect: QRect,
    palette: QPalette,
    width: int = 2,
    *,
    on_highlight: bool = False,
) -> None:
    """A solid ring just inside `rect` in the highlight colour (yellow in high contrast):
    where the keyboard focus is, clear at a glance. Custom-drawn widgets call this too; on
    a selected row (filled with the highlight colour) the ring takes the selected text's."""
    painter.save()
    role = QPalette.ColorRole.HighlightedText if on_highlight else QPalette.ColorRole.Highlight
    pen = QPen(palette.color(QPalette.ColorGroup.Active, role), width)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset, end = width // 2, width // 2 + (width % 2 == 0)  # the pen straddles its line
    painter.drawRect(rect.adjusted(inset, inset, -end, -end))
    painter.restore()


class FocusRingStyle(QProxyStyle):
    """The platform's style, with a ring on whatever has the keyboard focus.

    Styles show the focus faintly or not at all on some controls: Fusion draws a focused
    button like the default button and a flat button not at all, and a list or table only on
    its current row, so an empty one or one without a current row showed nothing. Here push
    buttons, tool buttons and every scroll area's frame (lists, tables, text views) get a
    ring in the highlight colour while they hold the focus."""

    def drawControl(self, element, option, painter, widget=None) -> None:  # noqa: N802
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_PushButton or (
            element == QStyle.ControlElement.CE_ShapedFrame
            and isinstance(widget, QAbstractScrollArea)
        ):
            self._ring(option, painter, widget)

    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.ComplexControl.CC_ToolButton and isinstance(widget, QAbstractButton):
            self._ring(option, painter, widget)

    @staticmethod
    def _ring(option: QStyleOption, painter: QPainter, widget: QWidget | None) -> None:
        if widget is None or not widget.hasFocus():
            return
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return
        paint_focus_ring(
            painter, widget.rect(), option.palette, focus_ring_width(widget.fontMetrics())
        )


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
    global _standard, _style
    app = app or ensure_application()
    if _standard is None:
        _standard = (app.style().name(), app.palette())
    high = mode == "high" or (mode == "system" and system_wants_high_contrast())
    if high:
        # Fusion draws every frame and focus ring from the palette, so the colours above hold.
        _style = FocusRingStyle("Fusion")
        app.setStyle(_style)
        app.setPalette(high_contrast_palette())
    else:
        style, palette = _standard
        _style = FocusRingStyle(style)
        app.setStyle(_style)
        app.setPalette(palette)
    return high
