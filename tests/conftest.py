"""Shared fixtures: a private data folder per test, Qt offscreen, and no network at all;
and no silent skips: a skipped test fails unless its reason is on SKIPS_ALLOWED."""

from __future__ import annotations

import os
import socket

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["pytester"]  # tests/test_skip_policy.py runs small suites of its own

# The only skips that may pass, by the start of their reason, each with why. Keep it short.
# A fresh machine set up with `scripts/setup.sh test` has every tool a test runs (mark such a
# test with tests/tools.py's `tools(...)`: a missing tool then fails it), so any other skip
# would only hide what its test checks.
SKIPS_ALLOWED = {
    # Behaviour only one OS has (libvlc found in Program Files, a Windows console's code page):
    # CI and the set-up script are Linux; these run on a developer's Windows or Mac.
    "Windows only:": "needs Windows itself",
    "macOS only:": "needs macOS itself",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "tools(*names): command-line tools the test runs; a missing one fails it"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    from tools import require_tools

    for mark in item.iter_markers("tools"):
        require_tools(*mark.args)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = _skip_reason(report)
    if not reason.startswith(tuple(SKIPS_ALLOWED)):
        report.outcome = "failed"
        report.longrepr = (
            f"skipped ({reason!r}), and that reason is not on SKIPS_ALLOWED in tests/conftest.py: "
            "install what the test needs (scripts/setup.sh test) or fix the test"
        )


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return text.removeprefix("Skipped: ")


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Casebook never uses the network: any attempt to connect anywhere fails the test."""

    def refuse(*args, **kwargs):
        raise NetworkUsed("Casebook tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh, empty Casebook data folder, set as CASEBOOK_HOME for the test."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("CASEBOOK_HOME", str(path))
    monkeypatch.delenv("CASEBOOK_CONTENT", raising=False)
    monkeypatch.delenv("CASEBOOK_PASSPHRASE", raising=False)
    return path


@pytest.fixture
def paths(home):
    from app.config import Paths

    return Paths.resolve(home).ensure()


@pytest.fixture
def fast_kdf(monkeypatch):
    """Argon2id at a toy cost so tests that create many profiles stay quick.

    Only tests ask for this; the app never lowers the policy, and tests/test_crypto_policy.py
    keeps the real policy and floor under test.
    """
    from app.models import crypto

    toy = crypto.KdfParams(t=1, m_kib=64, p=1)
    monkeypatch.setattr(crypto, "POLICY", toy)
    monkeypatch.setattr(crypto, "FLOOR", toy)
    return toy


@pytest.fixture(scope="session")
def real_world(tmp_path_factory):
    """Clips and caption files of the kinds organisations bring (tests/realworld.py), made
    once per test session: {"clips": {name: path}, "captions": {name: path}}."""
    from tools import require_tools

    from tests.realworld import caption_files, clip_files

    require_tools("ffmpeg")
    folder = tmp_path_factory.mktemp("real-world")
    return {"clips": clip_files(folder / "clips"), "captions": caption_files(folder / "captions")}


@pytest.fixture
def window(qtbot, paths, fast_kdf):
    """The main window as a person meets it on a 1366×768 ward PC: shown, active, no profile."""
    from app.ui.window.app_window import MainWindow

    w = MainWindow(paths)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    w.close()
