"""好差评: after acceptance and after issuance the citizen rates the service 1–5;
a 1 or 2 asks for the reason (it opens a complaint to be followed up)."""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QDialog, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QRadioButton, QVBoxLayout, QWidget)

from window_client.core.issuance import EVALUATION_LEVELS
from window_client.services.evaluations import EvaluationRefused, Evaluations


class EvaluationDialog(QDialog):
    def __init__(self, evaluations: Evaluations, case_id: str, stage: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evaluations, self.case_id, self.stage = evaluations, case_id, stage
        self.setWindowTitle(self.tr("服务评价"))
        layout = QVBoxLayout(self)
        what = self.tr("受理") if stage == "acceptance" else self.tr("出件")
        layout.addWidget(QLabel(self.tr("请您对本次%1服务进行评价:").replace("%1", what)))
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[int, QRadioButton] = {}
        for level in sorted(EVALUATION_LEVELS, reverse=True):
            b = QRadioButton(EVALUATION_LEVELS[level])
            b.setObjectName(f"level_{level}")
            self.group.addButton(b, level)
            self.buttons[level] = b
            row.addWidget(b)
        layout.addLayout(row)
        self.reason_label = QLabel(self.tr("不满意的原因(必填):"))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reason_edit")
        self.reason_edit.setMaximumHeight(90)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason_edit)
        self.message_label = QLabel()
        self.message_label.setProperty("role", "error")
        layout.addWidget(self.message_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.skip_button = QPushButton(self.tr("不评价"))
        self.submit_button = QPushButton(self.tr("提交评价"))
        self.submit_button.setObjectName("confirm_button")
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        self.group.idToggled.connect(lambda _id, _on: self._levels_changed())
        self.skip_button.clicked.connect(self.reject)
        self.submit_button.clicked.connect(self.submit)
        self._levels_changed()

    def _levels_changed(self) -> None:
        low = self.group.checkedId() in (1, 2)
        self.reason_label.setVisible(low)
        self.reason_edit.setVisible(low)

    def submit(self) -> bool:
        try:
            self.evaluations.record(self.case_id, self.stage, self.group.checkedId(),
                                    self.reason_edit.toPlainText())
        except EvaluationRefused as exc:
            self.message_label.setText(str(exc))
            return False
        self.accept()
        return True
