"""A data folder on a network drive: found the way each system reports it, and then the
database uses a rollback journal with exclusive locking instead of WAL (which needs memory
shared by every process using the file, impossible across PCs).

On this Linux machine the network drive is a real folder that a faked mount table reports as
cifs; SQLite, the journal and doctor are all real."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.errors import CasebookError
from app.models import store
from app.platform import drives
from app.services import doctor
from tests.test_export import PASS, make_profile

SEEN = "The handover was rushed again: networdseen."


def fake_mountinfo(monkeypatch, folder: Path, fstype: str) -> None:
    """The real mount table, plus `folder` mounted from a file server as `fstype`."""
    real = drives.read_mountinfo()
    mounted = str(folder.resolve()).replace(" ", "\\040")
    line = f"900 27 0:99 / {mounted} rw,relatime - {fstype} //files/home$ rw,vers=3.1.1"
    monkeypatch.setattr(drives, "read_mountinfo", lambda: real + line + "\n")


# --- finding a network drive ----------------------------------------------------------------

MOUNTINFO = textwrap.dedent(
    """\
    27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
    40 27 0:50 / /mnt/share rw - cifs //server/share rw
    41 40 8:2 / /mnt/share/local\\040disk rw - ext4 /dev/sdb1 rw
    42 27 0:51 / /home/ana rw - nfs4 server:/home/ana rw
    43 27 0:52 / /media/sshfs rw - fuse.sshfs ana@host: rw
    """
)


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/mnt/share/Casebook/casebook.db", "cifs"),
        ("/mnt/share", "cifs"),
        ("/mnt/shared/Casebook", "ext4"),  # a longer name, not a folder inside the share
        ("/mnt/share/local disk/Casebook", "ext4"),  # the longest mount point wins
        ("/home/ana/.local/share/Casebook", "nfs4"),
        ("/media/sshfs/x", "fuse.sshfs"),
        ("/var/lib/casebook", "ext4"),
    ],
)
def test_mount_table_gives_the_file_system_of_the_longest_mount_point(path, fstype):
    assert drives.fstype_from_mountinfo(Path(path), MOUNTINFO) == fstype


def test_linux_network_file_systems_are_network(monkeypatch, tmp_path):
    for fstype, network in (("cifs", True), ("nfs4", True), ("fuse.sshfs", True), ("ext4", False)):
        fake_mountinfo(monkeypatch, tmp_path, fstype)
        where = drives.locate(tmp_path / "Casebook" / "casebook.db", platform="linux")
        assert where.network is network and fstype in where.how


def test_macos_asks_statfs_for_the_type(monkeypatch, tmp_path):
    asked = []

    def statfs(path):
        asked.append(path)
        return "smbfs"

    monkeypatch.setattr(drives, "macos_fstype", statfs)
    assert drives.locate(tmp_path / "casebook.db", platform="darwin").network
    assert asked == [Path(tmp_path.resolve())]  # the nearest folder that exists
    monkeypatch.setattr(drives, "macos_fstype", lambda path: "apfs")
    assert not drives.locate(tmp_path, platform="darwin").network


def test_windows_unc_paths_and_mapped_drives(monkeypatch):
    asked = []

    def drive_type(root):
        asked.append(root)
        return {"H:\\": drives.DRIVE_REMOTE, "C:\\": 3}[root]

    monkeypatch.setattr(drives, "windows_drive_type", drive_type)
    unc = drives.locate(r"\\files\home$\ana\Casebook\casebook.db", platform="win32")
    assert unc.network and unc.how == "UNC path"
    assert asked == []  # a UNC path is remote without asking
    assert drives.locate(r"H:\Casebook\casebook.db", platform="win32").network
    local = drives.locate(r"C:\Users\ana\AppData\Local\Casebook\casebook.db", platform="win32")
    assert not local.network
    assert asked == ["H:\\", "C:\\"]


# --- the database on a network drive --------------------------------------------------------


@pytest.fixture
def on_network_drive(monkeypatch, paths):
    fake_mountinfo(monkeypatch, paths.data_dir, "cifs")
    return paths


def test_journal_works_end_to_end_without_wal_on_a_network_drive(on_network_drive, fast_kdf):
    from app.services.journal import JournalService
    from tests.test_export import add

    paths = on_network_drive
    unlocked = make_profile(paths)
    journal = JournalService(paths, unlocked)
    try:
        entry = add(paths, journal, {"core.stood-out": SEEN})
        assert store.journal_mode(journal.db) == "delete"
        assert store.locking_mode(journal.db) == "exclusive"
        again = journal.get(entry.id)
        assert not again.damaged and SEEN in str(again.payload)
        listed = [e.id for e in journal.list_entries()]
        assert entry.id in listed
        assert not paths.database.with_name("casebook.db-wal").exists()
        assert not paths.database.with_name("casebook.db-shm").exists()
        # The profile service opens the file while the journal has it: the one shared
        # connection, not a second one waiting for ever on the exclusive lock.
        from app.services.profiles import ProfileService

        assert [p.name for p in ProfileService(paths).list_profiles()] == ["Robin Ashby"]
    finally:
        journal.close()
        unlocked.lock()
    assert not store._SHARED  # the last user closed it


def test_another_computer_cannot_open_it_while_it_is_in_use(on_network_drive, fast_kdf):
    paths = on_network_drive
    make_profile(paths)
    db = store.open_db(paths.database)
    try:
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys\n"
                "c = sqlite3.connect(sys.argv[1], timeout=0.2)\n"
                "print(c.execute('SELECT count(*) FROM profiles').fetchone()[0])\n",
                str(paths.database),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert other.returncode != 0 and "locked" in other.stderr
    finally:
        db.close()


def test_a_wal_file_moved_to_a_network_drive_switches_to_a_rollback_journal(
    paths, monkeypatch, fast_kdf
):
    make_profile(paths)  # made on a local disk: WAL
    db = store.open_db(paths.database)
    assert store.journal_mode(db) == "wal"
    db.close()
    fake_mountinfo(monkeypatch, paths.data_dir, "smb3")
    db = store.open_db(paths.database)
    try:
        assert store.journal_mode(db) == "delete"
        assert db.execute("SELECT count(*) FROM profiles").fetchone()[0] == 1
        store.checkpoint(db)  # harmless in rollback mode
    finally:
        db.close()
    monkeypatch.undo()
    db = store.open_db(paths.database)  # copied back to a local disk: WAL again
    try:
        assert store.journal_mode(db) == "wal"
    finally:
        db.close()


def test_doctor_says_which_mode_is_in_use(paths, monkeypatch, fast_kdf):
    make_profile(paths)
    local = [f.message for f in doctor.check_database(paths, PASS)]
    assert any("local disk" in m and "WAL" in m for m in local), local
    fake_mountinfo(monkeypatch, paths.data_dir, "cifs")
    found = doctor.check_database(paths, PASS)
    messages = [f.message for f in found]
    assert any(
        "network drive" in m and "file system cifs" in m and "rollback journal" in m
        for m in messages
    ), messages
    assert all(f.ok for f in found), messages


def test_locked_by_another_computer_says_so(on_network_drive, fast_kdf):
    locked = sqlite3.OperationalError("database is locked")
    error = store.storage_error(locked, on_network_drive.database)
    assert isinstance(error, CasebookError)
    assert "another computer" in str(error)


def test_a_share_without_hard_links_still_gets_a_new_database(
    on_network_drive, monkeypatch, fast_kdf
):
    import errno
    import os

    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted", str(src))

    monkeypatch.setattr(os, "link", no_links)
    make_profile(on_network_drive)
    db = store.open_db(on_network_drive.database)
    try:
        assert store.journal_mode(db) == "delete"
        assert db.execute("SELECT count(*) FROM profiles").fetchone()[0] == 1
    finally:
        db.close()
    assert [p.name for p in on_network_drive.data_dir.glob(".casebook.db.*")] == []
