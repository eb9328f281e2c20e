"""The Portfolio place driven like a person would: keys and clicks on the real widgets, a real
journal and sealed portfolio behind it; only the message boxes and the clock are stand-ins."""

from __future__ import annotations

from datetime import date

import pypdf
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app.models.framework import load_frameworks
from app.services.portfolio import PortfolioService
from app.services.profiles import ProfileService
from app.ui.portfolio.account_dialog import AccountDialog
from app.ui.portfolio.activity_dialog import ActivityDialog
from app.ui.portfolio.portfolio_view import PortfolioView
from app.ui.shared.session_state import SessionState

PASS = "amber lantern quietly folds"
TODAY = date(2026, 6, 1)


@pytest.fixture
def session(paths, fast_kdf, qtbot):
    service = ProfileService(paths)
    info, _ = service.create("Robin", "ward-nurse", "Ward 7", PASS)
    state = SessionState()
    current = state.set_unlocked(service.unlock(info.id, PASS))
    current._portfolio = PortfolioService(
        paths, current.journal, scenarios=current.scenarios, clock=lambda: TODAY
    )
    current.journal.add(
        {
            "kind": "scenario",
            "scenario_id": "low-mood-inpatient",
            "title": "Quiet in bay four",
            "model": "nmc",
            "answers": {"nmc.nature": "He was quiet.", "nmc.changed": "I ask about mood."},
        },
        "final",
    )
    yield state
    state.lock()


def _view(qtbot, session, **factories):
    view = PortfolioView(session, **factories)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    return view


def test_bars_and_log_follow_the_journal_and_clear_on_lock(qtbot, session):
    view = _view(qtbot, session)
    assert view.model.rowCount() == 1
    assert view.bars.bars["hours"].format() == "0.25 of 35"
    assert view.bars.bars["accounts"].format() == "0 of 5 final"
    assert "Set your revalidation date" in view.bars.missing.text()
    # A new reflection elsewhere in the app shows up here.
    session.current.journal.add(
        {
            "kind": "scenario",
            "scenario_id": "staff-wellbeing",
            "title": "A colleague",
            "answers": {"core.stood-out": "word " * 200},
        },
        "final",
    )
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    session.lock()
    assert view.model.rowCount() == 0
    assert view.bars.missing.text() == ""
    assert view.discussion.name.text() == ""


def test_choosing_the_framework_and_date_in_the_place(qtbot, session):
    view = _view(qtbot, session)
    teachers = view.framework.findData("teachers-standards-england")
    view.framework.setCurrentIndex(teachers)
    view.due.setDate(QDate(2026, 9, 1))
    qtbot.mouseClick(view.save_choice, Qt.MouseButton.LeftButton)
    standing = session.current.portfolio.standing()
    assert standing.framework.id == "teachers-standards-england"
    assert standing.settings.due == date(2026, 9, 1)
    assert view.date_label.text() == "&Appraisal date:"
    assert view.bars.bars["days"].format() == "92 days left"
    assert not view.bars.bars["participatory"].isVisible()  # the teachers' framework asks none


def test_adding_an_activity_through_the_dialog_and_a_bad_one_kept_open(qtbot, session, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    answers = iter(
        [
            {"title": "", "hours": 2.0},  # no title: told why, the dialog comes back
            {"title": "Sepsis study day", "hours": 6.5, "participatory": True},
        ]
    )

    class Typed(ActivityDialog):
        def exec(self) -> int:
            try:
                values = next(answers)
            except StopIteration:
                return QDialog.DialogCode.Rejected
            self.title.clear()
            qtbot.keyClicks(self.title, values["title"])
            self.hours.setValue(values["hours"])
            self.participatory.setChecked(values.get("participatory", False))
            return QDialog.DialogCode.Accepted

    view = _view(qtbot, session, activity_dialog=Typed)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert warnings and "title" in warnings[0]
    log = session.current.portfolio.activities()
    added = [a for a in log if a.title == "Sepsis study day"]
    assert [(a.hours, a.participatory_hours) for a in added] == [(6.5, 6.5)]
    assert view.bars.bars["participatory"].format() == "6.5 of 20"


def test_an_account_with_a_name_in_it_asks_before_it_is_final(qtbot, session, monkeypatch):
    asked = []

    def question(_parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    rounds = iter(["Mrs Patel was quiet.", "Mrs Patel was quiet."])

    class Written(AccountDialog):
        def exec(self) -> int:
            try:
                text = next(rounds)
            except StopIteration:
                return QDialog.DialogCode.Rejected
            field = self.fields["nature"]
            field.clear()
            qtbot.keyClicks(field, text)
            self.final = True
            return QDialog.DialogCode.Accepted

    view = _view(qtbot, session, account_dialog=Written)
    entry = session.current.journal.list_entries()[0]
    view.write_account(entry.id)
    assert "a name after a title" in asked[0]
    accounts = session.current.portfolio.accounts()
    assert len(accounts) == 1 and accounts[0].final
    assert accounts[0].answers["nature"] == "Mrs Patel was quiet."
    assert accounts[0].answers["changed"] == "I ask about mood."
    assert view.accounts.count() == 1
    # The journal entry itself was not changed.
    assert session.current.journal.get(entry.id).answers["nmc.nature"] == "He was quiet."


def test_discussion_typed_and_saved_and_a_future_date_refused(qtbot, session):
    view = _view(qtbot, session)
    view.tabs.setCurrentIndex(2)
    form = view.discussion
    qtbot.keyClicks(form.name, "Ade Bello")
    qtbot.keyClicks(form.registration, "12A3456E")
    form.day.setDate(QDate(2026, 5, 2))
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    record = session.current.portfolio.record("discussion")
    assert record is not None and (record.name, record.day) == ("Ade Bello", date(2026, 5, 2))
    form.registration.clear()
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert "registration number" in view.message.text()
    assert session.current.portfolio.record("discussion").registration == "12A3456E"


def test_export_runs_in_the_background_and_writes_a_pdf(qtbot, session, tmp_path):
    view = _view(qtbot, session)
    out = tmp_path / "portfolio.pdf"
    with qtbot.waitSignal(view.exported, timeout=20000):
        view.export_to(out, tmp_path / "cpd.csv")
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages).split())
    clip = session.current.scenarios["low-mood-inpatient"].title
    assert "CPD log" in text and clip in text
    assert "not issued or endorsed by the Nursing and Midwifery Council" in text
    assert (tmp_path / "cpd.csv").read_text(encoding="utf-8-sig").startswith("Date,Title")


def test_a_broken_framework_file_is_reported_in_the_place(qtbot, session, tmp_path, monkeypatch):
    org = tmp_path / "org"
    (org / "frameworks").mkdir(parents=True)
    (org / "frameworks" / "bad.toml").write_text("[framework]\nid = 'x'\n")
    monkeypatch.setenv("CASEBOOK_CONTENT", str(org))
    view = _view(qtbot, session)
    assert "framework file(s) have problems" in view.message.text()
    assert "bad.toml" in view.message.text()
    frameworks, _ = load_frameworks([org])
    assert frameworks == []


def test_locking_while_an_account_is_open_empties_and_closes_it(qtbot, session):
    seen = {}

    class LockedMeanwhile(AccountDialog):
        def exec(self) -> int:
            self.show()
            assert "He was quiet." in self.fields["nature"].toPlainText()
            session.lock()  # the idle timer fires while the person is away
            seen["text"] = self.fields["nature"].toPlainText()
            seen["visible"] = self.isVisible()
            return self.result()

    view = _view(qtbot, session, account_dialog=LockedMeanwhile)
    portfolio = session.current.portfolio
    entry = session.current.journal.list_entries()[0]
    view.write_account(entry.id)
    assert seen == {"text": "", "visible": False}
    assert view.accounts.count() == 0
    assert portfolio._records is None
