"""Small message dialogs shared by every window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.logs import APP_LOG


def show_unexpected_error(parent: QWidget | None, error_name: str, log_dir: Path) -> None:
    QMessageBox.critical(
        parent,
        "Something went wrong",
        "Casebook hit an unexpected problem and could not finish what it was doing.\n\n"
        "Your saved reflections are safe. If this keeps happening, please send the log file "
        f"to your IT team:\n{log_dir / APP_LOG}\n\n(Technical name: {error_name})",
    )
