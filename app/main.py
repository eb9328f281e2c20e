"""GUI composition root: builds the QApplication, logging, excepthook, services and window.

Nothing happens at import time; `casebook` with no command and `python -m app` call run_gui().
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from app.config import Paths
from app.errors import CasebookError
from app.logs import setup_logging

log = logging.getLogger(__name__)


def install_excepthook(show_dialog) -> None:
    """Log any uncaught exception and show one clear dialog instead of dying silently."""
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        # Only the exception type and stack: messages may quote journal text, so are not logged.
        log.error("Unexpected error %s\n%s", exc_type.__name__, "".join(traceback.format_tb(tb)))
        if showing:
            return
        showing = True
        try:
            show_dialog(exc_type.__name__)
        finally:
            showing = False

    sys.excepthook = hook


def run_gui(home: str | None = None, argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    paths = Paths.resolve(home)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Casebook")
    app.setOrganizationName("Casebook")
    if paths.policy_problem:
        from PySide6.QtWidgets import QMessageBox

        try:
            paths.check_policy()
        except CasebookError as exc:
            QMessageBox.critical(None, "Casebook cannot start", str(exc))
        return 1
    paths.ensure()
    setup_logging(paths.log_dir)

    from app.ui.shared.dialogs import show_unexpected_error
    from app.ui.window.app_window import build_main_window

    install_excepthook(lambda name: show_unexpected_error(None, name, paths.log_dir))
    window = build_main_window(paths)
    window.show()
    return app.exec()
