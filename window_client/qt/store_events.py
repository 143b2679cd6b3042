"""Change notifications from the store to the views: the acceptance widget (a
draft saved, a case confirmed) and the sync worker (a run ended; cases submitted
or moved by the feed) emit, the case list, the sync section and the header
subscribe. Nobody refreshes a view by hand.

``refresh_when_shown`` keeps a hidden view cheap: a notification while it is
hidden only marks it stale, and it refreshes when shown; notifications arriving
together while it is visible refresh it once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QWidget

from window_client.services.sync import SyncReport


class StoreEvents(QObject):
    """Create it on the main thread; emitting from another thread (the sync
    worker) delivers to the subscribers on the main thread."""

    cases_changed = Signal()         # a case was created, saved, confirmed or moved
    sync_finished = Signal(object)   # a sync run ended (SyncReport)

    def sync_reported(self, report: SyncReport) -> None:
        """A sync run ended: its report, and cases changed when it submitted some
        or the change feed moved some."""
        self.sync_finished.emit(report)
        if report.submitted or report.events:
            self.cases_changed.emit()


class _WhenShown(QObject):
    def __init__(self, widget: QWidget, refresh: Callable[[], Any]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._refresh = refresh
        self._stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)
        widget.installEventFilter(self)

    def notify(self, *_args: object) -> None:
        if self._widget.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def _run(self) -> None:
        self._stale = False
        self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self._stale:
            self._timer.start()
        return False


def refresh_when_shown(widget: QWidget, refresh: Callable[[], Any],
                       *signals: SignalInstance) -> _WhenShown:
    """Connects ``signals`` to ``refresh`` of ``widget``: at once (coalesced) while
    visible, at the next show while hidden. Returns the helper (owned by the widget)."""
    helper = _WhenShown(widget, refresh)
    for signal in signals:
        signal.connect(helper.notify)
    return helper
