"""Screenshots of reflection form (drives app.ui.reflection.reflection_form)."""

from __future__ import annotations

import logging
from typing import Any

from app.ui.reflection.reflection_form import ReflectionForm, demo_scenario

log = logging.getLogger(__name__)


def take_screenshots(studio: Any) -> None:
    """The form a ward nurse sees after the demo wellbeing clip, partly answered."""
    from app.services.reflection import ReflectionService

    service = ReflectionService(studio.paths)
    scenario = demo_scenario()
    markers = [
        {"at": 14.0, "note": "She stops mid-sentence"},
        {"at": 52.0, "note": "Rubs her eyes"},
    ]
    reflection = service.start("ward-nurse", scenario, markers=markers)
    plan = service.form_plan(reflection)
    form = ReflectionForm(
        plan.sections,
        more=plan.more,
        guidance=service.identifier_guidance(reflection.role),
        heading=f"Reflecting on: {scenario.title}",
        models=service.models(),
        model_id=reflection.model_id,
        markers=markers,
        video=None,
    )
    form.set_answers(
        {
            "core.stood-out": "She kept saying she was fine, but she stopped mid-sentence and "
            "looked away when the manager came in.",
            "core.presentation": "Her voice was flat and slow. It made the tiredness feel real.",
        }
    )
    form.show_status("Draft kept at 16:42")
    studio.save("reflection-form", form)
    form.close()
