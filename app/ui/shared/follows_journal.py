"""Views whose figures follow the journal: refreshed at once while shown, else when next shown.

Recomputing a hidden view on every saved entry would be wasted work; forgetting to would
show stale figures. A view mixes this in before QWidget, defines `refresh()`, `service` (None
while locked), `_on_unlocked(current)` and `_on_locked()`, and calls `follow(session)`.
"""

from __future__ import annotations

from typing import Any


class FollowsJournal:
    _stale = False
    service: Any = None

    def refresh(self) -> None:
        raise NotImplementedError

    def follow(self, session: Any) -> None:
        """Follow `session` (a SessionState): unlocks, locks and every change to the journal."""
        session.unlocked.connect(self._on_unlocked)
        session.changed.connect(self._on_changed)
        session.locked.connect(self._on_locked)
        if session.current is not None:
            self._on_unlocked(session.current)

    def _on_unlocked(self, current: Any) -> None:
        raise NotImplementedError

    def _on_locked(self) -> None:
        raise NotImplementedError

    def _on_changed(self, _change: object) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        # Reflections may have been saved elsewhere in the app while this was hidden.
        if self._stale and self.service is not None:
            self.refresh()
        super().showEvent(event)  # type: ignore[misc]

    def hideEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        self._stale = True
        super().hideEvent(event)  # type: ignore[misc]
