"""The portfolio PDF: the framework's fields laid out for a revalidation or appraisal.

At a glance (totals against the requirements, what is still missing), the CPD log with its
totals, each reflective account on its own page, then the discussion and confirmation records
with room to sign. Built from the report parts (styles, bundled fonts, numbered pages, the
optional password); the caller writes the bytes atomically.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.models.portfolio import Account, PartnerRecord, Standing
from app.models.report.build import frame_width, render
from app.models.report.cover import format_date
from app.models.report.data import ReportPerson
from app.models.report.styles import RULE, SHADE, ReportStyles, make_styles
from app.models.report.text import chunks, markup

LABEL = "Confidential \u2014 professional portfolio"


def disclaimer(standing: Standing) -> str:
    fw = standing.framework
    by = f" by the {fw.regulator}" if fw.regulator else ""
    return (
        f"Laid out with the fields of the official {fw.title} templates. This document was "
        f"made with Casebook; it is not issued or endorsed{by} or any other regulator."
    )


def _grid(rows: list[list], widths: list[float], head: bool = True) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1 if head else 0)
    style: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if head:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(style))
    return table


def _h(value: float) -> str:
    return f"{value:g}"


def glance_part(s: ReportStyles, standing: Standing, width: float) -> list[Flowable]:
    fw, t = standing.framework, standing.totals
    rows = [
        [Paragraph("Requirement", s.cell_bold), Paragraph("Needed", s.cell_bold)]
        + [Paragraph("Recorded", s.cell_bold)],
        [Paragraph("CPD hours", s.cell), Paragraph(_h(fw.required_hours), s.cell)]
        + [Paragraph(_h(t.hours), s.cell)],
    ]
    if fw.required_participatory_hours:
        rows.append(
            [
                Paragraph("Participatory hours", s.cell),
                Paragraph(_h(fw.required_participatory_hours), s.cell),
                Paragraph(_h(t.participatory_hours), s.cell),
            ]
        )
    if fw.reflective_accounts:
        rows.append(
            [
                Paragraph("Reflective accounts (final)", s.cell),
                Paragraph(str(fw.reflective_accounts), s.cell),
                Paragraph(str(t.accounts_final), s.cell),
            ]
        )
    for label, record in ((fw.discussion.title, standing.discussion),) + (
        (fw.confirmation.title, standing.confirmation),
    ):
        rows.append(
            [
                Paragraph(markup(label), s.cell),
                Paragraph("1", s.cell),
                Paragraph(format_date(record.day) if record else "not yet", s.cell),
            ]
        )
    out: list[Flowable] = [
        Paragraph("At a glance", s.h1),
        _grid(rows, [width - 70 * mm, 35 * mm, 35 * mm]),
        Spacer(1, 4 * mm),
    ]
    if standing.missing:
        out.append(Paragraph("Still missing", s.h2))
        out += [Paragraph("\u2022 " + markup(m), s.body) for m in standing.missing]
    else:
        out.append(Paragraph("Everything the framework asks for is recorded.", s.body))
    return out


def cpd_log_part(s: ReportStyles, standing: Standing, width: float) -> list[Flowable]:
    fw = standing.framework
    head = [
        "Date",
        "Method",
        "Topic",
        "Hours",
        "Participatory",
        f"{fw.evidence_label}",
        "Evidence",
    ]
    rows: list[list] = [[Paragraph(markup(h), s.cell_bold) for h in head]]
    for a in standing.counted_activities:
        rows.append(
            [
                Paragraph(a.day.isoformat(), s.cell),
                Paragraph(markup(a.method), s.cell),
                Paragraph(markup(a.title), s.cell),
                Paragraph(_h(a.hours), s.cell),
                Paragraph(_h(a.participatory_hours), s.cell),
                Paragraph(markup("; ".join(fw.theme_title(t) for t in a.themes)), s.cell),
                Paragraph(markup(a.evidence), s.cell),
            ]
        )
    t = standing.totals
    rows.append(
        [
            Paragraph("Total", s.cell_bold),
            "",
            Paragraph(f"{t.activities} activities", s.cell_bold),
            Paragraph(_h(t.hours), s.cell_bold),
            Paragraph(_h(t.participatory_hours), s.cell_bold),
            "",
            "",
        ]
    )
    fixed = 25 * mm + 28 * mm + 16 * mm + 28 * mm
    rest = width - fixed
    widths = [25 * mm, 28 * mm, rest * 0.38, 16 * mm, 28 * mm, rest * 0.32, rest * 0.30]
    table = _grid(rows, widths)
    table.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), SHADE)]))
    return [Paragraph("CPD log", s.h1), table]


def account_part(
    s: ReportStyles, standing: Standing, account: Account, number: int
) -> list[Flowable]:
    fw = standing.framework
    out: list[Flowable] = [
        Paragraph(f"Reflective account {number}: {markup(account.title)}", s.h1),
        Paragraph(
            f"Date: {format_date(account.day)} \u00b7 "
            + ("final" if account.final else "draft, not yet final"),
            s.muted,
        ),
    ]
    for q in fw.account_questions:
        out.append(Paragraph(markup(q.text), s.question))
        text = account.answers.get(q.id, "").strip()
        if not text:
            out.append(Paragraph("(not written)", s.redacted))
            continue
        for piece in chunks(text):
            out.append(Paragraph(markup(piece), s.answer))
    if account.themes:
        out.append(Paragraph(markup(fw.evidence_label), s.question))
        out += [Paragraph("\u2022 " + markup(fw.theme_title(t)), s.answer) for t in account.themes]
    return out


def record_part(
    s: ReportStyles,
    title: str,
    partner: str,
    registration: str,
    record: PartnerRecord | None,
    width: float,
) -> list[Flowable]:
    def row(label: str, value: str) -> list:
        return [Paragraph(markup(label), s.cell_bold), Paragraph(markup(value), s.cell)]

    rows = [
        row("Role", partner),
        row("Name", record.name if record else ""),
        row(registration, record.registration if record else ""),
        row("Email, professional address or postcode", record.contact if record else ""),
        row("Date", format_date(record.day) if record else ""),
        row("Notes", record.notes if record else ""),
        row("Signature", ""),
    ]
    table = _grid(rows, [60 * mm, width - 60 * mm], head=False)
    table.setStyle(TableStyle([("BOTTOMPADDING", (0, -1), (-1, -1), 12 * mm)]))
    return [CondPageBreak(90 * mm), KeepTogether([Paragraph(markup(title), s.h1), table])]


def portfolio_report(
    standing: Standing,
    *,
    person_name: str,
    organisation: str = "",
    password: str | None = None,
    paper: str = "a4",
) -> bytes:
    s = make_styles()
    width = frame_width(paper)
    fw = standing.framework
    cycle = (
        f"{format_date(standing.cycle.start)} to {format_date(standing.cycle.end)}"
        if standing.cycle
        else "no date set"
    )
    facts = [
        ["Name", person_name],
        ["Framework", fw.title],
        [fw.date_label, format_date(standing.settings.due) if standing.settings.due else "not set"],
        ["Cycle", cycle],
        ["Made on", format_date(standing.today)],
    ]
    if organisation:
        facts.insert(1, ["Workplace", organisation])
    story: list[Flowable] = [
        Spacer(1, 6 * mm),
        Paragraph("Professional portfolio", s.title),
        Paragraph(markup(fw.title), s.subtitle),
        _grid(
            [[Paragraph(markup(k), s.cell_bold), Paragraph(markup(v), s.cell)] for k, v in facts],
            [45 * mm, width - 45 * mm],
            head=False,
        ),
        Spacer(1, 4 * mm),
        Paragraph(markup(disclaimer(standing)), s.muted),
        Spacer(1, 4 * mm),
    ]
    story += glance_part(s, standing, width)
    story.append(PageBreak())
    story += cpd_log_part(s, standing, width)
    for n, account in enumerate(standing.accounts, start=1):
        story.append(PageBreak())
        story += account_part(s, standing, account, n)
    story.append(PageBreak())
    story += record_part(
        s,
        fw.discussion.title,
        fw.discussion.partner_label,
        fw.discussion.registration_label,
        standing.discussion,
        width,
    )
    story += record_part(
        s,
        fw.confirmation.title,
        fw.confirmation.partner_label,
        fw.confirmation.registration_label,
        standing.confirmation,
        width,
    )
    return render(
        story,
        person=ReportPerson(name=person_name, role="", organisation=organisation),
        paper=paper,
        title=f"Professional portfolio: {fw.title}",
        subject=f"{fw.title} portfolio",
        password=password,
        label=LABEL,
    )
