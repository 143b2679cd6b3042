"""Step 3: the applicant — a person or a company, in person or through an agent
(代办, which adds the agent's identity and an authorisation material). Typed entry
with the validators; the ID card reader joins with the devices issue."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QRadioButton, QVBoxLayout, QWidget)

from window_client.core.acceptance import applicant_keys
from window_client.core.definition import ApplicantKind
from window_client.qt.fields import FieldEditor, required_label

from .base import FieldsPage


class ApplicantPage(FieldsPage):
    step = "applicant"
    read_card_requested = Signal(str)   # "applicant" or "agent"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, FieldEditor] = {}
        layout = QVBoxLayout(self)
        choose = QHBoxLayout()
        self.kind_group = QButtonGroup(self)
        self.person_radio = QRadioButton(self.tr("个人"))
        self.person_radio.setObjectName("person_radio")
        self.company_radio = QRadioButton(self.tr("企业"))
        self.company_radio.setObjectName("company_radio")
        self.kind_group.addButton(self.person_radio)
        self.kind_group.addButton(self.company_radio)
        self.mode_group = QButtonGroup(self)
        self.self_radio = QRadioButton(self.tr("本人办理"))
        self.self_radio.setObjectName("self_radio")
        self.agent_radio = QRadioButton(self.tr("委托代办"))
        self.agent_radio.setObjectName("agent_radio")
        self.mode_group.addButton(self.self_radio)
        self.mode_group.addButton(self.agent_radio)
        for w in (QLabel(self.tr("申请人类型:")), self.person_radio, self.company_radio,
                  QLabel(self.tr("    办理方式:")), self.self_radio, self.agent_radio):
            choose.addWidget(w)
        choose.addStretch(1)
        layout.addLayout(choose)
        self.applicant_box = QGroupBox(self.tr("申请人"))
        self.applicant_form = QFormLayout(self.applicant_box)
        layout.addWidget(self.applicant_box)
        self.agent_box = QGroupBox(self.tr("代办人(需提交授权委托书)"))
        self.agent_form = QFormLayout(self.agent_box)
        layout.addWidget(self.agent_box)
        readers = QHBoxLayout()
        self.read_button = QPushButton(self.tr("读申请人身份证 (F2)"))
        self.read_button.setObjectName("read_card_button")
        self.read_agent_button = QPushButton(self.tr("读代办人身份证 (F3)"))
        self.read_agent_button.setObjectName("read_agent_card_button")
        for b in (self.read_button, self.read_agent_button):
            b.setAutoDefault(False)
            readers.addWidget(b)
        readers.addStretch(1)
        layout.addLayout(readers)
        self.reader_label = QLabel(self.tr("可用读卡器读取身份证,或手工录入并核对证件原件。"))
        self.reader_label.setObjectName("hint_label")
        self.reader_label.setWordWrap(True)
        layout.addWidget(self.reader_label)
        # a typed value against the card's: the step waits for the clerk's choice
        self.conflict_box = QGroupBox(self.tr("录入内容与身份证不一致,请逐项选择"))
        self.conflict_box.setObjectName("card_conflict_box")
        self.conflict_form = QFormLayout(self.conflict_box)
        self.conflict_buttons: dict[str, tuple[QPushButton, QPushButton]] = {}
        self.conflict_box.hide()
        layout.addWidget(self.conflict_box)
        self.changed.connect(self.show_conflicts)
        self.read_button.clicked.connect(lambda: self.read_card_requested.emit("applicant"))
        self.read_agent_button.clicked.connect(lambda: self.read_card_requested.emit("agent"))
        QShortcut(QKeySequence("F2"), self, lambda: self.read_card_requested.emit("applicant"),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("F3"), self, lambda: self.read_card_requested.emit("agent"),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout.addStretch(1)
        for radio in (self.person_radio, self.company_radio, self.self_radio, self.agent_radio):
            radio.toggled.connect(self._mode_changed)

    def enter(self, session) -> None:
        if getattr(self, "_entered_case", None) != (session.case.id if session.case else None):
            # another case: the last card read belongs to the previous citizen
            self._entered_case = session.case.id if session.case else None
            self.show_card_result(self.tr("可用读卡器读取身份证,或手工录入并核对证件原件。"), False)
        super().enter(session)
        state = session.state
        for radio, on in ((self.company_radio, state.applicant_kind == ApplicantKind.COMPANY.value),
                          (self.person_radio, state.applicant_kind != ApplicantKind.COMPANY.value),
                          (self.agent_radio, state.via_agent), (self.self_radio, not state.via_agent)):
            radio.blockSignals(True)
            radio.setChecked(on)
            radio.blockSignals(False)
        self._build()
        self.show_conflicts()

    def show_conflicts(self) -> None:
        """One row per field that differs from the last card read: take the card's
        value or keep the typed one."""
        while self.conflict_form.rowCount():
            self.conflict_form.removeRow(0)
        self.conflict_buttons.clear()
        conflicts = self.session.card_conflicts() if hasattr(self, "session") else []
        entries = self.session.catalog.dictionary.entries if conflicts else {}
        for c in conflicts:
            row = QHBoxLayout()
            use_card = QPushButton(self.tr("采用证件上的:%1").replace("%1", c.card))
            use_card.setObjectName(f"use_card_{c.key}")
            keep = QPushButton(self.tr("保留录入的:%1").replace("%1", c.typed))
            keep.setObjectName(f"keep_typed_{c.key}")
            for b in (use_card, keep):
                b.setAutoDefault(False)
                row.addWidget(b)
            row.addStretch(1)
            use_card.clicked.connect(lambda _=False, k=c.key: self._settle(k, True))
            keep.clicked.connect(lambda _=False, k=c.key: self._settle(k, False))
            label = entries[c.key].label if c.key in entries else c.key
            self.conflict_form.addRow(QLabel(label), row)
            self.conflict_buttons[c.key] = (use_card, keep)
        self.conflict_box.setVisible(bool(conflicts))

    def _settle(self, key: str, use_card: bool) -> None:
        self.session.settle_card_conflict(key, use_card=use_card)
        state = self.session.state
        editor = self.editors.get(key)
        if editor is not None:
            editor.set_value(state.values.get(key, ""), state.sources.get(key))
            editor.validate()
        self.changed.emit()   # also redraws the conflicts

    def _mode_changed(self, checked: bool) -> None:
        if not checked or not hasattr(self, "session"):
            return
        state = self.session.state
        state.applicant_kind = (ApplicantKind.COMPANY.value if self.company_radio.isChecked()
                                else ApplicantKind.PERSON.value)
        state.via_agent = self.agent_radio.isChecked()
        self._build()
        self.changed.emit()

    def _build(self) -> None:
        for form in (self.applicant_form, self.agent_form):
            while form.rowCount():
                form.removeRow(0)
        self.editors.clear()
        entries = self.session.catalog.dictionary.entries
        state = self.session.state
        for key in applicant_keys(state, entries):
            editor = FieldEditor(entries[key])
            editor.set_value(state.values.get(key, ""), state.sources.get(key))
            if state.values.get(key):
                editor.validate()
            editor.edited.connect(self._edited)
            editor.enter_pressed.connect(self._focus_next)
            form = self.agent_form if key.startswith("agent.") else self.applicant_form
            form.addRow(required_label(entries[key].label, True), editor)
            self.editors[key] = editor
        self.agent_box.setVisible(state.via_agent)
        self.read_agent_button.setVisible(state.via_agent)

    def show_card_result(self, text: str, warning: bool) -> None:
        self.reader_label.setProperty("role", "warning" if warning else "source")
        self.reader_label.style().unpolish(self.reader_label)
        self.reader_label.style().polish(self.reader_label)
        self.reader_label.setText(text)

    def first_focus(self) -> QWidget | None:
        return next(iter(self.editors.values()), None)
