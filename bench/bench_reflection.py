"""The reflection form: how quickly it opens, and whether autosave ever holds up typing.

- open: compose a ward nurse's questions on the demo wellbeing scenario (packs already loaded,
  as in the running app), build the form and show it, beside a bare QWidget with the same
  number of QPlainTextEdits shown the same way.
- stall: someone types steadily for several seconds while autosave seals drafts into the real
  journal; a 5 ms timer measures the longest gap in the GUI event loop. The floor is the same
  typing with autosave switched off.
"""

from __future__ import annotations

import tempfile
import time

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QVBoxLayout, QWidget

from app.config import Paths
from app.services.reflection import ReflectionService
from app.ui.reflection.question_widgets import MarkerQuestion, TextQuestion
from app.ui.reflection.reflection_form import ReflectionForm, demo_scenario
from bench.report import best_of

PASS = "bench marks are not passphrases 42"
TYPE_SECONDS = 6.0
MARKERS = [{"at": 14.0, "note": "stops mid-sentence"}, {"at": 52.0, "note": "rubs eyes"}]


def _settle(widget: QWidget) -> None:
    widget.resize(1366, 768)
    widget.show()
    QApplication.processEvents()
    widget.repaint()  # ready means painted, not only built


def _open_form(service: ReflectionService) -> ReflectionForm:
    reflection = service.start("ward-nurse", demo_scenario(), markers=MARKERS)
    form = ReflectionForm(
        reflection.sections,
        heading="Reflecting on: After a hard shift",
        models=service.models(),
        model_id=reflection.model_id,
        markers=MARKERS,
    )
    _settle(form)
    return form


def _bare(n: int) -> QWidget:
    w = QWidget()
    layout = QVBoxLayout(w)
    for _ in range(n):
        layout.addWidget(QPlainTextEdit())
    _settle(w)
    return w


def _longest_stall(edit: QPlainTextEdit, seconds: float) -> float:
    """Types into `edit` every 40 ms for `seconds`; the longest event-loop gap beyond 5 ms."""
    app = QApplication.instance()
    longest = 0.0
    last = time.perf_counter()

    def tick() -> None:
        nonlocal last, longest
        now = time.perf_counter()
        longest = max(longest, now - last - 0.005)
        last = now

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    typer = QTimer()
    typer.setInterval(40)
    typer.timeout.connect(lambda: QTest.keyClicks(edit, "k"))
    probe.start()
    typer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    typer.stop()
    probe.stop()
    return max(0.0, longest)


def run(report) -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        paths = Paths.resolve(tmp).ensure()
        service = ReflectionService(paths)
        service.packs  # noqa: B018 - loaded once per session in the app, not per form
        probe = _open_form(service)
        n_text = sum(isinstance(w, (TextQuestion, MarkerQuestion)) for w in probe.widgets.values())
        probe.close()
        probe.deleteLater()

        forms: list[QWidget] = []
        opened = best_of(lambda: forms.append(_open_form(service)))
        bare = best_of(lambda: forms.append(_bare(n_text)))
        for w in forms:
            w.close()
            w.deleteLater()
        app.processEvents()
        report.add(
            f"reflection form open ({n_text} text boxes)",
            opened * 1000,
            "ms",
            floor=bare * 1000,
            max_value=300,
        )

        # Autosave while typing, into a real sealed journal under the real KDF policy.
        from app.services.profiles import ProfileService
        from app.ui.reflection.flow import ReflectionFlow
        from app.ui.shared.session_state import SessionState

        profiles = ProfileService(paths)
        info, _ = profiles.create("Bench", "ward-nurse", "", PASS)
        session = SessionState()
        session.set_unlocked(profiles.unlock(info.id, PASS))
        flow = ReflectionFlow(paths, session)
        _settle(flow)
        flow.reflect(demo_scenario(), MARKERS)
        edit = flow.form.widgets["core.stood-out"].edit
        edit.setFocus()
        with_autosave = _longest_stall(edit, TYPE_SECONDS)
        saves = flow.autosaver.saves
        flow.autosaver.stop()
        flow.form.changed.disconnect(flow.autosaver.touch)
        without = _longest_stall(edit, TYPE_SECONDS)
        report.add(
            f"longest GUI stall while typing, autosaving ({saves} saves)",
            with_autosave * 1000,
            "ms",
            floor=without * 1000,
            max_value=50,
        )
        session.lock()
        flow.close()
        flow.deleteLater()
        app.processEvents()
