"""A demo profile with a lived-in journal, so someone evaluating Casebook sees it in one click.

The profile is marked as demo (the plain `demo` flag), its passphrase is public and shown on
screen, and its reflections are invented: a ward nurse, Sam, over the last few months. Every
answer goes through the same composition and checks as a real reflection, so the demo shows
exactly what the app would store. `remove()` deletes it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app.config import Paths
from app.errors import CasebookError
from app.models.content import Scenario
from app.models.journal import Entry
from app.models.profiles import ProfileInfo
from app.models.store import guarded
from app.services.journal import JournalService
from app.services.profiles import ProfileService
from app.services.reflection import ReflectionService
from app.services.session import UnlockedSession

DEMO_NAME = "Demo – Sam (ward nurse)"
DEMO_ROLE = "ward-nurse"
DEMO_SETTING = "Orthopaedic ward (demo)"
# Public on purpose: it is printed on screen. Strong enough to pass the usual passphrase check.
DEMO_PASSPHRASE = "demo harbour lantern quietly"


# Stand-ins with the bundled scenarios' ids, titles, topics and objectives, used only when the
# content library is not installed, so the demo still shows progress by objective.
_FALLBACK_SCENARIOS: dict[str, dict[str, Any]] = {
    "low-mood-inpatient": {
        "title": "Quiet in bay four",
        "roles": ("ward-nurse", "mh-practitioner"),
        "topics": ("low-mood", "depression", "suicide-risk", "communication"),
        "learning_objectives": (
            "Recognise signs of low mood in a patient admitted for a physical health problem.",
            "Ask directly and kindly about thoughts of not wanting to be alive.",
            "Know when and how to involve the mental health liaison team.",
        ),
        "content_warnings": ("Mentions thoughts of not wanting to be alive, and bereavement.",),
    },
    "staff-wellbeing": {
        "title": "After the shift",
        "roles": ("ward-nurse", "ed-nurse", "mh-practitioner", "teacher", "school-support"),
        "topics": ("staff-wellbeing", "peer-support", "debrief"),
        "learning_objectives": (
            "Notice signs of strain in a colleague after a hard day.",
            "Check in with a colleague without judgement.",
            "Know where staff can find support: debriefs, peer support and staff services.",
        ),
        "content_warnings": ("Mentions the death of a patient.",),
    },
}


def _fallback(scenario_id: str) -> Scenario:
    spec = _FALLBACK_SCENARIOS[scenario_id]
    return Scenario(
        id=scenario_id,
        title=spec["title"],
        summary="",
        video=Path(f"{scenario_id}.mp4"),
        duration_seconds=0.0,
        captions=None,
        roles=spec["roles"],
        topics=spec["topics"],
        setting="",
        level="introductory",
        learning_objectives=spec["learning_objectives"],
        content_warnings=spec["content_warnings"],
        demo=True,
    )


@dataclass(frozen=True)
class DemoReflection:
    """One invented reflection: when, on what, and what Sam wrote."""

    days_ago: int
    scenario_id: str | None
    status: str
    answers: dict[str, Any]
    title: str = ""
    model: str | None = None
    tags: tuple[str, ...] = ()
    before: tuple[int, ...] = ()  # per learning objective, in the scenario's order
    after: tuple[int, ...] = ()
    markers: tuple[dict[str, Any], ...] = ()
    edit: dict[str, Any] | None = None  # answers changed in a later edit (keeps a revision)


SAMPLES: tuple[DemoReflection, ...] = (
    DemoReflection(
        days_ago=158,
        scenario_id="low-mood-inpatient",
        status="final",
        tags=("low mood", "first viewing"),
        before=(2, 2, 1),
        after=(3, 3, 2),
        markers=({"at": 31.0, "note": "He says he doesn't see the point"},),
        answers={
            "core.stood-out": "Alan pushed his tray away and would not look at Priya. "
            "He said he didn't see the point in the physio.",
            "core.presentation": "His voice was flat and he kept his eyes on the window. "
            "It made me see how low he was, not just tired.",
            "core.moment": "[0:31] He says he doesn't see the point. I would have moved on.",
            "core.respond": "Sit down at his level and ask how he is really feeling, "
            "and not rush off to the next bay.",
            "low-mood-inpatient.signs": [
                "Not eating",
                "Not wanting to do his physiotherapy",
                "Saying he doesn't see the point",
            ],
            "low-mood-inpatient.ask-directly": "Reassure them that things will get better, "
            "and move on",
            "nmc.nature": "A short simulation clip about low mood in an older patient on a ward.",
            "nmc.learned": "Low mood can look like 'not cooperating'. I had not thought "
            "about asking directly about not wanting to be alive.",
        },
    ),
    DemoReflection(
        days_ago=121,
        scenario_id="staff-wellbeing",
        status="final",
        model="gibbs",
        tags=("wellbeing",),
        before=(2, 3, 2),
        after=(3, 4, 3),
        answers={
            "core.stood-out": "Beth was still in the staff room an hour after her shift, "
            "going over the day again and again.",
            "core.support": "A debrief after a death on the ward, and reminding each other "
            "about occupational health.",
            "staff-wellbeing.signs": [
                "Still at work an hour after her shift",
                "Going over the day again and again",
                "Thinking everyone else copes",
            ],
            "staff-wellbeing.health.debrief": "A team debrief, and knowing how to reach "
            "staff support",
            "gibbs.feelings": "It reminded me of my own first death on the ward. "
            "I went home and did not tell anyone.",
            "gibbs.action-plan": "Ask the charge nurse about a short debrief after hard shifts.",
        },
    ),
    DemoReflection(
        days_ago=74,
        scenario_id=None,
        status="final",
        title="A handover that went too fast",
        tags=("handover", "practice"),
        answers={
            "core-free.what-happened": "At the end of a late shift the handover was rushed. "
            "I forgot to mention that one patient had been tearful all afternoon.",
            "core-free.stood-out": "How easy it is to hand over the obs and the meds "
            "and leave out how someone is feeling.",
            "core-free.support": "A line on the handover sheet for mood and worries.",
            "nmc.learned": "Mood is part of the clinical picture and belongs in handover.",
            "nmc.changed": "I now add one line about how each patient is feeling.",
        },
    ),
    DemoReflection(
        days_ago=38,
        scenario_id="low-mood-inpatient",
        status="final",
        tags=("low mood", "second viewing"),
        before=(3, 3, 2),
        after=(4, 4, 3),
        answers={
            "core.stood-out": "This time I noticed the bereavement earlier, and that he was "
            "lying awake at night.",
            "core.respond": "Ask him directly and kindly whether he has had thoughts of not "
            "wanting to be alive, then tell the nurse in charge and the liaison team.",
            "low-mood-inpatient.signs": [
                "Not eating",
                "Saying he doesn't see the point",
                "Not sleeping, lying awake thinking",
                "A recent bereavement",
                "Saying he wouldn't mind not waking up",
            ],
            "low-mood-inpatient.ask-directly": "Ask them calmly and directly whether they have "
            "had thoughts of not wanting to be alive",
            "nmc.nature": "Watched the low mood clip again, three months after the first time.",
            "nmc.learned": "I feel more able to ask the direct question now.",
        },
        edit={
            "nmc.changed": "I asked a patient on my ward the direct question last week. "
            "It was easier than I feared, and we made a plan with the liaison team."
        },
    ),
    DemoReflection(
        days_ago=3,
        scenario_id=None,
        status="draft",
        title="Night shift: a patient who would not settle",
        tags=("nights",),
        answers={
            "core-free.what-happened": "A patient kept getting out of bed at 3 am and asking "
            "to go home. I want to finish this after my next shift.",
        },
    ),
)


class DemoService:
    """Creates and removes the demo profile."""

    def __init__(
        self, paths: Paths, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self.paths = paths
        self.profiles = ProfileService(paths)
        self.clock = clock

    def find(self) -> ProfileInfo | None:
        return next(
            (p for p in self.profiles.list_profiles() if p.demo and p.name == DEMO_NAME), None
        )

    def create(self) -> tuple[ProfileInfo, int]:
        """The demo profile and how many sample reflections it holds. Refuses a second one."""
        if self.find() is not None:
            raise CasebookError(
                f"The demo profile is already here. Its passphrase is: {DEMO_PASSPHRASE}"
            )
        info, _code = self.profiles.create(
            DEMO_NAME, DEMO_ROLE, DEMO_SETTING, DEMO_PASSPHRASE, demo=True
        )
        session = UnlockedSession(self.profiles.unlock(info.id, DEMO_PASSPHRASE))
        try:
            count = len(self.fill(session))
        except BaseException:
            # Half a demo is confusing: take it away again and say what went wrong.
            session.lock()
            self.profiles.delete(info.id)
            raise
        session.lock()
        return info, count

    def remove(self) -> ProfileInfo:
        info = self.find()
        if info is None:
            raise CasebookError("There is no demo profile on this computer.")
        self.profiles.delete(info.id)
        return info

    # -- the sample journal -------------------------------------------------------------------

    def fill(self, session: UnlockedSession) -> list[Entry]:
        """Write the sample reflections through the same use case the form saves with."""
        return [self._write(session.journal, session.reflections, s) for s in SAMPLES]

    def _scenario(self, reflections: ReflectionService, scenario_id: str | None) -> Scenario | None:
        if scenario_id is None:
            return None
        return reflections.scenario(scenario_id) or _fallback(scenario_id)

    def _write(
        self, journal: JournalService, reflections: ReflectionService, sample: DemoReflection
    ) -> Entry:
        scenario = self._scenario(reflections, sample.scenario_id)
        refl = reflections.start(
            DEMO_ROLE, scenario, sample.model, title=sample.title, markers=sample.markers
        )
        objectives = refl.objectives
        refl.confidence_before = dict(zip(objectives, sample.before, strict=False))
        known = refl.questions
        # Only answers to questions this composition asks: packs change, the demo must not break.
        answers = {k: v for k, v in sample.answers.items() if k in known}
        payload = reflections.build_payload(
            refl,
            answers,
            tags=sample.tags,
            confidence_after=dict(zip(objectives, sample.after, strict=False)),
        )
        entry = reflections.save(refl, payload, sample.status)
        at = self.clock() - timedelta(days=sample.days_ago)
        if sample.edit:
            edited = {k: v for k, v in sample.edit.items() if k in known}
            payload = reflections.build_payload(
                refl,
                {**answers, **edited},
                tags=sample.tags,
                confidence_after=dict(zip(objectives, sample.after, strict=False)),
            )
            entry = reflections.save(refl, payload, sample.status)
            self._backdate(journal, entry.id, at, edited_at=at + timedelta(days=9))
        else:
            self._backdate(journal, entry.id, at)
        return journal.get(entry.id)

    def _backdate(
        self,
        journal: JournalService,
        entry_id: str,
        at: datetime,
        edited_at: datetime | None = None,
    ) -> None:
        """Spread the samples over past months. Only plain timestamps change; nothing sealed."""
        created = _stamp(at)
        updated = _stamp(edited_at or at)
        with guarded(self.paths.database), journal.db.atomic():
            journal.db.execute(
                "UPDATE entries SET created_at = ?, updated_at = ? WHERE id = ?",
                [created, updated, entry_id],
            )
            journal.db.execute(
                "UPDATE revisions SET created_at = ? WHERE entry_id = ?", [created, entry_id]
            )


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def demo_scenarios(paths: Paths) -> dict[str, Scenario]:
    """The installed scenarios, plus stand-ins for the demo's own when the library is missing
    (screenshots and benches on a bare checkout still show topics and objectives)."""
    from app.services.progress import load_scenarios

    found = load_scenarios(paths)
    for sid in _FALLBACK_SCENARIOS:
        found.setdefault(sid, _fallback(sid))
    return found
