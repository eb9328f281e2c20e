"""The demo profile: `casebook demo` adds and removes it; its journal is lived-in and valid."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from app.services.demo import DEMO_NAME, DEMO_PASSPHRASE, SAMPLES, DemoService


def run(home, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CASEBOOK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("CASEBOOK_CONTENT", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_cli_creates_and_removes_the_demo_profile(home):
    made = run(home, "demo")
    assert made.returncode == 0, made.stderr
    assert DEMO_PASSPHRASE in made.stdout and "--remove" in made.stdout
    listed = run(home, "profile", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert any(p["name"] == DEMO_NAME and p["demo"] for p in json.loads(listed.stdout))

    again = run(home, "demo")
    assert again.returncode == 1
    assert "already here" in again.stderr and again.stderr.count("\n") == 1

    removed = run(home, "demo", "--remove", "--json")
    assert removed.returncode == 0, removed.stderr
    assert json.loads(removed.stdout)["removed"]["name"] == DEMO_NAME
    gone = run(home, "demo", "--remove")
    assert gone.returncode == 1 and "no demo profile" in gone.stderr


def test_demo_journal_is_lived_in(paths, fast_kdf):
    from app.services.journal import JournalService
    from app.services.profiles import ProfileService

    fixed = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    info, count = DemoService(paths, clock=lambda: fixed).create()
    assert info.demo and count == len(SAMPLES)
    unlocked = ProfileService(paths).unlock(info.id, DEMO_PASSPHRASE)
    journal = JournalService(paths, unlocked)
    entries = journal.list_entries()
    try:
        assert len(entries) == len(SAMPLES)
        statuses = sorted(e.status for e in entries)
        assert statuses.count("draft") == 1
        assert any(e.kind == "free" for e in entries)
        assert any(e.payload.get("knowledge") for e in entries)
        assert any(e.payload.get("confidence_before") for e in entries)
        # Saved through the reflection service: every answer with its question as asked.
        assert all(
            e.record.questions_source == "as-asked"
            and {q.id for q in e.record.questions} == set(e.answers)
            for e in entries
        )
        edited = [e for e in entries if e.revision_count]
        assert len(edited) == 1 and len(journal.revisions(edited[0].id)) == 1
        # Spread over the months before "now", oldest about five months back.
        days = sorted(
            (fixed - datetime.fromisoformat(e.created_at.replace("Z", "+00:00"))).days
            for e in entries
        )
        assert days == sorted(s.days_ago for s in SAMPLES)
        # Every sample answer survived composition: none was silently dropped.
        for entry, sample in zip(
            sorted(entries, key=lambda e: e.created_at),
            sorted(SAMPLES, key=lambda s: -s.days_ago),
            strict=True,
        ):
            expected = {**sample.answers, **(sample.edit or {})}
            assert set(entry.answers) == set(expected), entry.title
    finally:
        unlocked.lock()
        journal.close()


def test_demo_progress_has_an_overdue_refresher(paths, fast_kdf):
    from app.models.progress import compute
    from app.services.demo import demo_scenarios
    from app.services.journal import JournalService
    from app.services.profiles import ProfileService

    fixed = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    info, _ = DemoService(paths, clock=lambda: fixed).create()
    unlocked = ProfileService(paths).unlock(info.id, DEMO_PASSPHRASE)
    journal = JournalService(paths, unlocked)
    try:
        report = compute(journal.list_entries(), demo_scenarios(paths), fixed)
    finally:
        unlocked.lock()
        journal.close()
    assert [r.scenario_id for r in report.refreshers] == ["staff-wellbeing"]
    # The demo's answer to staff-wellbeing.health.debrief ("A team debrief, and knowing how to
    # reach staff support") is no longer the best one: NICE NG116 favours checking in over the
    # following weeks (active monitoring) over a debrief alone (docs/content-review.md).
    assert report.knowledge_total == 3 and report.knowledge_correct == 1
    low = report.topic("low-mood")
    assert low is not None and low.change is not None and low.change > 0


@pytest.mark.timeout(60)
def test_unlock_view_offers_the_demo_on_first_start(paths, fast_kdf, qtbot):
    from app.services.profiles import ProfileService
    from app.ui.profiles.unlock_view import UnlockView
    from app.ui.shared.session_state import SessionState

    service = ProfileService(paths)
    view = UnlockView(service, SessionState())
    qtbot.addWidget(view)
    view.show()
    assert view.demo_button.isVisible()
    view.demo_button.click()
    qtbot.waitUntil(lambda: view.profiles.count() == 1, timeout=30000)
    assert DEMO_PASSPHRASE in view.message.text()
    assert view.passphrase.text() == DEMO_PASSPHRASE
    assert not view.demo_button.isVisible()
    with qtbot.waitSignal(view.unlocked, timeout=30000) as signal:
        view.submit()
    assert signal.args[0].profile.name == DEMO_NAME
    signal.args[0].lock()
