"""The storage screens: the offer to restore the latest good backup when the
database is damaged at start, and the daily check and backup run off the UI
thread while the window is open."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from window_client.services.recovery import RestoreOutcome, RestorePlan, restore

from .background import run_in_background

logger = logging.getLogger(__name__)
MAINTENANCE_POLL_MS = 30 * 60 * 1000   # due once a calendar day; looked at every half hour


class RestoreDialog(QMessageBox):
    """Explains the damage in Chinese and offers to restore ``plan.backup`` (or to
    start an empty database when there is none). ``outcome`` is set after a
    restore."""

    def __init__(self, plan: RestorePlan, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Critical,
                         QCoreApplication.translate("StorageDialogs", "数据库已损坏"), "", parent=parent)
        self.plan = plan
        self.outcome: RestoreOutcome | None = None
        self.setText(QCoreApplication.translate("StorageDialogs", "本机数据库文件已损坏,程序不能继续使用它。"))
        self.setInformativeText(plan.summary())
        self.restore_button = self.addButton(
            QCoreApplication.translate("StorageDialogs", "恢复最近的备份") if plan.backup is not None
            else QCoreApplication.translate("StorageDialogs", "新建空数据库"),
            QMessageBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restore_button")
        self.quit_button = self.addButton(QCoreApplication.translate("StorageDialogs", "退出,联系技术支持"),
                                          QMessageBox.ButtonRole.RejectRole)
        self.quit_button.setObjectName("quit_button")
        self.setDefaultButton(self.restore_button)
        self.setEscapeButton(self.quit_button)

    def run_restore(self) -> RestoreOutcome:
        self.outcome = restore(self.plan)
        return self.outcome


def offer_restore(plan: RestorePlan, parent: QWidget | None = None) -> RestoreOutcome | None:
    """Modal: None when the clerk chose to quit, else what was restored (shown)."""
    dialog = RestoreDialog(plan, parent)
    dialog.exec()
    if dialog.clickedButton() is not dialog.restore_button:
        return None
    try:
        outcome = dialog.run_restore()
    except OSError as exc:  # a full disk during the copy; the damaged file is kept
        logger.error("restore failed: %s", exc)
        QMessageBox.critical(parent, QCoreApplication.translate("StorageDialogs", "恢复失败"),
                             QCoreApplication.translate("StorageDialogs", "恢复备份时出错(%1)。请联系技术支持。")
                             .replace("%1", str(exc)))
        return None
    done = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("StorageDialogs", "已恢复"),
                       outcome.summary(),
                       QMessageBox.StandardButton.Ok, parent)
    if plan.missing:
        done.setDetailedText(plan.summary())
    done.exec()
    return outcome


class MaintenanceTimer(QObject):
    """Runs ``run_if_due`` (the store's daily check and backup, from the wiring)
    off the UI thread at start and every half hour; a damaged database or a backup
    failed for lack of space is shown (the result's ``message``)."""

    finished_run = Signal(object)   # MaintenanceResult, None (not due) or an exception

    def __init__(self, run_if_due: Callable[[dt.datetime], Any],
                 parent_of: Callable[[], QWidget | None] = lambda: None,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        super().__init__()
        self.run_if_due = run_if_due
        self.parent_of = parent_of      # the window a warning is shown over
        self.clock = clock
        self.running = False
        self.box: QMessageBox | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(MAINTENANCE_POLL_MS)
        self.timer.timeout.connect(self.run_now)
        self.timer.start()

    def run_now(self) -> None:
        if self.running:
            return
        self.running = True
        now = self.clock()
        run_in_background(lambda: self.run_if_due(now), self._done)

    def _done(self, result) -> None:
        self.running = False
        if isinstance(result, Exception):
            logger.error("maintenance failed: %s", result.__class__.__name__)
        elif result is not None and getattr(result, "message", ""):
            self.box = QMessageBox(QMessageBox.Icon.Warning,
                                   QCoreApplication.translate("StorageDialogs", "数据库检查"),
                                   result.message, QMessageBox.StandardButton.Ok,
                                   self.parent_of())
            self.box.open()
        self.finished_run.emit(result)
