"""The hall's efficiency board (效能看板): the facts it is computed from.

Plain records the store hands out (one per case, one per item of a case, one per
rating), so the figures are computed here, without Qt or SQL, and can be checked by
hand on a small fixture."""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import math
import operator
import statistics
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from window_client.core.workdays import WorkCalendar, WorkdayIndex


@dataclass(frozen=True)
class CaseFact:
    case_id: str
    accepted_on: dt.date          # the day of acceptance (snapshot)
    window_code: str
    one_thing_id: str
    state: str                    # CaseState value
    promised_days: int            # the whole case's promise (snapshot)
    due_date: dt.date             # the whole case's promised date (snapshot)
    finished_on: dt.date | None   # every item's result made or refused; None: still open
    returned: bool                # returned for 补正 at least once
    refused: bool                 # refused as a whole (不予受理)
    items_refused: int            # items refused one by one
    # the merge's savings, from the snapshot (None: a snapshot older than the figures)
    fields_separate: int | None = None
    fields_merged: int | None = None
    materials_separate: int | None = None
    materials_merged: int | None = None


@dataclass(frozen=True)
class ItemFact:
    case_id: str
    item_code: str
    item_name: str
    department: str               # department id
    department_name: str
    promised_days: int
    started_on: dt.date           # received by the department (else the day of acceptance)
    finished_on: dt.date | None   # result made, or refused; None: still open
    refused: bool


@dataclass(frozen=True)
class RatingFact:
    case_id: str
    level: int                    # 1 (非常不满意) … 5 (非常满意)
    reason: str
    on: dt.date


@dataclass(frozen=True)
class BoardData:
    cases: tuple[CaseFact, ...]
    items: tuple[ItemFact, ...]
    ratings: tuple[RatingFact, ...]
    loaded_at: dt.datetime
    feed_read_at: dt.datetime | None   # the last time the platform's feed was read


@dataclass(frozen=True)
class BoardFilter:
    start: dt.date                # accepted on or after
    end: dt.date                  # accepted on or before
    window_code: str | None = None
    one_thing_id: str | None = None
    department: str | None = None


# -- the figures ------------------------------------------------------------------

# states of a case not counted at all (never accepted, or struck out)
NOT_CASES: frozenset[str] = frozenset({"draft", "discarded"})
# states of an unfinished case that is not running against its promise
NOT_RUNNING: frozenset[str] = frozenset({"draft", "queued", "discarded", "refused"})
# 好评 in the 好差评 rules: 非常满意, 满意 and 基本满意
SATISFIED_LEVELS: frozenset[int] = frozenset({3, 4, 5})
COMPLAINT_LEVELS: frozenset[int] = frozenset({1, 2})


@dataclass(frozen=True)
class Share:
    """On time among finished cases, for one one-thing (``key``) or all of them."""
    key: str
    finished: int
    on_time: int

    @property
    def share(self) -> float | None:
        return self.on_time / self.finished if self.finished else None


@dataclass(frozen=True)
class Duration:
    """Working days used against the promise, for a one-thing or a department.
    ``mean`` and ``p90`` are None when nothing of it has finished."""
    key: str
    name: str            # the department's name; "" for a one-thing (the caller names it)
    count: int           # finished cases (items) measured
    mean: float | None
    p90: int | None      # nearest rank: the ceil(0.9·n)-th smallest
    promise: float       # the median promise over every case (item) of it in the selection


@dataclass(frozen=True)
class Overdue:
    case_id: str
    one_thing_id: str
    window_code: str
    accepted_on: dt.date
    due_date: dt.date
    days_overdue: int    # working days after the due date up to and including today
    state: str


@dataclass(frozen=True)
class Savings:
    """The merge's savings (form fields, or materials) over the cases that carry them."""
    cases: int           # cases with both numbers
    without: int         # cases of the selection without them (older snapshots)
    separate: int
    merged: int
    median_saved: float | None

    @property
    def saved(self) -> int:
        return self.separate - self.merged


@dataclass(frozen=True)
class BoardFigures:
    start: dt.date
    end: dt.date
    today: dt.date
    loaded_at: dt.datetime
    feed_read_at: dt.datetime | None
    total: int
    finished: int
    per_day: tuple[tuple[dt.date, int], ...]         # every day of [start, end]
    per_one_thing: tuple[tuple[str, int], ...]       # most cases first, then by id
    on_time: Share                                   # key ""
    on_time_by_one_thing: tuple[Share, ...]          # in the order of per_one_thing
    durations_by_one_thing: tuple[Duration, ...]     # in the order of per_one_thing
    durations_by_department: tuple[Duration, ...]    # most items measured first
    overdue: tuple[Overdue, ...]                     # most overdue first
    due_soon: int        # running, not overdue, due today or the next working day
    returned: int        # cases returned for 补正 at least once
    refused: int         # cases refused as a whole
    items_refused: int   # items refused one by one
    levels: tuple[tuple[int, int], ...]              # (level, ratings) for 5 … 1
    complaints: tuple[tuple[str, int], ...]          # reasons of levels 1–2, most common first
    fields: Savings
    materials: Savings

    @property
    def open(self) -> int:
        return self.total - self.finished

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)

    @property
    def returned_rate(self) -> float | None:
        return self.returned / self.total if self.total else None

    @property
    def refusal_rate(self) -> float | None:
        return self.refused / self.total if self.total else None

    @property
    def ratings(self) -> int:
        return sum(n for _, n in self.levels)

    @property
    def satisfied_share(self) -> float | None:
        """好评 (levels 3–5) among the ratings."""
        rated = self.ratings
        good = sum(n for level, n in self.levels if level in SATISFIED_LEVELS)
        return good / rated if rated else None




def percentile_nearest_rank(values: Sequence[int], q: float) -> int | None:
    """The nearest-rank percentile: the ceil(q·n)-th smallest value (q in (0, 1])."""
    if not values:
        return None
    return _rank_value(Counter(values), max(1, math.ceil(q * len(values) - 1e-9)))


def _rank_value(counts: Mapping[int, int], rank: int) -> int:
    """The ``rank``-th smallest (1-based) of values given with their counts."""
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    raise ValueError(rank)


def _median_of_counts(counts: Mapping[int, int]) -> float | None:
    n = sum(counts.values())
    if not n:
        return None
    return (_rank_value(counts, (n + 1) // 2) + _rank_value(counts, n // 2 + 1)) / 2


def _duration(key: str, name: str, used: Mapping[int, int],
              promises: Mapping[int, int]) -> Duration:
    """A row from the counts of each number of working days used and of each promise."""
    n = sum(used.values())
    return Duration(key, name, n, sum(u * c for u, c in used.items()) / n if n else None,
                    _rank_value(used, max(1, math.ceil(0.9 * n - 1e-9))) if n else None,
                    _median_of_counts(promises) or 0.0)


def _grouped(pairs: Counter[tuple[str, int | None]]) -> dict[str, Counter[int]]:
    """(key, value) pair counts as a count of values per key; None and negative
    values (not measured) are left out."""
    out: dict[str, Counter[int]] = {}
    for (key, value), count in pairs.items():
        group = out.setdefault(key, Counter())
        if value is not None and value >= 0:
            group[value] += count
    return out


_Picker = Callable[[Sequence[Any]], Sequence[Any]]


def _picker(positions: Sequence[int]) -> _Picker:
    """The values of a column at ``positions``: a slice for a range, else one
    itemgetter call (both run in C)."""
    if isinstance(positions, range):
        lo, hi = positions.start, positions.stop
        return lambda column: column[lo:hi]
    if not positions:
        return lambda column: ()
    if len(positions) == 1:
        only = positions[0]
        return lambda column: (column[only],)
    getter = operator.itemgetter(*positions)
    return lambda column: getter(column)


def _nonneg(days: int) -> int:
    """An end before its start counts 0, as in WorkCalendar.working_days_between."""
    return days if days > 0 else 0


REFUSED = -1   # "days used" of a refused item: not measured, not in the promise either


class BoardIndex:
    """What every filter change reuses, built once per load: the counted cases in
    order of acceptance as columns (a date range is two bisections, a column's
    values over a selection one C call), each finished case's working days, the
    items and ratings by case position, each department's items. Working days come
    from one WorkdayIndex over every date of the data and a year past the last
    (for "today")."""

    def __init__(self, data: BoardData, calendar: WorkCalendar) -> None:
        self.data, self.calendar = data, calendar
        cases = sorted((c for c in data.cases if c.state not in NOT_CASES),
                       key=operator.attrgetter("accepted_on"))
        self.cases = cases
        item_starts = [i.started_on for i in data.items]
        item_ends = [i.finished_on for i in data.items if i.finished_on is not None]
        today = data.loaded_at.date()
        day_min = min([today] + [c.accepted_on for c in cases[:1]] + item_starts
                      + [min(c.due_date for c in cases)] if cases else [today] + item_starts)
        day_max = max([today] + [max(c.due_date for c in cases)] + item_ends if cases
                      else [today] + item_ends)
        day_max = max([day_max] + [c.finished_on for c in cases if c.finished_on is not None])
        self.workdays, wd = _workdays(calendar, day_min, day_max)
        # the columns, made in one pass and transposed
        rows = []
        for c in cases:
            end = c.finished_on
            fs, fm, ms, mm = c.fields_separate, c.fields_merged, \
                c.materials_separate, c.materials_merged
            f_has = fs is not None and fm is not None
            m_has = ms is not None and mm is not None
            rows.append((
                c.accepted_on, c.window_code, c.one_thing_id, c.promised_days,
                end is not None, end is not None and end <= c.due_date,
                # working days of a finished case not refused as a whole, else None
                None if end is None or c.refused else _nonneg(wd[end] - wd[c.accepted_on]),
                c.returned, c.refused, 0 if c.refused else c.items_refused,
                fs if f_has else 0, fm if f_has else 0,
                fs - fm if fs is not None and fm is not None else None,
                ms if m_has else 0, mm if m_has else 0,
                ms - mm if ms is not None and mm is not None else None))
        columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [()] * 16
        (self.dates, self.windows, self.ones, self.promised, self.finished, self.on_time,
         self.used, self.returned, self.refused, self.items_refused,
         self.fields_separate, self.fields_merged, self.fields_saved,
         self.materials_separate, self.materials_merged, self.materials_saved) = columns
        self.running = [n for n, c in enumerate(cases)
                        if c.finished_on is None and c.state not in NOT_RUNNING]
        position = {c.case_id: n for n, c in enumerate(cases)}
        refused_whole = self.refused
        item_rows = []
        self.department_names: dict[str, str] = {}
        names = self.department_names
        for item in data.items:
            n = position.get(item.case_id)
            if n is None:
                continue
            if item.department not in names:
                names[item.department] = item.department_name
            if item.refused:
                used: int | None = REFUSED
            elif item.finished_on is None:
                used = None
            else:
                used = _nonneg(wd[item.finished_on] - wd[item.started_on])
            item_rows.append((n, item.department, used, item.promised_days,
                              1 if item.refused and not refused_whole[n] else 0))
        item_rows.sort(key=operator.itemgetter(0))
        item_columns: list[tuple[Any, ...]] = list(zip(*item_rows, strict=True)) if item_rows else [()] * 5
        (self.item_positions, self.item_departments, self.item_used, self.item_promised,
         self.item_refused) = item_columns
        # each department's items as their indexes in the item columns (ascending)
        self.department_items: dict[str, list[int]] = {}
        for k, dept in enumerate(self.item_departments):
            self.department_items.setdefault(dept, []).append(k)
        ratings = sorted(((position[r.case_id], r.level, r.reason.strip()) for r in data.ratings
                          if r.case_id in position), key=operator.itemgetter(0))
        self.rating_positions = [r[0] for r in ratings]
        self.rating_levels = [r[1] for r in ratings]
        self.rating_complaints = [r[2] if r[1] in COMPLAINT_LEVELS and r[2] else None
                                  for r in ratings]
        self.window_codes: tuple[str, ...] = tuple(sorted(set(self.windows)))
        self.one_thing_ids: tuple[str, ...] = tuple(sorted(set(self.ones)))

    def covers(self, data: BoardData, calendar: WorkCalendar, today: dt.date) -> bool:
        return data is self.data and calendar is self.calendar and today <= self.workdays.last


# the calendar's running count over the last range asked about (a refresh reuses it)
_last_workdays: list[tuple[WorkdayIndex, dict[dt.date, int]]] = []


def _workdays(calendar: WorkCalendar, first: dt.date,
              last: dt.date) -> tuple[WorkdayIndex, dict[dt.date, int]]:
    """A WorkdayIndex over [first, last + 400 days] and its running count of working
    days by date ("between" as one subtraction), reused while it covers the range."""
    if _last_workdays:
        index, by_date = _last_workdays[0]
        if index.calendar is calendar and index.first <= first and last <= index.last:
            return index, by_date
    index = WorkdayIndex(calendar, first - dt.timedelta(days=30), last + dt.timedelta(days=400))
    counts = [index.between(index.first, index.first + dt.timedelta(days=k))
              for k in range((index.last - index.first).days + 1)]
    by_date = {index.first + dt.timedelta(days=k): v for k, v in enumerate(counts)}
    _last_workdays[:] = [(index, by_date)]
    return index, by_date


_last_index: list[BoardIndex] = []   # the index of the last data asked about (one load at a time)


def board_index(data: BoardData, calendar: WorkCalendar, today: dt.date) -> BoardIndex:
    """The index of ``data``, kept for the next call with the same data (by identity:
    a new load is a new BoardData)."""
    if _last_index and _last_index[0].covers(data, calendar, today):
        return _last_index[0]
    # the build allocates some 200,000 tuples and no cycles: the cyclic collector
    # would walk every live object several times meanwhile (about half of the time)
    collecting = gc.isenabled()
    gc.disable()
    try:
        index = BoardIndex(data, calendar)
    finally:
        if collecting:
            gc.enable()
    _last_index[:] = [index]
    return index


def board_figures(data: BoardData, flt: BoardFilter, today: dt.date,
                  calendar: WorkCalendar) -> BoardFigures:
    """The board's figures over the cases accepted in [flt.start, flt.end] (drafts and
    discarded cases are not cases), of flt's window and one-thing, and with a
    department: the cases with an item of it, the item figures of its items only.

    - on time: a finished case with ``finished_on <= due_date``;
    - working days used: case level ``between(accepted_on, finished_on)`` of finished
      cases not refused as a whole, item level ``between(started_on, finished_on)`` of
      finished items not refused; P90 by nearest rank (the ceil(0.9·n)-th smallest);
      the promise is the median over every case (item, not refused) of the selection;
    - overdue: unfinished, running (not queued or refused) and ``due_date < today``,
      by ``between(due_date, today)`` working days, most first; due soon: running,
      due today or on the next working day;
    - items refused: ``CaseFact.items_refused`` summed, with a department the refused
      items of it; either way not in cases refused as a whole (counted as refused);
    - ratings of the selected cases; 满意 (好评) is levels 3–5; complaints are the
      non-empty reasons of levels 1–2.

    The lookups are built once per ``data`` (:class:`BoardIndex`) and reused while
    the same object is asked about."""
    return figures_from_index(board_index(data, calendar, today), flt, today)


def _selection(index: BoardIndex, flt: BoardFilter) -> Sequence[int]:
    lo = bisect.bisect_left(index.dates, flt.start)
    hi = bisect.bisect_right(index.dates, flt.end)
    window, one_id, department = flt.window_code, flt.one_thing_id, flt.department
    if department is not None:
        ks = index.department_items.get(department, [])
        positions = index.item_positions
        a = bisect.bisect_left(ks, bisect.bisect_left(positions, lo))
        b = bisect.bisect_left(ks, bisect.bisect_left(positions, hi))
        candidates: Sequence[int] = sorted({positions[k] for k in ks[a:b]})
    elif window is None and one_id is None:
        return range(lo, hi)
    else:
        candidates = range(lo, hi)
    windows, ones = index.windows, index.ones
    if window is not None and one_id is not None:
        return [n for n in candidates if windows[n] == window and ones[n] == one_id]
    if window is not None:
        return [n for n in candidates if windows[n] == window]
    if one_id is not None:
        return [n for n in candidates if ones[n] == one_id]
    return list(candidates)


def figures_from_index(index: BoardIndex, flt: BoardFilter, today: dt.date) -> BoardFigures:
    """:func:`board_figures` over an index built before."""
    sel = _selection(index, flt)
    pick = _picker(sel)
    chosen: Container[int] = sel if isinstance(sel, range) else set(sel)
    lo, hi = (sel[0], sel[-1] + 1) if sel else (0, 0)
    total = len(sel)
    ones = pick(index.ones)
    finished_flags = pick(index.finished)
    per_day = Counter(pick(index.dates))
    per_one = Counter(ones)
    finished_by = Counter(compress(ones, finished_flags))
    on_time_by = Counter(compress(ones, pick(index.on_time)))
    used_by = _grouped(Counter(zip(ones, pick(index.used), strict=True)))
    promise_by = _grouped(Counter(zip(ones, pick(index.promised), strict=True)))
    order = sorted(per_one.items(), key=lambda kv: (-kv[1], kv[0]))
    days = (flt.end - flt.start).days + 1
    per_day_all = tuple((day, per_day.get(day, 0)) for day in
                        (flt.start + dt.timedelta(days=d) for d in range(max(days, 0))))

    # overdue and due soon: the running cases of the selection
    between = index.workdays.between
    next_workday = index.calendar.add_working_days(today, 1).date
    running = index.running
    overdue: list[Overdue] = []
    due_soon = 0
    for n in running[bisect.bisect_left(running, lo):bisect.bisect_left(running, hi)]:
        if n not in chosen:
            continue
        c = index.cases[n]
        if c.due_date < today:
            overdue.append(Overdue(c.case_id, c.one_thing_id, c.window_code, c.accepted_on,
                                   c.due_date, between(c.due_date, today), c.state))
        elif c.due_date <= next_workday:
            due_soon += 1
    overdue.sort(key=lambda o: (-o.days_overdue, o.due_date, o.case_id))

    # items of the selected cases (with a department, of it only)
    positions = index.item_positions
    if flt.department is not None:
        ks: Sequence[int] = [k for k in index.department_items.get(flt.department, [])
                             if positions[k] in chosen]
    elif isinstance(sel, range):
        ks = range(bisect.bisect_left(positions, lo), bisect.bisect_left(positions, hi))
    else:
        ks = [k for k in range(bisect.bisect_left(positions, lo),
                               bisect.bisect_left(positions, hi)) if positions[k] in chosen]
    item_pick = _picker(ks)
    item_departments = item_pick(index.item_departments)
    item_used = item_pick(index.item_used)
    dept_used = _grouped(Counter(zip(item_departments, item_used, strict=True)))
    dept_promise = _grouped(Counter(
        (d, p) for d, p, u in zip(item_departments, item_pick(index.item_promised), item_used,
                                  strict=True) if u != REFUSED))
    items_refused = sum(item_pick(index.item_refused)) if flt.department is not None \
        else sum(pick(index.items_refused))

    # ratings of the selected cases
    rp = index.rating_positions
    rks: Sequence[int] = range(bisect.bisect_left(rp, lo), bisect.bisect_left(rp, hi))
    if not isinstance(sel, range):
        rks = [k for k in rks if rp[k] in chosen]
    rating_pick = _picker(rks)
    levels = Counter(rating_pick(index.rating_levels))
    complaints = Counter(r for r in rating_pick(index.rating_complaints) if r is not None)

    fields_saved = [s for s in pick(index.fields_saved) if s is not None]
    materials_saved = [s for s in pick(index.materials_saved) if s is not None]
    finished = sum(finished_flags)
    return BoardFigures(
        start=flt.start, end=flt.end, today=today,
        loaded_at=index.data.loaded_at, feed_read_at=index.data.feed_read_at,
        total=total, finished=finished, per_day=per_day_all, per_one_thing=tuple(order),
        on_time=Share("", finished, sum(on_time_by.values())),
        on_time_by_one_thing=tuple(Share(k, finished_by.get(k, 0), on_time_by.get(k, 0))
                                   for k, _ in order),
        durations_by_one_thing=tuple(_duration(k, "", used_by.get(k, Counter()), promise_by[k])
                                     for k, _ in order),
        durations_by_department=tuple(sorted(
            (_duration(d, index.department_names.get(d, d), dept_used.get(d, Counter()), p)
             for d, p in dept_promise.items()),
            key=lambda r: (-r.count, -sum(dept_promise[r.key].values()), r.key))),
        overdue=tuple(overdue), due_soon=due_soon,
        returned=sum(pick(index.returned)), refused=sum(pick(index.refused)),
        items_refused=items_refused,
        levels=tuple((lv, levels.get(lv, 0)) for lv in (5, 4, 3, 2, 1)),
        complaints=tuple(complaints.most_common()),
        fields=Savings(len(fields_saved), total - len(fields_saved),
                       sum(pick(index.fields_separate)), sum(pick(index.fields_merged)),
                       _median(fields_saved)),
        materials=Savings(len(materials_saved), total - len(materials_saved),
                          sum(pick(index.materials_separate)), sum(pick(index.materials_merged)),
                          _median(materials_saved)))


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None
