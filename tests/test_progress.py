"""Progress figures from known ratings, the refresher list under a fixed clock, and the view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.models.journal import Entry
from app.models.progress import compute, topic_label
from tests.scenarios import make_scenario

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
OBJ_A = "Notice early signs"
OBJ_B = "Ask directly"


SCENARIOS = {
    "low-mood": make_scenario(
        "low-mood", ("low-mood", "communication"), learning_objectives=(OBJ_A, OBJ_B)
    ),
    "wellbeing": make_scenario(
        "wellbeing", ("staff-wellbeing",), learning_objectives=("Check in with a colleague",)
    ),
}


def entry(
    n: int,
    days_ago: float,
    sid: str | None,
    before: dict | None = None,
    after: dict | None = None,
    knowledge: dict | None = None,
    status: str = "final",
    damaged: bool = False,
) -> Entry:
    stamp = (NOW - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = {
        "kind": "scenario" if sid else "free",
        "scenario_id": sid,
        "title": "t",
        "confidence_before": before or {},
        "confidence_after": after or {},
        "knowledge": knowledge or {},
    }
    return Entry(
        id=f"e{n}",
        profile_id="p",
        created_at=stamp,
        updated_at=stamp,
        status=status,
        payload={} if damaged else payload,
        damaged=damaged,
    )


def known_journal() -> list[Entry]:
    return [
        entry(
            1,
            200,
            "low-mood",
            {OBJ_A: 1, OBJ_B: 2},
            {OBJ_A: 3, OBJ_B: 3},
            {"q1": {"answer": "x", "correct": False}},
        ),
        entry(
            2,
            100,
            "wellbeing",
            {"Check in with a colleague": 2},
            {"Check in with a colleague": 4},
            {"q2": {"answer": "y", "correct": True}},
        ),
        entry(
            3,
            30,
            "low-mood",
            {OBJ_A: 3, OBJ_B: 3},
            {OBJ_A: 5, OBJ_B: 4},
            {"q1": {"answer": "z", "correct": True}},
        ),
        entry(4, 10, None, knowledge={}),  # free-standing
        entry(5, 5, "low-mood", {OBJ_A: 1}, {OBJ_A: 1}, status="draft"),  # drafts do not count
        entry(6, 4, "low-mood", damaged=True),  # nor damaged ones
    ]


def test_confidence_per_objective_and_topic_exact():
    report = compute(known_journal(), SCENARIOS, NOW)
    a = report.objective(OBJ_A)
    assert a is not None
    assert [(p.before, p.after) for p in a.points] == [(1.0, 3.0), (3.0, 5.0)]
    assert (a.first_before, a.latest_after, a.change) == (1.0, 5.0, 4.0)
    b = report.objective(OBJ_B)
    assert (b.first_before, b.latest_after, b.change) == (2.0, 4.0, 2.0)

    low = report.topic("low-mood")
    assert low is not None and low.viewings == 2
    assert [(p.before, p.after) for p in low.points] == [(1.5, 3.0), (3.0, 4.5)]
    assert (low.mean_before, low.mean_after, low.change) == (2.25, 3.75, 3.0)
    assert (low.knowledge_correct, low.knowledge_total) == (1, 2)
    assert report.topic("communication").viewings == 2
    well = report.topic("staff-wellbeing")
    assert (well.first_before, well.latest_after, well.change) == (2.0, 4.0, 2.0)


def test_knowledge_completed_and_free_counts():
    report = compute(known_journal(), SCENARIOS, NOW)
    assert (report.knowledge_correct, report.knowledge_total) == (2, 3)
    assert report.knowledge_percent == 67
    assert report.completed == [("low-mood", "Low Mood", 2), ("wellbeing", "Wellbeing", 1)]
    assert report.free_reflections == 1
    assert len(report.viewings) == 3


def test_refresher_list_follows_the_clock_and_the_interval():
    entries = known_journal()
    # Low mood was last reflected on 30 days ago; wellbeing 100 days ago.
    report = compute(entries, SCENARIOS, NOW)
    assert [(r.scenario_id, r.days_since) for r in report.refreshers] == [("wellbeing", 100)]
    later = compute(entries, SCENARIOS, NOW + timedelta(days=61))
    assert [(r.scenario_id, r.days_since) for r in later.refreshers] == [
        ("wellbeing", 161),
        ("low-mood", 91),
    ]
    # Exactly on the interval is not yet overdue; one day more is.
    assert compute(entries, SCENARIOS, NOW - timedelta(days=10)).refreshers == []
    assert [r.scenario_id for r in compute(entries, SCENARIOS, NOW, 29).refreshers] == [
        "wellbeing",
        "low-mood",
    ]


def test_missing_scenario_falls_back_to_other_and_rated_objectives():
    e = entry(1, 3, "gone", {"Old objective": 2}, {"Old objective": 4})
    report = compute([e], {}, NOW)
    assert [t.topic for t in report.topics] == ["other"]
    assert report.objective("Old objective").change == 2.0
    assert topic_label("staff-wellbeing") == "Staff wellbeing"


def test_ratings_that_are_not_numbers_are_ignored():
    e = entry(1, 3, "low-mood", {OBJ_A: "high", OBJ_B: True}, {OBJ_A: 4})
    report = compute([e], SCENARIOS, NOW)
    assert report.objective(OBJ_A).points[0].before is None
    assert report.objective(OBJ_A).points[0].after == 4.0
    assert report.objective(OBJ_B) is None


# ------------------------------------------------------------------------- the view


@pytest.fixture
def unlocked_session(paths, fast_kdf, qtbot):
    from app.services.journal import JournalService
    from app.services.profiles import ProfileService
    from app.ui.shared.session_state import SessionState

    service = ProfileService(paths)
    info, _ = service.create("Robin", "ward-nurse", "", "amber lantern quietly folds")
    unlocked = service.unlock(info.id, "amber lantern quietly folds")
    journal = JournalService(paths, unlocked)
    for e in known_journal():
        if not e.damaged:
            journal.add(e.payload, e.status)
    journal.close()
    session = SessionState()
    session.set_unlocked(unlocked)
    yield session
    session.lock()


def test_progress_view_shows_the_figures_and_clears_on_lock(paths, unlocked_session, qtbot):
    from app.ui.progress.progress_view import ProgressView

    # All entries were just written: "now" 120 days on makes every scenario due.
    clock = lambda: datetime.now(UTC) + timedelta(days=120)  # noqa: E731
    view = ProgressView(paths, unlocked_session, clock=clock, scenarios=SCENARIOS)
    qtbot.addWidget(view)
    rows = {r[0].strip(): r for r in view.table_rows()}
    assert rows["Topic: Low mood"][1:] == ["2", "1.5", "4.5", "+3", "1 of 2"]
    assert rows[OBJ_A][1:5] == ["2", "1", "5", "+4"]
    assert "2 of 3 matched" in view.summary.text()
    assert view.refreshers.count() == 2
    assert all(" · last reflected " in view.refreshers.item(i).text() for i in range(2))
    assert not any(" on " in view.refreshers.item(i).text() for i in range(2))  # "on 4 months"
    with qtbot.waitSignal(view.refresher_requested) as signal:
        view.watch_selected()
    assert signal.args[0] in ("low-mood", "wellbeing")
    # Choosing a table row shows that series in the chart.
    view.picker.setCurrentIndex(view.picker.findText("Topic: Low mood"))
    assert [(p.before, p.after) for p in view.chart.points] == [(1.5, 3.0), (3.0, 4.5)]
    assert "2 viewings" in view.chart.accessibleDescription()

    unlocked_session.lock()
    assert view.table_model.rowCount() == 0
    assert view.chart.points == []
    assert view.refreshers.count() == 0 and view.summary.text() == ""


def test_refresher_interval_is_saved(paths, unlocked_session, qtbot):
    from app.config import Settings
    from app.ui.progress.progress_view import ProgressView

    view = ProgressView(paths, unlocked_session, scenarios=SCENARIOS)
    qtbot.addWidget(view)
    assert view.interval.value() == 90
    assert view.refreshers.item(0).text().startswith("Nothing is due")
    view.interval.setValue(30)
    view.interval.editingFinished.emit()
    assert Settings.load(paths).refresher_days == 30
