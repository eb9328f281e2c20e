"""The CPD log as a Qt table model: one row per activity, named columns, the activity in a role."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.models.framework import Framework
from app.models.portfolio import GROUP_SESSION, REFLECTION, Activity

COL_DATE, COL_TITLE, COL_METHOD, COL_HOURS, COL_PARTICIPATORY, COL_THEMES, COL_FROM = range(7)
HEADERS = ("Date", "Topic", "Method", "Hours", "Participatory", "Themes", "From")
ACTIVITY_ROLE = Qt.ItemDataRole.UserRole + 1
_FROM = {REFLECTION: "Journal: reflection", GROUP_SESSION: "Journal: group session"}

Index = QModelIndex | QPersistentModelIndex


class ActivityTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Activity] = []
        self._framework: Framework | None = None

    def set_activities(self, activities: list[Activity], framework: Framework | None) -> None:
        self.beginResetModel()
        self._rows = list(activities)
        self._framework = framework
        self.endResetModel()

    def clear(self) -> None:
        self.set_activities([], None)

    def activity(self, row: int) -> Activity | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        a = self.activity(index.row())
        if a is None:
            return None
        col = index.column()
        if role == ACTIVITY_ROLE:
            return a
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_HOURS, COL_PARTICIPATORY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if col == COL_DATE:
            return a.day.isoformat()
        if col == COL_TITLE:
            return a.title
        if col == COL_METHOD:
            return a.method
        if col == COL_HOURS:
            return f"{a.hours:g}"
        if col == COL_PARTICIPATORY:
            return f"{a.participatory_hours:g}" if a.participatory_hours else "–"
        if col == COL_THEMES:
            fw = self._framework
            return "; ".join(fw.theme_title(t) if fw else t for t in a.themes)
        return _FROM.get(a.source, "Added by you")
