"""Screenshots of wellbeing (drives app.ui.reflection.wellbeing_dialog)."""

from __future__ import annotations

import logging

from app.ui.reflection.wellbeing_dialog import WellbeingDialog

log = logging.getLogger(__name__)


def take_screenshots(studio) -> None:  # noqa: ANN001 - the screenshot Studio
    """The check-in after the demo wellbeing clip, at its natural size on a ward PC screen."""
    from app.config import Settings
    from app.models.support import support_for_reflection
    from app.ui.reflection.reflection_form import demo_scenario

    scenario = demo_scenario()
    support = support_for_reflection("ward-nurse", scenario, Settings.load(studio.paths))
    dialog = WellbeingDialog(scenario.content_warnings, support)
    studio.save("wellbeing", dialog, dialog.sizeHint().expandedTo(dialog.minimumSizeHint()))
    dialog.close()
