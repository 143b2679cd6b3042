"""The one way short work leaves the UI thread: ``run_in_background(fn, done)`` runs
``fn`` on the global thread pool and calls ``done(result)`` on the main thread
through a queued signal. ``fn`` never touches a widget."""

from __future__ import annotations

import logging
from typing import Any
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

logger = logging.getLogger(__name__)
_alive: set[_Job] = set()


class _Relay(QObject):
    finished = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.relay = _Relay()  # created on the calling (main) thread
        self.relay.finished.connect(done)
        self.relay.finished.connect(lambda _r: _alive.discard(self))

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to done() like any result
            logger.exception("background job failed")
            result = exc
        self.relay.finished.emit(result)


def run_in_background(fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
    job = _Job(fn, done)
    _alive.add(job)
    QThreadPool.globalInstance().start(job)
