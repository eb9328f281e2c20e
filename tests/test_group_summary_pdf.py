"""The group summary PDF as a facilitator exports it from the console: titles, the
facilitator's own name and role, no one-person report fields, notes only when chosen, no
heading left alone at the foot of a page, and the console saying it was saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.models.report.group_summary import group_summary_pdf
from app.models.session_plan import read_plan
from app.services.group_session import GroupSession
from tests.group_fixtures import RESOURCES, make_clip, scenarios

pytestmark = pytest.mark.timeout(120)

HEADINGS = (
    "The session",
    "Prompts used",
    "Show of hands: before and after",
    "Key take-aways",
    "Follow-up actions",
    "Facilitator\u2019s notes",
)


def pdf_pages(path_or_bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def ran_session(clip: Path) -> GroupSession:
    plan, _ = read_plan(RESOURCES / "sessions" / "ward-team.toml")
    session = GroupSession.open(plan, scenarios(clip))
    while not session.at_end:
        if session.current.kind == "tally":
            session.set_counts(
                [0, 6, 0, 0, 0] if session.current.phase == "before" else [0] * 3 + [6, 0]
            )
        session.go_next()
    session.notes = "NOTES-31 the room was quiet"
    session.actions = ["Book a refresher"]
    return session


def test_export_from_the_console(qtbot, paths, tmp_path, monkeypatch, fast_kdf):
    from app.services.profiles import ProfileService
    from app.ui.group.group_session_page import SessionRun
    from app.ui.shared.session_state import SessionState

    profiles = ProfileService(paths)
    info, _code = profiles.create(
        "Sam Okafor", "ward-nurse", "Ward 9", "a long and quiet harbour 1987"
    )
    state = SessionState()
    state.set_unlocked(profiles.unlock(info.id, "a long and quiet harbour 1987"))
    session = ran_session(make_clip(tmp_path))
    run = SessionRun(paths, session, app_session=state, single_screen=True)
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    run.console._confirm_leave = lambda: True
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    for include, name in (
        (QMessageBox.StandardButton.No, "a"),
        (QMessageBox.StandardButton.Yes, "b"),
    ):
        target = tmp_path / f"summary-{name}.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target: (str(t), ""))
        monkeypatch.setattr(QMessageBox, "question", lambda *a, i=include: i)
        with qtbot.waitSignal(run.exported, timeout=30000):
            assert run.export()
        assert f"Summary saved to {target}" in run.console.saved_label.text()
        assert shown[-1] == f"Saved to {target}."
        text = "\n".join(pdf_pages(target))
        assert "Low mood inpatient" in text and "Ed agitation" in text  # titles, not ids
        assert "low-mood-inpatient" not in text
        assert "Sam Okafor" in text and info.role_label in text
        assert "Period covered" not in text and "Supervisor" not in text
        assert "Not given" not in text
        assert text.count("Facilitator\n") <= 2  # a label, never a made-up name as well
        assert ("NOTES-31" in text) is (name == "b")  # only when the facilitator chose so
    run.console.request_leave()
    state.lock()


def test_no_name_means_no_name(tmp_path):
    session = ran_session(make_clip(tmp_path))
    text = "\n".join(pdf_pages(group_summary_pdf(session.record())))
    assert "Facilitator Facilitator" not in text.replace("\n", " ")
    assert "Name" not in text.splitlines()[:12]


@pytest.mark.parametrize("prompts", range(0, 40, 3))
def test_a_heading_never_ends_a_page(tmp_path_factory, prompts):
    clip = make_clip(tmp_path_factory.mktemp("m"))
    session = ran_session(clip)
    session.prompts_used = [f"Prompt number {n}: what did you notice?" for n in range(prompts)]
    session.takeaways = [f"Take-away {n}" for n in range(prompts % 7 + 2)]
    pages = pdf_pages(group_summary_pdf(session.record(), include_notes=True))
    for n, page in enumerate(pages):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [
            line
            for line in lines
            if "no participant names" not in line and not line.startswith("Page ")
        ]
        # the last lines of a page's body are never a heading waiting for its content
        for heading in HEADINGS:
            if heading in body[-3:]:
                at = len(body) - 1 - body[::-1].index(heading)
                assert at < len(body) - 1, f"page {n + 1} ends with {heading!r}: {body[-4:]}"


def test_the_show_of_hands_is_not_pushed_off_a_page_it_fits_on(tmp_path):
    session = ran_session(make_clip(tmp_path))
    session.prompts_used = ["What specific behaviours stood out to you in the video?"]
    pages = pdf_pages(group_summary_pdf(session.record(), include_notes=True))
    assert "Show of hands: before and after" in pages[0] and "Hands counted" in pages[0]
    assert len(pages) == 2  # the sign-off shares the last page instead of taking its own
