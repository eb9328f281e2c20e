"""The demo library teaches what current UK guidance says (the clinical and safeguarding review).

One test (or a few) per finding of the review, so that a later edit that brings back unsafe or
misleading wording fails here. The guidance each change follows is recorded in
docs/content-review.md. No GUI: plain files, the prompt composer and the command line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app.config import Settings, bundled_resources
from app.models import prompts, support
from app.models.captions import read_captions
from app.models.content import ROLES
from app.models.session_plan import DEFAULT_GROUND_RULES, load_plans
from app.services import library

RESOURCES = bundled_resources()
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import demo_scripts  # noqa: E402

SCRIPTS = {s.id: s for s in demo_scripts.SCRIPTS}
NEW_SCENARIOS = (
    "pupil-self-harm",
    "colleague-suicidal-thoughts",
    "psychosis-voices",
    "angry-parent",
)
DISCLOSURE_SCENARIOS = ("pupil-disclosure", "pupil-self-harm")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def said(script_id: str, who: str | None = None) -> list[str]:
    return [ln.text for ln in SCRIPTS[script_id].lines if who is None or ln.who == who]


@pytest.fixture(scope="module")
def packs():
    loaded, problems = prompts.load_packs([RESOURCES])
    assert problems == []
    return loaded


@pytest.fixture(scope="module")
def scenarios():
    lib = library.load_library([RESOURCES])
    assert lib.problems == []
    return lib.by_id()


def compose(packs, scenarios, role: str, scenario_id: str, model: str | None = None):
    return prompts.compose(role, scenarios[scenario_id], model, packs)


def questions(sections) -> dict[str, prompts.Question]:
    return prompts.questions_of(sections)


def all_questions(packs) -> dict[str, prompts.Question]:
    return {q.id: q for p in packs for q in p.questions}


def show(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "prompts", "show", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )


def library_text() -> dict[Path, str]:
    """Every text file of the bundled library and the script the clips are made from."""
    files = [
        *RESOURCES.glob("prompts/*.toml"),
        *RESOURCES.glob("sessions/*.toml"),
        *RESOURCES.glob("videos/*.toml"),
        *RESOURCES.glob("videos/*.srt"),
        *RESOURCES.glob("videos/*.vtt"),
        REPO / "scripts" / "demo_scripts.py",
    ]
    return {f: f.read_text(encoding="utf-8") for f in files}


# ---------------------------------------------------------------- Unsafe


@pytest.mark.parametrize("scenario_id", DISCLOSURE_SCENARIOS)
def test_a_teacher_after_a_disclosure_is_not_asked_how_to_involve_the_family(home, scenario_id):
    result = show("--role", "teacher", "--scenario", scenario_id, "--json")
    assert result.returncode == 0, result.stderr
    asked = [q for s in json.loads(result.stdout) for q in s["questions"]]
    texts = [q["text"].lower() for q in asked]
    assert not [t for t in texts if "family" in t or "parent" in t], texts
    # instead: who they would tell, how quickly, and that they do not contact the family
    tell = next(q for q in asked if q["id"] == "teacher.tell")
    assert "straight away" in tell["help"] and "before the pupil goes home" in tell["help"]
    assert "Do not contact the family yourself" in tell["help"]


def test_the_family_question_is_still_asked_where_it_belongs(packs, scenarios):
    for scenario_id in ("anxious-pupil", "angry-parent"):
        asked = questions(compose(packs, scenarios, "teacher", scenario_id))
        assert "teacher.family" in asked and "teacher.tell" not in asked


def test_nothing_in_the_library_says_same_day():
    found = [
        f"{path.name}: {m.group(0)}"
        for path, text in library_text().items()
        for m in re.finditer(r".{0,40}same[- ]day.{0,20}", text, re.IGNORECASE)
    ]
    assert found == []


@pytest.mark.parametrize("scenario_id", DISCLOSURE_SCENARIOS)
def test_disclosure_material_says_straight_away_and_before_home(packs, scenarios, scenario_id):
    script = SCRIPTS[scenario_id]
    objectives = " ".join(script.learning_objectives)
    assert "straight away" in objectives and "before the pupil goes home" in objectives
    asked = questions(compose(packs, scenarios, "teacher", scenario_id))
    checks = [q for q in asked.values() if q.correct and q.id.startswith(scenario_id)]
    teaching = " ".join(q.explanation for q in checks)
    assert "straight away" in teaching and "before" in teaching and "goes home" in teaching
    assert "photograph" in teaching or "ask to see" in teaching


def test_the_disclosure_check_says_what_to_do_when_no_one_can_be_reached(packs):
    when = all_questions(packs)["pupil-disclosure.when"]
    assert when.correct in when.options
    assert "children's social care or the police" in when.explanation
    assert "Do not ask to see or photograph an injury" in when.explanation


def test_the_school_plan_takeaway_is_straight_away():
    plans, problems = load_plans([RESOURCES])
    assert problems == []
    school = next(p for p in plans if p.id == "school-staff")
    joined = " ".join(school.takeaways)
    assert "straight away" in joined and "before the pupil goes home" in joined


# ---------------------------------------------------------------- Misleading


def test_the_secrecy_answer_does_not_imply_secrets_are_otherwise_possible(packs):
    secret = all_questions(packs)["pupil-disclosure.secret"]
    assert "if they might be at risk" not in secret.correct
    assert "cannot promise to keep it secret" in secret.correct
    assert "the people who need to know to keep them safe" in secret.correct
    patel = " ".join(said("pupil-disclosure", "patel"))
    assert "can't promise to keep it secret" in patel and "need to know" in patel


def test_every_ground_rule_set_states_its_safeguarding_limit():
    plans, _ = load_plans([RESOURCES])
    sets = {"default": DEFAULT_GROUND_RULES, **{p.id: p.ground_rules for p in plans}}
    for name, rules in sets.items():
        joined = " ".join(rules).lower()
        assert "unless" in joined and "at risk" in joined and "who needs to know" in joined, name
        for rule in rules:
            if "stays here" in rule.lower():
                assert "unless" in rule.lower(), (name, rule)


def test_the_low_mood_clip_asks_directly_about_suicide_and_about_plans():
    priya = said("low-mood-inpatient", "priya")
    assert any("ending their life" in t and t.endswith("?") for t in priya)
    assert any("how you might end your life" in t and "plans" in t for t in priya)
    # "I wouldn't do anything" is not taken at face value
    after = said("low-mood-inpatient")
    i = next(n for n, t in enumerate(after) if "I wouldn't do anything" in t)
    acted = " ".join(after[i + 1 :])
    assert "nurse in charge" in acted and "doctor" in acted and "today" in acted
    assert "write down what you've told me" in acted


def test_the_low_mood_knowledge_check_teaches_needs_based_care(packs):
    passive = all_questions(packs)["low-mood-inpatient.passive"]
    for words in ("nurse in charge", "doctor", "liaison", "today", "own words"):
        assert words in passive.correct, words
    assert "NG225" in passive.explanation and "low, medium or high" in passive.explanation
    assert any("low" in o.lower() and "grade" in o.lower() for o in passive.options)
    assert passive.correct != passive.options[1]  # grading risk as low is the wrong answer


def test_the_ed_clip_explores_i_need_it_to_stop():
    lines = said("ed-agitation")
    i = next(n for n, t in enumerate(lines) if "need it to stop" in t)
    follow = lines[i + 1]
    assert "what do you mean" in follow and "ending your life" in follow
    signs = all_prompt_options("ed-agitation.signs")
    assert any("need it to stop" in o for o in signs)


def test_the_move_to_a_quiet_room_has_its_safety_step(packs):
    jordan = " ".join(said("ed-agitation", "jordan"))
    assert "quiet room" in jordan and "nurse in charge where we are" in jordan
    assert "door clear" in jordan
    explanation = all_questions(packs)["ed-agitation.de-escalate"].explanation
    for words in ("tell a colleague", "check the room", "clear way out"):
        assert words in explanation, words


def test_staff_wellbeing_follows_ng116_active_monitoring(packs):
    q = all_questions(packs)["staff-wellbeing.health.debrief"]
    assert "debrief" not in q.correct.lower()
    assert "checking in" in q.correct.lower() and "month" in q.correct
    assert not any("waiting to see" in o.lower() for o in q.options)
    assert "NG116" in q.explanation and "debriefing" in q.explanation
    assert "no one is pushed to relive" in q.explanation
    chris = " ".join(said("staff-wellbeing", "chris"))
    assert "check in with you over the next few weeks" in chris
    assert "No one has to go through it again" in chris


# ---------------------------------------------------------------- Weak


def test_liaison_is_involved_and_the_reason_given():
    jordan = " ".join(said("ed-agitation", "jordan"))
    assert "Amira from the mental health team" in jordan and "help with the sleep" in jordan


def test_the_headache_has_its_safety_net(packs):
    jordan = " ".join(said("ed-agitation", "jordan"))
    assert "redo your observations" in jordan and "suddenly" in jordan
    physical = all_questions(packs)["ed-agitation.physical"]
    assert "re-triage" in physical.correct
    for words in ("sudden, severe headache", "confusion", "fever", "stiff neck", "straight away"):
        assert words in physical.explanation, words


def test_ed_distractors_are_plausible_errors(packs):
    options = all_questions(packs)["ed-agitation.de-escalate"].options
    assert "Tell him he'll be seen very soon" in options
    assert any("side room on your own" in o for o in options)
    assert any("security" in o for o in options)
    assert not any("tell him firmly to calm down" in o for o in options)


# Every checklist in a scenario pack, and at least one option in it that did not happen (or does
# not belong), so a checklist never leads the answer by listing only right ones. A new checklist
# must be added here.
NOT_IN_CLIP = {
    "low-mood-inpatient.signs": "Asking for more pain relief",
    "low-mood-inpatient.drivers": "Money worries",
    "ed-agitation.signs": "Threatening to hurt someone",
    "ed-agitation.drivers": "An argument with another patient",
    "anxious-pupil.signs": "Shouting at the teacher",
    "anxious-pupil.behind": "Falling out with her best friend",
    "pupil-disclosure.signs": "Asking to go home early",
    "pupil-disclosure.helped": "Asked to see his arm",
    "staff-wellbeing.signs": "Snapping at a colleague",
    "pupil-self-harm.signs": "Laughing it off",
    "pupil-self-harm.helped": "Asked her to roll up her sleeve",
    "colleague-suicidal-thoughts.signs": "Drinking at work",
    "psychosis-voices.signs": "Shouting at other patients",
    "angry-parent.signs": "Threatening a member of staff",
    "angry-parent.welfare": "Missing school",
}


def all_prompt_options(question_id: str) -> list[str]:
    loaded, _ = prompts.load_packs([RESOURCES])
    return list(all_questions(loaded)[question_id].options)


def test_each_checklist_has_an_option_that_did_not_happen(packs):
    stages = {s.id: s.stage for p in packs for s in p.sections}
    scenario_stage = {
        q.id: q
        for q in all_questions(packs).values()
        if stages.get(q.section) == "scenario" and q.kind == "checklist"
    }
    assert set(scenario_stage) == set(NOT_IN_CLIP)
    for qid, option in NOT_IN_CLIP.items():
        q = scenario_stage[qid]
        assert option in q.options, qid
        assert "did not happen" in q.help or "did not do" in q.help or "came up" in q.help, qid
        spoken = norm(" ".join(said(qid.split(".")[0]))).lower()
        assert option.lower() not in spoken, (qid, option)


def test_signs_are_kept_apart_from_possible_drivers(packs):
    q = all_questions(packs)
    ed = " ".join(q["ed-agitation.signs"].options).lower()
    assert "headache" not in ed and "sleep" not in ed
    assert "A pounding headache" in q["ed-agitation.drivers"].options
    assert not any("laugh" in o.lower() for o in q["anxious-pupil.signs"].options)
    assert "Classmates laughing at her" in q["anxious-pupil.behind"].options
    assert not any("break" in o.lower() for o in q["staff-wellbeing.signs"].options)


def test_the_anxious_pupil_clip_follows_up_bullying_and_has_a_warning(packs):
    script = SCRIPTS["anxious-pupil"]
    assert script.content_warnings
    osei = " ".join(said("anxious-pupil", "osei"))
    assert "unkind" in osei and "lessons you've missed" in osei
    laughed = all_questions(packs)["anxious-pupil.laughed"]
    assert "bullying" in laughed.correct and "pastoral" in laughed.correct


def test_ms_patel_promises_only_what_she_can_keep():
    patel = " ".join(said("pupil-disclosure", "patel"))
    assert "I'll tell you what's happening" not in patel
    assert "I'll let you know what happens next, as far as I can" in patel
    assert "don't have to tell it over and over" in patel


def test_questions_do_not_ask_about_acting_a_drawn_clip_cannot_show(packs):
    q = all_questions(packs)
    presentation = (q["core.presentation"].text + q["core.presentation"].help).lower()
    assert "face and body" not in presentation and "their voice" not in presentation
    assert not any("voice" in o.lower() for o in q["low-mood-inpatient.signs"].options)
    plans, _ = load_plans([RESOURCES])
    prompts_text = " ".join(p for plan in plans for s in plan.scenarios for p in s.prompts)
    assert "tone" not in prompts_text.lower()


def test_questions_land_in_the_right_place(packs, scenarios):
    wellbeing = questions(compose(packs, scenarios, "ward-nurse", "staff-wellbeing"))
    assert "ward-nurse.escalate" not in wellbeing
    disclosure = questions(compose(packs, scenarios, "teacher", "pupil-disclosure"))
    assert "teacher.adjust" not in disclosure
    ward = questions(compose(packs, scenarios, "ward-nurse", "low-mood-inpatient", "brookfield"))
    assert "pupil or learner" not in ward["brookfield.learners"].text
    assert "patient" in ward["brookfield.learners"].text


def test_duplicate_questions_now_ask_different_things(packs):
    q = all_questions(packs)
    assert "talk this through" not in q["brookfield.colleagues"].text
    assert "signs" not in q["core.stood-out"].text.lower()
    assert "the person in the clip" in q["core.support"].text
    assert "team" in q["ward-nurse.next-shift"].text and "team" in q["ed-nurse.next-shift"].text
    assert q["ward-nurse.next-shift"].action  # still an action point for the summary


# ---------------------------------------------------------------- support lists


def test_support_lists_differ_by_setting():
    health, school = support.bundled(support.HEALTH), support.bundled(support.SCHOOL)
    assert set(health.items) != set(school.items)
    h, s = " ".join(health.items), " ".join(school.items)
    for words in (
        "staff wellbeing service",
        "Professional Nurse Advocate",
        "116 123",
        "85258",
        "NHS 111",
    ):
        assert words in h, words
    for words in (
        "designated safeguarding lead",
        "Education Support",
        "08000 562 561",
        "NSPCC",
        "0808 800 5000",
        "National Domestic Abuse Helpline",
        "0808 2000 247",
        "116 123",
        "85258",
    ):
        assert words in s, words
    assert "Education Support" not in h and "occupational health" not in s
    assert health.name != school.name and "health" in health.name and "school" in school.name


def test_the_setting_comes_from_the_role_then_the_clip(scenarios):
    wellbeing = scenarios["staff-wellbeing"]
    assert support.setting_for("teacher", wellbeing) == support.SCHOOL
    assert support.setting_for("ward-nurse", wellbeing) == support.HEALTH
    assert support.setting_for("facilitator", scenarios["pupil-disclosure"]) == support.SCHOOL
    assert support.setting_for("facilitator", scenarios["ed-agitation"]) == support.HEALTH
    assert support.setting_for("facilitator", wellbeing) == support.GENERAL
    assert support.setting_for(None, None) == support.GENERAL


def test_each_bundled_plan_gets_the_list_for_its_setting(scenarios):
    plans, _ = load_plans([RESOURCES])
    by_id = {p.id: p for p in plans}
    ward = support.support_for_plan(by_id["ward-team"], scenarios)
    school = support.support_for_plan(by_id["school-staff"], scenarios)
    assert (ward.setting, ward.source) == (support.HEALTH, "bundled")
    assert (school.setting, school.source) == (support.SCHOOL, "bundled")
    assert ward.items != school.items


def test_a_plan_can_carry_its_own_list(scenarios):
    plans, _ = load_plans([RESOURCES])
    plan = next(p for p in plans if p.id == "school-staff")
    from dataclasses import replace

    own = replace(plan, support=("Our wellbeing champion, room 12",))
    chosen = support.support_for_plan(own, scenarios, Settings(support_resources=["Org line"]))
    assert chosen.items == ("Our wellbeing champion, room 12",) and chosen.source == "plan"
    assert plan.title in chosen.name


def test_an_organisation_replaces_the_lists_and_the_name_says_so():
    assert Settings().support_resources == []  # empty: the bundled list for the setting
    one = Settings(
        support_resources=["Call our EAP on 0800 000 000"], organisation="Hillside Trust"
    )
    chosen = support.support_for(support.SCHOOL, one)
    assert chosen.items == ("Call our EAP on 0800 000 000",) and chosen.source == "organisation"
    assert chosen.name == "Hillside Trust's support list"
    by_setting = Settings(support_resources={"health": ["Ward wellbeing hub"]})
    assert support.support_for(support.HEALTH, by_setting).items == ("Ward wellbeing hub",)
    school = support.support_for(support.SCHOOL, by_setting)
    assert school.source == "bundled" and school.name.startswith("Casebook's list")
    broken = Settings(support_resources="not a list")  # a hand-edited settings file
    assert support.support_for(support.HEALTH, broken).source == "bundled"


def test_the_organisation_list_survives_a_settings_file(paths):
    Settings(support_resources={"school": ["Our DSL: Mrs Okafor, room 4"]}).save(paths)
    loaded = Settings.load(paths)
    chosen = support.support_for_reflection("teacher", None, loaded)
    assert chosen.items == ("Our DSL: Mrs Okafor, room 4",)


# ---------------------------------------------------------------- casting


def _dark(hex_colour: str) -> bool:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 120


def test_casting_is_varied_across_the_library():
    people = {
        (s.id, p.key): p
        for s in demo_scripts.SCRIPTS
        for p in s.people
        if p.role_label.split(",")[0] in ("Patient", "Pupil", "Parent")
    }
    dark = {key for key, p in people.items() if _dark(p.skin)}
    # the person in crisis is not always the same kind of person...
    assert dark and dark != {("ed-agitation", "daniel")}
    # ...and the agitated and the angry are not the darker-skinned ones
    assert ("ed-agitation", "daniel") not in dark and ("angry-parent", "novak") not in dark
    staff_dark = [
        p
        for s in demo_scripts.SCRIPTS
        for p in s.people
        if _dark(p.skin) and (s.id, p.key) not in people
    ]
    assert len(staff_dark) >= 3


def test_a_question_asks_whether_daniel_would_be_read_differently(packs, scenarios):
    for role in ("ed-nurse", "mh-practitioner"):
        asked = questions(compose(packs, scenarios, role, "ed-agitation"))
        assert "looked or sounded different" in asked["ed-agitation.reading"].text


# ---------------------------------------------------------------- new scenarios


@pytest.mark.parametrize("scenario_id", NEW_SCENARIOS)
def test_new_scenarios_are_complete(packs, scenarios, scenario_id):
    sc = scenarios[scenario_id]
    assert sc.demo and sc.learning_objectives and sc.content_warnings and sc.pause_points
    assert 45 <= sc.duration_seconds <= 90
    assert sc.captions is not None and read_captions(sc.captions)
    for role in sc.roles:
        assert role in ROLES
        asked = compose(packs, scenarios, role, scenario_id)
        own = [q for s in asked if s.stage == "scenario" for q in s.questions]
        assert len(own) >= 3, role
        checks = [q for q in own if q.correct]
        assert checks, role
        for q in checks:
            assert q.correct in q.options and len(q.options) >= 3
            # an explanation that teaches: why, not only which
            assert len(q.explanation.split()) >= 30, q.id
        assert any(q.kind == "checklist" for q in own)


def test_new_scenarios_cover_the_topics_the_review_asked_for(scenarios):
    assert "self-harm" in scenarios["pupil-self-harm"].topics
    assert "suicide-risk" in scenarios["colleague-suicidal-thoughts"].topics
    assert "psychosis" in scenarios["psychosis-voices"].topics
    assert "working-with-families" in scenarios["angry-parent"].topics
    tom = said("colleague-suicidal-thoughts", "mei")
    assert any("Are you thinking about ending your life?" in t for t in tom)
    assert any("ending your life?" in t for t in said("pupil-self-harm", "lewis"))


def test_the_bundled_library_checks_clean(home):
    result = subprocess.run(
        [sys.executable, "-m", "app", "content", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- clips, captions, manifests


@pytest.mark.parametrize("script", demo_scripts.SCRIPTS, ids=lambda s: s.id)
def test_manifest_and_captions_agree_with_the_script(script):
    manifest = tomllib.loads(
        (RESOURCES / "videos" / f"{script.id}.toml").read_text(encoding="utf-8")
    )["scenario"]
    assert manifest["title"] == script.title and manifest["summary"] == script.summary
    assert tuple(manifest["learning_objectives"]) == script.learning_objectives
    assert tuple(manifest["content_warnings"]) == script.content_warnings
    assert [p["label"] for p in manifest.get("pause", [])] == [
        ln.pause for ln in script.lines if ln.pause
    ]
    cues = read_captions(RESOURCES / "videos" / manifest["captions"])
    spoken = norm(" ".join(getattr(c, "text", str(c)) for c in cues))
    for line in script.lines:
        assert norm(line.text) in spoken, line.text


def test_the_demo_library_stays_within_15_mb():
    total = sum(f.stat().st_size for f in (RESOURCES / "videos").iterdir() if f.is_file())
    assert total <= 15 * 1024 * 1024
    ids = {p.stem for p in (RESOURCES / "videos").glob("*.mp4")}
    assert ids == set(SCRIPTS)
