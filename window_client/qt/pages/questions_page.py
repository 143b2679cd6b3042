"""Step 4: scenario questions — one widget per question kind; conditional questions
appear and disappear as answers change (the engine decides, the page shows).

Each question is a block: its text across the page's width (wrapped onto as many
lines as it needs, never clipped beside the buttons), the answer below it, a long
list of options flowing onto further lines (qt/flow_layout.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QHBoxLayout, QLabel,
                               QLineEdit, QRadioButton, QScrollArea, QSizePolicy, QSpinBox,
                               QVBoxLayout, QWidget)

from window_client.core import validators as v
from window_client.core.definition import Question, QuestionKind
from window_client.core.engine import visible_questions

from ..flow_layout import FlowLayout
from .base import WizardPage


class QuestionWidget(QWidget):
    """Edits one answer; ``answer()`` is None while there is none."""

    def __init__(self, question: Question, on_change, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName(f"question_{question.id}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        kind = question.kind
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        if kind == QuestionKind.MULTIPLE:
            layout: QHBoxLayout | FlowLayout = FlowLayout()
        else:
            layout = QHBoxLayout()
            layout.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(layout)
        if kind == QuestionKind.YES_NO:
            self.group = QButtonGroup(self)
            self.yes = QRadioButton(self.tr("是"))
            self.no = QRadioButton(self.tr("否"))
            self.yes.setObjectName(f"{question.id}_yes")
            self.no.setObjectName(f"{question.id}_no")
            for b in (self.yes, self.no):
                self.group.addButton(b)
                layout.addWidget(b)
                b.toggled.connect(lambda on: on and on_change())
        elif kind == QuestionKind.SINGLE:
            self.combo = QComboBox()
            self.combo.setObjectName(f"{question.id}_combo")
            self.combo.addItem(self.tr("请选择"), None)
            for o in question.options:
                self.combo.addItem(o.label, o.value)
            self.combo.currentIndexChanged.connect(lambda _i: on_change())
            layout.addWidget(self.combo)
        elif kind == QuestionKind.MULTIPLE:
            self.boxes = []
            for o in question.options:
                box = QCheckBox(o.label)
                box.setProperty("value", o.value)
                box.toggled.connect(lambda _on: on_change())
                self.boxes.append(box)
                layout.addWidget(box)
        elif kind == QuestionKind.NUMBER:
            self.spin = QSpinBox()
            self.spin.setObjectName(f"{question.id}_spin")
            self.spin.setRange(int(question.min if question.min is not None else 0),
                               int(question.max if question.max is not None else 100000))
            self.spin.valueChanged.connect(lambda _v: on_change())
            layout.addWidget(self.spin)
        else:
            self.line = QLineEdit()
            self.line.setObjectName(f"{question.id}_date")
            self.line.setPlaceholderText(self.tr("年-月-日"))
            self.line.textEdited.connect(lambda _t: on_change())
            layout.addWidget(self.line)
        if isinstance(layout, QHBoxLayout):
            layout.addStretch(1)
        outer.addWidget(self.message)

    def set_answer(self, value: Any) -> None:
        kind = self.question.kind
        self.blockSignals(True)
        if kind == QuestionKind.YES_NO:
            for b, on in ((self.yes, value is True), (self.no, value is False)):
                b.blockSignals(True)
                b.setChecked(on)
                b.blockSignals(False)
        elif kind == QuestionKind.SINGLE:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(max(self.combo.findData(value), 0))
            self.combo.blockSignals(False)
        elif kind == QuestionKind.MULTIPLE:
            for box in self.boxes:
                box.blockSignals(True)
                box.setChecked(box.property("value") in (value or []))
                box.blockSignals(False)
        elif kind == QuestionKind.NUMBER:
            self.spin.blockSignals(True)
            self.spin.setValue(int(value or self.spin.minimum()))
            self.spin.blockSignals(False)
        else:
            self.line.setText(value or "")
        self.blockSignals(False)

    def answer(self) -> Any:
        kind = self.question.kind
        self.message.clear()
        self.message.hide()
        if kind == QuestionKind.YES_NO:
            return True if self.yes.isChecked() else False if self.no.isChecked() else None
        if kind == QuestionKind.SINGLE:
            return self.combo.currentData()
        if kind == QuestionKind.MULTIPLE:
            return [b.property("value") for b in self.boxes if b.isChecked()]
        if kind == QuestionKind.NUMBER:
            return self.spin.value()
        text = self.line.text().strip()
        if not text:
            return None
        check = v.date(text)
        if not check.ok:
            self.message.setText(check.error)
            self.message.show()
            return None
        return check.value

    def focus_widget(self) -> QWidget:
        kind = self.question.kind
        if kind == QuestionKind.YES_NO:
            return self.yes if self.yes.isChecked() or not self.no.isChecked() else self.no
        if kind == QuestionKind.SINGLE:
            return self.combo
        if kind == QuestionKind.MULTIPLE:
            return self.boxes[0]
        return self.spin if kind == QuestionKind.NUMBER else self.line


class QuestionsPage(WizardPage):
    step = "questions"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self.tr("根据申请人的情况回答;答案会决定需要办理的事项、表单和材料。"))
        self.hint.setObjectName("hint_label")
        layout.addWidget(self.hint)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout.addWidget(self.scroll, 1)
        self.widgets: dict[str, QuestionWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.blocks: dict[str, QWidget] = {}
        self._built_for: str | None = None

    def enter(self, session) -> None:
        super().enter(session)
        one = session.one_thing
        if self._built_for != session.case.id:
            holder = QWidget()
            holder.setObjectName("questions_holder")
            column = QVBoxLayout(holder)
            column.setSpacing(14)
            self.widgets.clear()
            self.labels.clear()
            self.blocks.clear()
            for q in one.questions:
                block = QWidget()
                block.setObjectName(f"block_{q.id}")
                rows = QVBoxLayout(block)
                rows.setContentsMargins(0, 0, 0, 0)
                rows.setSpacing(4)
                label = QLabel(q.text)
                label.setObjectName("question_text")
                label.setWordWrap(True)
                label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
                if q.help:
                    label.setToolTip(q.help)
                widget = QuestionWidget(q, self._answered)
                rows.addWidget(label)
                rows.addWidget(widget)
                column.addWidget(block)
                self.widgets[q.id], self.labels[q.id], self.blocks[q.id] = widget, label, block
            column.addStretch(1)
            self.scroll.setWidget(holder)
            self._built_for = session.case.id
        for qid, widget in self.widgets.items():
            widget.set_answer(session.state.answers.get(qid))
        self._show_visible()

    def _answered(self) -> None:
        answers = self.session.state.answers
        for qid, widget in self.widgets.items():
            if not widget.isHidden():  # hidden answers are kept but never used
                value = widget.answer()
                if value is None:
                    answers.pop(qid, None)
                else:
                    answers[qid] = value
        self._show_visible()
        self.changed.emit()

    def _show_visible(self) -> None:
        shown, _effective, _problems = visible_questions(self.session.one_thing,
                                                         self.session.state.answers)
        ids = {q.id for q in shown}
        for qid, widget in self.widgets.items():
            widget.setVisible(qid in ids)
            self.labels[qid].setVisible(qid in ids)
            self.blocks[qid].setVisible(qid in ids)

    def visible_ids(self) -> list[str]:
        return [qid for qid, w in self.widgets.items() if not w.isHidden()]

    def first_focus(self) -> QWidget | None:
        first = next((w for w in self.widgets.values() if not w.isHidden()), None)
        return first.focus_widget() if first else None
