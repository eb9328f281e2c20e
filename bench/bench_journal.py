"""The encrypted journal against plain sqlite-utils doing the same work on the same data.

A journal of 10,000 entries (about 1 KB of answers each) under the real Argon2id policy:
unlock (KDF + opening the journal), list every entry, search (per query), save one entry.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

import sqlite_utils

from app.config import Paths
from app.models import crypto
from app.models.journal import new_id, utc_now
from app.services.journal import JournalService
from app.services.profiles import ProfileService
from bench.fixtures import PASS, fill_sealed
from bench.report import best_of

N = 10_000
WORDS = (
    "patient withdrawn handover sleep eye contact escalate family pupil safeguarding "
    "lesson calm tone flat affect appetite ward night shift colleague support plan "
    "de-escalation listening breathing risk review"
).split()
QUERIES = ["handover", "eye contact", "safeguard", "flat affect review", "zebra"]


def _payload(rng: random.Random, i: int) -> dict:
    text = lambda n: " ".join(rng.choice(WORDS) for _ in range(n))  # noqa: E731
    return {
        "kind": "free",
        "scenario_id": None,
        "title": f"Reflection {i}: {text(3)}",
        "role": "ward-nurse",
        "model": "gibbs",
        "answers": {f"q{j}": text(30) for j in range(5)},
        "markers": [{"at": 12.0, "note": text(6)}],
        "tags": [rng.choice(WORDS)],
    }


def _plain_db(path: Path, payloads: list[dict]) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA synchronous=FULL")
    db.enable_wal()
    db["entries"].insert_all(
        (
            {
                "id": new_id(),
                "updated_at": utc_now(),
                "status": "final",
                "payload": json.dumps(p, ensure_ascii=False),
            }
            for p in payloads
        ),
        pk="id",
    )
    db["entries"].enable_fts(["payload"], tokenize="unicode61")
    return db


def run(report) -> None:
    rng = random.Random(7)
    payloads = [_payload(rng, i) for i in range(N)]
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths.resolve(Path(tmp) / "home").ensure()
        service = ProfileService(paths)
        info, _ = service.create("Bench", "ward-nurse", "", PASS)
        unlocked = service.unlock(info.id, PASS)
        fill_sealed(paths, info.id, unlocked.key(), payloads)
        unlocked.lock()
        plain = _plain_db(Path(tmp) / "plain.db", payloads)

        # unlock: Argon2id + unwrap + open and check the database + open the journal
        def unlock_once():
            u = service.unlock(info.id, PASS)
            j = JournalService(paths, u)
            j.db.execute("SELECT count(*) FROM entries").fetchone()
            j.close()
            u.lock()

        def plain_open():
            db = sqlite_utils.Database(Path(tmp) / "plain.db")
            db.execute("SELECT count(*) FROM entries").fetchone()
            db.close()

        report.add(
            "journal unlock (KDF + open 10k)",
            best_of(unlock_once, 3),
            "s",
            floor=best_of(plain_open),
            max_value=0.6,
        )

        unlocked = service.unlock(info.id, PASS)
        journal = JournalService(paths, unlocked)

        def plain_list():
            return [
                json.loads(r[1])
                for r in plain.execute("SELECT id, payload FROM entries ORDER BY updated_at DESC")
            ]

        listed = journal.list_entries()
        assert len(listed) == N and not any(e.damaged for e in listed)

        def list_fresh():
            # A new journal each time: its cache would answer a second call without reading.
            fresh = JournalService(paths, unlocked)
            fresh.list_entries()
            fresh.close()

        report.add(
            "journal list 10k entries",
            best_of(list_fresh, 3),
            "s",
            floor=best_of(plain_list, 3),
            max_value=0.5,
        )

        t0 = time.perf_counter()
        journal.build_index()
        report.add(
            "journal search index build (10k, once per unlock)", time.perf_counter() - t0, "s"
        )

        def our_search():
            for q in QUERIES:
                journal.search(q)

        def plain_search():
            for q in QUERIES:
                list(plain["entries"].search(" ".join(f'"{w}"*' for w in q.split())))

        report.add(
            "journal search (per query)",
            best_of(our_search) / len(QUERIES),
            "s",
            floor=best_of(plain_search) / len(QUERIES),
            max_value=0.1,
        )

        one = _payload(rng, N + 1)

        def plain_save():
            with plain.conn:
                plain["entries"].insert(
                    {
                        "id": new_id(),
                        "updated_at": utc_now(),
                        "status": "final",
                        "payload": json.dumps(one),
                    }
                )

        report.add(
            "journal save one entry",
            best_of(lambda: journal.add(one, "final"), 9),
            "s",
            floor=best_of(plain_save, 9),
            max_value=0.02,
        )
        report.add(
            "journal KDF memory (policy)",
            crypto.POLICY.m_kib / 1024,
            "MiB",
            floor=crypto.FLOOR.m_kib / 1024,
        )
        journal.close()
        unlocked.lock()
        plain.close()
