"""UI benchmarks, each beside a baseline measured in the same run: cold start to the
first usable window beside a bare PySide6 window; search latency per keystroke on
the real catalog and on one grown to 2,000 rows beside a plain substring filter;
building the largest merged form page beside a plain form of as many line edits."""

from __future__ import annotations

import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget

from window_client.devtools.bench import measure
from window_client.catalog.loader import load_catalog
from window_client.core.catalog import Catalog
from window_client.core.engine import compute_plan

ROOT = Path(__file__).resolve().parents[3]  # the checkout: window_client/qt/devtools/…

COLD_APP = r"""
import sys, time, os
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from window_client.devtools.bench import measure
from window_client.catalog.loader import load_catalog
from window_client.core.workdays import WorkCalendar
from window_client.qt.app import make_application
from window_client.qt.main_window import MainWindow
from window_client.core.roles import Clerk
from window_client.settings import Paths, Settings
from window_client.store.db import open_database
from window_client.wiring import Wiring
app = make_application(sys.argv)
db = Path(sys.argv[2])
paths = Paths(db.parent / "config", db.parent, db.parent / "logs")
wiring = Wiring(paths, Settings(), load_catalog(), open_database(db), calendar=WorkCalendar(),
                has_platform=False)
w = MainWindow(wiring.for_clerk(Clerk("bench", "基准", "clerk")))
w.show()
app.processEvents()
print(time.perf_counter() - t0)
"""

COLD_BARE = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
w = QWidget()
w.resize(1440, 900)
w.show()
app.processEvents()
print(time.perf_counter() - t0)
"""


def _cold(script: str, args: list[str], repeat: int) -> float:
    """Wall time from process start to the window shown, median, in ms."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", script, *args], check=True, env=env,
                       capture_output=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def grown_catalog(catalog: Catalog, size: int) -> Catalog:
    rows = dict(catalog.rows)
    base = list(catalog.rows.values())
    seq = max(rows) + 1
    while len(rows) < size:
        src = base[seq % len(base)]
        name = f"{src.name or '未列名称'}(分{seq})"
        rows[seq] = dataclasses.replace(src, seq=seq, name=name)
        seq += 1
    return dataclasses.replace(catalog, rows=rows)


def run(repeat: int = 10):
    """Rows of (name, ours_ms, baseline name, baseline_ms)."""
    from window_client.qt.pages.form_page import FormPage
    from window_client.qt.pages.pick_page import PickPage

    app = QApplication.instance() or QApplication(sys.argv)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        cold_repeat = max(3, repeat // 3)
        out.append(("cold start to usable window",
                    _cold(COLD_APP, [str(ROOT), str(Path(tmp) / "bench.sqlite3")], cold_repeat),
                    "bare PySide6 window", _cold(COLD_BARE, [], cold_repeat)))
    catalog = load_catalog()
    query = "xinsheng"
    for label, cat in (("186 rows", catalog), ("2,000 rows", grown_catalog(catalog, 2000))):
        page = PickPage(cat)
        names = [e.display_name for e in cat.entries()]

        def type_query(page: PickPage = page) -> None:
            for n in range(1, len(query) + 1):
                page.update_results(query[:n])

        def plain(names: list[str] = names) -> None:
            for n in range(1, len(query) + 1):
                [x for x in names if query[:n] in x]

        out.append((f"search per keystroke, {label}", measure(type_query, repeat) / len(query),
                    "plain substring filter", measure(plain, repeat) / len(query)))
    # the largest merged form over the configured one-things' default answers
    plans = [compute_plan(one, catalog.dictionary, one.default_answers(), via_agent=True)
             for one in catalog.definitions.values()]
    plan = max(plans, key=lambda p: len(p.fields))
    page = FormPage()

    class _Session:  # the page reads only these two attributes while building
        state = type("S", (), {"values": {}, "sources": {}})()
    page.session = _Session()

    def build() -> None:
        page._signature = None
        page.build(plan)

    def bare() -> None:
        holder = QWidget()
        form = QFormLayout(holder)
        for f in plan.fields:
            form.addRow(f.entry.label, QLineEdit())

    out.append((f"build form page ({len(plan.fields)} fields, {plan.one_thing.id})",
                measure(build, repeat), "plain QFormLayout of line edits",
                measure(bare, repeat)))
    app.processEvents()
    return out
