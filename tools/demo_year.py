"""A realistic year of a hall in a new store (and sandbox) database, for the
efficiency board, supervision and benchmarks (window_client/devtools/demo_year.py).

    .venv/bin/python tools/demo_year.py --database build/demo/window_client.sqlite3 \\
        [--cases 20000] [--windows 30] [--seed 1] [--today 2026-11-27] \\
        [--sandbox-db build/demo/platform.db]

Then e.g. ``python -m platform_sandbox --db build/demo/platform.db --pace workdays
--return-share 0.08`` serves the same cases, and the client runs on the store with
WINDOW_CLIENT_HOME=build/demo (its database is data/window_client.sqlite3 there: what
``make demo-year`` writes)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from window_client.catalog.loader import load_catalog  # noqa: E402
from window_client.devtools.demo_year import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True, help="the new store (SQLite)")
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--windows", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="the year ends the day before (default: today)")
    parser.add_argument("--sandbox-db", type=Path, default=None,
                        help="also a new platform sandbox database with the same cases")
    args = parser.parse_args(argv)
    try:
        report = generate(args.database, load_catalog(), cases=args.cases,
                          windows=args.windows, seed=args.seed, today=args.today,
                          sandbox_db=args.sandbox_db, progress=print)
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 1
    rated = max(1, report.ratings)
    print(f"{report.cases} cases, {report.items} items, {report.nodes} nodes "
          f"(feed cursor {report.feed_cursor}), {report.urges} urges, {report.issued} issued")
    print(f"returned {report.returned / report.cases:.1%}, refused {report.refused} whole "
          f"and {report.items_refused} items, late items "
          f"{report.late_items / max(1, report.finished_items):.1%}, "
          f"overdue open {report.overdue_open}")
    print("ratings " + ", ".join(f"{lv}: {report.levels.get(lv, 0) / rated:.1%}"
                                 for lv in (5, 4, 3, 2, 1)) + f" ({report.ratings})")
    print(f"{report.elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
