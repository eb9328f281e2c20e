"""Screenshots of confidence (drives app.ui.reflection.confidence_page)."""

from __future__ import annotations

import logging

from app.ui.reflection.confidence_page import ConfidencePage

log = logging.getLogger(__name__)


def take_screenshots(studio) -> None:  # noqa: ANN001 - the screenshot Studio
    """Confidence before the demo clip, with one objective rated."""
    from app.ui.reflection.reflection_form import demo_scenario

    scenario = demo_scenario()
    page = ConfidencePage(
        scenario.learning_objectives, when="before", scenario_title=scenario.title
    )
    page.set_rating(scenario.learning_objectives[0], 3)
    studio.save("confidence", page)
    page.close()
