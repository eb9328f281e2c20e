"""Screenshots of the scenario editor (drives app.ui.editor.editor_view): a scenario being made
from a bundled clip, with a problem still shown beside its field, two pause points, captions
shifted by an offset, and questions for two roles."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QWidget

from app.models.scenario_draft import DraftPause, DraftQuestion
from app.screenshots.player import _wait_for
from app.services import authoring, library
from app.ui.editor.editor_view import ScenarioEditor

log = logging.getLogger(__name__)


def take_screenshots(studio) -> None:
    """editor (clip and pause points), editor-captions, editor-questions, editor-preview,
    editor-plan, content-packs."""
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
    _packs(studio)


def _plan(studio) -> None:
    """editor-plan: a two-scenario plan being built, one scenario's wall prompts shown, with its
    own welcome, ground rules and debrief."""
    from app.ui.editor.plan_builder import PlanBuilder

    builder = PlanBuilder(studio.paths, lambda: library.load_scenarios(studio.paths)[0])
    builder.title.setText("Night team huddle")
    builder.audience.setText("Night staff on the ward")
    builder.total.setValue(45)
    builder.welcome.setText("Welcome, night team. Thank you for staying on.")
    for sid in ("low-mood-inpatient", "ed-agitation"):
        for row in range(builder.library.count()):
            if builder.library.item(row).data(Qt.ItemDataRole.UserRole) == sid:
                builder.library.setCurrentRow(row)
        builder.add_selected()
    builder.step_prompts.setPlainText(
        "What early signs of rising distress did you notice?\nWhat helped to calm things down?"
    )
    builder.step_minutes.setValue(20)
    builder.ground_rules.setPlainText(
        "What is shared here stays here, unless someone may be at risk.\n"
        "No names of patients or colleagues.\n"
        "You can step out at any time."
    )
    builder.tallies.setPlainText("How confident are you asking about low mood? (1 to 5)")
    builder.debrief.setPlainText(
        "Reactions: How are you feeling after watching that?\n"
        "Analysis: What helped, and what made it harder?\n"
        "Summary: What will you do differently on your next shift?"
    )
    builder.takeaways.setPlainText("Ask directly, and ask again.")
    builder.validate()
    studio.save("editor-plan", builder)
    builder.dirty = False  # staged, not typed: nothing to keep aside
    builder.deleteLater()


def _packs(studio) -> None:
    """content-packs: File > Content packs…, with a signed pack that can go back a version and
    an unsigned one, made from a session plan and installed into the demo folder."""
    from app.models import pack as packfmt
    from app.services import packs
    from app.ui.window.content_packs import ContentPacks
    from app.ui.window.packs_dialog import PacksDialog

    work = studio.paths.data_dir / "pack-sources"
    plan = (studio.paths.resources / "sessions" / "ward-team.toml").read_text(encoding="utf-8")
    key = packfmt.new_private_key()
    made = []
    for pack_id, title, version, publisher, signing in (
        ("northshire-ward", "Northshire ward sessions", "1.0", "Northshire NHS Trust", key),
        ("northshire-ward", "Northshire ward sessions", "1.1", "Northshire NHS Trust", key),
        ("oakfield-school", "Oakfield staff meetings", "2.0", "Oakfield Academy", None),
    ):
        folder = work / f"{pack_id}-{version}" / "sessions"
        folder.mkdir(parents=True, exist_ok=True)
        text = plan.replace('id = "ward-team"', f'id = "{pack_id}-{version.replace(".", "-")}"')
        (folder / "plan.toml").write_text(text, encoding="utf-8")
        out = work / f"{pack_id}-{version}.casebook"
        packs.make_pack(
            folder.parent,
            out,
            pack_id=pack_id,
            title=title,
            version=version,
            publisher=publisher,
            signing_key=signing,
        )
        made.append(out)
    for pack_file in made:
        packs.install(studio.paths, pack_file)
    host = QWidget()
    dialog = PacksDialog(studio.paths, ContentPacks(studio.paths, host), host)
    studio.save("content-packs", dialog, QSize(980, 380))
    dialog.deleteLater()
    host.deleteLater()
