"""The journal as a Qt table model, and a filter proxy over it.

Rows are decrypted Entry objects held in memory while the profile is unlocked; `clear()` drops
them on lock. Display text is worked out once per reset, so scrolling and sorting 10,000 rows
does not re-read payloads. The proxy filters on date range, scenario, topic, status, tag and a
set of ids from the journal's in-memory text search.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.models.content import ROLES, Scenario
from app.models.journal import Entry
from app.models.progress import parse_time

Index = QModelIndex | QPersistentModelIndex

# Named columns (vorta's habit): code says JournalModel.STATUS, never a bare 2.
DATE, SCENARIO, ROLE, MODEL, STATUS, TAGS, DAMAGED = range(7)
HEADERS = ("Date", "Scenario or title", "Role", "Model", "Status", "Tags", "Damaged")

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the Entry itself
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # a value that sorts right (ISO date, lower text)
SCENARIO_ID_ROLE = Qt.ItemDataRole.UserRole + 4
TOPICS_ROLE = Qt.ItemDataRole.UserRole + 5
TAGS_ROLE = Qt.ItemDataRole.UserRole + 6
STATUS_ROLE = Qt.ItemDataRole.UserRole + 7
DAMAGED_ROLE = Qt.ItemDataRole.UserRole + 8

MODEL_NAMES = {
    "gibbs": "Gibbs",
    "driscoll": "Driscoll",
    "kolb": "Kolb",
    "brookfield": "Brookfield",
    "nmc": "NMC account",
}


def local_day(stamp: str) -> date:
    return parse_time(stamp).astimezone().date()


def date_label(stamp: str) -> str:
    try:
        when = parse_time(stamp).astimezone()
    except ValueError:
        return stamp
    return when.strftime("%d %b %Y")


def date_time_label(stamp: str) -> str:
    """Day and local time to the minute: two versions saved the same day need telling apart."""
    try:
        when = parse_time(stamp).astimezone()
    except ValueError:
        return stamp
    return when.strftime("%d %b %Y, %H:%M")


class _Row:
    """One entry and what the list needs of it. The display texts are worked out on first use
    (only rows on screen need them), then kept: payloads are not re-read while scrolling."""

    __slots__ = ("entry", "_texts", "_day", "topics", "tags", "scenario_id", "_scenario")

    def __init__(self, entry: Entry, scenarios: Mapping[str, Scenario]) -> None:
        self.entry = entry
        sid = entry.scenario_id
        self._scenario = scenarios.get(sid) if sid else None
        self.scenario_id = sid
        self.topics = tuple(self._scenario.topics) if self._scenario else ()
        self.tags = tuple(str(t) for t in entry.tags) if entry.payload.get("tags") else ()
        self._texts: tuple[str, ...] | None = None
        self._day: date | None = None

    @property
    def day(self) -> date:
        if self._day is None:
            self._day = local_day(self.entry.created_at)
        return self._day

    @property
    def texts(self) -> tuple[str, ...]:
        if self._texts is None:
            self._texts = self._make_texts()
        return self._texts

    def _make_texts(self) -> tuple[str, ...]:
        entry = self.entry
        payload = entry.payload
        sid = self.scenario_id
        if entry.damaged:
            scenario_text = "This entry could not be opened"
            role = model = ""
        else:
            if sid:
                # The payload keeps the scenario's title, so a removed clip still reads well.
                scenario_text = self._scenario.title if self._scenario else (entry.title or sid)
            else:
                scenario_text = f"Own practice: {entry.title or '(untitled)'}"
            role_id = str(payload.get("role") or "")
            role = ROLES.get(role_id, role_id)
            model_id = str(payload.get("model") or "")
            model = MODEL_NAMES.get(model_id, model_id)
        return (
            date_label(entry.created_at),
            scenario_text,
            role,
            model,
            "Finished" if entry.status == "final" else "Draft",
            ", ".join(self.tags),
            "Damaged" if entry.damaged else "",
        )

    def sort_key(self, column: int) -> Any:
        if column == DATE:
            return self.entry.created_at  # ISO 8601 UTC: string order is time order
        return self.texts[column].casefold()


class JournalModel(QAbstractTableModel):
    """One row per journal entry; a reset replaces them all."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._scenarios: dict[str, Scenario] = {}
        self._order: tuple[int, Qt.SortOrder] | None = None  # kept across resets

    # -- content ------------------------------------------------------------------------------

    def set_scenarios(self, scenarios: Mapping[str, Scenario]) -> None:
        self._scenarios = dict(scenarios)

    @property
    def scenarios(self) -> dict[str, Scenario]:
        return self._scenarios

    def set_entries(self, entries: Iterable[Entry]) -> None:
        self.beginResetModel()
        self._rows = [_Row(e, self._scenarios) for e in entries]
        if self._order is not None:
            column, order = self._order
            self._rows.sort(
                key=lambda r: r.sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder
            )
        self.endResetModel()

    def put(self, entry: Entry) -> None:
        """Add one entry, or replace the row of the entry with its id (after an edit)."""
        row = self.row_of(entry.id)
        if row < 0:
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._rows.insert(0, _Row(entry, self._scenarios))
            self.endInsertRows()
            if self._order is not None:
                self.sort(*self._order)
            return
        self._rows[row] = _Row(entry, self._scenarios)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def remove(self, entry_id: str) -> None:
        row = self.row_of(entry_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def clear(self) -> None:
        """Forget every decrypted entry (on lock)."""
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python on plain keys: far quicker than the proxy asking data() per compare."""
        if not 0 <= column < len(HEADERS):
            return
        self._order = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [self._rows[i.row()] for i in old]
        self._rows.sort(
            key=lambda r: r.sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder
        )
        new_pos = {id(r): i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            old,
            [self.index(new_pos[id(r)], i.column()) for r, i in zip(old_rows, old, strict=True)],
        )
        self.layoutChanged.emit()

    def entries(self) -> list[Entry]:
        return [r.entry for r in self._rows]

    def entry_at(self, row: int) -> Entry:
        return self._rows[row].entry

    def row_of(self, entry_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.entry.id == entry_id), -1)

    def row_info(self, row: int) -> _Row:
        return self._rows[row]

    def topics(self) -> list[str]:
        return sorted({t for r in self._rows for t in r.topics})

    def tags(self) -> list[str]:
        return sorted({t for r in self._rows for t in r.tags}, key=str.casefold)

    def scenario_choices(self) -> list[tuple[str, str]]:
        """(id, title) of every scenario that has an entry, by title."""
        seen = {r.scenario_id: r.texts[SCENARIO] for r in self._rows if r.scenario_id}
        return sorted(seen.items(), key=lambda kv: kv[1].casefold())

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.texts[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == DAMAGED and row.entry.damaged:
            return "This entry could not be decrypted. The other entries are fine."
        if role == SORT_ROLE:
            return row.sort_key(col)
        if role == ENTRY_ROLE:
            return row.entry
        if role == ID_ROLE:
            return row.entry.id
        if role == SCENARIO_ID_ROLE:
            return row.scenario_id
        if role == TOPICS_ROLE:
            return list(row.topics)
        if role == TAGS_ROLE:
            return list(row.tags)
        if role == STATUS_ROLE:
            return row.entry.status
        if role == DAMAGED_ROLE:
            return row.entry.damaged
        return None


class JournalFilter(QSortFilterProxyModel):
    """Filters a JournalModel. Every filter is optional; None means "any"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)
        self._date_from: date | None = None
        self._date_to: date | None = None
        self._scenario: str | None = None
        self._topic: str | None = None
        self._status: str | None = None
        self._tag: str | None = None
        self._ids: frozenset[str] | None = None  # from a text search

    def _set(self, **values: Any) -> None:
        # begin/endFilterChange (Qt 6.9+) replace the deprecated invalidateFilter().
        self.beginFilterChange()
        for name, value in values.items():
            setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's (see JournalModel.sort); the proxy keeps its order."""
        model = self.sourceModel()
        if isinstance(model, JournalModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def set_filters(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        scenario: str | None = None,
        topic: str | None = None,
        status: str | None = None,
        tag: str | None = None,
    ) -> None:
        """Every filter at once: one pass over the rows instead of one per filter."""
        self._set(
            _date_from=start,
            _date_to=end,
            _scenario=scenario or None,
            _topic=topic or None,
            _status=status or None,
            _tag=tag or None,
        )

    def set_date_range(self, start: date | None, end: date | None) -> None:
        self._set(_date_from=start, _date_to=end)

    def set_scenario(self, scenario_id: str | None) -> None:
        self._set(_scenario=scenario_id or None)

    def set_topic(self, topic: str | None) -> None:
        self._set(_topic=topic or None)

    def set_status(self, status: str | None) -> None:
        self._set(_status=status or None)

    def set_tag(self, tag: str | None) -> None:
        self._set(_tag=tag or None)

    def set_ids(self, ids: Sequence[str] | None) -> None:
        """Only these entries (a search result); None shows every entry again."""
        self._set(_ids=frozenset(ids) if ids is not None else None)

    def reset_filters(self) -> None:
        self._set(
            _date_from=None,
            _date_to=None,
            _scenario=None,
            _topic=None,
            _status=None,
            _tag=None,
            _ids=None,
        )

    @property
    def is_filtered(self) -> bool:
        return any(
            v is not None
            for v in (
                self._date_from,
                self._date_to,
                self._scenario,
                self._topic,
                self._status,
                self._tag,
                self._ids,
            )
        )

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, JournalModel):
            return True
        row = model.row_info(source_row)
        entry = row.entry
        if self._ids is not None and entry.id not in self._ids:
            return False
        if self._status is not None and entry.status != self._status:
            return False
        if self._date_from is not None and row.day < self._date_from:
            return False
        if self._date_to is not None and row.day > self._date_to:
            return False
        if self._scenario is not None:
            if entry.damaged:  # what it was about cannot be read
                return False
            wanted = None if self._scenario == "free" else self._scenario
            if row.scenario_id != wanted:
                return False
        if self._topic is not None and self._topic not in row.topics:
            return False
        if self._tag is not None and self._tag.casefold() not in (t.casefold() for t in row.tags):
            return False
        return True

    def entry_at(self, proxy_row: int) -> Entry:
        source = self.mapToSource(self.index(proxy_row, 0))
        model = self.sourceModel()
        assert isinstance(model, JournalModel)
        return model.entry_at(source.row())
