"""The content warning, before anything else about a warned scenario is shown.

The confidence questions name the scenario's learning objectives ("thoughts of not wanting to
be alive"), so a warned scenario's warning comes first: the person decides to go on knowing
what the clip holds, or chooses another scenario, and has seen nothing more. The reflection
flow shows it before the confidence step; the player shows it when a clip is opened without
that step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.models.content import Scenario


class ContentWarningPage(QWidget):
    accepted = Signal()  # go on
    declined = Signal()  # choose another scenario

    def __init__(
        self,
        title: str = "Before you go on",
        go_on: str = "&Continue",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("content-warning")
        self.heading = QLabel(title)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName("Content warning")
        self.continue_button = QPushButton(go_on)
        self.continue_button.setAccessibleName(go_on.replace("&", ""))
        self.continue_button.setAccessibleDescription("Go on to this scenario")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.accepted)
        self.back_button = QPushButton("Choose &another scenario")
        self.back_button.setAccessibleName("Choose another scenario")
        self.back_button.clicked.connect(self.declined)
        buttons = QHBoxLayout()
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        box = QVBoxLayout()
        box.addStretch(1)
        box.addWidget(self.heading)
        box.addSpacing(8)
        box.addWidget(self.text)
        box.addSpacing(16)
        box.addLayout(buttons)
        box.addStretch(2)
        inner = QWidget()
        inner.setLayout(box)
        inner.setMaximumWidth(640)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(inner, 4)
        outer.addStretch(1)

    def show_for(self, scenario: Scenario) -> None:
        items = "\n".join(f"  \u2022  {w}" for w in scenario.content_warnings)
        self.text.setText(
            f"\u201c{scenario.title}\u201d includes:\n{items}\n\n"
            "It may bring up difficult feelings. You can pause or stop at any time, and come "
            "back to it later. If it stirs something up, talk to someone you trust."
        )

    def focus_first(self) -> None:
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)
