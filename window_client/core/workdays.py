"""Working-day arithmetic for promised time limits.

Weekends and statutory holidays are off, adjusted weekends (调休) are working days.
The official calendar comes from ``chinese-calendar`` up to the years it knows;
a holiday table (shipped in resources, later distributed by the platform) covers
other years and overrides the package. A year neither knows is counted with
weekends only and the result is marked as an estimate: never a crash.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Mapping

import chinese_calendar


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    estimated: bool  # some day was counted without an official calendar


@dataclass
class WorkCalendar:
    """``table`` maps a day to True (working day) or False (day off)."""

    table: Mapping[dt.date, bool] = field(default_factory=dict)
    table_years: frozenset[int] = frozenset()

    @classmethod
    def from_file(cls, path: Path) -> WorkCalendar:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"years": {}}
        return cls.from_table(data)

    @classmethod
    def from_files(cls, *paths: Path) -> WorkCalendar:
        """Later files override earlier ones year by year (shipped table, then the
        one the platform distributed)."""
        years: dict[str, Any] = {}
        for path in paths:
            if path.exists():
                years.update(json.loads(path.read_text(encoding="utf-8")).get("years", {}))
        return cls.from_table({"years": years})

    @classmethod
    def from_table(cls, data: Mapping[str, Any]) -> WorkCalendar:
        """``{"years": {"2027": {"holidays": [...], "workdays": [...]}}}``."""
        table: dict[dt.date, bool] = {}
        years = set()
        for year, spec in data.get("years", {}).items():
            years.add(int(year))
            for day in spec.get("holidays", []):
                table[dt.date.fromisoformat(day)] = False
            for day in spec.get("workdays", []):
                table[dt.date.fromisoformat(day)] = True
        return cls(table, frozenset(years))

    def knows(self, day: dt.date) -> bool:
        if day.year in self.table_years:
            return True
        try:
            chinese_calendar.is_workday(day)
            return True
        except NotImplementedError:
            return False

    def is_workday(self, day: dt.date) -> bool:
        if day in self.table:
            return self.table[day]
        if day.year in self.table_years:
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5

    def add_working_days(self, start: dt.date, days: int) -> DueDate:
        """The date ``days`` working days after ``start`` (the day of acceptance
        does not count). 0 days means the same day."""
        current = start
        estimated = False
        remaining = days
        while remaining > 0:
            current += dt.timedelta(days=1)
            estimated = estimated or not self.knows(current)
            if self.is_workday(current):
                remaining -= 1
        return DueDate(current, estimated)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end``
        is not later): how long a result has waited, or a case has run."""
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count


class WorkdayIndex:
    """Working days between two dates in constant time, for figures over many cases:
    a running count of working days over ``[first, last]`` (one calendar look-up
    per day, once). Dates outside the range fall back to the calendar."""

    def __init__(self, calendar: WorkCalendar, first: dt.date, last: dt.date) -> None:
        self.calendar, self.first, self.last = calendar, first, last
        counts = [0]
        day = first
        while day < last:
            day += dt.timedelta(days=1)
            counts.append(counts[-1] + (1 if calendar.is_workday(day) else 0))
        self._counts = counts

    def between(self, start: dt.date, end: dt.date) -> int:
        """As :meth:`WorkCalendar.working_days_between`: working days after
        ``start`` up to and including ``end`` (0 when ``end`` is not later)."""
        if end <= start:
            return 0
        if start < self.first or end > self.last:
            return self.calendar.working_days_between(start, end)
        return self._counts[(end - self.first).days] - self._counts[(start - self.first).days]
