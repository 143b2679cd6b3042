"""The efficiency board and the urgency order on a store of a generated year
(devtools/demo_year.py, 50,000 cases by default), each beside a bare SQL
aggregate of the same data measured run by run in turn:

- opening the board: the facts read from the store (SupervisionRepository.
  board_data: its own snapshot), the index built and the figures of the last 30
  days (what the tab shows first), beside ``SELECT one_thing_id, count(*) …
  GROUP BY`` over the same cases on a plain sqlite3 connection;
- a filter change (a window over the year; a department) on the loaded facts,
  beside the same aggregate with the filter in its WHERE clause;
- the cases view's first page in the urgency order (CaseRepository.list_rows),
  beside the bare ``ORDER BY … LIMIT 100``.

``run(repeat, cases)`` returns (name, ours_ms, baseline, baseline_ms) rows for
bench.py; ``python -m window_client.devtools.bench_supervision`` prints min,
median and max of each with the run count."""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from window_client.catalog.loader import load_catalog
from window_client.core.board import BoardFilter, board_figures, board_index
from window_client.core.records import CaseListQuery
from window_client.core.workdays import WorkCalendar
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository
from window_client.store.supervision_repository import SupervisionRepository

Timed = tuple[str, list[float], str, list[float]]


def interleaved(ours: Callable[[], object], base: Callable[[], object],
                repeat: int) -> tuple[list[float], list[float]]:
    """Seconds of each run of ours and of the baseline, in turn (after a warm-up)."""
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


def rows(repeat: int = 5, cases: int = 50_000, database: Path | None = None) -> list[Timed]:
    from window_client.devtools.demo_year import generate
    catalog = load_catalog()
    calendar = WorkCalendar()
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as tmp:
        path = database or Path(tmp) / "year.sqlite3"
        if database is None or not database.exists():
            generate(path, catalog, cases=cases, windows=30, seed=1, today=today)
        engine = open_database(path)
        repo = SupervisionRepository(engine)
        bare = sqlite3.connect(path)
        month = BoardFilter(today - dt.timedelta(days=29), today)
        year = BoardFilter(today - dt.timedelta(days=364), today)

        def aggregate(where: str = "", args: tuple = ()) -> list:
            return bare.execute(
                "SELECT one_thing_id, count(*), count(finished_at), "
                "sum(substr(finished_at, 1, 10) <= due_date) FROM cases "
                "WHERE accepted_at >= ? AND accepted_at < ? " + where +
                " GROUP BY one_thing_id", args).fetchall()

        def day_after(d: dt.date) -> str:
            return (d + dt.timedelta(days=1)).isoformat()

        def open_board() -> None:
            data = repo.board_data()
            board_index(data, calendar, today)
            board_figures(data, month, today, calendar)

        out: list[Timed] = []
        a, b = interleaved(open_board,
                           lambda: aggregate("", (month.start.isoformat(), day_after(today))),
                           repeat)
        out.append((f"board open: facts of {cases:,} cases read, indexed, 30 days shown", a,
                    "bare SQL GROUP BY one-thing (30 days, same store)", b))
        data = repo.board_data()
        board_figures(data, month, today, calendar)
        window = "W05"
        departments = sorted({i.department for i in data.items})
        department = departments[len(departments) // 2] if departments else ""
        for label, flt, where, args in (
                (f"window {window}, the year", BoardFilter(year.start, today, window_code=window),
                 "AND window_code = ?", (year.start.isoformat(), day_after(today), window)),
                (f"department {department}, the year",
                 BoardFilter(year.start, today, department=department),
                 "AND id IN (SELECT case_id FROM case_items WHERE department = ?)",
                 (year.start.isoformat(), day_after(today), department))):
            a, b = interleaved(lambda flt=flt: board_figures(data, flt, today, calendar),
                               lambda where=where, args=args: aggregate(where, args), repeat)
            out.append((f"board filter change: {label}", a,
                        "bare SQL GROUP BY with that WHERE", b))
        cases_repo = CaseRepository(engine)
        query = CaseListQuery(order="urgency", descending=False)
        a, b = interleaved(
            lambda: cases_repo.list_rows(query, limit=100),
            lambda: bare.execute(
                "SELECT id, provisional_no, due_date FROM cases ORDER BY CASE state "
                "WHEN 'returned' THEN 1 WHEN 'draft' THEN 2 WHEN 'ready' THEN 3 "
                "WHEN 'issued' THEN 3 WHEN 'refused' THEN 3 ELSE 0 END, due_date "
                "LIMIT 100").fetchall(), repeat)
        out.append((f"cases view: first page by urgency ({cases:,} cases)", a,
                    "bare SQL ORDER BY urgency LIMIT 100", b))
        bare.close()
        engine.dispose()
    return out


def run(repeat: int = 5, cases: int = 50_000) -> list[tuple[str, float, str, float]]:
    """Median milliseconds, as bench.py's rows."""
    return [(name, statistics.median(a) * 1000, base, statistics.median(b) * 1000)
            for name, a, base, b in rows(repeat, cases)]


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
    import sys
    print(render(rows(cases=int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)))
