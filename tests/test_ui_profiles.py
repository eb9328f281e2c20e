"""Profile screens driven like a person would: typing into real widgets over real services."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QTextEdit, QVBoxLayout, QWidget

from app.ui.profiles.profile_bar import ProfileBar
from app.ui.profiles.profile_dialogs import (
    ChangePassphraseDialog,
    CreateProfileDialog,
    DeleteProfileDialog,
    PreferencesDialog,
    RecoverDialog,
)
from app.ui.profiles.unlock_view import UnlockView
from app.ui.shared.session_state import SessionState

PASS = "amber lantern quietly folds"
NEW_PASS = "copper kettle hums at dawn"


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def service(paths, fast_kdf, clock):
    from app.services.profiles import ProfileService

    return ProfileService(paths, clock=clock)


@pytest.fixture
def session(qtbot):
    state = SessionState()
    yield state
    state.lock()


@pytest.fixture
def robin(service):
    info, code = service.create("Robin Ash", "ward-nurse", "Ward 7", PASS)
    return info, code


def _fill_create(qtbot, dialog, name, passphrase, again=None):
    qtbot.keyClicks(dialog.name, name)
    dialog.role.setCurrentIndex(dialog.role.findData("teacher"))
    qtbot.keyClicks(dialog.setting, "Hill Primary")
    qtbot.keyClicks(dialog.passphrase.first, passphrase)
    qtbot.keyClicks(dialog.passphrase.second, passphrase if again is None else again)


# -- create -------------------------------------------------------------------------------------


def test_create_profile_by_typing_then_keep_the_recovery_code(
    qtbot, service, tmp_path, monkeypatch
):
    dialog = CreateProfileDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_create(qtbot, dialog, "Sam Patel", PASS)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10000)

    panel = dialog.code_panel
    code = panel.code
    assert code and panel.code_label.text() == code
    profiles = service.list_profiles()
    assert [(p.name, p.role) for p in profiles] == [("Sam Patel", "teacher")]
    assert dialog.passphrase.first.text() == ""  # no copy left lying in the first page

    # "Print / save as PDF": the file dialog is the edge we stand in for.
    target = tmp_path / "my code"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)")
    )
    qtbot.mouseClick(panel.save_pdf, Qt.MouseButton.LeftButton)
    pdf = target.with_suffix(".pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert code in text and "Sam Patel" in text
    assert pdf.stat().st_mode & 0o077 == 0

    # The code really resets the passphrase.
    service.recover(profiles[0].id, code, NEW_PASS)
    service.unlock(profiles[0].id, NEW_PASS).lock()

    with qtbot.waitSignal(dialog.created) as created:
        panel.kept.click()
        qtbot.mouseClick(panel.finish_button, Qt.MouseButton.LeftButton)
    assert created.args[0].name == "Sam Patel"
    assert panel.code is None and panel.code_label.text() == ""


def test_weak_or_mismatched_passphrase_is_refused_with_feedback(qtbot, service):
    dialog = CreateProfileDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_create(qtbot, dialog, "Sam Patel", "password1")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.message.isVisible()
    assert "at least 10 characters" in dialog.message.text()
    # The live advice says the same while typing, without pressing anything.
    qtbot.waitUntil(lambda: "at least 10" in dialog.passphrase.feedback.text())

    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase.first, "password123456")
    qtbot.keyClicks(dialog.passphrase.second, "password123456")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "easy to guess" in dialog.message.text()

    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase.first, PASS)
    qtbot.keyClicks(dialog.passphrase.second, PASS + "s")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "not the same" in dialog.message.text()
    qtbot.waitUntil(lambda: dialog.passphrase.meter.value() == 4)

    assert dialog.pages.currentIndex() == 0
    assert service.list_profiles() == []


def test_recovery_code_page_cannot_be_left_without_the_confirmation(qtbot, service):
    dialog = CreateProfileDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_create(qtbot, dialog, "Sam Patel", PASS)
    qtbot.keyClick(dialog.passphrase.second, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10000)
    panel = dialog.code_panel
    assert not panel.finish_button.isEnabled()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()
    assert "tick the box" in panel.message.text()

    qtbot.keyClick(panel.kept, Qt.Key.Key_Space)
    assert panel.finish_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(panel.finish_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


# -- unlock --------------------------------------------------------------------------------------


def test_unlock_view_lists_profiles_and_unlocks_with_the_right_passphrase(
    qtbot, service, session, robin
):
    service.create("Alex Kim", "teacher", "", PASS)
    view = UnlockView(service, session)
    qtbot.addWidget(view)
    view.show()
    labels = [view.profiles.item(i).text() for i in range(view.profiles.count())]
    assert labels[0].startswith("Alex Kim") and "Teacher" in labels[0]
    assert labels[1].startswith("Robin Ash") and "Ward nurse" in labels[1]

    view.profiles.setFocus()
    qtbot.keyClick(view.profiles, Qt.Key.Key_Down)  # keyboard reaches every profile
    assert view.selected_id() == robin[0].id
    qtbot.keyClicks(view.passphrase, PASS)
    with qtbot.waitSignal(session.unlocked, timeout=10000) as got:
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    assert got.args[0].profile.name == "Robin Ash"
    assert session.current is got.args[0]
    assert view.passphrase.text() == ""


def test_wrong_passphrase_is_kind_and_the_pause_grows(qtbot, service, session, robin, clock):
    view = UnlockView(service, session, tick_ms=5, clock=clock)
    qtbot.addWidget(view)
    view.show()

    def attempt(text):
        qtbot.keyClicks(view.passphrase, text)
        with qtbot.waitSignal(view._task.failed, timeout=10000):
            qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)

    attempt("not it at all")
    assert "did not open" in view.message.text()
    assert "Caps Lock" in view.message.text()
    assert view.wait_seconds_left == 0 and view.unlock_button.isEnabled()

    attempt("still not it")
    assert view.wait_seconds_left == 0

    attempt("third time")
    assert view.wait_seconds_left == 2
    assert not view.unlock_button.isEnabled()
    assert view.unlock_button.text() == "Try again in 2 s"
    assert "wait 2 seconds" in view.message.text()
    for _ in range(10):  # ticks alone never end the pause: only the clock moving does
        view._tick()
    assert view.wait_seconds_left == 2 and not view.unlock_button.isEnabled()
    clock.now += 1.5
    qtbot.waitUntil(lambda: view.unlock_button.text() == "Try again in 1 s")
    assert not view.unlock_button.isEnabled()
    clock.now += 0.5  # the service's clock, which the countdown reads on each short tick
    qtbot.waitUntil(view.unlock_button.isEnabled)
    assert view.unlock_button.text() == "&Unlock"

    attempt("fourth")
    assert view.wait_seconds_left == 4
    clock.now += 4
    qtbot.waitUntil(view.unlock_button.isEnabled)
    attempt("fifth")
    assert view.wait_seconds_left == 8
    assert session.current is None


def test_unlock_with_a_recovered_passphrase_from_the_forgot_dialog(qtbot, service, session, robin):
    info, code = robin
    view = UnlockView(service, session)
    qtbot.addWidget(view)
    view.show()
    dialog = view.open_recover()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code, "wrong-code-00000")
    qtbot.keyClicks(dialog.new.first, NEW_PASS)
    qtbot.keyClicks(dialog.new.second, NEW_PASS)
    with qtbot.waitSignal(dialog._task.failed, timeout=10000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "did not open" in dialog.message.text()

    dialog.code.clear()
    qtbot.keyClicks(dialog.code, code.lower())
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10000)
    next_code = dialog.code_panel.code
    assert next_code and next_code != code
    dialog.reject()
    assert dialog.isVisible()  # the new code must be kept first
    dialog.code_panel.kept.click()
    with qtbot.waitSignal(dialog.recovered):
        dialog.code_panel.finish_button.click()

    qtbot.keyClicks(view.passphrase, NEW_PASS)
    with qtbot.waitSignal(session.unlocked, timeout=10000):
        view.submit()


def test_create_from_the_unlock_view_opens_the_new_profile(qtbot, service, session):
    view = UnlockView(service, session)
    qtbot.addWidget(view)
    view.show()
    # First start: a welcome and "Create your profile", nothing to unlock yet.
    assert "Welcome" in view.title.text() and not view.unlock_button.isVisible()
    dialog = view.open_create()
    _fill_create(qtbot, dialog, "Jo Lee", PASS)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10000)
    dialog.code_panel.kept.click()
    dialog.code_panel.finish_button.click()
    assert view.profiles.currentItem().text().startswith("Jo Lee")
    # Open at once: no third typing of the passphrase just chosen.
    assert session.current is not None and session.current.profile.name == "Jo Lee"


def test_create_without_the_apps_session_leaves_the_profile_locked(qtbot, service):
    view = UnlockView(service, None, offer_demo=False)
    qtbot.addWidget(view)
    view.show()
    dialog = view.open_create()
    _fill_create(qtbot, dialog, "Jo Lee", PASS)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10000)
    dialog.code_panel.kept.click()
    dialog.code_panel.finish_button.click()
    assert "ready" in view.message.text()


# -- the bar: lock, shortcut, menus ------------------------------------------------------------


class JournalishView(QWidget):
    """Stands in for any view showing decrypted text: it clears itself when locked."""

    def __init__(self, session):
        super().__init__()
        self.title = QLineEdit()
        self.body = QTextEdit()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        session.clear_on_lock(self.title, self.body)


@pytest.fixture
def window(qtbot, service, session):
    win = QWidget()
    bar = ProfileBar(service, session)
    view = JournalishView(session)
    layout = QVBoxLayout(win)
    layout.addWidget(bar)
    layout.addWidget(view)
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.show()
    qtbot.waitExposed(win)
    win.bar, win.view = bar, view
    return win


def test_lock_button_and_ctrl_l_lock_and_clear_views(qtbot, window, service, session, robin):
    bar, view = window.bar, window.view
    assert bar.unlock_button.isVisible() and not bar.lock_button.isVisible()
    session.set_unlocked(service.unlock(robin[0].id, PASS))
    assert "Robin Ash" in bar.who.text() and bar.lock_button.isVisible()

    qtbot.keyClicks(view.title, "Night shift")
    qtbot.keyClicks(view.body, "I noticed the silence before the shouting.")
    with qtbot.waitSignal(session.locked):
        qtbot.mouseClick(bar.lock_button, Qt.MouseButton.LeftButton)
    assert view.title.text() == "" and view.body.toPlainText() == ""
    assert not view.body.document().isUndoAvailable() and not view.title.isUndoAvailable()
    assert "Locked" in bar.who.text() and bar.unlock_button.isVisible()

    session.set_unlocked(service.unlock(robin[0].id, PASS))
    qtbot.keyClicks(view.body, "second thoughts")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.body.setFocus()
    with qtbot.waitSignal(session.locked):
        qtbot.keyClick(view.body, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert view.body.toPlainText() == "" and session.current is None


def test_unlock_button_and_switch_profile_ask_for_the_unlock_view(
    qtbot, window, service, session, robin
):
    bar = window.bar
    with qtbot.waitSignal(bar.unlock_requested):
        bar.unlock_button.click()
    session.set_unlocked(service.unlock(robin[0].id, PASS))
    with qtbot.waitSignal(bar.unlock_requested):
        bar.switch_action.trigger()
    assert session.current is None


def test_change_passphrase_then_unlock_with_the_new_one(qtbot, window, service, session, robin):
    info = robin[0]
    session.set_unlocked(service.unlock(info.id, PASS))
    dialog = window.bar.open_change_passphrase()
    assert isinstance(dialog, ChangePassphraseDialog)
    qtbot.keyClicks(dialog.current, "not my passphrase")
    qtbot.keyClicks(dialog.new.first, NEW_PASS)
    qtbot.keyClicks(dialog.new.second, NEW_PASS)
    with qtbot.waitSignal(dialog._task.failed, timeout=10000):
        dialog.ok.click()
    assert "did not open" in dialog.message.text()
    assert dialog.current.text() == ""

    qtbot.keyClicks(dialog.current, PASS)
    with qtbot.waitSignal(dialog.changed, timeout=10000):
        dialog.ok.click()
    session.lock()

    view = UnlockView(service, session)
    qtbot.addWidget(view)
    qtbot.keyClicks(view.passphrase, PASS)
    with qtbot.waitSignal(view._task.failed, timeout=10000):
        view.submit()
    qtbot.keyClicks(view.passphrase, NEW_PASS)
    with qtbot.waitSignal(session.unlocked, timeout=10000):
        view.submit()


def test_delete_needs_the_name_typed_exactly(qtbot, window, service, session, robin):
    info = robin[0]
    service.create("Alex Kim", "teacher", "", PASS)
    session.set_unlocked(service.unlock(info.id, PASS))
    dialog = window.bar.open_delete()
    assert isinstance(dialog, DeleteProfileDialog)
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, "Robin")
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, " Ash")
    assert dialog.delete_button.isEnabled()
    with qtbot.waitSignal(window.bar.profile_deleted) as gone:
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert gone.args == [info.id]
    assert session.current is None
    assert [p.name for p in service.list_profiles()] == ["Alex Kim"]


def test_idle_lock_closes_an_open_delete_dialog(qtbot, window, service, session, robin):
    session.set_unlocked(service.unlock(robin[0].id, PASS))
    dialog = window.bar.open_delete()
    session.lock()
    assert not dialog.isVisible()
    assert [p.name for p in service.list_profiles()] == ["Robin Ash"]


def test_preferences_change_idle_minutes_and_model(qtbot, window, service, session, robin):
    info = robin[0]
    session.set_unlocked(service.unlock(info.id, PASS))
    dialog = window.bar.open_preferences()
    assert isinstance(dialog, PreferencesDialog)
    assert dialog.idle.value() == 5
    dialog.idle.setValue(12)
    dialog.model.setCurrentIndex(dialog.model.findData("gibbs"))
    with qtbot.waitSignal(dialog.saved):
        dialog.submit()
    assert session.idle_seconds == 12 * 60
    session.lock()
    again = service.unlock(info.id, PASS)
    assert (again.profile.idle_lock_minutes, again.profile.default_model) == (12, "gibbs")
    again.lock()


def test_recover_dialog_is_reachable_without_unlocking(qtbot, service, robin):
    dialog = RecoverDialog(service, robin[0])
    qtbot.addWidget(dialog)
    dialog.submit()
    assert "recovery code first" in dialog.message.text()


def test_unlock_runs_off_the_gui_thread_with_a_busy_indicator(qtbot, paths, fast_kdf, session):
    import threading

    from app.services.profiles import ProfileService

    release = threading.Event()
    seen = {}

    class SlowService(ProfileService):
        def unlock(self, profile_id, passphrase):
            seen["thread"] = threading.current_thread()
            release.wait(10)  # holds the worker until the test has looked at the screen
            return super().unlock(profile_id, passphrase)

    service = SlowService(paths)
    service.create("Robin Ash", "ward-nurse", "", PASS)
    view = UnlockView(service, session)
    qtbot.addWidget(view)
    view.show()
    qtbot.keyClicks(view.passphrase, PASS)
    view.submit()
    qtbot.waitUntil(lambda: "thread" in seen)
    assert seen["thread"] is not threading.main_thread()
    assert view.busy.isVisible()
    assert not view.unlock_button.isEnabled() and not view.passphrase.isEnabled()
    with qtbot.waitSignal(session.unlocked, timeout=10000):
        release.set()
    assert not view.busy.isVisible()


def test_preferences_offer_the_models_from_the_prompt_packs_or_a_fallback(paths, tmp_path):
    from dataclasses import replace

    from app.ui.profiles.profile_bar import reflection_models
    from app.ui.profiles.profile_dialogs import FALLBACK_MODELS

    bundled = reflection_models(paths)
    assert {"gibbs", "driscoll", "nmc"} <= {model_id for model_id, _ in bundled}
    no_packs = replace(paths, resources=tmp_path / "empty")
    assert reflection_models(no_packs) == list(FALLBACK_MODELS)


def test_gate_shows_the_unlock_view_until_unlocked_and_again_after_lock(
    qtbot, service, session, robin
):
    from app.ui.profiles.unlock_view import UnlockGate

    journal = QTextEdit()
    gate = UnlockGate(journal, service, session)
    qtbot.addWidget(gate)
    gate.show()
    assert gate.currentWidget() is gate.unlock_view
    qtbot.keyClicks(gate.unlock_view.passphrase, PASS)
    with qtbot.waitSignal(session.unlocked, timeout=10000):
        gate.unlock_view.submit()
    assert gate.currentWidget() is journal
    session.lock()
    assert gate.currentWidget() is gate.unlock_view


def test_recovery_sheet_keeps_any_script_and_the_whole_code_on_one_line(tmp_path):
    from app.services.recovery_sheet import write_recovery_sheet

    code = "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567"
    pdf = write_recovery_sheet(tmp_path / "sheet.pdf", "Zoë Ōkubo <ward 7> & Ελένη", code)
    text = PdfReader(pdf).pages[0].extract_text()
    assert code in text.splitlines()
    assert "Zoë Ōkubo <ward 7> & Ελένη" in text


def test_new_profile_dialog_opens_tall_enough_for_its_wrapped_help(qtbot, service):
    from PySide6.QtWidgets import QLabel

    from app.ui.profiles.profile_dialogs import CreateProfileDialog

    dialog = CreateProfileDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for label in dialog.findChildren(QLabel):
        if label.wordWrap() and label.isVisible() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
