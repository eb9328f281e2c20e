"""Screenshots of export (drives app.ui.journal.export_dialog)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from app.models.report import ReportOptions, supervision_report
from app.services.export import page_count, page_images
from app.ui.journal.export_dialog import ExportDialog

log = logging.getLogger(__name__)


def take_screenshots(studio: Any) -> None:
    """The export dialog on the demo profile's journal, with its page preview drawn."""
    import time

    from PySide6.QtWidgets import QApplication

    from app.screenshots.studio import demo_journal

    with demo_journal() as (_paths, session, _scenarios):
        dialog = ExportDialog(session)
        dialog.supervisor_edit.setText("Dr Jo Ellis")
        # The same preview the Update preview button draws, waited for here.
        dialog.start_preview()
        deadline = time.monotonic() + 60
        while dialog.busy and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        QApplication.processEvents()
        studio.save("export-dialog", dialog)
        dialog.close()
    save_report_pages(studio.out_dir, studio.saved)


def save_report_pages(out_dir: Path, saved: list[Path]) -> None:
    """Pages of a sample supervision PDF (invented data, fixed dates) as report-*.png."""
    from app.models.report.sample import PERSON, sample_entries

    options = ReportOptions(
        supervisor="Dr Jo Ellis",
        period=(date(2025, 3, 1), date(2025, 3, 31)),
        exported_on=date(2025, 4, 2),
    )
    data = supervision_report(PERSON, sample_entries(4), options)
    total = page_count(data)
    pages = {
        "report-cover": 1,
        "report-summary": 2,
        "report-actions": 3,
        "report-entry": 4,
        "report-signoff": total,
    }
    for name, png in zip(pages, page_images(data, list(pages.values()), dpi=60), strict=True):
        path = out_dir / f"{name}.png"
        path.write_bytes(png)
        saved.append(path)
