"""Trust figures: key rotation of a 10,000-entry journal, and what a PDF password guess costs.

Rotation is compared with the bare work it cannot avoid: opening and sealing every value with
AES-GCM and rewriting every row in plain sqlite-utils. Password guessing compares a report's
revision 6 hash (what Casebook writes now, via qpdf) with revision 5's single SHA-256 (what
reportlab wrote before), both computed in Python the way a guessing script would; the revision
6 hash is first checked against a real report's /U entry, so the figure is for the real thing.
"""

from __future__ import annotations

import hashlib
import io
import random
import tempfile
import time
from pathlib import Path

import pypdf
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.config import Paths
from app.models import crypto
from app.models.journal import SEAL_ENTRY, SEAL_REVISION, encode_payload, new_id, utc_now
from app.models.report import ReportOptions, supervision_report
from app.models.report.sample import PERSON, sample_entries
from app.models.store import open_db
from app.services.profiles import ProfileService
from bench.bench_journal import PASS, _payload

N = 10_000
NEW = "a new passphrase for the bench 7"


def _fill(paths: Paths, profile_id: str, key: bytearray) -> int:
    rng = random.Random(11)
    sealer = crypto.Sealer(key)
    db = open_db(paths.database)
    entries, revisions = [], []
    for i in range(N):
        eid, now = new_id(), utc_now()
        data = encode_payload(_payload(rng, i))
        entries.append(
            (
                eid,
                profile_id,
                now,
                now,
                "final",
                sealer.seal(data, kind=SEAL_ENTRY, profile_id=profile_id, record_id=eid),
            )
        )
        if i % 10 == 0:  # one entry in ten has an earlier version
            rid = new_id()
            revisions.append(
                (
                    rid,
                    eid,
                    profile_id,
                    now,
                    "final",
                    sealer.seal(
                        data, kind=SEAL_REVISION, profile_id=profile_id, record_id=f"{eid}/{rid}"
                    ),
                )
            )
    with db.atomic():
        db.conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)", entries)
        db.conn.executemany("INSERT INTO revisions VALUES (?, ?, ?, ?, ?, ?)", revisions)
    db.close()
    return len(entries) + len(revisions)


def _bare_reseal(paths: Paths, profile_id: str, key: bytes) -> float:
    """The floor: every entry opened and sealed again, rewritten in one plain transaction."""
    db = open_db(paths.database)
    old, new = crypto.Sealer(key), crypto.Sealer(crypto.new_data_key())
    t0 = time.perf_counter()
    rows = db.execute("SELECT id, sealed FROM entries").fetchall()
    out = []
    for eid, sealed in rows:
        ids = {"kind": SEAL_ENTRY, "profile_id": profile_id, "record_id": eid}
        out.append((new.seal(old.open(sealed, **ids), **ids), eid))
    with db.atomic():
        db.conn.executemany("UPDATE entries SET sealed = ? WHERE id = ?", out)
    elapsed = time.perf_counter() - t0
    db.close()
    return elapsed


def _r5_hash(password: bytes, salt: bytes, udata: bytes = b"") -> bytes:
    return hashlib.sha256(password + salt + udata).digest()


def r6_hash(password: bytes, salt: bytes, udata: bytes = b"") -> bytes:
    """ISO 32000-2 algorithm 2.B: the hardened hash of AES-256 revision 6."""
    k = hashlib.sha256(password + salt + udata).digest()
    round_no = 0
    while True:
        k1 = (password + k + udata) * 64
        enc = Cipher(algorithms.AES(k[:16]), modes.CBC(k[16:32])).encryptor()
        e = enc.update(k1) + enc.finalize()
        pick = sum(e[:16]) % 3
        k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[pick](e).digest()
        round_no += 1
        if round_no >= 64 and e[-1] <= round_no - 32:
            return k[:32]


def _guesses_per_second(check, seconds: float = 1.5) -> float:
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        check(f"guess {n}".encode())
        n += 1
    return n / (time.perf_counter() - t0)


def run(report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths.resolve(Path(tmp) / "home").ensure()
        service = ProfileService(paths)
        info, _ = service.create("Bench", "ward-nurse", "", PASS)
        unlocked = service.unlock(info.id, PASS)
        values = _fill(paths, info.id, unlocked.key())
        floor = _bare_reseal(paths, info.id, bytes(unlocked.key()))
        # the floor re-sealed entries under a throwaway key: put the fill back
        paths.database.unlink()
        for extra in ("-wal", "-shm"):
            Path(str(paths.database) + extra).unlink(missing_ok=True)
        unlocked.lock()
        info, _ = service.create("Bench", "ward-nurse", "", PASS)
        unlocked = service.unlock(info.id, PASS)
        values = _fill(paths, info.id, unlocked.key())
        ticks = []
        t0 = time.perf_counter()
        service.rotate_key(unlocked, NEW, progress=lambda d, t: ticks.append(d))
        elapsed = time.perf_counter() - t0
        unlocked.lock()
        print(f"   rotation: {values} values, {len(ticks)} progress reports", flush=True)
        report.add(
            "key rotation, 10k entries + 1k revisions (incl. 2 Argon2id)",
            elapsed,
            "s",
            floor=floor,
            max_value=10.0,
        )

    password = "tide pool 42"
    data = supervision_report(PERSON, sample_entries(1), ReportOptions(password=password))
    encrypt = pypdf.PdfReader(io.BytesIO(data)).trailer["/Encrypt"]
    u = bytes(encrypt["/U"].original_bytes)
    assert int(encrypt["/R"]) == 6
    assert r6_hash(password.encode(), u[32:40]) == u[:32], "the R6 hash matches the real file"
    salt = u[32:40]
    r6 = _guesses_per_second(lambda g: r6_hash(g, salt))
    r5 = _guesses_per_second(lambda g: _r5_hash(g, salt))
    report.add("PDF password guesses/s, revision 6 (now), one core", r6, "/s")
    report.add("PDF password guesses/s, revision 5 (before), one core", r5, "/s")
    print(f"   revision 6 costs {r5 / r6:.0f}x more per guess than revision 5", flush=True)
