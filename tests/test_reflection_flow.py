"""The reflection flow with real widgets, a real journal and real sealed autosave."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer

from app.models.support import SupportList
from app.services.journal import JournalService
from app.ui.reflection.flow import ReflectionFlow
from app.ui.reflection.question_widgets import (
    ChecklistQuestion,
    ChoiceQuestion,
    MarkerQuestion,
    ScaleQuestion,
    TextQuestion,
)
from app.ui.shared.session_state import SessionState
from tests.scenarios import wellbeing_scenario

PASS = "amber lantern quietly folds"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def profiles(paths, fast_kdf):
    from app.services.profiles import ProfileService

    return ProfileService(paths)


def make_profile(profiles, role: str):
    info, _ = profiles.create(f"Sam {role}", role, "", PASS)
    return lambda: profiles.unlock(info.id, PASS)


@pytest.fixture
def session(qtbot):
    state = SessionState()
    yield state
    state.lock()


def open_flow(qtbot, paths, session, unlock, **kw) -> ReflectionFlow:
    session.set_unlocked(unlock())
    flow = ReflectionFlow(paths, session, **kw)
    qtbot.addWidget(flow)
    flow.resize(1366, 768)
    flow.show()
    return flow


def raw_bytes(paths) -> bytes:
    return b"".join(p.read_bytes() for p in paths.data_dir.glob("casebook.db*"))


def click(qtbot, button) -> None:
    # A radio button takes clicks on its circle and label, not on the empty row beside them.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def answer_everything(qtbot, form) -> dict:
    """Answers every question through the keyboard and mouse; returns what we expect stored."""
    expected = {}
    for qid, w in form.widgets.items():
        form.scroll.ensureWidgetVisible(w)
        if isinstance(w, MarkerQuestion):
            w.combo.setCurrentIndex(1)
            qtbot.keyClicks(w.edit, "she looked away")
            expected[qid] = "[0:12] she looked away"
        elif isinstance(w, TextQuestion):
            text = f"My answer to {qid}, with care (and a comma, too)."
            qtbot.keyClicks(w.edit, text)
            expected[qid] = text
        elif isinstance(w, ScaleQuestion):
            click(qtbot, w.group.button(w.question.max))
            expected[qid] = w.question.max
        elif isinstance(w, ChoiceQuestion):
            click(qtbot, w.group.button(0))
            expected[qid] = w.question.options[0]
        elif isinstance(w, ChecklistQuestion):
            w.boxes[0].click()
            w.boxes[-1].click()
            expected[qid] = [w.question.options[0], w.question.options[-1]]
    return expected


@pytest.mark.parametrize("role", ["ward-nurse", "teacher"])
def test_full_path_ends_in_the_journal_with_exact_answers(qtbot, paths, profiles, session, role):
    flow = open_flow(qtbot, paths, session, make_profile(profiles, role))
    sc = wellbeing_scenario()
    # Before the clip: its content warning, then confidence on the learning objectives.
    flow.before_clip(sc)
    assert flow.confidence is None and flow.warning_page.isVisible()
    qtbot.mouseClick(flow.warning_page.continue_button, Qt.MouseButton.LeftButton)
    page = flow.confidence
    assert page is not None and page.isVisible()
    qtbot.mouseClick(page.groups[sc.learning_objectives[0]].button(2), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.clip_requested) as clip:
        qtbot.mouseClick(page.continue_button, Qt.MouseButton.LeftButton)
    assert clip.args == [sc]
    # The player says the clip ended: the form.
    flow.reflect(sc, [{"at": 12.0, "note": "looks away"}])
    form = flow.form
    assert form is not None and form.isVisible()
    if role == "ward-nurse":
        assert any(q.startswith("ward-nurse.") for q in form.widgets)
        assert flow.reflection.model_id == "nmc"
    else:
        assert any(q.startswith("teacher.") for q in form.widgets)
        assert not any(q.startswith("ward-nurse.") for q in form.widgets)
        assert flow.reflection.model_id == "brookfield"
    expected = answer_everything(qtbot, form)
    qtbot.keyClicks(form.tags_edit, "stress, team")
    qtbot.mouseClick(form.final_button, Qt.MouseButton.LeftButton)
    # After: the same ratings again, then saved.
    after = flow.confidence
    assert after is not None and after.when == "after"
    assert after.ratings() == {sc.learning_objectives[0]: 2}  # the starting point is shown
    qtbot.mouseClick(after.groups[sc.learning_objectives[0]].button(4), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.finished) as done:
        qtbot.mouseClick(after.continue_button, Qt.MouseButton.LeftButton)
    entry = done.args[0]
    journal = JournalService(paths, session.current.unlocked)
    stored = journal.get(entry.id)
    journal.close()
    assert stored.status == "final"
    assert stored.payload["answers"] == expected
    assert stored.payload["role"] == role
    assert stored.payload["tags"] == ["stress", "team"]
    assert stored.payload["markers"] == [{"at": 12.0, "note": "looks away"}]
    assert stored.payload["confidence_before"] == {sc.learning_objectives[0]: 2}
    assert stored.payload["confidence_after"] == {sc.learning_objectives[0]: 4}
    assert stored.payload["knowledge"]  # the scenario's knowledge check was answered
    assert flow.stack.currentWidget() is flow.done_page


def test_wellbeing_after_a_warned_scenario_only(qtbot, paths, profiles, session):
    flow = open_flow(qtbot, paths, session, make_profile(profiles, "ward-nurse"))

    def finish(sc):
        flow.reflect(sc)
        qtbot.keyClicks(flow.form.widgets["core.stood-out"].edit, "quiet")
        qtbot.mouseClick(flow.form.final_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(flow.finished) as done:
            qtbot.mouseClick(flow.confidence.skip_button, Qt.MouseButton.LeftButton)
        return done.args[0]

    finish(wellbeing_scenario(warned=False))
    assert flow.wellbeing is None
    assert flow.focusWidget() is flow.done_button  # Enter or Space goes back to the library

    entry = finish(wellbeing_scenario(warned=True))
    dialog = flow.wellbeing
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    # A ward nurse is shown the list for health staff, and told which list it is.
    assert "Samaritans" in dialog.support.text()
    assert "Professional Nurse Advocate" in dialog.support.text()
    assert "Education Support" not in dialog.support.text()
    assert dialog.support_name.text()
    assert flow.stack.currentWidget() is flow.done_page  # nothing waits on it
    dialog.group.button(1).click()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert flow.wellbeing is None
    journal = JournalService(paths, session.current.unlocked)
    saved = journal.get(entry.id)
    assert saved.payload["wellbeing"] == {"feeling": "A bit unsettled"}
    assert saved.revision_count == 0  # the check-in completes the entry; it is not an edit
    journal.close()


def test_wellbeing_can_be_skipped(qtbot, paths, profiles, session):
    flow = open_flow(qtbot, paths, session, make_profile(profiles, "teacher"))
    flow.reflect(wellbeing_scenario(learning_objectives=()))
    qtbot.keyClicks(flow.form.widgets["core.stood-out"].edit, "quiet")
    with qtbot.waitSignal(flow.finished) as done:
        qtbot.mouseClick(flow.form.final_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.wellbeing.skip_button, Qt.MouseButton.LeftButton)
    journal = JournalService(paths, session.current.unlocked)
    assert "wellbeing" not in journal.get(done.args[0].id).payload
    journal.close()


@pytest.mark.parametrize("text", ["I sat with Mrs Jane Smith.", "Her son rang from 07700 900123."])
def test_identifier_check_offers_edit_or_keep(qtbot, paths, profiles, session, text):
    flow = open_flow(qtbot, paths, session, make_profile(profiles, "ward-nurse"))
    flow.reflect(wellbeing_scenario(learning_objectives=(), content_warnings=()))
    edit = flow.form.widgets["core.stood-out"].edit
    qtbot.keyClicks(edit, text)
    qtbot.mouseClick(flow.form.final_button, Qt.MouseButton.LeftButton)
    prompt = flow.identifier_prompt
    assert prompt is not None and prompt.isVisible()
    assert (
        "Journals should not name patients or pupils" in prompt.findChild(type(prompt.body)).text()
    )
    # Edit: back to the form with the finding selected; nothing saved.
    qtbot.mouseClick(prompt.edit_button, Qt.MouseButton.LeftButton)
    assert flow.last_entry is None and flow.form is not None
    assert edit.textCursor().selectedText() in text and edit.textCursor().hasSelection()
    # Keep: saved as written.
    qtbot.mouseClick(flow.form.final_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.finished) as done:
        qtbot.mouseClick(flow.identifier_prompt.keep_button, Qt.MouseButton.LeftButton)
    assert done.args[0].payload["answers"]["core.stood-out"] == text


def test_no_identifier_check_for_ordinary_text(qtbot, paths, profiles, session):
    flow = open_flow(qtbot, paths, session, make_profile(profiles, "ward-nurse"))
    flow.reflect(wellbeing_scenario(learning_objectives=(), content_warnings=()))
    qtbot.keyClicks(
        flow.form.widgets["core.stood-out"].edit, "The patient in bed 4 was tired at 14:30."
    )
    with qtbot.waitSignal(flow.finished):
        qtbot.mouseClick(flow.form.final_button, Qt.MouseButton.LeftButton)
    assert flow.identifier_prompt is None


def test_free_reflection_needs_a_title_and_uses_the_same_form(qtbot, paths, profiles, session):
    flow = open_flow(qtbot, paths, session, make_profile(profiles, "teacher"))
    flow.open_free_reflection()
    form = flow.form
    assert form.title_edit.isVisible() and not hasattr(form, "marker_list")
    qtbot.keyClicks(form.widgets[next(iter(form.widgets))].edit, "A parent was upset")
    qtbot.mouseClick(form.draft_button, Qt.MouseButton.LeftButton)
    assert "title" in form.status.text() and flow.last_entry is None
    qtbot.keyClicks(form.title_edit, "Parents' evening")
    qtbot.mouseClick(form.draft_button, Qt.MouseButton.LeftButton)
    assert flow.last_entry is not None and flow.last_entry.status == "draft"
    assert flow.last_entry.payload["kind"] == "free"
    assert flow.last_entry.payload["title"] == "Parents' evening"


def test_autosave_seals_a_draft_within_3_seconds(qtbot, paths, profiles, session):
    flow = open_flow(qtbot, paths, session, make_profile(profiles, "ward-nurse"))
    flow.reflect(wellbeing_scenario())
    secret = "zebra-marker-autosave-7731"
    qtbot.keyClicks(flow.form.widgets["core.stood-out"].edit, secret)
    qtbot.waitUntil(lambda: flow.autosaver.saves >= 1, timeout=3000)
    assert "Draft kept" in flow.form.status.text()
    drafts = flow.service.pending_drafts_by_key()
    assert drafts[flow.reflection.key]["answers"]["core.stood-out"] == secret
    assert secret.encode() not in raw_bytes(paths)


def test_changing_model_keeps_shared_answers(qtbot, paths, profiles, session):
    flow = open_flow(qtbot, paths, session, make_profile(profiles, "ward-nurse"))
    flow.reflect(wellbeing_scenario())
    qtbot.keyClicks(flow.form.widgets["core.stood-out"].edit, "kept")
    picker = flow.form.model_picker
    picker.setCurrentIndex(picker.findData("gibbs"))
    picker.activated.emit(picker.currentIndex())
    assert flow.reflection.model_id == "gibbs"
    assert any(q.startswith("gibbs.") for q in flow.form.widgets)
    assert not any(q.startswith("nmc.") for q in flow.form.widgets)
    assert flow.form.answers(include_empty=False)["core.stood-out"] == "kept"


def test_lock_clears_the_form_and_the_draft_comes_back(qtbot, paths, profiles, session):
    unlock = make_profile(profiles, "ward-nurse")
    flow = open_flow(qtbot, paths, session, unlock)
    flow.reflect(wellbeing_scenario())
    edit = flow.form.widgets["core.stood-out"].edit
    # Locked the moment typing stops: autosave has not had its pause, the words still count.
    qtbot.keyClicks(edit, "before the lock")
    session.lock()
    assert flow.form is None and flow.reflection is None
    assert edit.toPlainText() == "" and not edit.document().isUndoAvailable()
    session.set_unlocked(unlock())
    # The draft is in the journal (listed there), not a second copy waiting to be offered.
    drafts = [e for e in session.current.journal.list_entries() if e.status == "draft"]
    assert len(drafts) == 1 and flow.draft_offer is None
    # Opening the same scenario carries on with it.
    flow.reflect(wellbeing_scenario())
    assert flow.form.widgets["core.stood-out"].value() == "before the lock"


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from app.config import Paths
    from app.models.content import Scenario
    from app.services.profiles import ProfileService
    from app.ui.reflection.flow import ReflectionFlow
    from app.ui.shared.session_state import SessionState

    app = QApplication([])
    paths = Paths.resolve(sys.argv[1])
    profiles = ProfileService(paths)
    info = profiles.list_profiles()[0]
    session = SessionState()
    session.set_unlocked(profiles.unlock(info.id, sys.argv[2]))
    flow = ReflectionFlow(paths, session)
    flow.show()
    sc = Scenario(id="staff-wellbeing", title="After a hard shift", summary="",
                  video=Path("/nowhere.mp4"), duration_seconds=60.0, captions=None,
                  roles=("ward-nurse",), topics=("staff-wellbeing",), setting="", level="",
                  learning_objectives=("Know where support is",))
    flow.reflect(sc, [{"at": 3.0, "note": "a pause"}])
    edit = flow.form.widgets["core.stood-out"].edit
    QTest.keyClicks(edit, sys.argv[3])
    more = iter(" and then more typing that may or may not be kept" * 20)

    def saved():
        print("SAVED", flush=True)
        flow.autosaver.saved.disconnect(saved)
        timer.start(20)  # keep typing until killed

    timer = QTimer()
    timer.timeout.connect(lambda: QTest.keyClicks(edit, next(more)))
    flow.autosaver.saved.connect(saved)
    app.exec()
    """
)


@pytest.mark.slow
def test_draft_survives_a_kill_mid_typing(qtbot, paths, profiles, session):
    unlock = make_profile(profiles, "ward-nurse")
    typed = "Draft that must survive SIGKILL 42"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(paths.data_dir), PASS, typed],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        line = child.stdout.readline()
        if line.strip() == "SAVED":
            child.send_signal(signal.SIGKILL)
    finally:
        if child.poll() is None and line.strip() != "SAVED":
            child.kill()
        _out, err = child.communicate(timeout=30)  # also closes the pipes
    assert line.strip() == "SAVED", err
    assert child.returncode == -signal.SIGKILL
    assert typed.encode() not in raw_bytes(paths)
    # A fresh unlock offers the draft back, complete.
    flow = open_flow(qtbot, paths, session, unlock)
    assert flow.draft_offer is None  # offered on unlock events, not at construction
    session.lock()
    session.set_unlocked(unlock())
    offer = flow.draft_offer
    assert offer is not None and offer.isVisible()
    qtbot.mouseClick(offer.restore_button, Qt.MouseButton.LeftButton)
    restored = flow.form.widgets["core.stood-out"].value()
    assert restored.startswith(typed)
    assert flow.reflection.markers == [{"at": 3.0, "note": "a pause"}]
    assert flow.reflection.scenario_id == "staff-wellbeing"


def test_autosave_comes_within_3_seconds_even_without_a_pause(qtbot, paths, profiles, session):
    flow = open_flow(qtbot, paths, session, make_profile(profiles, "teacher"))
    flow.reflect(wellbeing_scenario())
    edit = flow.form.widgets["core.stood-out"].edit
    typing = QTimer()
    typing.setInterval(200)  # faster than the pause autosave waits for
    typing.timeout.connect(lambda: qtbot.keyClicks(edit, "a"))
    qtbot.keyClicks(edit, "start ")
    typing.start()
    try:
        qtbot.waitUntil(lambda: flow.autosaver.saves >= 1, timeout=3000)
    finally:
        typing.stop()
    assert flow.service.pending_drafts_by_key()[flow.reflection.key]["answers"]


def test_wellbeing_check_in_quotes_content_notes_as_sentences(qtbot):
    from PySide6.QtWidgets import QLabel

    from app.ui.reflection.wellbeing_dialog import WellbeingDialog

    notes = ["Mentions the death of a patient.", "Raised voices"]
    dialog = WellbeingDialog(
        notes, SupportList("Ward 7's support list", ("Peer support",), "organisation", "health")
    )
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "content note said: Mentions the death of a patient. Raised voices. It is" in texts
    assert ".." not in texts
