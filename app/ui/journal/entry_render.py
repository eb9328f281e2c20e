"""An entry as readable rich text: its sections, questions and answers, ratings and marks.

Every piece of the person's text is escaped: a journal may contain "<" or "&", and Qt's rich
text would otherwise swallow or misread it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from app.models.content import ROLES
from app.models.entry import FILLED_IN_NOTE
from app.models.journal import Entry
from app.models.prompts import Question, Section
from app.models.timefmt import format_clock
from app.ui.journal.journal_model import MODEL_NAMES, date_label


def _text(value: Any) -> str:
    return escape(str(value)).replace("\n", "<br>")


def _answer_html(q: Question | None, value: Any) -> str:
    if isinstance(value, list):
        items = "".join(f"<li>{_text(v)}</li>" for v in value)
        return f"<ul>{items}</ul>"
    if q is not None and q.kind == "scale":
        ends = f" ({_text(q.labels[0])} … {_text(q.labels[-1])})" if q.labels else ""
        return f"<p>{_text(value)} of {q.max}{ends}</p>"
    body = f"<p>{_text(value)}</p>"
    if q is not None and q.is_knowledge_check:
        if value == q.correct:
            body += "<p><i>This matches the suggested answer.</i></p>"
        else:
            body += f"<p><i>The suggested answer: {_text(q.correct)}</i></p>"
        if q.explanation:
            body += f"<p><i>{_text(q.explanation)}</i></p>"
    return body


def entry_html(
    entry: Entry,
    sections: Sequence[Section] = (),
    scenario_title: str | None = None,
    heading: str | None = None,
) -> str:
    """The read view of one entry (or one revision of it)."""
    if entry.damaged:
        return (
            "<h2>This entry could not be opened</h2>"
            "<p>Its stored data is damaged, so it cannot be decrypted. Your other entries are "
            "fine. A backup made before the damage would still hold it.</p>"
        )
    record = entry.record
    title = entry.title or scenario_title or "A reflection"
    parts = [f"<h2>{_text(heading or title)}</h2>"]
    facts = []
    if entry.scenario_id:
        facts.append(f"Scenario: {_text(scenario_title or entry.scenario_id)}")
    else:
        facts.append("A reflection on your own practice")
    role = record.role
    if role:
        facts.append(_text(ROLES.get(role, role)))
    model = record.model
    if model:
        facts.append(_text(MODEL_NAMES.get(model, model)))
    facts.append("Finished" if entry.status == "final" else "Draft")
    facts.append(f"Written {date_label(entry.created_at)}")
    if entry.updated_at[:10] != entry.created_at[:10]:
        facts.append(f"last changed {date_label(entry.updated_at)}")
    parts.append("<p>" + " · ".join(facts) + "</p>")
    if entry.tags:
        parts.append("<p>Tags: " + _text(", ".join(entry.tags)) + "</p>")
    if record.filled_in_later and record.questions:
        parts.append(f"<p><i>{_text(FILLED_IN_NOTE)}</i></p>")

    answers = entry.answers
    shown: set[str] = set()
    for section in sections:
        answered = [q for q in section.questions if q.id in answers]
        if not answered:
            continue
        parts.append(f"<h3>{_text(section.title)}</h3>")
        for q in answered:
            shown.add(q.id)
            parts.append(f"<p><b>{_text(q.text)}</b></p>")
            parts.append(_answer_html(q, answers[q.id]))
    rest = [k for k in answers if k not in shown]
    if rest:
        # Answers with no stored question (a group session's notes): still the person's words.
        parts.append("<h3>Other answers</h3>")
        for key in rest:
            parts.append(f"<p><b>{_text(key)}</b></p>")
            parts.append(_answer_html(None, answers[key]))

    if record.markers:
        parts.append("<h3>Moments you marked</h3><ul>")
        for m in record.markers:
            stamp = format_clock(int(m.at))
            parts.append(f"<li>{stamp} — {_text(m.note or '(no note)')}</li>")
        parts.append("</ul>")

    before = record.confidence_before
    after = record.confidence_after
    if before or after:
        parts.append("<h3>Confidence (1 = not yet, 5 = very)</h3>")
        parts.append(
            '<table cellpadding="4"><tr><th align="left">Learning objective</th>'
            "<th>Before</th><th>After</th></tr>"
        )
        for objective in dict.fromkeys([*before, *after]):
            b = before.get(objective, "–")
            a = after.get(objective, "–")
            parts.append(
                f"<tr><td>{_text(objective)}</td><td align='center'>{_text(b)}</td>"
                f"<td align='center'>{_text(a)}</td></tr>"
            )
        parts.append("</table>")
    knowledge = record.knowledge
    if knowledge:
        right = sum(1 for k in knowledge.values() if k.correct)
        parts.append(
            f"<p>Knowledge checks: {right} of {len(knowledge)} matched the suggested answer.</p>"
        )
    return "\n".join(parts)
