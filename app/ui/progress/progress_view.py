"""Progress: confidence before and after each viewing, per topic and learning objective, over
time; knowledge-check results; scenarios completed; and which are due for a refresher.

The chart and the table show the same figures (the table is the accessible way to read them).
Everything shown comes from decrypted entries, so it is all cleared on lock.

Factory for the main window: `build_progress_view(paths, session)`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.models.content import Scenario
from app.models.progress import ProgressReport, RatingPoint, topic_label
from app.services.journal import JournalService
from app.services.progress import ProgressService
from app.services.session import UnlockedSession
from app.ui.progress.progress_chart import ConfidenceChart
from app.ui.shared.follows_journal import FollowsJournal
from app.ui.shared.headings import style_heading
from app.ui.shared.keyboard import tab_leaves
from app.ui.shared.session_state import SessionState

TABLE_HEADERS = (
    "Topic or learning objective",
    "Viewings",
    "First, before",
    "Latest, after",
    "Change",
    "Knowledge checks",
)
_KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # ("topic", id) or ("objective", (scenario id, text))


def _num(value: float | None) -> str:
    # Means of 1-5 ratings: one decimal is as precise as a rating can honestly be.
    return "–" if value is None else f"{value:.1f}".removesuffix(".0")


def _change(value: float | None) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + _num(value)


def _key(kind: str, *parts: str) -> str:
    # Plain strings as item data: they compare reliably when looked up again after a refresh.
    return "\x1f".join((kind, *parts))


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class ProgressView(FollowsJournal, QWidget):
    refresher_requested = Signal(str)  # scenario id: watch it again

    def __init__(
        self,
        paths: Paths,
        session: SessionState,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        scenarios: dict[str, Scenario] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("progress-view")
        self.paths = paths
        self.session = session
        self._clock = clock
        self._scenarios = scenarios
        # The unlocked session's journal and progress use case, while unlocked.
        self.journal: JournalService | None = None
        self.service: ProgressService | None = None
        self.report: ProgressReport | None = None
        self._entries: list = []
        self._build()
        self.follow(session)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        title = QLabel("Your progress")
        style_heading(title)
        outer.addWidget(title)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary")
        outer.addWidget(self.summary)
        share_row = QHBoxLayout()
        share_row.addStretch(1)
        self.share_button = QPushButton("Share a&nonymous progress\u2026")
        self.share_button.setAccessibleDescription(
            "Save a file of numbers only for your training programme's evaluation"
        )
        self.share_button.clicked.connect(self.share_progress)
        share_row.addWidget(self.share_button)
        outer.addLayout(share_row)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        pick_row = QHBoxLayout()
        pick_label = QLabel("&Show confidence for:")
        self.picker = QComboBox()
        self.picker.setAccessibleName("Show confidence for")
        self.picker.currentIndexChanged.connect(self._picked)
        pick_label.setBuddy(self.picker)
        pick_row.addWidget(pick_label)
        pick_row.addWidget(self.picker, 1)
        left_layout.addLayout(pick_row)
        self.chart = ConfidenceChart()
        left_layout.addWidget(self.chart, 3)
        self.table_model = QStandardItemModel(0, len(TABLE_HEADERS), self)
        self.table_model.setHorizontalHeaderLabels(list(TABLE_HEADERS))
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setAccessibleName("Confidence and knowledge figures")
        tab_leaves(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(TABLE_HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        left_layout.addWidget(self.table, 2)
        split.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(_bold("Due for a refresher"))
        interval = QHBoxLayout()
        interval_label = QLabel("&Remind me after")
        self.interval = QSpinBox()
        self.interval.setRange(7, 730)
        self.interval.setSuffix(" days")
        self.interval.setAccessibleName("Remind me about a scenario after this many days")
        interval_label.setBuddy(self.interval)
        interval.addWidget(interval_label)
        interval.addWidget(self.interval)
        interval.addStretch(1)
        right_layout.addLayout(interval)
        self.refreshers = QListWidget()
        self.refreshers.setAccessibleName("Scenarios due for a refresher")
        self.refreshers.setWordWrap(True)
        self.refreshers.itemActivated.connect(self._watch_item)
        right_layout.addWidget(self.refreshers, 2)
        self.watch_button = QPushButton("&Watch again")
        self.watch_button.clicked.connect(self.watch_selected)
        right_layout.addWidget(self.watch_button, 0, Qt.AlignmentFlag.AlignRight)
        right_layout.addWidget(_bold("Scenarios completed"))
        self.completed = QListWidget()
        self.completed.setAccessibleName("Scenarios completed")
        self.completed.setWordWrap(True)
        right_layout.addWidget(self.completed, 2)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        outer.addWidget(split, 1)
        self.interval.editingFinished.connect(self._interval_changed)
        self.interval.valueChanged.connect(self._interval_preview)

    def share_progress(self) -> None:
        """Show what an anonymous progress slip would hold, and save it if the person agrees."""
        from app.ui.progress.share_progress_dialog import ShareProgressDialog

        if self.session.current is None:
            return
        ShareProgressDialog(self.session.current, self, state=self.session).exec()

    # -- unlock and lock --------------------------------------------------------------------------

    def _on_unlocked(self, session: UnlockedSession) -> None:
        self.journal = session.journal
        self.service = session.progress
        self.interval.blockSignals(True)
        self.interval.setValue(self.service.refresher_days())
        self.interval.blockSignals(False)
        self.refresh()

    def _on_locked(self) -> None:
        self.report = None
        self._entries = []
        self.chart.clear()
        self.table_model.removeRows(0, self.table_model.rowCount())
        self.refreshers.clear()
        self.completed.clear()
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.blockSignals(False)
        self.summary.setText("")
        self.journal = None  # the session closed it
        self.service = None

    # -- figures ------------------------------------------------------------------------------

    def refresh(self, entries: list | None = None) -> None:
        """Read the journal again (or use `entries`) and show the figures."""
        if self.service is None or self.journal is None:
            return
        self._entries = list(entries) if entries is not None else self.journal.list_entries()
        self._stale = False
        self._recompute()

    def _recompute(self) -> None:
        if self.service is None:
            return
        now = self._clock() if self._clock is not None else None
        self.report = self.service.report(
            self._entries,
            refresher_days=self.interval.value(),
            now=now,
            scenarios=self._scenarios,
        )
        self._show(self.report)

    def _show(self, report: ProgressReport) -> None:
        finished = len(report.viewings)
        scenarios = len(report.completed)
        parts = [
            f"{finished} finished reflection{'s' if finished != 1 else ''} on "
            f"{scenarios} scenario{'s' if scenarios != 1 else ''}"
        ]
        if report.free_reflections:
            parts.append(f"{report.free_reflections} on your own practice")
        if report.knowledge_total:
            parts.append(
                f"knowledge checks: {report.knowledge_correct} of {report.knowledge_total} "
                f"matched the suggested answer ({report.knowledge_percent}%)"
            )
        text = "; ".join(parts) + "."
        self.summary.setText(text[:1].upper() + text[1:])

        self.picker.blockSignals(True)
        keep = self.picker.currentData()
        self.picker.clear()
        self.picker.addItem("All scenarios", _key("all"))
        for tp in report.topics:
            self.picker.addItem(f"Topic: {topic_label(tp.topic)}", _key("topic", tp.topic))
        for op in report.objectives:
            self.picker.addItem(
                f"Objective: {op.objective}", _key("objective", op.scenario_id, op.objective)
            )
        index = self.picker.findData(keep) if keep is not None else 0
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.blockSignals(False)
        self._picked()

        self.table_model.removeRows(0, self.table_model.rowCount())
        for tp in report.topics:
            knowledge = (
                f"{tp.knowledge_correct} of {tp.knowledge_total}" if tp.knowledge_total else "–"
            )
            self._add_row(
                [
                    f"Topic: {topic_label(tp.topic)}",
                    str(tp.viewings),
                    _num(tp.first_before),
                    _num(tp.latest_after),
                    _change(tp.change),
                    knowledge,
                ],
                _key("topic", tp.topic),
                bold=True,
            )
        titles = {sid: title for sid, title, _n in report.completed}
        counts = {sid: n for sid, _t, n in report.completed}
        scenario_shown = None
        for op in report.objectives:
            if op.scenario_id != scenario_shown:
                scenario_shown = op.scenario_id
                sid = op.scenario_id
                self._add_row(
                    [f"Scenario: {titles.get(sid, sid)}", str(counts.get(sid, 0)), "", "", "", ""],
                    _key("scenario", sid),
                    bold=True,
                )
            self._add_row(
                [
                    f"    {op.objective}",
                    str(op.viewings),
                    _num(op.first_before),
                    _num(op.latest_after),
                    _change(op.change),
                    "",
                ],
                _key("objective", op.scenario_id, op.objective),
            )

        self._fill_refreshers(report)
        self.completed.clear()
        for _sid, title, count in report.completed:
            self.completed.addItem(f"{title} · {count} time{'s' if count != 1 else ''}")
        if not report.completed:
            self.completed.addItem("None yet. Watch a clip and reflect on it to start.")

    def _fill_refreshers(self, report: ProgressReport) -> None:
        self.refreshers.clear()
        for r in report.refreshers:
            months = r.days_since // 30
            ago = f"{months} months ago" if months >= 2 else f"{r.days_since} days ago"
            item = QListWidgetItem(f"{r.title} · last reflected {ago}")
            item.setData(_KEY_ROLE, r.scenario_id)
            self.refreshers.addItem(item)
        has = bool(report.refreshers)
        if not has:
            item = QListWidgetItem("Nothing is due. Well done keeping your skills fresh.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.refreshers.addItem(item)
        self.watch_button.setEnabled(has)
        if has:
            self.refreshers.setCurrentRow(0)

    def _add_row(self, texts: list[str], key: str, bold: bool = False) -> None:
        items = []
        for i, text in enumerate(texts):
            item = QStandardItem(text)
            item.setData(key, _KEY_ROLE)
            if i:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            items.append(item)
        self.table_model.appendRow(items)

    def table_rows(self) -> list[list[str]]:
        """The table's text, row by row (what a screen reader reads)."""
        m = self.table_model
        return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]

    # -- chart selection ----------------------------------------------------------------------

    def _series(self, key: str | None) -> tuple[list[RatingPoint], str]:
        report = self.report
        if report is None or key is None:
            return [], ""
        kind, *parts = key.split("\x1f")
        if kind == "topic":
            tp = report.topic(parts[0])
            return (tp.points if tp else []), f"Topic: {topic_label(parts[0])}"
        if kind == "objective":
            sid, text = parts
            op = next(
                (o for o in report.objectives if o.scenario_id == sid and o.objective == text), None
            )
            return (op.points if op else []), text
        from app.models.progress import point_of

        return [point_of(v) for v in report.viewings], "All scenarios"

    def _picked(self, *_: Any) -> None:
        points, title = self._series(self.picker.currentData())
        self.chart.set_points(points, title)

    def _row_chosen(self, current: Any, _previous: Any = None) -> None:
        if not current.isValid():
            return
        key = self.table_model.item(current.row(), 0).data(_KEY_ROLE)
        index = self.picker.findData(key)
        if index >= 0:
            self.picker.setCurrentIndex(index)

    # -- refreshers -----------------------------------------------------------------------------

    def _interval_preview(self, _value: int) -> None:
        if self.report is not None and self.service is not None:
            self._recompute()

    def _interval_changed(self) -> None:
        if self.service is not None:
            self.service.set_refresher_days(self.interval.value())

    def _watch_item(self, item: QListWidgetItem) -> None:
        sid = item.data(_KEY_ROLE)
        if sid:
            self.refresher_requested.emit(sid)

    def watch_selected(self) -> None:
        item = self.refreshers.currentItem()
        if item is not None:
            self._watch_item(item)


def build_progress_view(paths: Paths, session: SessionState) -> ProgressView:
    """The progress view for the main window's registry of views."""
    return ProgressView(paths, session)
