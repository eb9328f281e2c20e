"""One evaluation table (app/models/evidence_tables.py) as a read-only Qt table model.

The cells are the very strings the PDF and CSV carry, so a hidden count reads "fewer than 5"
or "hidden" here too. Numbers are right-aligned; a hidden cell is marked for screen readers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.models.evidence_tables import NOT_SHOWN, Table

HEADINGS = {
    "setting": "Setting",
    "role": "Role",
    "participants": "People",
    "scenario_id": "Scenario id",
    "scenario": "Scenario",
    "completed": "Completed",
    "not_completed": "Not yet",
    "objective_number": "No.",
    "objective": "Learning objective",
    "pairs": "n (pairs)",
    "mean_before": "Before",
    "mean_after": "After",
    "mean_change": "Change",
    "ci95_low": "95% CI from",
    "ci95_high": "95% CI to",
    "question_id": "Question id",
    "question": "Question",
    "answered": "Answered",
    "right_first_try": "Right first try",
    "rate_first_try": "Rate first try",
    "right_latest": "Right latest",
    "rate_latest": "Rate latest",
    "plan": "Plan",
    "tally": "Tally",
    "hands_before": "Hands at start",
    "hands_after": "Hands at end",
}
_WORDS = {"setting", "role", "scenario_id", "scenario", "objective", "question_id", "question"}
_WORDS |= {"plan", "tally"}
HIDDEN_WORDS = ("fewer than", "hidden", NOT_SHOWN)

Index = QModelIndex | QPersistentModelIndex


class EvaluationTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None

    def set_table(self, table: Table | None) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.table is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            name = self.table.columns[section]
            return HEADINGS.get(name, name)
        return section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or not index.isValid():
            return None
        value = self.table.rows[index.row()][index.column()]
        column = self.table.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole and value.startswith(HIDDEN_WORDS):
            return "Hidden so that no small group of people can be recognised."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADINGS.get(column, column)}: {value}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in _WORDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
