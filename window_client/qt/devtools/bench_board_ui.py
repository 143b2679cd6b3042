"""The efficiency board's redraw: a BoardView holding ``sample_board_data(50_000)``,
timed from a filter change to the repainted widget (the figures, every series and
table updated, events processed, the widget grabbed), beside a baseline measured
run by run in turn: the figures alone (board_figures on the same filter), so the
difference is what the view adds.

``rows(repeat)`` returns (name, ours seconds, baseline name, baseline seconds);
``run(repeat)`` the medians in milliseconds, as window_client/devtools/bench.py
renders rows; ``python -m window_client.qt.devtools.bench_board_ui`` prints min,
median and max."""

from __future__ import annotations

import datetime as dt
import statistics
import sys

from window_client.core.board import BoardFilter, board_figures
from window_client.core.workdays import WorkCalendar
from window_client.devtools.bench_board import TODAY, Timed, render, timed_interleaved
from window_client.devtools.board_samples import DEPARTMENTS, ONE_THING_NAMES, sample_board_data


def rows(repeat: int = 10, cases: int = 50_000) -> list[Timed]:
    from PySide6.QtWidgets import QApplication

    from window_client.qt.board_view import BoardView
    from window_client.qt.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    if isinstance(app, QApplication):
        apply_theme(app)
    calendar = WorkCalendar()
    data = sample_board_data(cases, calendar=calendar, today=TODAY)
    view = BoardView(lambda: data, ONE_THING_NAMES, DEPARTMENTS, calendar, today=lambda: TODAY)
    view.resize(1920, 1080)
    view.show()
    app.processEvents()
    out: list[Timed] = []
    codes = [view.window_combo.itemData(k) for k in range(1, 4)]
    for label, apply, flt_of in (
            ("window (alternating W01/W02/W03 and all)",
             lambda k: view.window_combo.setCurrentIndex(k % 4),
             lambda k: BoardFilter(*_range(view), window_code=([None] + codes)[k % 4])),
            ("range (this year / the last 90 days)",
             lambda k: view.set_quick_range("this_year" if k % 2 else "last_90"),
             lambda k: BoardFilter(dt.date(TODAY.year, 1, 1) if k % 2
                                   else TODAY - dt.timedelta(days=89), TODAY))):
        step = iter(range(10 ** 6))
        base_step = iter(range(10 ** 6))

        def ours(apply=apply, step=step) -> None:
            apply(next(step))
            app.processEvents()
            view.grab()

        def base(flt_of=flt_of, base_step=base_step) -> None:
            board_figures(data, flt_of(next(base_step)), TODAY, calendar)

        a, b = timed_interleaved(ours, base, repeat)
        out.append((f"board view redraw at {cases:,} cases: {label}", a,
                    "board_figures alone, same filter", b))
    view.close()
    view.deleteLater()
    return out


def _range(view) -> tuple[dt.date, dt.date]:
    flt = view.current_filter()
    return flt.start, flt.end


def run(repeat: int = 10) -> list[tuple[str, float, str, float]]:
    return [(name, statistics.median(a) * 1000, base, statistics.median(b) * 1000)
            for name, a, base, b in rows(repeat)]


if __name__ == "__main__":
    print(render(rows()))
