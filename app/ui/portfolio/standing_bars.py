"""At a glance: hours, participatory hours, accounts and days left as bars, and what is missing."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from app.models.portfolio import Standing


class StandingBars(QWidget):
    """Four labelled bars and the list of what is still missing; each bar names its figures
    for screen readers (the bar's text is the same as what is read out)."""

    ROWS = ("hours", "participatory", "accounts", "days")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.labels: dict[str, QLabel] = {}
        self.bars: dict[str, QProgressBar] = {}
        titles = {
            "hours": "CPD hours",
            "participatory": "Participatory hours",
            "accounts": "Reflective accounts",
            "days": "Days to your date",
        }
        for row, key in enumerate(self.ROWS):
            label = QLabel(titles[key])
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setTextVisible(True)
            bar.setAccessibleName(titles[key])
            label.setBuddy(bar)
            grid.addWidget(label, row, 0)
            grid.addWidget(bar, row, 1)
            self.labels[key], self.bars[key] = label, bar
        grid.setColumnStretch(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(grid)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setAccessibleName("Still missing")
        outer.addWidget(self.missing)

    def _set(self, key: str, done: float, need: float, text: str) -> None:
        bar = self.bars[key]
        fraction = 1.0 if need <= 0 else max(0.0, min(done / need, 1.0))
        bar.setValue(round(fraction * 1000))
        bar.setFormat(text)
        bar.setAccessibleDescription(text)
        bar.setVisible(True)
        self.labels[key].setVisible(True)

    def _hide(self, key: str) -> None:
        self.bars[key].setVisible(False)
        self.labels[key].setVisible(False)

    def show_standing(self, s: Standing) -> None:
        fw, t = s.framework, s.totals
        self._set("hours", t.hours, fw.required_hours, f"{t.hours:g} of {fw.required_hours:g}")
        if fw.required_participatory_hours:
            need = fw.required_participatory_hours
            self._set(
                "participatory",
                t.participatory_hours,
                need,
                f"{t.participatory_hours:g} of {need:g}",
            )
        else:
            self._hide("participatory")
        if fw.reflective_accounts:
            self._set(
                "accounts",
                t.accounts_final,
                fw.reflective_accounts,
                f"{t.accounts_final} of {fw.reflective_accounts} final"
                + (f", {t.accounts_draft} draft" if t.accounts_draft else ""),
            )
        else:
            self._hide("accounts")
        self.labels["days"].setText(f"Days to your {fw.date_label.lower()}")
        if s.cycle is not None and s.days_left is not None:
            length = (s.cycle.end - s.cycle.start).days or 1
            gone = length - s.days_left
            text = (
                f"{s.days_left} days left"
                if s.days_left >= 0
                else f"{-s.days_left} days past the date"
            )
            self._set("days", gone, length, text)
        else:
            self._set("days", 0, 1, "no date set")
        if s.missing:
            items = "".join(f"<li>{_escape(m)}</li>" for m in s.missing)
            self.missing.setText(f"<b>Still missing</b><ul style='margin:0'>{items}</ul>")
        else:
            self.missing.setText("<b>Everything the framework asks for is recorded.</b>")

    def clear(self) -> None:
        for key in self.ROWS:
            self.bars[key].setValue(0)
            self.bars[key].setFormat("")
        self.missing.setText("")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
