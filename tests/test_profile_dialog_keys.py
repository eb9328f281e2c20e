"""The new-profile and forgotten-passphrase dialogs driven only by the keyboard, as a person
meets them: the cursor starts in the first field, Tab follows the visual order, a space in a
passphrase never lands on Cancel, and closing a filled form asks first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.ui.profiles.profile_dialogs import CreateProfileDialog, RecoverDialog

PASS = "amber lantern quietly folds"


@pytest.fixture
def service(paths, fast_kdf):
    from app.services.profiles import ProfileService

    return ProfileService(paths)


def _open(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    # The keyboard is in the dialog, not in a window an earlier test left behind.
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def _type(qtbot, text: str) -> None:
    """Type into whatever has the keyboard focus, one key at a time, like a person."""
    for ch in text:
        focus = QApplication.focusWidget()
        assert focus is not None
        if ch == "\t":
            qtbot.keyClick(focus, Qt.Key.Key_Tab)
        elif ch == " ":
            qtbot.keyClick(focus, Qt.Key.Key_Space)  # on a button, Space presses it
        else:
            qtbot.keyClicks(focus, ch)


def _tab_chain(dialog, start, count):
    order = [start]
    widget = start
    for _ in range(count):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        order.append(widget)
    return order


def test_new_profile_typed_from_the_keyboard_lands_in_the_right_fields(qtbot, service):
    dialog = _open(qtbot, CreateProfileDialog(service))
    assert QApplication.focusWidget() is dialog.name

    # Name, Tab past the role and the place, then a passphrase of several words, twice.
    _type(qtbot, "Priya Nair\t\t\t" + PASS + "\t" + PASS)
    assert dialog.isVisible(), "a space in the passphrase closed the dialog"
    assert dialog.name.text() == "Priya Nair"
    assert dialog.passphrase.first.text() == PASS
    assert dialog.passphrase.second.text() == PASS

    chain = _tab_chain(dialog, dialog.name, 5)
    assert chain[:5] == [
        dialog.name,
        dialog.role,
        dialog.setting,
        dialog.passphrase.first,
        dialog.passphrase.second,
    ]
    # The buttons come last, after every field.
    assert chain[5] in (dialog.create_button, dialog.cancel_button)


def test_forgotten_passphrase_tabs_from_code_to_new_passphrase(qtbot, service):
    info, _code = service.create("Robin Ash", "ward-nurse", "", PASS)
    dialog = _open(qtbot, RecoverDialog(service, info))
    assert QApplication.focusWidget() is dialog.code
    _type(qtbot, "abcd efgh\tcopper kettle hums at dawn\tcopper kettle hums at dawn")
    assert dialog.isVisible()
    assert dialog.code.text() == "abcd efgh"
    assert dialog.new.first.text() == dialog.new.second.text() == "copper kettle hums at dawn"


def test_space_or_enter_in_a_text_field_never_cancels(qtbot, service):
    dialog = _open(qtbot, CreateProfileDialog(service))
    qtbot.keyClicks(dialog.name, "Sam")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Space)
    assert dialog.isVisible()
    # Enter in a field submits (and says what is missing), it never cancels.
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "passphrase" in dialog.message.text().lower()


def test_closing_a_filled_form_asks_first(qtbot, service, monkeypatch):
    asked = []

    def answer(choice):
        def question(*args, **kwargs):
            asked.append(args[2] if len(args) > 2 else "")
            return choice

        return question

    dialog = _open(qtbot, CreateProfileDialog(service))
    qtbot.keyClicks(dialog.name, "Priya Nair")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    assert dialog.name.text() == "Priya Nair"

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_closing_an_empty_form_does_not_ask(qtbot, service, monkeypatch):
    def never(*_a, **_k):
        raise AssertionError("asked about an empty form")

    monkeypatch.setattr(QMessageBox, "question", never)
    dialog = _open(qtbot, CreateProfileDialog(service))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_passphrase_advice_resets_when_the_field_is_emptied(qtbot, service):
    dialog = _open(qtbot, CreateProfileDialog(service))
    qtbot.keyClicks(dialog.passphrase.first, PASS)
    qtbot.waitUntil(lambda: "good passphrase" in dialog.passphrase.feedback.text())
    dialog.passphrase.first.selectAll()
    qtbot.keyClick(dialog.passphrase.first, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: "good passphrase" not in dialog.passphrase.feedback.text())


def _to_code_page(qtbot, dialog):
    qtbot.keyClicks(dialog.name, "Sam Patel")
    qtbot.keyClicks(dialog.passphrase.first, PASS)
    qtbot.keyClicks(dialog.passphrase.second, PASS)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10000)
    return dialog.code_panel


def test_recovery_code_prints_through_the_print_dialog_and_leaves_no_file(
    qtbot, service, tmp_path, monkeypatch
):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    dialog = _open(qtbot, CreateProfileDialog(service))
    panel = _to_code_page(qtbot, dialog)
    code = panel.code
    paper = tmp_path / "printer-spool" / "page.pdf"
    paper.parent.mkdir()
    asked = []

    def choose_printer(self):
        # The person picks a printer; here the "printer" writes its page where we can read it.
        asked.append(self.windowTitle())
        self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer().setOutputFileName(str(paper))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_printer)
    home_before = set((tmp_path).iterdir())
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    assert asked == ["Print your recovery code"]
    text = " ".join(p.extract_text() for p in PdfReader(paper).pages)
    assert code in text.replace("\n", " ")
    assert "Sent to the printer" in panel.message.text()
    assert set(tmp_path.iterdir()) == home_before  # no PDF left lying about


def test_saving_the_recovery_code_warns_that_the_file_opens_the_journal(
    qtbot, service, tmp_path, monkeypatch
):
    dialog = _open(qtbot, CreateProfileDialog(service))
    panel = _to_code_page(qtbot, dialog)
    seen = {}

    def save_as(parent, title, suggested, filters):
        seen["title"], seen["suggested"] = title, suggested
        return str(tmp_path / "stick" / "code.pdf"), filters

    (tmp_path / "stick").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(panel.save_pdf, Qt.MouseButton.LeftButton)
    assert "open your journal" in seen["title"]
    assert "/" not in seen["suggested"]  # no shared folder chosen for the person
    assert "can open your journal" in panel.message.text()
    assert (tmp_path / "stick" / "code.pdf").exists()


def test_a_lock_closes_a_filled_change_passphrase_dialog_without_asking(
    qtbot, service, monkeypatch
):
    from app.ui.profiles.profile_bar import ProfileBar
    from app.ui.shared.session_state import SessionState

    def never(*_a, **_k):
        raise AssertionError("asked while locking")

    info, _ = service.create("Robin Ash", "ward-nurse", "", PASS)
    session = SessionState()
    bar = ProfileBar(service, session)
    qtbot.addWidget(bar)
    session.set_unlocked(service.unlock(info.id, PASS))
    dialog = bar.open_change_passphrase()
    qtbot.keyClicks(dialog.current, PASS)
    monkeypatch.setattr(QMessageBox, "question", never)
    session.lock()
    assert not dialog.isVisible()
