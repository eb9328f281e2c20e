"""The app and the command line each keep their own log, so on Windows the app's log can roll
over while a command runs; a rollover refused by a file held open never breaks logging."""

from __future__ import annotations

import errno
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import logs
from app.logs import APP_LOG, CLI_LOG, setup_logging

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    for handler in before:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)


def test_the_app_and_a_command_write_separate_logs(tmp_path, restore_logging):
    home = tmp_path / "home"
    app_log = setup_logging(home / "logs")  # as the app does when it starts
    logging.getLogger("app.window").warning("the app is open")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env["CASEBOOK_HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT)
    for _ in range(2):  # a command while the app runs, twice: both keep to their own file
        subprocess.run(
            [sys.executable, "-c", PROBE, str(home / "logs")],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
    logging.getLogger("app.window").warning("still open")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert app_log.name == APP_LOG
    app_text = app_log.read_text(encoding="utf-8")
    cli_text = (home / "logs" / CLI_LOG).read_text(encoding="utf-8")
    assert "the app is open" in app_text and "still open" in app_text
    assert "from a command" not in app_text
    assert cli_text.count("from a command") == 2
    assert f" {os.getpid()} " in app_text and f" {os.getpid()} " not in cli_text


# A command's logging, as app/cli.py sets it up, in another process.
PROBE = (
    "import logging, sys\n"
    "from pathlib import Path\n"
    "from app.cli import _log_to_file\n"
    "from app.config import Paths\n"
    "home = Path(sys.argv[1]).parent\n"
    "_log_to_file(Paths(data_dir=home, log_dir=Path(sys.argv[1]), cache_dir=home / 'cache'))\n"
    "logging.getLogger('app.commands').warning('from a command')\n"
)


def test_a_refused_rollover_keeps_logging_and_is_tried_again(
    tmp_path, restore_logging, monkeypatch, capfd
):
    log_file = setup_logging(tmp_path / "logs")
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "casebook", False))
    monkeypatch.setattr(handler, "maxBytes", 2_000)
    monkeypatch.setattr(logs, "ROLLOVER_RETRY_SECONDS", 0.0)
    real_rename = os.rename

    def held_by_another_process(src, dst):
        error = PermissionError(errno.EACCES, "The process cannot access the file", str(src))
        error.winerror = 32  # as Windows says while the other process has it open
        raise error

    monkeypatch.setattr(os, "rename", held_by_another_process)
    log = logging.getLogger("app.test")
    for n in range(100):
        log.warning("record %03d of the held file", n)
    handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert all(f"record {n:03d} " in text for n in range(100))  # nothing lost
    assert not (tmp_path / "logs" / f"{APP_LOG}.1").exists()
    monkeypatch.setattr(os, "rename", real_rename)  # the other process let go
    log.warning("after the hold")
    handler.flush()
    assert (tmp_path / "logs" / f"{APP_LOG}.1").exists()
    assert "after the hold" in log_file.read_text(encoding="utf-8")
    _, err = capfd.readouterr()
    assert "Logging error" not in err and "Traceback" not in err
