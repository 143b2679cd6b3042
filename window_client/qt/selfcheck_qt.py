"""The self-check's Qt part: the binding, the UI font and the printers."""

from __future__ import annotations

import gc
import sys

import PySide6
from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication, QLabel

from window_client.selfcheck import BINDING_CALLS, check_binding

from .theme import resolve_cjk_families


def _counts() -> dict[str, int]:
    gc.collect()
    return {"None": sys.getrefcount(None), "True": sys.getrefcount(True),
            "False": sys.getrefcount(False)}


def measure_binding_drift(calls: int = BINDING_CALLS) -> dict[str, int]:
    """How the reference counts of None, True and False change over ``calls``
    void-returning Qt calls (with a string and with bool arguments). A sound binding
    gives a few at most; PySide6 6.12.0 on CPython 3.11 about −1 per call. Needs a
    QApplication."""
    label = QLabel()
    before = _counts()
    for _ in range(calls // 5):
        label.setToolTip("x")
        label.setWordWrap(True)
        label.setWordWrap(False)
        label.setEnabled(True)
        label.setEnabled(False)
    after = _counts()
    label.deleteLater()
    drift = {name: after[name] - before[name] for name in before}
    # a broken binding took references it did not own: give them back, so that the
    # self-check itself finishes its report instead of aborting in none_dealloc
    for obj, name in ((None, "None"), (True, "True"), (False, "False")):
        _GIVEN_BACK.extend([obj] * max(0, -drift[name]))
    return drift


#: references handed back after a measurement on a broken binding (kept for good)
_GIVEN_BACK: list[object] = []


def qt_checks(report) -> None:
    app = QApplication.instance() or QApplication([])
    check_binding(report, PySide6.__version__, measure_binding_drift())
    translate = QCoreApplication.translate
    families = resolve_cjk_families()
    font = translate("SelfCheck", "界面字体")
    if families:
        report.ok(font, "、".join(families[:3]))
    else:
        report.error(font, translate("SelfCheck", "没有可用的中文字体"))
    printers = [p.printerName() for p in QPrinterInfo.availablePrinters()]
    printer = translate("SelfCheck", "打印机")
    if printers:
        report.ok(printer, "、".join(printers))
    else:
        report.warn(printer, translate("SelfCheck", "未检测到打印机(可保存为PDF)"))
    del app
