"""The export dialog with a real journal: choices, preview, export off the GUI thread."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
import shiboken6
from PySide6.QtCore import Qt

from app.ui.journal.export_dialog import ExportDialog
from app.ui.shared import tasks as tasks_module
from app.ui.shared.session_state import SessionState
from tests.test_export import SCENARIOS, add, make_profile

SEEN = "The patient kept the curtains drawn: dialogwordseen."
OTHER = "A second reflection entirely: dialogwordother."
KEPT = "This stays mine: dialogwordkept."


@pytest.fixture
def session(paths, fast_kdf):
    """The app's session holder with a real profile unlocked (one journal, as in the app)."""
    state = SessionState(scenarios=lambda: SCENARIOS)
    state.set_unlocked(make_profile(paths))
    yield state
    state.lock()


@pytest.fixture
def dialog(qtbot, paths, session):
    journal = session.current.journal
    first = add(
        paths,
        journal,
        {"core-free.what-happened": SEEN, "core-free.stood-out": KEPT},
        title="First",
        scenario=False,
    )
    second = add(paths, journal, {"core-free.what-happened": OTHER}, title="Second", scenario=False)
    d = ExportDialog(session, [first.id, second.id])
    qtbot.addWidget(d)
    d.show()
    d.ids = (first.id, second.id)
    return d


def _tick(widget, item_id, on):
    for row in range(widget.count()):
        item = widget.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == item_id:
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            return
    raise AssertionError(f"{item_id} not listed")


def _text(path, password=None):
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    if password:
        reader.decrypt(password)
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_export_runs_off_the_gui_thread_and_honours_the_choices(
    qtbot, dialog, tmp_path, monkeypatch
):
    out = tmp_path / "for-supervision.pdf"
    monkeypatch.setattr(
        "app.ui.shared.dialogs.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), "PDF (*.pdf)"),
    )
    _tick(dialog.entry_list, dialog.ids[1], False)
    _tick(dialog.private_list, "core-free.stood-out", True)
    qtbot.keyClicks(dialog.supervisor_edit, "Dr Jo Ellis")
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as saved:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.busy  # the window keeps running while the worker lays out pages
    assert saved.args == [out]
    text = _text(out)
    assert "dialogwordseen" in text
    assert "dialogwordother" not in text  # unticked
    assert "dialogwordkept" not in text and "Kept private by the author." in text
    assert "Dr Jo Ellis" in text
    assert dialog.open_folder_button.isVisible()
    assert str(out) in dialog.status.text()


def test_password_needs_both_fields_to_match(qtbot, dialog, tmp_path, monkeypatch):
    out = tmp_path / "locked.pdf"
    monkeypatch.setattr(
        "app.ui.shared.dialogs.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), "PDF (*.pdf)"),
    )
    dialog.password_check.setChecked(True)
    qtbot.keyClicks(dialog.password_edit, "sea glass")
    qtbot.keyClicks(dialog.password_again, "sea grass")
    assert not dialog.choose_and_export()
    assert "not the same" in dialog.status.text() and not out.exists()
    dialog.password_again.clear()
    qtbot.keyClicks(dialog.password_again, "sea glass")
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        assert dialog.choose_and_export()
    assert pypdf.PdfReader(io.BytesIO(out.read_bytes())).is_encrypted
    assert "dialogwordseen" in _text(out, "sea glass")


def test_no_reflection_chosen_says_what_to_do(dialog):
    for entry_id in dialog.ids:
        _tick(dialog.entry_list, entry_id, False)
    assert not dialog.export_button.isEnabled()
    assert "at least one" in dialog.status.text()


def test_a_write_failure_is_reported_and_nothing_is_left(qtbot, dialog, tmp_path, monkeypatch):
    out = tmp_path / "missing-folder" / "x.pdf"
    monkeypatch.setattr(
        "app.ui.shared.dialogs.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), "PDF (*.pdf)"),
    )
    dialog.choose_and_export()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    assert "does not exist" in dialog.status.text()
    assert not out.parent.exists()


def test_preview_shows_page_images_without_saving_anything(qtbot, dialog, tmp_path):
    before = set(tmp_path.rglob("*"))
    assert dialog.start_preview()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    labels = [dialog.pages_layout.itemAt(i).widget() for i in range(dialog.pages_layout.count())]
    assert labels and all(not label.pixmap().isNull() for label in labels)
    assert labels[0].accessibleName().startswith("Page 1 of ")
    assert "Nothing has been saved" in dialog.status.text()
    assert set(tmp_path.rglob("*")) == before


def test_locking_clears_and_closes_the_dialog(qtbot, dialog):
    dialog.session.lock()
    assert not dialog.isVisible()
    assert dialog.entry_list.count() == 0 and dialog.private_list.count() == 0


def test_closing_while_exporting_stops_quietly_and_nothing_reaches_the_gone_dialog(
    qtbot, dialog, tmp_path, monkeypatch
):
    """The dialog is deleted while its worker still lays out the PDF: no crash, no late call."""
    out = tmp_path / "closed-early.pdf"
    monkeypatch.setattr(
        "app.ui.shared.dialogs.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), "PDF (*.pdf)"),
    )
    doomed = ExportDialog(dialog.session, list(dialog.ids))  # not kept by qtbot: it goes
    doomed.show()
    heard = []
    doomed.exported.connect(heard.append)
    assert doomed.choose_and_export()
    cancelled = doomed._task.cancelled
    doomed.close()
    doomed.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(doomed), timeout=10_000)
    assert cancelled.is_set()  # the work was told to stop
    qtbot.waitUntil(lambda: not tasks_module._LIVE, timeout=60_000)  # its job has ended
    qtbot.wait(50)
    assert heard == []
    assert not out.exists() or out.stat().st_size > 0  # never a half-written file


def test_the_dialog_says_which_answers_will_be_withheld(qtbot, dialog):
    assert "Every answer" in dialog.withheld_label.text()
    item = next(
        dialog.private_list.item(r)
        for r in range(dialog.private_list.count())
        if dialog.private_list.item(r).data(Qt.ItemDataRole.UserRole) == "core-free.stood-out"
    )
    # A click on the tick box, as a person would.
    rect = dialog.private_list.visualItemRect(item)
    qtbot.mouseClick(
        dialog.private_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=rect.topLeft() + rect.center().__class__(10, rect.height() // 2),
    )
    if item.checkState() != Qt.CheckState.Checked:  # styles place the box differently
        item.setCheckState(Qt.CheckState.Checked)
    text = dialog.withheld_label.text()
    assert item.text() in text and "(1 reflection)" in text
    assert dialog.withheld_label.isVisible()
