"""Benchmarks of the case list over a store of 10,000 cases, each beside a baseline
measured in the same run on the same file:

- a page of the list per filter keystroke (count + first page, through the
  repository and shown in the view) beside a bare sqlite3 query with the same
  WHERE / ORDER BY / LIMIT and the same count;
- opening the 办件 view (built, shown, first page and count) beside the bare query;
- cold start to the usable main window with 10,000 cases beside the same start
  with an empty store.

Ours and the baseline alternate run by run, so a busy machine slows both alike.
``run(repeat)`` returns (name, ours_ms, baseline name, baseline_ms) rows."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from window_client.catalog.loader import load_catalog
from window_client.devtools.bench_reliability import interleaved
from window_client.core.case_state import CaseState
from window_client.core.engine import compute_plan
from window_client.core.snapshot import take_snapshot
from window_client.store.db import open_database
from window_client.core.records import CaseListQuery, MaterialRecord
from window_client.store.repository import CaseRepository

ROOT = Path(__file__).resolve().parents[3]  # the checkout: window_client/qt/devtools/…
CASES = 10_000
PAGE = 100   # CaseTableModel.PAGE_SIZE

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
_STATES = [CaseState.DRAFT] * 2 + [CaseState.QUEUED] + [CaseState.SUBMITTED] * 2 + \
    [CaseState.ACCEPTED] * 2 + [CaseState.IN_REVIEW] * 2 + [CaseState.READY] + \
    [CaseState.ISSUED] * 6 + [CaseState.RETURNED, CaseState.REFUSED]


def make_store(path: Path, n: int = CASES) -> None:
    """A migrated store at ``path`` with ``n`` cases whose JSON columns are as large
    as a real accepted newborn case's (answers, form, meta and snapshot), inserted
    with sqlite3 in one transaction."""
    catalog = load_catalog()
    engine = open_database(path)
    if n == 0:
        engine.dispose()
        return
    repo = CaseRepository(engine)
    one = catalog.definitions["newborn"]
    answers = one.default_answers()
    plan = compute_plan(one, catalog.dictionary, answers)
    records = [MaterialRecord(m.spec.id, m.spec.name, m.tag.value, m.to_hand_in, 1)
               for m in plan.materials]
    values = {f.entry.key: "示例填写内容" for f in plan.fields}
    snapshot = take_snapshot(plan, catalog, records, dt.datetime(2026, 11, 2, 9, 0),
                             catalog_version=catalog.version).to_json()
    answers_json = json.dumps(answers, ensure_ascii=False, sort_keys=True)
    form_json = json.dumps(values, ensure_ascii=False, sort_keys=True)
    meta_json = json.dumps({"step": "review", "applicant_kind": "person",
                            "checklist": {r.material_id: True for r in records}},
                           ensure_ascii=False)
    engine.dispose()
    del repo
    start = dt.datetime(2025, 1, 1, 8, 30)
    rows = []
    for i in range(n):
        created = start + dt.timedelta(minutes=47 * i)
        day = created.strftime("%Y%m%d")
        state = _STATES[i % len(_STATES)]
        name = _SURNAMES[i % len(_SURNAMES)] + _GIVEN[(i // 7) % len(_GIVEN)]
        id_number = f"3607{(i * 7919) % 100:02d}19{60 + i % 40:02d}{1 + i % 12:02d}" \
                    f"{1 + i % 28:02d}{i % 1000:03d}{'X' if i % 11 == 0 else i % 10}"
        platform_no = None if state in (CaseState.DRAFT, CaseState.QUEUED) else f"GZ{i:08d}"
        rows.append((str(uuid.UUID(int=i + 1)), f"W01-{day}-{i % 10000:04d}", "W01",
                     "newborn", catalog.version, state.value, name, id_number, answers_json,
                     form_json, 3, "王丽", created, created + dt.timedelta(minutes=5 + i % 300),
                     platform_no, meta_json,
                     None if state == CaseState.DRAFT else snapshot))
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO cases (id, provisional_no, window_code, one_thing_id, catalog_version,"
            " state, applicant_name, applicant_id_number, answers_json, form_json, revision,"
            " created_by, created_at, updated_at, platform_no, meta_json, snapshot_json)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [r[:12] + (r[12].isoformat(" "), r[13].isoformat(" ")) + r[14:] for r in rows])
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# -- the bare baseline ---------------------------------------------------------
BARE_PAGE = (
    "SELECT id, provisional_no, platform_no, one_thing_id, state, applicant_name,"
    " applicant_id_number, created_by, created_at, updated_at FROM cases{where}"
    " ORDER BY updated_at DESC, provisional_no DESC LIMIT ? OFFSET 0")
BARE_COUNT = "SELECT count(*) FROM cases{where}"
BARE_TEXT = (" WHERE (provisional_no LIKE ? ESCAPE '\\' OR platform_no LIKE ? ESCAPE '\\'"
             " OR applicant_name LIKE ? ESCAPE '\\' OR applicant_id_number LIKE ? ESCAPE '\\')")


def bare_page(conn: sqlite3.Connection, text: str) -> tuple[int, list[tuple[object, ...]]]:
    """The same WHERE / ORDER BY / LIMIT and count the repository runs, by hand."""
    if text:
        like = (f"%{text}%",) * 4
        total = conn.execute(BARE_COUNT.format(where=BARE_TEXT), like).fetchone()[0]
        rows = conn.execute(BARE_PAGE.format(where=BARE_TEXT), like + (PAGE,)).fetchall()
    else:
        total = conn.execute(BARE_COUNT.format(where="")).fetchone()[0]
        rows = conn.execute(BARE_PAGE.format(where=""), (PAGE,)).fetchall()
    return total, rows


COLD_APP = r"""
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
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
w.tabs.setCurrentWidget(w.cases_view)
app.processEvents()
print(time.perf_counter() - t0)
"""


def _cold_once(db: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", COLD_APP, str(ROOT), str(db)], check=True, env=env,
                   capture_output=True)
    return (time.perf_counter() - t0) * 1000


def run(repeat: int = 10, cases: int = CASES) -> list[tuple[str, float, str, float]]:
    """Rows of (name, ours_ms, baseline name, baseline_ms) over a store of ``cases``."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from window_client.qt.cases_view import CasesView
    from window_client.qt.db_executor import DbExecutor, InlineExecutor

    app = QApplication.instance() or QApplication(sys.argv)
    out: list[tuple[str, float, str, float]] = []
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        full, empty = Path(tmp) / "full" / "cases.sqlite3", Path(tmp) / "empty" / "cases.sqlite3"
        make_store(full, cases)
        make_store(empty, 0)
        repo = CaseRepository(open_database(full))
        conn = sqlite3.connect(full)

        def open_view() -> None:
            view = CasesView(repo, catalog, executor=InlineExecutor())
            view.resize(1440, 800)
            view.show()
            app.processEvents()
            view.close()
            view.deleteLater()

        ours, base = interleaved(open_view, lambda: bare_page(conn, ""), repeat)
        out.append((f"open the cases view, {cases:,} cases", ours,
                    "bare sqlite3 first page + count", base))
        view = CasesView(repo, catalog, executor=InlineExecutor())
        view.resize(1440, 800)
        view.show()
        app.processEvents()
        for label, query in (("name 王芳", "王芳"), ("ID number 3607021968", "3607021968"),
                             ("provisional no W01-2025", "W01-2025")):
            def type_query(query: str = query) -> None:
                for n in range(1, len(query) + 1):
                    view.search_edit.setText(query[:n])
                    app.processEvents()
                view.search_edit.clear()
                app.processEvents()

            def bare(query: str = query) -> None:
                for n in range(1, len(query) + 1):
                    bare_page(conn, query[:n])
                bare_page(conn, "")

            ours, base = interleaved(type_query, bare, repeat)
            out.append((f"filter per keystroke, {label}", ours / (len(query) + 1),
                        "bare sqlite3 WHERE/ORDER/LIMIT + count", base / (len(query) + 1)))
        # of a keystroke, what is Qt's: a page put in the model and painted, beside a
        # bare QTableView over a QStandardItemModel of the same texts
        page = repo.list_rows(CaseListQuery(text="王"), limit=PAGE)
        view.model.set_rows(page, len(page))
        texts = [[view.model.index(r, c).data() for c in range(view.model.columnCount())]
                 for r in range(view.model.rowCount())]
        plain = QStandardItemModel(0, len(texts[0]))
        table = QTableView()
        table.setModel(plain)
        table.resize(view.case_table.size())
        table.show()

        def repaint_ours() -> None:
            view.model.set_rows(page, len(page))
            app.processEvents()
            view.model.set_rows([], 0)
            app.processEvents()

        def repaint_plain() -> None:
            plain.setRowCount(0)
            for row in texts:
                plain.appendRow([QStandardItem(t) for t in row])
            app.processEvents()
            plain.setRowCount(0)
            app.processEvents()

        ours, base = interleaved(repaint_ours, repaint_plain, repeat)
        out.append(("a page shown and cleared (model + paint)", ours,
                    "bare QTableView, QStandardItemModel", base))
        table.close()
        view.close()
        # the same keystrokes through the store thread, as the window runs them:
        # from the key to the page shown, the query off the UI thread
        executor = DbExecutor()
        threaded = CasesView(repo, catalog, executor=executor)
        threaded.resize(1440, 800)
        threaded.show()
        app.processEvents()
        query = "王芳"

        def shown(text: str) -> None:
            done: list[bool] = []
            threaded.model.modelReset.connect(lambda: done.append(True))
            threaded.search_edit.setText(text)
            while not done:
                app.processEvents()
            threaded.model.modelReset.disconnect()
            app.processEvents()   # and painted

        def type_threaded() -> None:
            for n in range(1, len(query) + 1):
                shown(query[:n])
            shown("")

        def bare_keys() -> None:
            for n in range(1, len(query) + 1):
                bare_page(conn, query[:n])
            bare_page(conn, "")

        ours, base = interleaved(type_threaded, bare_keys, repeat)
        out.append(("filter per keystroke via the store thread, 王芳", ours / (len(query) + 1),
                    "bare sqlite3 WHERE/ORDER/LIMIT + count", base / (len(query) + 1)))
        threaded.close()
        executor.shutdown()
        conn.close()
        cold = max(3, repeat // 3)
        a, b = [], []
        for _ in range(cold):
            a.append(_cold_once(full))
            b.append(_cold_once(empty))
        out.append((f"cold start to the cases view, {cases:,} cases", statistics.median(a),
                    "the same, empty store", statistics.median(b)))
    return out


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name, ours, base_name, base in run(int(sys.argv[1]) if len(sys.argv) > 1 else 10):
        print(f"{name:<48} {ours:>9.3f}  {base_name:<40} {base:>9.3f}  {ours / base:>6.1f}x")
