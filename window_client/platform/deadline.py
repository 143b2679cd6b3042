"""A total deadline for one platform call.

requests' ``timeout=(connect, read)`` bounds each connect and each socket read,
not the call: a server that trickles one byte every second keeps every read short
and the call alive for ever. So each call runs inside ``call_deadline(seconds)``;
the connections it takes from the pool are registered with it (``DeadlineAdapter``
hands out connections through pools that do this), and one watchdog thread shuts
their sockets down when the deadline passes. The blocked read then fails at once
and the client reports a timeout in Chinese.

Thread-local: the sync worker, a look-up thread and the UI thread each have their
own current call."""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from contextlib import contextmanager
from typing import Any
from collections.abc import Iterator

from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_local = threading.local()


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._conns: list[Any] = []
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def register(self, conn: Any) -> None:
        with self._lock:
            self._conns.append(conn)
        if self.expired:
            _shut(conn)

    def expire(self) -> bool:
        """Cuts every connection of the call; True when one had no socket yet
        (still connecting: the watchdog looks again shortly)."""
        self.expired = True
        pending = False
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            pending |= not _shut(conn)
        return pending


def _shut(conn: Any) -> bool:
    sock = getattr(conn, "sock", None)
    if sock is None:
        return False
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed
    return True


class _Watchdog:
    """One daemon thread for all deadlines of the process."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Deadline]] = []
        self._cancelled: set[int] = set()
        self._ids = itertools.count()
        self._cv = threading.Condition()
        self._thread: threading.Thread | None = None

    def arm(self, deadline: Deadline) -> int:
        token = next(self._ids)
        with self._cv:
            heapq.heappush(self._heap, (deadline.at, token, deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="platform-deadlines",
                                                daemon=True)
                self._thread.start()
            self._cv.notify()
        return token

    def disarm(self, token: int) -> None:
        with self._cv:
            self._cancelled.add(token)

    def _run(self) -> None:
        while True:
            with self._cv:
                while self._heap and self._heap[0][1] in self._cancelled:
                    self._cancelled.discard(heapq.heappop(self._heap)[1])
                if not self._heap:
                    self._cv.wait(30)
                    continue
                at, token, deadline = self._heap[0]
                wait = at - time.monotonic()
                if wait > 0:
                    self._cv.wait(wait)
                    continue
                heapq.heappop(self._heap)
            if deadline.expire():  # a socket not yet made: look again soon
                deadline.at = time.monotonic() + 0.2
                with self._cv:
                    if token not in self._cancelled:
                        heapq.heappush(self._heap, (deadline.at, token, deadline))
                    else:
                        self._cancelled.discard(token)


_WATCHDOG = _Watchdog()


def call_deadline(seconds: float | None = None):  # type: ignore[no-untyped-def]
    """With ``seconds``: a context manager running a call within that many seconds
    (an inner call inside an outer one keeps the outer, earlier deadline). Without:
    the current call's Deadline, or None."""
    if seconds is None:
        return getattr(_local, "deadline", None)
    return _scope(seconds)


@contextmanager
def _scope(seconds: float) -> Iterator[Deadline]:
    outer = getattr(_local, "deadline", None)
    if outer is not None and outer.remaining() <= seconds:
        yield outer
        return
    deadline = Deadline(seconds)
    token = _WATCHDOG.arm(deadline)
    _local.deadline = deadline
    try:
        yield deadline
    finally:
        _WATCHDOG.disarm(token)
        _local.deadline = outer


class _Registering:
    def _get_conn(self, timeout: float | None = None):  # type: ignore[no-untyped-def]
        conn = super()._get_conn(timeout)  # type: ignore[misc]
        deadline = getattr(_local, "deadline", None)
        if deadline is not None:
            deadline.register(conn)
        return conn


class _HTTPPool(_Registering, HTTPConnectionPool):
    pass


class _HTTPSPool(_Registering, HTTPSConnectionPool):
    pass


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose pools register each connection with the call's
    deadline (direct and through a proxy)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any):  # type: ignore[no-untyped-def]
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if hasattr(manager, "pool_classes_by_scheme"):
            manager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
        return manager
