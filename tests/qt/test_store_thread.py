"""The store off the UI thread: one serialized executor (its results on the main
thread, in order), the debounced draft save through it, and views that refresh
from change notifications instead of by hand."""

import threading

import pytest

from window_client.core.case_state import CaseState
from window_client.qt.case_table_model import CaseTableModel
from window_client.qt.db_executor import DbExecutor, InlineExecutor
from window_client.qt.store_events import StoreEvents, refresh_when_shown
from window_client.core.storage_errors import StorageFull
from window_client.sync.engine import SyncReport

from .helpers import type_text


@pytest.fixture
def executor(qtbot):
    executor = DbExecutor()
    yield executor
    executor.shutdown()


def test_jobs_run_in_order_on_one_thread_and_answer_on_the_main_thread(executor, qtbot):
    ran, answered = [], []
    main = threading.current_thread()

    def job(n):
        ran.append((n, threading.current_thread().name))
        return n

    for n in range(20):
        executor.submit(lambda n=n: job(n),
                        lambda result: answered.append((result, threading.current_thread())))
    qtbot.waitUntil(lambda: len(answered) == 20)
    assert [n for n, _ in ran] == list(range(20))
    assert len({name for _, name in ran}) == 1 and ran[0][1].startswith("store")
    assert [r for r, _ in answered] == list(range(20))
    assert all(t is main for _, t in answered)


def test_an_exception_is_handed_over_and_call_waits_behind_what_was_submitted(executor, qtbot):
    gate, order, got = threading.Event(), [], []
    executor.submit(lambda: (gate.wait(5), order.append("first")))
    executor.submit(lambda: 1 / 0, got.append)
    gate.set()
    assert executor.call(lambda: order.append("second") or "done") == "done"
    assert order == ["first", "second"]
    with pytest.raises(ValueError):
        executor.call(lambda: int("x"))
    qtbot.waitUntil(lambda: len(got) == 1)
    assert isinstance(got[0], ZeroDivisionError)


def test_after_shutdown_nothing_is_delivered(qtbot):
    executor = DbExecutor()
    got = []
    gate = threading.Event()
    executor.submit(lambda: gate.wait(5))
    executor.submit(lambda: "late", got.append)
    gate.set()
    executor.shutdown()
    qtbot.wait(50)
    assert got == []
    executor.submit(lambda: got.append("never"), got.append)   # dropped
    with pytest.raises(RuntimeError):
        executor.call(lambda: None)
    qtbot.wait(20)
    assert got == []


def test_the_inline_executor_runs_at_once():
    got = []
    InlineExecutor().submit(lambda: 2, got.append)
    InlineExecutor().submit(lambda: 1 / 0, got.append)
    assert got[0] == 2 and isinstance(got[1], ZeroDivisionError)
    assert InlineExecutor().call(lambda: 3) == 3


def test_refresh_when_shown_coalesces_and_waits_while_hidden(qtbot):
    from PySide6.QtWidgets import QWidget
    events = StoreEvents()
    widget = QWidget()
    qtbot.addWidget(widget)
    calls = []
    refresh_when_shown(widget, lambda: calls.append(1), events.cases_changed)
    events.cases_changed.emit()
    qtbot.wait(20)
    assert calls == []            # hidden: stale only
    widget.show()
    qtbot.waitUntil(lambda: calls == [1])
    for _ in range(5):
        events.cases_changed.emit()
    qtbot.waitUntil(lambda: len(calls) == 2)
    qtbot.wait(20)
    assert len(calls) == 2        # a burst, one refresh


def test_sync_report_tells_cases_changed_only_when_something_moved(qtbot):
    events = StoreEvents()
    changed, finished = [], []
    events.cases_changed.connect(lambda: changed.append(1))
    events.sync_finished.connect(finished.append)
    events.sync_reported(SyncReport())
    assert len(finished) == 1 and changed == []
    events.sync_reported(SyncReport(submitted=["W01-20261102-0001"]))
    events.sync_reported(SyncReport(events=2))
    assert len(finished) == 3 and len(changed) == 2


# -- in the main window ---------------------------------------------------------

def _start_applicant(window):
    w = window.acceptance
    w.start_case("newborn")
    w.go_next()
    return w


def test_debounced_draft_save_runs_on_the_store_thread(main_window, wiring, qtbot,
                                                       monkeypatch):
    threads = []
    save_draft = wiring.cases.save_draft

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return save_draft(*args, **kwargs)

    monkeypatch.setattr(wiring.cases, "save_draft", spy)
    w = _start_applicant(main_window)
    threads.clear()
    revision = w.session.case.revision
    with qtbot.waitSignal(w.draft_saved, timeout=3000) as saved:
        type_text(w.pages["applicant"].editors["applicant.name"].line, "李娜")
    assert threads and all(name.startswith("store") for name in threads)
    assert saved.args[0] > revision and w.session.case.revision == saved.args[0]
    assert wiring.cases.get(w.session.case.id).applicant_name == "李娜"


def test_an_older_save_answering_late_does_not_win(main_window, wiring, qtbot):
    w = _start_applicant(main_window)
    type_text(w.pages["applicant"].editors["applicant.name"].line, "李娜")
    w.save_timer.stop()
    w.save_later()             # queued on the store thread …
    assert w.save_now()        # … and this one waits behind it
    newest = w.session.case.revision
    qtbot.wait(50)             # the debounced one's answer arrives after
    assert w.session.case.revision == newest == wiring.cases.get(w.session.case.id).revision


def test_a_debounced_save_on_a_full_disk_keeps_the_draft(main_window, wiring, qtbot,
                                                         monkeypatch):
    w = _start_applicant(main_window)

    def full(*_a, **_k):
        raise StorageFull("database")

    monkeypatch.setattr(wiring.cases, "save_draft", full)
    w.save_later()
    qtbot.waitUntil(lambda: not w.storage_label.isHidden())
    assert not w.storage_ok() and "磁盘空间已满" in w.storage_label.text()
    monkeypatch.undo()
    w.storage_retry_timer.setInterval(50)
    w.storage_retry_timer.start()
    qtbot.waitUntil(w.storage_ok, timeout=3000)


def test_cases_view_follows_confirm_and_saves_without_a_hand_refresh(main_window, wiring,
                                                                     qtbot):
    window = main_window
    view = window.cases_view
    w = _start_applicant(window)
    type_text(w.pages["applicant"].editors["applicant.name"].line, "李娜")
    assert w.save_now()
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1
                    and view.model.index(0, CaseTableModel.COL_APPLICANT).data() == "李娜")
    # a case confirmed elsewhere (a second session on the same store) shows up at once
    # while the list is visible, when the store says so
    other = window.services.new_session()
    other.start("newborn")
    wiring.cases.transition(other.case.id, CaseState.QUEUED, clerk="wangli")
    window.events.cases_changed.emit()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)


def test_sync_reports_refresh_the_header_and_the_lists(main_window, qtbot):
    # main_window has no platform: the header stays "未连接", yet the list reloads
    window = main_window
    view = window.cases_view
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    other = window.services.new_session()
    other.start("newborn")
    window.show_sync_report(SyncReport(events=1))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert window.platform_label.text() == "平台:未配置(仅本机账号)"
