"""Key rotation retires old passphrases and recovery codes for real, and survives a SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from app.errors import CasebookError
from app.models import crypto
from app.models.journal import SEAL_ENTRY
from app.services.backup import BackupService
from app.services.journal import JournalService
from app.services.profiles import SLOT_PASSPHRASE, ProfileService, WrongPassphrase, unwrap_slot

PASS = "plum kettle orbit 7 window"
NEW = "seven quiet harbour lamps"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _profile_row(paths, profile_id):
    conn = sqlite3.connect(paths.database)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM profiles WHERE id = ?", [profile_id]).fetchone())
    finally:
        conn.close()


def _journal_with(paths, service, info, n=30):
    journal = JournalService(paths, service.unlock(info.id, PASS))
    ids = []
    for i in range(n):
        e = journal.add({"kind": "free", "title": f"entry {i}"}, "final")
        if i % 3 == 0:
            journal.update(e.id, {"kind": "free", "title": f"entry {i} edited"}, "final")
        ids.append(e.id)
    journal.save_autosave_draft("form-1", {"answers": {"q": "half typed"}})
    journal.close()
    journal.unlocked.lock()
    return ids


def _all_open(paths, unlocked, ids):
    journal = JournalService(paths, unlocked)
    try:
        entries = journal.list_entries()
        assert {e.id for e in entries} == set(ids)
        assert not [e for e in entries if e.damaged]
        for e in entries:
            for rev in journal.revisions(e.id):
                assert not rev.damaged
        assert journal.load_autosave_drafts()["form-1"] == {"answers": {"q": "half typed"}}
    finally:
        journal.close()


def test_old_wrapped_keys_open_nothing_written_after_a_rotation(paths, fast_kdf):
    service = ProfileService(paths)
    info, old_code = service.create("Alex", "teacher", "Ward 7", PASS)
    ids = _journal_with(paths, service, info)
    # What an attacker kept: the wrapped keys of the first passphrase (an old backup header).
    stolen = _profile_row(paths, info.id)
    unlocked = service.unlock(info.id, PASS)
    seen = []
    new_code = service.change_passphrase(
        unlocked, NEW, rotate=True, progress=lambda done, total: seen.append((done, total))
    )
    assert new_code and new_code != old_code
    assert seen and seen[-1][0] == seen[-1][1] > len(ids)
    journal = JournalService(paths, unlocked)  # the rotated session carries on
    later = journal.add({"kind": "free", "title": "written after the rotation"}, "final")
    journal.close()
    unlocked.lock()

    old_key = unwrap_slot(stolen, PASS, SLOT_PASSPHRASE)  # the old slot still unwraps...
    sealer = crypto.Sealer(old_key)
    conn = sqlite3.connect(paths.database)
    rows = conn.execute("SELECT id, sealed FROM entries").fetchall()
    conn.close()
    for entry_id, sealed in rows:  # ...but opens no entry, old or new
        with pytest.raises(crypto.DamagedValue):
            sealer.open(sealed, kind=SEAL_ENTRY, profile_id=info.id, record_id=entry_id)
    with pytest.raises(WrongPassphrase):
        service.unlock(info.id, PASS)
    with pytest.raises(WrongPassphrase):
        service.recover(info.id, old_code, "another long passphrase here")
    again = service.unlock(info.id, NEW)
    assert again.profile.setting == "Ward 7" and not again.prefs_damaged
    _all_open(paths, again, [*ids, later.id])


def test_recovery_rotates_by_default(paths, fast_kdf):
    service = ProfileService(paths)
    info, code = service.create("Alex", "teacher", "", PASS)
    ids = _journal_with(paths, service, info, n=5)
    stolen = _profile_row(paths, info.id)
    service.recover(info.id, code, NEW)
    assert _profile_row(paths, info.id)["wrapped_key"] != stolen["wrapped_key"]
    old_key = unwrap_slot(stolen, PASS, SLOT_PASSPHRASE)
    conn = sqlite3.connect(paths.database)
    entry_id, sealed = conn.execute("SELECT id, sealed FROM entries").fetchone()
    conn.close()
    with pytest.raises(crypto.DamagedValue):
        crypto.Sealer(old_key).open(sealed, kind=SEAL_ENTRY, profile_id=info.id, record_id=entry_id)
    _all_open(paths, service.unlock(info.id, NEW), ids)


def test_a_backup_from_before_a_rotation_says_what_it_opens(paths, fast_kdf, tmp_path):
    service = ProfileService(paths)
    info, _ = service.create("Alex", "teacher", "", PASS)
    _journal_with(paths, service, info, n=3)
    unlocked = service.unlock(info.id, PASS)
    BackupService(paths).write(unlocked, tmp_path / "old.casebook")
    service.rotate_key(unlocked, NEW)
    unlocked.lock()
    with pytest.raises(CasebookError, match="before the key of 'Alex' was changed"):
        BackupService(paths).plan_restore(tmp_path / "old.casebook", PASS)


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from app.models import crypto
    crypto.POLICY = crypto.FLOOR = crypto.KdfParams(t=1, m_kib=64, p=1)  # test speed only
    from app.config import Paths
    from app.services import key_rotation
    from app.services.profiles import ProfileService

    key_rotation.BATCH = 7
    paths = Paths.resolve(sys.argv[1]).ensure()
    service = ProfileService(paths)
    unlocked = service.unlock(sys.argv[2], sys.argv[3])
    stop_at = int(sys.argv[4])

    def progress(done, total):
        if done >= stop_at:  # a real power cut half way through, not an exception
            os.kill(os.getpid(), signal.SIGKILL)

    service.change_passphrase(unlocked, sys.argv[5], rotate=True, progress=progress)
    """
)


@pytest.mark.parametrize("stop_at", [7, 21, 35])
def test_sigkill_half_way_through_a_rotation_leaves_a_journal_that_opens_whole(
    paths, fast_kdf, stop_at
):
    service = ProfileService(paths)
    info, code = service.create("Alex", "teacher", "Ward 7", PASS)
    ids = _journal_with(paths, service, info, n=30)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(paths.data_dir), info.id, PASS, str(stop_at), NEW],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    conn = sqlite3.connect(paths.database)
    assert conn.execute("SELECT count(*) FROM rotations").fetchone()[0] == 1
    conn.close()
    # The switch never happened: the new passphrase does not open, the old one opens it all.
    with pytest.raises(WrongPassphrase):
        service.unlock(info.id, NEW)
    unlocked = service.unlock(info.id, PASS)
    _all_open(paths, unlocked, ids)
    # ...and a rotation started again finishes.
    service.rotate_key(unlocked, NEW)
    unlocked.lock()
    _all_open(paths, service.unlock(info.id, NEW), ids)


def test_command_line_seen_rotates_and_a_weak_recovery_slot_gets_a_new_code(
    paths, fast_kdf, monkeypatch, capsys
):
    from app.cli import main

    monkeypatch.setattr("app.commands.profile.can_prompt", lambda: False)
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", PASS)
    assert main(["profile", "create", "--name", "Alex", "--role", "teacher"]) == 0
    first_code = capsys.readouterr().out.strip()
    service = ProfileService(paths)
    info = service.find("Alex")
    stolen = _profile_row(paths, info.id)
    monkeypatch.setenv("CASEBOOK_NEW_PASSPHRASE", NEW)
    assert main(["profile", "passwd", "--name", "Alex", "--seen"]) == 0
    out, err = capsys.readouterr()
    assert "re-sealed under a new key" in err and out.strip() and out.strip() != first_code
    assert _profile_row(paths, info.id)["rec_wrapped_key"] != stolen["rec_wrapped_key"]

    # The policy rises: the recovery slot cannot follow without the code, so a new one is offered.
    monkeypatch.setattr(crypto, "POLICY", crypto.KdfParams(t=2, m_kib=128, p=1))
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", NEW)
    assert main(["journal", "list", "--profile", "Alex"]) == 0
    assert "profile new-code" in capsys.readouterr().err
    assert main(["profile", "new-code", "--name", "Alex"]) == 0
    new_code = capsys.readouterr().out.strip()
    assert not service.recovery_below_policy(info.id)
    assert service.recover(info.id, new_code, "a different long passphrase 9", rotate=False)


def test_a_rotation_running_elsewhere_is_waited_for_and_a_stale_one_undone(paths, fast_kdf):
    import socket

    from app.models.journal import utc_now

    service = ProfileService(paths)
    info, _ = service.create("Alex", "teacher", "", PASS)
    ids = _journal_with(paths, service, info, n=3)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        conn = sqlite3.connect(paths.database)
        with conn:
            conn.execute(
                "INSERT INTO rotations VALUES (?, ?, ?, ?)",
                [info.id, utc_now(), f"{socket.gethostname()}:{other.pid}", b"x" * 60],
            )
        with pytest.raises(CasebookError, match="being changed in another Casebook window"):
            service.unlock(info.id, PASS)
        assert service.failed_attempts(info.id) == 0  # the passphrase was right
        with conn:  # the same process id, but long ago: a crash, and the id reused since
            conn.execute("UPDATE rotations SET started_at = '2020-01-01T00:00:00.000000Z'")
        conn.close()
        _all_open(paths, service.unlock(info.id, PASS), ids)
    finally:
        other.kill()
        other.wait()
