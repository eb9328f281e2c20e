"""What changed between two versions of a reflection, as short readable HTML: which answers
were added, removed or changed, and in a changed text the words taken out and put in.

Plain Python (difflib): the journal's revisions dialog shows it above each earlier version.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from html import escape
from typing import Any

_WORDS = re.compile(r"\S+|\s+")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def word_diff(before: str, after: str) -> str:
    """`after` with removed words struck through and added words underlined, as HTML."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f'<s style="color:#9b1c1c">{escape("".join(old[i1:i2]))}</s>')
        if op in ("insert", "replace"):
            out.append(f'<u style="color:#1d5e20">{escape("".join(new[j1:j2]))}</u>')
    return "".join(out)


def changes_html(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    questions: Mapping[str, str],
    *,
    newer_label: str,
) -> str:
    """What changed from `before` (answers of an earlier version) to `after` (the next one),
    each answer under its question's text."""
    rows = []
    for qid in list(dict.fromkeys([*after, *before])):
        old, new = _text(before.get(qid)), _text(after.get(qid))
        if old == new:
            continue
        question = escape(questions.get(qid, qid))
        if not old:
            body = f'Added: <u style="color:#1d5e20">{escape(new)}</u>'
        elif not new:
            body = f'Taken out: <s style="color:#9b1c1c">{escape(old)}</s>'
        else:
            body = word_diff(old, new)
        rows.append(f"<p><b>{question}</b><br>{body}</p>")
    if not rows:
        return f"<p><i>No answers changed between this version and {escape(newer_label)}.</i></p>"
    heading = f"<h3>What changed in {escape(newer_label)}</h3>"
    legend = (
        "<p><i>Words <s>struck through</s> were taken out; words <u>underlined</u> were put "
        "in.</i></p>"
    )
    return heading + legend + "".join(rows) + "<hr>"
