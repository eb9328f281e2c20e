"""The group-session summary PDF: plan, prompts used, show-of-hands counts before and after,
take-aways and follow-up actions. Built from the supervision report's parts.

It holds counts only: there is nowhere for a participant's name. The facilitator's own notes
are included only when asked for.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from app.models.report.build import frame_width, render
from app.models.report.cover import details_table, format_date
from app.models.report.data import ReportPerson
from app.models.report.entry import rating_bar
from app.models.report.styles import RULE, SHADE, ReportStyles, make_styles, table_style
from app.models.report.text import markup
from app.models.tally import Tally

LABEL = "Group session summary \u2014 no participant names"


def _bullets(items: list[str], styles: ReportStyles, empty: str) -> list[Flowable]:
    if not items:
        return [Paragraph(markup(empty), styles.muted)]
    return [Paragraph(f"\u2022 {markup(i)}", styles.answer) for i in items]


def _section(heading: str, blocks: list[list[Flowable]], styles: ReportStyles) -> list[Flowable]:
    """A heading kept with the first block under it, so it never ends a page alone; each block
    (a tally's table and averages) kept whole. One level of keeping together only: reportlab
    measures a KeepTogether inside another badly and pushes both on even when they fit."""
    title = Paragraph(markup(heading), styles.h2)
    if not blocks:
        return [title]
    first, *rest = blocks
    out: list[Flowable] = [KeepTogether([title, *first])]
    for block in rest:
        out.append(KeepTogether(block) if len(block) > 1 else block[0])
    return out


def _each(flowables: list[Flowable]) -> list[list[Flowable]]:
    """Each flowable a block of its own (a list may break between any two items)."""
    return [[f] for f in flowables]


def _cover(
    styles: ReportStyles, *, subtitle: str, person: ReportPerson, exported_on: date
) -> list[Flowable]:
    """Title and who ran it; none of the one-person report's period or supervisor fields."""
    out: list[Flowable] = [
        Spacer(1, 6 * mm),
        Paragraph(markup("Group session summary"), styles.title),
    ]
    if subtitle:
        out.append(Paragraph(markup(subtitle), styles.subtitle))
    rows = [
        ("Facilitator", person.name),
        ("Role", person.role),
        ("Organisation or setting", person.organisation),
        ("Exported", format_date(exported_on)),
    ]
    return [*out, details_table(styles, rows), Spacer(1, 8 * mm)]


def _review(styles: ReportStyles, width: float, facilitator: str) -> list[Flowable]:
    """Room to write after the session, and the facilitator's sign-off (no supervisor: a
    group summary is the facilitator's record)."""
    lines = Table([[""] for _ in range(5)], colWidths=[width], rowHeights=[9 * mm] * 5)
    lines.setStyle(table_style([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
    who = f"Facilitator: {markup(facilitator)}" if facilitator else "Facilitator"
    sign = Table(
        [
            [
                Paragraph(who, styles.cell_bold),
                Paragraph("Signature", styles.cell),
                Paragraph("Date", styles.cell),
            ]
        ],
        colWidths=[width - 100 * mm, 60 * mm, 40 * mm],
        hAlign="LEFT",
    )
    sign.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12 * mm),  # room to sign
            ]
        )
    )
    return [
        KeepTogether([Paragraph("After the session", styles.h1), lines, Spacer(1, 4 * mm), sign])
    ]


def _tally_part(tally: Tally, styles: ReportStyles, width: float) -> list[Flowable]:
    head = [Paragraph(markup(h), styles.cell_bold) for h in ("Answer", "Start", "End")]
    rows = [head]
    for value in range(5):
        rows.append(
            [
                Paragraph(str(value + 1), styles.cell),
                Paragraph(str(tally.before[value]), styles.cell),
                Paragraph(str(tally.after[value]), styles.cell),
            ]
        )
    rows.append(
        [
            Paragraph("Hands counted", styles.cell_bold),
            Paragraph(str(tally.total("before")), styles.cell),
            Paragraph(str(tally.total("after")), styles.cell),
        ]
    )
    table = Table(rows, colWidths=[40 * mm, 30 * mm, 30 * mm], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ]
        )
    )
    parts: list[Flowable] = [Paragraph(markup(tally.question), styles.h3), table, Spacer(1, 2 * mm)]
    for phase, name in (("before", "Average at the start"), ("after", "Average at the end")):
        mean = tally.mean(phase)
        if mean is None:
            parts.append(Paragraph(f"{name}: no hands counted", styles.muted))
        else:
            parts.append(
                Table(
                    [
                        [
                            Paragraph(
                                f"{name}: {mean:.1f} of 5 ({tally.total(phase)} hands)", styles.cell
                            ),
                            rating_bar(mean, (1, 5)),
                        ]
                    ],
                    colWidths=[75 * mm, None],
                    hAlign="LEFT",
                )
            )
    return parts


def group_summary_pdf(
    record: dict,
    *,
    facilitator: str = "",
    facilitator_role: str = "",
    organisation: str = "",
    include_notes: bool = False,
    paper: str = "a4",
    exported_on: date | None = None,
    password: str | None = None,
) -> bytes:
    """`record` is GroupSession.record(): plain data, counts only."""
    styles = make_styles()
    width = frame_width(paper)
    plan = record.get("plan", {})
    # The facilitator's own name and role when known; never a made-up "Facilitator" twice.
    person = ReportPerson(name=facilitator, role=facilitator_role, organisation=organisation)
    when = record.get("date", "")
    story: list[Flowable] = _cover(
        styles,
        subtitle=plan.get("title", ""),
        person=person,
        exported_on=exported_on or date.today(),
    )
    story.append(Paragraph("The session", styles.h1))
    facts = [
        ("Group", plan.get("audience", "")),
        ("Date", when),
        ("Length", f"{record.get('minutes', 0):g} minutes" if record.get("minutes") else ""),
        # titles, as the room saw them (ids only for a record made before titles were kept)
        ("Scenarios", ", ".join(plan.get("scenario_titles") or plan.get("scenarios", []))),
    ]
    rows = [
        [Paragraph(markup(k), styles.cell_bold), Paragraph(markup(v), styles.cell)]
        for k, v in facts
        if v
    ]
    if rows:
        t = Table(rows, colWidths=[35 * mm, None], hAlign="LEFT")
        t.setStyle(
            table_style(
                [("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            )
        )
        story.append(t)

    story += _section(
        "Prompts used",
        _each(
            _bullets(list(record.get("prompts_used", [])), styles, "No prompts were put on screen.")
        ),
        styles,
    )
    tallies = [Tally.from_dict(t) for t in record.get("tallies", [])]
    story += _section(
        "Show of hands: before and after",
        [_tally_part(tally, styles, width) for tally in tallies]
        or [[Paragraph("No show of hands in this session.", styles.muted)]],
        styles,
    )
    story += _section(
        "Key take-aways",
        _each(_bullets(list(record.get("takeaways", [])), styles, "None written down.")),
        styles,
    )
    story += _section(
        "Follow-up actions",
        _each(_bullets(list(record.get("actions", [])), styles, "None written down.")),
        styles,
    )
    if include_notes and record.get("notes"):
        story += _section(
            "Facilitator\u2019s notes",
            [
                [Paragraph(markup(line), styles.answer)]
                for line in str(record["notes"]).splitlines()
                if line.strip()
            ],
            styles,
        )

    story += _review(styles, width, person.name)
    return render(
        story,
        person=person,
        paper=paper,
        title=f"Group session summary: {plan.get('title', '')}",
        subject="Group session summary",
        password=password,
        label=LABEL,
    )
