"""Screenshots of journal (drives app.ui.journal.journal_view)."""

from __future__ import annotations

import logging
from typing import Any

from app.ui.journal.journal_view import JournalView

log = logging.getLogger(__name__)


def take_screenshots(studio: Any) -> None:
    """The demo profile's journal, one entry open, and its earlier versions."""
    from app.screenshots.studio import demo_journal

    with demo_journal() as (paths, session, scenarios):
        view = JournalView(paths, session, scenarios=scenarios)
        studio.save("journal", view)
        edited = next(e for e in view.model.entries() if e.revision_count)
        view.open_entry(edited.id)
        studio.save("entry", view)
        dialog = view.open_revisions()
        assert dialog is not None
        dialog.list.setCurrentRow(1)
        studio.save("revisions", dialog, dialog.size())
        dialog.reject()
        view.close()
