"""The portfolio of a profile with 10,000 journal entries and 500 CPD activities.

Entries: 9,700 free reflections, 280 finished scenario reflections and 20 group sessions over
the three-year cycle (300 activities derived from the journal), plus 200 activities added by
hand, five reflective accounts and the discussion and confirmation records.

- view: the Portfolio place refreshed and painted (totals, bars, the 500-row CPD log, the
  accounts), with the journal already open as it is after unlock; floor: a bare QTableView
  over the same 500 rows of text.
- view, cold: the same right after unlock (every entry decrypted first); no target.
- export: the whole portfolio PDF and CSV written; floor: a bare reportlab document with the
  same table and account paragraphs in the same font.
Targets: view <= 300 ms, export <= 3 s.
"""

from __future__ import annotations

import io
import json
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from app.config import Paths
from app.models import crypto
from app.models.journal import SEAL_ENTRY, encode_payload, new_id
from app.models.portfolio import Activity
from app.models.store import open_db
from app.services.portfolio import SEAL_PORTFOLIO, TABLE, PortfolioService
from app.services.profiles import ProfileService
from app.services.session import UnlockedSession
from bench.report import best_of

PASS = "bench marks are not passphrases 42"
TODAY = date(2027, 6, 1)
CYCLE_START = date(2024, 7, 1)
SPAN = (TODAY - CYCLE_START).days
WORDS = (
    "patient withdrawn handover sleep eye contact escalate family colleague support plan "
    "de-escalation listening breathing risk review ward night shift calm tone"
).split()
SCENARIOS = ("low-mood-inpatient", "psychosis-voices", "staff-wellbeing")


def _stamp(day: date) -> str:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _payloads(rng: random.Random) -> list[tuple[dict, date]]:
    text = lambda n: " ".join(rng.choice(WORDS) for _ in range(n))  # noqa: E731
    start = CYCLE_START
    out = []
    for i in range(10_000):
        day = start + timedelta(days=rng.randrange(SPAN))
        if i < 280:
            payload = {
                "kind": "scenario",
                "scenario_id": SCENARIOS[i % 3],
                "title": f"Reflection {i}",
                "model": "nmc",
                "answers": {
                    "nmc.nature": text(60),
                    "nmc.learned": text(40),
                    "nmc.changed": text(30),
                    "nmc.code.themes": ["Prioritise people"],
                },
            }
        elif i < 300:
            payload = {
                "kind": "group-session",
                "title": "Group session: ward team",
                "answers": {"session-notes": text(20)},
                "extra": {"date": day.isoformat(), "minutes": 90, "plan": {"title": "Ward team"}},
            }
        else:
            payload = {
                "kind": "free",
                "title": f"Note {i}",
                "answers": {"core-free.what-happened": text(40)},
            }
        out.append((payload, day))
    return out


def _fill(paths: Paths, profile_id: str, key: bytearray, rng: random.Random) -> list[str]:
    """Bulk-load sealed entries and activities in one transaction each."""
    sealer = crypto.Sealer(key)
    db = open_db(paths.database)
    rows, scenario_ids = [], []
    for payload, day in _payloads(rng):
        eid = new_id()
        sealed = sealer.seal(
            encode_payload(payload), kind=SEAL_ENTRY, profile_id=profile_id, record_id=eid
        )
        rows.append((eid, profile_id, _stamp(day), _stamp(day), "final", sealed))
        if payload["kind"] == "scenario":
            scenario_ids.append(eid)
    with db.atomic():
        db.conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)", rows)
    records = []
    start = CYCLE_START
    for i in range(200):
        activity = Activity(
            id=new_id(),
            day=start + timedelta(days=rng.randrange(SPAN)),
            title=f"Study day {i}: " + " ".join(rng.choice(WORDS) for _ in range(4)),
            method=rng.choice(["Course", "Study day", "Reading", "Peer review"]),
            hours=rng.choice([1.0, 2.5, 3.0, 7.5]),
            participatory_hours=rng.choice([0.0, 1.0]),
            themes=("practise-effectively",),
            evidence="Certificate in my file",
        )
        value = json.dumps({"type": "activity", **activity.to_dict()}).encode()
        sealed = sealer.seal(
            value, kind=SEAL_PORTFOLIO, profile_id=profile_id, record_id=activity.id
        )
        records.append((activity.id, profile_id, _stamp(TODAY), sealed))
    with db.atomic():
        db.conn.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?)", records)
    db.close()
    return scenario_ids


def _bare_pdf(rows: list[list[str]], paragraphs: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

    from app.models.report.styles import FONT, register_fonts

    register_fonts()
    style = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=12)
    story = [Table([[Paragraph(escape(c), style) for c in r] for r in rows], repeatRows=1)]
    for text in paragraphs:
        story += [PageBreak(), Paragraph(escape(text), style)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def run(report) -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from app.ui.portfolio.portfolio_view import PortfolioView
    from app.ui.shared.session_state import SessionState

    app = QApplication.instance() or QApplication([])
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths.resolve(Path(tmp) / "home").ensure()
        service = ProfileService(paths)
        info, _ = service.create("Bench", "ward-nurse", "Ward 7", PASS)
        unlocked = service.unlock(info.id, PASS)
        scenario_ids = _fill(paths, info.id, unlocked.key(), rng)
        unlocked.lock()

        def open_session() -> UnlockedSession:
            session = UnlockedSession(service.unlock(info.id, PASS))
            session._portfolio = PortfolioService(
                paths, session.journal, scenarios=session.scenarios, clock=lambda: TODAY
            )
            return session

        session = open_session()
        portfolio = session.portfolio
        portfolio.choose("nmc-revalidation", "2027-06-30")
        for entry_id in scenario_ids[:5]:
            portfolio.save_account(portfolio.draft_account(entry_id), final=True)
        portfolio.set_record("discussion", name="A", registration="1", day="2027-05-01")
        portfolio.set_record("confirmation", name="B", registration="2", day="2027-05-02")
        standing = portfolio.standing()
        assert standing.totals.activities == 500, standing.totals.activities
        session.lock()

        # cold: unlock, then the first view (every entry decrypted)
        state = SessionState()
        view = PortfolioView(state)
        view.resize(1366, 768)
        view.show()
        current = open_session()
        t0 = time.perf_counter()
        state.set_unlocked(current)
        app.processEvents()
        view.repaint()
        cold = time.perf_counter() - t0

        def warm() -> None:
            view.refresh()
            app.processEvents()
            view.repaint()

        rows = [
            [a.day.isoformat(), a.title, a.method, f"{a.hours:g}", f"{a.participatory_hours:g}"]
            for a in standing.activities
        ]

        def bare_table() -> None:
            model = QStandardItemModel(len(rows), len(rows[0]))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    model.setItem(r, c, QStandardItem(text))
            table = QTableView()
            table.setModel(model)
            table.resize(1366, 768)
            table.show()
            app.processEvents()
            table.repaint()
            table.close()

        report.add(
            "portfolio view (500 activities, 10k entries)",
            best_of(warm, 5) * 1000,
            "ms",
            floor=best_of(bare_table, 5) * 1000,
            max_value=300,
        )
        report.add("portfolio view, cold after unlock", cold * 1000, "ms")

        out = Path(tmp) / "portfolio.pdf"
        csv_out = Path(tmp) / "cpd.csv"
        accounts = [" ".join(a.answers.values()) for a in current.portfolio.accounts()]

        def export() -> None:
            current.portfolio.export(out, csv_out=csv_out)

        report.add(
            "portfolio export (PDF + CSV, 500 activities)",
            best_of(export, 3),
            "s",
            floor=best_of(
                lambda: _bare_pdf([["Date", "Topic", "Method", "H", "P"], *rows], accounts), 3
            ),
            max_value=3.0,
        )
        view.close()
        state.lock()
