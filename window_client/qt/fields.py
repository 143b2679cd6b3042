"""One editor per data-dictionary field type, with its inline message in Chinese
as the clerk types, its source mark and the items that need it in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy,
                               QVBoxLayout, QWidget)

from window_client.core.acceptance import SOURCE_LABELS, validate_value
from window_client.core.dictionary import DictionaryEntry, FieldType

def placeholder(field_type: FieldType) -> str:
    """The grey hint in an empty field of this type ("" for none)."""
    translate = QCoreApplication.translate
    return {
        FieldType.ID_NUMBER: translate("FieldEditor", "18位公民身份号码"),
        FieldType.USCC: translate("FieldEditor", "18位统一社会信用代码"),
        FieldType.MOBILE: translate("FieldEditor", "11位手机号码"),
        FieldType.PHONE: translate("FieldEditor", "手机或区号-号码"),
        FieldType.POSTAL_CODE: translate("FieldEditor", "6位数字"),
        FieldType.DATE: translate("FieldEditor", "年-月-日,如2026-01-31"),
        FieldType.NUMBER: translate("FieldEditor", "数字"),
        FieldType.MONEY: translate("FieldEditor", "金额(元)"),
    }.get(field_type, "")


class FieldEditor(QWidget):
    """Editor for one canonical key. ``edited`` fires on every change with the raw
    text; ``committed`` when the clerk leaves the field or presses Enter."""

    edited = Signal(str, str)      # key, raw text
    committed = Signal(str)        # key
    enter_pressed = Signal(str)    # key

    def __init__(self, entry: DictionaryEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setObjectName(f"field_{entry.key.replace('.', '_')}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(8)
        if entry.type in (FieldType.CHOICE, FieldType.BOOL):
            self.combo = QComboBox()
            self.combo.addItem(self.tr("请选择"), "")
            options = entry.options if entry.type == FieldType.CHOICE else ()
            for opt in options:
                self.combo.addItem(opt.label, opt.value)
            if entry.type == FieldType.BOOL:
                self.combo.addItem(self.tr("是"), "true")
                self.combo.addItem(self.tr("否"), "false")
            self.combo.currentIndexChanged.connect(self._combo_changed)
            self.input: QWidget = self.combo
            self.line = None
        else:
            self.line = QLineEdit()
            self.line.setPlaceholderText(placeholder(entry.type))
            if entry.max_length:
                self.line.setMaxLength(entry.max_length + 10)  # room to see and fix
            self.line.textEdited.connect(lambda text: self._changed(text))
            self.line.editingFinished.connect(lambda: self.committed.emit(self.entry.key))
            self.line.returnPressed.connect(lambda: self.enter_pressed.emit(self.entry.key))
            self.input = self.line
            self.combo = None
        self.input.setObjectName(f"input_{entry.key.replace('.', '_')}")
        row.addWidget(self.input, 1)
        self.source_label = QLabel()
        self.source_label.setProperty("role", "source")
        row.addWidget(self.source_label)
        layout.addLayout(row)
        # no word wrap: a wrapping label's height-for-width squeezes rows of a
        # QFormLayout inside a scroll area; messages are one short line
        self.message_label = QLabel()
        self.message_label.hide()
        layout.addWidget(self.message_label)
        self.setFocusProxy(self.input)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # -- value ---------------------------------------------------------------
    def value(self) -> str:
        if self.combo is not None:
            return self.combo.currentData() or ""
        return self.line.text().strip()

    def set_value(self, value: str, source: str | None = None) -> None:
        if self.combo is not None:
            index = self.combo.findData(value or "")
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(max(index, 0))
            self.combo.blockSignals(False)
        else:
            self.line.setText(value or "")
        self.set_source(source if value else None)

    def set_source(self, source: str | None) -> None:
        label = SOURCE_LABELS.get(source or "", "")
        self.source_label.setText(self.tr("来自%1").replace("%1", label)
                                  if label and source not in ("clerk", None) else "")

    def set_items_tooltip(self, item_names: list[str]) -> None:
        self.input.setToolTip(self.tr("以下事项需要此项:") + "\n" + "\n".join(item_names))

    # -- messages --------------------------------------------------------------
    def show_message(self, text: str | None, role: str = "error") -> None:
        invalid = bool(text) and role == "error"
        self.input.setProperty("invalid", invalid)
        self.input.style().unpolish(self.input)
        self.input.style().polish(self.input)
        if text:
            self.message_label.setProperty("role", role)
            self.message_label.style().unpolish(self.message_label)
            self.message_label.style().polish(self.message_label)
            self.message_label.setText(text)
            self.message_label.show()
        else:
            self.message_label.clear()
            self.message_label.hide()

    def message(self) -> str:
        return self.message_label.text() if self.message_label.isVisible() else ""

    def validate(self) -> bool:
        check = validate_value(self.entry, self.value())
        if check.error:
            self.show_message(check.error)
        elif check.warnings:
            self.show_message(";".join(check.warnings), "warning")
        else:
            self.show_message(None)
        return check.ok

    def _changed(self, text: str) -> None:
        self.set_source("clerk")
        self.validate()
        self.edited.emit(self.entry.key, text.strip())

    def _combo_changed(self, _index: int) -> None:
        self.set_source("clerk")
        self.show_message(None)
        self.edited.emit(self.entry.key, self.value())
        self.committed.emit(self.entry.key)


def required_label(text: str, required: bool) -> QLabel:
    label = QLabel(f"{text} <span style='color:#b00020'>*</span>" if required else text)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
