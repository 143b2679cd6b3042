"""Typing as a clerk does: ASCII through key events, Chinese through the input
method (a QInputMethodEvent commit, which is what a Chinese IME sends)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    widget.setFocus()
    buffer = ""

    def flush() -> None:
        nonlocal buffer
        if buffer:
            QTest.keyClicks(widget, buffer)
            buffer = ""

    for ch in text:
        if ord(ch) < 128:
            buffer += ch
        else:
            flush()
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)
    flush()


def press(widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, modifier)


def focused() -> QWidget:
    return QApplication.focusWidget()
