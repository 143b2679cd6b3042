"""The storage screens on real SQLite files: the wizard on a full database keeps
what was typed, says so in Chinese and saves it when space returns; the restore
offer at start (main.open_store, the dialog clicked as a clerk would) restores
the latest good backup and lists the cases it lacks; the daily maintenance runs
off the UI thread once a day."""

import datetime as dt
import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.qt.helpers import make_window, type_text
from tests.services.test_storage_faults import (NAME, add_cases, damage, home_paths,
                                                limit_pages, page_count)
from window_client.qt.storage_dialogs import MaintenanceTimer, RestoreDialog
from window_client.services.recovery import plan_restore
from window_client.store import backup
from window_client.store.db import open_database
from window_client.store.maintenance import Maintenance
from window_client.store.repository import CaseRepository


def test_full_database_keeps_the_typed_draft_and_saves_it_when_space_returns(
        qtbot, tmp_path, catalog):
    engine = open_database(tmp_path / "window.sqlite3")
    window, wiring = make_window(qtbot, tmp_path, catalog, engine=engine)
    cases = wiring.cases
    w = window.acceptance
    w.storage_retry_timer.setInterval(100)
    w.start_case("newborn")
    w.go_next()
    case_id = w.session.case.id
    limit = {}
    limit_pages(engine, limit)
    limit["pages"] = page_count(engine)
    engine.dispose()

    type_text(w.pages["applicant"].editors["applicant.name"].line, NAME)
    w.session.set_value("applicant.address", "章贡区红旗大道" * 2000)  # beyond the pages left
    assert w.save_now() is False
    assert not w.storage_label.isHidden() and "磁盘空间已满" in w.storage_label.text()
    assert "草稿未保存" in window.statusBar().currentMessage()  # not a stale "已保存"
    assert not w.storage_ok()
    assert cases.get(case_id).applicant_name is None
    w.reset()                                   # back to the pick page would drop it: refused
    assert w.session is not None and w.session.state.values["applicant.name"] == NAME
    qtbot.wait(300)                             # retries keep failing while full
    assert not w.storage_ok()

    limit["pages"] = 0                          # space is back
    engine.dispose()
    qtbot.waitUntil(w.storage_ok, timeout=5000)
    assert w.storage_label.isHidden()
    assert "草稿未保存" not in window.statusBar().currentMessage()
    saved = cases.get(case_id)
    assert saved.applicant_name == NAME and saved.form_values["applicant.address"].startswith("章贡区")


def _click_when_shown(qtbot, names: list[str]) -> QTimer:
    """Clicks, in turn, the named button of each modal box that opens."""
    todo = list(names)
    timer = QTimer()

    def tick() -> None:
        box = QApplication.activeModalWidget()
        if box is None or not todo:
            return
        button = box.findChild(object, todo[0]) if todo[0] != "ok" else \
            box.button(QMessageBox.StandardButton.Ok)
        if button is not None:
            todo.pop(0)
            button.click()

    timer.timeout.connect(tick)
    timer.start(50)
    return timer


def test_damaged_database_at_start_offers_the_backup_and_restores_it(qtbot, tmp_path):
    from window_client.qt.startup import open_store
    paths = home_paths(tmp_path / "home")
    engine = open_database(paths.database)
    cases = CaseRepository(engine)
    before = add_cases(cases, 30)
    good = Maintenance(paths.database).run().backup
    after = add_cases(cases, 2)
    engine.dispose()
    damage(paths.database, "damaged_page")

    plan = plan_restore(paths.database)
    dialog = RestoreDialog(plan)
    qtbot.addWidget(dialog)
    text = dialog.text() + dialog.informativeText()
    assert "已损坏" in text and good.label in text
    assert all(c.provisional_no in text for c in after)
    assert dialog.restore_button.text() == "恢复最近的备份"

    timer = _click_when_shown(qtbot, ["restore_button", "ok"])
    restored = open_store(paths, 14, logging.getLogger("test"))
    timer.stop()
    assert restored is not None
    assert CaseRepository(restored).count() == len(before)
    assert list((paths.data_dir / "damaged").glob("*-damaged-*.sqlite3"))


def test_quitting_the_restore_offer_leaves_the_damaged_file_alone(qtbot, tmp_path):
    from window_client.qt.startup import open_store
    paths = home_paths(tmp_path / "home")
    engine = open_database(paths.database)
    add_cases(CaseRepository(engine), 3)
    Maintenance(paths.database).run()
    engine.dispose()
    damage(paths.database, "truncated")
    size = paths.database.stat().st_size
    timer = _click_when_shown(qtbot, ["quit_button"])
    assert open_store(paths, 14, logging.getLogger("test")) is None
    timer.stop()
    assert paths.database.stat().st_size == size
    assert not (paths.data_dir / "damaged").exists()


def test_daily_maintenance_runs_off_the_ui_thread_once_a_day(qtbot, tmp_path):
    db = tmp_path / "data" / "window_client.sqlite3"
    engine = open_database(db)
    add_cases(CaseRepository(engine), 1)
    day = [dt.datetime(2026, 11, 20, 9, 0)]
    timer = MaintenanceTimer(Maintenance(db, keep=3).run_if_due, clock=lambda: day[0])
    with qtbot.waitSignal(timer.finished_run, timeout=10000) as first:
        timer.run_now()
    assert first.args[0].backup is not None and first.args[0].healthy
    with qtbot.waitSignal(timer.finished_run, timeout=10000) as second:
        timer.run_now()
    assert second.args[0] is None                     # done today already
    day[0] += dt.timedelta(days=1)
    with qtbot.waitSignal(timer.finished_run, timeout=10000) as third:
        timer.run_now()
    assert third.args[0].backup is not None
    assert len(backup.list_backups(db)) == 2
    engine.dispose()
