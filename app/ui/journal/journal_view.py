"""The journal: every reflection in a list with filters and search; open one to read it, edit
it (the earlier version is kept), see its revisions, tag it or delete it.

Decrypted entries live in this view's item model only while the profile is unlocked; on lock
the model, the reader, the search box (with its undo history) and any open dialog are cleared.
Editing and new free-standing reflections use the same reflection flow as after a clip.

Factory for the main window: `build_journal_view(paths, session)`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.models.content import Scenario
from app.models.journal import Entry
from app.models.progress import topic_label
from app.services.journal import JournalService
from app.services.reflection import ReflectionService
from app.services.session import JournalChange, UnlockedSession
from app.ui.journal.entry_render import entry_html
from app.ui.journal.journal_model import (
    DAMAGED,
    DATE,
    MODEL,
    ROLE,
    SCENARIO,
    STATUS,
    TAGS,
    JournalFilter,
    JournalModel,
    date_time_label,
)
from app.ui.journal.revision_diff import changes_html
from app.ui.shared.dialogs import ask_yes_no
from app.ui.shared.flow_layout import FlowLayout
from app.ui.shared.headings import heading
from app.ui.shared.keyboard import OptionalDateEdit, tab_leaves
from app.ui.shared.session_state import SessionState

SEARCH_DELAY_MS = 200  # type a word, then the list follows; not a search per key press
_ANY_DATE = QDate(2000, 1, 1)


def _date_edit(name: str) -> QDateEdit:
    edit = OptionalDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setMinimumDate(_ANY_DATE)
    edit.setSpecialValueText("Any date")  # shown at the minimum: no limit on this side
    edit.setDate(_ANY_DATE)
    edit.setAccessibleName(name)
    return edit


def _qdate_value(edit: QDateEdit) -> date | None:
    value = edit.date()
    if value == _ANY_DATE:
        return None
    return date(value.year(), value.month(), value.day())


class TagDialog(QDialog):
    """Edit an entry's tags as one comma-separated line."""

    def __init__(self, tags: list[str], known: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tags")
        layout = QVBoxLayout(self)
        label = QLabel("&Tags for this reflection, separated by commas:")
        self.edit = QLineEdit(", ".join(tags))
        self.edit.setAccessibleName("Tags")
        label.setBuddy(self.edit)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        if known:
            hint = QLabel("Tags you have used: " + ", ".join(known[:12]))
            hint.setWordWrap(True)
            hint.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def tags(self) -> list[str]:
        seen: dict[str, str] = {}
        for part in self.edit.text().split(","):
            tag = part.strip()
            if tag and tag.casefold() not in seen:
                seen[tag.casefold()] = tag
        return list(seen.values())


class RevisionsDialog(QDialog):
    """The current version and every earlier one, newest first, each readable in full."""

    def __init__(
        self,
        versions: list[tuple[str, str]],  # (list label, html)
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Earlier versions")
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Each time you change a finished reflection, the version before is kept here. "
            "Choose a version to read it."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.list = QListWidget()
        self.list.setAccessibleName("Versions")
        self.reader = QTextBrowser()
        self.reader.setAccessibleName("The chosen version")
        self._html = [h for _, h in versions]
        for label, _ in versions:
            self.list.addItem(QListWidgetItem(label))
        self.list.currentRowChanged.connect(self._show)
        split.addWidget(self.list)
        split.addWidget(self.reader)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if versions:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        self.reader.setHtml(self._html[row] if 0 <= row < len(self._html) else "")

    def wipe(self) -> None:
        self._html = []
        self.list.clear()
        self.reader.clear()
        self.reader.document().clearUndoRedoStacks()


class JournalView(QWidget):
    """List, filters and search; a read page; the reflection flow for edits and new ones."""

    entry_opened = Signal(str)  # entry id

    def __init__(
        self,
        paths: Paths,
        session: SessionState,
        parent: QWidget | None = None,
        *,
        scenarios: dict[str, Scenario] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("journal-view")
        self.paths = paths
        self.session = session
        self._given_scenarios = scenarios
        # The unlocked session's journal and reflection use case, while unlocked.
        self.journal: JournalService | None = None
        self.reflections: ReflectionService | None = None
        self.flow: Any = None
        self.current: Entry | None = None
        self.revisions_dialog: RevisionsDialog | None = None
        self.tag_dialog: TagDialog | None = None

        self.model = JournalModel(self)
        self.proxy = JournalFilter(self)
        self.proxy.setSourceModel(self.model)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)

        self.stack = QStackedWidget()
        self.list_page = self._build_list_page()
        self.entry_page = self._build_entry_page()
        self.flow_page = QWidget()
        self.flow_layout = QVBoxLayout(self.flow_page)
        self.flow_layout.setContentsMargins(0, 0, 0, 0)
        flow_bar = QHBoxLayout()
        self.flow_back = QPushButton("← &Back to the journal")
        self.flow_back.setToolTip("Anything you typed is kept as an autosaved draft")
        self.flow_back.clicked.connect(self.back_from_flow)
        flow_bar.addWidget(self.flow_back)
        flow_bar.addStretch(1)
        self.flow_layout.addLayout(flow_bar)
        for page in (self.list_page, self.entry_page, self.flow_page):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        session.clear_on_lock(self.search_edit, self.reader)
        session.unlocked.connect(self._on_unlocked)
        session.changed.connect(self._on_changed)
        session.locked.connect(self._on_locked)
        if session.current is not None:
            self._on_unlocked(session.current)

    # -- building ---------------------------------------------------------------------------

    def _build_list_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(heading("Your journal"), 1)
        self.new_button = QPushButton("&New reflection on an experience…")
        self.new_button.setToolTip("Reflect on something from your own practice, without a clip")
        self.new_button.clicked.connect(self.new_free_reflection)
        top.addWidget(self.new_button)
        self.export_button = QPushButton("E&xport PDF…")
        self.export_button.setToolTip("A PDF summary of your reflections for supervision")
        self.export_button.clicked.connect(self.open_export)

        top.addWidget(self.export_button)
        outer.addLayout(top)

        search_row = QHBoxLayout()
        search_label = QLabel("&Search:")
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Search your journal")
        self.search_edit.setPlaceholderText("Words from your reflections (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.apply_search)
        search_label.setBuddy(self.search_edit)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        outer.addLayout(search_row)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search_edit.setFocus)

        filters = FlowLayout()
        self.date_from = _date_edit("From date")
        self.date_to = _date_edit("To date")
        self.scenario_combo = self._combo("Scenario")
        self.topic_combo = self._combo("Topic")
        self.status_combo = self._combo("Status")
        self.status_combo.addItem("Any status", None)
        self.status_combo.addItem("Finished", "final")
        self.status_combo.addItem("Drafts", "draft")
        self.tag_combo = self._combo("Tag")
        for text, widget in (
            ("F&rom:", self.date_from),
            ("&To:", self.date_to),
            ("Sc&enario:", self.scenario_combo),
            ("To&pic:", self.topic_combo),  # Alt+O is Open
            ("Stat&us:", self.status_combo),
            ("T&ag:", self.tag_combo),  # Alt+G is the Go menu
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.add_group(label, widget, stretch=1 if isinstance(widget, QComboBox) else 0)
        self.date_from.dateChanged.connect(self._apply_filters)
        self.date_to.dateChanged.connect(self._apply_filters)
        for combo in (self.scenario_combo, self.topic_combo, self.status_combo, self.tag_combo):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.clear_filters_button = QPushButton("Clear f&ilters")  # Alt+L locks
        self.clear_filters_button.clicked.connect(self.clear_filters)
        filters.add_widget(self.clear_filters_button)
        outer.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Journal entries")
        tab_leaves(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SCENARIO, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col, chars in ((DATE, 12), (ROLE, 16), (MODEL, 12), (STATUS, 9), (TAGS, 26)):
            header.resizeSection(col, self.table.fontMetrics().averageCharWidth() * chars + 16)
        self.table.activated.connect(self._activated)  # Enter or double-click
        outer.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setAccessibleName("How many reflections are shown")
        bottom.addWidget(self.count_label, 1)
        self.open_button = QPushButton("&Open")
        self.open_button.clicked.connect(self.open_selected)
        bottom.addWidget(self.open_button)
        outer.addLayout(bottom)
        self.empty_label = QLabel(
            "Your journal is empty for now. Reflections you save after a clip appear here. "
            "You can also start one on an experience from your own practice."
        )
        self.empty_label.setWordWrap(True)
        outer.insertWidget(outer.indexOf(self.table), self.empty_label)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        return page

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _build_entry_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.back_button = QPushButton("← &Back to the journal")
        self.back_button.clicked.connect(self.show_list)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        self.edit_button = QPushButton("&Edit")
        self.edit_button.setToolTip("Change this reflection; the version before is kept")
        self.edit_button.clicked.connect(self.edit_current)
        self.tags_button = QPushButton("&Tags…")
        self.tags_button.clicked.connect(self.edit_tags)
        self.revisions_button = QPushButton("Earlier &versions…")
        self.revisions_button.clicked.connect(self.open_revisions)
        for b in (self.edit_button, self.tags_button, self.revisions_button):
            bar.addWidget(b)
        layout.addLayout(bar)
        self.reader = QTextBrowser()
        self.reader.setAccessibleName("Reflection")
        self.reader.setOpenLinks(False)
        layout.addWidget(self.reader, 1)
        # Deleting sits alone under the reflection, bottom left: never where Export PDF is on
        # the list page a click earlier, nor among the buttons used every day.
        self.delete_button = QPushButton("&Delete this reflection…")
        self.delete_button.setAccessibleDescription("Asks before deleting; it cannot be undone")
        self.delete_button.clicked.connect(self.delete_current)
        bottom = QHBoxLayout()
        bottom.addWidget(self.delete_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        return page

    # -- unlock and lock ----------------------------------------------------------------------

    def _on_unlocked(self, session: UnlockedSession) -> None:
        self.journal = session.journal
        self.reflections = session.reflections
        self.model.set_scenarios(self.scenarios())
        self.reload()
        self.show_list()

    def _on_changed(self, change: JournalChange) -> None:
        """One entry was added, edited, tagged or deleted, here or elsewhere in the app."""
        if self.journal is None:
            return
        if change.entry is None:
            self.model.remove(change.entry_id)
            if self.current is not None and self.current.id == change.entry_id:
                self.show_list()
        else:
            self.model.put(change.entry)
            if self.current is not None and self.current.id == change.entry_id:
                self.open_entry(change.entry_id)
        self._fill_filter_choices()
        if self.search_edit.text().strip():
            self.apply_search()
        self._update_count()

    def _on_locked(self) -> None:
        """Drop every decrypted word held here."""
        self._search_timer.stop()
        self.model.clear()
        self.proxy.reset_filters()
        self.current = None
        self.reader.clear()
        self.reader.document().clearUndoRedoStacks()
        self.search_edit.setText("")
        for dialog in (self.revisions_dialog, self.tag_dialog):
            if dialog is not None:
                if isinstance(dialog, RevisionsDialog):
                    dialog.wipe()
                dialog.reject()
                dialog.deleteLater()
        self.revisions_dialog = self.tag_dialog = None
        for combo in (self.scenario_combo, self.topic_combo, self.tag_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.blockSignals(False)
        if self.flow is not None:
            # The flow clears itself on the same signal; then it goes, and a new one is made
            # after the next unlock (so it never offers drafts twice beside the main flow).
            # deleteLater waits for the event loop, so an unlock before then would still reach
            # it: cut that line now.
            self.session.unlocked.disconnect(self.flow._on_unlocked)
            self.flow.deleteLater()
            self.flow = None
        self.journal = None  # the session closed it
        self.reflections = None
        self.stack.setCurrentWidget(self.list_page)

    def scenarios(self) -> dict[str, Scenario]:
        if self._given_scenarios is None and self.session.current is not None:
            self._given_scenarios = self.session.current.scenarios
        return self._given_scenarios or {}

    # -- the list ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Show every entry of the unlocked journal (its cache: nothing is decrypted again)."""
        if self.journal is None:
            return
        self.model.set_entries(self.journal.list_entries())
        self._fill_filter_choices()
        if self.search_edit.text().strip():
            self.apply_search()
        self._update_count()

    def _fill_filter_choices(self) -> None:
        def fill(combo: QComboBox, any_text: str, items: list[tuple[str, Any]]) -> None:
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(any_text, None)
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(keep) if keep is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

        scenarios = [(title, sid) for sid, title in self.model.scenario_choices()]
        fill(self.scenario_combo, "Any scenario", [*scenarios, ("Own practice (no clip)", "free")])
        fill(self.topic_combo, "Any topic", [(topic_label(t), t) for t in self.model.topics()])
        fill(self.tag_combo, "Any tag", [(t, t) for t in self.model.tags()])
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            start=_qdate_value(self.date_from),
            end=_qdate_value(self.date_to),
            scenario=self.scenario_combo.currentData(),
            topic=self.topic_combo.currentData(),
            status=self.status_combo.currentData(),
            tag=self.tag_combo.currentData(),
        )
        self._update_count()

    def apply_search(self) -> None:
        self._search_timer.stop()
        text = self.search_edit.text()
        if not text.strip() or self.journal is None:
            self.proxy.set_ids(None)
        else:
            self.proxy.set_ids([e.id for e in self.journal.search(text)])
        self._update_count()

    def clear_filters(self) -> None:
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
            edit.setDate(_ANY_DATE)
            edit.blockSignals(False)
        for combo in (self.scenario_combo, self.topic_combo, self.status_combo, self.tag_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.setText("")
        self.proxy.reset_filters()
        self._update_count()

    def _update_count(self, *_: Any) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.empty_label.setVisible(total == 0)
        self.table.setVisible(total > 0)
        damaged = any(e.damaged for e in self.model.entries()) if total else False
        self.table.setColumnHidden(DAMAGED, not damaged)
        word = "reflection" if total == 1 else "reflections"
        if shown == total:
            self.count_label.setText(f"{total} {word}")
        elif shown == 0:
            self.count_label.setText(
                f"None of your {total} {word} match. Try fewer words or clear the filters."
            )
        else:
            self.count_label.setText(f"Showing {shown} of {total} {word}")
        self.open_button.setEnabled(shown > 0)

    def visible_ids(self) -> list[str]:
        return [self.proxy.entry_at(r).id for r in range(self.proxy.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        self.open_entry(self.proxy.entry_at(index.row()).id)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        if self.proxy.rowCount():
            self.open_entry(self.proxy.entry_at(row).id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.reader.clear()
        self.current = None
        if self.model.rowCount():
            self.table.setFocus()

    # -- reading -------------------------------------------------------------------------------

    def _sections(self, entry: Entry) -> list:
        # The questions as they were asked, stored with the entry: never today's packs.
        return [] if entry.damaged else entry.record.sections()

    def _scenario_title(self, entry: Entry) -> str | None:
        sid = entry.scenario_id
        scenario = self.model.scenarios.get(sid) if sid else None
        return scenario.title if scenario else (entry.title or sid)

    def open_entry(self, entry_id: str) -> None:
        if self.journal is None:
            return
        entry = self.journal.get(entry_id)
        self.current = entry
        self.reader.setHtml(entry_html(entry, self._sections(entry), self._scenario_title(entry)))
        self.reader.document().clearUndoRedoStacks()
        self.edit_button.setEnabled(not entry.damaged)
        self.tags_button.setEnabled(not entry.damaged)
        self.revisions_button.setText(f"Earlier &versions ({entry.revision_count})…")
        self.revisions_button.setEnabled(entry.revision_count > 0)
        self.stack.setCurrentWidget(self.entry_page)
        self.reader.setFocus()
        self.entry_opened.emit(entry_id)

    def open_revisions(self) -> RevisionsDialog | None:
        if self.journal is None or self.current is None:
            return None
        entry = self.current
        title = self._scenario_title(entry)
        versions = [
            (
                f"Now · {date_time_label(entry.updated_at)}",
                entry_html(entry, self._sections(entry), title),
            )
        ]
        # Each earlier version opens with what the next one changed, in words.
        newer, newer_label = entry, "the current version"
        for rev in self.journal.revisions(entry.id):
            status = "Finished" if rev.status == "final" else "Draft"
            when = date_time_label(rev.created_at)
            questions = {q.id: q.text for q in [*rev.record.questions, *newer.record.questions]}
            diff = changes_html(rev.answers, newer.answers, questions, newer_label=newer_label)
            versions.append(
                (
                    f"Saved {when} · {status}",
                    diff
                    + entry_html(
                        rev,
                        self._sections(rev),
                        title,
                        heading=f"Earlier version, saved {when}",
                    ),
                )
            )
            newer, newer_label = rev, f"the version saved {when}"
        dialog = RevisionsDialog(versions, self)
        self.revisions_dialog = dialog
        dialog.finished.connect(self._revisions_closed)
        dialog.open()
        return dialog

    def _revisions_closed(self, *_: Any) -> None:
        if self.revisions_dialog is not None:
            self.revisions_dialog.wipe()
            self.revisions_dialog.deleteLater()
            self.revisions_dialog = None

    # -- changing ------------------------------------------------------------------------------

    def edit_tags(self) -> TagDialog | None:
        if self.journal is None or self.current is None:
            return None
        dialog = TagDialog(self.current.tags, self.model.tags(), self)
        self.tag_dialog = dialog
        dialog.accepted.connect(lambda: self._save_tags(dialog.tags()))
        dialog.finished.connect(self._tags_closed)
        dialog.open()
        dialog.edit.setFocus()
        return dialog

    def _tags_closed(self, *_: Any) -> None:
        if self.tag_dialog is not None:
            self.tag_dialog.deleteLater()
            self.tag_dialog = None

    def _save_tags(self, tags: list[str]) -> None:
        if self.journal is None or self.current is None:
            return
        entry = self.current
        # The session's change signal brings the new version back to the list and the reader.
        self.journal.update(entry.id, {**entry.payload, "tags": tags}, entry.status)

    def delete_current(self) -> bool:
        if self.journal is None or self.current is None:
            return False
        entry = self.current
        versions = entry.revision_count
        extra = f" and its {versions} earlier versions" if versions > 1 else ""
        extra = " and its earlier version" if versions == 1 else extra
        if not ask_yes_no(
            self,
            "Delete this reflection?",
            f"“{entry.title or 'This reflection'}”{extra} will be deleted from this computer "
            "for good. This cannot be undone.",
        ):
            return False
        self.journal.delete(entry.id)
        self.show_list()
        return True

    # -- the reflection flow -----------------------------------------------------------------

    def _ensure_flow(self) -> Any:
        if self.flow is None:
            from app.ui.reflection.flow import ReflectionFlow

            self.flow = ReflectionFlow(self.paths, self.session)
            self.flow.finished.connect(self._flow_saved)
            self.flow.closed.connect(self.back_from_flow)
            self.flow_layout.addWidget(self.flow, 1)
        return self.flow

    def edit_current(self) -> None:
        if self.current is None or self.current.damaged:
            return
        flow = self._ensure_flow()
        flow.edit_entry(self.current)
        self.stack.setCurrentWidget(self.flow_page)

    def new_free_reflection(self) -> None:
        if self.session.current is None:
            return
        flow = self._ensure_flow()
        flow.open_free_reflection()
        self.stack.setCurrentWidget(self.flow_page)

    def _flow_saved(self, entry: Any) -> None:
        self.open_entry(entry.id)

    def back_from_flow(self) -> None:
        if self.flow is not None:
            self.flow.leave()  # words typed are kept as a draft, which the list shows
        self.show_list()

    def show_home(self) -> None:
        """The sidebar's Journal always opens the list, whatever page was left open."""
        if self.stack.currentWidget() is self.flow_page:
            self.back_from_flow()
        else:
            self.show_list()

    # -- export --------------------------------------------------------------------------------

    def open_export(self) -> Any:
        """Open the PDF export dialog (another part of the app) for the entries shown."""
        from app.ui.journal.export_dialog import open_export_dialog

        return open_export_dialog(self, self.session, self.visible_ids())


def build_journal_view(paths: Paths, session: SessionState) -> JournalView:
    """The journal view for the main window's registry of views."""
    return JournalView(paths, session)


# ------------------------------------------------------------------------- screenshots
