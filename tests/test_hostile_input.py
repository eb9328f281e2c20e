"""Crafted files, damaged databases, races and full disks: one clear line and exit 1, never a
traceback or a hang; nothing damaged is silently replaced."""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.cli import main
from app.services.journal import JournalService
from app.services.profiles import ProfileService

PASS = "plum kettle orbit 7 window"
ROOT = Path(__file__).resolve().parent.parent


def run_cli(home: Path, *argv: str, passphrase: str | None = PASS, timeout: float = 60):
    """The real command in its own process, as a person or a script runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env["CASEBOOK_HOME"] = str(home)
    if passphrase is not None:
        env["CASEBOOK_PASSPHRASE"] = passphrase
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "app", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    result.seconds = time.monotonic() - started  # type: ignore[attr-defined]
    return result


def one_clear_line(result) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def alex(paths, fast_kdf):
    """A profile made at the toy cost, so the real commands unlock it quickly."""
    service = ProfileService(paths)
    info, code = service.create("Alex", "teacher", "Ward 7", PASS)
    journal = JournalService(paths, service.unlock(info.id, PASS))
    journal.add({"kind": "free", "title": "kept safe"}, "final")
    journal.close()
    journal.unlocked.lock()
    return info


# --- a crafted backup header -----------------------------------------------------------------


def _backup(paths, info, out: Path) -> Path:
    from app.services.backup import BackupService

    unlocked = ProfileService(paths).unlock(info.id, PASS)
    BackupService(paths).write(unlocked, out)
    unlocked.lock()
    return out


def _with_header(source: Path, target: Path, change) -> Path:
    data = source.read_bytes()
    magic, rest = data.split(b"\n", 1)
    header, sealed = rest.split(b"\n", 1)
    fields = json.loads(header)
    change(fields)
    target.write_bytes(magic + b"\n" + json.dumps(fields).encode() + b"\n" + sealed)
    return target


CRAFTED = {
    "kdf_t as text": lambda h: h.update(kdf_t="3"),
    "kdf_t of 100000": lambda h: h.update(kdf_t=100000),
    "kdf_m of 2^40": lambda h: h.update(kdf_m=2**40),
    "kdf_m of 8 GiB": lambda h: h.update(kdf_m=8 * 1024 * 1024),
    "kdf_p of 0": lambda h: h.update(kdf_p=0),
    "salt not base64": lambda h: h.update(salt="not base64 at all!"),
    "empty salt": lambda h: h.update(salt=""),
    "no wrapped key": lambda h: h.pop("wrapped_key"),
    "name a number": lambda h: h.update(name=7),
    "header a list": lambda h: h.clear(),
}


@pytest.mark.parametrize("what", list(CRAFTED))
def test_a_crafted_backup_header_gets_one_line_and_exit_1(alex, paths, tmp_path, what):
    good = _backup(paths, alex, tmp_path / "alex.casebook")
    bad = _with_header(good, tmp_path / "crafted.casebook", CRAFTED[what])
    other = tmp_path / "other-home"
    result = run_cli(other, "restore", str(bad), "--yes")
    line = one_clear_line(result)
    assert "damaged" in line
    assert result.seconds < 20  # type: ignore[attr-defined]


# --- a tampered database ---------------------------------------------------------------------

TAMPERED = {
    "kdf_t as text": "UPDATE profiles SET kdf_t = 'three'",
    "kdf_t of 100000": "UPDATE profiles SET kdf_t = 100000",
    "kdf_m of 8 GiB": f"UPDATE profiles SET kdf_m = {8 * 1024 * 1024}",
    "kdf_p of 0": "UPDATE profiles SET kdf_p = 0",
    "salt as text": "UPDATE profiles SET salt = 'abc'",
    "empty salt": "UPDATE profiles SET salt = x''",
    "wrapped key cut": "UPDATE profiles SET wrapped_key = substr(wrapped_key, 1, 10)",
}


@pytest.mark.parametrize("what", list(TAMPERED))
def test_a_tampered_profile_row_gets_one_line_and_exit_1(alex, paths, what):
    conn = sqlite3.connect(paths.database)
    with conn:
        conn.execute(TAMPERED[what])
    conn.close()
    result = run_cli(paths.data_dir, "journal", "list", "--profile", "Alex")
    line = one_clear_line(result)
    assert "damaged" in line and "Alex" in line
    assert result.seconds < 20  # type: ignore[attr-defined]


def test_a_dropped_table_is_named(alex, paths):
    conn = sqlite3.connect(paths.database)
    conn.execute("DROP TABLE revisions")
    conn.close()
    line = one_clear_line(run_cli(paths.data_dir, "journal", "list", "--profile", "Alex"))
    assert "revisions table is missing" in line


def test_an_empty_database_file_is_damage_never_replaced(home):
    home.mkdir(exist_ok=True)
    (home / "casebook.db").write_bytes(b"")
    line = one_clear_line(run_cli(home, "profile", "list"))
    assert "empty (0 bytes)" in line and "damaged" in line
    doctor = run_cli(home, "doctor")
    assert doctor.returncode != 0 and "empty (0 bytes)" in doctor.stdout + doctor.stderr
    assert (home / "casebook.db").stat().st_size == 0


def test_deeply_nested_answers_are_refused_kindly(alex, paths, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    line = one_clear_line(
        run_cli(
            paths.data_dir,
            "journal",
            "add",
            "--profile",
            "Alex",
            "--free",
            "--title",
            "t",
            "--answers",
            str(deep),
        )
    )
    assert "nested too deeply" in line


def test_damaged_preferences_are_reported(alex, paths):
    conn = sqlite3.connect(paths.database)
    with conn:
        conn.execute("UPDATE profiles SET prefs = randomblob(300)")
    conn.close()
    result = run_cli(paths.data_dir, "journal", "list", "--profile", "Alex")
    assert result.returncode == 0, result.stderr
    assert "preferences" in result.stderr and "damaged" in result.stderr


def test_damaged_settings_are_reported_by_doctor(paths):
    paths.settings_file.write_text('{"refresher_days": "ninety"', encoding="utf-8")
    result = run_cli(paths.data_dir, "doctor")
    assert "settings file" in result.stdout + result.stderr
    assert "damaged" in result.stdout + result.stderr


# --- guessing across processes --------------------------------------------------------------


def test_the_growing_wait_holds_across_processes(alex, paths):
    """Wrong guesses in one process (the app) make the next process (a command) wait too."""
    from app.services.profiles import WrongPassphrase

    now = time.time()
    for i in range(6):  # spaced out by more than each wait, the last one just now
        service = ProfileService(paths, clock=lambda i=i: now - (5 - i) * 100)
        with pytest.raises(WrongPassphrase):
            service.unlock(alex.id, "wrong guess number x")
    line = one_clear_line(run_cli(paths.data_dir, "journal", "list", "--profile", "Alex"))
    assert "Please wait" in line  # even the right passphrase, in a new process
    assert ProfileService(paths).retry_after(alex.id) > 0
    wrong = one_clear_line(
        run_cli(paths.data_dir, "journal", "list", "--profile", "Alex", passphrase="again no")
    )
    assert "Please wait" in wrong
    assert ProfileService(paths).failed_attempts(alex.id) == 6  # a refused try is not a guess


# --- files, races and copies ----------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_command_line_makes_owner_only_files(tmp_path):
    home = tmp_path / "fresh"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env["CASEBOOK_HOME"] = str(home)
    subprocess.run(
        ["sh", "-c", f"umask 022 && exec {sys.executable} -m app profile list"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    assert _mode(home) == 0o700
    assert _mode(home / "logs") == 0o700
    assert _mode(home / "logs" / "casebook-cli.log") == 0o600
    assert _mode(home / "casebook.db") == 0o600


CREATE = textwrap.dedent(
    """
    import sys, time
    from app.models import crypto
    crypto.POLICY = crypto.FLOOR = crypto.KdfParams(t=1, m_kib=64, p=1)  # test speed only
    from app.config import Paths
    from app.errors import CasebookError
    from app.services.profiles import ProfileService
    service = ProfileService(Paths.resolve(sys.argv[1]))
    while time.time() < float(sys.argv[3]):
        pass
    try:
        service.create(sys.argv[2], "teacher", "", "plum kettle orbit 7 window")
        print("made")
    except CasebookError as exc:
        print("refused:", exc)
    """
)


def test_simultaneous_creates_of_one_name_make_one_profile(tmp_path):
    home = tmp_path / "race"
    start = time.time() + 1.5
    names = ["Alex", "ALEX", "Ａｌｅｘ", "alex ", "Alex"]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CREATE, str(home), name, str(start)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    outputs = [c.communicate(timeout=60) for c in children]
    assert all(c.returncode == 0 for c in children), outputs
    made = [out for out, _ in outputs if out.startswith("made")]
    assert len(made) == 1, outputs
    conn = sqlite3.connect(home / "casebook.db")
    assert conn.execute("SELECT count(*) FROM profiles").fetchone()[0] == 1
    conn.close()


def test_many_first_starts_on_a_new_folder_all_succeed(tmp_path):
    home = tmp_path / "new"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env["CASEBOOK_HOME"] = str(home)
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "app", "profile", "list"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(12)
    ]
    outputs = [c.communicate(timeout=120) for c in children]
    assert all(c.returncode == 0 for c in children), outputs


def test_copying_the_database_alone_after_lock_holds_every_entry(paths, fast_kdf, tmp_path):
    service = ProfileService(paths)
    info, _ = service.create("Alex", "teacher", "", PASS)
    unlocked = service.unlock(info.id, PASS)
    journal = JournalService(paths, unlocked)
    for i in range(28):
        journal.add({"kind": "free", "title": f"entry {i}"}, "final")
    unlocked.lock()  # the journal is still open (the app's session), as when someone copies it
    copy = tmp_path / "copy.db"
    shutil.copyfile(paths.database, copy)
    journal.close()
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 28
    conn.close()


@pytest.mark.tools("unshare")
def test_a_full_disk_is_named(alex, paths, tmp_path):
    """A real small file system (tmpfs in a private mount namespace) filled up to 24 KiB."""
    small = tmp_path / "small"
    small.mkdir()
    script = textwrap.dedent(
        f"""
        set -e
        mount -t tmpfs -o size=2m tmpfs {small}
        cp -a {paths.data_dir}/. {small}/
        free=$(df --output=avail -B1 {small} | tail -1)
        head -c $((free - 24576)) /dev/zero > {small}/filler || true
        CASEBOOK_HOME={small} {sys.executable} -m app journal add --profile Alex \\
            --free --title one --final < /dev/null || echo "exit=$?" >&2
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env["CASEBOOK_PASSPHRASE"] = PASS
    result = subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "exit=1" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "not enough free disk space" in result.stderr, result.stderr


def test_profile_names_compare_unicode_normalised(paths, fast_kdf):
    service = ProfileService(paths)
    service.create("Zoë", "teacher", "", PASS)
    from app.errors import CasebookError

    with pytest.raises(CasebookError, match="already exists"):
        service.create("ZOE\u0308", "teacher", "", PASS)  # e + combining diaeresis


def test_cli_in_process_wrong_type_header(paths, fast_kdf, tmp_path, monkeypatch, capsys):
    """The same check in-process: a header whose salt is base64 of nothing."""
    bad = tmp_path / "b.casebook"
    header = {
        "profile_id": "x",
        "name": "X",
        "role": "teacher",
        "kdf_t": 1,
        "kdf_m": 64,
        "kdf_p": 1,
        "salt": base64.b64encode(b"").decode() or "AA==",
        "wrapped_key": "AA==",
        "rec_t": 1,
        "rec_m": 64,
        "rec_p": 1,
        "rec_salt": "AA==",
        "rec_wrapped_key": "AA==",
    }
    bad.write_bytes(b"CASEBOOK-BACKUP 1\n" + json.dumps(header).encode() + b"\nxx")
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", PASS)
    monkeypatch.setattr("app.commands.profile.can_prompt", lambda: False)
    assert main(["restore", str(bad)]) == 1
    assert "damaged" in capsys.readouterr().err


@pytest.mark.tools("unshare")
def test_a_read_only_folder_is_named(alex, paths, tmp_path):
    """A real read-only file system (root ignores folder permissions, a read-only mount not)."""
    small = tmp_path / "ro"
    small.mkdir()
    script = textwrap.dedent(
        f"""
        set -e
        mount -t tmpfs -o size=16m tmpfs {small}
        cp -a {paths.data_dir}/. {small}/
        mount -o remount,ro {small}
        CASEBOOK_HOME={small} {sys.executable} -m app journal add --profile Alex \\
            --free --title one --final < /dev/null || echo "exit=$?" >&2
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env["CASEBOOK_PASSPHRASE"] = PASS
    result = subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "exit=1" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "read-only" in result.stderr, result.stderr
