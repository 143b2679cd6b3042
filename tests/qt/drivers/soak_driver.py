"""A soak of the real main window: thousands of keystrokes and clicks through the
pick search, the applicant and form pages, the materials checklist and the cases
view, round after round, on a real SQLite file (under $WINDOW_CLIENT_HOME) and the
real catalog.

It samples ``sys.getrefcount`` of None, True and False after ``gc.collect()``: after
a warm-up round (so one-time caches do not count) and after the last round, and
prints one JSON line ``SOAK {...}``. A binding that drops a reference on every
void-returning call (PySide6 6.12.0 on CPython 3.11) drives None's count to zero and
aborts the process with ``Fatal Python error: none_dealloc`` long before the end;
tests/qt/test_soak.py runs this in a subprocess so that abort is a failed test.

    python tests/qt/drivers/soak_driver.py [--events 5000]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

import PySide6  # noqa: E402
from PySide6.QtCore import QEvent, QPoint, Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent, QKeyEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tests.qt.helpers import sample_value  # noqa: E402
from window_client.catalog.loader import load_catalog  # noqa: E402
from window_client.core.workdays import WorkCalendar  # noqa: E402
from window_client.qt.main_window import MainWindow  # noqa: E402
from window_client.settings import Paths, Settings  # noqa: E402
from window_client.core.roles import Clerk  # noqa: E402
from window_client.store.db import open_database  # noqa: E402
from window_client.wiring import Wiring  # noqa: E402

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton

#: (one-thing, what a clerk types while looking for it: pinyin, initials, a wrong
#: turn, and last the Chinese words that find it)
ROUNDS = [
    ("newborn", ["xinshenger", "xse", "chusheng", "cs"], "新生儿出生"),
    ("social_security_card", ["shebaoka", "sbk", "shebao"], "社保卡"),
    ("unemployment_benefit", ["shiye", "sybxj", "shiyejin"], "失业"),
    ("company_setup", ["qiyekaiban", "qykb", "kaiban"], "企业开办"),
]


def refcounts() -> dict[str, int]:
    gc.collect()
    return {"None": sys.getrefcount(None), "True": sys.getrefcount(True),
            "False": sys.getrefcount(False)}


class Clerk_:
    """Sends key and mouse events as a clerk does, counting every one."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.events = 0

    def keys(self, widget: QWidget, text: str) -> None:
        """Key events for ``text``; QTest.keyClicks for ASCII, and for other
        characters the key press/release a keyboard layout that has them sends
        (QTest.keyClicks asserts on non-ASCII text)."""
        for ch in text:
            if ch.isascii():
                QTest.keyClicks(widget, ch)
            else:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(widget, QKeyEvent(kind, 0, NO, ch))
            self.events += 1
        self.app.processEvents()

    def ime(self, widget: QWidget, text: str) -> None:
        """Chinese as an input method commits it, one character at a time."""
        for ch in text:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)
            self.events += 1
        self.app.processEvents()

    def key(self, widget: QWidget, key: Qt.Key, modifier=NO, times: int = 1) -> None:
        for _ in range(times):
            QTest.keyClick(widget, key, modifier)
            self.events += 1
        self.app.processEvents()

    def backspace(self, widget: QWidget, times: int) -> None:
        self.key(widget, Qt.Key.Key_Backspace, times=times)

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        if pos is None:
            QTest.mouseClick(widget, LEFT)
        else:
            QTest.mouseClick(widget, LEFT, NO, pos)
        self.events += 1
        self.app.processEvents()


def focused(fallback: QWidget) -> QWidget:
    return QApplication.focusWidget() or fallback


def pick(c: Clerk_, w, one_thing_id: str, detours: list[str], words: str) -> bool:
    edit = w.pick_page.search_edit
    edit.setFocus()
    c.key(edit, Qt.Key.Key_A, CTRL)
    c.backspace(edit, 1)
    for query in detours:
        c.keys(edit, query)
        c.key(edit, Qt.Key.Key_Down)          # into the results, and back up
        c.key(w.pick_page.result_list, Qt.Key.Key_Up)
        edit.setFocus()
        c.backspace(edit, len(query))
    c.keys(edit, words[:2])                   # Chinese by key events...
    c.backspace(edit, 2)
    c.ime(edit, words)                        # ...and through the input method
    results = w.pick_page.result_list
    ids = [results.item(n).data(Qt.ItemDataRole.UserRole + 2) for n in range(results.count())]
    if one_thing_id not in ids:
        print("NOT FOUND", one_thing_id, words, ids[:5], flush=True)
        return False
    c.key(edit, Qt.Key.Key_Down, times=ids.index(one_thing_id))
    c.key(results, Qt.Key.Key_Return) if ids.index(one_thing_id) else \
        c.key(edit, Qt.Key.Key_Return)
    return w.current_step() == "guide"


def fill(c: Clerk_, editors, state, *, retype: bool) -> None:
    """Every editor: combos stepped through with arrow keys, lines typed (with a
    slip corrected by backspace), Enter to move on."""
    for key, editor in editors.items():
        if editor.combo is not None:
            combo = editor.combo
            combo.setFocus()
            c.key(combo, Qt.Key.Key_Down, times=2)
            c.key(combo, Qt.Key.Key_Up, times=2)
            target = combo.findData(sample_value(editor.entry))
            if target >= 0:
                c.key(combo, Qt.Key.Key_Down, times=max(0, target - combo.currentIndex()))
            continue
        line = editor.line
        if line is None or (state.values.get(key) and not retype):
            continue
        line.setFocus()
        c.key(line, Qt.Key.Key_A, CTRL)
        c.backspace(line, 1)
        value = sample_value(editor.entry)
        ascii_part = "".join(ch for ch in value if ord(ch) < 128)
        if ascii_part == value:
            c.keys(line, value[:-1] + "9")    # a slip ...
            c.backspace(line, 1)              # ... corrected
            c.keys(line, value[-1])
        else:
            c.keys(line, value[:1])
            c.backspace(line, 1)
            c.ime(line, value)
        c.key(line, Qt.Key.Key_Return)


def next_step(c: Clerk_, w) -> None:
    c.key(focused(w), Qt.Key.Key_Return, CTRL)


def materials(c: Clerk_, w) -> int:
    page = w.pages["materials"]
    toggled = 0
    for row in page.rows.values():
        for box in (row.received, row.missing):
            if box.isEnabled():
                for _ in range(3):            # on, off, on
                    c.click(box)
                    toggled += 1
        if row.copies.isEnabled():
            row.copies.setFocus()
            c.key(row.copies, Qt.Key.Key_Up, times=2)
            c.key(row.copies, Qt.Key.Key_Down, times=1)
    return toggled


def cases_view(c: Clerk_, window, rnd: int) -> int:
    tabs = window.tabs
    bar = tabs.tabBar()
    c.click(bar, bar.tabRect(tabs.indexOf(window.cases_view)).center())
    view = window.cases_view
    for query in ("WINDOW", "李", "3607", "草稿", "xyz"):
        view.search_edit.setFocus()
        if query.isascii():
            c.keys(view.search_edit, query)
        else:
            c.ime(view.search_edit, query)
        c.backspace(view.search_edit, len(query))
    view.state_combo.setFocus()
    c.key(view.state_combo, Qt.Key.Key_Down, times=3)
    c.key(view.state_combo, Qt.Key.Key_Up, times=3)
    table = view.case_table
    rows = view.model.rowCount()
    for r in range(min(rows, 6)):
        rect = table.visualRect(view.model.index(r, 0))
        c.click(table.viewport(), rect.center())
    table.setFocus()
    c.key(table, Qt.Key.Key_Down, times=min(rows, 4))
    c.click(view.refresh_button)
    c.click(bar, bar.tabRect(tabs.indexOf(window.acceptance)).center())
    return rows


def one_round(c: Clerk_, app: QApplication, window, rnd: int) -> dict:
    w = window.acceptance
    one_thing_id, detours, words = ROUNDS[rnd % len(ROUNDS)]
    reached = []
    if not pick(c, w, one_thing_id, detours, words):
        return {"round": rnd, "reached": reached}
    reached.append("pick")
    next_step(c, w)
    if w.current_step() == "applicant":
        reached.append("applicant")
        fill(c, w.pages["applicant"].editors, w.session.state, retype=True)
        next_step(c, w)
    if w.current_step() == "questions":
        reached.append("questions")
        next_step(c, w)
    if w.current_step() == "form":
        reached.append("form")
        fill(c, w.pages["form"].editors, w.session.state, retype=False)
        next_step(c, w)
    if w.current_step() == "materials":
        reached.append("materials")
        materials(c, w)
        QTest.qWait(350)  # the debounced draft save
    else:
        print("STUCK", one_thing_id, w.current_step(), w.problem_label.text(), flush=True)
    rows = cases_view(c, window, rnd)
    reached.append("cases")
    # back to the pick page the way a clerk does: Alt+← step by step
    for _ in range(8):
        if w.current_step() == "pick":
            break
        c.key(focused(w), Qt.Key.Key_Left, ALT)
    if w.current_step() != "pick":
        w.reset()
    app.processEvents()
    return {"round": rnd, "one_thing": one_thing_id, "reached": reached, "case_rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    started = time.monotonic()
    app = QApplication(sys.argv)
    paths = Paths.default()
    wiring = Wiring(paths, Settings(), load_catalog(), open_database(paths.database),
                    calendar=WorkCalendar(), has_platform=False)
    window = MainWindow(wiring.for_clerk(Clerk("wangli", "王丽", "clerk")))
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 5000)
    c = Clerk_(app)
    rounds = [one_round(c, app, window, 0)]   # warm-up: lazy imports, caches, first plan
    start_counts = refcounts()
    start_events = c.events
    samples = [dict(start_counts, events=c.events)]
    rnd = 1
    while c.events - start_events < args.events:
        rounds.append(one_round(c, app, window, rnd))
        samples.append(dict(refcounts(), events=c.events))
        print("ROUND", rnd, c.events, samples[-1], flush=True)
        rnd += 1
    end_counts = refcounts()
    result = {
        "pyside6": PySide6.__version__,
        "python": sys.version.split()[0],
        "events": c.events - start_events,
        "warmup_events": start_events,
        "rounds": rounds,
        "start": start_counts,
        "end": end_counts,
        "drift": {k: end_counts[k] - start_counts[k] for k in start_counts},
        "samples": samples,
        "seconds": round(time.monotonic() - started, 1),
    }
    print("SOAK " + json.dumps(result, ensure_ascii=False), flush=True)
    window.close()


if __name__ == "__main__":
    main()
