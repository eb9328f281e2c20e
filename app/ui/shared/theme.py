"""The QApplication for runs without the full GUI start-up (screenshots), styled like the app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication


def ensure_application() -> QApplication:
    """The running QApplication, or a new one named like the real app."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Casebook")
    app.setOrganizationName("Casebook")
    return app
