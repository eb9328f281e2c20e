"""The journal command line: every command of issue 3 and its error paths."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

PASS = "plum kettle orbit 7 window"
NEW = "seven quiet harbour lamps"
ANSWERS = {
    "core-free.what-happened": "A pupil was upset at break ✓ — «quoted»",
    "core-free.stood-out": "日本語のテキスト",
}


@pytest.fixture
def cli(home, fast_kdf, monkeypatch, capsys):
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", PASS)
    # In-process runs have no terminal: prompts must not be attempted.
    monkeypatch.setattr("app.commands.profile.can_prompt", lambda: False)

    def run(*argv, stdin=None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _make(cli, name="Alex", role="teacher"):
    code, out, err = cli("profile", "create", "--name", name, "--role", role)
    assert code == 0, err
    return out.strip()


def _add(cli, **answers):
    code, out, err = cli(
        "journal",
        "add",
        "--profile",
        "Alex",
        "--free",
        "--title",
        "Break duty",
        "--answers",
        "-",
        "--final",
        stdin=json.dumps(answers or ANSWERS),
    )
    assert code == 0, err
    return out.strip()


def test_profile_create_list(cli):
    recovery = _make(cli)
    assert len(recovery) == 35 and "\n" not in recovery
    code, out, _ = cli("profile", "list", "--json")
    [p] = json.loads(out)
    assert code == 0 and p["name"] == "Alex" and p["role"] == "teacher" and p["demo"] is False
    code, out, _ = cli("profile", "list")
    assert "Alex" in out and "Teacher" in out


def test_profile_create_errors(cli, monkeypatch):
    _make(cli)
    assert cli("profile", "create", "--name", "alex", "--role", "teacher")[0] == 1
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", "short")
    code, out, err = cli("profile", "create", "--name", "Bo", "--role", "teacher")
    assert code == 1 and "at least 10" in err and out == ""
    monkeypatch.delenv("CASEBOOK_PASSPHRASE")
    code, _, err = cli("profile", "create", "--name", "Bo", "--role", "teacher")
    assert code == 1 and "CASEBOOK_PASSPHRASE" in err
    with pytest.raises(SystemExit) as exit_:
        cli("profile", "create", "--name", "Bo", "--role", "pilot")
    assert exit_.value.code == 2


def test_journal_add_list_show_search_delete(cli):
    _make(cli)
    entry_id = _add(cli)
    assert len(entry_id) == 36
    code, out, _ = cli("journal", "list", "--profile", "Alex", "--json")
    [row] = json.loads(out)
    assert code == 0
    assert {k: row[k] for k in ("id", "scenario_id", "title", "status", "damaged")} == {
        "id": entry_id,
        "scenario_id": None,
        "title": "Break duty",
        "status": "final",
        "damaged": False,
    }
    assert row["created_at"] and row["updated_at"]
    code, out, _ = cli("journal", "show", "--profile", "Alex", entry_id, "--json")
    shown = json.loads(out)
    assert shown["answers"] == ANSWERS and shown["markers"] == [] and shown["tags"] == []
    assert shown["revisions"] == 0 and shown["status"] == "final" and shown["scenario_id"] is None
    code, out, _ = cli("journal", "show", "--profile", "Alex", entry_id)
    assert "日本語のテキスト" in out and "Break duty" in out
    code, out, _ = cli("journal", "search", "--profile", "Alex", "upset", "--json")
    assert [r["id"] for r in json.loads(out)] == [entry_id]
    code, out, _ = cli("journal", "search", "--profile", "Alex", "absent")
    assert code == 0 and "No entries" in out
    code, _, err = cli("journal", "delete", "--profile", "Alex", entry_id)
    assert code == 2 and "--yes" in err
    assert cli("journal", "delete", "--profile", "Alex", entry_id, "--yes")[0] == 0
    code, _, err = cli("journal", "show", "--profile", "Alex", entry_id)
    assert code == 1 and "no entry" in err


def test_journal_add_from_a_file_as_draft(cli, tmp_path):
    _make(cli)
    f = tmp_path / "answers.json"
    f.write_text(json.dumps({"core-free.what-happened": "from a file"}), encoding="utf-8")
    code, out, _ = cli(
        "journal",
        "add",
        "--profile",
        "Alex",
        "--free",
        "--title",
        "T",
        "--answers",
        str(f),
        "--tag",
        "nights",
    )
    assert code == 0
    code, out, _ = cli("journal", "show", "--profile", "Alex", out.strip(), "--json")
    shown = json.loads(out)
    assert shown["status"] == "draft" and shown["tags"] == ["nights"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["--free", "--title", "T", "--answers", "-"],
            '{"no.such.question": "x"}',
            "not a question",
        ),
        (["--free", "--title", "T", "--answers", "-"], '{"core-free.what-happened": 3}', "text"),
        (["--free", "--title", "T", "--answers", "-"], '{"q": {"deep": 1}}', "should be text"),
        (["--free", "--title", "T", "--answers", "-"], "[1, 2]", "JSON object"),
        (["--free", "--title", "T", "--answers", "-"], "{not json", "not valid JSON"),
        (["--free", "--title", "T", "--answers", "/no/such/file.json"], None, "no answers file"),
        (["--scenario", "no-such-scenario"], None, "no scenario"),
    ],
)
def test_journal_add_errors(cli, args, stdin, message):
    _make(cli)
    code, out, err = cli("journal", "add", "--profile", "Alex", *args, stdin=stdin)
    assert code == 1 and out == "" and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_free_entry_needs_a_title(cli):
    _make(cli)
    assert cli("journal", "add", "--profile", "Alex", "--free")[0] == 2


def test_wrong_passphrase_and_unknown_profile(cli, monkeypatch):
    _make(cli)
    code, _, err = cli("journal", "list", "--profile", "Nobody")
    assert code == 1 and "no profile called 'Nobody'" in err
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", "not the passphrase")
    code, _, err = cli("journal", "list", "--profile", "Alex")
    assert code == 1 and "did not open" in err


def test_damaged_entry_in_list_and_show(cli, paths):
    _make(cli)
    good, bad = _add(cli), _add(cli)
    import sqlite3

    con = sqlite3.connect(paths.database)
    # a value stored as text instead of bytes (a careless manual edit) is damaged, not a crash
    con.execute("UPDATE entries SET sealed = 'not a sealed value' WHERE id = ?", [bad])
    con.commit()
    con.close()
    code, out, _ = cli("journal", "list", "--profile", "Alex", "--json")
    flags = {r["id"]: r["damaged"] for r in json.loads(out)}
    assert code == 0 and flags == {good: False, bad: True}
    code, _, err = cli("journal", "show", "--profile", "Alex", bad)
    assert code == 1 and "damaged" in err
    code, out, _ = cli("doctor", "--json")
    findings = json.loads(out)
    assert code == 1 and any(not f["ok"] and bad in f["message"] for f in findings)


def test_passwd_and_recover(cli, monkeypatch):
    recovery = _make(cli)
    entry_id = _add(cli)
    monkeypatch.setenv("CASEBOOK_NEW_PASSPHRASE", "weak")
    assert cli("profile", "passwd", "--name", "Alex")[0] == 1
    monkeypatch.setenv("CASEBOOK_NEW_PASSPHRASE", NEW)
    assert cli("profile", "passwd", "--name", "Alex")[0] == 0
    assert cli("journal", "list", "--profile", "Alex")[0] == 1  # old passphrase
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", NEW)
    assert cli("journal", "show", "--profile", "Alex", entry_id)[0] == 0

    monkeypatch.setenv("CASEBOOK_RECOVERY_CODE", "00000-00000-00000-00000-00000-00000")
    code, _, err = cli("profile", "recover", "--name", "Alex")
    assert code == 1 and "recovery code did not open" in err
    monkeypatch.setenv("CASEBOOK_RECOVERY_CODE", recovery.lower())
    monkeypatch.setenv("CASEBOOK_NEW_PASSPHRASE", "third quiet passphrase 42")
    code, out, _ = cli("profile", "recover", "--name", "Alex")
    assert code == 0 and len(out.strip()) == 35 and out.strip() != recovery
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", "third quiet passphrase 42")
    assert cli("journal", "show", "--profile", "Alex", entry_id)[0] == 0


def test_profile_delete(cli):
    _make(cli)
    _add(cli)
    code, _, err = cli("profile", "delete", "--name", "Alex")
    assert code == 2 and "--yes" in err
    assert cli("profile", "delete", "--name", "Alex", "--yes")[0] == 0
    code, out, _ = cli("profile", "list", "--json")
    assert json.loads(out) == []


def test_backup_and_restore_commands(cli, tmp_path, monkeypatch):
    _make(cli)
    entry_id = _add(cli)
    out_file = tmp_path / "alex.backup"
    code, out, _ = cli("backup", "--profile", "Alex", "--out", str(out_file))
    assert code == 0 and "1 entries" in out  # a result: on stdout
    monkeypatch.setenv("CASEBOOK_HOME", str(tmp_path / "elsewhere"))
    code, out, _ = cli("restore", str(out_file), "--json")
    assert code == 0 and json.loads(out)["add"] == 1
    code, out, _ = cli("journal", "list", "--profile", "Alex", "--json")
    assert [r["id"] for r in json.loads(out)] == [entry_id]
    code, out, _ = cli("restore", str(out_file))
    assert code == 0 and "Nothing to do" in out
    cli("journal", "delete", "--profile", "Alex", entry_id, "--yes")
    code, _, err = cli("restore", str(out_file))
    assert code == 1 and "--yes" in err and "add 1" in err
    assert cli("restore", str(out_file), "--yes")[0] == 0
    code, out, _ = cli("journal", "list", "--profile", "Alex", "--json")
    assert [r["id"] for r in json.loads(out)] == [entry_id]
    code, _, err = cli("restore", str(tmp_path / "missing.backup"))
    assert code == 1 and "no file" in err


def test_doctor_on_a_healthy_and_a_broken_home(cli, home, monkeypatch):
    _make(cli)
    _add(cli)
    code, out, _ = cli("doctor")
    assert "integrity check" in out and "all 1 entries open" in out
    monkeypatch.setenv("CASEBOOK_NO_VLC", "1")
    monkeypatch.setattr("app.media.vlc_loader._vlc", None)
    monkeypatch.setattr("app.media.vlc_loader._error", None)
    code, out, _ = cli("doctor", "--json")
    assert code == 1 and any(f["area"] == "video" and not f["ok"] for f in json.loads(out))
    (home / "casebook.db").write_bytes(b"garbage" * 100)
    code, out, _ = cli("doctor")
    assert code == 1 and "is not a Casebook database" in out


def _run(*argv, env, **kw):
    return subprocess.run(
        [sys.executable, "-m", "app", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        **kw,
    )


def test_real_processes_real_policy(home, tmp_path):
    """Exit codes and stderr as a script sees them, with the real Argon2id cost."""
    env = {
        **os.environ,
        "CASEBOOK_HOME": str(home),
        "CASEBOOK_PASSPHRASE": PASS,
        "CASEBOOK_NO_VLC": "1",
    }
    made = _run("profile", "create", "--name", "Alex", "--role", "ward-nurse", env=env)
    assert made.returncode == 0, made.stderr
    added = _run(
        "journal",
        "add",
        "--profile",
        "Alex",
        "--free",
        "--title",
        "Nights",
        "--answers",
        "-",
        env=env,
        input=json.dumps({"core-free.stood-out": "quiet"}),
    )
    assert added.returncode == 0 and added.stdout.strip().count("-") == 4
    listed = _run("journal", "list", "--profile", "Alex", "--json", env=env)
    assert json.loads(listed.stdout)[0]["title"] == "Nights"
    wrong = _run(
        "journal", "list", "--profile", "Alex", env={**env, "CASEBOOK_PASSPHRASE": "nope nope"}
    )
    assert (
        wrong.returncode == 1 and wrong.stderr.count("\n") == 1 and "Traceback" not in wrong.stderr
    )
    no_pass = {k: v for k, v in env.items() if k != "CASEBOOK_PASSPHRASE"}
    prompt = _run(
        "journal",
        "list",
        "--profile",
        "Alex",
        env=no_pass,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert prompt.returncode == 1 and "CASEBOOK_PASSPHRASE" in prompt.stderr
    usage = _run("journal", "add", "--profile", "Alex", env=env)
    assert usage.returncode == 2


def _add_scenario_entry(cli):
    code, out, err = cli(
        "journal",
        "add",
        "--profile",
        "Alex",
        "--scenario",
        "pupil-disclosure",
        "--answers",
        "-",
        stdin=json.dumps({"core.stood-out": "He went quiet when home came up."}),
    )
    assert code == 0, err
    return out.strip()


def test_list_and_show_name_the_scenario_and_use_local_minutes(cli):
    _make(cli)
    entry_id = _add_scenario_entry(cli)
    code, out, _ = cli("journal", "list", "--profile", "Alex")
    assert code == 0 and "After the bell" in out and "(untitled)" not in out
    # Local time to the minute: no microseconds, no "T", no "Z".
    line = out.strip().splitlines()[0]
    stamp = line.split("  ")[1]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", stamp), line
    code, out, _ = cli("journal", "show", "--profile", "Alex", entry_id)
    assert out.splitlines()[0] == "After the bell"
    assert "scenario: After the bell" in out and "." not in out.splitlines()[1].split("saved")[1]
    # JSON keeps ISO 8601 UTC.
    code, out, _ = cli("journal", "list", "--profile", "Alex", "--json")
    assert json.loads(out)[0]["updated_at"].endswith("Z")


def test_a_unique_id_prefix_of_six_characters_is_enough(cli):
    _make(cli)
    entry_id = _add_scenario_entry(cli)
    code, out, err = cli("journal", "show", "--profile", "Alex", entry_id[:8])
    assert code == 0, err
    assert "After the bell" in out
    code, _, err = cli("journal", "show", "--profile", "Alex", entry_id[:4])
    assert code == 1 and "at least its first 6 characters" in err
    code, _, err = cli("journal", "show", "--profile", "Alex", "ffffffffff")
    assert code == 1 and "no entry" in err
    code, out, _ = cli("journal", "delete", "--profile", "Alex", entry_id[:6], "--yes")
    assert code == 0 and entry_id in out


def test_results_go_to_stdout_and_a_closed_pipe_ends_quietly(home, tmp_path):
    env = {**os.environ, "CASEBOOK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        f"{sys.executable} -m app prompts show --role teacher --scenario pupil-disclosure "
        # The reader leaves before anything is written (`| head` on a long listing does the
        # same once its lines are read).
        "--json | true; echo status=${PIPESTATUS[0]}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert run.stdout.strip() == "status=0"
    assert run.stderr == "", run.stderr  # no traceback, no "Broken pipe"
