"""The reflection form's plan over every bundled role, model and scenario: the model's stages
are the structure, about eight questions on the default path, nothing lost, no other sector's
examples."""

from __future__ import annotations

import pytest

from app.models import prompts
from app.models.content import ROLES
from app.models.form_plan import identifier_guidance, plan_form
from app.services import prompts as prompt_service
from app.services.library import load_scenarios

MODELS = ("gibbs", "driscoll", "kolb", "brookfield", "nmc")


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    from app.config import Paths

    paths = Paths.resolve(tmp_path_factory.mktemp("home")).ensure()
    packs, _ = prompt_service.load(paths)
    scenarios, _ = load_scenarios(paths)
    return packs, scenarios


def _cases(content):
    packs, scenarios = content
    for role in ROLES:
        for model in MODELS:
            for scenario in [None, *scenarios]:
                if scenario is not None and role not in scenario.roles:
                    continue
                yield role, model, scenario, prompts.compose(role, scenario, model, packs)


def test_every_question_is_shown_or_deliberately_left_out(content):
    for role, model, scenario, sections in _cases(content):
        plan = plan_form(sections, confidence_page=bool(scenario and scenario.learning_objectives))
        composed = [q.id for s in sections for q in s.questions]
        shown = [q.id for s in plan.sections for q in s.questions]
        assert len(shown) == len(set(shown)), (role, model, scenario)  # no repeats
        assert set(composed) == set(shown) | plan.left_out, (role, model, scenario)
        # The model's stages are the structure.
        assert [s.id for s in plan.sections] == [s.id for s in sections if s.stage == "model"]


def test_the_default_path_is_about_eight_questions_after_a_clip(content):
    for role, model, scenario, sections in _cases(content):
        if scenario is None:
            continue
        plan = plan_form(sections, confidence_page=bool(scenario.learning_objectives))
        assert 5 <= len(plan.essential) <= 9, (role, model, scenario.id, plan.essential)
        # Every action question of the model stays on the default path.
        for s in plan.sections:
            for q in s.questions:
                if q.action and q.id.startswith(model + "."):
                    assert q.id in plan.essential


def test_confidence_is_asked_once_but_an_earlier_answer_is_kept(content):
    packs, scenarios = content
    scenario = next(s for s in scenarios if s.id == "low-mood-inpatient")
    sections = prompts.compose("ward-nurse", scenario, "nmc", packs)
    plan = plan_form(sections, confidence_page=True)
    assert "ward-nurse.confidence" in plan.left_out
    kept = plan_form(sections, confidence_page=True, answered={"ward-nurse.confidence": 3})
    assert "ward-nurse.confidence" in kept.more
    assert "ward-nurse.confidence" not in kept.left_out


def test_action_questions_join_the_stage_that_asks_about_practice(content):
    packs, scenarios = content
    scenario = next(s for s in scenarios if s.id == "low-mood-inpatient")
    plan = plan_form(prompts.compose("ward-nurse", scenario, "nmc", packs), confidence_page=True)
    practice = next(s for s in plan.sections if s.id == "nmc.changed")
    assert {"core.respond", "ward-nurse.next-shift"} <= {q.id for q in practice.questions}


@pytest.mark.parametrize(
    ("role", "absent"),
    [("ward-nurse", "pupil"), ("mh-practitioner", "pupil"), ("teacher", "patient")],
)
def test_hints_speak_of_the_persons_own_setting(content, role, absent):
    for r, _model, _scenario, sections in _cases(content):
        if r != role:
            continue
        for s in sections:
            for q in s.questions:
                if q.id.startswith(("core", "gibbs", "driscoll", "kolb", "brookfield", "nmc")):
                    assert absent not in (q.text + q.help).lower(), q.id
    assert absent not in identifier_guidance(role).lower()
