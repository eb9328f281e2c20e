"""The journal item model without a window, and the journal view with real services."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from app.models.journal import Entry
from app.ui.journal import journal_model as jm
from tests.scenarios import make_scenario

PHRASE = "amber lantern quietly folds"


SCENARIOS = {
    "low-mood": make_scenario("low-mood", ("low-mood", "communication")),
    "wellbeing": make_scenario("wellbeing", ("staff-wellbeing",)),
}


def make_entry(n: int, day: str, sid: str | None, status="final", tags=(), damaged=False):
    stamp = f"{day}T12:00:00.000000Z"
    payload = {
        "kind": "scenario" if sid else "free",
        "scenario_id": sid,
        "title": f"Entry {n}",
        "role": "ward-nurse",
        "model": "gibbs",
        "tags": list(tags),
    }
    return Entry(f"e{n}", "p", stamp, stamp, status, {} if damaged else payload, damaged)


ENTRIES = [
    make_entry(1, "2026-01-10", "low-mood", tags=("first",)),
    make_entry(2, "2026-02-15", "wellbeing", status="draft", tags=("Nights", "team")),
    make_entry(3, "2026-03-20", None, tags=("handover",)),
    make_entry(4, "2026-04-25", "low-mood", tags=("nights",)),
    make_entry(5, "2026-05-01", "wellbeing", damaged=True),
]


@pytest.fixture
def models(qapp):
    model = jm.JournalModel()
    model.set_scenarios(SCENARIOS)
    model.set_entries(ENTRIES)
    proxy = jm.JournalFilter()
    proxy.setSourceModel(model)
    return model, proxy


def ids(proxy: jm.JournalFilter) -> list[str]:
    return sorted(proxy.entry_at(r).id for r in range(proxy.rowCount()))


def test_model_rows_columns_and_roles(models):
    model, _ = models
    assert model.rowCount() == 5 and model.columnCount() == len(jm.HEADERS)
    assert model.headerData(jm.STATUS, jm.Qt.Orientation.Horizontal) == "Status"
    first = model.index(0, jm.SCENARIO)
    assert first.data() == "Low Mood"
    assert model.index(2, jm.SCENARIO).data() == "Own practice: Entry 3"
    assert model.index(1, jm.STATUS).data() == "Draft"
    assert model.index(1, jm.TAGS).data() == "Nights, team"
    assert model.index(0, jm.MODEL).data() == "Gibbs"
    assert model.index(0, jm.ROLE).data() == "Ward nurse"
    assert model.index(4, jm.DAMAGED).data() == "Damaged"
    assert model.index(0, jm.DATE).data(jm.SORT_ROLE) == "2026-01-10T12:00:00.000000Z"
    assert model.index(0, 0).data(jm.ENTRY_ROLE) is ENTRIES[0]
    assert model.index(0, 0).data(jm.TOPICS_ROLE) == ["low-mood", "communication"]
    assert model.index(1, 0).data(jm.TAGS_ROLE) == ["Nights", "team"]
    assert model.index(4, 0).data(jm.DAMAGED_ROLE) is True
    assert model.topics() == ["communication", "low-mood", "staff-wellbeing"]
    model.clear()
    assert model.rowCount() == 0


def test_filters_each_and_together(models):
    _, proxy = models
    proxy.set_status("draft")
    assert ids(proxy) == ["e2"]
    proxy.reset_filters()
    proxy.set_scenario("low-mood")
    assert ids(proxy) == ["e1", "e4"]
    proxy.set_scenario("free")
    assert ids(proxy) == ["e3"]
    proxy.reset_filters()
    proxy.set_topic("staff-wellbeing")
    assert ids(proxy) == ["e2"]  # the damaged e5 cannot say what it was about
    proxy.reset_filters()
    proxy.set_tag("NIGHTS")  # tags match whatever their case
    assert ids(proxy) == ["e2", "e4"]
    proxy.set_date_range(date(2026, 3, 1), None)
    assert ids(proxy) == ["e4"]
    proxy.reset_filters()
    proxy.set_date_range(date(2026, 2, 15), date(2026, 3, 20))  # both ends included
    assert ids(proxy) == ["e2", "e3"]
    proxy.set_ids(["e3", "e4"])
    assert ids(proxy) == ["e3"]
    assert proxy.is_filtered
    proxy.reset_filters()
    assert ids(proxy) == ["e1", "e2", "e3", "e4", "e5"] and not proxy.is_filtered


def test_sorting_by_date(models):
    _, proxy = models
    proxy.sort(jm.DATE, jm.Qt.SortOrder.DescendingOrder)
    assert [proxy.entry_at(r).id for r in range(proxy.rowCount())] == ["e5", "e4", "e3", "e2", "e1"]


# --------------------------------------------------------------------- the view, for real


@pytest.fixture
def journal_setup(paths, fast_kdf):
    from app.services.journal import JournalService
    from app.services.profiles import ProfileService

    service = ProfileService(paths)
    info, _ = service.create("Robin", "ward-nurse", "", PHRASE)
    unlocked = service.unlock(info.id, PHRASE)
    journal = JournalService(paths, unlocked)
    free = journal.add(
        {
            "kind": "free",
            "title": "A handover that went too fast",
            "role": "ward-nurse",
            "model": "gibbs",
            "answers": {"core-free.what-happened": "The handover was rushed <again> & short."},
            "tags": ["handover"],
        },
        "final",
    )
    journal.add(
        {
            "kind": "free",
            "title": "Night shift worries",
            "role": "ward-nurse",
            "model": "gibbs",
            "answers": {"core-free.what-happened": "A patient could not settle at night."},
            "tags": ["nights"],
        },
        "draft",
    )
    journal.close()
    return unlocked, free.id


@pytest.fixture
def view(paths, journal_setup, qtbot):
    from app.ui.journal.journal_view import JournalView
    from app.ui.shared.session_state import SessionState

    unlocked, _ = journal_setup
    session = SessionState()
    session.set_unlocked(unlocked)
    widget = JournalView(paths, session, scenarios={})
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    session.lock()


def test_view_lists_filters_and_searches(view, qtbot):
    assert view.proxy.rowCount() == 2
    assert view.count_label.text() == "2 reflections"
    view.status_combo.setCurrentIndex(view.status_combo.findData("draft"))
    assert [view.proxy.entry_at(0).title] == ["Night shift worries"]
    assert view.count_label.text() == "Showing 1 of 2 reflections"
    view.clear_filters()
    view.tag_combo.setCurrentIndex(view.tag_combo.findData("handover"))
    assert view.proxy.rowCount() == 1
    view.clear_filters()
    qtbot.keyClicks(view.search_edit, "settle")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    assert view.proxy.entry_at(0).title == "Night shift worries"
    view.search_edit.setText("nothing like this")
    view.apply_search()
    assert view.proxy.rowCount() == 0
    assert "None of your 2 reflections match" in view.count_label.text()


def test_open_shows_sections_and_escaped_answers(view, journal_setup):
    _, entry_id = journal_setup
    view.open_entry(entry_id)
    assert view.stack.currentWidget() is view.entry_page
    text = view.reader.toPlainText()
    assert "A handover that went too fast" in text
    assert "What happened? Describe the situation in a few sentences." in text
    assert "The handover was rushed <again> & short." in text
    assert not view.revisions_button.isEnabled()


def test_edit_keeps_a_revision_and_revisions_are_readable(view, journal_setup, qtbot):
    _, entry_id = journal_setup
    view.open_entry(entry_id)
    view.edit_current()
    flow = view.flow
    assert view.stack.currentWidget() is view.flow_page and flow.form is not None
    widget = flow.form.widgets["core-free.stood-out"]
    qtbot.keyClicks(widget.edit, "How much gets left out when we hurry.")
    with qtbot.waitSignal(flow.finished):
        flow.form.final_button.click()
    assert view.stack.currentWidget() is view.entry_page
    assert view.current.revision_count == 1
    assert view.journal.get(entry_id).answers["core-free.stood-out"].startswith("How much")
    assert "How much gets left out" in view.reader.toPlainText()
    dialog = view.open_revisions()
    assert dialog.list.count() == 2
    dialog.list.setCurrentRow(1)
    earlier = dialog.reader.toPlainText()
    assert "The handover was rushed" in earlier
    # Date and time, and what changed, in words: the new answer marked as put in.
    assert re.search(r"Saved \d\d \w+ \d{4}, \d\d:\d\d", dialog.list.item(1).text())
    assert "What changed in the current version" in earlier
    html = dialog.reader.toHtml()
    assert "How much gets left out" in earlier and "underline" in html
    # The full earlier version follows, without the new words.
    full = earlier.split("Earlier version, saved")[1]
    assert "How much gets left out" not in full


def test_tags_and_delete(view, journal_setup, monkeypatch):
    _, entry_id = journal_setup
    view.open_entry(entry_id)
    dialog = view.edit_tags()
    dialog.edit.setText("handover, learning, handover")
    dialog.accept()
    assert view.journal.get(entry_id).tags == ["handover", "learning"]
    assert view.tag_combo.findData("learning") >= 0

    asked = []

    def no(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    assert view.delete_current() is False
    assert view.model.row_of(entry_id) >= 0
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert view.delete_current() is True
    assert asked == ["Delete this reflection?"]
    assert view.model.row_of(entry_id) == -1 and view.model.rowCount() == 1
    assert view.stack.currentWidget() is view.list_page


def test_new_free_reflection_appears_in_the_list(view, qtbot):
    view.new_free_reflection()
    flow = view.flow
    assert flow.form is not None
    qtbot.keyClicks(flow.form.title_edit, "Talking to a worried relative")
    qtbot.keyClicks(flow.form.widgets["core-free.what-happened"].edit, "They rang twice.")
    with qtbot.waitSignal(flow.finished):
        flow.form.final_button.click()
    assert view.model.rowCount() == 3
    assert "Talking to a worried relative" in view.reader.toPlainText()


def test_lock_clears_everything_decrypted(view, journal_setup, qtbot):
    _, entry_id = journal_setup
    view.search_edit.setText("handover")
    view.apply_search()
    view.open_entry(entry_id)
    dialog = view.open_revisions()
    view.session.lock()
    assert view.model.rowCount() == 0
    assert view.reader.toPlainText() == ""
    assert not view.reader.document().isUndoAvailable()
    assert view.search_edit.text() == "" and not view.search_edit.isUndoAvailable()
    assert view.revisions_dialog is None and dialog.list.count() == 0
    assert view.journal is None and view.stack.currentWidget() is view.list_page


def test_an_entry_shows_its_questions_as_asked_after_the_pack_changes(
    view, journal_setup, paths, tmp_path, monkeypatch
):
    from app.services.journal import JournalService
    from tests.test_entries import ANSWERS, ASKED, RATING, REWORDED, org_pack, save_as_the_form_does

    unlocked, _ = journal_setup
    pack = tmp_path / "org" / "prompts" / "org-ward.toml"
    pack.parent.mkdir(parents=True)
    pack.write_text(org_pack(), encoding="utf-8")
    monkeypatch.setenv("CASEBOOK_CONTENT", str(pack.parent.parent))
    journal = JournalService(paths, unlocked)
    try:
        entry = save_as_the_form_does(paths, journal, ANSWERS, title="Handover")
    finally:
        journal.close()
    pack.write_text(org_pack("4", reworded=True), encoding="utf-8")  # reworded, one removed

    view.open_entry(entry.id)
    text = view.reader.toPlainText()
    assert ASKED in text and RATING in text and REWORDED not in text
    assert "On Ward 7" in text and "Other answers" not in text
