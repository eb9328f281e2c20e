"""The command-line tools tests run. A missing tool fails the test, it never skips it:
`scripts/setup.sh test` installs every one, so a skip would only hide what the test checks."""

from __future__ import annotations

import shutil

import pytest

SETUP_HINT = "`scripts/setup.sh test` installs every tool the tests use"


def require_tools(*names: str) -> None:
    """Fails the calling test (or fixture) when any of these tools is not on PATH."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed: {SETUP_HINT}", pytrace=False)


def tools(*names: str) -> pytest.MarkDecorator:
    """Marks a test that runs these tools; tests/conftest.py checks them before it runs."""
    return pytest.mark.tools(*names)
