"""The reflection use case without Qt: composing, building payloads, checking, saving, drafts."""

from __future__ import annotations

import pytest

from app.errors import CasebookError
from app.services.reflection import ReflectionService, clean_answers
from tests.scenarios import wellbeing_scenario

PASS = "amber lantern quietly folds"


@pytest.fixture
def unlocked(paths, fast_kdf):
    from app.services.profiles import ProfileService

    profiles = ProfileService(paths)
    info, _ = profiles.create("Robin", "ward-nurse", "Ward 7", PASS)
    opened = profiles.unlock(info.id, PASS)
    yield opened
    opened.lock()


@pytest.fixture
def journal(paths, unlocked):
    from app.services.journal import JournalService

    j = JournalService(paths, unlocked)
    yield j
    j.close()


@pytest.fixture
def service(paths, journal):
    return ReflectionService(paths, journal)


def ids(reflection) -> list[str]:
    return [q.id for s in reflection.sections for q in s.questions]


def test_nurse_and_teacher_get_different_questions_on_the_same_clip(service):
    nurse = service.start("ward-nurse", wellbeing_scenario())
    teacher = service.start("teacher", wellbeing_scenario())
    assert nurse.model_id == "nmc" and teacher.model_id == "brookfield"
    assert set(ids(nurse)) != set(ids(teacher))
    assert "core.stood-out" in ids(nurse) and "core.stood-out" in ids(teacher)
    assert any(q.startswith("ward-nurse.") for q in ids(nurse))
    assert not any(q.startswith("ward-nurse.") for q in ids(teacher))
    assert nurse.kind == "scenario" and nurse.content_warned
    assert nurse.objectives == wellbeing_scenario().learning_objectives


def test_model_can_be_changed_per_reflection(service):
    refl = service.start("ward-nurse", wellbeing_scenario(), "gibbs")
    assert refl.model_id == "gibbs"
    assert any(s.model == "gibbs" for s in refl.sections)
    kolb = service.change_model(refl, "kolb")
    assert any(s.model == "kolb" for s in kolb.sections)
    assert not any(s.model == "gibbs" for s in kolb.sections)
    assert kolb.key == refl.key  # the same reflection, the same autosave slot
    assert {m for m, _ in service.models()} >= {"gibbs", "driscoll", "kolb", "brookfield", "nmc"}


def test_payload_drops_blanks_and_records_knowledge_checks(service):
    refl = service.start("ward-nurse", wellbeing_scenario(), markers=[{"at": 4.0, "note": "sigh"}])
    refl.confidence_before = {"Know where support is": 2}
    check = next(q for q in refl.questions.values() if q.is_knowledge_check)
    wrong = next(o for o in check.options if o != check.correct)
    payload = service.build_payload(
        refl,
        {
            "core.stood-out": "She went quiet.",
            "core.respond": "   ",
            check.id: wrong,
            "ward-nurse.confidence": 3,
            "nmc.code.themes": [],
        },
        tags=["stress"],
        private=["core.stood-out", "core.respond"],
        confidence_after={"Know where support is": 4},
    )
    assert payload["answers"] == {
        "core.stood-out": "She went quiet.",
        check.id: wrong,
        "ward-nurse.confidence": 3,
    }
    assert payload["knowledge"] == {check.id: {"answer": wrong, "correct": False}}
    assert payload["private"] == ["core.stood-out"]
    assert payload["markers"] == [{"at": 4.0, "note": "sigh"}]
    assert payload["confidence_before"] == {"Know where support is": 2}
    assert payload["confidence_after"] == {"Know where support is": 4}
    assert (payload["kind"], payload["scenario_id"], payload["role"], payload["model"]) == (
        "scenario",
        "staff-wellbeing",
        "ward-nurse",
        "nmc",
    )
    assert service.problems(refl, payload) == []


def test_problems_are_plain_sentences(service):
    refl = service.start("ward-nurse", wellbeing_scenario())
    payload = service.build_payload(refl, {"ward-nurse.confidence": 9, "nope": "x"})
    problems = service.problems(refl, payload)
    assert len(problems) == 2 and all(p.endswith(".") for p in problems)
    free = service.start("teacher", None)
    assert free.kind == "free"
    assert any("title" in p for p in service.problems(free, service.build_payload(free, {})))
    with pytest.raises(CasebookError):
        service.save(free, service.build_payload(free, {}), "final")


def test_save_final_puts_exact_answers_in_the_journal_and_clears_the_draft(service, journal):
    refl = service.start("ward-nurse", wellbeing_scenario())
    answers = {"core.stood-out": "Tired eyes; «quiet» — 静か", "ward-nurse.confidence": 4}
    payload = service.build_payload(refl, answers)
    service.autosave(refl, payload)
    assert refl.key in service.pending_drafts_by_key()
    entry = service.save(refl, payload, "draft")
    assert service.pending_drafts() == []
    again = service.save(refl, service.build_payload(refl, answers), "final")
    assert again.id == entry.id  # the same entry, updated
    stored = journal.get(entry.id)
    assert stored.status == "final"
    assert stored.payload["answers"] == answers


def test_a_draft_resumes_into_the_same_questions(service):
    refl = service.start("teacher", wellbeing_scenario())
    payload = service.build_payload(refl, {"core.stood-out": "x"})
    service.autosave(refl, payload)
    ((key, found),) = service.pending_drafts()
    resumed = ReflectionService(
        service.paths, service.journal, scenarios={"staff-wellbeing": wellbeing_scenario()}
    ).resume(found, key)
    assert resumed.key == refl.key
    assert ids(resumed) == ids(refl)
    assert resumed.restored["answers"] == {"core.stood-out": "x"}


def test_identifier_findings_cover_answers_title_and_marker_notes(service):
    refl = service.start(
        "ward-nurse", wellbeing_scenario(), markers=[{"at": 1, "note": "Mr Tom Jones"}]
    )
    payload = service.build_payload(
        refl, {"core.stood-out": "rang 07700 900123", "core.support": "the team"}
    )
    found = service.identifier_findings(payload)
    assert set(found) == {"core.stood-out", "marker:0"}


def test_clean_answers():
    assert clean_answers({"a": "", "b": None, "c": [], "d": 0, "e": ["x"]}) == {"d": 0, "e": ["x"]}
