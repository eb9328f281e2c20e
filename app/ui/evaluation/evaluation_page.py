"""The "Programme evaluation" place: a lead adds the slip files learners handed in, merges
them, reads the tables, and saves the report PDF and the CSV tables.

No profile is needed: slips are anonymous and nothing here touches a journal. Merging and
writing run on a Task (ten thousand slips take a couple of seconds); bad files are listed in
their own tab and never stop the merge. It calls the same use cases as `casebook evidence
merge`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths, Settings
from app.errors import CasebookError
from app.models.evidence_merge import Evaluation
from app.models.evidence_tables import tables
from app.services.evidence import merge, programme_problem, write_csv, write_report
from app.ui.evaluation.table_model import EvaluationTableModel
from app.ui.shared.dialogs import ask_save_file, ask_save_folder
from app.ui.shared.headings import style_heading
from app.ui.shared.keyboard import tab_leaves
from app.ui.shared.tasks import Task

INTRO = (
    "Put together the anonymous progress files learners shared. Counts from fewer than "
    "{k} people are shown as \u201cfewer than {k}\u201d, and a few others as \u201chidden\u201d, "
    "so that nobody can be recognised, here, in the PDF and in the CSV files."
)
TABS = (
    ("participants.csv", "&Participants"),
    ("completion.csv", "&Completion"),
    ("objectives.csv", "Co&nfidence"),
    ("knowledge.csv", "&Knowledge checks"),
    ("tallies.csv", "Group s&essions"),
)

ID_COLUMNS = {"scenario_id", "question_id", "plan", "tally"}
WORDING_COLUMNS = {"objective": 420, "question": 420, "scenario": 180, "role": 260}


class EvaluationPage(QWidget):
    merged = Signal(object)  # Evaluation
    saved = Signal(object)  # the path(s) written
    failed = Signal(str)

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluation-page")
        self.paths = paths
        self.evaluation: Evaluation | None = None
        self._task = Task(self)
        self._task.finished.connect(self._done)
        self._task.failed.connect(self._failed)
        self._after = ""  # what the running task is: "merge", "pdf" or "csv"
        self._build()

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        title = QLabel("Programme evaluation")
        style_heading(title)
        outer.addWidget(title)
        settings = Settings.load(self.paths)
        from app.models.evidence_privacy import threshold

        self.k = threshold(settings.evidence_threshold)
        intro = QLabel(INTRO.format(k=self.k))
        intro.setWordWrap(True)
        outer.addWidget(intro)

        top = QHBoxLayout()
        self.sources = QListWidget()
        self.sources.setAccessibleName("Slip files and folders to merge")
        self.sources.setMaximumHeight(72)
        top.addWidget(self.sources, 1)
        side = QVBoxLayout()
        self.add_files_button = QPushButton("Add slip f&iles\u2026")
        self.add_folder_button = QPushButton("Add a fol&der\u2026")
        self.remove_button = QPushButton("Take o&ut of the list")
        self.remove_button.setAccessibleName("Remove the chosen file or folder")
        for b in (self.add_files_button, self.add_folder_button, self.remove_button):
            side.addWidget(b)
        side.addStretch(1)
        top.addLayout(side)
        outer.addLayout(top)
        self.add_files_button.clicked.connect(self._pick_files)
        self.add_folder_button.clicked.connect(self._pick_folder)
        self.remove_button.clicked.connect(self._remove)

        row = QHBoxLayout()
        form = QFormLayout()
        self.programme = QLineEdit(
            settings.programme_id if isinstance(settings.programme_id, str) else ""
        )
        self.programme.setAccessibleName("Programme id")
        self.programme.setPlaceholderText("the most common one in the files")
        form.addRow("Progr&amme:", self.programme)
        row.addLayout(form, 1)
        self.merge_button = QPushButton("&Merge")
        self.merge_button.setAccessibleName("Merge the slips")
        self.merge_button.clicked.connect(self.merge)
        row.addWidget(self.merge_button)
        outer.addLayout(row)

        self.status = QLabel("Add the files learners gave you, then merge them.")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Merge status")
        outer.addWidget(self.status)

        self.tabs = QTabWidget()
        self.models: dict[str, EvaluationTableModel] = {}
        self.views: dict[str, QTableView] = {}
        for file, label in TABS:
            model = EvaluationTableModel(self)
            view = QTableView()
            view.setModel(model)
            tab_leaves(view)
            view.setAccessibleName(label.replace("&", ""))
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setWordWrap(True)
            view.verticalHeader().hide()
            view.horizontalHeader().setStretchLastSection(True)
            self.models[file], self.views[file] = model, view
            self.tabs.addTab(view, label)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Files left out, and why")
        self.problems.setWordWrap(True)
        self.tabs.addTab(self.problems, "Files left &out")
        outer.addWidget(self.tabs, 1)

        save = QHBoxLayout()
        save.addStretch(1)
        self.pdf_button = QPushButton("Save &report (PDF)\u2026")
        self.csv_button = QPushButton("Save &tables (CSV)\u2026")
        for b in (self.pdf_button, self.csv_button):
            b.setEnabled(False)
            save.addWidget(b)
        self.pdf_button.clicked.connect(self._pick_pdf)
        self.csv_button.clicked.connect(self._pick_csv)
        outer.addLayout(save)

    # -- sources ------------------------------------------------------------------------------

    def add_sources(self, paths: list[str | Path]) -> None:
        have = {self.sources.item(i).text() for i in range(self.sources.count())}
        for p in paths:
            if str(p) not in have:
                self.sources.addItem(str(p))

    def source_paths(self) -> list[Path]:
        return [Path(self.sources.item(i).text()) for i in range(self.sources.count())]

    def _pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Add slip files", "", "Evidence slips (*.json)"
        )
        self.add_sources(files)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of slips")
        if folder:
            self.add_sources([folder])

    def _remove(self) -> None:
        for item in self.sources.selectedItems():
            self.sources.takeItem(self.sources.row(item))

    # -- merge and save -------------------------------------------------------------------------

    def merge(self) -> None:
        sources = self.source_paths()
        if not sources:
            self._tell("Add at least one slip file or folder first.")
            return
        programme = self.programme.text().strip() or None
        if programme is not None and programme_problem(programme):
            self._tell(programme_problem(programme) or "")
            return
        if self._task.running:
            return
        self._busy("merge", "Merging\u2026")
        paths = self.paths
        self._task.start(lambda: merge(sources, paths, programme=programme))

    def save_report(self, path: str | Path) -> None:
        if self.evaluation is None or self._task.running:
            return
        evaluation, target = self.evaluation, Path(path)
        organisation = Settings.load(self.paths).organisation
        self._busy("pdf", "Saving the report\u2026")
        self._task.start(lambda: write_report(evaluation, target, organisation=organisation))

    def save_csv(self, folder: str | Path) -> None:
        if self.evaluation is None or self._task.running:
            return
        evaluation, target = self.evaluation, Path(folder)
        self._busy("csv", "Saving the tables\u2026")
        self._task.start(lambda: write_csv(evaluation, target))

    def _pick_pdf(self) -> None:
        name = f"programme-evaluation-{self.evaluation.programme if self.evaluation else ''}.pdf"
        path = ask_save_file(self, "Save report", name, "PDF (*.pdf)")
        if path:
            self.save_report(path)

    def _pick_csv(self) -> None:
        folder = ask_save_folder(self, "Save tables (CSV) into this folder")
        if folder:
            self.save_csv(folder)

    def _busy(self, what: str, message: str) -> None:
        self._after = what
        self.status.setText(message)
        for b in (self.merge_button, self.pdf_button, self.csv_button):
            b.setEnabled(False)

    def _idle(self) -> None:
        self.merge_button.setEnabled(True)
        ready = self.evaluation is not None and bool(self.evaluation.participants)
        self.pdf_button.setEnabled(ready)
        self.csv_button.setEnabled(ready)

    def _done(self, result: object) -> None:
        what, self._after = self._after, ""
        if what == "merge" and isinstance(result, Evaluation):
            self.show_evaluation(result)
            self.merged.emit(result)
        else:
            written = result if isinstance(result, list) else [result]
            where = written[0].parent if what == "csv" and written else written[0]
            self.status.setText(f"Saved to {where}.")
            self.saved.emit(result)
        self._idle()

    def _failed(self, exc: object) -> None:
        self._after = ""
        message = (
            str(exc)
            if isinstance(exc, CasebookError | OSError)
            else ("Something went wrong while merging. Nothing was saved.")
        )
        self._tell(message)
        self._idle()
        self.failed.emit(message)

    def _tell(self, message: str) -> None:
        self.status.setText(message)
        if self.isVisible():
            QMessageBox.warning(self, "Programme evaluation", message)

    # -- showing ------------------------------------------------------------------------------

    def show_evaluation(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        by_file = {t.file: t for t in tables(evaluation)}
        for file, model in self.models.items():
            model.set_table(by_file[file])
            self._fit(self.views[file], by_file[file].columns)
        self.problems.clear()
        for p in evaluation.problems:
            self.problems.addItem(f"{Path(p.source).name}: {p.message}.")
        if not evaluation.participants:
            self.status.setText("No file could be merged. See the files left out.")
            self.tabs.setCurrentWidget(self.problems)
            return
        people = evaluation.total.display(evaluation.k)
        left = len(evaluation.problems)
        self.status.setText(
            f"Programme {evaluation.programme}: {people} people, from "
            f"{evaluation.slips_read} file{'s' if evaluation.slips_read != 1 else ''} "
            f"({left} left out, {evaluation.replaced} replaced by a later one)."
        )
        self._idle()

    @staticmethod
    def _fit(view: QTableView, columns: tuple[str, ...]) -> None:
        """Ids are for the CSV: hidden here. Wording wraps in a column of its own width, so the
        figures stay in sight on a 1366-pixel screen."""
        header = view.horizontalHeader()
        for i, name in enumerate(columns):
            view.setColumnHidden(i, name in ID_COLUMNS)
            if name in WORDING_COLUMNS:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                view.setColumnWidth(i, WORDING_COLUMNS[name])
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        view.resizeRowsToContents()
