"""The supervision section: room for notes, agreed actions with dates, and both signatures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from app.models.report.styles import RULE, SHADE, ReportStyles, table_style
from app.models.report.text import markup


def _lines(count: int, width: float, height: float = 8 * mm) -> Table:
    table = Table([[""]] * count, colWidths=[width], rowHeights=[height] * count, hAlign="LEFT")
    table.setStyle(table_style([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
    return table


def signoff_part(
    styles: ReportStyles,
    width: float,
    *,
    person_name: str,
    supervisor: str = "",
    heading: str = "Supervision",
    person_label: str = "Practitioner",
    note_lines: int = 8,
    action_rows: int = 5,
    new_page: bool = False,
) -> list[Flowable]:
    """Blank space for the debrief, to fill in by hand or on screen."""
    s = styles
    # On its own page when asked, so it can be printed and filed on its own.
    out: list[Flowable] = [
        PageBreak() if new_page else CondPageBreak(120 * mm),
        Paragraph(markup(heading), s.h1),
    ]
    out.append(Paragraph("Supervisor\u2019s notes", s.h2))
    out.append(_lines(note_lines, width))
    out.append(Spacer(1, 4 * mm))

    head = [
        Paragraph("Agreed action", s.cell_bold),
        Paragraph("By whom", s.cell_bold),
        Paragraph("By when", s.cell_bold),
    ]
    rows = [head] + [["", "", ""] for _ in range(action_rows)]
    actions = Table(
        rows,
        colWidths=[width - 70 * mm, 35 * mm, 35 * mm],
        rowHeights=[None] + [10 * mm] * action_rows,
        hAlign="LEFT",
    )
    actions.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    out.append(KeepTogether([Paragraph("Agreed actions", s.h2), actions]))
    out.append(Spacer(1, 4 * mm))

    def signer(label: str, name: str) -> list:
        who = f"{markup(label)}: {markup(name)}" if name else markup(label)
        return [
            Paragraph(who, s.cell_bold),
            Paragraph("Signature", s.cell),
            Paragraph("Date", s.cell),
        ]

    sign_rows = [signer(person_label, person_name), signer("Supervisor", supervisor)]
    signs = Table(sign_rows, colWidths=[width - 100 * mm, 60 * mm, 40 * mm], hAlign="LEFT")
    signs.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12 * mm),  # room to sign
            ]
        )
    )
    out.append(KeepTogether([Paragraph("Signatures", s.h2), signs]))
    return out
