"""Screenshots of the Portfolio place and the portfolio PDF (drives app.ui.portfolio)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from app.ui.portfolio.account_dialog import AccountDialog
from app.ui.portfolio.activity_dialog import ActivityDialog
from app.ui.portfolio.portfolio_view import PortfolioView

log = logging.getLogger(__name__)


def stage(portfolio: Any, today: date) -> None:
    """A nurse part-way through a cycle: the demo journal plus a few activities and records."""
    portfolio.choose("nmc-revalidation", (today + timedelta(days=140)).isoformat())
    for days_ago, title, hours, part, method in (
        (400, "Safeguarding adults level 3", 7.5, True, "Course"),
        (300, "Sepsis recognition study day", 7, True, "Study day"),
        (210, "NICE guideline on self-harm", 3, False, "Reading"),
        (60, "Peer review of care plans", 2, True, "Peer review"),
    ):
        portfolio.add_activity(
            day=(today - timedelta(days=days_ago)).isoformat(),
            title=title,
            hours=hours,
            participatory=part,
            method=method,
            themes=["practise-effectively"],
        )
    entries = [e for e in portfolio.journal.list_entries() if not e.damaged and e.answers]
    for n, entry in enumerate(entries[:3]):
        draft = portfolio.draft_account(entry.id)
        portfolio.save_account(draft, final=n < 2, keep_identifiers=True)
    portfolio.set_record(
        "discussion",
        name="Ade Bello",
        registration="12A3456E",
        day=(today - timedelta(days=20)).isoformat(),
        notes="Talked through two accounts.",
    )


def take_screenshots(studio: Any) -> None:
    from app.screenshots.studio import demo_journal
    from app.services.export import page_count, page_images

    with demo_journal() as (_paths, session, _scenarios):
        portfolio = session.current.portfolio
        stage(portfolio, date.today())
        view = PortfolioView(session)
        studio.save("portfolio", view)
        view.tabs.setCurrentIndex(1)
        studio.save("portfolio-accounts", view)
        view.tabs.setCurrentIndex(2)
        studio.save("portfolio-records", view)
        framework = portfolio.framework()
        activity = ActivityDialog(framework, date.today(), portfolio.activities()[-1], view)
        studio.save("portfolio-activity-dialog", activity, activity.sizeHint())
        activity.reject()
        draft = portfolio.accounts()[0]
        account = AccountDialog(framework, draft, view)
        studio.save("portfolio-account-dialog", account, account.size())
        account.reject()
        view.close()
        pdf = portfolio.pdf()
        pages = list(range(1, min(page_count(pdf), 4) + 1))
        for n, png in zip(pages, page_images(pdf, pages, dpi=60), strict=True):
            path = studio.out_dir / f"portfolio-pdf-{n}.png"
            path.write_bytes(png)
            studio.saved.append(path)
