"""Shared fixtures: a private data folder per test, Qt offscreen, and no network at all."""

from __future__ import annotations

import os
import socket

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
