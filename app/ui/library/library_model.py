"""The scenario library as a Qt item model, and the filter the library view puts over it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QImage

from app.models.content import ROLES, Scenario
from app.models.timefmt import format_clock
from app.services.thumbnails import shown_length

ScenarioRole = Qt.ItemDataRole.UserRole + 1
DurationTextRole = Qt.ItemDataRole.UserRole + 2
TopicsTextRole = Qt.ItemDataRole.UserRole + 3
RoleNamesRole = Qt.ItemDataRole.UserRole + 4
WarningRole = Qt.ItemDataRole.UserRole + 5
DemoRole = Qt.ItemDataRole.UserRole + 6
PosterRole = Qt.ItemDataRole.UserRole + 7
SummaryRole = Qt.ItemDataRole.UserRole + 8
ReflectedRole = Qt.ItemDataRole.UserRole + 9  # "Reflected 3 Nov", for the unlocked person


def role_name(role_id: str) -> str:
    return ROLES.get(role_id, role_id)


# Prefixes whose hyphen belongs to the word ("de-escalation", "self-harm"), unlike the hyphen
# that joins words in a topic id ("low-mood").
_BOUND_PREFIXES = frozenset({"de", "self", "co", "re", "non", "pre", "post", "anti", "well"})


def topic_name(topic: str) -> str:
    """A topic id as people write it: "low-mood" -> "low mood", "de-escalation" stays."""
    words = topic.replace("_", "-").split("-")
    out = words[0]
    for word in words[1:]:
        out += ("-" if out.rsplit(" ", 1)[-1].casefold() in _BOUND_PREFIXES else " ") + word
    return out


class LibraryModel(QAbstractListModel):
    """One row per scenario; posters arrive later and are set by scenario id."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._scenarios: list[Scenario] = []
        self._posters: dict[str, QImage] = {}
        self._reflected: dict[str, str] = {}

    def set_reflected(self, reflected: dict[str, str]) -> None:
        """{scenario id: when this person last finished a reflection on it, as words}; empty
        while locked (it is theirs only)."""
        self._reflected = dict(reflected)
        if self._scenarios:
            self.dataChanged.emit(self.index(0), self.index(len(self._scenarios) - 1))

    def set_scenarios(self, scenarios: list[Scenario]) -> None:
        self.beginResetModel()
        self._scenarios = list(scenarios)
        self.endResetModel()

    def scenarios(self) -> list[Scenario]:
        return list(self._scenarios)

    def set_poster(self, scenario_id: str, image: QImage) -> None:
        self._posters[scenario_id] = image
        for row, s in enumerate(self._scenarios):
            if s.id == scenario_id:
                index = self.index(row)
                self.dataChanged.emit(index, index, [PosterRole, Qt.ItemDataRole.DecorationRole])

    def set_length(self, scenario_id: str, seconds: float) -> None:
        """The clip's measured length: shown (and played) when the manifest's is clearly wrong."""
        for row, s in enumerate(self._scenarios):
            length = shown_length(s, seconds)
            if s.id == scenario_id and length != s.duration_seconds:
                self._scenarios[row] = replace(s, duration_seconds=length)
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def poster(self, scenario_id: str) -> QImage | None:
        return self._posters.get(scenario_id)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._scenarios)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._scenarios):
            return None
        s = self._scenarios[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return s.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [
                s.title,
                format_clock(s.duration_seconds),
                "for " + ", ".join(map(role_name, s.roles)),
            ]
            if s.content_warnings:
                parts.append("content warning")
            if s.demo:
                parts.append("demo clip")
            if s.id in self._reflected:
                parts.append(self._reflected[s.id])
            return "; ".join(parts)
        if role == Qt.ItemDataRole.ToolTipRole:
            return s.summary
        if role == ScenarioRole:
            return s
        if role == DurationTextRole:
            return format_clock(s.duration_seconds)
        if role == TopicsTextRole:
            return ", ".join(topic_name(t) for t in s.topics)
        if role == RoleNamesRole:
            return [role_name(r) for r in s.roles]
        if role == WarningRole:
            return bool(s.content_warnings)
        if role == DemoRole:
            return s.demo
        if role in (PosterRole, Qt.ItemDataRole.DecorationRole):
            return self._posters.get(s.id)
        if role == SummaryRole:
            return s.summary
        if role == ReflectedRole:
            return self._reflected.get(s.id, "")
        return None


class LibraryFilter(QSortFilterProxyModel):
    """Shows the scenarios matching a role, topic, setting and search text (each optional)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._role = ""
        self._topic = ""
        self._setting = ""
        self._words: list[str] = []

    def set_role(self, role_id: str) -> None:
        self._refilter(lambda: setattr(self, "_role", role_id or ""))

    def set_topic(self, topic: str) -> None:
        self._refilter(lambda: setattr(self, "_topic", topic or ""))

    def set_setting(self, setting: str) -> None:
        self._refilter(lambda: setattr(self, "_setting", setting or ""))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_words", text.casefold().split()))

    def _refilter(self, change) -> None:
        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange around the change.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def scenario_at(self, row: int) -> Scenario | None:
        index = self.index(row, 0)
        return index.data(ScenarioRole) if index.isValid() else None

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        s: Scenario = self.sourceModel().index(source_row, 0, source_parent).data(ScenarioRole)
        if s is None:
            return False
        if self._role and self._role not in s.roles:
            return False
        if self._topic and self._topic not in s.topics:
            return False
        if self._setting and s.setting != self._setting:
            return False
        if self._words:
            haystack = " ".join(
                [
                    s.title,
                    s.summary,
                    s.setting,
                    *s.topics,
                    *map(topic_name, s.topics),
                    *s.roles,
                    *map(role_name, s.roles),
                    *s.learning_objectives,
                ]
            ).casefold()
            return all(w in haystack for w in self._words)
        return True
