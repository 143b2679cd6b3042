"""When the window locks, as plain data: input keeps it open, ``idle_s`` without
input locks it, and wrong passwords at the lock screen are counted (after
``max_failures`` in a row, nobody may try for ``wait_s``). Times come from
``clock``, a monotonic clock in seconds (``time.monotonic``; tests pass their own),
so a clock set forward or back never locks or unlocks anything."""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class IdleLock:
    def __init__(self, idle_s: float, clock: Callable[[], float] = time.monotonic, *,
                 max_failures: int = 5, wait_s: float = 60) -> None:
        self.idle_s = idle_s
        self.clock = clock
        self.max_failures = max_failures
        self.wait_s = wait_s
        self.last_input = clock()
        self.locked = False
        self.failures = 0
        self._wait_until = 0.0

    def input(self) -> None:
        """A key or the mouse: the clerk is here (ignored while locked)."""
        if not self.locked:
            self.last_input = self.clock()

    def due(self) -> bool:
        """Open, and nobody has touched the window for ``idle_s``."""
        return not self.locked and self.clock() - self.last_input >= self.idle_s

    def lock(self) -> None:
        self.locked = True

    def unlock(self) -> None:
        self.locked = False
        self.failures = 0
        self.last_input = self.clock()

    def failed(self) -> None:
        """A wrong password at the lock screen; the ``max_failures``-th in a row
        starts the wait."""
        self.failures += 1
        if self.failures >= self.max_failures:
            self.failures = 0
            self._wait_until = self.clock() + self.wait_s

    def wait_left(self) -> int:
        """Whole seconds until the next try is allowed (0: now)."""
        return max(0, math.ceil(self._wait_until - self.clock()))
