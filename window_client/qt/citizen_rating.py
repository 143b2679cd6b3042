"""好差评 on the citizen's second screen: five large buttons, touched once. A 3, 4 or 5
is the rating at once; a 1 or 2 asks for the reason with buttons (no keyboard: one
or more of core.labels.EVALUATION_REASONS), then 提交评价. The window that embeds
the panel records what ``rated`` carries (services/evaluations.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from window_client.core.issuance import EVALUATION_LEVELS, evaluation_problem
from window_client.core.labels import EVALUATION_REASONS

REASON_SEPARATOR = "、"
REASON_COLUMNS = 3

PANEL_STYLE = """
QWidget#rating_panel { background: #f4f6f8; }
QLabel#rating_title { color: #1b2430; font-size: 40px; font-weight: bold; }
QLabel#rating_reason_title { color: #1b2430; font-size: 32px; }
QLabel#rating_message { color: #b3261e; font-size: 30px; font-weight: bold; }
QPushButton { font-size: 32px; min-height: 96px; border-radius: 12px; padding: 0 24px;
              color: #1b2430; background: #ffffff; border: 3px solid #5b6470; }
QPushButton:pressed { background: #e3e7ec; }
QPushButton[kind="level"] { font-size: 34px; font-weight: bold; min-height: 140px; }
QPushButton[kind="level"]:checked { color: #ffffff; background: #0b4f9c;
                                   border-color: #0b4f9c; }
QPushButton[kind="reason"] { font-size: 30px; }
QPushButton[kind="reason"]:checked { color: #ffffff; background: #0b4f9c;
                                    border-color: #0b4f9c; }
QPushButton#rating_submit_button { color: #ffffff; background: #0b4f9c;
                                   border-color: #0b4f9c; font-weight: bold;
                                   min-width: 320px; }
QPushButton#rating_submit_button:pressed { background: #083a73; }
QPushButton#rating_skip_button { font-size: 24px; min-height: 64px; min-width: 160px;
                                 color: #4a525c; border: 2px solid #9aa1a9; }
"""


class RatingPanel(QWidget):
    """``rated(level, reason)`` when the citizen has rated (reason "" for 3 to 5;
    the touched reasons joined by "、" for 1 and 2); ``skipped()`` on 不评价."""

    rated = Signal(int, str)
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rating_panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(PANEL_STYLE)
        self.stage = "acceptance"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 32)
        layout.setSpacing(28)
        self.title_label = QLabel()
        self.title_label.setObjectName("rating_title")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label.setWordWrap(True)
        layout.addWidget(self.title_label)

        levels = QHBoxLayout()
        levels.setSpacing(24)
        self.level_group = QButtonGroup(self)
        self.level_group.setExclusive(True)
        self.level_buttons: dict[int, QPushButton] = {}
        for level in sorted(EVALUATION_LEVELS, reverse=True):   # best first
            b = self._button(EVALUATION_LEVELS[level], f"rate_{level}", "level")
            b.setCheckable(True)
            self.level_group.addButton(b, level)
            self.level_buttons[level] = b
            levels.addWidget(b, 1)
        layout.addLayout(levels)

        # the second row: why not satisfied (shown for a 1 or a 2)
        self.reasons_box = QWidget()
        self.reasons_box.setObjectName("rating_reasons")
        reasons = QVBoxLayout(self.reasons_box)
        reasons.setContentsMargins(0, 8, 0, 0)
        reasons.setSpacing(20)
        self.reason_title = QLabel(self.tr("请选择不满意的原因(可多选)"))
        self.reason_title.setObjectName("rating_reason_title")
        self.reason_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        reasons.addWidget(self.reason_title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(20)
        self.reason_buttons: list[QPushButton] = []
        for i, reason in enumerate(EVALUATION_REASONS):
            b = self._button(reason, f"reason_{i}", "reason")
            b.setCheckable(True)
            b.toggled.connect(self._reasons_changed)
            self.reason_buttons.append(b)
            grid.addWidget(b, i // REASON_COLUMNS, i % REASON_COLUMNS)
        reasons.addLayout(grid)
        submit_row = QHBoxLayout()
        submit_row.addStretch(1)
        self.submit_button = self._button(self.tr("提交评价"), "rating_submit_button", "")
        submit_row.addWidget(self.submit_button)
        submit_row.addStretch(1)
        reasons.addLayout(submit_row)
        layout.addWidget(self.reasons_box)

        self.message_label = QLabel()
        self.message_label.setObjectName("rating_message")
        self.message_label.setProperty("role", "error")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setMinimumHeight(48)
        layout.addWidget(self.message_label)
        layout.addStretch(1)

        skip_row = QHBoxLayout()
        skip_row.addStretch(1)
        self.skip_button = self._button(self.tr("不评价"), "rating_skip_button", "")
        skip_row.addWidget(self.skip_button)
        layout.addLayout(skip_row)

        self.level_group.idClicked.connect(self._level_touched)
        self.submit_button.clicked.connect(self.submit)
        self.skip_button.clicked.connect(self.skipped)
        self.ask("acceptance")

    @staticmethod
    def _button(text: str, name: str, kind: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        if kind:
            b.setProperty("kind", kind)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # touch only: no focus frame
        return b

    # -- what the window asks --------------------------------------------------------
    def ask(self, stage: str) -> None:
        """Start asking about one stage: "acceptance" or "issuance"."""
        if stage == "acceptance":
            title = self.tr("请您对本次受理服务进行评价")
        elif stage == "issuance":
            title = self.tr("请您对本次出件服务进行评价")
        else:
            raise ValueError(f"unknown stage {stage!r}")
        self.stage = stage
        self.title_label.setText(title)
        self.reset()

    def reset(self) -> None:
        """Back to the five buttons, nothing touched."""
        self.level_group.setExclusive(False)   # an exclusive group keeps one checked
        for b in self.level_buttons.values():
            b.setChecked(False)
        self.level_group.setExclusive(True)
        for b in self.reason_buttons:
            b.setChecked(False)
        self.reasons_box.setVisible(False)
        self.message_label.clear()

    def level(self) -> int | None:
        checked = self.level_group.checkedId()
        return checked if checked in EVALUATION_LEVELS else None

    def chosen_reasons(self) -> list[str]:
        return [text for text, b in zip(EVALUATION_REASONS, self.reason_buttons, strict=True)
                if b.isChecked()]

    # -- touches -----------------------------------------------------------------------
    def _level_touched(self, level: int) -> None:
        self.message_label.clear()
        if level <= 2:
            self.reasons_box.setVisible(True)   # a 1 or 2: tell us why
            return
        self.reasons_box.setVisible(False)
        self._emit(level, "")

    def _reasons_changed(self) -> None:
        if self.chosen_reasons():
            self.message_label.clear()

    def submit(self) -> bool:
        level = self.level()
        if level is None:
            return False
        reasons = self.chosen_reasons()
        if level <= 2 and not reasons:
            self.message_label.setText(self.tr("请选择不满意的原因"))
            return False
        return self._emit(level, REASON_SEPARATOR.join(reasons) if level <= 2 else "")

    def _emit(self, level: int, reason: str) -> bool:
        problem = evaluation_problem(level, reason)
        if problem is not None:
            self.message_label.setText(problem)
            return False
        self.rated.emit(level, reason)
        return True
