"""What several benchmarks share: a passphrase and a fast way to fill a journal."""

from __future__ import annotations

from app.config import Paths
from app.models import crypto
from app.models.journal import SEAL_ENTRY, encode_payload, new_id, utc_now
from app.models.store import open_db

PASS = "bench marks are not passphrases 42"


def fill_sealed(paths: Paths, profile_id: str, key: bytearray, payloads: list[dict]) -> None:
    """Bulk-load sealed rows in one transaction (saving one at a time is measured below)."""
    sealer = crypto.Sealer(key)
    db = open_db(paths.database)
    rows = []
    for p in payloads:
        eid, now = new_id(), utc_now()
        sealed = sealer.seal(
            encode_payload(p), kind=SEAL_ENTRY, profile_id=profile_id, record_id=eid
        )
        rows.append((eid, profile_id, now, now, "final", sealed))
    with db.atomic():
        db.conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.close()
