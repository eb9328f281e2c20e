"""The progress figures for one unlocked journal, and the scenarios they are measured against."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Protocol

from app.config import Paths
from app.models.content import Scenario
from app.models.journal import Entry
from app.models.progress import DEFAULT_REFRESHER_DAYS, ProgressReport, compute


def utc_clock() -> datetime:
    return datetime.now(UTC)


def load_scenarios(paths: Paths) -> dict[str, Scenario]:
    """Installed scenarios by id (broken manifests are skipped; `content check` reports them)."""
    from app.services.library import load_scenarios

    return {s.id: s for s in load_scenarios(paths)[0]}


class EntrySource(Protocol):
    """What progress reads from an unlocked journal."""

    def list_entries(self) -> list[Entry]: ...


class ProgressService:
    """Computes a ProgressReport from a JournalService's entries and the installed scenarios."""

    def __init__(
        self,
        paths: Paths,
        journal: EntrySource,
        *,
        clock: Callable[[], datetime] = utc_clock,
        scenarios: dict[str, Scenario] | None = None,
    ) -> None:
        self.paths = paths
        self.journal = journal
        self.clock = clock
        self._scenarios = scenarios

    @property
    def scenarios(self) -> dict[str, Scenario]:
        if self._scenarios is None:
            self._scenarios = load_scenarios(self.paths)
        return self._scenarios

    def refresher_days(self) -> int:
        from app.config import Settings

        days = getattr(Settings.load(self.paths), "refresher_days", DEFAULT_REFRESHER_DAYS)
        return days if isinstance(days, int) and days > 0 else DEFAULT_REFRESHER_DAYS

    def set_refresher_days(self, days: int) -> None:
        from app.config import Settings

        settings = Settings.load(self.paths)
        settings.refresher_days = int(days)
        settings.save_preference(self.paths)  # a failure is logged, never a crash mid-edit

    def report(
        self,
        entries: Iterable[Entry] | None = None,
        refresher_days: int | None = None,
        *,
        now: datetime | None = None,
        scenarios: dict[str, Scenario] | None = None,
    ) -> ProgressReport:
        if entries is None:
            entries = self.journal.list_entries()
        return compute(
            entries,
            scenarios if scenarios is not None else self.scenarios,
            now or self.clock(),
            refresher_days if refresher_days is not None else self.refresher_days(),
        )
