"""Keyboard behaviour shared by the places: Tab always moves on to the next control."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QDateEdit, QWidget


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
