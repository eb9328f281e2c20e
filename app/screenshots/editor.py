"""Screenshots of the scenario editor (drives app.ui.editor.editor_view): a scenario being made
from a bundled clip, with a problem still shown beside its field, two pause points, captions
shifted by an offset, and questions for two roles."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt

from app.models.scenario_draft import DraftPause, DraftQuestion
from app.screenshots.player import _wait_for
from app.services import authoring, library
from app.ui.editor.editor_view import ScenarioEditor

log = logging.getLogger(__name__)


def take_screenshots(studio) -> None:
    """editor (clip and pause points), editor-captions, editor-questions, editor-preview,
    editor-plan."""
    videos = studio.paths.resources / "videos"
    clip, captions = videos / "low-mood-inpatient.mp4", videos / "low-mood-inpatient.srt"
    if not clip.is_file():
        log.warning("no bundled clip for the editor screenshots")
        return
    editor = ScenarioEditor(
        studio.paths, lambda: library.load_scenarios(studio.paths)[0], renderer="frames"
    )
    editor.set_clip(clip)
    _wait_for(lambda: editor.duration > 0 and editor.timeline.video.has_frame())
    form = editor.form
    form.title.setText("Quiet at the nurses' station")
    form.summary.setPlainText("A nurse notices a colleague has gone quiet after a hard shift.")
    form.setting.setCurrentText("inpatient ward")
    for role in ("ward-nurse", "mh-practitioner"):
        form.roles[role].setChecked(True)
    form.topics.setText("staff-wellbeing, Low Mood")  # left wrong: its problem shows beside it
    form.objectives.setPlainText("Notice when a colleague is struggling.")
    editor.timeline.set_pauses(
        [DraftPause(12.4, "What have you noticed so far?"), DraftPause(27.7, "")]
    )
    editor.timeline.pause_list.setCurrentRow(1)
    cues, problem = authoring.read_cues(captions)
    editor.captions.set_captions(captions, cues, problem)
    editor.captions.offset.setValue(0.5)
    editor.questions.set_roles(["ward-nurse", "mh-practitioner"])
    editor.questions.set_questions(
        [
            DraftQuestion("ward-nurse", "text", "What would you say to your colleague first?"),
            DraftQuestion(
                "mh-practitioner",
                "choice",
                "Who would you involve today?",
                ["Occupational health", "The nurse in charge", "Nobody yet"],
            ),
        ]
    )
    editor.timeline.player.seek(8_600)
    _wait_for(lambda: editor.timeline.player.position() >= 8_500)
    editor.validate()
    studio.save("editor", editor)
    editor.tabs.setCurrentWidget(editor.captions)
    studio.save("editor-captions", editor)
    editor.tabs.setCurrentWidget(editor.questions)
    studio.save("editor-questions", editor)
    form.topics.setText("staff-wellbeing, low-mood")
    dialog = editor.preview_as("ward-nurse")
    if dialog is not None:
        studio.save("editor-preview", dialog, dialog.size())
        dialog.reject()
    editor.shutdown()
    editor.deleteLater()
    _plan(studio)


def _plan(studio) -> None:
    """editor-plan: a two-scenario plan being built, one scenario's wall prompts shown."""
    from app.ui.editor.plan_builder import PlanBuilder

    builder = PlanBuilder(studio.paths, lambda: library.load_scenarios(studio.paths)[0])
    builder.title.setText("Night team huddle")
    builder.audience.setText("Night staff on the ward")
    builder.total.setValue(45)
    for sid in ("low-mood-inpatient", "ed-agitation"):
        for row in range(builder.library.count()):
            if builder.library.item(row).data(Qt.ItemDataRole.UserRole) == sid:
                builder.library.setCurrentRow(row)
        builder.add_selected()
    builder.step_prompts.setPlainText(
        "What early signs of rising distress did you notice?\nWhat helped to calm things down?"
    )
    builder.step_minutes.setValue(20)
    builder.tallies.setPlainText("How confident are you asking about low mood? (1 to 5)")
    builder.takeaways.setPlainText("Ask directly, and ask again.")
    builder.validate()
    studio.save("editor-plan", builder)
    builder.deleteLater()
