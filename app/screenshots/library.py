"""Screenshots of library (drives app.ui.library.library_view)."""

from __future__ import annotations

import logging

from app.ui.library.library_view import LibraryView

log = logging.getLogger(__name__)


def take_screenshots(studio) -> None:
    from app.ui.window.app_window import load_content

    scenarios, problems = load_content(studio.paths)
    view = LibraryView(studio.paths)
    view.set_library(scenarios, problems, load_posters=False)
    view.posters.make_now(scenarios)  # synchronously, so the picture shows them
    studio.save("library", view)
