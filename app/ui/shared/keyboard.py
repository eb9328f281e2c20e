"""Keyboard behaviour shared by the places: Tab always moves on to the next control."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDateEdit,
    QDialogButtonBox,
    QScrollArea,
    QWidget,
)


class OptionalDateEdit(QDateEdit):
    """A date edit whose minimum means "no date", shown as its special value text.

    Qt's date edit walks its day, month and year with Tab before letting go; while the special
    text ("Any date") stands in for the date there are no sections to walk and Tab never left.
    Here Tab leaves at once in that state, and walks the sections as usual once a date is set.
    """

    def _shows_special_text(self) -> bool:
        return bool(self.specialValueText()) and self.date() == self.minimumDate()

    def focusNextPrevChild(self, next_: bool) -> bool:  # noqa: N802 (Qt API)
        if self._shows_special_text():
            return QWidget.focusNextPrevChild(self, next_)
        return super().focusNextPrevChild(next_)


def tab_leaves(*views: QAbstractItemView) -> None:
    """Tab moves on from a table to the next control rather than from cell to cell (the arrow
    keys move between cells): a table of 30 cells kept the focus for 30 presses, and the
    controls after it were out of reach."""
    for view in views:
        view.setTabKeyNavigation(False)


def buttons_as_laid_out(box: QDialogButtonBox) -> list[QAbstractButton]:
    """The box's buttons left to right as its layout stands them (known before it is shown)."""
    layout = box.layout()
    if layout is None:
        return []
    items = (layout.itemAt(i) for i in range(layout.count()))
    return [
        w for item in items if item is not None and isinstance(w := item.widget(), QAbstractButton)
    ]


def order_box_tabs(box: QDialogButtonBox) -> None:
    """Tab goes through the box's buttons in the order they stand on screen."""
    buttons = buttons_as_laid_out(box)
    for before, after in zip(buttons, buttons[1:], strict=False):
        QWidget.setTabOrder(before, after)


class _BoxTabsFollowLayout(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialogButtonBox):
            order_box_tabs(watched)
        return False


def tabs_follow_buttons(box: QDialogButtonBox) -> None:
    """Keep Tab in the box's on-screen order, also after buttons are added later. Qt keeps
    the order buttons were added in, and the platform's layout may stand them otherwise
    (Close added first, then Save, shown as Save, Close on Windows)."""
    order_box_tabs(box)
    follower = _BoxTabsFollowLayout(box)
    box.installEventFilter(follower)


def scrolls_with_focus(area: QScrollArea) -> None:
    """A scroll area of controls takes no focus itself: Tab goes straight to the controls in
    it and the area scrolls to show each. Taking the focus, it was one silent, unmarked stop
    (a screen reader had no name to say, and nothing on screen changed)."""
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
