"""The Library place: the scenario list, and the player over it when a scenario is open."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.config import Paths
from app.ui.library_view import LibraryView


class LibraryPage(QWidget):
    def __init__(self, paths: Paths, context) -> None:
        super().__init__()
        self.context = context
        self.stack = QStackedWidget()
        self.library = LibraryView(paths)
        self.library.set_library(context.scenarios, context.problems)
        self.library.open_requested.connect(self.open_scenario)
        self.stack.addWidget(self.library)
        self.player_view = None  # built on first open: libvlc loads only when needed
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setFocusProxy(self.library)

    def open_scenario(self, scenario) -> None:
        if self.player_view is None:
            from app.ui.player_view import PlayerView

            self.player_view = PlayerView(parent=self)
            self.player_view.back_requested.connect(self.show_library)
            self.player_view.reflect_requested.connect(self.context.reflect_requested)
            self.stack.addWidget(self.player_view)
        self.stack.setCurrentWidget(self.player_view)
        self.player_view.open(scenario)

    def show_library(self) -> None:
        if self.player_view is not None:
            self.player_view.player.stop()
        self.stack.setCurrentWidget(self.library)
        self.library.list.setFocus()
