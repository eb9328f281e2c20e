"""Every interactive control a person can reach has a name a screen reader can say: a walk of
the accessibility interface over every place, the profile, backup and export dialogs and the
reflection form, failing on any nameless control."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

PASS = "amber lantern quietly folds"
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
)


def nameless(root: QWidget) -> list[str]:
    """Visible, enabled-or-not interactive controls under `root` whose accessible name is empty."""
    found = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or not w.isVisibleTo(root):
            continue
        if isinstance(w, QHeaderView):
            continue  # its sections reach screen readers as the table's column headers
        if isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the combo's or spin box's own editor: the outer control carries the name
        if (
            isinstance(w, QAbstractSlider)
            and isinstance(w.parent(), QWidget)
            and (w.parent().objectName().startswith("qt_scrollarea"))
        ):
            continue  # scroll bars
        iface = QAccessible.queryAccessibleInterface(w)
        name = iface.text(QAccessible.Text.Name).strip() if iface is not None else ""
        if not name:
            found.append(
                f"{type(w).__name__} {w.objectName() or ''} in {type(w.parent()).__name__}"
            )
    return found


def _check(root, where, problems):
    QApplication.processEvents()
    for item in nameless(root):
        problems.append(f"{where}: {item}")


def test_no_nameless_control_anywhere(qtbot, window, monkeypatch):
    problems: list[str] = []
    # Locked: every place, as a first-time visitor sees it.
    for place in window.places:
        window.show_place(place.key)
        _check(window, f"{place.key} (first start)", problems)
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    for place in ("journal", "progress"):
        window.place_widget(place).unlock_view.refresh()
        window.show_place(place)
        _check(window, f"{place} (locked)", problems)
    window.session.set_unlocked(window.service.unlock(info.id, PASS))
    window.session.current.journal.add({"title": "A shift", "answers": {}}, "final")
    for place in window.places:
        window.show_place(place.key)
        _check(window, f"{place.key} (unlocked)", problems)
    # The reflection form.
    page = window.show_place("library")
    page.reflect(window.context.scenarios_by_id()["low-mood-inpatient"], [{"at": 3, "note": "x"}])
    qtbot.waitUntil(lambda: page.flow.form is not None)
    page.flow.form.show_more(True)
    _check(window, "reflection form", problems)
    page.show_library()
    # The player, after a warned scenario's gate.
    page.play(window.context.scenarios_by_id()["low-mood-inpatient"])
    _check(window, "player (warning)", problems)
    page.player_view.gate.continue_button.click()
    _check(window, "player", problems)
    page.show_library()
    # An entry in the journal.
    journal = window.show_place("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() >= 1)
    journal.open_selected()
    _check(window, "journal entry", problems)
    # Dialogs.
    from app.ui.profiles.profile_dialogs import CreateProfileDialog, RecoverDialog

    dialogs = [
        ("preferences", window.profile_bar.open_preferences()),
        ("change passphrase", window.profile_bar.open_change_passphrase()),
        ("backup", window.open_backup()),
        ("restore", window.open_restore()),
        ("export", journal.open_export()),
        ("shortcuts", window.show_shortcuts()),
        ("new profile", CreateProfileDialog(window.service, window)),
        ("forgotten passphrase", RecoverDialog(window.service, info, window)),
    ]
    for name, dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        _check(dialog, name, problems)
        dialog.hide()
    delete = window.profile_bar.open_delete()
    _check(delete, "delete profile", problems)
    delete.hide()
    assert not problems, "\n".join(problems)


def test_the_walk_finds_a_nameless_control(qtbot):
    from PySide6.QtWidgets import QToolButton, QVBoxLayout

    host = QWidget()
    qtbot.addWidget(host)
    QVBoxLayout(host).addWidget(QToolButton())
    host.show()
    assert len(nameless(host)) == 1
