"""Spots text that looks like it could identify a patient or pupil.

Journals should not name anyone. Before a reflection is saved, its text is scanned for things
that usually point at a real person: NHS-style numbers, phone numbers, email addresses, dates
(of birth above all) and names after a title such as "Mrs". The check is deliberately gentle:
it only finds candidates; the person decides whether to edit or keep.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

KIND_LABELS: dict[str, str] = {
    "nhs-number": "a number that looks like an NHS number",
    "phone": "a phone number",
    "email": "an email address",
    "date-of-birth": "a date of birth",
    "date": "a full date (it could be a date of birth)",
    "name": "a name after a title such as Mr or Mrs",
}


@dataclass(frozen=True)
class Finding:
    """One stretch of text that may identify someone."""

    kind: str  # a key of KIND_LABELS
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# 3-3-4 digits with optional single spaces or dashes, as NHS numbers are usually written.
_NHS = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])")
# Phone candidates: start with + or 0, then digits with spaces, dashes, dots or brackets between.
_PHONE = re.compile(r"(?<![\w+])(?:\+\s?\d|\(0|0)[\d ().-]{7,18}\d(?!\d)")
_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")
_DOB_LABEL = re.compile(
    r"\b(?:D\.?O\.?B\.?|date\s+of\s+birth|born(?:\s+on)?)\s*[:\-]?\s*$", re.IGNORECASE
)
_DOB_WORD = re.compile(r"\b(?:D\.?O\.?B|date\s+of\s+birth)\b\.?\s*[:\-]?\s*", re.IGNORECASE)
_DOB_VALUE = re.compile(r"[^\n,;]{1,30}")
_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr)\b\.?[ \t]+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def nhs_checksum_ok(digits: str) -> bool:
    """True when a 10-digit string passes the NHS number modulus-11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _phones(text: str) -> list[Finding]:
    found = []
    for m in _PHONE.finditer(text):
        raw = m.group(0)
        digits = _digits(raw)
        intl = raw.lstrip("(").startswith("+")
        if (intl and 8 <= len(digits) <= 15) or (not intl and 10 <= len(digits) <= 11):
            found.append(Finding("phone", m.start(), m.end(), raw))
    return found


def _dates(text: str) -> list[Finding]:
    found = []
    for m in _DATE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        labelled = _DOB_LABEL.search(text[max(0, m.start() - 20) : m.start()])
        kind = "date-of-birth" if labelled else "date"
        found.append(Finding(kind, m.start(), m.end(), m.group(0)))
    # "DOB" followed by something that is not a dd/mm/yyyy date (e.g. "DOB 3rd May 1961").
    for m in _DOB_WORD.finditer(text):
        value = _DOB_VALUE.match(text, m.end())
        if value and any(c.isdigit() for c in value.group(0)):
            end = value.end()
            found.append(Finding("date-of-birth", m.start(), end, text[m.start() : end].rstrip()))
    return found


def _names(text: str) -> list[Finding]:
    found = []
    for m in _TITLE.finditer(text):
        pos, end, words = m.end(), m.end(), 0
        # A title followed by one or two capitalised words: "Mrs Smith", "Dr Amir Khan".
        while words < 2:
            w = _WORD.match(text, pos)
            if not w or not w.group(0)[0].isupper():
                break
            end, words = w.end(), words + 1
            gap = re.match(r"[ \t]+", text[end:])
            if not gap:
                break
            pos = end + gap.end()
        if words:
            found.append(Finding("name", m.start(), end, text[m.start() : end]))
    return found


def find_identifiers(text: str) -> list[Finding]:
    """Every stretch of `text` that may identify someone, in order, without overlaps."""
    candidates = (
        [Finding("email", m.start(), m.end(), m.group(0)) for m in _EMAIL.finditer(text)]
        + [Finding("nhs-number", m.start(), m.end(), m.group(0)) for m in _NHS.finditer(text)]
        + _phones(text)
        + _dates(text)
        + _names(text)
    )
    # The longest candidate wins an overlap ("+1 415-555-0132" is one phone number, not an
    # NHS-style number after "+1 "); on a tie, earlier in this list wins.
    priority = {
        k: i
        for i, k in enumerate(["email", "date-of-birth", "nhs-number", "phone", "date", "name"])
    }
    candidates.sort(key=lambda f: (f.start - f.end, priority[f.kind], f.start))
    kept: list[Finding] = []
    for f in candidates:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def scan_answers(
    answers: Mapping[str, object], extra_text: Mapping[str, str] | None = None
) -> dict[str, list[Finding]]:
    """Findings per field: text answers keyed by question id, plus any other named text."""
    fields: dict[str, str] = {k: v for k, v in answers.items() if isinstance(v, str)}
    fields.update(extra_text or {})
    result = {}
    for key, value in fields.items():
        found = find_identifiers(value)
        if found:
            result[key] = found
    return result
