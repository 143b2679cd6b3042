"""Benchmarks of the efficiency board's figures over ``sample_board_data(50_000)``
(some 106,000 items, 29,000 ratings), each beside a baseline measured in the same
run on the same data, run by run in turn:

- the first call on a new load (the BoardIndex built, then the figures of a year)
  beside one plain pass over the cases counting them per one-thing in a dict;
- a filter change (a window, a department, the last 30 days) on the built index
  beside the same plain pass over the cases of that filter.

``run(repeat)`` returns (name, ours_ms, baseline name, baseline_ms) rows, as
window_client/devtools/bench.py renders them; ``rows(repeat)`` the same with every
run's seconds, and ``python -m window_client.devtools.bench_board`` prints min,
median and max of each."""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import time
from collections.abc import Callable

from window_client.core.board import BoardData, BoardFilter, board_figures
from window_client.core.workdays import WorkCalendar
from window_client.devtools.board_samples import sample_board_data

TODAY = dt.date(2026, 11, 27)
CASES = 50_000

Timed = tuple[str, list[float], str, list[float]]


def timed_interleaved(ours: Callable[[], object], base: Callable[[], object],
                      repeat: int) -> tuple[list[float], list[float]]:
    """Seconds of each run of ours and of the baseline, in turn (after one warm-up)."""
    ours()
    base()
    a, b = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ours()
        a.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        base()
        b.append(time.perf_counter() - t0)
    return a, b


def plain_count(data: BoardData, flt: BoardFilter) -> dict[str, int]:
    """The plainest equivalent: one pass, cases per one-thing in a dict."""
    counts: dict[str, int] = {}
    for c in data.cases:
        if flt.start <= c.accepted_on <= flt.end and c.state not in ("draft", "discarded") \
                and (flt.window_code is None or c.window_code == flt.window_code):
            counts[c.one_thing_id] = counts.get(c.one_thing_id, 0) + 1
    return counts


def rows(repeat: int = 10, cases: int = CASES) -> list[Timed]:
    calendar = WorkCalendar()
    data = sample_board_data(cases, calendar=calendar, today=TODAY)
    year = BoardFilter(TODAY - dt.timedelta(days=364), TODAY)

    def first_call() -> None:
        # a new BoardData object is a new load: the index is built again
        board_figures(dataclasses.replace(data), year, TODAY, calendar)

    out: list[Timed] = []
    ours, base = timed_interleaved(first_call, lambda: plain_count(data, year), repeat)
    out.append((f"board figures, first call on a load ({cases:,} cases, a year)", ours,
                "one pass counting cases per one-thing", base))
    board_figures(data, year, TODAY, calendar)   # the index of ``data``, kept
    for label, flt in (
            ("the year, window W01", BoardFilter(year.start, TODAY, window_code="W01")),
            ("the year, department 市人社局", BoardFilter(year.start, TODAY, department="rsj")),
            ("the last 30 days", BoardFilter(TODAY - dt.timedelta(days=29), TODAY)),
            ("the whole year again", year)):
        ours, base = timed_interleaved(lambda flt=flt: board_figures(data, flt, TODAY, calendar),
                                       lambda flt=flt: plain_count(data, flt), repeat)
        out.append((f"board figures, filter change: {label}", ours,
                    "one pass counting cases per one-thing", base))
    return out


def run(repeat: int = 10) -> list[tuple[str, float, str, float]]:
    """Median milliseconds, as bench.py's rows."""
    return [(name, statistics.median(a) * 1000, base, statistics.median(b) * 1000)
            for name, a, base, b in rows(repeat)]


def render(timed: list[Timed]) -> str:
    lines = []
    for name, a, base, b in timed:
        lines.append(f"{name}\n  ours      min {min(a) * 1000:8.1f}  median "
                     f"{statistics.median(a) * 1000:8.1f}  max {max(a) * 1000:8.1f} ms"
                     f"  ({len(a)} runs)\n  baseline  min {min(b) * 1000:8.1f}  median "
                     f"{statistics.median(b) * 1000:8.1f}  max {max(b) * 1000:8.1f} ms"
                     f"  ({len(b)} runs: {base})")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(rows()))
