"""Group-session plans: what a facilitator runs on the projector, read from TOML and validated.

A plan names its scenarios in order, with discussion prompts, optional pause points and
timings, plus the opening (welcome, ground rules, content warnings) and closing steps
(debrief, take-aways, support resources). `expand()` turns a plan into the flat list of steps
the facilitator clicks through.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.models.content import Scenario
from app.models.timefmt import format_clock
from app.models.toml_doc import Problem, TomlDoc

# The first rule states its limit: a safeguarding worry, or a risk to someone, is acted on
# (Keeping Children Safe in Education, Working Together 2023, NMC Code 16: raising concerns).
DEFAULT_GROUND_RULES: tuple[str, ...] = (
    "What is shared here stays here, unless it tells us someone may be at risk. "
    "Then we talk with you first about who needs to know.",
    "Speak from your own experience.",
    "You can step out at any time. No need to explain.",
    "No one has to share.",
)

# Gather · Analyse · Summarise: the debrief structure used after simulation.
DEFAULT_DEBRIEF: tuple[tuple[str, str], ...] = (
    ("Gather", "What happened? How are you feeling after watching this?"),
    ("Analyse", "What helped? What made it harder? Why do you think that was?"),
    ("Summarise", "What will you take back to your own practice?"),
)

DEFAULT_WELCOME = "Welcome. Thank you for being here."

# Step kinds, in the order they can appear.
STEP_KINDS = (
    "welcome",
    "ground-rules",
    "warnings",
    "tally",
    "clip",
    "pause",
    "prompt",
    "debrief",
    "takeaways",
    "support",
)

TALLY_SCALE = 5  # show of hands on 1..5


@dataclass(frozen=True)
class PlanPause:
    at_seconds: float
    question: str


@dataclass(frozen=True)
class PlanScenario:
    id: str
    minutes: float = 0.0
    prompts: tuple[str, ...] = ()
    pauses: tuple[PlanPause, ...] = ()
    notes: str = ""  # facilitator-only


@dataclass(frozen=True)
class PlanTally:
    id: str
    question: str


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    audience: str = ""
    summary: str = ""
    welcome: str = DEFAULT_WELCOME
    ground_rules: tuple[str, ...] = DEFAULT_GROUND_RULES
    scenarios: tuple[PlanScenario, ...] = ()
    tallies: tuple[PlanTally, ...] = ()
    debrief: tuple[tuple[str, str], ...] = DEFAULT_DEBRIEF
    takeaways: tuple[str, ...] = ()
    support: tuple[str, ...] = ()  # empty: the organisation's settings are used
    reveal_prompts: bool = False  # prompts start hidden; the first "next" reveals them
    minutes: float = 0.0
    source: Path | None = None


@dataclass(frozen=True)
class Step:
    """One click of the plan. Text fields are what the room may see; `notes` is facilitator-only."""

    kind: str
    title: str
    body: str = ""
    items: tuple[str, ...] = ()
    scenario_id: str = ""
    video: Path | None = None
    captions: Path | None = None
    start: float = 0.0
    stop: float | None = None  # clip segment end (a pause point), None: to the end
    tally_id: str = ""
    phase: str = ""  # tally: "before" / "after"
    minutes: float = 0.0
    notes: str = ""
    hidden_first: bool = False  # the wall shows a holding screen until revealed

    @property
    def label(self) -> str:
        kind = KIND_LABELS.get(self.kind, self.kind)
        # "Ground rules", not "Ground rules: Ground rules", when the step is titled as its kind.
        return kind if self.title.strip().lower() == kind.lower() else f"{kind}: {self.title}"


KIND_LABELS = {
    "welcome": "Welcome",
    "ground-rules": "Ground rules",
    "warnings": "Content warnings",
    "tally": "Show of hands",
    "clip": "Clip",
    "pause": "Pause",
    "prompt": "Discussion",
    "debrief": "Debrief",
    "takeaways": "Take-aways",
    "support": "Support",
}


class PlanError(Exception):
    """A plan refers to something that is not available (e.g. a scenario not installed)."""


# ---------------------------------------------------------------- reading and validation


def _str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def validate(doc: TomlDoc) -> list[Problem]:
    """Every problem in a plan file, as `path:line: what to change`. Empty when it is fine."""
    problems: list[Problem] = list(doc.problems)
    if problems:
        return problems
    path = doc.path

    def at(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    plan = doc.data.get("plan")
    if not isinstance(plan, dict):
        at(1, "a session plan starts with a [plan] table; add one with id and title")
        return problems
    top = doc.line_of(None, "plan")
    for key, article in (("id", "an"), ("title", "a")):
        value = plan.get(key)
        if not isinstance(value, str) or not value.strip():
            at(
                doc.line_of(key, "plan") if key in plan else top,
                f"add {article} {key} to [plan] (some text)",
            )
    for key in ("audience", "summary", "welcome"):
        if key in plan and not isinstance(plan[key], str):
            at(doc.line_of(key, "plan"), f"{key} should be text in quotes")
    for key in ("ground_rules", "takeaways", "support"):
        if key in plan and not _str_list(plan[key]):
            at(doc.line_of(key, "plan"), f'{key} should be a list of texts, like ["one", "two"]')
    if "minutes" in plan and not _is_number(plan["minutes"], minimum=0):
        at(doc.line_of("minutes", "plan"), "minutes should be a number of minutes, 0 or more")
    if "reveal_prompts" in plan and not isinstance(plan["reveal_prompts"], bool):
        at(doc.line_of("reveal_prompts", "plan"), "reveal_prompts should be true or false")
    if "debrief" in plan:
        debrief = plan["debrief"]
        if not isinstance(debrief, list) or not debrief:
            at(
                doc.line_of("debrief", "plan"),
                "debrief should be a list of {phase = ..., question = ...}",
            )
        else:
            for item in debrief:
                if not (
                    isinstance(item, dict)
                    and _text(item.get("phase"))
                    and _text(item.get("question"))
                ):
                    at(
                        doc.line_of("debrief", "plan"),
                        "each debrief part needs a phase and a question",
                    )
                    break

    scenarios = plan.get("scenarios", [])
    if not isinstance(scenarios, list) or not scenarios:
        at(top, "add at least one scenario: a [[plan.scenarios]] table with an id")
        scenarios = []
    seen: set[str] = set()
    for n, sc in enumerate(scenarios):
        table = "plan.scenarios"
        line = doc.line_of(None, table, n)
        if not isinstance(sc, dict):
            at(line, "each scenario should be a [[plan.scenarios]] table")
            continue
        sid = sc.get("id")
        if not isinstance(sid, str) or not _text(sid):
            at(line, 'add the scenario\'s id, e.g. id = "low-mood-inpatient"')
        elif sid in seen:
            at(doc.line_of("id", table, n), f"scenario {sid!r} is listed twice; remove one")
        else:
            seen.add(sid)
        if "minutes" in sc and not _is_number(sc["minutes"], minimum=0):
            at(doc.line_of("minutes", table, n), "minutes should be a number of minutes, 0 or more")
        if "prompts" in sc and not _str_list(sc["prompts"]):
            at(doc.line_of("prompts", table, n), "prompts should be a list of questions in quotes")
        if "notes" in sc and not isinstance(sc["notes"], str):
            at(doc.line_of("notes", table, n), "notes should be text in quotes")
        pauses = sc.get("pauses", [])
        if not isinstance(pauses, list):
            at(
                doc.line_of("pauses", table, n),
                "pauses should be a list of {at = seconds, question = ...}",
            )
            continue
        last = -1.0
        for p in pauses:
            if not (
                isinstance(p, dict)
                and _is_number(p.get("at"), minimum=0)
                and _text(p.get("question"))
            ):
                at(
                    doc.line_of("pauses", table, n),
                    "each pause needs at = seconds (0 or more) and a question",
                )
                break
            if p["at"] <= last:
                at(doc.line_of("pauses", table, n), "list the pauses in time order, earliest first")
                break
            last = float(p["at"])

    tallies = plan.get("tallies", [])
    if not isinstance(tallies, list):
        at(top, "tallies should be [[plan.tallies]] tables with id and question")
        tallies = []
    tally_ids: set[str] = set()
    for n, t in enumerate(tallies):
        line = doc.line_of(None, "plan.tallies", n)
        if not isinstance(t, dict) or not _text(t.get("id")) or not _text(t.get("question")):
            at(line, "each tally needs an id and a question (answered 1 to 5 by a show of hands)")
            continue
        if t["id"] in tally_ids:
            at(
                doc.line_of("id", "plan.tallies", n),
                f"tally {t['id']!r} is listed twice; remove one",
            )
        tally_ids.add(t["id"])
    return problems


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_number(value: object, minimum: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= minimum


def plan_from_doc(doc: TomlDoc) -> Plan:
    """Build a Plan from a document that `validate` found no problems in."""
    p = doc.data["plan"]
    scenarios = tuple(
        PlanScenario(
            id=sc["id"],
            minutes=float(sc.get("minutes", 0)),
            prompts=tuple(sc.get("prompts", ())),
            pauses=tuple(PlanPause(float(x["at"]), x["question"]) for x in sc.get("pauses", ())),
            notes=sc.get("notes", ""),
        )
        for sc in p["scenarios"]
    )
    debrief = (
        tuple((d["phase"], d["question"]) for d in p["debrief"])
        if "debrief" in p
        else DEFAULT_DEBRIEF
    )
    return Plan(
        id=p["id"],
        title=p["title"],
        audience=p.get("audience", ""),
        summary=p.get("summary", ""),
        welcome=p.get("welcome", DEFAULT_WELCOME),
        ground_rules=tuple(p.get("ground_rules", DEFAULT_GROUND_RULES)),
        scenarios=scenarios,
        tallies=tuple(PlanTally(t["id"], t["question"]) for t in p.get("tallies", ())),
        debrief=debrief,
        takeaways=tuple(p.get("takeaways", ())),
        support=tuple(p.get("support", ())),
        reveal_prompts=bool(p.get("reveal_prompts", False)),
        minutes=float(p.get("minutes", 0)),
        source=doc.path,
    )


def read_plan(path: Path) -> tuple[Plan | None, list[Problem]]:
    doc = TomlDoc.read(path)
    problems = validate(doc)
    return (None if problems else plan_from_doc(doc)), problems


def load_plans(roots: Iterable[Path]) -> tuple[list[Plan], list[Problem]]:
    """Plans from `sessions/*.toml` under each content root; broken files are reported and skipped.

    A later root (the organisation's folder) replaces a bundled plan with the same id.
    """
    by_id: dict[str, Plan] = {}
    problems: list[Problem] = []
    for root in roots:
        folder = Path(root) / "sessions"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            plan, found = read_plan(path)
            problems.extend(found)
            if plan is not None:
                by_id[plan.id] = plan
    return sorted(by_id.values(), key=lambda p: p.title.lower()), problems


# ---------------------------------------------------------------- steps


def expand(
    plan: Plan, scenarios: Mapping[str, Scenario], support: Iterable[str] = ()
) -> list[Step]:
    """The plan as the facilitator steps through it.

    Opening: welcome, ground rules, content warnings, then each tally's "before" show of hands.
    Per scenario: the clip (split at its pause points, each followed by its question), then its
    prompts. Closing: each tally "after", debrief parts, take-aways, support resources.
    Raises PlanError when a scenario the plan needs is not installed.
    """
    missing = [s.id for s in plan.scenarios if s.id not in scenarios]
    if missing:
        raise PlanError(
            "This plan uses scenarios that are not installed: "
            + ", ".join(missing)
            + ". Add them to the content folder or edit the plan."
        )
    steps: list[Step] = [
        Step(
            "welcome",
            plan.title,
            body=plan.welcome,
            items=(plan.audience,) if plan.audience else (),
        ),
        Step(
            "ground-rules",
            "Ground rules",
            items=plan.ground_rules,
            notes="Read these aloud. Ask if anyone wants to add one.",
        ),
    ]
    warnings: list[str] = []
    for ps in plan.scenarios:
        for w in scenarios[ps.id].content_warnings:
            if w not in warnings:
                warnings.append(w)
    steps.append(
        Step(
            "warnings",
            "Before we start",
            body="Some of what we will watch may be hard to see."
            + ("" if warnings else " Take care of yourself, and step out if you need to."),
            items=tuple(warnings),
            notes="Remind the room they can step out at any time.",
        )
    )
    for t in plan.tallies:
        steps.append(
            Step(
                "tally",
                t.question,
                tally_id=t.id,
                phase="before",
                hidden_first=True,
                notes="Count hands for each number, 1 to 5. No names.",
            )
        )
    for ps in plan.scenarios:
        sc = scenarios[ps.id]
        pauses = ps.pauses or tuple(PlanPause(p.at_seconds, p.label) for p in sc.pause_points)
        clip_minutes = max(sc.duration_seconds / 60.0, 0.0)
        # The clip in parts, split at each pause: (start, pause or None for the last part).
        starts = [0.0] + [p.at_seconds for p in pauses]
        for n, (start, pause) in enumerate(zip(starts, [*pauses, None], strict=True)):
            stop = pause.at_seconds if pause else None
            steps.append(
                Step(
                    "clip",
                    sc.title + (f" (part {n + 1})" if pauses else ""),
                    body=sc.summary,
                    scenario_id=sc.id,
                    video=sc.video,
                    captions=sc.captions,
                    start=start,
                    stop=stop,
                    minutes=max(
                        (stop - start) / 60 if stop is not None else clip_minutes - start / 60,
                        0.0,
                    ),
                    notes=ps.notes,
                )
            )
            if pause is not None:
                steps.append(
                    Step(
                        "pause",
                        pause.question,
                        body=f"Paused at {format_clock(pause.at_seconds)}",
                        scenario_id=sc.id,
                        start=pause.at_seconds,
                        notes="Let the room answer before moving on.",
                    )
                )
        prompts = ps.prompts
        per_prompt = 0.0
        if prompts and ps.minutes:
            per_prompt = max(ps.minutes - clip_minutes, 0.0) / len(prompts)
        for q in prompts:
            steps.append(
                Step(
                    "prompt",
                    q,
                    scenario_id=sc.id,
                    minutes=per_prompt,
                    hidden_first=plan.reveal_prompts,
                )
            )
    for t in plan.tallies:
        steps.append(
            Step(
                "tally",
                t.question,
                tally_id=t.id,
                phase="after",
                hidden_first=True,
                notes="Count hands again. Reveal to compare with the start.",
            )
        )
    phases = tuple(name for name, _ in plan.debrief)
    for name, question in plan.debrief:
        steps.append(Step("debrief", name, body=question, items=phases))
    # Always a take-aways slide: the facilitator may write them during the session.
    steps.append(Step("takeaways", "Key take-aways", items=plan.takeaways))
    resources = tuple(plan.support) or tuple(support)
    steps.append(
        Step(
            "support",
            "Looking after yourself",
            body="If today brought something up, you are not alone.",
            items=resources,
            notes="Leave this up while people leave.",
        )
    )
    return steps
