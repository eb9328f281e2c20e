"""The scenario editor place: make a scenario from a clip, see every problem beside its field as
it is typed, and save plain TOML (with the clip and captions) into the organisation content
folder. Saving runs the authoring service on a Task; the bundled library is never written."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.errors import CasebookError
from app.models import scenario_draft
from app.models.captions import CAPTION_SUFFIXES
from app.models.content import Scenario
from app.models.scenario_draft import ScenarioDraft
from app.services import authoring
from app.ui.editor.captions_panel import CaptionsPanel
from app.ui.editor.column_scroll import ColumnScroll
from app.ui.editor.fields import ProblemLabel
from app.ui.editor.metadata_form import MetadataForm
from app.ui.editor.questions_panel import QuestionsPanel
from app.ui.editor.timeline_panel import TimelinePanel
from app.ui.editor.unsaved_banner import UnsavedBanner
from app.ui.shared.tasks import Task

log = logging.getLogger(__name__)

VIDEO_FILTER = "Video clips (*.mp4 *.m4v *.mov *.webm *.mkv *.ogv)"
CAPTION_FILTER = "Captions (" + " ".join(f"*{s}" for s in CAPTION_SUFFIXES) + ")"


class ScenarioEditor(QWidget):
    saved = Signal(Path)  # the manifest written

    def __init__(
        self,
        paths: Paths,
        scenarios: Callable[[], list[Scenario]],
        *,
        renderer: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self._scenarios = scenarios
        self.clip: Path | None = None
        self.duration = 0.0
        self.dirty = False
        self.last_problems: dict[str, list[str]] = {}
        known = scenarios()

        self.new_button = QPushButton("&New scenario from a clip…")
        self.new_button.clicked.connect(self.choose_clip)
        self.open_button = QPushButton("Open saved…")
        self.open_button.setAccessibleName("Open a saved scenario from the content folder")
        self.open_button.clicked.connect(self.choose_saved)
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save into the organisation content folder (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(
            f"Scenarios are saved in {paths.content_folder()}, never in the bundled library."
        )
        self.status.setAccessibleName("Editor status")
        self.status.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.save_button)

        self.clip_label = QLabel("No clip chosen yet")
        self.clip_label.setAccessibleName("Clip")
        self.video_problem = ProblemLabel("video")
        self.form = MetadataForm(
            sorted({s.setting for s in known}), sorted({t for s in known for t in s.topics})
        )
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.addWidget(self.clip_label)
        left_column.addWidget(self.video_problem)
        left_column.addWidget(self.form)
        left_column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(left)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields in it take the focus
        scroll.setMinimumWidth(left.minimumSizeHint().width() + 24)  # fits large text

        self.timeline = TimelinePanel(renderer)
        self.pause_problem = ProblemLabel("pause")
        clip_tab = QWidget()
        clip_column = QVBoxLayout(clip_tab)
        clip_column.addWidget(self.timeline, 1)
        clip_column.addWidget(self.pause_problem)
        clip_scroll = ColumnScroll(clip_tab, "Clip and pause points")
        self.captions = CaptionsPanel()
        self.questions = QuestionsPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(clip_scroll, "Clip and &pause points")
        self.tabs.addTab(self.captions, "Captions")
        self.tabs.addTab(self.questions, "Questions")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.unsaved_banner = self._build_unsaved_banner()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.unsaved_banner)
        layout.addWidget(split, 1)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(250)
        self._check_timer.timeout.connect(self.validate)
        for signal in (
            self.form.changed,
            self.timeline.changed,
            self.captions.changed,
            self.questions.changed,
        ):
            signal.connect(self._edited)
        self.form.changed.connect(lambda: self.questions.set_roles(self._roles()))
        self.timeline.duration_known.connect(self._duration_known)
        self.captions.attach_requested.connect(self.choose_captions)
        self.questions.preview_requested.connect(self.preview_as)
        self.captions.changed.connect(
            lambda: self.timeline.set_cues(self.captions.cues(), self.captions.offset_seconds())
        )
        save_key = QShortcut(QKeySequence.StandardKey.Save, self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save)
        self.save_task = Task(self)
        self.save_task.finished.connect(self._saved)
        self.save_task.failed.connect(self._save_failed)
        self.setFocusProxy(self.new_button)
        self.validate()
        self._offer_unsaved()

    # -- unsaved work ------------------------------------------------------------------------

    def _build_unsaved_banner(self) -> UnsavedBanner:
        banner = UnsavedBanner("scenario")
        self.unsaved_label = banner.label
        self.restore_button = banner.restore_button
        self.discard_button = banner.discard_button
        self.restore_button.clicked.connect(self.restore_unsaved)
        self.discard_button.clicked.connect(self.discard_unsaved)
        return banner

    def _offer_unsaved(self) -> None:
        kept = authoring.unsaved(self.paths)
        if kept is None:
            return
        name = kept.draft.title or (kept.clip.name if kept.clip else "a new scenario")
        self.unsaved_banner.offer(
            f"“{name}” was not saved when the editor last closed. Restore it, or discard it "
            "to start another."
        )
        # One piece of unsaved work at a time: decide about it before starting another.
        self._set_starting_enabled(False)

    def _set_starting_enabled(self, enabled: bool) -> None:
        for button in (self.new_button, self.open_button):
            button.setEnabled(enabled)
        self.setFocusProxy(self.new_button if enabled else self.restore_button)

    def restore_unsaved(self) -> None:
        kept = authoring.unsaved(self.paths)
        self.unsaved_banner.hide()
        self._set_starting_enabled(True)
        if kept is None:
            return
        self.form.show_draft(kept.draft)
        if kept.clip is not None:
            self.set_clip(kept.clip)
        self.duration = kept.draft.duration
        self.timeline.set_pauses(kept.draft.pauses)
        if kept.captions is not None:
            self.captions.offset.setValue(kept.caption_offset)
            self.captions.set_captions(kept.captions, kept.cues, None)
        self.questions.set_roles(kept.draft.roles)
        self.questions.set_questions(kept.draft.questions)
        self._edited()

    def discard_unsaved(self) -> None:
        authoring.forget_unsaved(self.paths)
        self.unsaved_banner.hide()
        self._set_starting_enabled(True)

    def keep_unsaved(self) -> None:
        """Write the work so far aside (each check while typing, and on close)."""
        if not self.dirty:
            return
        try:
            authoring.keep_unsaved(
                self.paths,
                self.draft(),
                self.clip,
                self.captions.source,
                self.captions.cues(),
                self.captions.offset_seconds(),
            )
        except OSError as exc:
            log.warning("could not keep the editor's unsaved work: %s", exc)

    # -- choosing files ----------------------------------------------------------------------

    def choose_clip(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the clip", str(Path.home()), VIDEO_FILTER
        )
        if name:
            self.set_clip(Path(name))

    def set_clip(self, path: Path) -> None:
        self.clip = path
        self.duration = 0.0
        self.clip_label.setText(f"Clip: {path.name}")
        if not self.form.title.text():
            self.form.title.setText(path.stem.replace("-", " ").replace("_", " ").capitalize())
        self.timeline.load(path)
        self._edited()

    def choose_captions(self) -> None:
        start = str(self.clip.parent if self.clip else Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Attach captions", start, CAPTION_FILTER)
        if name:
            path = Path(name)
            cues, problem = authoring.read_cues(path)
            self.captions.set_captions(path, cues, problem)

    def choose_saved(self) -> None:
        start = self.paths.content_folder() / "videos"
        name, _ = QFileDialog.getOpenFileName(
            self, "Open a saved scenario", str(start), "Scenarios (*.toml)"
        )
        if name:
            self.open_saved(Path(name))

    def open_saved(self, manifest: Path) -> None:
        """Show a saved scenario exactly as it was saved, to change it."""
        draft = scenario_draft.read_draft(manifest)
        self.form.show_draft(draft)
        self.set_clip(manifest.parent / draft.video)
        self.duration = draft.duration
        self.timeline.set_pauses(draft.pauses)
        if draft.captions:
            path = manifest.parent / draft.captions
            cues, problem = authoring.read_cues(path)
            self.captions.offset.setValue(0.0)
            self.captions.set_captions(path, cues, problem)
        self.questions.set_roles(draft.roles)
        self.questions.set_questions(draft.questions)
        self.dirty = False
        self.validate()

    # -- the draft and its problems ----------------------------------------------------------

    def _roles(self) -> list[str]:
        return [r for r, box in self.form.roles.items() if box.isChecked()]

    def _duration_known(self, seconds: float) -> None:
        if seconds > 0:
            self.duration = round(seconds, 1)
            self._edited()

    def _edited(self) -> None:
        self.dirty = True
        self._check_timer.start()

    def draft(self) -> ScenarioDraft:
        draft = ScenarioDraft()
        self.form.read_into(draft)
        draft.duration = self.duration
        suffix = self.clip.suffix.lower() if self.clip else ".mp4"
        draft.video = f"{draft.id}{suffix}"
        draft.captions = f"{draft.id}.srt" if self.captions.cues() else ""
        draft.pauses = self.timeline.pauses()
        draft.questions = self.questions.questions()
        return draft

    def validate(self) -> dict[str, list[str]]:
        draft = self.draft()
        taken = {s.id: s.manifest for s in self._scenarios() if s.manifest is not None}
        caption_problem = self.captions.problem.text() or None
        found = scenario_draft.problems(
            draft,
            self.paths.content_folder(),
            clip=self.clip,
            captions_problem=caption_problem,
            taken_ids=taken,
        )
        if self.clip is not None and self.duration <= 0:
            # The length arrives once the clip's first picture is up; say so in words.
            found["video"] = ["reading the clip's length…"]
        for field, label in self.form.problems.items():
            label.show_messages(found.get(field, []))
        self.video_problem.show_messages(found.get("video", []))
        self.pause_problem.show_messages(found.get("pause", []))
        self.questions.problem.show_messages(found.get("questions", []))
        if not caption_problem:
            self.captions.problem.show_messages(found.get("captions", []))
        self.last_problems = found
        if self.dirty and not self.unsaved_banner.isVisible():
            self.keep_unsaved()  # never over work still waiting to be restored
        self.save_button.setEnabled(not found and not self.save_task.running)
        return found

    def preview_as(self, role: str) -> QWidget | None:
        """Show the composed questions for `role` as a learner would see them."""
        from app.ui.editor.preview_dialog import PreviewDialog

        if self.clip is None or not role:
            self.status.setText("Choose the clip and the roles first, then preview.")
            return None
        try:
            shown = authoring.preview(self.paths, self.draft(), self.clip, role)
        except CasebookError as exc:
            self.status.setText(f"No preview yet: {exc}")
            return None
        dialog = PreviewDialog(shown, role, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        self._check_timer.stop()
        if self.validate() or self.clip is None or self.save_task.running:
            self.status.setText("Not saved yet: fix the problems shown beside the fields.")
            return
        draft, clip = self.draft(), self.clip
        cues, offset = self.captions.cues(), self.captions.offset_seconds()
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")
        self.save_task.start(
            lambda: authoring.save_scenario(
                self.paths, draft, clip, cues=cues, caption_offset=offset
            )
        )

    def _saved(self, manifest: Path) -> None:
        self.dirty = False
        authoring.forget_unsaved(self.paths)
        self.status.setText(f"Saved {manifest.name} in {manifest.parent}.")
        self.saved.emit(manifest)
        self.validate()

    def _save_failed(self, exc: object) -> None:
        if isinstance(exc, CasebookError | OSError):
            text = str(exc)
        else:
            log.error("saving a scenario failed: %r", exc)
            text = "something went wrong; the log file has the details"
        self.status.setText(f"Not saved: {text}")
        self.validate()

    def shutdown(self) -> None:
        if not self.unsaved_banner.isVisible():
            self.keep_unsaved()
        self.timeline.shutdown()
