"""One serialized executor for the store (the style guide's "Threads"; Anki's
``ThreadPoolExecutor(max_workers=1)`` for the collection): every store call the
UI makes off its own thread goes through one worker thread, in order, so two UI
calls never race each other and none of them waits on the UI thread for the sync
thread's transaction.

``submit(fn, on_done)`` runs ``fn`` on the worker and ``on_done(result)`` on the
main thread (an exception is handed over as the result, as
``background.run_in_background`` does). ``call(fn)`` waits for ``fn`` behind
everything submitted before it — for the few saves that must be on disk before the
UI goes on (a page change, closing). ``fn`` never touches a widget. Tests and
tools use ``InlineExecutor``, which runs both at once on the calling thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)
T = TypeVar("T")


class StoreExecutor(Protocol):
    def submit(self, fn: Callable[[], Any],
               on_done: Callable[[Any], None] | None = None) -> None: ...

    def call(self, fn: Callable[[], T]) -> T: ...

    def shutdown(self) -> None: ...


def _run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except Exception as exc:  # handed to on_done like any result
        logger.exception("store call failed")
        return exc


class InlineExecutor:
    """The synchronous variant: ``fn`` and ``on_done`` run at once, inline."""

    def submit(self, fn: Callable[[], Any],
               on_done: Callable[[Any], None] | None = None) -> None:
        result = _run(fn)
        if on_done is not None:
            on_done(result)

    def call(self, fn: Callable[[], T]) -> T:
        return fn()

    def shutdown(self) -> None:
        pass


class DbExecutor(QObject):
    """The one database worker thread. Create it on the main thread."""

    _finished = Signal(object, object)   # on_done, result — received on the main thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._closed = False
        self._finished.connect(self._deliver)

    def submit(self, fn: Callable[[], Any],
               on_done: Callable[[Any], None] | None = None) -> None:
        if self._closed:  # the window is closing: a late refresh has nobody to show it to
            logger.debug("store executor shut down: job dropped")
            return

        def job() -> None:
            result = _run(fn)
            if on_done is not None and not self._closed:
                self._finished.emit(on_done, result)

        self._pool.submit(job)

    def call(self, fn: Callable[[], T]) -> T:
        if self._closed:
            raise RuntimeError("store executor shut down")
        return self._pool.submit(fn).result()

    def shutdown(self) -> None:
        """Waits for what was submitted; results not yet delivered are dropped, and
        so are jobs submitted later (``call`` raises)."""
        if not self._closed:
            self._closed = True
            self._pool.shutdown(wait=True)

    def _deliver(self, on_done: Callable[[Any], None], result: Any) -> None:
        if not self._closed:  # after shutdown the views it answers may be gone
            on_done(result)
