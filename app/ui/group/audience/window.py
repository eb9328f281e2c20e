"""The audience window: one of a slide, a prompt, a tally chart, a clip, a logo or black.

`show()` accepts only built-in display values; anything else is refused, so a service, a
profile or a journal object can never be handed to the wall by mistake. No menus, no
dialogs, no notifications: the facilitator's console owns all of those.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QLayout, QStackedLayout, QVBoxLayout, QWidget

from app.ui.group.audience import theme
from app.ui.group.audience.chart import TallyChart
from app.ui.group.audience.clip import ClipPage

KINDS = ("slide", "prompt", "chart", "clip", "logo", "blank")
_PLAIN = (str, int, float, bool, type(None))


def _check_plain(value: object, where: str) -> None:
    if isinstance(value, list | tuple):
        for v in value:
            _check_plain(v, where)
    elif not isinstance(value, _PLAIN):
        raise TypeError(
            f"the audience screen takes display data only; {where} is {type(value).__name__}"
        )


def _label(role: str = "", wrap: bool = True, align=Qt.AlignmentFlag.AlignLeft) -> QLabel:
    lab = QLabel()
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setWordWrap(wrap)
    lab.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    if role:
        lab.setProperty("role", role)
    return lab


def bullets(items: list[str], gap: int) -> str:
    """Bullet items whose wrapped lines sit under their text, not under the bullet.

    A two-column table is the one hanging indent Qt's rich text draws reliably.
    """
    rows = "".join(
        f"<tr><td style='padding-right:{gap // 2}px'>•</td>"
        f"<td style='padding-bottom:{gap}px'>{html.escape(i)}</td></tr>"
        for i in items
    )
    return f"<table cellspacing='0' cellpadding='0'>{rows}</table>"


class _Page(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.lay = QVBoxLayout(self)


class AudienceWindow(QWidget):
    """Full screen on the projector; on one screen, full screen when the facilitator asks (F)."""

    key_pressed = Signal(int)  # clickers may send keys here when the wall has focus
    painted = Signal()  # a new frame of the wall was drawn (for the thumbnail and timing)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audience")
        self.setWindowTitle("Casebook audience screen")
        self.setAccessibleName("Audience screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(theme.stylesheet())
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._height = 0
        self._kind = "logo"
        self._bullets: list[str] = []
        self.shown: dict = {}

        self.stack = QStackedLayout(self)
        self.stack.setContentsMargins(0, 0, 0, 0)
        # the wall's size is its screen's (or the picture's), never grown to fit its text
        self.stack.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        # slide: title, body, bullet items
        self.slide = _Page()
        self.slide_title = _label("title")
        self.slide_body = _label()
        self.slide_items = _label()
        self.slide_items.setTextFormat(Qt.TextFormat.RichText)  # bullets; every item is escaped
        self.slide.lay.addStretch(1)
        for w in (self.slide_title, self.slide_body, self.slide_items):
            self.slide.lay.addWidget(w)
        self.slide.lay.addStretch(2)

        # prompt: one large question, centred
        self.prompt = _Page()
        self.prompt_text = _label(align=Qt.AlignmentFlag.AlignHCenter)
        self.prompt_body = _label("muted", align=Qt.AlignmentFlag.AlignHCenter)
        self.prompt_items = _label("title", align=Qt.AlignmentFlag.AlignHCenter)
        self.prompt.lay.addStretch(1)
        for w in (self.prompt_text, self.prompt_body, self.prompt_items):
            self.prompt.lay.addWidget(w)
        self.prompt.lay.addStretch(1)

        # chart: the tally question and bars
        self.chart_page = _Page()
        self.chart_title = _label(align=Qt.AlignmentFlag.AlignHCenter)
        self.chart = TallyChart()
        self.chart_page.lay.addWidget(self.chart_title)
        self.chart_page.lay.addWidget(self.chart, 1)

        self.clip = ClipPage()

        # logo: a calm holding screen
        self.logo = _Page()
        self.logo_text = _label("muted", align=Qt.AlignmentFlag.AlignHCenter)
        self.logo.lay.addStretch(1)
        self.logo.lay.addWidget(self.logo_text)
        self.logo.lay.addStretch(1)

        self.blank = QWidget()

        self.pages = {
            "slide": self.slide,
            "prompt": self.prompt,
            "chart": self.chart_page,
            "clip": self.clip,
            "logo": self.logo,
            "blank": self.blank,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(self.logo)
        # counts being typed on one screen: small, at the foot, over whatever is shown
        self.entry = _label("muted", wrap=False)
        self.entry.setParent(self)
        self.entry.setVisible(False)
        self._apply_sizes(1080)

    # ------------------------------------------------------------ display

    def show_content(
        self,
        *,
        kind: str,
        style: str = "",
        title: str = "",
        body: str = "",
        items: list[str] | tuple[str, ...] = (),
        media: str = "",
        captions: str = "",
        start: float = 0.0,
        stop: float | None = None,
        chart: list | tuple = (),
        cues: list | tuple = (),
        autoplay: bool = True,
    ) -> None:
        """Show one thing on the wall. Every argument is a built-in value."""
        args = dict(
            kind=kind,
            style=style,
            title=title,
            body=body,
            items=items,
            media=media,
            captions=captions,
            start=start,
            stop=stop,
            chart=chart,
            cues=cues,
        )
        for name, value in args.items():
            _check_plain(value, name)
        if kind not in KINDS:
            raise ValueError(f"unknown wall kind {kind!r}")
        if self._kind == "clip" and kind != "clip":
            self.clip.leave()
        self._kind = kind
        self.shown = args
        if kind == "slide":
            self._fill_slide(style, title, body, list(items))
        elif kind == "prompt":
            self.prompt_text.setText(title)
            self.prompt_body.setText(body)
            self.prompt_body.setVisible(bool(body))
            self.prompt_items.setText("     ".join(items))
            self.prompt_items.setVisible(bool(items))
        elif kind == "chart":
            self.chart_title.setText(title)
            self.chart.set_series([(str(lab), list(c)) for lab, c in chart], self._height or 1080)
        elif kind == "clip":
            self.clip.show_segment(
                str(Path(media)) if media else "",
                start,
                stop,
                [tuple(c) for c in cues],
                autoplay=autoplay,
            )
        elif kind == "logo":
            self.logo_text.setText(title)
        self.stack.setCurrentWidget(self.pages[kind])

    def show_entry(self, text: str) -> None:
        """A line of counts being typed (one-screen quick entry); empty hides it."""
        _check_plain(text, "entry")
        self.entry.setText(text)
        self.entry.setVisible(bool(text))
        self._place_entry()
        self.entry.raise_()

    def _place_entry(self) -> None:
        margin = round((self._height or 1080) * 0.02)
        self.entry.adjustSize()
        self.entry.move(margin, self.height() - self.entry.height() - margin)

    def _fill_slide(self, style: str, title: str, body: str, items: list[str]) -> None:
        self.slide_title.setText(title)
        self.slide_body.setText(body)
        self.slide_body.setVisible(bool(body))
        if style == "debrief":
            # the debrief's phases in a row, the current one marked
            parts = [
                f"<b><u>{html.escape(i)}</u></b>" if i == title else html.escape(i) for i in items
            ]
            self.slide_items.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts))
            self.slide_items.setAlignment(Qt.AlignmentFlag.AlignLeft)
            self.slide_items.setFont(theme.font(self._height or 1080, theme.ITEM))
        self.slide_items.setVisible(bool(items))
        self._bullets = [] if style == "debrief" else items
        self._fit_bullets()

    def _fit_bullets(self) -> None:
        """Every bullet on the wall, however long the list: the type steps down until the
        list fits (a support slide's last line is often the emergency number), never below
        the size the back row can read."""
        if not self._bullets:
            return
        h = self._height or 1080
        width = self.width() if self.width() > 100 else round(h * 16 / 9)
        text_width = width - 2 * round(h * 0.06)
        spacing = round(h * 0.025)
        used = 2 * round(h * 0.06) + self.slide_title.heightForWidth(text_width) + spacing
        if self.slide_body.isVisibleTo(self.slide) or self.slide_body.text():
            used += self.slide_body.heightForWidth(text_width) + spacing
        room = (self.height() if self.height() > 100 else h) - used
        px, floor = round(h * theme.ITEM), round(h * theme.SMALL)
        while True:
            font = self.slide_items.font()
            font.setPixelSize(px)
            self.slide_items.setFont(font)
            self.slide_items.setText(bullets(self._bullets, max(4, px // 3)))
            if px <= floor or self.slide_items.heightForWidth(text_width) <= room:
                break
            px = max(floor, px - 2)

    @property
    def kind(self) -> str:
        return self._kind

    def visible_texts(self) -> list[str]:
        """Every text on the current page (for the console's tests and accessibility checks)."""
        page = self.pages[self._kind]
        return [lab.text() for lab in page.findChildren(QLabel) if lab.isVisibleTo(self)]

    # ------------------------------------------------------------ sizing and painting

    def _apply_sizes(self, height: int) -> None:
        if height == self._height or height <= 0:
            return
        self._height = height
        margin = round(height * 0.06)
        for page in (self.slide, self.prompt, self.chart_page, self.logo):
            page.lay.setContentsMargins(margin, margin, margin, margin)
            page.lay.setSpacing(round(height * 0.025))
        self.slide_title.setFont(theme.font(height, theme.TITLE, bold=True))
        self.slide_body.setFont(theme.font(height, theme.BODY))
        self.slide_items.setFont(theme.font(height, theme.ITEM))
        self.prompt_text.setFont(theme.font(height, theme.PROMPT, bold=True))
        self.prompt_body.setFont(theme.font(height, theme.BODY))
        self.prompt_items.setFont(theme.font(height, theme.TITLE, bold=True))
        self.chart_title.setFont(theme.font(height, theme.BODY, bold=True))
        self.logo_text.setFont(theme.font(height, theme.BODY))
        self.entry.setFont(theme.font(height, theme.SMALL))
        self.clip.set_screen_height(height)
        if self._kind == "chart":
            self.chart.set_series(self.chart.series(), height)

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._apply_sizes(self.height())
        self._fit_bullets()
        self._place_entry()
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(
            event.rect(), theme.BACKGROUND if self._kind != "blank" else Qt.GlobalColor.black
        )
        p.end()
        self.painted.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        self.key_pressed.emit(int(event.key()))
        event.accept()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.clip.release()
        super().closeEvent(event)
