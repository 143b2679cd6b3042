"""Errors a clerk understands: a dialog in Chinese that says what happened and what
is safe, with the technical details one click away for support. The details and
the log carry the traceback, never field values."""

from __future__ import annotations

import logging
import sys
import traceback
import uuid
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

logger = logging.getLogger(__name__)


def error_dialog(parent: QWidget | None, message: str, details: str = "") -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Errors", "出现问题"),
                      message, QMessageBox.StandardButton.Ok, parent)
    # the app's own wording rather than Qt's 确定
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("Errors", "知道了"))
    if details:
        box.setDetailedText(details)
    box.open()
    return box


def install_excepthook(parent_of=lambda: None) -> None:
    """Unexpected errors become a dialog instead of a silent crash; the draft saved
    before them is safe, and the reference number ties the dialog to the log."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        ref = uuid.uuid4().hex[:8].upper()
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        logger.error("unexpected error %s:\n%s", ref, details)
        from window_client.core.storage_errors import DatabaseDamaged, is_disk_full
        translate = QCoreApplication.translate
        more = translate("Errors", "编号 %1").replace("%1", ref) + "\n" + details
        if is_disk_full(exc):
            error_dialog(parent_of(), translate("Errors", "本机磁盘空间已满,刚才的操作未能保存。已保存的草稿不会丢失。\n"
                                              "请联系技术支持清理磁盘后重试(编号 %1)。").replace("%1", ref), more)
            return
        if isinstance(exc, DatabaseDamaged):
            error_dialog(parent_of(), translate("Errors", "本机数据库已损坏。请联系技术支持,并重新启动程序:"
                                              "启动时可以恢复最近一次正常的备份(编号 %1)。").replace("%1", ref),
                         more)
            return
        error_dialog(parent_of(),
                     translate("Errors", "程序遇到意外问题。已保存的草稿不会丢失,可以继续办理。\n"
                               "如问题反复出现,请联系技术支持,并告知编号 %1。").replace("%1", ref),
                     more)

    sys.excepthook = hook
