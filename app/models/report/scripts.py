"""Writing systems reportlab does not handle by itself: right-to-left text and characters the
bundled font lacks.

- Arabic letters take their joined forms (arabic-reshaper) and right-to-left runs are put in
  visual order (python-bidi, the Unicode bidi algorithm), line by line as typed. reportlab
  then draws them as they come. Answers, which wrap over several lines, go through
  `RightToLeftParagraph`: broken into lines in reading order first, each line then reordered
  and set flush right, so the first words read are on the first line.
- A character the bundled DejaVu Sans has no glyph for is printed in a fallback font that has
  one: a CJK font or a symbol/emoji font found on this computer (reportlab can embed TrueType
  outlines only, so colour emoji fonts and CFF-based OpenType fonts are not used). When no font
  has it, `unprintable` names it, so the export can say so instead of printing empty boxes.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan... and the Arabic presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

# TrueType fonts other systems ship, looked for in this order (first that exists is used).
FALLBACK_FONTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "CasebookFallbackCJK",
        (
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/truetype/arphic/uming.ttc",
            "C:/Windows/Fonts/msyh.ttc",
            "C:/Windows/Fonts/simsun.ttc",
            "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
            "/Library/Fonts/Arial Unicode.ttf",
        ),
    ),
    (
        "CasebookFallbackSymbols",
        (
            "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
            "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",
            "C:/Windows/Fonts/seguisym.ttf",
            "C:/Windows/Fonts/seguiemj.ttf",
        ),
    ),
)

_lock = threading.Lock()
_covers: dict[str, frozenset[int]] = {}


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def _base_direction(text: str) -> str:
    """'R' when the first letter with a direction is right-to-left, else 'L'."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return "L"


def visual(text: str) -> str:
    """Right-to-left runs shaped and in visual order, each line on its own; other text as is."""
    if not has_rtl(text):
        return text
    return "\n".join(
        get_display(arabic_reshaper.reshape(line)) if has_rtl(line) else line
        for line in text.split("\n")
    )


def _load(name: str, candidates: tuple[str, ...]) -> frozenset[int]:
    for candidate in candidates:
        path = Path(candidate)
        if not path.is_file():
            continue
        try:
            font = TTFont(name, str(path))
        except Exception:  # noqa: BLE001 - CFF outlines, a damaged file: try the next one
            continue
        pdfmetrics.registerFont(font)
        return frozenset(font.face.charToGlyph)
    return frozenset()


def _coverage() -> dict[str, frozenset[int]]:
    """Code points per font: the bundled font first, then each fallback found (once)."""
    from app.models.report.styles import FONT, register_fonts

    with _lock:
        if not _covers:
            register_fonts()
            base = pdfmetrics.getFont(FONT)
            _covers[FONT] = frozenset(base.face.charToGlyph)  # type: ignore[attr-defined]
            for name, candidates in FALLBACK_FONTS:
                found = _load(name, candidates)
                if found:
                    _covers[name] = found
        return _covers


def _font_for(ch: str, covers: dict[str, frozenset[int]]) -> str | None:
    cp = ord(ch)
    for name, cover in covers.items():
        if cp in cover:
            return name
    return None


def _ignorable(ch: str) -> bool:
    # Joiners, variation selectors and the like draw nothing: never worth a font switch.
    return ch in "\u200b\u200c\u200d\u2060\ufeff" or "\ufe00" <= ch <= "\ufe0f" or ch < " "


def with_fallback_fonts(markup: str) -> str:
    """Paragraph markup with each run of characters the bundled font lacks wrapped in a
    `<font>` tag naming a font that has them. Tags and entities are ASCII: left alone."""
    if markup.isascii():  # most text: nothing to look up, character by character
        return markup
    covers = _coverage()
    base = next(iter(covers))
    base_cover = covers[base]
    if all(ord(ch) in base_cover or ch.isascii() or _ignorable(ch) for ch in markup):
        return markup
    out: list[str] = []
    current: str | None = None
    for ch in markup:
        font = None
        if not (ch.isascii() or _ignorable(ch) or ord(ch) in base_cover):
            font = _font_for(ch, covers)
        if font != current:
            if current is not None:
                out.append("</font>")
            if font is not None:
                out.append(f'<font name="{font}">')
            current = font
        out.append(ch)
    if current is not None:
        out.append("</font>")
    return "".join(out)


def needs_paragraph(text: str) -> bool:
    """True when plain drawing in the bundled font would get `text` wrong (right-to-left
    runs, or characters only a fallback font has)."""
    if text.isascii():
        return False
    if has_rtl(text):
        return True
    base_cover = next(iter(_coverage().values()))
    return any(not (ch.isascii() or _ignorable(ch) or ord(ch) in base_cover) for ch in text)


def unprintable(text: str) -> set[str]:
    """Characters of `text` that no available font can draw (they would print as boxes)."""
    covers = _coverage()
    return {
        ch
        for ch in set(text)
        if not (ch.isascii() or _ignorable(ch) or ch.isspace()) and _font_for(ch, covers) is None
    }


class RightToLeftParagraph(Flowable):
    """A paragraph of mostly right-to-left text that wraps in reading order: lines are broken
    on the logical (shaped) text at the width offered, then each is put in visual order and
    set flush right. Splits across pages like any paragraph."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._inner: Paragraph | None = None

    def _laid_out(self, width: float) -> Paragraph:
        style = self.style
        usable = max(1.0, width - style.leftIndent - style.rightIndent)
        base = _base_direction(self.text)
        lines: list[str] = []
        for typed in self.text.split("\n"):
            shaped = arabic_reshaper.reshape(typed)
            for line in simpleSplit(shaped, style.fontName, style.fontSize, usable) or [""]:
                lines.append(get_display(line, base_dir=base) if has_rtl(line) else line)
        right = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        body = "<br/>".join(escape(line) for line in lines)
        return Paragraph(with_fallback_fonts(body), right)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._inner = self._laid_out(avail_width)
        return self._inner.wrap(avail_width, avail_height)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        inner = self._inner or self._laid_out(avail_width)
        inner.wrap(avail_width, avail_height)
        return list(inner.split(avail_width, avail_height))

    def draw(self) -> None:
        assert self._inner is not None
        self._inner.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.style.spaceAfter)
