"""Supervision on the screen: the cases view's due date and countdown columns, the
urgency colours and order; the 办理进度 tab (each item's nodes, the countdown, an
urge by hand — a refused one keeps what was typed); the 效能看板 tab only for hall
managers, with the urging rule saved into the hall settings."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from window_client.core.engine import compute_plan
from window_client.core.roles import Clerk
from window_client.core.snapshot import take_snapshot
from window_client.core.supervision import UrgeRule
from window_client.core.workdays import WorkCalendar
from window_client.qt.case_table_model import CaseTableModel
from window_client.qt.cases_view import CasesView
from window_client.qt.progress_panel import UrgeDialog
from window_client.services.cases import CaseService
from window_client.services.supervision import SupervisionService
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository
from window_client.store.supervision_repository import SupervisionRepository
from window_client.store.sync_repository import NodeChange, SyncRepository

from .helpers import make_window

CAL = WorkCalendar()
TODAY = dt.date(2026, 10, 12)   # Monday after National Day (10-10, a Saturday, worked)


def _confirmed(repo: CaseRepository, catalog, accepted: dt.datetime, name: str) -> str:
    one = catalog.definitions["newborn"]
    plan = compute_plan(one, catalog.dictionary, one.default_answers(),
                        start=accepted.date(), calendar=CAL)
    case = repo.create_draft(window_code="W01", one_thing_id="newborn",
                             catalog_version=catalog.version, clerk="wangli")
    repo.save_draft(case.id, clerk="wangli", answers=one.default_answers(),
                    form_values={"applicant.name": name}, applicant_name=name,
                    applicant_id_number="11010519491231002X")
    repo.confirm(case.id, [], take_snapshot(plan, catalog, [], accepted), clerk="wangli")
    return case.id


def _store(tmp_path, catalog):
    engine = open_database(tmp_path / "w.sqlite3")
    repo = CaseRepository(engine)
    ids = {name: _confirmed(repo, catalog, accepted, name) for name, accepted in (
        ("逾期", dt.datetime(2026, 9, 1, 10)),      # due long before 10-12
        ("临期", dt.datetime(2026, 9, 29, 10)),     # due soon after the holiday
        ("正常", dt.datetime(2026, 10, 12, 9)))}    # accepted today
    with engine.begin() as conn:   # submitted, as sync would have left them
        conn.exec_driver_sql("UPDATE cases SET state = 'in_review'")
    return engine, repo, ids


def test_due_date_and_countdown_columns_colours_and_the_urgency_order(qtbot, tmp_path,
                                                                      catalog):
    engine, repo, ids = _store(tmp_path, catalog)
    soon_due = repo.get(ids["临期"]).snapshot.due_date
    view = CasesView(CaseService(repo, "wangli"), catalog, calendar=CAL)
    qtbot.addWidget(view)
    view.model._today = lambda: soon_due   # the day the second case falls due
    view.refresh()
    view.urgent_button.click()
    model = view.model
    names = [model.index(r, CaseTableModel.COL_APPLICANT).data() for r in range(3)]
    assert names == ["逾期", "临期", "正常"]
    overdue = model.index(0, CaseTableModel.COL_REMAINING)
    assert overdue.data().startswith("已超期") and overdue.data().endswith("个工作日")
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) == QColor("#b91c1c")
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == QColor("#fde2e2")
    assert model.index(1, CaseTableModel.COL_REMAINING).data() == "今日到期"
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) == QColor("#fdf0c8")
    assert model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(1, CaseTableModel.COL_DUE).data() == soon_due.isoformat()
    assert model.headerData(CaseTableModel.COL_REMAINING, Qt.Orientation.Horizontal) == "剩余时限"


def test_the_progress_tab_shows_each_item_and_an_urge_keeps_what_was_typed(qtbot, tmp_path,
                                                                            catalog):
    engine, repo, ids = _store(tmp_path, catalog)
    case_id = ids["逾期"]
    items = repo.get(case_id).snapshot.items
    first = items[0]
    SyncRepository(engine).apply_feed([], 3, [
        NodeChange(case_id, 1, "accepted", dt.datetime(2026, 9, 1, 11)),
        NodeChange(case_id, 2, "dispatched", dt.datetime(2026, 9, 1, 14), first.code,
                   first.department),
        NodeChange(case_id, 3, "review", dt.datetime(2026, 9, 2, 9), first.code,
                   first.department)])
    supervision = SupervisionService(SupervisionRepository(engine), CAL,
                                     Clerk("wangli", "王丽", "clerk"), today=lambda: TODAY)
    view = CasesView(CaseService(repo, "wangli"), catalog, calendar=CAL,
                     supervision=supervision)
    qtbot.addWidget(view)
    dialog = view.open_details(case_id)
    panel = dialog.progress_panel
    assert panel.summary_label.text().startswith("承诺办结日期")
    assert "已超期" in panel.summary_label.text()
    tree = panel.tree
    top = [tree.topLevelItem(k).text(0) for k in range(tree.topLevelItemCount())]
    assert top[:len(items)] == [i.name for i in items] and top[-1] == "整件办件"
    first_row = tree.topLevelItem(0)
    assert [first_row.child(k).text(0) for k in range(first_row.childCount())] == [
        "部门已接收", "审核中"]
    assert first_row.child(0).text(2) == first.department_name
    assert "承诺" in first_row.text(3) and "已超期" in first_row.text(3)
    assert tree.topLevelItem(1).child(0).text(0) == "尚无部门办理记录"

    answers = iter([("快", False), ("申请人急需出生医学证明", True)])
    seen: list[str] = []

    def ask(dlg: UrgeDialog) -> bool:
        try:
            reason, _ = next(answers)
        except StopIteration:
            return False
        seen.append(dlg.reason_edit.toPlainText())   # what was typed before is kept
        dlg.reason_edit.setPlainText(reason)
        for code, box in dlg.item_boxes.items():
            box.setChecked(code == first.code)
        return True

    panel._ask_urge = ask
    with qtbot.waitSignal(panel.urged) as urged:
        assert panel.urge()
    assert urged.args == [1]
    assert seen == ["", "快"]
    labels = [first_row_now.text(0) for first_row_now in
              (tree.topLevelItem(0).child(k) for k in range(tree.topLevelItem(0).childCount()))]
    assert labels[-1] == "窗口催办"
    assert "已催办1个事项" in panel.hint_label.text()
    [urge] = supervision.urges(case_id)
    assert (urge.item_code, urge.reason, urge.auto) == (first.code, "申请人急需出生医学证明",
                                                         False)


def test_only_a_manager_has_the_board_and_the_rule_is_saved(qtbot, tmp_path, catalog):
    clerk_window, _ = make_window(qtbot, tmp_path / "a", catalog)
    tabs = [clerk_window.tabs.tabText(k) for k in range(clerk_window.tabs.count())]
    assert "效能看板" not in tabs and clerk_window.supervision_view is None

    settings_dir = tmp_path / "b"
    window, wiring = make_window(qtbot, settings_dir, catalog,
                                 clerk=Clerk("zhaomin", "赵敏", "manager"),
                                 settings_file=settings_dir / "settings.json")
    tabs = [window.tabs.tabText(k) for k in range(window.tabs.count())]
    assert "效能看板" in tabs
    view = window.supervision_view
    assert view is not None and view.auto_check.isChecked() and view.within_spin.value() == 1
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.board.data is not None, timeout=10_000)
    assert view.board.data.cases == ()
    view.auto_check.setChecked(True)
    view.within_spin.setValue(3)
    assert view.save_rule()
    saved = json.loads((settings_dir / "settings.json").read_text("utf-8"))
    assert (saved["urge_auto"], saved["urge_within_days"]) == (True, 3)
    assert wiring.urge_rule() == UrgeRule(True, 3)
    assert "剩余3个工作日以内" in view.rule_label.text()
