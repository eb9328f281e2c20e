"""One unlocked profile, from unlock to lock: the owner of its live journal and its use cases.

Made when a profile is unlocked and closed when it locks. It owns the one journal (one SQLite
connection, one decrypted cache, the search index) and hands out the use cases built on it:
reflection, export and progress. Whoever changes the journal through it tells every listener
what changed with one `JournalChange`, so views update without re-reading everything.

The GUI, the command line and the demo all go through this object; nothing else builds a
journal service. Closing it (or locking the profile) drops everything it holds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from app.config import Paths
from app.models.content import Scenario
from app.services.journal import JournalChange, JournalService
from app.services.portfolio import PortfolioService
from app.services.profiles import Unlocked

if TYPE_CHECKING:
    from app.services.evidence import EvidenceService
    from app.services.export import ExportService
    from app.services.progress import ProgressService
    from app.services.reflection import ReflectionService

__all__ = ["JournalChange", "UnlockedSession"]

Listener = Callable[[JournalChange], None]


class UnlockedSession:
    """The open profile's journal and use cases. Thread-safe where the journal is used off the
    GUI thread (autosave, export): the journal serialises its own calls."""

    def __init__(
        self, unlocked: Unlocked, *, scenarios: Mapping[str, Scenario] | None = None
    ) -> None:
        self.paths: Paths = unlocked.paths
        self.unlocked = unlocked
        self._scenarios = dict(scenarios) if scenarios is not None else None
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        self.journal = JournalService(
            self.paths,
            unlocked,
            on_change=self._changed,
            # Old entries get their questions from the same reflection use case as new ones.
            fill_in=lambda payload: self.reflections.fill_in_questions(payload),
        )
        self._reflections: ReflectionService | None = None
        self._export: ExportService | None = None
        self._progress: ProgressService | None = None
        self._portfolio: PortfolioService | None = None
        self._evidence: EvidenceService | None = None
        self._forget_lock = unlocked.on_lock(self._on_lock)

    # -- who --------------------------------------------------------------------------------

    @property
    def profile(self):  # noqa: ANN201 - ProfileInfo, re-exported for views
        return self.unlocked.profile

    @property
    def is_locked(self) -> bool:
        return self.unlocked.is_locked

    # -- the use cases, built once each -----------------------------------------------------

    # Each use case is imported when first used: the window opens without reportlab or the
    # prompt packs loaded (start-up time is measured in bench/).

    @property
    def scenarios(self) -> dict[str, Scenario]:
        if self._scenarios is None:
            from app.services.progress import load_scenarios

            self._scenarios = load_scenarios(self.paths)
        return self._scenarios

    @property
    def reflections(self) -> ReflectionService:
        if self._reflections is None:
            from app.services.reflection import ReflectionService

            self._reflections = ReflectionService(
                self.paths, self.journal, scenarios=self.scenarios
            )
        return self._reflections

    @property
    def export(self) -> ExportService:
        if self._export is None:
            from app.services.export import ExportService

            self._export = ExportService(
                self.paths, self.journal, scenarios=self.scenarios, reflections=self.reflections
            )
        return self._export

    @property
    def progress(self) -> ProgressService:
        if self._progress is None:
            from app.services.progress import ProgressService

            self._progress = ProgressService(self.paths, self.journal, scenarios=self.scenarios)
        return self._progress

    @property
    def portfolio(self) -> PortfolioService:
        if self._portfolio is None:
            self._portfolio = PortfolioService(self.paths, self.journal, scenarios=self.scenarios)
        return self._portfolio

    @property
    def evidence(self) -> EvidenceService:
        """Anonymous progress slips for programme evaluation."""
        if self._evidence is None:
            from app.services.evidence import EvidenceService

            self._evidence = EvidenceService(
                self.paths, self.unlocked, self.journal, scenarios=self.scenarios
            )
        return self._evidence

    # -- changes ----------------------------------------------------------------------------

    def on_change(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after each change to the journal; returns a function that stops it."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def stop() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return stop

    def _changed(self, change: JournalChange) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(change)

    # -- the end ----------------------------------------------------------------------------

    def lock(self) -> None:
        """Drop the key and everything decrypted (the journal closes itself on lock)."""
        self.unlocked.lock()

    close = lock

    def _on_lock(self) -> None:
        with self._listeners_lock:
            self._listeners.clear()
        self._reflections = self._export = self._progress = self._portfolio = None
        self._evidence = None
        self.journal.close()

    def __enter__(self) -> UnlockedSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.lock()

    def __repr__(self) -> str:
        return f"<UnlockedSession {self.unlocked!r}>"
