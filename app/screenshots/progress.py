"""Screenshots of progress (drives app.ui.progress.progress_view)."""

from __future__ import annotations

import logging
from typing import Any

from app.ui.progress.progress_view import ProgressView

log = logging.getLogger(__name__)


def take_screenshots(studio: Any) -> None:
    """The demo profile's progress."""
    from app.screenshots.studio import demo_journal

    with demo_journal() as (paths, session, scenarios):
        view = ProgressView(paths, session, scenarios=scenarios)
        topic = view.picker.findText("Topic: Low mood")
        if topic >= 0:
            view.picker.setCurrentIndex(topic)
        studio.save("progress", view)
        view.close()
