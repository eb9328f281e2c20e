"""Portfolio: the revalidation or appraisal evidence the journal already holds, at a glance.

The framework and the date are chosen here. Bars show hours, participatory hours, accounts and
days left against the framework; below, the CPD log, the reflective accounts, and the
discussion and confirmation records. Everything comes from the session's portfolio use case,
so it is all cleared on lock; the export runs on a Task.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasebookError
from app.models.portfolio import CONFIRMATION, DISCUSSION, Standing
from app.services.portfolio import PortfolioService
from app.services.session import UnlockedSession
from app.ui.portfolio.account_dialog import AccountDialog
from app.ui.portfolio.activity_dialog import ActivityDialog
from app.ui.portfolio.activity_model import COL_TITLE, HEADERS, ActivityTableModel
from app.ui.portfolio.record_form import RecordForm
from app.ui.portfolio.standing_bars import StandingBars
from app.ui.shared.dialogs import ask_save_file
from app.ui.shared.flow_layout import FlowLayout
from app.ui.shared.follows_journal import FollowsJournal
from app.ui.shared.headings import style_heading
from app.ui.shared.keyboard import OptionalDateEdit, tab_leaves
from app.ui.shared.session_state import SessionState
from app.ui.shared.tasks import Task

ACCOUNT_ROLE = Qt.ItemDataRole.UserRole + 1

# Dialogs are made through these, so tests can answer them without a person.
ActivityDialogFactory = Callable[..., ActivityDialog]
AccountDialogFactory = Callable[..., AccountDialog]


class PortfolioView(FollowsJournal, QWidget):
    exported = Signal(str)  # the PDF's path

    def __init__(
        self,
        session: SessionState,
        parent: QWidget | None = None,
        *,
        activity_dialog: ActivityDialogFactory = ActivityDialog,
        account_dialog: AccountDialogFactory = AccountDialog,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("portfolio-view")
        self.session = session
        self.service: PortfolioService | None = None
        self.standing: Standing | None = None
        self._activity_dialog = activity_dialog
        self._account_dialog = account_dialog
        self._task = Task(self)
        self._task.finished.connect(self._exported)
        self._task.failed.connect(self._export_failed)
        self._build()
        self.follow(session)

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        title = QLabel("Your portfolio")
        style_heading(title)
        head = FlowLayout()  # wraps under the title when the window is narrow
        head.add_widget(title, stretch=1)
        fw_label = QLabel("Fra&mework:")
        self.framework = QComboBox()
        self.framework.setAccessibleName("Framework")
        fw_label.setBuddy(self.framework)
        self.date_label = QLabel("&Date:")
        self.due = OptionalDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setSpecialValueText("not set")
        self.due.setAccessibleName("Revalidation date")
        self.date_label.setBuddy(self.due)
        self.save_choice = QPushButton("&Use these")
        self.save_choice.setAccessibleName("Use this framework and date")
        self.save_choice.clicked.connect(self.save_settings)
        self.export_button = QPushButton("E&xport PDF…")
        self.export_button.clicked.connect(self.export_requested)
        head.add_group(fw_label, self.framework)
        head.add_group(self.date_label, self.due, self.save_choice)
        head.add_widget(self.export_button)
        outer.addLayout(head)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        outer.addWidget(self.message)

        self.bars = StandingBars()
        outer.addWidget(self.bars)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Portfolio parts")
        outer.addWidget(self.tabs, 1)

        # CPD log
        log = QWidget()
        log_layout = QVBoxLayout(log)
        self.model = ActivityTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        tab_leaves(self.table)
        self.table.setAccessibleName("CPD log")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col in range(len(HEADERS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if col == COL_TITLE
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(col, mode)
        self.table.doubleClicked.connect(lambda _i: self.edit_activity())
        log_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add activity…")
        self.add_button.clicked.connect(self.add_activity)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(self.edit_activity)
        self.remove_button = QPushButton("Leave ou&t")
        self.remove_button.setAccessibleName("Leave the selected activity out of the CPD log")
        self.remove_button.clicked.connect(self.remove_activity)
        for b in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        log_layout.addLayout(row)
        self.tabs.addTab(log, "CPD &log")

        # Reflective accounts
        accounts = QWidget()
        acc_layout = QVBoxLayout(accounts)
        self.accounts = QListWidget()
        self.accounts.setAccessibleName("Reflective accounts")
        self.accounts.itemActivated.connect(lambda _i: self.edit_account())
        acc_layout.addWidget(self.accounts, 1)
        row = QHBoxLayout()
        self.write_button = QPushButton("&Write from a journal entry…")
        self.write_button.clicked.connect(self.write_account)
        self.edit_account_button = QPushButton("Ed&it account…")
        self.edit_account_button.clicked.connect(self.edit_account)
        self.delete_account_button = QPushButton("&Delete account")
        self.delete_account_button.clicked.connect(self.delete_account)
        for b in (self.write_button, self.edit_account_button, self.delete_account_button):
            row.addWidget(b)
        row.addStretch(1)
        acc_layout.addLayout(row)
        self.tabs.addTab(accounts, "Reflective a&ccounts")

        # Discussion and confirmation
        records = QWidget()
        rec_layout = QHBoxLayout(records)
        self.discussion = RecordForm(DISCUSSION)
        self.confirmation = RecordForm(CONFIRMATION)
        for form in (self.discussion, self.confirmation):
            form.save_requested.connect(self.save_record)
            rec_layout.addWidget(form, 1)
        self.tabs.addTab(records, "Discussion and c&onfirmation")
        self.session.clear_on_lock(
            self.discussion.name,
            self.discussion.registration,
            self.discussion.contact,
            self.discussion.notes,
            self.confirmation.name,
            self.confirmation.registration,
            self.confirmation.contact,
            self.confirmation.notes,
        )

    # -- unlock and lock ---------------------------------------------------------------------

    def _on_unlocked(self, session: UnlockedSession) -> None:
        self.service = session.portfolio
        self.refresh()

    def _on_locked(self) -> None:
        self.service = None
        self.standing = None
        self.model.clear()
        self.accounts.clear()
        self.bars.clear()
        self.discussion.clear()
        self.confirmation.clear()
        self.framework.clear()
        self.message.setText("")

    # -- showing -----------------------------------------------------------------------------

    def _say(self, text: str, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #a61b1b;" if problem else "")

    def refresh(self) -> None:
        service = self.service
        if service is None:
            return
        self._stale = False
        try:
            standing = service.standing()
        except CasebookError as exc:
            self._say(str(exc), problem=True)
            self._fill_choice(None)
            return
        self.standing = standing
        today = standing.today
        self._fill_choice(standing)
        self.bars.show_standing(standing)
        # The cycle's activities, as the totals, the PDF and `cpd list` count them.
        self.model.set_activities(standing.counted_activities, standing.framework)
        self.accounts.clear()
        for account in standing.accounts:
            state = "final" if account.final else "draft"
            item = QListWidgetItem(f"{account.day.isoformat()}  {account.title}  ({state})")
            item.setData(ACCOUNT_ROLE, account.id)
            self.accounts.addItem(item)
        fw = standing.framework
        self.discussion.set_labels(fw.discussion, today)
        self.confirmation.set_labels(fw.confirmation, today)
        self.discussion.show_record(standing.discussion, today)
        self.confirmation.show_record(standing.confirmation, today)
        self.tabs.setTabVisible(1, fw.reflective_accounts > 0)
        problems = service.framework_problems()
        if problems:
            self._say(
                f"{len(problems)} framework file(s) have problems and were skipped: {problems[0]}",
                problem=True,
            )

    def _fill_choice(self, standing: Standing | None) -> None:
        service = self.service
        if service is None:
            return
        self.framework.blockSignals(True)
        self.framework.clear()
        for fw in service.frameworks():
            self.framework.addItem(fw.title, fw.id)
        if standing is not None:
            self.framework.setCurrentIndex(self.framework.findData(standing.framework.id))
            self.date_label.setText(f"&{standing.framework.date_label}:")
            self.due.setAccessibleName(standing.framework.date_label)
            due = standing.settings.due
            # The lowest date stands for "not set"; a year back keeps the calendar near today.
            earliest = standing.today.replace(year=standing.today.year - 1, day=1)
            if due is not None and due < earliest:
                earliest = due.replace(day=1)
            self.due.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
            self.due.setDate(QDate(due.year, due.month, due.day) if due else self.due.minimumDate())
        self.framework.blockSignals(False)

    # -- the choice of framework and date -----------------------------------------------------

    def save_settings(self) -> None:
        if self.service is None:
            return
        qdate = self.due.date()
        due = "" if qdate == self.due.minimumDate() else qdate.toString("yyyy-MM-dd")
        try:
            self.service.choose(self.framework.currentData(), due)
        except CasebookError as exc:
            self._say(str(exc), problem=True)
            return
        self._say("Saved your framework and date.")
        self.refresh()

    @contextmanager
    def _locking(self, dialog: QDialog, *fields: QWidget) -> Iterator[None]:
        """While a dialog is open, a lock (idle, button) empties its text and closes it."""
        self.session.clear_on_lock(*fields)
        self.session.locked.connect(dialog.reject)
        try:
            yield
        finally:
            self.session.locked.disconnect(dialog.reject)
            dialog.deleteLater()

    # -- activities --------------------------------------------------------------------------

    def _selected_activity(self):  # noqa: ANN202 - Activity | None
        index = self.table.currentIndex()
        return self.model.activity(index.row()) if index.isValid() else None

    def add_activity(self) -> None:
        if self.service is None or self.standing is None:
            return
        dialog = self._activity_dialog(self.standing.framework, self.standing.today, None, self)
        with self._locking(dialog, dialog.title, dialog.evidence):
            # Not again once locked (a lock can come while a warning is up).
            while self.service is not None and dialog.exec() == QDialog.DialogCode.Accepted:
                try:
                    self.service.add_activity(**dialog.values())
                except CasebookError as exc:
                    QMessageBox.warning(self, "Add CPD activity", str(exc))
                    continue
                self._say("Added to your CPD log.")
                self.refresh()
                return

    def edit_activity(self) -> None:
        activity = self._selected_activity()
        if self.service is None or self.standing is None or activity is None:
            return
        dialog = self._activity_dialog(self.standing.framework, self.standing.today, activity, self)
        with self._locking(dialog, dialog.title, dialog.evidence):
            # Not again once locked (a lock can come while a warning is up).
            while self.service is not None and dialog.exec() == QDialog.DialogCode.Accepted:
                values = dialog.values()
                values.pop("day")
                try:
                    self.service.edit_activity(activity.id, **values)
                except CasebookError as exc:
                    QMessageBox.warning(self, "Edit CPD activity", str(exc))
                    continue
                self._say("Saved.")
                self.refresh()
                return

    def remove_activity(self) -> None:
        activity = self._selected_activity()
        if self.service is None or activity is None:
            return
        answer = QMessageBox.question(
            self,
            "Leave out",
            f"Leave “{activity.title}” ({activity.day.isoformat()}) out of your CPD log?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.remove_activity(activity.id)
        except CasebookError as exc:
            self._say(str(exc), problem=True)
            return
        self.refresh()

    # -- accounts ----------------------------------------------------------------------------

    def _entry_choices(self) -> list[tuple[str, str]]:
        current = self.session.current
        if current is None:
            return []
        entries = [e for e in current.journal.list_entries() if not e.damaged]
        return [
            (e.id, f"{e.created_at[:10]}  {e.title or 'Untitled'}")
            for e in sorted(entries, key=lambda e: e.created_at, reverse=True)
        ]

    def write_account(self, entry_id: str | None = None) -> None:
        if self.service is None or self.standing is None:
            return
        if not entry_id:
            choices = self._entry_choices()
            if not choices:
                self._say("Your journal has no entries to write an account from yet.")
                return
            labels = [label for _id, label in choices]
            label, ok = QInputDialog.getItem(
                self, "Write a reflective account", "From which journal entry?", labels, 0, False
            )
            if not ok:
                return
            entry_id = choices[labels.index(label)][0]
        try:
            draft = self.service.draft_account(entry_id)
        except CasebookError as exc:
            self._say(str(exc), problem=True)
            return
        self._edit(draft)

    def _selected_account_id(self) -> str | None:
        item = self.accounts.currentItem()
        return item.data(ACCOUNT_ROLE) if item else None

    def edit_account(self) -> None:
        account_id = self._selected_account_id()
        if self.service is None or account_id is None:
            return
        self._edit(self.service.account(account_id))

    def _edit(self, account) -> None:  # noqa: ANN001 - Account
        assert self.service is not None and self.standing is not None
        dialog = self._account_dialog(self.standing.framework, account, self)
        with self._locking(dialog, dialog.title, *dialog.fields.values()):
            # Not again once locked (a lock can come while a warning is up).
            while self.service is not None and dialog.exec() == QDialog.DialogCode.Accepted:
                edited = dialog.account()
                keep = False
                if dialog.final:
                    found = edited.identifiers()
                    if found:
                        listed = "\n".join(
                            f"• {f.label}: “{f.text}”" for fs in found.values() for f in fs
                        )
                        answer = QMessageBox.question(
                            self,
                            "Could this identify someone?",
                            "The account may identify a patient, pupil or colleague:\n\n"
                            f"{listed}\n\nKeep it as it is? Choose No to go back and edit it.",
                        )
                        if answer != QMessageBox.StandardButton.Yes:
                            continue
                        keep = True
                try:
                    self.service.save_account(edited, final=dialog.final, keep_identifiers=keep)
                except CasebookError as exc:
                    QMessageBox.warning(self, "Reflective account", str(exc))
                    continue
                self._say(
                    "Account saved as final." if dialog.final else "Account saved as a draft."
                )
                self.refresh()
                return

    def delete_account(self) -> None:
        account_id = self._selected_account_id()
        if self.service is None or account_id is None:
            return
        answer = QMessageBox.question(
            self, "Delete account", "Delete this reflective account? The journal entry stays."
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.service.delete_account(account_id)
            self.refresh()

    # -- records -----------------------------------------------------------------------------

    def save_record(self, kind: str, values: dict[str, Any]) -> None:
        if self.service is None:
            return
        try:
            self.service.set_record(kind, **values)
        except CasebookError as exc:
            self._say(str(exc), problem=True)
            return
        self._say("Saved.")
        self.refresh()

    # -- export ------------------------------------------------------------------------------

    def export_requested(self) -> None:
        if self.service is None or self._task.running:
            return
        suggested = f"portfolio-{date.today().isoformat()}.pdf"
        name = ask_save_file(self, "Save the portfolio", suggested, "PDF (*.pdf)")
        if not name:
            return
        if not name.lower().endswith(".pdf"):
            name += ".pdf"
        self.export_to(Path(name))

    def export_to(self, out: Path, csv_out: Path | None = None) -> None:
        service = self.service
        if service is None:
            return
        self.export_button.setEnabled(False)
        self._say("Making the PDF…")
        self._task.start(lambda: service.export(out, csv_out=csv_out))

    def _exported(self, result: Any) -> None:
        self.export_button.setEnabled(True)
        self._say(f"Saved the portfolio to {result.pdf}.")
        self.exported.emit(str(result.pdf))

    def _export_failed(self, exc: object) -> None:
        self.export_button.setEnabled(True)
        self._say(str(exc), problem=True)
