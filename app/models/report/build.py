"""Assembles report parts into a PDF in memory: page template, metadata, password."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate

from app import __version__
from app.models.report.cover import ContentsItem, cover_part, period_text
from app.models.report.data import ReportEntry, ReportOptions, ReportPerson
from app.models.report.entry import entry_part
from app.models.report.page import CONFIDENTIAL, MARGIN, numbered_canvas
from app.models.report.protect import finish
from app.models.report.signoff import signoff_part
from app.models.report.styles import make_styles, page_size
from app.models.report.summary import summarise, summary_part
from app.models.report.text import one_line

Progress = Callable[[int, int], None]  # (entries laid out, total); may raise to stop


def frame_width(paper: str) -> float:
    return page_size(paper)[0] - 2 * MARGIN


def render(
    story: list[Flowable],
    *,
    person: ReportPerson,
    paper: str,
    title: str,
    subject: str,
    password: str | None = None,
    compress: bool = True,
    label: str = CONFIDENTIAL,
) -> bytes:
    """Lays out `story` on numbered pages and returns the PDF's bytes.

    Metadata carries the title, the person's name and a subject: never journal text.
    """
    # Binary streams: smaller than ASCII85.
    rl_config.useA85 = 0
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page_size(paper),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=one_line(title),
        author=one_line(person.name),
        subject=one_line(subject),
        creator=f"Casebook {__version__}",
        keywords=[],
        lang="en-GB",
        pageCompression=1 if compress else 0,
    )
    doc.build(story, canvasmaker=numbered_canvas(person.name, label))
    return finish(buffer.getvalue(), password=password)


def supervision_report(
    person: ReportPerson,
    entries: list[ReportEntry],
    options: ReportOptions,
    progress: Progress | None = None,
) -> bytes:
    """The supervision summary: cover, summary, each entry, sign-off."""
    styles = make_styles()
    width = frame_width(options.paper)
    exported_on = options.exported_on or date.today()
    period = period_text(options.period)
    total = len(entries)
    done = 0

    def laid_out() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    keys = [f"entry-{i + 1}" for i in range(total)]
    contents = []
    for key, entry in zip(keys, entries, strict=True):
        detail = []
        if entry.date:
            detail.append(f"{entry.date.day} {entry.date:%b %Y}")
        if entry.scenario_title and entry.scenario_title != entry.title:
            detail.append(entry.scenario_title)
        contents.append(
            ContentsItem(key, entry.title or entry.scenario_title or "Untitled", ", ".join(detail))
        )
    story: list[Flowable] = cover_part(
        styles,
        title="Reflective practice summary",
        subtitle="For supervision",
        person=person,
        period=period,
        exported_on=exported_on,
        supervisor=options.supervisor,
        contents=contents,
        contents_heading="Reflections included",
    )
    story.append(PageBreak())
    story += summary_part(styles, summarise(entries), width)
    for key, entry in zip(keys, entries, strict=True):
        story.append(PageBreak())
        story += entry_part(styles, entry, key, laid_out)
    story += signoff_part(
        styles, width, person_name=person.name, supervisor=options.supervisor, new_page=True
    )
    data = render(
        story,
        person=person,
        paper=options.paper,
        title="Reflective practice summary",
        subject=f"Reflective practice record for supervision: {period}",
        password=options.password,
        compress=options.compress,
    )
    if progress:
        progress(total, total)
    return data
