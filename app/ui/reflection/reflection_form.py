"""The reflection form: the composed questions in their sections, the marked moments beside.

Dumb by design (STYLE.md): it shows sections and collects answers as plain data, and says what
the person wants through signals — save_requested(data, status), model_change_requested(id).
It knows nothing of the journal, crypto or files. `data()` is {"title", "answers", "tags"}.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models.prompts import Section
from app.ui.reflection.marker_replay import MarkerReplay
from app.ui.reflection.question_widgets import QuestionWidget, make_question_widget, marker_label
from app.ui.shared.headings import style_heading
from app.ui.shared.keyboard import scrolls_with_focus


class ReflectionForm(QWidget):
    """Sections as group boxes in a scroll area; markers and a small replay player beside."""

    changed = Signal()
    save_requested = Signal(dict, str)  # {"title", "answers", "tags"}, "draft" | "final"
    model_change_requested = Signal(str)

    def __init__(
        self,
        sections: Sequence[Section],
        *,
        heading: str,
        models: Sequence[tuple[str, str]],
        model_id: str,
        markers: Sequence[dict] = (),
        video: Path | None = None,
        free: bool = False,
        title: str = "",
        more: Collection[str] = (),
        guidance: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reflection-form")
        self.markers = [dict(m) for m in markers]
        self.free = free
        self.widgets: dict[str, QuestionWidget] = {}
        self.replay: MarkerReplay | None = None
        self._video = video
        self.more: frozenset[str] = frozenset(more)
        self.showing_more = False
        self.more_button: QPushButton | None = None
        self.steps: list[str] = []  # the default path's question ids, in order

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel(heading)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        style_heading(self.heading)
        top.addWidget(self.heading, 1)
        model_label = QLabel("&Reflection model:")
        self.model_picker = QComboBox()
        self.model_picker.setAccessibleName("Reflection model")
        for mid, mtitle in models:
            self.model_picker.addItem(mtitle, mid)
        self.model_picker.setCurrentIndex(max(0, self.model_picker.findData(model_id)))
        self.model_picker.activated.connect(self._model_picked)
        model_label.setBuddy(self.model_picker)
        top.addWidget(model_label)
        top.addWidget(self.model_picker)
        outer.addLayout(top)

        self.title_edit = QLineEdit(title)
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setPlaceholderText("A few words to find this again, e.g. “A hard handover”")
        self.title_edit.textChanged.connect(self.changed)
        if free:
            row = QFormLayout()
            row.addRow("&Title:", self.title_edit)
            outer.addLayout(row)
        else:
            self.title_edit.hide()

        # Before the first free-text answer, not after the question that invites details.
        self.guidance = QLabel(guidance)
        self.guidance.setWordWrap(True)
        self.guidance.setTextFormat(Qt.TextFormat.PlainText)
        self.guidance.setAccessibleName("What to leave out")
        self.guidance.setVisible(bool(guidance))
        outer.addWidget(self.guidance)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scrolls_with_focus(self.scroll)
        split.addWidget(self.scroll)
        if self.markers:
            split.addWidget(self._markers_panel())
            split.setStretchFactor(0, 3)
            split.setStretchFactor(1, 1)
        outer.addWidget(split, 1)

        bottom = QHBoxLayout()
        tags_label = QLabel("T&ags:")  # Alt+G is the Go menu
        self.tags_edit = QLineEdit()
        self.tags_edit.setAccessibleName("Tags")
        self.tags_edit.setPlaceholderText("Optional, separated by commas")
        self.tags_edit.textChanged.connect(self.changed)
        tags_label.setBuddy(self.tags_edit)
        bottom.addWidget(tags_label)
        bottom.addWidget(self.tags_edit, 1)
        self.progress = QLabel()
        self.progress.setAccessibleName("Questions answered")
        bottom.addWidget(self.progress)
        self.status = QLabel()
        self.status.setAccessibleName("Save status")
        bottom.addWidget(self.status)
        self.draft_button = QPushButton("Save &draft")
        self.draft_button.setToolTip("Keep this to finish later")
        self.draft_button.clicked.connect(lambda: self.save_requested.emit(self.data(), "draft"))
        self.final_button = QPushButton("Fi&nish")  # Alt+F belongs to the File menu
        self.final_button.setDefault(True)
        self.final_button.setToolTip("Save this reflection as finished")
        self.final_button.clicked.connect(lambda: self.save_requested.emit(self.data(), "final"))
        bottom.addWidget(self.draft_button)
        bottom.addWidget(self.final_button)
        outer.addLayout(bottom)

        self.changed.connect(self._update_progress)
        self.set_sections(sections, more=self.more)

    # -- building ---------------------------------------------------------------------------

    def _markers_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        label = QLabel("Moments you &marked")
        self.marker_list = QListWidget()
        self.marker_list.setAccessibleName("Moments you marked")
        self.marker_list.setToolTip("Press Enter or click to replay a moment")
        self.marker_list.setWordWrap(True)  # a note reads whole in the narrow side column
        self.marker_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        label.setBuddy(self.marker_list)
        for m in self.markers:
            item = QListWidgetItem(marker_label(m))
            item.setData(Qt.ItemDataRole.UserRole, float(m.get("at", 0)))
            self.marker_list.addItem(item)
        self.marker_list.itemActivated.connect(self._replay_item)
        self.marker_list.itemClicked.connect(self._replay_item)
        hint = QLabel("Click a moment, or press Enter on it, to see it again.")
        hint.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.marker_list, 1)
        layout.addWidget(hint)
        self.replay_holder = QVBoxLayout()
        layout.addLayout(self.replay_holder)
        return panel

    def _replay_item(self, item: QListWidgetItem) -> None:
        if self.replay is None:
            self.replay = MarkerReplay(self._video)
            self.replay_holder.addWidget(self.replay)
        self.replay.replay(float(item.data(Qt.ItemDataRole.UserRole)))

    def set_sections(
        self,
        sections: Sequence[Section],
        answers: Mapping[str, Any] | None = None,
        *,
        more: Collection[str] | None = None,
    ) -> None:
        """Show these sections, keeping answers to questions that appear again. Questions in
        `more` wait behind "More questions" unless they already hold an answer."""
        kept = dict(self.answers(include_empty=False)) if self.widgets else {}
        kept.update(answers or {})
        if more is not None:
            self.more = frozenset(more)
        self.sections = list(sections)
        self.widgets = {}
        self.steps = [q.id for s in self.sections for q in s.questions if q.id not in self.more]
        self._captions: dict[str, QLabel] = {}
        self._boxes: list[tuple[QGroupBox, list[str]]] = []
        content = QWidget()
        layout = QVBoxLayout(content)
        for section in self.sections:
            box = QGroupBox(section.title)
            box.setObjectName(f"section:{section.id}")
            box_layout = QVBoxLayout(box)
            if section.intro:
                intro = QLabel(section.intro)
                intro.setWordWrap(True)
                intro.setTextFormat(Qt.TextFormat.PlainText)
                box_layout.addWidget(intro)
            for q in section.questions:
                if q.id in self.steps:
                    # "3 of 8": how far along the default path this question is.
                    caption = QLabel(f"Question {self.steps.index(q.id) + 1} of {len(self.steps)}")
                    caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                    self._captions[q.id] = caption
                    box_layout.addWidget(caption)
                w = make_question_widget(q, self.markers)
                if q.id in kept:
                    w.set_value(kept[q.id])
                w.changed.connect(self.changed)
                self.widgets[q.id] = w
                box_layout.addWidget(w)
            self._boxes.append((box, [q.id for q in section.questions]))
            layout.addWidget(box)
        hidden = len(self.widgets) - len(self.steps)
        self.more_button = None
        if hidden:
            self.more_button = QPushButton()
            self.more_button.setCheckable(True)
            self.more_button.setChecked(self.showing_more)
            self.more_button.toggled.connect(self.show_more)
            layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(content)
        self.show_more(self.showing_more)

    def show_more(self, on: bool = True) -> None:
        """Show (or fold away again) the questions beyond the default path. A question that
        holds an answer always shows."""
        self.showing_more = on
        for qid, w in self.widgets.items():
            w.setVisible(on or qid not in self.more or w.value() is not None)
        for box, ids in self._boxes:
            box.setVisible(any(not self.widgets[i].isHidden() for i in ids))
        if self.more_button is not None:
            hidden = len(self.widgets) - len(self.steps)
            self.more_button.blockSignals(True)
            self.more_button.setChecked(on)
            self.more_button.blockSignals(False)
            self.more_button.setText(
                "Fewer &questions" if on else f"More &questions ({hidden}, all optional)"
            )
        self._update_progress()

    def _update_progress(self) -> None:
        if not self.steps:
            self.progress.setText("")
            return
        done = sum(1 for qid in self.steps if self.widgets[qid].value() is not None)
        self.progress.setText(f"{done} of {len(self.steps)} answered")

    def _model_picked(self, index: int) -> None:
        self.model_change_requested.emit(self.model_picker.itemData(index))

    # -- data -------------------------------------------------------------------------------

    def answers(self, include_empty: bool = True) -> dict[str, Any]:
        out = {qid: w.value() for qid, w in self.widgets.items()}
        return out if include_empty else {k: v for k, v in out.items() if v is not None}

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        for qid, value in answers.items():
            if qid in self.widgets:
                self.widgets[qid].set_value(value)
        self.show_more(self.showing_more)  # an answered extra question shows; progress counts

    def tags(self) -> list[str]:
        return [t.strip() for t in self.tags_edit.text().split(",") if t.strip()]

    def data(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text(),
            "answers": self.answers(include_empty=False),
            "tags": self.tags(),
        }

    def set_data(self, data: Mapping[str, Any]) -> None:
        if "title" in data:
            self.title_edit.setText(str(data.get("title") or ""))
        self.tags_edit.setText(", ".join(data.get("tags") or []))
        self.set_answers(data.get("answers") or {})

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def focus_first(self) -> None:
        """Put the keyboard where writing starts: the title, or the first question."""
        if not self.title_edit.isHidden():
            self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        first = next(iter(self.widgets.values()), None)
        if first is not None:
            first.focus_input()

    def reveal(self, field: str, start: int = 0, end: int = 0) -> None:
        """Bring a field into view and select a stretch of it (after the identifier check)."""
        if field == "title":
            self.title_edit.setFocus()
            self.title_edit.setSelection(start, end - start)
            return
        w = self.widgets.get(field)
        if w is None:
            return
        self.scroll.ensureWidgetVisible(w)
        if not (end > start and w.select_text(start, end)):
            w.focus_input()

    def clear(self) -> None:
        """Drop every answer, its undo history and the replay player (on lock)."""
        for w in self.widgets.values():
            w.clear()
        # setText (unlike clear) also empties the line edits' undo history.
        self.title_edit.setText("")
        self.tags_edit.setText("")
        if self.replay is not None:
            self.replay.release()
        if hasattr(self, "marker_list"):
            self.marker_list.clear()
        self.markers = []


def demo_scenario() -> Any:
    """A bundled demo scenario for screenshots and benches (a stand-in when none is installed)."""
    from app.models.content import Scenario

    return Scenario(
        id="staff-wellbeing",
        title="After a hard shift",
        summary="A colleague is quiet and tired at the end of a long week.",
        video=Path("staff-wellbeing.mp4"),
        duration_seconds=95.0,
        captions=None,
        roles=("ward-nurse", "teacher"),
        topics=("staff-wellbeing",),
        setting="ward",
        level="introductory",
        learning_objectives=(
            "Notice signs of stress and burnout in a colleague",
            "Start a supportive conversation",
            "Know where staff support is and how to reach it",
        ),
        content_warnings=("distress", "talk of burnout"),
        demo=True,
    )
