"""Step 5: the ONE merged form, generated from the plan: a group per section, an
editor per field type, prefilled values marked with their source, required marks,
inline messages as the clerk types, a tooltip naming the items that need each
field. Enter moves to the next field."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from window_client.core.engine import Plan
from window_client.qt.fields import FieldEditor, required_label

from .base import FieldsPage


class FormPage(FieldsPage):
    step = "form"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._summary_and_scroll()
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        self._signature: tuple | None = None

    def enter(self, session) -> None:
        super().enter(session)
        self.build(session.plan())

    def show_required(self, plan: Plan) -> None:
        """The required marks as the plan has them now: a field may become required
        by another field's value (邮寄地址 when 免费邮寄 is chosen) while the clerk
        types; the form is not rebuilt for that (the editor keeps its focus)."""
        for f in plan.fields:
            label = self.labels.get(f.key)
            if label is not None:
                label.setText(required_label(f.entry.label, f.required).text())

    def build(self, plan: Plan) -> None:
        """(Re)builds the form when the plan's fields changed; keeps it otherwise."""
        signature = tuple(f.key for f in plan.fields)
        state = self.session.state
        if signature != self._signature:
            names = {i.code: i.name for i in plan.items}
            holder = QWidget()
            outer = QVBoxLayout(holder)
            self.editors = {}
            self.labels = {}
            for section in plan.form:
                box = QGroupBox(section.section.label)
                box.setObjectName(f"section_{section.section.id}")
                form = QFormLayout(box)
                for f in section.fields:
                    editor = FieldEditor(f.entry)
                    editor.set_items_tooltip([names[c] for c in f.items])
                    editor.edited.connect(self._edited)
                    editor.enter_pressed.connect(self._focus_next)
                    label = required_label(f.entry.label, f.required)
                    form.addRow(label, editor)
                    self.editors[f.key] = editor
                    self.labels[f.key] = label
                outer.addWidget(box)
            outer.addStretch(1)
            self.scroll.setWidget(holder)
            self._signature = signature
        self.show_required(plan)
        for key, editor in self.editors.items():
            editor.set_value(state.values.get(key, ""), state.sources.get(key))
            if state.values.get(key):
                editor.validate()
            else:
                editor.show_message(None)
        s = plan.statistics
        self.summary_label.setText(
            self.tr("合并后共%1项(分别申请需%2项),其中%3项需手工填写;带 * 为必填,鼠标停留可查看需要该项的事项。")
            .replace("%1", str(s.fields_merged)).replace("%2", str(s.fields_separate))
            .replace("%3", str(s.fields_to_type)))

    def clear_problems_except(self, keys: set[str]) -> None:
        """A field no longer among the problems loses the message Next put on it (a
        typed value keeps its own check's message)."""
        state = self.session.state
        for key, editor in self.editors.items():
            if key in keys:
                continue
            if state.values.get(key):
                editor.validate()
            else:
                editor.show_message(None)

    def show_problems(self, problems) -> None:
        for p in problems:
            editor = self.editors.get(p.key)
            if editor is not None:
                editor.show_message(p.message)
        if problems and problems[0].key in self.editors:
            first = self.editors[problems[0].key]
            self.scroll.ensureWidgetVisible(first)
            first.setFocus()

    def _reveal(self, widget: QWidget) -> None:
        self.scroll.ensureWidgetVisible(widget)

    def first_focus(self) -> QWidget | None:
        state = self.session.state
        empty = [e for k, e in self.editors.items() if not state.values.get(k)]
        return (empty or list(self.editors.values()) or [None])[0]
