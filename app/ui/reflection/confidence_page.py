"""How confident do you feel about each learning objective? Asked before the clip and after.

Before the clip the step is optional and can be switched off for next time; after the clip it
asks the same things again so the change shows in Progress. Emits done(ratings) with
{objective text: 1-5} for the objectives rated (none is fine), or skipped().
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.shared.headings import style_heading
from app.ui.shared.keyboard import scrolls_with_focus

SCALE = (1, 5)
ENDS = ("Not yet confident", "Very confident")


class ConfidencePage(QWidget):
    done = Signal(dict)
    skipped = Signal()

    def __init__(
        self,
        objectives: Sequence[str],
        *,
        when: str,  # "before" | "after"
        scenario_title: str = "",
        ask_before: bool = True,
        earlier: Mapping[str, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"confidence-{when}")
        self.when = when
        self.objectives = list(objectives)
        self.groups: dict[str, QButtonGroup] = {}
        layout = QVBoxLayout(self)

        heading = QLabel(
            "Before you watch: how confident do you feel?"
            if when == "before"
            else "Now that you have reflected: how confident do you feel?"
        )
        style_heading(heading)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        intro = QLabel(
            (f"About \u201c{scenario_title}\u201d. " if scenario_title else "")
            + "Rate each point from 1 to 5. There are no right answers, and you can skip any. "
            + (
                "Nobody else sees these ratings."
                if when == "before"
                else "You will see the change in Progress."
            )
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        low, high = ENDS
        steps = list(range(SCALE[0], SCALE[1] + 1))
        for row, objective in enumerate(self.objectives):
            label = QLabel(objective)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(label, row, 0)
            for col, text in ((1, low), (2 + len(steps), high)):
                end = QLabel(text)
                end.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                # Room between the words and the first and last buttons: they read as labels
                # of the scale's ends, not of button 1 or 5.
                if col == 1:
                    end.setContentsMargins(0, 0, 10, 0)
                else:
                    end.setContentsMargins(10, 0, 0, 0)
                grid.addWidget(end, row, col)
            group = QButtonGroup(self)
            for i, n in enumerate(steps):
                button = QRadioButton(str(n))
                ends = {SCALE[0]: low, SCALE[1]: high}.get(n)
                button.setAccessibleName(
                    f"{objective}: {n} of {SCALE[1]}" + (f", {ends}" if ends else "")
                )
                group.addButton(button, n)
                grid.addWidget(button, row, 2 + i)
            if earlier and objective in earlier and group.button(int(earlier[objective])):
                # Shown as a reminder of the starting point; the person changes what moved.
                group.button(int(earlier[objective])).setChecked(True)
            self.groups[objective] = group
        grid.setRowStretch(len(self.objectives), 1)
        # Keep each objective near its ratings on wide screens.
        grid_host.setMaximumWidth(self.fontMetrics().averageCharWidth() * 130)
        grid.setColumnStretch(0, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(grid_host)
        scrolls_with_focus(scroll)
        layout.addWidget(scroll, 1)

        self.ask_before = QCheckBox("Ask me this before each clip")
        self.ask_before.setChecked(ask_before)
        self.ask_before.setVisible(when == "before")
        layout.addWidget(self.ask_before)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.skip_button = QPushButton("&Skip this step")
        self.skip_button.clicked.connect(self.skipped)
        self.continue_button = QPushButton(
            "&Continue to the clip" if when == "before" else "&Continue"
        )
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(lambda: self.done.emit(self.ratings()))
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.continue_button)
        layout.addLayout(buttons)

    def focus_first(self) -> None:
        """Put the keyboard on the first scale (arrow keys then move along it)."""
        for group in self.groups.values():
            button = group.checkedButton() or group.buttons()[0]
            button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        # Not a dialog, so the default button needs this: Enter on a rating goes on to the clip.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            button = focused if isinstance(focused, QPushButton) else self.continue_button
            button.click()  # Enter on "Skip this step" still skips
            return
        super().keyPressEvent(event)

    def ratings(self) -> dict[str, int]:
        return {o: g.checkedId() for o, g in self.groups.items() if g.checkedId() != -1}

    def set_rating(self, objective: str, value: int) -> None:
        self.groups[objective].button(value).setChecked(True)
