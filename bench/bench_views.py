"""The journal and progress views with 10,000 entries: time until shown and painted.

The entries are already decrypted (opening 10,000 sealed entries is measured in
bench_journal.py); this measures what the views add: the item model and filter proxy, the
progress figures, the chart and tables. The floor is a bare QTableView over a plain
QStandardItemModel holding the same rows as text, shown the same way.
"""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime, timedelta

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from app.config import Paths
from app.models.journal import Entry
from app.services.demo import demo_scenarios
from app.services.profiles import ProfileService
from bench.fixtures import PASS, fill_sealed
from bench.report import best_of

N = 10_000


def _entries(scenarios: dict) -> list[Entry]:
    rng = random.Random(4)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    ids = list(scenarios)
    out = []
    for i in range(N):
        sid = ids[i % len(ids)] if i % 7 else None
        objectives = scenarios[sid].learning_objectives if sid else ()
        stamp = (now - timedelta(minutes=37 * i)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        payload = {
            "kind": "scenario" if sid else "free",
            "scenario_id": sid,
            "title": f"Reflection {i}",
            "role": "ward-nurse",
            "model": rng.choice(["nmc", "gibbs", "driscoll"]),
            "answers": {"core.stood-out": "Something stood out " * 5},
            "tags": rng.sample(["nights", "handover", "team", "low mood", "family"], 2),
            "confidence_before": {o: rng.randint(1, 4) for o in objectives},
            "confidence_after": {o: rng.randint(2, 5) for o in objectives},
            "knowledge": {"q": {"answer": "a", "correct": rng.random() < 0.7}} if sid else {},
        }
        status = "draft" if i % 11 == 0 else "final"
        out.append(Entry(f"e{i}", "p", stamp, stamp, status, payload))
    return out


def _settle(widget: QWidget) -> None:
    widget.resize(1366, 768)
    widget.show()
    QApplication.processEvents()
    widget.repaint()  # ready means painted, not only built


def _bare_table(rows: list[list[str]]) -> QWidget:
    model = QStandardItemModel(len(rows), len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            model.setItem(r, c, QStandardItem(text))
    view = QTableView()
    view.setModel(model)
    view._model = model  # keep it alive with the view
    _settle(view)
    return view


def run(report) -> None:
    app = QApplication.instance() or QApplication([])
    from app.ui.journal.journal_model import JournalModel
    from app.ui.journal.journal_view import JournalView
    from app.ui.progress.progress_view import ProgressView
    from app.ui.shared.session_state import SessionState

    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        paths = Paths.resolve(tmp).ensure()
        scenarios = demo_scenarios(paths)
        entries = _entries(scenarios)
        probe = JournalModel()
        probe.set_scenarios(scenarios)
        probe.set_entries(entries)
        rows = [list(probe.row_info(r).texts) for r in range(probe.rowCount())]

        profiles = ProfileService(paths)
        info, _ = profiles.create("Bench", "ward-nurse", "", PASS)
        unlocked = profiles.unlock(info.id, PASS)
        fill_sealed(paths, info.id, unlocked.key(), [e.payload for e in entries])
        session = SessionState(scenarios=lambda: scenarios)
        session.set_unlocked(unlocked)
        # The session reads and decrypts the journal once per unlock (measured in
        # bench_journal); a view opened after that is what is measured here.
        assert session.current is not None and len(session.current.journal.list_entries()) == N
        made: list[QWidget] = []

        def journal_view() -> None:
            made.append(JournalView(paths, session, scenarios=scenarios))
            _settle(made[-1])

        def progress_view() -> None:
            made.append(ProgressView(paths, session, scenarios=scenarios))
            _settle(made[-1])

        floor = best_of(lambda: made.append(_bare_table(rows)))
        journal_time = best_of(journal_view)
        progress_time = best_of(progress_view)
        for w in made:
            w.close()
            w.deleteLater()
        app.processEvents()
        session.lock()
        report.add(
            f"journal view ready ({N:,} entries)",
            journal_time * 1000,
            "ms",
            floor=floor * 1000,
            max_value=300,
        )
        report.add(
            f"progress view ready ({N:,} entries)",
            progress_time * 1000,
            "ms",
            floor=floor * 1000,
            max_value=300,
        )
