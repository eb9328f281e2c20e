"""Turns any text a person typed into something reportlab prints literally and never chokes on."""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

# C0/C1 controls (but not tab and newline), and lone surrogates that cannot be encoded.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Line and paragraph separators print as ordinary line breaks.
_NEWLINES = re.compile("\r\n|\r|\u2028|\u2029|\x85")

# Long answers are cut into pieces at word boundaries: one huge Paragraph is re-wrapped in full
# on every page it is split across, which makes a 200,000-character answer very slow.
CHUNK = 1500


def clean(text: object) -> str:
    """Plain text with controls removed and line endings made ordinary."""
    if text is None:
        return ""
    s = str(text)
    s = _NEWLINES.sub("\n", s)
    s = s.replace("\x85", "\n")
    s = _CONTROL.sub("", s)
    return unicodedata.normalize("NFC", s)


def one_line(text: object) -> str:
    """For headers, titles and metadata: no line breaks, runs of whitespace collapsed."""
    return " ".join(clean(text).split())


def markup(text: object) -> str:
    """Escaped for a Paragraph: `<b>` and `&amp;` print as typed, line breaks are kept;
    right-to-left text shaped and ordered, and characters DejaVu lacks in a font that has them
    (see scripts.py)."""
    from app.models.report.scripts import visual, with_fallback_fonts

    s = visual(clean(text))
    s = escape(s, {'"': "&quot;", "'": "&#39;"})
    return with_fallback_fonts(s.replace("\t", "    ").replace("\n", "<br/>"))


def chunks(text: object, size: int = CHUNK) -> list[str]:
    """Paragraph-sized pieces of plain text: split at blank lines, then at spaces near `size`."""
    pieces: list[str] = []
    for para in re.split(r"\n\s*\n", clean(text)):
        para = para.strip("\n")
        while len(para) > size:
            cut = para.rfind(" ", size // 2, size)
            if cut == -1:
                cut = size  # one enormous word: cut it anyway
            pieces.append(para[:cut])
            para = para[cut:].lstrip(" ")
        if para.strip():
            pieces.append(para)
    return pieces or [""]
