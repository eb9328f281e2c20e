"""Running a group session: where we are in the plan, what the wall shows, timers, tallies, notes.

The console (GUI) and tests drive this object; it knows nothing of Qt. What the audience
screen shows is computed here as a `Wall` of plain strings and numbers, so the projector
window never needs anything but display data.
"""

from __future__ import annotations

import copy
import json
import logging
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

log = logging.getLogger(__name__)

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
    titles: dict[str, str] = field(default_factory=dict)  # scenario id -> title

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
        session.titles = {s.id: scenarios[s.id].title for s in plan.scenarios}
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
        if self.hidden and (self.current.kind != "tally" or self.chart_ready()):
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
            if self.current.kind != "tally" or self.chart_ready():
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

    def set_counts(self, counts: list[int]) -> None:
        """All five counts of the current show of hands at once (quick entry)."""
        step = self.current
        if step.kind != "tally":
            raise ValueError("this step is not a show of hands")
        for value, count in enumerate(counts, start=1):
            self.set_tally(step.tally_id, step.phase, value, count)

    def chart_ready(self) -> bool:
        """A show-of-hands step has counts to chart (an empty chart tells the room nothing)."""
        step = self.current
        return step.kind == "tally" and self.tallies[step.tally_id].total(step.phase) > 0

    def reveal_chart(self) -> bool:
        """Put the chart on the wall; refused while no hands have been counted."""
        if not self.chart_ready():
            return False
        self.reveal()
        return True

    # ------------------------------------------------------------ the wall

    def wall(self) -> Wall:
        if self.blanked:
            return Wall("blank")
        if self.shown_prompt:
            return Wall("prompt", style="prompt", title=self.shown_prompt)
        step = self.current
        if step.kind == "tally":
            t = self.tallies[step.tally_id]
            # the chart only once revealed, and never with no hands counted at all
            if self.hidden or not self.chart_ready():
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
        if step.kind == "takeaways":
            # what the facilitator edited on the console, not the plan's first draft
            items = tuple(t for t in self.takeaways if t.strip())
            return Wall("slide", style=step.kind, title=step.title, items=items)
        return Wall("slide", style=step.kind, title=step.title, body=step.body, items=step.items)

    def next_wall(self) -> Wall | None:
        """What the wall will show after the next click (the console's preview); None at the end."""
        ahead = copy.copy(self)
        ahead.prompts_used = list(self.prompts_used)
        ahead.clock = lambda: 0.0
        ahead.started_at = ahead.step_started_at = 0.0
        if not ahead.go_next():
            return None
        return ahead.wall()

    # ------------------------------------------------------------ resuming

    def snapshot(self) -> dict:
        """Where the session is, for resuming after a crash: no notes and no follow-up actions
        (the facilitator's own words are kept sealed elsewhere, never in this plain record)."""
        return {
            "version": 1,
            "plan": self.plan.id,
            "index": self.index,
            "hidden": self.hidden,
            "tallies": [t.as_dict() for t in self.tallies.values()],
            "takeaways": list(self.takeaways),
            "prompts_used": list(self.prompts_used),
            "elapsed": round(self.elapsed(), 1),
            "date": self.date,
            "steps": len(self.steps),
        }

    def restore(self, snap: Mapping) -> None:
        """Pick up a session where `snapshot()` left it (counts, place, take-aways, clock)."""
        if snap.get("plan") != self.plan.id:
            raise ValueError("this saved session belongs to another plan")
        index = int(snap.get("index", 0))
        self.index = index if 0 <= index < len(self.steps) else 0
        self.hidden = bool(snap.get("hidden", self.current.hidden_first))
        self.blanked = False
        for d in snap.get("tallies", []):
            if d.get("id") in self.tallies:
                self.tallies[d["id"]] = Tally.from_dict(d)
        self.takeaways = [str(t) for t in snap.get("takeaways", self.takeaways)]
        self.prompts_used = [str(t) for t in snap.get("prompts_used", [])]
        now = self.clock()
        self.started_at = now - float(snap.get("elapsed", 0.0))
        self.step_started_at = now
        self.date = str(snap.get("date", "")) or self.date

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
                "scenario_titles": self.scenario_titles(),
            },
            "prompts_used": list(self.prompts_used),
            "tallies": [t.as_dict() for t in self.tallies.values()],
            "takeaways": [t for t in self.takeaways if t.strip()],
            "actions": [a for a in self.actions if a.strip()],
            "notes": self.notes,
            "minutes": round(self.elapsed() / 60.0, 1),
        }

    def scenario_titles(self) -> list[str]:
        """Each scenario's title as the room saw it, in plan order."""
        return [self.titles.get(s.id, s.id) for s in self.plan.scenarios]

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


def export_summary(
    session: GroupSession,
    out: Path,
    organisation: str = "",
    *,
    facilitator: tuple[str, str] = ("", ""),
    include_notes: bool = False,
) -> Path:
    """Lay out the summary PDF and write it atomically (slow: run it off the GUI thread).

    `facilitator` is (name, role) from their profile, blank when none is unlocked; the notes
    go in only when the facilitator chose so.
    """
    # reportlab loads only when a summary is made: running a session never needs it.
    from app.models.report import write_atomic
    from app.models.report.group_summary import group_summary_pdf

    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    name, role = facilitator
    data = group_summary_pdf(
        session.record(),
        facilitator=name,
        facilitator_role=role,
        organisation=organisation,
        include_notes=include_notes,
    )
    return write_atomic(data, out)


# ---------------------------------------------------------------- resuming a running session

RUNNING_FILE = "group-session-running.json"
NOTES_DRAFT_KEY = "group-session"  # the sealed draft holding a running session's notes


def running_path(data_dir: Path) -> Path:
    return data_dir / RUNNING_FILE


def keep_running(data_dir: Path, session: GroupSession, notes_profile: str = "") -> None:
    """Write where a running session is, atomically, so it survives a crash or a switch-off.

    Only the place, counts, take-aways (the room has seen them) and timing are written, in
    clear. The facilitator's notes and follow-up actions never are: `seal_notes` puts them in
    the unlocked profile's journal, sealed; `notes_profile` records which profile holds them.
    """
    from app.models.report import write_atomic

    snap = session.snapshot()
    snap["notes_profile"] = notes_profile
    snap["saved_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    data_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(json.dumps(snap, indent=1).encode("utf-8"), running_path(data_dir))


def running_session(data_dir: Path) -> dict | None:
    """The session that was running when the app stopped, or None (also when unreadable)."""
    path = running_path(data_dir)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("a saved group session could not be read; it is set aside")
        return None
    return value if isinstance(value, dict) and value.get("plan") else None


def forget_running(data_dir: Path, journal: JournalService | None = None) -> None:
    """The session is over for good: drop its place and, when given, its sealed notes."""
    running_path(data_dir).unlink(missing_ok=True)
    if journal is not None:
        journal.discard_autosave_draft(NOTES_DRAFT_KEY)


def seal_notes(session: GroupSession, journal: JournalService) -> None:
    """Keep the facilitator's notes and actions for resuming, sealed in their own journal."""
    journal.save_autosave_draft(
        NOTES_DRAFT_KEY,
        {"plan": session.plan.id, "notes": session.notes, "actions": list(session.actions)},
    )


def unseal_notes(session: GroupSession, journal: JournalService) -> bool:
    """Bring back the notes kept by `seal_notes` (True when there were some for this plan)."""
    kept = journal.load_autosave_drafts().get(NOTES_DRAFT_KEY)
    if not kept or kept.get("plan") != session.plan.id:
        return False
    session.notes = str(kept.get("notes", ""))
    session.actions = [str(a) for a in kept.get("actions", [])]
    return True
