"""Fonts and paragraph styles shared by every report part.

Reportlab's built-in fonts lack most non-Latin glyphs, so the bundled DejaVu Sans is registered:
Latin, Greek and Cyrillic print correctly; scripts it lacks show a fallback box, never an error.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

from app.config import bundled_resources
from app.errors import CasebookError

FONT = "CasebookSans"
FONT_BOLD = "CasebookSans-Bold"
FONT_ITALIC = "CasebookSans-Oblique"
_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
}
_lock = threading.Lock()

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
ACCENT = colors.HexColor("#2f6f8f")
ACCENT_SOFT = colors.HexColor("#9cc7db")
SHADE = colors.HexColor("#eef2f5")


def page_size(paper: str) -> tuple[float, float]:
    sizes = {"a4": A4, "letter": LETTER}
    try:
        return sizes[paper.lower()]
    except KeyError:
        raise CasebookError(f"Paper size can be a4 or letter, not {paper!r}.") from None


def register_fonts(font_dir: Path | None = None) -> None:
    """Registers the bundled fonts once per process (safe to call from a worker thread)."""
    with _lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        folder = font_dir or bundled_resources() / "fonts"
        try:
            for name, file in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        except Exception as exc:  # reportlab raises its own TTFError or OSError
            raise CasebookError(
                f"The report fonts are missing from {folder}. Reinstalling Casebook puts them back."
            ) from exc
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
        )


@dataclass(frozen=True)
class ReportStyles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    section: ParagraphStyle  # h2 and h3 that ask for room with CondPageBreak instead of
    question: ParagraphStyle  # keepWithNext (cheaper on long reports; see entry.py)
    body: ParagraphStyle
    answer: ParagraphStyle
    answer_more: ParagraphStyle  # a long answer's continuation pieces: no gap between them
    small: ParagraphStyle
    muted: ParagraphStyle
    redacted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


def make_styles() -> ReportStyles:
    register_fonts()
    base = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=10,
        leading=14,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
        splitLongWords=1,
    )
    return ReportStyles(
        title=ParagraphStyle(
            "title",
            base,
            fontName=FONT_BOLD,
            fontSize=22,
            leading=28,
            spaceAfter=6,
            textColor=ACCENT,
        ),
        subtitle=ParagraphStyle(
            "subtitle", base, fontSize=12, leading=16, textColor=MUTED, spaceAfter=14
        ),
        h1=ParagraphStyle(
            "h1",
            base,
            fontName=FONT_BOLD,
            fontSize=16,
            leading=21,
            spaceBefore=4,
            spaceAfter=8,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=17,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3",
            base,
            fontName=FONT_BOLD,
            fontSize=10,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        section=ParagraphStyle(
            "section",
            base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=17,
            spaceBefore=10,
            spaceAfter=4,
        ),
        question=ParagraphStyle(
            "question",
            base,
            fontName=FONT_BOLD,
            fontSize=10,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
        ),
        body=base,
        answer=ParagraphStyle("answer", base, leftIndent=10, spaceAfter=6),
        answer_more=ParagraphStyle("answer_more", base, leftIndent=10, spaceBefore=0, spaceAfter=0),
        small=ParagraphStyle("small", base, fontSize=8.5, leading=11),
        muted=ParagraphStyle("muted", base, fontSize=9, leading=12, textColor=MUTED),
        redacted=ParagraphStyle(
            "redacted", base, fontName=FONT_ITALIC, leftIndent=10, textColor=MUTED, spaceAfter=6
        ),
        cell=ParagraphStyle("cell", base, fontSize=9, leading=12, spaceAfter=0),
        cell_bold=ParagraphStyle(
            "cell_bold", base, fontName=FONT_BOLD, fontSize=9, leading=12, spaceAfter=0
        ),
    )


def table_style(commands: list[tuple]) -> TableStyle:
    """A TableStyle whose cells start in the bundled font: reportlab's default is Helvetica,
    which it never embeds, even for an empty cell."""
    register_fonts()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


class ReportDrawing(Drawing):
    """A Drawing whose renderer starts in the bundled font: reportlab's renderer starts every
    drawing in Helvetica, which it never embeds."""

    def __init__(self, width: float, height: float, *nodes: Any, **kw: Any) -> None:
        super().__init__(width, height, *nodes, **kw)
        register_fonts()
        self.initialFontName = FONT
