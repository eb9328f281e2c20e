"""Small dialogs shared by every window: messages, yes-or-no questions, and the one way to ask
where to save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.logs import APP_LOG


def show_unexpected_error(parent: QWidget | None, error_name: str, log_dir: Path) -> None:
    QMessageBox.critical(
        parent,
        "Something went wrong",
        "Casebook hit an unexpected problem and could not finish what it was doing.\n\n"
        "Your saved reflections are safe. If this keeps happening, please send the log file "
        f"to your IT team:\n{log_dir / APP_LOG}\n\n(Technical name: {error_name})",
    )


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes-or-no question whose safe answer is No: Enter, Esc or closing keep things."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def documents_folder() -> Path:
    """Where save dialogs start: the person's Documents folder (on managed PCs often redirected
    to their network home), or their home folder when there is no Documents folder."""
    where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if where and Path(where).is_dir():
        return Path(where)
    return Path.home()


def ask_save_file(
    parent: QWidget | None,
    caption: str,
    suggested: str | Path,
    file_filter: str,
    *,
    in_documents: bool = True,
) -> str:
    """Every save dialog: `suggested` is a file name (put in Documents) or a full path.
    `in_documents=False` suggests no folder at all (the recovery code: the person should
    choose a place only they use). The chosen path, or "" when cancelled."""
    start = Path(suggested)
    if in_documents and not start.is_absolute():
        start = documents_folder() / start
    chosen, _filter = QFileDialog.getSaveFileName(parent, caption, str(start), file_filter)
    return chosen


def ask_save_folder(parent: QWidget | None, caption: str) -> str:
    """A folder to save several files into, starting in Documents; "" when cancelled."""
    return QFileDialog.getExistingDirectory(parent, caption, str(documents_folder()))
