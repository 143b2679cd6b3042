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


# -- valid sample values per dictionary type ---------------------------------------

from window_client.core.dictionary import DictionaryEntry, FieldType  # noqa: E402

SAMPLE_IDS = {
    "applicant": "36070220000307123",
    "agent": "36073419800611452",
    "father": "36070219880101001",
    "mother": "36070219900202002",
}


def valid_id(prefix: str = "36070220000307123") -> str:
    from window_client.core.validators import id_check_character
    return prefix + id_check_character(prefix)


def sample_value(entry: DictionaryEntry) -> str:
    t = entry.type
    if t == FieldType.ID_NUMBER:
        return valid_id(SAMPLE_IDS.get(entry.key.split(".")[0], "36072119750505003"))
    if t == FieldType.USCC:
        return "91350100M000100Y43"
    if t == FieldType.MOBILE:
        return "13907971234"
    if t == FieldType.PHONE:
        return "0797-8888888"
    if t == FieldType.POSTAL_CODE:
        return "341000"
    if t == FieldType.DATE:
        return "2026-11-20"
    if t in (FieldType.NUMBER, FieldType.MONEY):
        return "1"
    if t == FieldType.CHOICE:
        return entry.options[0].value
    if t == FieldType.BOOL:
        return "true"
    if t == FieldType.NAME:
        return "张小明"
    if t == FieldType.ADDRESS:
        return "江西省赣州市章贡区红旗大道1号"
    return "赣州测试"


def make_wiring(tmp_path, catalog, settings=None, engine=None, **kwargs):
    """The app's composition root on ``tmp_path`` (no platform unless a test passes
    a client or an engine to ``for_clerk``), with an empty holiday table."""
    from window_client.core.workdays import WorkCalendar
    from window_client.settings import Paths, Settings
    from window_client.store.db import open_database
    from window_client.wiring import Wiring
    paths = Paths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    if engine is None:
        engine = open_database(tmp_path / "window.sqlite3")
    kwargs.setdefault("calendar", WorkCalendar())
    kwargs.setdefault("has_platform", False)
    return Wiring(paths, settings or Settings(), catalog, engine, **kwargs)


def make_window(qtbot, tmp_path, catalog, clerk=None, settings=None, engine=None,
                sync_engine=None, client=None, **kwargs):
    """A main window on a fresh composition root; returns (window, wiring)."""
    from window_client.core.roles import Clerk
    from window_client.qt.main_window import MainWindow
    wiring = make_wiring(tmp_path, catalog, settings, engine, **kwargs)
    window = MainWindow(wiring.for_clerk(clerk or Clerk("wangli", "王丽", "clerk"), client,
                                         sync_engine=sync_engine))
    qtbot.addWidget(window)
    window.show()
    return window, wiring


def fill_to_review(session, rounds: int = 10) -> None:
    """Answers what the review step still asks for: every paper received (one copy),
    every field a sample value, until nothing is missing (or ``rounds`` passes)."""
    entries = session.catalog.dictionary.entries
    for _ in range(rounds):
        problems = session.problems("review")
        if not problems:
            return
        for p in problems:
            if p.where == "材料":
                st = session.state.material(p.key)
                st.received, st.copies = True, 1
            elif p.key in entries:
                session.set_value(p.key, sample_value(entries[p.key]))
