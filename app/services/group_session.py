"""Running a group session: where we are in the plan, what the wall shows, timers, tallies, notes.

The console (GUI) and tests drive this object; it knows nothing of Qt. What the audience
screen shows is computed here as a `Wall` of plain strings and numbers, so the projector
window never needs anything but display data.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.models.content import Scenario
from app.models.journal import Entry
from app.models.session_plan import Plan, Step, expand
from app.models.tally import Tally
from app.services.journal import JournalService

SCALE_HINT = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class Wall:
    """What the audience screen shows: only plain display data.

    kind: "slide" (title, body, bullet items), "prompt" (one large question), "chart"
    (tally bars), "clip" (a media file), "logo" (a calm holding screen), "blank" (black).
    style: the step kind, so slides can be told apart (welcome, ground-rules, ...).
    """

    kind: str
    style: str = ""
    title: str = ""
    body: str = ""
    items: tuple[str, ...] = ()
    media: str = ""
    captions: str = ""
    start: float = 0.0
    stop: float | None = None
    chart: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def as_display(self) -> dict:
        """Keyword arguments for the audience window's show(): built-in types only."""
        return {
            "kind": self.kind,
            "style": self.style,
            "title": self.title,
            "body": self.body,
            "items": list(self.items),
            "media": self.media,
            "captions": self.captions,
            "start": self.start,
            "stop": self.stop,
            "chart": [(label, list(counts)) for label, counts in self.chart],
        }


@dataclass
class GroupSession:
    plan: Plan
    steps: list[Step]
    clock: Callable[[], float] = time.monotonic
    index: int = 0
    hidden: bool = False
    blanked: bool = False
    shown_prompt: str = ""  # a prompt put on screen from the console's list, over the current step
    notes: str = ""
    takeaways: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)  # follow-up actions
    tallies: dict[str, Tally] = field(default_factory=dict)
    prompts_used: list[str] = field(default_factory=list)
    started_at: float | None = None
    step_started_at: float | None = None
    date: str = ""

    @classmethod
    def open(
        cls,
        plan: Plan,
        scenarios: Mapping[str, Scenario],
        support: Iterable[str] = (),
        clock: Callable[[], float] = time.monotonic,
    ) -> GroupSession:
        steps = expand(plan, scenarios, support)
        session = cls(plan=plan, steps=steps, clock=clock)
        session.tallies = {t.id: Tally(t.id, t.question) for t in plan.tallies}
        session.takeaways = list(plan.takeaways)
        session.hidden = steps[0].hidden_first
        return session

    # ------------------------------------------------------------ time

    def start(self) -> None:
        if self.started_at is None:
            now = self.clock()
            self.started_at = now
            self.step_started_at = now
            self.date = datetime.now(UTC).astimezone().strftime("%Y-%m-%d")

    def elapsed(self) -> float:
        return 0.0 if self.started_at is None else self.clock() - self.started_at

    def step_elapsed(self) -> float:
        return 0.0 if self.step_started_at is None else self.clock() - self.step_started_at

    def step_overrun(self) -> bool:
        planned = self.current.minutes * 60
        return bool(planned) and self.step_elapsed() > planned

    # ------------------------------------------------------------ where we are

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    @property
    def next_step(self) -> Step | None:
        return self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None

    @property
    def at_end(self) -> bool:
        return self.index == len(self.steps) - 1

    def go_to(self, index: int) -> bool:
        if not 0 <= index < len(self.steps) or index == self.index:
            return False
        self.start()
        self.index = index
        self.hidden = self.current.hidden_first
        self.blanked = False
        self.shown_prompt = ""
        self.step_started_at = self.clock()
        self._note_used()
        return True

    def go_next(self) -> bool:
        """What a clicker's "next" does: return from blank, reveal a held step, or move on."""
        self.start()
        if self.blanked:
            self.blanked = False
            return True
        if self.shown_prompt:
            self.shown_prompt = ""
            return True
        if self.hidden:
            self.reveal()
            return True
        return self.go_to(self.index + 1)

    def go_previous(self) -> bool:
        self.start()
        if self.blanked:
            self.blanked = False
            return True
        if self.shown_prompt:
            self.shown_prompt = ""
            return True
        return self.go_to(self.index - 1)

    def toggle_blank(self) -> None:
        self.blanked = not self.blanked

    def reveal(self) -> None:
        self.hidden = False
        self._note_used()

    def hide(self) -> None:
        self.hidden = True

    def toggle_hidden(self) -> None:
        if self.hidden:
            self.reveal()
        else:
            self.hide()

    def show_prompt(self, text: str) -> None:
        """Put one prompt on the wall now, over the current step ("Show on screen")."""
        self.shown_prompt = text
        self.blanked = False
        self._remember(text)

    def prompt_list(self) -> list[str]:
        """Prompts for the current scenario (or the whole plan between scenarios)."""
        sid = self.current.scenario_id
        out: list[str] = []
        for ps in self.plan.scenarios:
            if sid and ps.id != sid:
                continue
            out.extend(p.question for p in ps.pauses)
            out.extend(ps.prompts)
        return out

    def _note_used(self) -> None:
        step = self.current
        if step.kind in ("prompt", "pause") and not self.hidden:
            self._remember(step.title)

    def _remember(self, text: str) -> None:
        if text and text not in self.prompts_used:
            self.prompts_used.append(text)

    # ------------------------------------------------------------ tallies

    def tally(self, tally_id: str) -> Tally:
        return self.tallies[tally_id]

    def set_tally(self, tally_id: str, phase: str, value: int, count: int) -> None:
        self.tallies[tally_id].set(phase, value, count)

    # ------------------------------------------------------------ the wall

    def wall(self) -> Wall:
        if self.blanked:
            return Wall("blank")
        if self.shown_prompt:
            return Wall("prompt", style="prompt", title=self.shown_prompt)
        step = self.current
        if step.kind == "tally":
            t = self.tallies[step.tally_id]
            if self.hidden:
                return Wall(
                    "prompt",
                    style="tally",
                    title=t.question,
                    body="Hands up for 1, 2, 3, 4 or 5",
                    items=SCALE_HINT,
                )
            chart: tuple[tuple[str, tuple[int, ...]], ...] = (("Before", tuple(t.before)),)
            if step.phase == "after":
                chart += (("After", tuple(t.after)),)
            return Wall("chart", style="tally", title=t.question, chart=chart)
        if self.hidden:
            return Wall("logo", style=step.kind, title=self.plan.title)
        if step.kind == "clip":
            return Wall(
                "clip",
                style="clip",
                title=step.title,
                media=str(step.video or ""),
                captions=str(step.captions or ""),
                start=step.start,
                stop=step.stop,
            )
        if step.kind in ("prompt", "pause"):
            return Wall("prompt", style=step.kind, title=step.title)
        return Wall("slide", style=step.kind, title=step.title, body=step.body, items=step.items)

    # ------------------------------------------------------------ the record

    def record(self) -> dict:
        """The group-session record: no participant names, only counts and the notes."""
        return {
            "date": self.date or datetime.now(UTC).astimezone().strftime("%Y-%m-%d"),
            "plan": {
                "id": self.plan.id,
                "title": self.plan.title,
                "audience": self.plan.audience,
                "scenarios": [s.id for s in self.plan.scenarios],
            },
            "prompts_used": list(self.prompts_used),
            "tallies": [t.as_dict() for t in self.tallies.values()],
            "takeaways": [t for t in self.takeaways if t.strip()],
            "actions": [a for a in self.actions if a.strip()],
            "notes": self.notes,
            "minutes": round(self.elapsed() / 60.0, 1),
        }

    def journal_payload(self) -> dict:
        rec = self.record()
        return {
            "kind": "group-session",
            "title": f"Group session: {self.plan.title}",
            "answers": {"session-notes": self.notes} if self.notes else {},
            "tags": ["group session"],
            "extra": {
                "plan": rec["plan"],
                "date": rec["date"],
                "tallies": rec["tallies"],
                "takeaways": rec["takeaways"],
                "actions": rec["actions"],
                "prompts_used": rec["prompts_used"],
                "notes": rec["notes"],
                "minutes": rec["minutes"],
            },
        }


def save_to_journal(session: GroupSession, journal: JournalService) -> Entry:
    """Seal the group-session record into the facilitator's own journal (a final entry)."""
    return journal.add(session.journal_payload(), status="final")


def export_summary(session: GroupSession, out: Path, organisation: str = "") -> Path:
    """Lay out the summary PDF and write it atomically (slow: run it off the GUI thread)."""
    # reportlab loads only when a summary is made: running a session never needs it.
    from app.models.report import write_atomic
    from app.models.report.group_summary import group_summary_pdf

    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    data = group_summary_pdf(session.record(), organisation=organisation)
    return write_atomic(data, out)
