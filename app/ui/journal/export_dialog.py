"""The export dialog: choose what goes into a supervision PDF, preview its pages, save it.

The dialog collects choices and shows results; the export itself is the unlocked session's
ExportService, the same call `casebook export pdf` makes, run on a worker Task with progress
(choosing the entries, laying out the PDF, writing it atomically). The preview renders page
images in memory (PDFium, through the export service), so no file holding journal text is
written and no other program is needed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasebookError
from app.services.export import ExportRequest, Preview, entry_day
from app.ui.shared.dialogs import ask_save_file
from app.ui.shared.session_state import SessionState
from app.ui.shared.tasks import Cancelled, Task

PREVIEW_PAGES = 4
PREVIEW_DPI = 45
ID_ROLE = Qt.ItemDataRole.UserRole


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ExportDialog(QDialog):
    """Period, entries, private questions, supervisor, paper, password; preview; export."""

    exported = Signal(object)  # the saved Path

    def __init__(
        self,
        session: SessionState,
        entry_ids: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export a PDF for supervision")
        self.session = session
        unlocked = session.current
        if unlocked is None:
            raise CasebookError("Unlock your profile to export your reflections.")
        self.service = unlocked.export
        self._task = Task(self)
        self._task.progress.connect(self._on_progress)
        self._task.finished.connect(self._on_done)
        self._task.failed.connect(self._on_failed)
        self._busy: str | None = None  # "preview" or "export" while the worker runs
        self.saved_path: Path | None = None
        self._all = [e for e in unlocked.journal.list_entries() if not e.damaged]
        self._choices: list = []
        self._all.sort(key=lambda e: e.created_at)
        self._build(set(entry_ids) if entry_ids is not None else None)
        session.locked.connect(self._on_locked)

    # -- layout ----------------------------------------------------------------------------

    def _build(self, chosen: set[str] | None) -> None:
        form_side = QWidget()
        form = QVBoxLayout(form_side)

        self.period_box = QGroupBox("Only reflections from a period")
        self.period_box.setCheckable(True)
        self.period_box.setChecked(False)
        self.period_box.setAccessibleName("Limit to a period")
        days = [d for d in (entry_day(e) for e in self._all) if d]
        first, last = (min(days), max(days)) if days else (date.today(), date.today())
        self.from_edit = QDateEdit(_qdate(first), calendarPopup=True)
        self.to_edit = QDateEdit(_qdate(last), calendarPopup=True)
        for edit, name in ((self.from_edit, "From"), (self.to_edit, "To")):
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(f"{name} date")
            edit.dateChanged.connect(self._refresh_entries)
        period = QFormLayout(self.period_box)
        period.addRow("&From", self.from_edit)
        period.addRow("&To", self.to_edit)
        self.period_box.toggled.connect(self._refresh_entries)
        form.addWidget(self.period_box)

        entries_label = QLabel("&Reflections to include")
        form.addWidget(entries_label)
        self.entry_list = QListWidget()
        self.entry_list.setAccessibleName("Reflections to include")
        entries_label.setBuddy(self.entry_list)
        for entry in self._all:
            day = entry_day(entry)
            when = f"{day.day} {day:%b %Y}" if day else ""
            item = QListWidgetItem(f"{entry.title or 'Untitled'}  \u2014  {when}")
            item.setData(ID_ROLE, entry.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = chosen is None or entry.id in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.entry_list.addItem(item)
        self.entry_list.itemChanged.connect(self._entries_changed)
        form.addWidget(self.entry_list, 2)

        private_label = QLabel("&Keep these answers private (printed as \u201ckept private\u201d)")
        private_label.setWordWrap(True)
        form.addWidget(private_label)
        self.private_list = QListWidget()
        self.private_list.setAccessibleName("Questions to keep private")
        private_label.setBuddy(self.private_list)
        form.addWidget(self.private_list, 2)
        # Said in words, so nobody has to trust a tick they cannot see in a long list.
        self.withheld_label = QLabel()
        self.withheld_label.setWordWrap(True)
        self.withheld_label.setAccessibleName("Answers withheld from this PDF")
        form.addWidget(self.withheld_label)
        self.private_list.itemChanged.connect(self._say_withheld)

        details = QFormLayout()
        self.supervisor_edit = QLineEdit()
        self.supervisor_edit.setPlaceholderText("For the cover and the sign-off")
        self.supervisor_edit.setAccessibleName("Supervisor's name")
        details.addRow("&Supervisor", self.supervisor_edit)
        self.paper_combo = QComboBox()
        self.paper_combo.addItem("A4", "a4")
        self.paper_combo.addItem("US Letter", "letter")
        self.paper_combo.setAccessibleName("Paper size")
        details.addRow("Pa&per", self.paper_combo)
        self.password_check = QCheckBox("Protect with a &password (for email or a USB stick)")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("PDF password")
        self.password_edit.setPlaceholderText("Password")
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName("PDF password again")
        self.password_again.setPlaceholderText("The same password again")
        for w in (self.password_edit, self.password_again):
            w.setEnabled(False)
            self.password_check.toggled.connect(w.setEnabled)
        details.addRow(self.password_check)
        details.addRow(self.password_edit)
        details.addRow(self.password_again)
        form.addLayout(details)

        preview_side = QWidget()
        preview = QVBoxLayout(preview_side)
        top = QHBoxLayout()
        top.addWidget(QLabel("Preview of the first pages"))
        top.addStretch(1)
        self.preview_button = QPushButton("&Update preview")
        self.preview_button.clicked.connect(self.start_preview)
        top.addWidget(self.preview_button)
        preview.addLayout(top)
        self.pages_widget = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages_widget)
        scroll.setAccessibleName("Page preview")
        preview.addWidget(scroll, 1)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        preview.addWidget(self.preview_note)
        self.preview_note.setText("Press Update preview to see the pages before saving.")

        splitter = QSplitter()
        splitter.addWidget(form_side)
        splitter.addWidget(preview_side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export status")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setVisible(False)
        buttons = QHBoxLayout()
        self.open_folder_button = QPushButton("&Open folder")
        self.open_folder_button.setVisible(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.export_button = QPushButton("&Export PDF\u2026")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.choose_and_export)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)

        root = QVBoxLayout(self)
        root.addWidget(splitter, 1)
        root.addWidget(self.progress)
        root.addWidget(self.status)
        root.addLayout(buttons)
        self.resize(1100, 700)
        self._refresh_entries()

    # -- choices ---------------------------------------------------------------------------

    def _in_period(self, entry: Any) -> bool:
        if not self.period_box.isChecked():
            return True
        day = entry_day(entry)
        start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        return day is not None and start <= day <= end

    def _refresh_entries(self, *_: object) -> None:
        for row, entry in enumerate(self._all):
            self.entry_list.item(row).setHidden(not self._in_period(entry))
        self._entries_changed()

    def chosen_ids(self) -> list[str]:
        out = []
        for row in range(self.entry_list.count()):
            item = self.entry_list.item(row)
            if not item.isHidden() and item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(ID_ROLE))
        return out

    def _entries_changed(self, *_: object) -> None:
        """Rebuild the private-questions list for the chosen entries, keeping ticks."""
        was = set(self.private_ids())
        ids = set(self.chosen_ids())
        chosen = [e for e in self._all if e.id in ids]
        self.private_list.blockSignals(True)
        self.private_list.clear()
        self._choices = self.service.question_choices(chosen)
        for q in self._choices:
            item = QListWidgetItem(q.text)
            item.setData(ID_ROLE, q.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            if q.private_already:
                # The author's own choice: always private, not undone here.
                item.setCheckState(Qt.CheckState.Checked)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip("You marked this private when you wrote it.")
            else:
                on = q.id in was
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.private_list.addItem(item)
        self.private_list.blockSignals(False)
        self._say_withheld()
        self.export_button.setEnabled(bool(ids) and self._busy is None)
        if not ids:
            self.status.setText("Choose at least one reflection to export.")
        elif self._busy is None:
            self.status.setText(f"{len(ids)} reflection{'s' if len(ids) != 1 else ''} chosen.")

    def withheld(self) -> list[tuple[str, int]]:
        """(question, how many chosen reflections answer it) for each answer kept back."""
        counts = {q.id: q.entries for q in self._choices}
        out = []
        for row in range(self.private_list.count()):
            item = self.private_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append((item.text(), counts.get(item.data(ID_ROLE), 0)))
        return out

    def _say_withheld(self, *_: object) -> None:
        withheld = self.withheld()
        if not withheld:
            self.withheld_label.setText("Every answer in the chosen reflections will be printed.")
            return
        parts = [f"“{text}” ({n} reflection{'s' if n != 1 else ''})" for text, n in withheld]
        self.withheld_label.setText(
            "Printed as “kept private”, with no words: " + "; ".join(parts) + "."
        )

    def private_ids(self) -> list[str]:
        out = []
        for row in range(self.private_list.count()):
            item = self.private_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(ID_ROLE))
        return out

    def request(self, with_password: bool = True) -> ExportRequest:
        password = None
        if with_password and self.password_check.isChecked():
            password = self.password_edit.text()
            if not password:
                raise CasebookError(
                    "Type a password, or untick \u201cProtect with a password\u201d."
                )
            if password != self.password_again.text():
                raise CasebookError("The two passwords are not the same. Please type them again.")
        period = self.period_box.isChecked()
        return ExportRequest(
            start=_pydate(self.from_edit.date()) if period else None,
            end=_pydate(self.to_edit.date()) if period else None,
            entry_ids=tuple(self.chosen_ids()),
            private=frozenset(self.private_ids()),
            supervisor=self.supervisor_edit.text(),
            paper=self.paper_combo.currentData(),
            password=password,
        )

    # -- work on the worker thread -----------------------------------------------------------

    def _start(self, kind: str, work: Any, total: int) -> None:
        """Run `work(progress)` on the Task; progress stops it when the person presses Stop."""
        self._busy = kind
        self.export_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        self.open_folder_button.setVisible(False)
        self.cancel_button.setText("&Stop")
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        task = self._task

        def progress(done: int, total: int) -> None:  # on the worker thread
            task.check()
            task.report(done, total)

        task.start(lambda: work(progress))

    def _chosen_request(self, with_password: bool) -> ExportRequest:
        request = self.request(with_password)
        if not request.entry_ids:
            raise CasebookError("Choose at least one reflection to export.")
        return request

    def start_preview(self) -> bool:
        try:
            request = self._chosen_request(with_password=False)
        except CasebookError as exc:
            self.status.setText(str(exc))
            return False
        self.status.setText("Drawing the preview\u2026")
        service = self.service
        self._start(
            "preview",
            lambda progress: service.preview(request, PREVIEW_PAGES, PREVIEW_DPI, progress),
            len(request.entry_ids),
        )
        return True

    def choose_and_export(self) -> bool:
        try:
            request = self._chosen_request(with_password=True)
        except CasebookError as exc:
            self.status.setText(str(exc))
            return False
        suggested = f"reflections-{date.today():%Y-%m-%d}.pdf"
        name = ask_save_file(self, "Save the PDF", suggested, "PDF (*.pdf)")
        if not name:
            return False
        out = Path(name)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        count = len(request.entry_ids)
        self.status.setText(f"Exporting {count} reflection{'s' if count != 1 else ''}\u2026")
        service = self.service
        self._start("export", lambda progress: service.export(request, out, progress).path, count)
        return True

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _finish(self) -> str | None:
        kind, self._busy = self._busy, None
        self.progress.setVisible(False)
        self.cancel_button.setText("&Close" if self.saved_path else "&Cancel")
        self.preview_button.setEnabled(True)
        self.export_button.setEnabled(bool(self.chosen_ids()))
        return kind

    def _on_done(self, result: object) -> None:
        kind = self._finish()
        if kind == "preview" and isinstance(result, Preview):
            self.show_pages(result)
            self.status.setText("Preview ready. Nothing has been saved yet.")
        elif kind == "export":
            self.saved_path = Path(result)  # type: ignore[arg-type]
            self.cancel_button.setText("&Close")
            self.open_folder_button.setVisible(True)
            self.status.setText(f"Saved to {self.saved_path}.")
            self.exported.emit(self.saved_path)

    def _on_failed(self, exc: object) -> None:
        self._finish()
        if isinstance(exc, Cancelled):
            self.status.setText("Stopped. Nothing was saved.")
        elif isinstance(exc, CasebookError):
            self.status.setText(str(exc))
        else:
            self.status.setText(
                "The PDF could not be made. Nothing was saved. "
                f"(Technical name: {type(exc).__name__})"
            )

    def show_pages(self, preview: Preview) -> None:
        self._clear_pages()
        total = preview.pages
        for n, png in enumerate(preview.images, start=1):
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            label = QLabel()
            label.setPixmap(pixmap)
            label.setAccessibleName(f"Page {n} of {total}")
            label.setFrameShape(QLabel.Shape.Box)
            self.pages_layout.addWidget(label)
        self.preview_note.setText(preview.note)

    def _clear_pages(self) -> None:
        while self.pages_layout.count():
            widget = self.pages_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    @property
    def busy(self) -> bool:
        return self._busy is not None

    # -- closing ---------------------------------------------------------------------------

    def open_folder(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path.parent)))

    def _cancel_or_close(self) -> None:
        if self._busy is not None:
            self._task.cancelled.set()
            self.status.setText("Stopping\u2026")
        else:
            self.reject()

    def _on_locked(self) -> None:
        # Locking drops the journal's text from every view, this one included.
        self._task.cancel()
        self._clear_pages()
        self.private_list.clear()
        self.entry_list.clear()
        self._all = []
        self.reject()

    def done(self, result: int) -> None:  # noqa: D401  (Qt's name)
        # Closing while a PDF is being made: stop it and drop its result (never emit into us).
        self._task.cancel()
        super().done(result)


def open_export_dialog(
    parent: QWidget | None, session: SessionState, entry_ids: list[str] | None = None
) -> ExportDialog | None:
    """Opened from the journal view with the entries it shows ticked."""
    if session.current is None:
        return None
    dialog = ExportDialog(session, entry_ids, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# ------------------------------------------------------------------------- screenshots
