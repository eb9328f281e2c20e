from __future__ import annotations

import os
import re
import subprocess
import sys


def test_usage_error_exits_2(home):
    result = subprocess.run(
        [sys.executable, "-m", "app", "no-such-command"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_help_lists_commands(home):
    env = dict(os.environ, COLUMNS="80")  # argparse wraps help to the terminal's width
    result = subprocess.run(
        [sys.executable, "-m", "app", "--help"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    # Each command on its own line under COMMAND, each with a one-line description.
    listed = re.findall(r"^    (\w+)(?: +(\S.*))?$", result.stdout, flags=re.MULTILINE)
    assert [name for name, _ in listed] == [
        "content", "prompts", "profile", "journal", "backup", "restore",
        "export", "cpd", "portfolio", "evidence", "doctor", "demo", "screenshots",
    ]  # fmt: skip
    assert all(about for name, about in listed if name != "screenshots")  # too long: next line
    assert "render each main screen" in result.stdout
    assert "--home DIR" in result.stdout and "--version" in result.stdout
