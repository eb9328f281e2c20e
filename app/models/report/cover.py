"""The cover: who, which setting, which period, for which supervisor, and what is inside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app.models.report.data import ReportPerson
from app.models.report.page import ContentsLine
from app.models.report.styles import RULE, ReportStyles, table_style
from app.models.report.text import markup


@dataclass(frozen=True)
class ContentsItem:
    key: str  # the Anchor key of the part it points to
    title: str
    detail: str = ""  # e.g. the date and scenario


def format_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def period_text(period: tuple[date | None, date | None]) -> str:
    start, end = period
    if start and end:
        return f"{format_date(start)} to {format_date(end)}"
    if start:
        return f"From {format_date(start)}"
    if end:
        return f"Up to {format_date(end)}"
    return "All dates"


def details_table(styles: ReportStyles, rows: list[tuple[str, str]]) -> Table:
    """A cover's label / value rows (name, role, dates…); rows with no value are left out."""
    data = [
        [Paragraph(markup(k), styles.cell_bold), Paragraph(markup(v), styles.cell)]
        for k, v in rows
        if v
    ]
    table = Table(data, colWidths=[45 * mm, None], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def cover_part(
    styles: ReportStyles,
    *,
    title: str,
    person: ReportPerson,
    period: str,
    exported_on: date,
    supervisor: str = "",
    subtitle: str = "",
    contents: list[ContentsItem] | None = None,
    contents_heading: str = "Contents",
) -> list[Flowable]:
    """Cover page flowables; the caller adds a PageBreak after it if it wants one."""
    out: list[Flowable] = [Spacer(1, 6 * mm), Paragraph(markup(title), styles.title)]
    if subtitle:
        out.append(Paragraph(markup(subtitle), styles.subtitle))
    rows = [
        ("Name", person.name),
        ("Role", person.role),
        ("Organisation or setting", person.organisation),
        ("Period covered", period),
        ("Supervisor", supervisor or "Not given"),
        ("Exported", format_date(exported_on)),
    ]
    table = details_table(styles, rows)
    out += [table, Spacer(1, 8 * mm)]
    if contents:
        out.append(Paragraph(markup(contents_heading), styles.h2))
        for item in contents:
            text = f"<b>{markup(item.title) or 'Untitled'}</b>"
            if item.detail:
                text += f" <font color='#52606d'>\u2014 {markup(item.detail)}</font>"
            out.append(ContentsLine(item.key, Paragraph(text, styles.body)))
    return out
