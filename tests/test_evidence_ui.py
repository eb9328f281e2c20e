"""Share anonymous progress (from the Progress place) and the Programme evaluation place,
driven through their real widgets; only the file dialogs and message boxes are patched."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.config import Settings
from app.models.evidence_tables import tables
from app.services.progress import load_scenarios
from app.services.session import UnlockedSession

PASS = "amber lantern quietly folds"
PROGRAMME = "ward-mh-2026"
LOW = "low-mood-inpatient"


def reflect(session: UnlockedSession, role: str, before: int, after: int, right: bool) -> None:
    scenario = session.scenarios[LOW]
    refl = session.reflections.start(role, scenario, title="MARKER title")
    objectives = scenario.learning_objectives
    refl.confidence_before = {o: before for o in objectives}
    answers = {}
    for section in refl.sections:
        for q in section.questions:
            if q.is_knowledge_check:
                answers[q.id] = q.correct if right else next(o for o in q.options if o != q.correct)
            elif q.kind == "text":
                answers[q.id] = "MARKER answer"
    payload = session.reflections.build_payload(
        refl, answers, confidence_after={o: after for o in objectives}, tags=["MARKER"]
    )
    session.reflections.save(refl, payload, "final")


@pytest.fixture
def state(paths, fast_kdf, qtbot):
    from app.services.profiles import ProfileService
    from app.ui.shared.session_state import SessionState

    settings = Settings.load(paths)
    settings.programme_id = PROGRAMME
    settings.save(paths)
    profiles = ProfileService(paths)
    info, _ = profiles.create("Robin", "ward-nurse", "Ward 7", PASS)
    state = SessionState()
    session = state.set_unlocked(profiles.unlock(info.id, PASS))
    reflect(session, "ward-nurse", 2, 4, True)
    yield state
    state.lock()


def test_share_shows_exactly_what_the_file_holds_then_saves_it(
    state, paths, qtbot, tmp_path, monkeypatch
):
    from app.ui.progress.progress_view import ProgressView
    from app.ui.progress.share_progress_dialog import ShareProgressDialog

    view = ProgressView(paths, state)
    qtbot.addWidget(view)
    opened = []
    monkeypatch.setattr(ShareProgressDialog, "exec", lambda self: opened.append(self) or 0)
    qtbot.mouseClick(view.share_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    dialog = opened[0]  # a child of the view, closed with it
    assert dialog.programme.text() == PROGRAMME
    words = dialog.words.toPlainText()
    # In words and numbers: the programme, the role, each objective's ratings, each question.
    assert f"Programme: {PROGRAMME}." in words and "Ward nurse" in words
    objective = state.current.scenarios[LOW].learning_objectives[0]
    assert f"Objective 1 \u201c{objective}\u201d: confidence before 2, after 4 (of 5)." in words
    assert "Knowledge check low-mood-inpatient.ask-directly \u201cA patient tells you" in words
    assert "first try right, latest right." in words
    assert "MARKER" not in words and "MARKER" not in dialog.file_text.toPlainText()
    assert "Ward 7" not in dialog.file_text.toPlainText()

    target = tmp_path / "mine.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    shown = dialog.file_text.toPlainText()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.read_text(encoding="utf-8") == shown  # byte for byte what was shown
    assert json.loads(shown)["sequence"] == 1


def test_share_without_a_programme_says_what_to_do_and_cannot_save(state, paths, qtbot):
    from app.ui.progress.share_progress_dialog import ShareProgressDialog

    settings = Settings.load(paths)
    settings.programme_id = ""
    settings.save(paths)
    dialog = ShareProgressDialog(state.current, state=state)
    qtbot.addWidget(dialog)
    assert "No programme is set" in dialog.words.toPlainText()
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.programme, "Ward MH")
    qtbot.keyClick(dialog.programme, Qt.Key.Key_Return)
    assert "not a programme id" in dialog.words.toPlainText()
    dialog.programme.clear()
    qtbot.keyClicks(dialog.programme, "ward-mh-2026")
    qtbot.keyClick(dialog.programme, Qt.Key.Key_Return)
    assert dialog.save_button.isEnabled()
    assert "Objective 1 " in dialog.words.toPlainText()


def test_locking_closes_the_share_dialog_and_empties_it(state, qtbot):
    from app.ui.progress.share_progress_dialog import ShareProgressDialog

    dialog = ShareProgressDialog(state.current, state=state)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.words.toPlainText()
    state.lock()
    assert not dialog.isVisible()
    assert dialog.words.toPlainText() == "" and dialog.file_text.toPlainText() == ""


@pytest.fixture
def slips(paths, fast_kdf, tmp_path):
    """Seven people's slips made through the services, and one bad file."""
    from app.services.profiles import ProfileService

    settings = Settings.load(paths)
    settings.programme_id = PROGRAMME
    settings.save(paths)
    scenarios = load_scenarios(paths)
    profiles = ProfileService(paths)
    folder = tmp_path / "slips"
    folder.mkdir()
    for i, role in enumerate(["ward-nurse"] * 5 + ["mh-practitioner"] * 2):
        info, _ = profiles.create(f"Person {i}", role, "", PASS)
        with UnlockedSession(profiles.unlock(info.id, PASS), scenarios=scenarios) as session:
            reflect(session, role, 1 + i % 3, 3 + i % 3, i % 2 == 0)
            session.evidence.export(folder / f"p{i}.json")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    return folder


def test_the_evaluation_place_merges_shows_and_saves(paths, slips, qtbot, tmp_path):
    from app.ui.evaluation.evaluation_page import EvaluationPage

    page = EvaluationPage(paths)
    qtbot.addWidget(page)
    page.add_sources([slips])
    with qtbot.waitSignal(page.merged, timeout=20_000) as merged:
        qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    evaluation = merged.args[0]
    assert "7 people" in page.status.text() and "1 left out" in page.status.text()
    # The tables shown are the report's own rows, hidden cells and all.
    for table in tables(evaluation):
        model = page.models[table.file]
        shown = [
            tuple(model.data(model.index(r, c)) for c in range(model.columnCount()))
            for r in range(model.rowCount())
        ]
        assert shown == list(table.rows)
    participants = page.models["participants.csv"]
    cells = {
        participants.data(participants.index(r, 1)): participants.data(participants.index(r, 2))
        for r in range(participants.rowCount())
    }
    # 2 mental-health practitioners: fewer than 5; health (7) minus ward nurses would give
    # them back, so the 5 ward nurses are hidden too.
    assert cells["Mental-health practitioner"] == "fewer than 5"
    assert cells["Ward nurse"] == "hidden" and cells["All health roles"] == "7"
    assert (
        page.problems.count() == 1 and "broken.json: it is not JSON" in page.problems.item(0).text()
    )

    out = tmp_path / "evaluation.pdf"
    with qtbot.waitSignal(page.saved, timeout=20_000):
        page.save_report(out)
    text = " ".join(p.extract_text() or "" for p in pypdf.PdfReader(out).pages)
    assert "Programme evaluation" in text and "fewer than 5" in text
    with qtbot.waitSignal(page.saved, timeout=20_000):
        page.save_csv(tmp_path / "csv")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "completion.csv",
        "knowledge.csv",
        "objectives.csv",
        "participants.csv",
        "tallies.csv",
    ]


def test_merging_nothing_says_so(paths, qtbot, tmp_path):
    from app.ui.evaluation.evaluation_page import EvaluationPage

    page = EvaluationPage(paths)
    qtbot.addWidget(page)
    page.merge()
    assert "Add at least one slip file" in page.status.text()
    (tmp_path / "junk.json").write_text("nope")
    page.add_sources([Path(tmp_path)])
    with qtbot.waitSignal(page.merged, timeout=20_000):
        page.merge()
    assert "No file could be merged" in page.status.text()
    assert not page.pdf_button.isEnabled()
