"""The sync worker: one long-lived thread that calls the Qt-free
sync run (SyncService.run_once) every interval (or at once when asked), and reports back
through a signal received on the main thread. Stops with a sentinel, quit, wait."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QThread, Signal

from window_client.core.storage_errors import is_disk_full
from window_client.services.sync import SyncReport

from .store_events import StoreEvents

logger = logging.getLogger(__name__)


class SyncWorker(QThread):
    finished_run = Signal(object)   # SyncReport

    def __init__(self, run_once: Callable[[], SyncReport], interval_s: float, parent=None,
                 events: StoreEvents | None = None) -> None:
        super().__init__(parent)
        self.run_once = run_once
        self.events = events   # told of every run (received on the main thread)
        self.interval_s = interval_s
        self._wake = threading.Event()
        self._stop = threading.Event()

    def trigger(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self.quit()
        self.wait(15000)

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                report = self.run_once()
            except Exception as exc:  # never let the worker die silently
                logger.exception("sync run failed")
                report = SyncReport(online=False, error=self.tr("本机磁盘空间已满,同步暂停,空间恢复后继续")
                                    if is_disk_full(exc) else
                                    self.tr("同步出错(已记入日志),稍后自动重试;多次出现请联系技术支持"))
            self.finished_run.emit(report)
            if self.events is not None:
                self.events.sync_reported(report)
            self._wake.wait(self.interval_s)
            self._wake.clear()
