"""The platform's clock and its working time.

:data:`CLOCK` is the sandbox's time: the wall clock plus an offset that tests and
demos move (``POST /_sandbox/clock``, ``SandboxServer.advance_clock`` …) instead of
sleeping. Token lifetimes, case numbers and event times read it through
:func:`platform_sandbox.ids.now` / ``today``.

:class:`WorkTime` is working-time arithmetic in the platform's zone: working days
are chinese-calendar's (statutory holidays off, adjusted weekends 调休 on), an
optional holiday table (``--calendar``, ``{"years": {"2027": {...}}}``) overrides
a year, and a year neither knows counts Monday to Friday. Working hours are
09:00–17:30 (8.5 hours a working day).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import threading
import time
from pathlib import Path

import chinese_calendar

#: the platform's zone (Ganzhou): case numbers and event times use it
CST = dt.timezone(dt.timedelta(hours=8), "CST")
DAY_START = dt.time(9, 0)
DAY_END = dt.time(17, 30)
#: working seconds in one working day
WORKDAY_SECONDS = 8.5 * 3600


class SandboxClock:
    """Wall clock plus an offset (seconds); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> float:
        """Moves the clock ``seconds`` on; returns the offset."""
        with self._lock:
            self.offset += seconds
            return self.offset

    def set(self, ts: float) -> float:
        """Makes ``now()`` read ``ts`` (POSIX seconds) from here on; returns the offset."""
        with self._lock:
            self.offset = ts - time.time()
            return self.offset

    def reset(self) -> None:
        with self._lock:
            self.offset = 0.0


CLOCK = SandboxClock()


def local(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, CST)


def at(day: dt.date, clock_time: dt.time) -> float:
    return dt.datetime.combine(day, clock_time, CST).timestamp()


class WorkTime:
    """Working days and working hours (see the module text)."""

    def __init__(self, calendar_file: Path | None = None):
        self.table: dict[dt.date, bool] = {}
        self.years: set[int] = set()
        if calendar_file is not None and Path(calendar_file).exists():
            data = json.loads(Path(calendar_file).read_text(encoding="utf-8"))
            for year, spec in data.get("years", {}).items():
                self.years.add(int(year))
                self.table.update({dt.date.fromisoformat(d): False
                                   for d in spec.get("holidays", [])})
                self.table.update({dt.date.fromisoformat(d): True
                                   for d in spec.get("workdays", [])})
        self.is_workday = functools.lru_cache(maxsize=4096)(self._is_workday)

    def _is_workday(self, day: dt.date) -> bool:
        if day.year in self.years:
            return self.table.get(day, day.weekday() < 5)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day after ``day``."""
        day += dt.timedelta(days=1)
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The working day ``n`` working days after ``day`` (``day`` itself does not
        count; 0: ``day``)."""
        for _ in range(n):
            day = self.next_workday(day)
        return day

    def advance_workdays(self, ts: float, n: int) -> float:
        """The same time of day ``n`` working days later."""
        moment = local(ts)
        day = self.add_workdays(moment.date(), n)
        return dt.datetime.combine(day, moment.timetz()).timestamp()

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if not later)."""
        count = 0
        while start < end:
            start += dt.timedelta(days=1)
            count += self.is_workday(start)
        return count

    def align(self, ts: float) -> float:
        """``ts`` if it falls in working hours, else the next start of working hours."""
        moment = local(ts)
        day = moment.date()
        if self.is_workday(day):
            if moment.time() < DAY_START:
                return at(day, DAY_START)
            if moment.time() <= DAY_END:
                return ts
        return at(self.next_workday(day), DAY_START)

    def add(self, ts: float, seconds: float) -> float:
        """``seconds`` of working time after ``ts`` (aligned first); the answer is
        always in working hours (a span that ends at closing time ends at 17:30)."""
        ts = self.align(ts)
        left = max(0.0, seconds)
        while True:
            day = local(ts).date()
            room = at(day, DAY_END) - ts
            if left <= room:
                return ts + left
            left -= room
            ts = at(self.next_workday(day), DAY_START)

    def between(self, start: float, end: float) -> float:
        """Working seconds from ``start`` to ``end`` (0 if ``end`` is not later)."""
        start, total = self.align(start), 0.0
        while start < end:
            day = local(start).date()
            close = at(day, DAY_END)
            total += max(0.0, min(end, close) - start)
            start = at(self.next_workday(day), DAY_START)
        return total

    def end_of_day(self, ts: float) -> float:
        """Closing time (17:30) of the working day ``align(ts)`` falls on."""
        return at(local(self.align(ts)).date(), DAY_END)

    def in_hours(self, ts: float) -> bool:
        moment = local(ts)
        return self.is_workday(moment.date()) and DAY_START <= moment.time() <= DAY_END
