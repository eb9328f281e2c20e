"""The scenario library: posters, titles, badges, filters and search; Enter opens a scenario."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.models.content import ROLES, Scenario
from app.ui.library.library_model import (
    DemoRole,
    DurationTextRole,
    LibraryFilter,
    LibraryModel,
    PosterRole,
    ReflectedRole,
    RoleNamesRole,
    ScenarioRole,
    SummaryRole,
    TopicsTextRole,
    WarningRole,
    topic_name,
)
from app.ui.library.posters import PosterQueue, poster_cache
from app.ui.shared.flow_layout import FlowLayout
from app.ui.shared.theme import focus_ring_width, paint_focus_ring

log = logging.getLogger(__name__)


class PosterLoader(QObject):
    """Hands cached posters to the model at once and has the missing ones made in the background."""

    def __init__(self, paths: Paths, model: LibraryModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.thumbnails = poster_cache(paths)
        self.queue = PosterQueue(self.thumbnails, self)
        self.queue.ready.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.queue.length_known.connect(self.model.set_length, Qt.ConnectionType.QueuedConnection)

    def load(self, scenarios: list[Scenario], delay_ms: int = 0) -> None:
        """Cached posters now; the missing ones made in the background after `delay_ms`
        (so decoding clips does not compete with the window's first paint)."""
        for s in scenarios:
            cached = self.thumbnails.cached(s)
            if cached is not None:
                self._on_done(s.id, str(cached))
            length = self.thumbnails.length(s)
            if length is not None:
                self.model.set_length(s.id, length)
        missing = [
            s
            for s in scenarios
            if (self.model.poster(s.id) is None and self.thumbnails.wanted(s))
            or self.thumbnails.wants_length(s)
        ]
        if missing:
            QTimer.singleShot(delay_ms, lambda: self.queue.request(missing))

    def make_now(self, scenarios: list[Scenario]) -> None:
        """Take every poster on this thread (for screenshots)."""
        for s in scenarios:
            if self.thumbnails.wants_length(s):
                length = self.thumbnails.measure_length(s)
                if length is not None:
                    self.model.set_length(s.id, length)
            path = self.thumbnails.make(s)
            if path is not None:
                self._on_done(s.id, str(path))

    def close(self) -> None:
        self.queue.close()

    def _on_done(self, scenario_id: str, path: str) -> None:
        image = QImage(path)
        if not image.isNull():
            self.model.set_poster(scenario_id, image)


class ScenarioDelegate(QStyledItemDelegate):
    """Draws a scenario row: poster, title, duration, badges, topics and summary."""

    def _metrics(self, option):
        fm = option.fontMetrics
        line = fm.height()
        return line, max(6, line // 2)

    def sizeHint(self, option, index) -> QSize:
        line, pad = self._metrics(option)
        return QSize(400, max(line * 5 + pad * 2, 9 * line // 2 * 1 + pad * 2))

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        painter.save()
        line, pad = self._metrics(option)
        rect = option.rect
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Highlight))
        elif index.row() % 2:
            painter.fillRect(rect, pal.color(QPalette.ColorRole.AlternateBase))
        text_color = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        # Poster, 16:9, as tall as the row allows.
        ph = rect.height() - pad * 2
        pw = ph * 16 // 9
        poster_rect = QRect(rect.left() + pad, rect.top() + pad, pw, ph)
        image = index.data(PosterRole)
        if isinstance(image, QImage) and not image.isNull():
            scaled = image.scaled(
                poster_rect.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            painter.fillRect(poster_rect, QColor(20, 20, 20))
            painter.drawImage(
                poster_rect.left() + (pw - scaled.width()) // 2,
                poster_rect.top() + (ph - scaled.height()) // 2,
                scaled,
            )
        else:
            painter.fillRect(poster_rect, pal.color(QPalette.ColorRole.Mid))
            painter.setPen(pal.color(QPalette.ColorRole.Window))
            painter.drawText(poster_rect, Qt.AlignmentFlag.AlignCenter, "\u25b6")
        x = poster_rect.right() + pad * 2
        width = rect.right() - x - pad
        y = rect.top() + pad
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_color)
        duration = index.data(DurationTextRole)
        fm_title = painter.fontMetrics()
        dur_w = fm_title.horizontalAdvance(duration) + pad
        title = fm_title.elidedText(index.data(), Qt.TextElideMode.ElideRight, width - dur_w)
        painter.drawText(QRect(x, y, width - dur_w, line), Qt.AlignmentFlag.AlignLeft, title)
        painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignRight, duration)
        painter.setFont(option.font)
        y += line + pad // 2
        # Badges: demo, content warning, roles.
        bx = x
        badges = []
        if index.data(ReflectedRole):
            badges.append(("\u2713 " + index.data(ReflectedRole), QColor("#2e6b2e")))
        if index.data(DemoRole):
            badges.append(("Demo", QColor("#5b4a9e")))
        if index.data(WarningRole):
            badges.append(("\u26a0 Content warning", QColor("#9a5b00")))
        badges += [(name, QColor("#2f6f73")) for name in index.data(RoleNamesRole)]
        fm = painter.fontMetrics()
        for text, color in badges:
            w = fm.horizontalAdvance(text) + pad * 2
            if bx + w > x + width:
                break
            r = QRect(bx, y, w, line + 2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(color)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(r, line / 2.5, line / 2.5)
            painter.setPen(QColor("white"))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
            bx += w + pad // 2
        y += line + pad
        painter.setPen(text_color)
        topics = index.data(TopicsTextRole)
        painter.drawText(
            QRect(x, y, width, line),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText("Topics: " + topics, Qt.TextElideMode.ElideRight, width),
        )
        y += line + pad // 2
        summary_rect = QRect(x, y, width, rect.bottom() - y - pad // 2)
        dim = QColor(text_color)
        dim.setAlpha(200)
        painter.setPen(dim)
        summary = fm.elidedText(
            index.data(SummaryRole) or "",
            Qt.TextElideMode.ElideRight,
            width * max(1, summary_rect.height() // line) - fm.averageCharWidth() * 4,
        )
        painter.drawText(
            summary_rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignTop, summary
        )
        if option.state & QStyle.StateFlag.State_HasFocus:  # the row the keys act on
            paint_focus_ring(
                painter, rect, pal, focus_ring_width(option.fontMetrics), on_highlight=selected
            )
        painter.restore()


class ProblemsBanner(QFrame):
    """Says that some content files were skipped, and lists why when asked."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#problemsBanner { background: #fff4d6; color: #3d2f00; border: 1px solid #e0c36b; }"
            "#problemsBanner QLabel { color: #3d2f00; }"
        )
        self.label = QLabel(wordWrap=True)
        self.details_button = QPushButton("Show details")
        self.details_button.setCheckable(True)
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setAccessibleName("Content problems")
        self.details.setMaximumHeight(self.fontMetrics().height() * 6)
        self.details.hide()
        self.details_button.toggled.connect(self._toggle)
        top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.details_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        self.hide()

    def _toggle(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText("Hide details" if shown else "Show details")

    def set_problems(self, problems: list) -> None:
        self.setVisible(bool(problems))
        errors = [p for p in problems if not getattr(p, "warning", False)]
        warnings = len(problems) - len(errors)
        if errors:
            n = len(errors)
            text = (
                f"{n} content {'file has a problem' if n == 1 else 'problems were found'}, so "
                "some scenarios may be missing. Everything else is ready to use. "
            )
            if warnings:
                text += f"{warnings} smaller {'one' if warnings == 1 else 'ones'} (such as "
                text += "captions) do not stop anything playing. "
        else:
            text = (
                f"{warnings} small content {'problem was' if warnings == 1 else 'problems were'}"
                " found (such as captions that could not all be read). Every scenario still "
                "plays. "
            )
        self.label.setText(text + "Your IT team can fix this with the details below.")
        # The ones that hide a scenario first.
        ordered = errors + [p for p in problems if getattr(p, "warning", False)]
        self.details.setPlainText("\n".join(str(p) for p in ordered))


class LibraryView(QWidget):
    """Browse and open scenarios. Emits open_requested(Scenario)."""

    open_requested = Signal(object)

    def __init__(self, paths: Paths, parent=None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.posters = PosterLoader(paths, self.model, self)

        heading = QLabel("Scenario library")
        hf = heading.font()
        hf.setPointSizeF(hf.pointSizeF() * 1.4)
        hf.setBold(True)
        heading.setFont(hf)
        intro = QLabel(
            "Choose a short clip to watch, then reflect on it. "
            "Press Enter to open the one selected."
        )
        intro.setWordWrap(True)

        self.banner = ProblemsBanner()
        self.search = QLineEdit(placeholderText="Search titles, topics and summaries")
        # Room for a few words and its hint: in a wrapping row it gets no more than it asks.
        self.search.setMinimumWidth(self.search.fontMetrics().averageCharWidth() * 30)
        self.search.setAccessibleName("Search scenarios")
        self.search.setClearButtonEnabled(True)
        self.role_box = QComboBox(accessibleName="Filter by role")
        self.topic_box = QComboBox(accessibleName="Filter by topic")
        self.setting_box = QComboBox(accessibleName="Filter by setting")
        filters = FlowLayout()
        for label_text, widget in (
            ("&Search:", self.search),
            ("&Role:", self.role_box),
            ("&Topic:", self.topic_box),
            ("S&etting:", self.setting_box),
        ):
            label = QLabel(label_text)
            label.setBuddy(widget)
            filters.add_group(label, widget, stretch=2 if widget is self.search else 1)

        self.list = QListView()
        self.list.setAccessibleName("Scenarios")
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(ScenarioDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.activated.connect(self._activated)
        self.empty = QLabel(
            "No scenarios match. Try clearing the search or choosing \u201cAll roles\u201d."
        )
        self.empty.setWordWrap(True)
        self.empty.hide()
        # Said kindly when nothing in the library is written for the person's role yet.
        self.role_note = QLabel(wordWrap=True, accessibleName="About your role")
        self.role_note.hide()
        self.open_button = QPushButton("&Open scenario")
        self.open_button.clicked.connect(self.open_current)
        bottom = QHBoxLayout()
        self.count_label = QLabel()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addWidget(self.role_note)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self._filter_changed)
        self.search.returnPressed.connect(self._search_enter)
        for box, setter in (
            (self.role_box, self.proxy.set_role),
            (self.topic_box, self.proxy.set_topic),
            (self.setting_box, self.proxy.set_setting),
        ):
            box.currentIndexChanged.connect(
                lambda _i, b=box, f=setter: (f(b.currentData() or ""), self._update_count())
            )
        # Not a focus proxy: a proxy that is a child makes forward Tab skip the search and
        # the filters above it. Focus given to the view itself (a place shown) goes on to the list.

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().focusInEvent(event)
        self.list.setFocus(event.reason())

    # ----- data --------------------------------------------------------------------------

    def set_library(
        self, scenarios: list[Scenario], problems: list, load_posters: bool = True
    ) -> None:
        self.model.set_scenarios(scenarios)
        self.banner.set_problems(problems)
        self._fill_box(
            self.role_box,
            "All roles",
            sorted(
                {r for s in scenarios for r in s.roles},
                key=lambda r: list(ROLES).index(r) if r in ROLES else 99,
            ),
            lambda r: ROLES.get(r, r),
        )
        self._fill_box(
            self.topic_box,
            "All topics",
            sorted({t for s in scenarios for t in s.topics}),
            topic_name,
        )
        self._fill_box(
            self.setting_box,
            "All settings",
            sorted({s.setting for s in scenarios if s.setting}),
            str,
        )
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self._update_count()
        if load_posters:
            self.posters.load(scenarios, delay_ms=500)

    def set_person_role(self, role_id: str) -> None:
        """Show the scenarios for the unlocked person's role; all of them when none suit it."""
        self.role_note.hide()
        if not role_id:
            self.role_box.setCurrentIndex(0)
            return
        index = self.role_box.findData(role_id)
        if index >= 0:
            self.role_box.setCurrentIndex(index)
            self.role_note.setText(
                f"Showing the scenarios written for your role ({ROLES.get(role_id, role_id)}). "
                "Choose \u201cAll roles\u201d to see every one."
            )
            self.role_note.show()
            return
        self.role_box.setCurrentIndex(0)
        if self.model.rowCount():
            name = ROLES.get(role_id, role_id)
            self.role_note.setText(
                f"There are no scenarios written for your role ({name}) in this library yet, "
                "so here are all of them. Any clip is worth watching, and the questions "
                "afterwards are still written for your role. Your training lead can add "
                "scenarios for your role."
            )
            self.role_note.show()

    def select(self, scenario_id: str) -> bool:
        """Make the scenario with this id the current row, if the filters show it."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ScenarioRole).id == scenario_id:
                self.list.setCurrentIndex(index)
                return True
        return False

    @staticmethod
    def _fill_box(box: QComboBox, all_text: str, values, label) -> None:
        box.blockSignals(True)
        box.clear()
        box.addItem(all_text, "")
        for v in values:
            box.addItem(label(v), v)
        box.blockSignals(False)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.empty.setVisible(total > 0 and shown == 0)
        self.count_label.setText(
            f"{shown} of {total} scenarios" if shown != total else f"{total} scenarios"
        )
        self.open_button.setEnabled(shown > 0)
        if shown and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    # ----- opening -----------------------------------------------------------------------

    def _search_enter(self) -> None:
        self.list.setFocus()
        self.open_current()

    def _activated(self, index: QModelIndex) -> None:
        scenario = index.data(ScenarioRole)
        if scenario is not None:
            self.open_requested.emit(scenario)

    def open_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self._activated(index)
