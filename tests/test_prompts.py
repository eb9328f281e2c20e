"""Prompt packs: the bundled packs, composition for roles and scenarios, and answer checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import bundled_resources
from app.errors import CasebookError
from app.models import prompts
from app.models.content import ROLES, Scenario

RESOURCES = bundled_resources()

# The demo scenarios and the roles each suits (app/resources/videos/*.toml).
DEMO = {
    "low-mood-inpatient": (("ward-nurse", "mh-practitioner"), ("low-mood", "suicide-risk")),
    "ed-agitation": (("ed-nurse", "mh-practitioner"), ("de-escalation", "agitation")),
    "anxious-pupil": (("teacher", "school-support"), ("anxiety", "attendance")),
    "pupil-disclosure": (("teacher", "school-support"), ("safeguarding", "disclosure")),
    "staff-wellbeing": (tuple(ROLES), ("staff-wellbeing", "peer-support", "debrief")),
}
MODELS = ("gibbs", "driscoll", "kolb", "brookfield", "nmc")


def scenario(scenario_id: str) -> Scenario:
    roles, topics = DEMO[scenario_id]
    return Scenario(
        id=scenario_id,
        title=scenario_id,
        summary="",
        video=Path("/nowhere.mp4"),
        duration_seconds=60.0,
        captions=None,
        roles=roles,
        topics=topics,
        setting="",
        level="introductory",
        learning_objectives=(),
    )


@pytest.fixture(scope="module")
def packs() -> list[prompts.Pack]:
    loaded, problems = prompts.load_packs([RESOURCES])
    assert [str(p) for p in problems] == []
    return loaded


def ids(sections: list[prompts.Section]) -> list[str]:
    return [q.id for s in sections for q in s.questions]


def test_bundled_packs_load_clean_and_ship_every_model(packs):
    assert {m.id for m in prompts.models_of(packs)} == set(MODELS)
    questions = [q for p in packs for q in p.questions]
    assert len(questions) >= 60
    # plain questions a person can answer, each asking something
    assert all("?" in q.text for q in questions), [q.id for q in questions if "?" not in q.text]


def test_default_model_for_every_role_is_shipped(packs):
    assert set(prompts.DEFAULT_MODEL) == set(ROLES)
    assert prompts.DEFAULT_MODEL["ward-nurse"] == "nmc"
    assert prompts.DEFAULT_MODEL["ed-nurse"] == "nmc"
    assert prompts.DEFAULT_MODEL["mh-practitioner"] == "gibbs"
    assert prompts.DEFAULT_MODEL["teacher"] == "brookfield"
    assert prompts.DEFAULT_MODEL["school-support"] == "brookfield"
    assert prompts.DEFAULT_MODEL["facilitator"] == "driscoll"
    for role in ROLES:
        sections = prompts.compose(role, None, None, packs)
        assert sections[-1].model == prompts.DEFAULT_MODEL[role]


@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_has_its_own_questions_in_order(packs, role):
    sections = prompts.compose(role, scenario("staff-wellbeing"), None, packs)
    stages = [s.stage for s in sections]
    assert stages == sorted(stages, key=prompts.STAGES.index), "core, role, scenario, model"
    assert stages[0] == "core" and sections[0].id == "core"
    role_sections = [s for s in sections if s.stage == "role"]
    assert role_sections and all(len(s.questions) >= 3 for s in role_sections)
    assert all(q.id.startswith(role + ".") for s in role_sections for q in s.questions)
    # every role rates its confidence, and has somewhere to write what it will do next
    role_kinds = {q.kind for s in role_sections for q in s.questions}
    assert "scale" in role_kinds
    assert any(q.action for s in role_sections for q in s.questions)


def test_core_has_the_four_post_clip_questions(packs):
    core = prompts.compose("teacher", scenario("anxious-pupil"), None, packs)[0]
    texts = [q.text for q in core.questions if q.kind == "text"]
    assert len(texts) == 4
    assert "stood out" in texts[0]
    assert "respond" in texts[2] and "support" in texts[3]
    assert any(q.kind == "marker" for q in core.questions)


@pytest.mark.parametrize("model_id", MODELS)
def test_every_model_section_appears_in_order(packs, model_id):
    defined = [s.id for p in packs for s in p.sections if s.model == model_id]
    sections = prompts.compose("mh-practitioner", scenario("ed-agitation"), model_id, packs)
    composed = [s.id for s in sections if s.stage == "model"]
    assert composed == defined
    assert all(1 <= len(s.questions) <= 2 for s in sections if s.stage == "model")
    assert {s.model for s in sections if s.stage == "model"} == {model_id}


def test_model_stages_match_the_published_models(packs):
    def titles(model_id):
        return [
            s.title
            for s in prompts.compose("ward-nurse", None, model_id, packs)
            if s.stage == "model"
        ]

    assert titles("gibbs") == [
        "Description",
        "Feelings",
        "Evaluation",
        "Analysis",
        "Conclusion",
        "Action plan",
    ]
    assert titles("driscoll") == ["What?", "So what?", "Now what?"]
    assert len(titles("kolb")) == 4 and len(titles("brookfield")) == 4 and len(titles("nmc")) == 4
    nmc = prompts.compose("ward-nurse", None, "nmc", packs)
    themes = prompts.questions_of(nmc)["nmc.code.themes"]
    assert themes.kind == "checklist"
    assert themes.options == (
        "Prioritise people",
        "Practise effectively",
        "Preserve safety",
        "Promote professionalism and trust",
    )


@pytest.mark.parametrize(
    ("model_id", "action_id"),
    [
        ("gibbs", "gibbs.action-plan"),
        ("driscoll", "driscoll.now-what"),
        ("nmc", "nmc.changed"),
        ("kolb", "kolb.experimentation"),
        ("brookfield", "brookfield.next"),
    ],
)
def test_action_points_are_marked_and_gathered(packs, model_id, action_id):
    sections = prompts.compose("ward-nurse", scenario("low-mood-inpatient"), model_id, packs)
    questions = prompts.questions_of(sections)
    assert questions[action_id].action
    answers = {action_id: "Ask earlier.", "core.stood-out": "Not an action", "core.respond": ""}
    gathered = [q.id for q, _ in prompts.action_points(sections, answers)]
    assert gathered == [action_id]


def test_nurse_and_teacher_on_the_same_clip_get_different_questions(packs):
    clip = scenario("staff-wellbeing")
    nurse = prompts.compose("ward-nurse", clip, None, packs)
    teacher = prompts.compose("teacher", clip, None, packs)
    nurse_scenario = {s.id for s in nurse if s.stage == "scenario"}
    teacher_scenario = {s.id for s in teacher if s.stage == "scenario"}
    assert nurse_scenario == {"staff-wellbeing", "staff-wellbeing.health"}
    assert teacher_scenario == {"staff-wellbeing", "staff-wellbeing.school"}
    # beyond the shared core and the shared signs checklist, nothing is the same
    shared = set(ids(nurse)) & set(ids(teacher))
    assert shared == {q.id for q in nurse[0].questions} | {"staff-wellbeing.signs"}
    assert [s.title for s in nurse][1:] != [s.title for s in teacher][1:]
    # the same model chosen for both still leaves the role and scenario questions apart
    same_model_n = ids(prompts.compose("ward-nurse", clip, "gibbs", packs))
    same_model_t = ids(prompts.compose("teacher", clip, "gibbs", packs))
    assert len(set(same_model_n) ^ set(same_model_t)) >= 8


@pytest.mark.parametrize("scenario_id", list(DEMO))
def test_each_demo_scenario_has_a_knowledge_check_and_signs_for_its_roles(packs, scenario_id):
    clip = scenario(scenario_id)
    for role in clip.roles:
        own = [s for s in prompts.compose(role, clip, None, packs) if s.stage == "scenario"]
        questions = [q for s in own for q in s.questions]
        assert any(q.is_knowledge_check and q.explanation for q in questions), role
        assert any(q.kind == "checklist" for q in questions), role
        assert all(q.id.startswith(scenario_id + ".") for q in questions)


def test_a_role_the_clip_does_not_suit_gets_no_scenario_section(packs):
    sections = prompts.compose("teacher", scenario("low-mood-inpatient"), None, packs)
    assert [s for s in sections if s.stage == "scenario"] == []


def test_topic_questions_follow_the_scenario(packs):
    disclosure = ids(prompts.compose("teacher", scenario("pupil-disclosure"), None, packs))
    anxious = ids(prompts.compose("teacher", scenario("anxious-pupil"), None, packs))
    assert "teacher.dsl" in disclosure
    assert "teacher.dsl" not in anxious


def test_free_standing_reflection_asks_what_happened(packs):
    sections = prompts.compose("ed-nurse", None, None, packs)
    assert sections[0].id == "core-free"
    assert "What happened" in sections[0].questions[0].text
    assert not any(s.stage == "scenario" for s in sections)
    all_q = [q for s in sections for q in s.questions]
    assert not any(q.when == "clip" or q.kind == "marker" for q in all_q)
    assert not any(q.topics for q in all_q)


def test_unknown_role_or_model_is_a_clear_error(packs):
    with pytest.raises(CasebookError, match="There is no role 'nurse'.*ward-nurse"):
        prompts.compose("nurse", None, None, packs)
    with pytest.raises(CasebookError, match="no reflection model 'schon'.*gibbs"):
        prompts.compose("teacher", None, "schon", packs)


def test_json_shape_of_a_question(packs):
    sections = prompts.compose("ward-nurse", scenario("low-mood-inpatient"), "nmc", packs)
    q = prompts.questions_of(sections)
    scale = q["ward-nurse.confidence"].to_dict()
    assert scale == {
        "id": "ward-nurse.confidence",
        "kind": "scale",
        "text": scale["text"],
        "help": "",
        "options": [],
        "action": False,
        "min": 1,
        "max": 5,
        "labels": ["Not at all confident", "Very confident"],
    }
    check = q["low-mood-inpatient.ask-directly"].to_dict()
    assert check["correct"] in check["options"] and check["explanation"]
    assert "correct" not in q["low-mood-inpatient.signs"].to_dict()


def test_knowledge_results(packs):
    sections = prompts.compose("teacher", scenario("pupil-disclosure"), None, packs)
    q = prompts.questions_of(sections)["pupil-disclosure.secret"]
    wrong = q.options[0]
    assert prompts.knowledge_results(sections, {q.id: q.correct}) == {
        q.id: {"answer": q.correct, "correct": True}
    }
    assert prompts.knowledge_results(sections, {q.id: wrong})[q.id]["correct"] is False
    assert prompts.knowledge_results(sections, {}) == {}


def test_an_organisation_pack_can_add_to_a_bundled_section(tmp_path, packs):
    org = tmp_path / "org"
    (org / "prompts").mkdir(parents=True)
    (org / "prompts" / "trust.toml").write_text(
        '[pack]\nid = "trust"\ntitle = "Our trust"\n\n'
        '[[question]]\nid = "trust.policy"\nsection = "ward-nurse"\nkind = "text"\n'
        'text = "Which of our trust policies applies here?"\n',
        encoding="utf-8",
    )
    loaded, problems = prompts.load_packs([RESOURCES, org])
    assert problems == []
    role = next(s for s in prompts.compose("ward-nurse", None, None, loaded) if s.stage == "role")
    assert role.questions[-1].id == "trust.policy"


def test_questions_about_pupils_or_patients_stay_out_of_a_staff_wellbeing_clip(packs):
    wellbeing = ids(prompts.compose("teacher", scenario("staff-wellbeing"), None, packs))
    anxious = ids(prompts.compose("teacher", scenario("anxious-pupil"), None, packs))
    assert "teacher.classroom-signs" in anxious and "teacher.classroom-signs" not in wellbeing
    assert "teacher.own-support" in wellbeing and "teacher.own-support" not in anxious
    free = ids(prompts.compose("teacher", None, None, packs))
    assert "teacher.classroom-signs" in free  # no clip, no topics: nothing to leave out
