"""The self-check's Qt part: the UI font and the printers."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication

from .theme import resolve_cjk_families


def qt_checks(report) -> None:
    app = QApplication.instance() or QApplication([])
    families = resolve_cjk_families()
    if families:
        report.ok("界面字体", "、".join(families[:3]))
    else:
        report.error("界面字体", "没有可用的中文字体")
    printers = [p.printerName() for p in QPrinterInfo.availablePrinters()]
    if printers:
        report.ok("打印机", "、".join(printers))
    else:
        report.warn("打印机", "未检测到打印机(可保存为PDF)")
    del app
