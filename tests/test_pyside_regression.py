"""PySide6 6.12.0 on Python 3.11 drops a reference to True on every Signal.emit() and the
interpreter aborts after ~1000 emits. This test fails loudly if an upgrade brings it back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(bool)


def test_signal_emit_keeps_refcount_of_true(qapp):
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(5000):
        emitter.fired.emit(True)
    received.clear()
    after = sys.getrefcount(True)
    assert abs(after - before) < 50, f"refcount of True moved from {before} to {after}"
