"""Walking a window with real Tab presses: which controls the keyboard reaches, which it
cannot, and where the focus gets stuck. Shared by the tab-walk and large-text tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QRadioButton,
    QScrollBar,
    QWidget,
)


def owner(widget: QWidget) -> QWidget:
    """The control a person sees as focused: a spin box or editable combo for its inner line
    edit, a scroll area for its viewport, the widget itself otherwise."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox)) and parent.isAncestorOf(widget):
            return parent
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            return parent
        break
    return widget


def label(widget: QWidget) -> str:
    name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or ""
    return f"{type(widget).__name__}({name or widget.objectName()!s})"


def is_shown_in(widget: QWidget, root: QWidget) -> bool:
    """Visible on screen inside `root`, enabled, and wider and taller than nothing."""
    return (
        widget.isVisible()
        and widget.isEnabled()
        and widget.width() > 0
        and widget.height() > 0
        and (widget is root or root.isAncestorOf(widget))
    )


def reachable_controls(root: QWidget) -> list[QWidget]:
    """Every control under `root` a person should reach with Tab: shown, enabled, taking Tab
    focus, not standing in for another (focus proxies point at the control that is reached).
    Of a group of auto-exclusive radio buttons Tab reaches only one: the checked one or the
    first; the arrow keys move within the group (checked by the radio-group tests)."""
    found: list[QWidget] = []
    radio_groups: set[int] = set()
    for w in root.findChildren(QWidget):
        if not is_shown_in(w, root):
            continue
        if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) or w.focusProxy() is not None:
            continue
        if isinstance(w, QScrollBar):
            continue
        w = owner(w)
        if isinstance(w, QRadioButton) and w.autoExclusive():
            group = id(w.group()) if w.group() is not None else id(w.parentWidget())
            if group in radio_groups:
                continue
            radio_groups.add(group)
        if w not in found:
            found.append(w)
    return found


@dataclass
class Walk:
    """What pressing Tab (or Shift+Tab) again and again did."""

    chain: list[QWidget] = field(default_factory=list)  # distinct controls, in order reached
    stuck_at: QWidget | None = None  # a control Tab did not leave
    loop: list[QWidget] = field(default_factory=list)  # a round that never came back to the start
    left_root: bool = False  # the focus went outside the walked window

    def names(self) -> list[str]:
        return [label(w) for w in self.chain]


def walk(root: QWidget, *, backwards: bool = False, limit: int = 400) -> Walk:
    """Press Tab on whatever has the focus until the focus comes back to where it started.
    The focus is first put on the first control Qt's own chain gives in `root`."""
    result = Walk()
    app = QApplication.instance()
    root.window().activateWindow()
    for _ in range(50):  # the window manager makes the window active a moment later
        if QApplication.activeWindow() is root.window():
            break
        QTest.qWait(10)
    focused = app.focusWidget()
    if focused is None or not is_shown_in(focused, root):
        controls = reachable_controls(root)
        if not controls:
            return result
        controls[0].setFocus(Qt.FocusReason.TabFocusReason)
    app.processEvents()
    start = app.focusWidget()
    if start is not None and not (start.focusPolicy() & Qt.FocusPolicy.TabFocus):
        # Focus given by the program to a container: begin where the first Tab lands.
        QTest.keyClick(start, Qt.Key.Key_Tab)
        start = app.focusWidget()
    if start is None:
        return result
    current = start
    same = 0
    for _ in range(limit):
        control = owner(current)
        if control not in result.chain:
            result.chain.append(control)
        if not (control is root or root.isAncestorOf(control)):
            result.left_root = True
            return result
        key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
        mods = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
        QTest.keyClick(current, key, mods)
        app.processEvents()
        after = app.focusWidget()
        if after is None:
            return result
        if owner(after) is control:
            same += 1
            if same >= 8:  # a date edit walks its sections; more than that is a trap
                result.stuck_at = control
                return result
        else:
            same = 0
            if (
                owner(after) in result.chain
                and after is not start
                and owner(after) is not owner(start)
            ):
                result.loop = result.chain[result.chain.index(owner(after)) :]
                return result
        current = after
        if current is start:
            return result
    result.stuck_at = owner(current)
    return result


def unreached(root: QWidget, walked: Walk) -> list[str]:
    return [label(w) for w in reachable_controls(root) if w not in walked.chain]


def out_of_order_buttons(root: QWidget, walked: Walk) -> list[str]:
    """Button boxes whose buttons Tab reaches in another order than they stand, left to
    right."""
    found = []
    for box in root.findChildren(QDialogButtonBox):
        shown = [b for b in box.buttons() if is_shown_in(b, root) and b in walked.chain]
        by_tab = sorted(shown, key=walked.chain.index)
        by_place = sorted(shown, key=lambda b: b.mapTo(root, b.rect().topLeft()).x())
        if by_tab != by_place:
            found.append(" then ".join(label(b) for b in by_tab))
    return found


def check_walk(root: QWidget, where: str) -> list[str]:
    """Problems found tabbing forwards and then backwards through `root`, one line each."""
    problems = []
    for backwards in (False, True):
        direction = "Shift+Tab" if backwards else "Tab"
        result = walk(root, backwards=backwards)
        if result.stuck_at is not None:
            problems.append(f"{where}: {direction} is stuck at {label(result.stuck_at)}")
        if result.loop:
            round_ = " -> ".join(label(w) for w in result.loop)
            problems.append(f"{where}: {direction} goes round {round_} and back")
        if result.left_root:
            problems.append(f"{where}: {direction} left the window")
        if not backwards:
            for order in out_of_order_buttons(root, result):
                problems.append(f"{where}: Tab reaches {order}, not as they stand")
        missed = unreached(root, result)
        if missed:
            problems.append(f"{where}: {direction} never reaches {', '.join(missed)}")
    return problems
