"""The reflection flow: confidence before the clip, the clip, the form, confidence after,
save, and a wellbeing check-in after a content-warned scenario.

The clip itself is the player's: this flow asks for it (clip_requested) and picks up again
when the player says the person is ready to reflect (`reflect(scenario, markers)`, connected to
the player's reflect_requested). Free-standing reflections (no clip) come in through
`open_free_reflection()`. On lock everything decrypted here is cleared and the form is gone;
autosaved drafts stay sealed on disk and are offered back at the next unlock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths, Settings
from app.errors import CasebookError
from app.models.content import Scenario
from app.models.support import support_for_reflection
from app.services.journal import JournalService
from app.services.reflection import Reflection, ReflectionService
from app.services.session import UnlockedSession
from app.ui.reflection.autosave import DEBOUNCE_MS, Autosaver, DraftOffer
from app.ui.reflection.confidence_page import ConfidencePage
from app.ui.reflection.identifier_prompt import IdentifierPrompt
from app.ui.reflection.reflection_form import ReflectionForm
from app.ui.reflection.wellbeing_dialog import WellbeingDialog
from app.ui.shared.content_warning import ContentWarningPage
from app.ui.shared.session_state import SessionState


def _message_page(text: str, button: str | None = None) -> tuple[QWidget, QPushButton | None]:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(label)
    push = None
    if button:
        push = QPushButton(button)
        layout.addWidget(push, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch(2)
    return page, push


class ReflectionFlow(QWidget):
    clip_requested = Signal(object)  # Scenario: play it now (after the optional confidence step)
    finished = Signal(object)  # the saved final Entry
    closed = Signal()  # the person is done here; show the library again
    open_in_journal_requested = Signal(str)  # entry id, after saving
    export_requested = Signal(str)  # entry id: a PDF of the reflection just saved

    def __init__(
        self,
        paths: Paths,
        session: SessionState,
        parent: QWidget | None = None,
        *,
        autosave_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reflection-flow")
        self.paths = paths
        self.session = session
        self.autosave_ms = autosave_ms
        self.service: ReflectionService | None = None
        self.journal: JournalService | None = None  # the unlocked session's, while unlocked
        self.reflection: Reflection | None = None
        self.form: ReflectionForm | None = None
        self.autosaver: Autosaver | None = None
        self.confidence: ConfidencePage | None = None
        self.warning_page: ContentWarningPage | None = None
        self.warning_accepted: str | None = None  # scenario id whose warning was accepted
        self.identifier_prompt: IdentifierPrompt | None = None
        self.wellbeing: WellbeingDialog | None = None
        self.draft_offer: DraftOffer | None = None
        self.last_entry: Any = None
        self._before: tuple[str, dict[str, int]] | None = None
        self._after: dict[str, int] | None = None
        self._kept_findings: set[tuple[str, str]] = set()
        self._editing = False  # an entry opened from the journal: no second wellbeing check-in

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.idle_page, _ = _message_page(
            "Choose a scenario in the library, or start a reflection "
            "on something from your own practice."
        )
        self.stack.addWidget(self.idle_page)
        # No Alt+B here: the page around the flow has its own "Back to the library" on Alt+B,
        # and two buttons on one key would only move the focus. This one has the focus instead.
        self.done_page, self.done_button = _message_page(
            "Saved to your journal. Thank you for taking the time to reflect.",
            "Back to the library",
        )
        self.done_button.clicked.connect(self.closed)
        # Beside the one way back: the two things people want next with what they just wrote.
        self.open_entry_button = QPushButton("&Open in journal")
        self.open_entry_button.clicked.connect(
            lambda: (
                self.last_entry is not None
                and self.open_in_journal_requested.emit(self.last_entry.id)
            )
        )
        self.export_button = QPushButton("&Export PDF…")
        self.export_button.clicked.connect(
            lambda: self.last_entry is not None and self.export_requested.emit(self.last_entry.id)
        )
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.open_entry_button)
        done_row.addWidget(self.export_button)
        done_row.addStretch(1)
        done_layout = self.done_page.layout()
        assert isinstance(done_layout, QVBoxLayout)
        done_layout.insertLayout(done_layout.indexOf(self.done_button) + 1, done_row)
        self.stack.addWidget(self.done_page)

        session.unlocked.connect(self._on_unlocked)
        session.locking.connect(self.keep_draft_now)
        session.locked.connect(self._on_locked)
        if session.current is not None:
            self._on_unlocked(session.current, offer=False)

    # -- unlock and lock ----------------------------------------------------------------------

    def _on_unlocked(self, session: UnlockedSession, offer: bool = True) -> None:
        self.journal = session.journal
        self.service = session.reflections
        if offer:
            self.offer_drafts()

    def _on_locked(self) -> None:
        """Drop every decrypted word: the form, its undo stacks, dialogs, ratings."""
        self._close_form()
        for dialog in (self.identifier_prompt, self.wellbeing, self.draft_offer):
            if dialog is not None:
                dialog.hide()
                dialog.deleteLater()
        self.identifier_prompt = self.wellbeing = self.draft_offer = None
        self._drop_confidence()
        self._drop_warning()
        self.warning_accepted = None
        self._before = None
        self._after = None
        self._kept_findings = set()
        self.reflection = None
        self.last_entry = None
        self.journal = None  # the session closed it
        self.service = None
        self.stack.setCurrentWidget(self.idle_page)

    def offer_drafts(self) -> None:
        """Offer back a reflection autosaved but never saved (after a crash or power cut)."""
        if self.service is None:
            return
        drafts = self.service.pending_drafts()
        if not drafts:
            return
        self.draft_offer = DraftOffer(drafts, self)
        self.draft_offer.restore_requested.connect(self.restore_draft)
        self.draft_offer.discard_requested.connect(self.service.discard_draft)
        self.draft_offer.open()

    def restore_draft(self, key: str) -> None:
        assert self.service is not None
        payload = dict(self.service.pending_drafts_by_key().get(key) or {})
        if not payload:
            return
        reflection = self.service.resume(payload, key=key)
        self._after = dict(payload.get("confidence_after") or {}) or None
        self._show_form(reflection, payload)

    # -- the steps ------------------------------------------------------------------------------

    def _role(self) -> str:
        return self.session.current.profile.role

    def _preferred_model(self) -> str | None:
        return getattr(self.session.current.profile, "default_model", None) or None

    def before_clip(self, scenario: Scenario) -> None:
        """Start a viewing: a warned scenario's warning first (nothing else about it is shown
        before it is accepted), then the confidence step when it is on, then the clip."""
        self._before = None
        self.warning_accepted = None
        if scenario.content_warnings:
            self._show_warning(scenario)
            return
        self._confidence_then_clip(scenario)

    def _show_warning(self, scenario: Scenario) -> None:
        page = ContentWarningPage()
        page.show_for(scenario)

        def accepted() -> None:
            # The player need not warn a second time for this viewing.
            self.warning_accepted = scenario.id
            self._drop_warning()
            self._confidence_then_clip(scenario)

        def declined() -> None:
            self._drop_warning()
            self.stack.setCurrentWidget(self.idle_page)
            self.closed.emit()

        page.accepted.connect(accepted)
        page.declined.connect(declined)
        self._drop_warning()
        self.warning_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        page.focus_first()

    def _drop_warning(self) -> None:
        if self.warning_page is not None:
            self.stack.removeWidget(self.warning_page)
            self.warning_page.deleteLater()
            self.warning_page = None

    def _confidence_then_clip(self, scenario: Scenario) -> None:
        settings = Settings.load(self.paths)
        if not (settings.confidence_before and scenario.learning_objectives):
            self.clip_requested.emit(scenario)
            return

        def finish(ratings: dict[str, int]) -> None:
            self._before = (scenario.id, ratings)
            if page.ask_before.isChecked() != settings.confidence_before:
                settings.confidence_before = page.ask_before.isChecked()
                settings.save_preference(self.paths)
            self._drop_confidence()
            self.stack.setCurrentWidget(self.idle_page)
            self.clip_requested.emit(scenario)

        page = ConfidencePage(
            scenario.learning_objectives,
            when="before",
            scenario_title=scenario.title,
            ask_before=settings.confidence_before,
        )
        page.done.connect(finish)
        page.skipped.connect(lambda: finish({}))
        self._show_confidence(page)

    def reflect(self, scenario: Scenario, markers: Sequence[dict] = ()) -> None:
        """The clip ended, or the person is ready: show the form for this scenario.

        A draft already kept for this scenario is carried on with, not a blank form beside it:
        one draft per scenario, so a person who went back to the library finds their words.
        """
        if self.service is None or self.session.current is None:
            return
        if self._carry_on_with_draft(scenario, markers):
            return
        reflection = self.service.start(
            self._role(), scenario, self._preferred_model(), markers=markers
        )
        if self._before and self._before[0] == scenario.id:
            reflection.confidence_before = dict(self._before[1])
        self._after = None
        self._show_form(reflection)

    def _carry_on_with_draft(self, scenario: Scenario, markers: Sequence[dict]) -> bool:
        assert self.service is not None and self.journal is not None
        role = self._role()
        # An autosaved draft that never reached the journal (a lock, a power cut) first.
        for key, payload in self.service.pending_drafts():
            if payload.get("scenario_id") == scenario.id and payload.get("role") == role:
                self.restore_draft(key)
                break
        else:
            drafts = [
                e
                for e in self.journal.list_entries()
                if e.status == "draft"
                and not e.damaged
                and e.scenario_id == scenario.id
                and e.payload.get("role") == role
            ]
            if not drafts:
                return False
            latest = max(drafts, key=lambda e: e.updated_at)
            reflection = self.service.resume({**latest.payload, "entry_id": latest.id})
            self._after = dict(latest.payload.get("confidence_after") or {}) or None
            self._show_form(reflection, latest.payload)
        if self.reflection is None or self.form is None:
            return False
        # Moments marked in this viewing join the ones the draft already had.
        known = {(m.get("at"), m.get("note")) for m in self.reflection.markers}
        new = [m for m in markers if (m.get("at"), m.get("note")) not in known]
        if new:
            self.reflection.markers.extend(dict(m) for m in new)
            if self.autosaver is not None:
                self.autosaver.touch()
        self.form.show_status("Carrying on with your draft for this scenario")
        return True

    def has_unsaved_text(self) -> bool:
        if self.form is None or self.reflection is None:
            return False
        data = self.form.data()
        answers = {k: v for k, v in data["answers"].items() if v not in (None, "", [], {})}
        return bool(answers or str(data.get("title") or "").strip())

    def leave(self) -> str:
        """The person goes elsewhere with the form open: keep what they typed as a draft in
        the journal at once (listed there, and carried on with when the scenario is opened
        again) and return the sentence that tells them so; "" when there was nothing to keep."""
        if self.form is None or self.reflection is None or self.service is None:
            self.stack.setCurrentWidget(self.idle_page)
            return ""
        message = ""
        if self.has_unsaved_text() and self._journal_open():
            message = self._keep_as_draft()
        self._close_form()
        self.reflection = None
        self.stack.setCurrentWidget(self.idle_page)
        return message

    def _journal_open(self) -> bool:
        return self.journal is not None and not self.journal.unlocked.is_locked

    def keep_draft_now(self) -> None:
        """Keep the words typed so far as a draft in the journal, leaving the form open: when
        the person goes to another place (the journal lists it at once) and just before a
        lock (autosave waits for a pause in typing; the last words must not be lost)."""
        if self.form is not None and self.has_unsaved_text() and self._journal_open():
            try:
                self._keep_as_draft()
            except CasebookError:
                pass  # the autosave slot already holds all but the last moment

    def hideEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        # Another place was chosen with the form open: the draft appears in the journal now.
        if self.window().isVisible():
            self.keep_draft_now()
        super().hideEvent(event)

    def _keep_as_draft(self) -> str:
        assert self.service is not None and self.reflection is not None
        if self.autosaver is not None:
            self.autosaver.stop()
        payload = self._payload()
        what = self.reflection.title or "your own practice"
        editing_final = False
        if self.reflection.entry_id and self.journal is not None:
            editing_final = self.journal.get(self.reflection.entry_id).status == "final"
        if not editing_final:
            try:
                self.service.save(self.reflection, payload, "draft")
            except CasebookError:
                pass  # an answer not yet valid: the autosave slot below still keeps it
            else:
                return f"Your reflection on {what} is kept as a draft in your journal."
        # A finished entry stays finished until its edit is saved; the changes wait sealed.
        self.service.autosave(self.reflection, payload)
        return (
            f"Your unsaved changes to {what} are kept sealed and offered back when you next unlock."
        )

    def open_free_reflection(self, title: str = "") -> None:
        """A reflection on an experience from practice: the same form, no clip, with a title."""
        if self.service is None or self.session.current is None:
            return
        reflection = self.service.start(self._role(), None, self._preferred_model(), title=title)
        self._after = None
        self._show_form(reflection)

    def edit_entry(self, entry: Any) -> None:
        """Open a saved journal entry in the form. Saving updates that entry; when it was final,
        the journal keeps the earlier version as a revision."""
        if self.service is None or self.session.current is None:
            return
        payload = {**entry.payload, "entry_id": entry.id}
        reflection = self.service.resume(payload)
        self._after = dict(payload.get("confidence_after") or {}) or None
        self._show_form(reflection, payload)
        self._editing = True

    def _show_form(self, reflection: Reflection, data: dict[str, Any] | None = None) -> None:
        assert self.service is not None
        self._close_form()
        self._editing = False
        self.reflection = reflection
        self._kept_findings = set()
        scenario = reflection.scenario
        if reflection.kind == "free":
            heading = "A reflection on your own practice"
        else:
            heading = f"Reflecting on: {reflection.title or reflection.scenario_id}"
        plan = self.service.form_plan(reflection, (data or {}).get("answers"))
        form = ReflectionForm(
            plan.sections,
            heading=heading,
            models=self.service.models(),
            model_id=reflection.model_id,
            markers=reflection.markers,
            video=scenario.video if scenario else None,
            free=reflection.kind == "free",
            title=reflection.title,
            more=plan.more,
            guidance=self.service.identifier_guidance(reflection.role),
        )
        if data:
            form.set_data(data)
        self.form = form
        assert self.journal is not None
        self.autosaver = Autosaver(
            self.journal, self._collect, delay_ms=self.autosave_ms, parent=self
        )
        form.changed.connect(self.autosaver.touch)
        self.autosaver.saved.connect(form.show_status)
        self.autosaver.failed.connect(form.show_status)
        form.save_requested.connect(self._on_save)
        form.model_change_requested.connect(self._change_model)
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        form.focus_first()  # the button that asked for it has gone; start writing at once

    def _close_form(self) -> None:
        if self.autosaver is not None:
            self.autosaver.close()
            self.autosaver.deleteLater()
            self.autosaver = None
        if self.form is not None:
            self.form.clear()
            self.stack.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None

    def _change_model(self, model_id: str) -> None:
        if self.service is None or self.reflection is None or self.form is None:
            return
        self.reflection = self.service.change_model(self.reflection, model_id)
        plan = self.service.form_plan(self.reflection, self.form.answers(include_empty=False))
        self.form.set_sections(plan.sections, more=plan.more)
        if self.autosaver is not None:
            self.autosaver.touch()

    def _payload(self, data: dict[str, Any] | None = None) -> dict[str, Any]:
        assert self.service is not None and self.reflection is not None and self.form is not None
        data = data if data is not None else self.form.data()
        restored = self.reflection.restored or {}
        return self.service.build_payload(
            self.reflection,
            data["answers"],
            title=data.get("title") if self.reflection.kind == "free" else None,
            tags=data.get("tags", ()),
            confidence_after=self._after,
            private=restored.get("private") or (),
            wellbeing=restored.get("wellbeing"),  # an edit keeps the earlier check-in
        )

    def _collect(self) -> tuple[str, dict[str, Any]] | None:
        if self.reflection is None or self.form is None:
            return None
        record = ReflectionService.draft_record(self.reflection, self._payload())
        return self.reflection.key, record

    # -- saving -------------------------------------------------------------------------------

    def _on_save(self, data: dict[str, Any], status: str) -> None:
        if self.service is None or self.reflection is None or self.form is None:
            return
        payload = self._payload(data)
        problems = self.service.problems(self.reflection, payload)
        if problems:
            self.form.show_status(problems[0])
            return
        findings = self.service.identifier_findings(payload)
        fresh = {
            k: v
            for k, v in findings.items()
            if any((k, f.text) not in self._kept_findings for f in v)
        }
        if fresh:
            self._ask_about_identifiers(fresh, status)
            return
        self._after_identifier_check(status)

    def _ask_about_identifiers(self, findings: dict, status: str) -> None:
        assert self.reflection is not None and self.form is not None
        names = {qid: q.text for qid, q in self.reflection.questions.items()}
        names["title"] = "Title"
        for key in findings:
            if key.startswith("marker:"):
                names[key] = "a marked moment's note"
        prompt = IdentifierPrompt(findings, names, self)
        self.identifier_prompt = prompt

        def keep() -> None:
            self._kept_findings |= {(k, f.text) for k, v in findings.items() for f in v}
            self.identifier_prompt = None
            prompt.deleteLater()
            self._after_identifier_check(status)

        def edit(field: str, finding: Any) -> None:
            self.identifier_prompt = None
            prompt.deleteLater()
            if self.form is not None:
                self.form.reveal(field, finding.start, finding.end)

        prompt.keep_requested.connect(keep)
        prompt.edit_requested.connect(edit)
        prompt.open()

    def _after_identifier_check(self, status: str) -> None:
        assert self.reflection is not None
        if status == "final" and self.reflection.objectives and self._after is None:
            page = ConfidencePage(
                self.reflection.objectives,
                when="after",
                scenario_title=self.reflection.title,
                earlier=self.reflection.confidence_before,
            )

            def done(ratings: dict[str, int]) -> None:
                self._after = ratings
                self._drop_confidence()
                self._save("final")

            page.done.connect(done)
            page.skipped.connect(lambda: done({}))
            self._show_confidence(page)
            return
        self._save(status)

    def _save(self, status: str) -> None:
        assert self.service is not None and self.reflection is not None and self.form is not None
        if self.autosaver is not None:
            self.autosaver.stop()  # no autosave may land after the entry holds the text
        payload = self._payload()
        try:
            entry = self.service.save(self.reflection, payload, status)
        except CasebookError as exc:
            self.stack.setCurrentWidget(self.form)
            self.form.show_status(str(exc))
            return
        self.last_entry = entry
        if status == "draft":
            self.stack.setCurrentWidget(self.form)
            self.form.show_status("Draft saved to your journal")
            return
        reflection = self.reflection
        self._close_form()
        self.reflection = None
        self.stack.setCurrentWidget(self.done_page)
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.finished.emit(entry)
        if reflection.content_warned and not self._editing:
            self._check_in(reflection, entry, payload)

    def _check_in(self, reflection: Reflection, entry: Any, payload: dict[str, Any]) -> None:
        assert reflection.scenario is not None
        support = support_for_reflection(
            reflection.role, reflection.scenario, Settings.load(self.paths)
        )
        dialog = WellbeingDialog(reflection.scenario.content_warnings, support, self)
        self.wellbeing = dialog

        def answered(answers: dict) -> None:
            self.wellbeing = None
            dialog.deleteLater()
            if answers and self.journal is not None:
                self.last_entry = self.journal.update(
                    entry.id, {**payload, "wellbeing": answers}, "final", revise=False
                )

        dialog.finished_checkin.connect(answered)
        dialog.show()

    # -- confidence pages -----------------------------------------------------------------------

    def _show_confidence(self, page: ConfidencePage) -> None:
        self._drop_confidence()
        self.confidence = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        page.focus_first()  # the list that opened it is hidden now; keep the keyboard here

    def _drop_confidence(self) -> None:
        if self.confidence is not None:
            self.stack.removeWidget(self.confidence)
            self.confidence.deleteLater()
            self.confidence = None
