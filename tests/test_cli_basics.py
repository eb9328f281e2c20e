from __future__ import annotations

import subprocess
import sys


def test_usage_error_exits_2(home):
    result = subprocess.run(
        [sys.executable, "-m", "app", "no-such-command"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_help_lists_commands(home):
    result = subprocess.run([sys.executable, "-m", "app", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "--home" in result.stdout
