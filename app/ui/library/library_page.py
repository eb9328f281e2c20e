"""The Library place: the scenario list, the player, and the reflection flow, one at a time.

Opening a scenario while a profile is unlocked starts the reflection flow (confidence
first when that step is on, then the clip). Without a profile anyone may still watch; when
they ask to reflect, the unlock screen stands in front of the form and the reflection
starts once they are in.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.content import Scenario
from app.ui.library.library_view import LibraryView

log = logging.getLogger(__name__)


class LibraryPage(QWidget):
    """Library, player and reflection flow for one window; emits nothing, the context carries."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.stack = QStackedWidget()
        self.library = LibraryView(context.paths)
        self.library.set_library(context.scenarios, context.problems)
        self.library.open_requested.connect(self.open_scenario)
        self.stack.addWidget(self.library)
        self.player_view = None  # built on first open: libvlc loads only when needed
        self.flow = None
        self.flow_page: QWidget | None = None
        self._pending: tuple[Scenario, list] | None = None  # reflect once unlocked
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setFocusProxy(self.library)
        self.session.unlocked.connect(self._on_unlocked)
        self.session.locked.connect(self._on_locked)
        self.session.changed.connect(lambda _change: self._show_reflected())
        if self.session.current is not None:
            self._on_unlocked(self.session.current)

    # -- who is here ------------------------------------------------------------------------

    def _on_unlocked(self, unlocked) -> None:
        role = getattr(getattr(unlocked, "profile", None), "role", "")
        self.library.set_person_role(role)
        self._show_reflected()
        # A reflection autosaved but never saved (a crash, a power cut, a lock) is offered back
        # at every unlock; the flow offers it itself when it already existed before this one.
        fresh = self.flow is None
        flow = self._ensure_flow()
        if fresh:
            flow.offer_drafts()
            self._watch_draft_offer()
        else:  # the flow's own handler runs after this one
            QTimer.singleShot(0, self._watch_draft_offer)
        if self._pending is not None:
            scenario, markers = self._pending
            self._pending = None
            # After the gate has switched to the flow (it listens to the same signal).
            QTimer.singleShot(0, lambda: self._reflect_now(scenario, markers))

    def _show_reflected(self) -> None:
        """Mark the scenarios this person has finished a reflection on, and when (latest)."""
        current = self.session.current
        if current is None:
            self.library.model.set_reflected({})
            return
        latest: dict[str, str] = {}
        for entry in current.journal.list_entries():
            if entry.status == "final" and entry.scenario_id and not entry.damaged:
                if entry.updated_at > latest.get(entry.scenario_id, ""):
                    latest[entry.scenario_id] = entry.updated_at
        self.library.model.set_reflected({sid: reflected_words(at) for sid, at in latest.items()})

    def _on_locked(self) -> None:
        self._pending = None
        self.library.model.set_reflected({})  # whose reflections these were is private too
        self.library.set_person_role("")
        # The next person at this PC starts in the library, not on the last one's pages.
        if self.stack.currentWidget() is self.flow_page:
            self.show_library()
        elif self.player_view is not None and self.stack.currentWidget() is self.player_view:
            self.player_view.player.pause()

    # -- the steps --------------------------------------------------------------------------

    def open_scenario(self, scenario: Scenario) -> None:
        self.library.select(scenario.id)
        if self.session.is_unlocked:
            flow = self._ensure_flow()
            self.stack.setCurrentWidget(self.flow_page)
            flow.before_clip(scenario)  # shows confidence, or asks for the clip at once
        else:
            self.play(scenario)

    def play(self, scenario: Scenario) -> None:
        player = self._ensure_player()
        self.stack.setCurrentWidget(player)
        # Warned already, before the confidence step: the clip starts without a second gate.
        accepted = self.flow is not None and self.flow.warning_accepted == scenario.id
        player.open(scenario, warning_accepted=accepted)

    def reflect(self, scenario: Scenario, markers: list) -> None:
        self._ensure_flow()
        self.stack.setCurrentWidget(self.flow_page)
        if self.session.is_unlocked:
            self._reflect_now(scenario, markers)
        else:
            self._pending = (scenario, list(markers))
            self.flow_gate.unlock_view.setFocus()

    def _watch_draft_offer(self) -> None:
        offer = self.flow.draft_offer if self.flow is not None else None
        if offer is not None:
            offer.restore_requested.connect(self._draft_restored)

    def _draft_restored(self, _key: str) -> None:
        self.context.show_place_requested.emit("library")
        self.stack.setCurrentWidget(self.flow_page)

    def _reflect_now(self, scenario: Scenario, markers: list) -> None:
        if self.flow is not None:
            self.stack.setCurrentWidget(self.flow_page)
            self.flow.reflect(scenario, markers)

    def show_library(self) -> None:
        """Back to the list of scenarios. A reflection with words in it is kept as a draft in
        the journal first, and the window's status line says so."""
        if self.player_view is not None:
            self.player_view.player.stop()
        if self.flow is not None and self.stack.currentWidget() is self.flow_page:
            message = self.flow.leave()
            if message:
                self.context.notice.emit(message)
        self.stack.setCurrentWidget(self.library)
        self.library.list.setFocus()

    def _open_in_journal(self, entry_id: str) -> None:
        self.show_library()
        self.context.open_entry_requested.emit(entry_id)

    def _export_entry(self, entry_id: str) -> None:
        from app.ui.journal.export_dialog import open_export_dialog

        open_export_dialog(self, self.session, [entry_id])

    def show_home(self) -> None:
        """The sidebar's Library always opens the library itself."""
        self.show_library()

    def current_step(self) -> str:
        widget = self.stack.currentWidget()
        if widget is self.library:
            return "library"
        if widget is self.player_view:
            return "player"
        return "reflection"

    def shutdown(self) -> None:
        """The window is closing: stop the clip, free libvlc's player, stop the poster worker."""
        self.library.posters.close()
        if self.player_view is not None:
            self.player_view.player.release()

    # -- built when first needed ------------------------------------------------------------

    def _ensure_player(self):
        if self.player_view is None:
            from app.ui.player.player_view import PlayerView

            view = PlayerView(parent=self)
            view.back_requested.connect(self.show_library)
            view.reflect_requested.connect(self.reflect)
            self.player_view = view
            self.stack.addWidget(view)
        return self.player_view

    def _ensure_flow(self):
        if self.flow is None:
            from app.ui.reflection.flow import ReflectionFlow

            self.flow = ReflectionFlow(self.context.paths, self.session)
            self.flow.clip_requested.connect(self.play)
            self.flow.closed.connect(self.show_library)
            self.flow.open_in_journal_requested.connect(self._open_in_journal)
            self.flow.export_requested.connect(self._export_entry)
            page = QWidget()
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            bar = QHBoxLayout()
            back = QPushButton("\u2190 &Back to the library")
            back.setToolTip("Anything you typed is kept as an autosaved draft")
            back.clicked.connect(self.show_library)
            bar.addWidget(back)
            bar.addStretch(1)
            column.addLayout(bar)
            column.addWidget(self.flow, 1)
            self.flow_gate = self.context.gate(page)
            self.flow_page = self.flow_gate
            self.stack.addWidget(self.flow_gate)
        return self.flow


def reflected_words(stamp: str) -> str:
    """'Reflected 3 Nov' (this year) or 'Reflected 3 Nov 2025', in local time."""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return "Reflected"
    same_year = when.year == datetime.now().year
    return f"Reflected {when.day} {when:%b}" + ("" if same_year else f" {when.year}")
