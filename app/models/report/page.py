"""Page furniture: the confidentiality line, the person's name and "Page x of y" on every page.

The total page count is only known at the end, so the canvas keeps each finished page and draws
the furniture when the document is saved (one layout pass, not two). The same trick fills in
the cover's table of contents: entry anchors record their page while laid out, and the
numbers are drawn beside the contents lines on save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.models.report.styles import FONT, FONT_BOLD, MUTED, RULE
from app.models.report.text import one_line

CONFIDENTIAL = "Confidential \u2014 reflective practice record"
MARGIN = 18 * mm


def numbered_canvas(person_name: str, label: str = CONFIDENTIAL) -> type[Canvas]:
    """A Canvas class that draws the header and footer on every page when saved."""
    name = one_line(person_name)

    class NumberedCanvas(Canvas):
        # reportlab's own page state, which its stubs leave out: each finished page keeps a
        # copy, and the furniture is drawn from it on save.
        _pagesize: tuple[float, float]
        _pageNumber: int  # noqa: N815  (reportlab's name)
        _startPage: Callable[[], None]  # noqa: N815  (reportlab's name)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # reportlab starts every page's text in Helvetica, which it never embeds: start in
            # the bundled font so no page refers to a font the reader has to guess.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            # Filled while laying out: anchor key -> page; contents slots (page, x, y, key).
            self.anchors: dict[str, int] = {}
            self.slots: list[tuple[int, float, float, str]] = []
            # Bookmarks waiting for their page: reportlab names a page's PDF object only when
            # the page is really shown, which here happens on save (page, key, left, top).
            self.marks: list[tuple[int, str, float, float]] = []

        def showPage(self) -> None:  # noqa: N802  (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                for mark_page, key, left, top in self.marks:
                    if mark_page == self._pageNumber:
                        self.bookmarkPage(key, fit="XYZ", left=left, top=top, zoom=0)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, height = self._pagesize
            page = self._pageNumber
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, height - 12 * mm, width - MARGIN, height - 12 * mm)
            self.line(MARGIN, 12 * mm, width - MARGIN, 12 * mm)
            self.setFillColor(MUTED)
            self.setFont(FONT_BOLD, 8.5)
            self.drawString(MARGIN, height - 10.5 * mm, label)
            self.setFont(FONT, 8.5)
            short = _fit(self, name, width / 2, FONT, 8.5)
            self.drawRightString(width - MARGIN, height - 10.5 * mm, short)
            self.drawRightString(width - MARGIN, 8 * mm, f"Page {page} of {total}")
            self.setFont(FONT, 10)
            for slot_page, x, y, key in self.slots:
                if slot_page == page and key in self.anchors:
                    self.drawRightString(x, y, str(self.anchors[key]))
            self.restoreState()

    return NumberedCanvas


def _fit(canv: Canvas, text: str, max_width: float, font: str, size: float) -> str:
    """Shortens text with an ellipsis so a very long name never runs into the other header text."""
    if canv.stringWidth(text, font, size) <= max_width:
        return text
    while text and canv.stringWidth(text + "\u2026", font, size) > max_width:
        text = text[:-1]
    return text + "\u2026"


class Anchor(Flowable):
    """Zero-size marker at the start of an entry: bookmark, outline entry, page for contents."""

    def __init__(self, key: str, title: str, on_draw: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.key = key
        self.title = one_line(title) or "Untitled"
        self.on_draw = on_draw
        self.width = self.height = 0

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        canv = self.canv
        marks = getattr(canv, "marks", None)
        if marks is not None:
            left, top = canv.absolutePosition(0, 0)
            marks.append((canv.getPageNumber(), self.key, 0.0, top + 24))
        else:
            canv.bookmarkPage(self.key)
        canv.addOutlineEntry(self.title, self.key, level=0, closed=True)
        anchors = getattr(canv, "anchors", None)
        if anchors is not None:
            anchors[self.key] = canv.getPageNumber()
        if self.on_draw:
            self.on_draw()


class ContentsLine(Flowable):
    """A contents line: the entry's text on the left, its page number filled in on save."""

    def __init__(self, key: str, paragraph: Flowable) -> None:
        super().__init__()
        self.key = key
        self.paragraph = paragraph
        self.number_width = 14 * mm

    def wrap(self, avail_width, avail_height):
        self.avail_width = avail_width
        _, h = self.paragraph.wrap(avail_width - self.number_width, avail_height)
        self.width, self.height = avail_width, h
        return avail_width, h

    def draw(self):
        canv = self.canv
        self.paragraph.drawOn(canv, 0, 0)
        x, y = canv.absolutePosition(self.avail_width, self.height - 10.5)
        slots = getattr(canv, "slots", None)
        if slots is not None:
            slots.append((canv.getPageNumber(), x, y, self.key))
        canv.linkRect("", self.key, (0, 0, self.avail_width, self.height), relative=1)
