"""Where the keyboard focus is shows on screen: every control a person can Tab to looks
different with the focus than without it, in every place and dialog, in the standard and
the high-contrast look. Custom-drawn widgets (the scenario list, the confidence chart, the
video) paint the focus themselves; scroll areas of controls no longer take it."""

from __future__ import annotations

import pytest
from focus_seen import looks_focused
from keyboard_walk import label, reachable_controls
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QTextEdit

PASS = "amber lantern quietly folds"


@pytest.fixture
def window(qtbot, paths, fast_kdf):
    from app.ui.window.app_window import MainWindow

    w = MainWindow(paths)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    w.set_contrast("standard", save=False)
    w.close()


def unseen_focus(qtbot, root, where: str, seen: set[int]) -> list[str]:
    """Controls under `root` whose look does not change with the focus."""
    QApplication.processEvents()
    root.window().activateWindow()
    qtbot.waitUntil(root.window().isActiveWindow)
    controls = reachable_controls(root)
    problems = []
    for control in controls:
        if id(control) in seen:
            continue
        seen.add(id(control))
        elsewhere = next(c for c in controls if c is not control)
        if not looks_focused(control, elsewhere):
            problems.append(f"{where}: no visible focus on {label(control)}")
    return problems


def silent_scroll_areas(root) -> list[str]:
    """Plain scroll areas that take the focus but have no name to announce."""
    return [
        label(w)
        for w in root.findChildren(QAbstractScrollArea)
        if w.isVisible()
        and w.focusPolicy() != 0
        and not isinstance(w, (QAbstractItemView, QTextEdit))
        and not w.accessibleName()
    ]


@pytest.mark.parametrize("contrast", ["standard", "high"])
def test_focus_shows_on_every_control_of_every_place(qtbot, window, contrast):
    from app.ui.profiles.profile_dialogs import CreateProfileDialog, RecoverDialog

    window.set_contrast(contrast, save=False)
    problems: list[str] = []
    seen: set[int] = set()
    # First start: "Create profile" is the default button.
    for place in window.places:
        window.show_place(place.key)
        problems += unseen_focus(qtbot, window, f"{place.key} (first start)", seen)
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    # The unlock card: "Unlock" is the default, "I forgot my passphrase" a flat button.
    window.place_widget("journal").unlock_view.refresh()
    window.show_place("journal")
    problems += unseen_focus(qtbot, window, "journal (locked)", seen)
    window.session.set_unlocked(window.service.unlock(info.id, PASS))
    window.session.current.journal.add({"title": "A shift", "answers": {}}, "final")
    for place in window.places:
        window.show_place(place.key)
        problems += unseen_focus(qtbot, window, f"{place.key} (unlocked)", seen)
        problems += [
            f"{place.key}: {s} takes the focus silently" for s in silent_scroll_areas(window)
        ]
    page = window.show_place("library")
    page.reflect(window.context.scenarios_by_id()["low-mood-inpatient"], [{"at": 3, "note": "x"}])
    qtbot.waitUntil(lambda: page.flow.form is not None)
    problems += unseen_focus(qtbot, window, "reflection form", seen)
    problems += [f"form: {s} takes the focus silently" for s in silent_scroll_areas(window)]
    page.show_library()
    page.play(window.context.scenarios_by_id()["low-mood-inpatient"])
    page.player_view.gate.continue_button.click()
    problems += unseen_focus(qtbot, window, "player", seen)
    page.show_library()
    journal = window.show_place("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() >= 1)
    journal.open_selected()
    problems += unseen_focus(qtbot, window, "journal entry", seen)
    window.show_place("journal")
    dialogs = [
        ("preferences", window.profile_bar.open_preferences()),
        ("export", journal.open_export()),
        ("new profile", CreateProfileDialog(window.service, window)),
        ("forgotten passphrase", RecoverDialog(window.service, info, window)),
        ("backup", window.open_backup()),
        ("content packs", window.open_content_packs()),
    ]
    for name, dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        problems += unseen_focus(qtbot, dialog, name, seen)
        problems += [f"{name}: {s} takes the focus silently" for s in silent_scroll_areas(dialog)]
        dialog.hide()
    assert not problems, "\n".join(problems)
