"""Tab reaches every control of every place and dialog, with real key presses, and never gets
stuck: walked forwards and backwards, compared with every shown, enabled, focusable control."""

from __future__ import annotations

from keyboard_walk import check_walk
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton
from tools import tools

PASS = "amber lantern quietly folds"


def _walk(root, where, problems):
    QApplication.processEvents()
    problems.extend(check_walk(root, where))


def test_every_place_first_start(qtbot, window):
    problems: list[str] = []
    for place in window.places:
        window.show_place(place.key)
        _walk(window, f"{place.key} (first start)", problems)
    assert not problems, "\n".join(problems)


def test_every_place_unlocked_and_their_inner_pages(qtbot, window):
    problems: list[str] = []
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    for place in ("journal", "progress"):
        window.place_widget(place).unlock_view.refresh()
        window.show_place(place)
        _walk(window, f"{place} (locked)", problems)
    window.session.set_unlocked(window.service.unlock(info.id, PASS))
    window.session.current.journal.add({"title": "A shift", "answers": {}}, "final")
    for place in window.places:
        window.show_place(place.key)
        _walk(window, f"{place.key} (unlocked)", problems)
    editor = window.show_place("editor")
    editor.setCurrentWidget(editor.plan)
    _walk(window, "editor, session plan", problems)
    editor.setCurrentWidget(editor.scenario)
    page = window.show_place("library")
    page.reflect(window.context.scenarios_by_id()["low-mood-inpatient"], [{"at": 3, "note": "x"}])
    qtbot.waitUntil(lambda: page.flow.form is not None)
    _walk(window, "reflection form", problems)
    page.flow.form.show_more(True)
    _walk(window, "reflection form, all questions", problems)
    page.flow.stack.setCurrentWidget(page.flow.done_page)  # as after Finish
    _walk(window, "reflection saved", problems)
    page.show_library()
    page.play(window.context.scenarios_by_id()["low-mood-inpatient"])
    _walk(window, "player (warning)", problems)
    page.player_view.gate.continue_button.click()
    _walk(window, "player", problems)
    page.show_library()
    journal = window.show_place("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() >= 1)
    journal.open_selected()
    _walk(window, "journal entry", problems)
    assert not problems, "\n".join(problems)


def test_every_dialog(qtbot, window):
    from app.ui.profiles.profile_dialogs import CreateProfileDialog, RecoverDialog

    problems: list[str] = []
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    window.session.set_unlocked(window.service.unlock(info.id, PASS))
    window.session.current.journal.add({"title": "A shift", "answers": {}}, "final")
    journal = window.show_place("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() >= 1)
    dialogs = [
        ("preferences", window.profile_bar.open_preferences()),
        ("change passphrase", window.profile_bar.open_change_passphrase()),
        ("backup", window.open_backup()),
        ("restore", window.open_restore()),
        ("export", journal.open_export()),
        ("keys", window.show_shortcuts()),
        ("new profile", CreateProfileDialog(window.service, window)),
        ("forgotten passphrase", RecoverDialog(window.service, info, window)),
        ("delete profile", window.profile_bar.open_delete()),
        ("content packs", window.open_content_packs()),
    ]
    for name, dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        _walk(dialog, name, problems)
        dialog.hide()
    assert not problems, "\n".join(problems)


def test_player_keys_dialog_reaches_close(qtbot):
    from app.ui.player.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    problems = check_walk(dialog, "player keys")
    assert not problems, "\n".join(problems)


def test_wellbeing_check_in_reaches_save(qtbot):
    from app.models.support import SupportList
    from app.ui.reflection.wellbeing_dialog import WellbeingDialog

    support = SupportList("Casebook's list", ("Talk to someone",), "bundled", "general")
    dialog = WellbeingDialog(["Mentions a death."], support)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    problems = check_walk(dialog, "wellbeing")
    assert not problems, "\n".join(problems)


def test_confidence_pages(qtbot):
    from app.ui.reflection.confidence_page import ConfidencePage

    problems: list[str] = []
    for when in ("before", "after"):
        page = ConfidencePage(
            ["Notice early signs", "Ask about risk"], when=when, scenario_title="A ward"
        )
        qtbot.addWidget(page)
        page.resize(1000, 700)
        page.show()
        qtbot.waitExposed(page)
        problems += check_walk(page, f"confidence {when}")
    assert not problems, "\n".join(problems)


def test_progress_with_figures_reaches_watch_again_and_the_interval(paths, fast_kdf, qtbot):
    from datetime import UTC, datetime, timedelta

    from app.services.journal import JournalService
    from app.services.profiles import ProfileService
    from app.ui.progress.progress_view import ProgressView
    from app.ui.shared.session_state import SessionState
    from tests.test_progress import SCENARIOS, known_journal

    service = ProfileService(paths)
    info, _ = service.create("Robin", "ward-nurse", "", PASS)
    unlocked = service.unlock(info.id, PASS)
    journal = JournalService(paths, unlocked)
    for e in known_journal():
        if not e.damaged:
            journal.add(e.payload, e.status)
    journal.close()
    session = SessionState()
    session.set_unlocked(unlocked)
    clock = lambda: datetime.now(UTC) + timedelta(days=120)  # noqa: E731
    view = ProgressView(paths, session, clock=clock, scenarios=SCENARIOS)
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    qtbot.waitExposed(view)
    assert view.table_model.rowCount() > 3  # a table long enough to have trapped Tab
    problems = check_walk(view, "progress")
    session.lock()
    assert not problems, "\n".join(problems)


@tools("ffmpeg")
def test_facilitator_console(qtbot, tmp_path):
    from app.models.session_plan import read_plan
    from app.services.group_session import GroupSession
    from app.ui.group.audience import AudienceWindow
    from app.ui.group.facilitator_console import FacilitatorConsole
    from tests.group_fixtures import RESOURCES, make_clip, scenarios

    plan, _ = read_plan(RESOURCES / "sessions" / "ward-team.toml")
    session = GroupSession.open(plan, scenarios(make_clip(tmp_path)), support=("Someone",))
    audience = AudienceWindow()
    qtbot.addWidget(audience)
    console = FacilitatorConsole(session, audience)
    qtbot.addWidget(console)
    console._confirm_leave = lambda: True
    console.resize(1366, 768)
    console.show()
    qtbot.waitExposed(console)
    problems = check_walk(console, "facilitator console")
    console.close()
    assert not problems, "\n".join(problems)


def _arrow_moves_the_choice(qtbot, buttons, forward, back) -> list[str]:
    """Space chooses the focused option; the arrow keys then move the choice along."""
    first, second = buttons[0], buttons[1]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Space)
    problems = [] if first.isChecked() else [f"Space did not choose {first.text()}"]
    qtbot.keyClick(first, forward)
    if not (second.isChecked() and second.hasFocus()):
        problems.append(f"{forward.name} from {first.text()} did not choose {second.text()}")
    qtbot.keyClick(second, back)
    if not (first.isChecked() and first.hasFocus()):
        problems.append(f"{back.name} from {second.text()} did not choose {first.text()}")
    return problems


def test_arrow_keys_move_the_choice_in_radio_groups(qtbot):
    from app.models.support import SupportList
    from app.ui.reflection.confidence_page import ConfidencePage
    from app.ui.reflection.wellbeing_dialog import WellbeingDialog

    support = SupportList("Casebook's list", ("Talk to someone",), "bundled", "general")
    dialog = WellbeingDialog([], support)
    page = ConfidencePage(["Notice early signs"], when="before")
    problems = []
    for root, forward, back in (
        (dialog, Qt.Key.Key_Down, Qt.Key.Key_Up),
        (page, Qt.Key.Key_Right, Qt.Key.Key_Left),
    ):
        qtbot.addWidget(root)
        root.show()
        qtbot.waitExposed(root)
        root.activateWindow()
        qtbot.waitUntil(root.isActiveWindow)
        buttons = root.findChildren(QRadioButton)
        problems += _arrow_moves_the_choice(qtbot, buttons, forward, back)
    assert not problems, "\n".join(problems)


def test_portfolio_parts_and_dialogs_with_the_demo_journal(qtbot, fast_kdf):
    from datetime import date

    from app.screenshots.portfolio import stage
    from app.screenshots.studio import demo_journal
    from app.ui.journal.journal_view import TagDialog
    from app.ui.portfolio.account_dialog import AccountDialog
    from app.ui.portfolio.activity_dialog import ActivityDialog
    from app.ui.portfolio.portfolio_view import PortfolioView
    from app.ui.progress.share_progress_dialog import ShareProgressDialog

    problems: list[str] = []
    with demo_journal() as (_paths, session, _scenarios):
        portfolio = session.current.portfolio
        stage(portfolio, date.today())
        view = PortfolioView(session)
        qtbot.addWidget(view)
        view.resize(1366, 768)
        view.show()
        qtbot.waitExposed(view)
        for n in range(view.tabs.count()):
            view.tabs.setCurrentIndex(n)
            problems += check_walk(view, f"portfolio, {view.tabs.tabText(n)}")
        framework = portfolio.framework()
        dialogs = [
            ("activity", ActivityDialog(framework, date.today(), portfolio.activities()[-1], view)),
            ("account", AccountDialog(framework, portfolio.accounts()[0], view)),
            ("share progress", ShareProgressDialog(session.current, view, state=session)),
            ("tags", TagDialog(["nights"], ["nights", "handover"], view)),
        ]
        for name, dialog in dialogs:
            dialog.show()
            qtbot.waitExposed(dialog)
            problems += check_walk(dialog, name)
            dialog.reject()
        view.close()
    assert not problems, "\n".join(problems)


@tools("ffmpeg")
def test_editor_tabs_with_a_clip_and_captions(qtbot, paths, tmp_path, monkeypatch):
    """A read-only walk of the editor's tabs once a clip and its captions are in: the cue
    table is one stop, not one per cell (it wrapped round to its first cell for ever)."""
    from PySide6.QtWidgets import QFileDialog

    from app.services import library
    from app.ui.editor.editor_view import ScenarioEditor
    from tests.clips import make_clip

    clip = make_clip(tmp_path / "clips" / "night.mp4", seconds=2.0)
    captions = tmp_path / "clips" / "night.srt"
    captions.write_text(
        "1\n00:00:00,200 --> 00:00:01,000\nHello.\n\n2\n00:00:01,000 --> 00:00:01,800\nHi.\n",
        encoding="utf-8",
    )
    queue = [str(clip), str(captions)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (queue.pop(0), ""))
    editor = ScenarioEditor(paths, lambda: library.load_library(paths).scenarios, renderer="frames")
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitExposed(editor)
    editor.new_button.click()
    qtbot.waitUntil(lambda: editor.duration > 0, timeout=20000)
    editor.tabs.setCurrentWidget(editor.captions)
    editor.captions.attach.click()
    assert editor.captions.table.rowCount() == 2
    problems: list[str] = []
    for n in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(n)
        problems += check_walk(editor, f"editor, {editor.tabs.tabText(n)}")
    editor.shutdown()
    assert not problems, "\n".join(problems)
