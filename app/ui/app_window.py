"""The main window: a navigation list on the left, one view per place on the right.

Places are registered in PLACES as (title, factory); a factory takes (paths, context) and
returns the widget. To add a place, add one line to PLACES.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.config import Paths
from app.models.content import Scenario

log = logging.getLogger(__name__)

# Set by the start-up test and benchmark: quit this many ms after the library is interactive.
QUIT_AFTER_ENV = "CASEBOOK_QUIT_AFTER_MS"


def load_content(paths: Paths) -> tuple[list[Scenario], list]:
    """Scenarios and content problems from the library service; ([], [note]) without it."""
    try:
        library = importlib.import_module("app.services.library")
    except ModuleNotFoundError as exc:
        if exc.name != "app.services.library":
            raise
        return [], ["The scenario library is not available in this build."]
    if hasattr(library, "load_library"):
        result = library.load_library(paths.content_roots())
    else:
        result = library.load_scenarios(paths.content_roots())
    if isinstance(result, tuple):
        scenarios, problems = result
    elif hasattr(result, "scenarios"):
        scenarios, problems = result.scenarios, list(getattr(result, "problems", []))
    else:
        scenarios, problems = result, []
    return list(scenarios), list(problems)


class WindowContext(QObject):
    """What places share: the paths, the loaded library and the player's hand-offs."""

    # A scenario was watched and the viewer wants to reflect; markers are plain dicts.
    reflect_requested = Signal(object, list)
    show_place = Signal(str)

    def __init__(self, paths: Paths, parent=None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.scenarios, self.problems = load_content(paths)


def library_place(paths: Paths, context: WindowContext) -> QWidget:
    from app.ui.library_page import LibraryPage

    return LibraryPage(paths, context)


@dataclass
class Place:
    title: str
    factory: Callable[[Paths, WindowContext], QWidget]
    widget: QWidget | None = field(default=None)


def _placeholder(text: str) -> Callable[[Paths, WindowContext], QWidget]:
    def make(paths: Paths, context: WindowContext) -> QWidget:
        label = QLabel(text, wordWrap=True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    return make


PLACES: list[tuple[str, Callable[[Paths, WindowContext], QWidget]]] = [
    ("Library", library_place),
    ("Journal", _placeholder("Your private journal will appear here.")),
    ("Progress", _placeholder("How your practice grows over time will appear here.")),
    ("Group session", _placeholder("Running a group session will appear here.")),
]


class MainWindow(QMainWindow):
    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.setWindowTitle("Casebook")
        self.paths = paths
        self.context = WindowContext(paths, self)
        self.nav = QListWidget()
        self.nav.setAccessibleName("Places")
        self.stack = QStackedWidget()
        self.places = [Place(t, f) for t, f in PLACES]
        for place in self.places:
            self.nav.addItem(place.title)
        self.nav.setMaximumWidth(self.nav.sizeHintForColumn(0) + 4 * self.fontMetrics().averageCharWidth())
        self.nav.currentRowChanged.connect(self._show_row)
        self.context.show_place.connect(self.show_place)
        body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.resize(1280, 720)
        self.nav.setCurrentRow(0)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        place = self.places[row]
        if place.widget is None:
            # Places are built when first shown, so start-up only pays for the library.
            place.widget = place.factory(self.paths, self.context)
            self.stack.addWidget(place.widget)
        self.stack.setCurrentWidget(place.widget)
        place.widget.setFocus()

    def show_place(self, title: str) -> None:
        for row, place in enumerate(self.places):
            if place.title == title:
                self.nav.setCurrentRow(row)

    def place_widget(self, title: str) -> QWidget | None:
        self.show_place(title)
        return next((p.widget for p in self.places if p.title == title), None)


def build_main_window(paths: Paths) -> MainWindow:
    window = MainWindow(paths)
    quit_after = os.environ.get(QUIT_AFTER_ENV)
    if quit_after is not None:
        # Prints when the window is up and taking events, then quits: the start-up test and
        # benchmark read this line.
        from PySide6.QtWidgets import QApplication

        def ready() -> None:
            print("casebook-ready", flush=True)
            QTimer.singleShot(int(quit_after), QApplication.quit)

        QTimer.singleShot(0, ready)
    return window
