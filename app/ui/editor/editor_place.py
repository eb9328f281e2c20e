"""The editor place: making a scenario, and building a group-session plan from scenarios."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from app.config import Paths
from app.models.content import Scenario
from app.ui.editor.editor_view import ScenarioEditor
from app.ui.editor.plan_builder import PlanBuilder


class EditorPlace(QTabWidget):
    content_saved = Signal()  # a scenario or a plan was written: read the library again

    def __init__(
        self, paths: Paths, scenarios: Callable[[], list[Scenario]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # Frame callbacks: the captions being edited (text fixes, the offset) are drawn over
        # the picture by the view; with native embedding libvlc would draw the file's own.
        self.scenario = ScenarioEditor(paths, scenarios, renderer="frames")
        self.plan = PlanBuilder(paths, scenarios)
        self.addTab(self.scenario, "Sc&enario")
        self.addTab(self.plan, "Session p&lan")
        self.setAccessibleName("Editor")
        self.scenario.saved.connect(lambda _path: self.content_saved.emit())
        self.plan.saved.connect(lambda _path: self.content_saved.emit())
        # The tab widget's own focus proxy, its tab bar, is kept: a proxy set to a page made
        # forward Tab skip the tabs.

    def shutdown(self) -> None:
        self.scenario.shutdown()
        self.plan.shutdown()
