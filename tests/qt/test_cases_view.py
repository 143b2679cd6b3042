import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest

from window_client.core.case_state import CaseState
from window_client.qt.case_details_dialog import CaseDetailsDialog
from window_client.qt.case_table_model import CaseTableModel
from window_client.qt.cases_view import CasesView
from window_client.qt.db_executor import DbExecutor
from window_client.qt.store_events import StoreEvents
from window_client.store.db import open_database
from window_client.services.cases import CaseService
from window_client.store.repository import (CaseListQuery, CaseListRow, CaseRepository,
                                            MaterialRecord)

from .helpers import type_text

ID_WANG = "11010519491231002X"
ID_LI = "360702199003151234"
ID_ZHAO = "360702198811204321"
NAMES = {"newborn": "新生儿出生(婚育户一链办)"}


def _row(case_id, no, name, id_number, state, minute, platform_no=None):
    at = dt.datetime(2026, 11, 2, 9, minute)
    return CaseListRow(case_id, no, platform_no, "newborn", state, name,
                       id_number[:6] + "********" + id_number[-4:], "王丽", at, at)


ROWS = [
    _row("a", "W01-20261102-0001", "王芳", ID_WANG, CaseState.DRAFT, 30),
    _row("b", "W01-20261102-0002", "李娜", ID_LI, CaseState.QUEUED, 10),
    _row("c", "W01-20261102-0003", "赵敏", ID_ZHAO, CaseState.RETURNED, 50, "GZ2026-778899"),
]


def _model(rows=ROWS, matching=None):
    model = CaseTableModel(lambda one: NAMES.get(one, one))
    model.set_rows(rows, matching)
    return model


def _column(model, col, role=Qt.ItemDataRole.DisplayRole):
    return [model.index(r, col).data(role) for r in range(model.rowCount())]


def test_model_rows_and_columns_without_a_view(qtbot):
    model = _model()
    assert model.rowCount() == 3 and model.columnCount() == 9
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.headerData(CaseTableModel.COL_ID_NUMBER, Qt.Orientation.Horizontal) == "身份证号"
    first = [model.index(0, c).data() for c in range(7)]
    assert first == ["W01-20261102-0001", "新生儿出生(婚育户一链办)", "王芳",
                     "110105********002X", "草稿", "2026-11-02 09:30", "王丽"]
    assert model.index(0, 3).data(CaseTableModel.CaseIdRole) == "a"
    assert model.index(1, 0).data(CaseTableModel.StateRole) == CaseState.QUEUED
    assert model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole) == "平台办件编号:GZ2026-778899"
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "尚未提交到平台"
    assert model.data(QModelIndex()) is None


def test_model_fetches_more_pages_on_demand(qtbot):
    model = _model(ROWS[:2], matching=3)
    asked = []
    model.more_wanted.connect(asked.append)
    assert model.canFetchMore()
    model.fetchMore()
    assert asked == [2] and not model.canFetchMore()  # one page at a time
    with qtbot.waitSignal(model.rowsInserted):
        model.append_rows(ROWS[2:])
    assert model.rowCount() == 3 and not model.canFetchMore()
    assert not model.canFetchMore(model.index(0, 0))


def test_model_sorting_asks_the_store(qtbot):
    model = _model()
    with qtbot.waitSignal(model.order_changed) as blocker:
        model.sort(CaseTableModel.COL_STATE, Qt.SortOrder.AscendingOrder)
    assert blocker.args == ["state", False]
    with qtbot.waitSignal(model.order_changed) as blocker:
        model.sort(CaseTableModel.COL_UPDATED, Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["updated_at", True]


def test_set_rows_resets(qtbot):
    model = CaseTableModel()
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(ROWS[:2])
    assert model.rowCount() == 2 and model.matching == 2


# -- the view over a real database ---------------------------------------------

class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 2, 9, 0)

    def __call__(self):
        self.now += dt.timedelta(minutes=5)
        return self.now


@pytest.fixture
def repo(tmp_path):
    return CaseRepository(open_database(tmp_path / "x.sqlite3"), clock=Clock())


def make_case(repo, catalog, name, id_number, clerk="王丽", form=None):
    case = repo.create_draft(window_code="W01", one_thing_id="newborn",
                             catalog_version=catalog.version, clerk=clerk)
    values = {"applicant.name": name, "applicant.id_number": id_number}
    values.update(form or {})
    repo.save_draft(case.id, clerk=clerk, answers={"parents_married": True}, form_values=values,
                    applicant_name=name, applicant_id_number=id_number)
    return case.id


@pytest.fixture
def cases(repo, catalog, tmp_path):
    draft = make_case(repo, catalog, "王芳", ID_WANG, form={
        "child.name": "王小明", "child.sex": "male", "child.birth_date": "2026-10-28",
        "contact.mobile": "13912345678", "mother.id_number": ID_LI})
    repo.set_materials(draft, [
        MaterialRecord("birth_medical_certificate", "出生医学证明(第二联)", "hand_in", True, 1),
        MaterialRecord("marriage_certificate", "结婚证", "e_licence"),
        MaterialRecord("child_photo", "新生儿近期免冠彩色照片(电子版)", "may_be_missing",
                       missing_deadline=dt.date(2026, 11, 9)),
    ], clerk="王丽")
    scan = tmp_path / "出生证明.jpg"
    scan.write_bytes(b"\xff\xd8" + b"0" * 2046)
    repo.attach_file(draft, "birth_medical_certificate", scan, files_dir=tmp_path / "files",
                     clerk="王丽")
    queued = make_case(repo, catalog, "李娜", ID_LI, clerk="李强")
    repo.transition(queued, CaseState.QUEUED, clerk="李强", note="已核对")
    returned = make_case(repo, catalog, "赵敏", ID_ZHAO)
    repo.transition(returned, CaseState.QUEUED, clerk="王丽")
    repo.transition(returned, CaseState.SUBMITTED, clerk="王丽", platform_no="GZ2026-778899")
    repo.transition(returned, CaseState.RETURNED, clerk="系统", note="缺少户口簿首页")
    return {"draft": draft, "queued": queued, "returned": returned}


@pytest.fixture
def view(repo, catalog, cases, qtbot):
    view = CasesView(CaseService(repo, "wangli"), catalog)
    qtbot.addWidget(view)
    view.resize(1100, 500)
    view.show()
    return view


def test_list_rows_are_light_and_masked(repo, catalog, cases):
    rows = {r.id: r for r in repo.list_rows()}
    draft = rows[cases["draft"]]
    assert isinstance(draft, CaseListRow) and draft.one_thing_id == "newborn"
    assert draft.applicant_id_masked == "110105********002X" and draft.state == CaseState.DRAFT
    assert ID_WANG not in repr(draft)
    assert rows[cases["returned"]].platform_no == "GZ2026-778899"
    assert repo.count_rows() == 3


@pytest.mark.parametrize("text, expected", [
    ("0002", ["queued"]), ("W01-2026", ["draft", "queued", "returned"]), ("李娜", ["queued"]),
    ("王", ["draft"]), (ID_WANG, ["draft"]), (ID_WANG.lower(), ["draft"]),
    ("3607021990 0315 1234", ["queued"]), ("GZ2026", ["returned"]), ("********", []),
    ("", ["draft", "queued", "returned"]), ("%", []), ("_", []),
])
def test_store_searches_numbers_names_and_full_id(repo, cases, text, expected):
    query = CaseListQuery(text=text)
    found = [r.id for r in repo.list_rows(query)]
    assert sorted(found) == sorted(cases[k] for k in expected)
    assert repo.count_rows(query) == len(expected)


def test_store_filters_by_state_and_text_together(repo, cases):
    returned = CaseListQuery(states=frozenset({CaseState.RETURNED}))
    assert [r.id for r in repo.list_rows(returned)] == [cases["returned"]]
    assert repo.list_rows(CaseListQuery(text="李娜", states=returned.states)) == []
    both = CaseListQuery(states=frozenset({CaseState.RETURNED, CaseState.DRAFT}))
    assert {r.id for r in repo.list_rows(both)} == {cases["returned"], cases["draft"]}


def test_store_orders_and_pages(repo, cases):
    newest = [r.id for r in repo.list_rows()]
    assert newest == [cases["returned"], cases["queued"], cases["draft"]]
    oldest = CaseListQuery(descending=False)
    assert [r.id for r in repo.list_rows(oldest)] == newest[::-1]
    assert [r.id for r in repo.list_rows(limit=2, offset=1)] == newest[1:]
    by_state = [r.state for r in repo.list_rows(CaseListQuery(order="state", descending=False))]
    assert by_state == [CaseState.DRAFT, CaseState.QUEUED, CaseState.RETURNED]  # life cycle
    with pytest.raises(ValueError):
        CaseListQuery(order="answers_json")


def test_list_query_uses_the_covering_index(repo, cases, tmp_path):
    with sqlite3.connect(tmp_path / "x.sqlite3") as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT id, provisional_no, platform_no, one_thing_id, state,"
            " applicant_name, applicant_id_number, created_by, created_at, updated_at"
            " FROM cases WHERE applicant_name LIKE '%王%'"
            " ORDER BY updated_at DESC, provisional_no DESC LIMIT 100").fetchall()
    assert "COVERING INDEX ix_cases_list" in " ".join(str(p[3]) for p in plan)


def test_view_lists_newest_first_and_counts(view, cases):
    assert view.count_label.text() == "共3件"
    assert view.search_edit.placeholderText() == "按受理编号、姓名或身份证号搜索"
    ids = _column(view.model, 0, CaseTableModel.CaseIdRole)
    assert ids == [cases["returned"], cases["queued"], cases["draft"]]
    assert [view.state_combo.itemText(i) for i in range(3)] == ["全部", "草稿", "待提交"]


def test_view_search_and_state_filter(view, cases):
    view.search_edit.setText(ID_ZHAO)  # the full number read off the card
    assert view.model.rowCount() == 1 and view.count_label.text() == "共1件(全部3件)"
    assert view.model.index(0, CaseTableModel.COL_ID_NUMBER).data() == "360702********4321"
    view.search_edit.clear()
    QTest.keyClicks(view.search_edit, "0002")
    assert view.model.index(0, CaseTableModel.COL_APPLICANT).data() == "李娜"
    view.search_edit.clear()
    type_text(view.search_edit, "赵敏")  # through the input method, as a clerk types it
    assert view.model.rowCount() == 1
    view.search_edit.clear()
    view.state_combo.setCurrentIndex(view.state_combo.findText("退回补正"))
    assert view.model.rowCount() == 1
    assert view.model.index(0, 0).data(CaseTableModel.CaseIdRole) == cases["returned"]
    view.state_combo.setCurrentIndex(0)
    assert view.count_label.text() == "共3件"


def test_view_sorts_in_the_store(view, cases):
    view.case_table.sortByColumn(CaseTableModel.COL_UPDATED, Qt.SortOrder.AscendingOrder)
    assert _column(view.model, 0, CaseTableModel.CaseIdRole) == [
        cases["draft"], cases["queued"], cases["returned"]]
    view.case_table.sortByColumn(CaseTableModel.COL_STATE, Qt.SortOrder.AscendingOrder)
    assert _column(view.model, CaseTableModel.COL_STATE) == ["草稿", "待提交", "退回补正"]


def test_view_pages_as_the_table_scrolls(repo, catalog, qtbot, monkeypatch):
    monkeypatch.setattr(CaseTableModel, "PAGE_SIZE", 5)
    for n in range(12):
        make_case(repo, catalog, f"王{n:02d}", f"36070219900315{n:04d}")
    view = CasesView(CaseService(repo, "wangli"), catalog)
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    assert view.count_label.text() == "共12件"
    assert view.model.rowCount() < 12 and view.model.canFetchMore()
    while view.model.canFetchMore():
        view.case_table.scrollToBottom()
        view.model.fetchMore()
    names = _column(view.model, CaseTableModel.COL_APPLICANT)
    assert names == [f"王{n:02d}" for n in reversed(range(12))]  # no row twice, none lost


def test_a_stale_answer_is_dropped(repo, catalog, cases, qtbot):
    class Held:  # answers come back only when released, in any order
        def __init__(self):
            self.jobs = []

        def submit(self, fn, on_done=None):
            self.jobs.append((fn, on_done))

        def call(self, fn):
            return fn()

        def shutdown(self):
            pass

    held = Held()
    view = CasesView(CaseService(repo, "wangli"), catalog, executor=held)
    qtbot.addWidget(view)
    view.search_edit.setText("李")
    view.search_edit.setText("赵敏")
    for fn, done in [held.jobs[2], held.jobs[1], held.jobs[0]]:  # newest first
        done(fn())
    assert _column(view.model, CaseTableModel.COL_APPLICANT) == ["赵敏"]


def test_view_queries_through_the_store_thread(repo, catalog, cases, qtbot):
    executor = DbExecutor()
    try:
        view = CasesView(CaseService(repo, "wangli"), catalog, executor=executor)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.model.rowCount() == 3)
        view.search_edit.setText("李娜")
        qtbot.waitUntil(lambda: view.model.rowCount() == 1)
        assert view.count_label.text() == "共1件(全部3件)"
    finally:
        executor.shutdown()


def test_view_reloads_on_change_notifications(repo, catalog, cases, qtbot):
    events = StoreEvents()
    view = CasesView(CaseService(repo, "wangli"), catalog, events=events)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    make_case(repo, catalog, "孙丽", "360702199512125678")
    events.cases_changed.emit()
    events.cases_changed.emit()  # a burst reloads once
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)
    view.hide()
    make_case(repo, catalog, "周杰", "360702199512125679")
    events.cases_changed.emit()
    qtbot.wait(20)
    assert view.model.rowCount() == 4  # hidden: only marked stale
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)


def test_view_says_when_the_store_cannot_be_read(repo, catalog, cases, qtbot, monkeypatch):
    view = CasesView(CaseService(repo, "wangli"), catalog)
    qtbot.addWidget(view)

    def broken(*_a, **_k):
        raise OSError("disk gone")

    monkeypatch.setattr(repo, "list_rows", broken)
    view.refresh()
    assert view.model.rowCount() == 0
    assert view.count_label.text() == "读取办件列表失败,请稍后点“刷新”重试"


def test_resume_button_follows_the_selected_state(view, cases, qtbot):
    assert not view.resume_button.isEnabled()
    assert view.select_case(cases["queued"])
    assert not view.resume_button.isEnabled()
    assert view.select_case(cases["draft"])
    assert view.resume_button.isEnabled()
    with qtbot.waitSignal(view.resume_requested) as blocker:
        qtbot.mouseClick(view.resume_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [cases["draft"]]
    view.search_edit.setText("李娜")  # the selected draft is filtered away
    assert not view.resume_button.isEnabled()


def test_refresh_picks_up_new_cases_and_keeps_selection(view, repo, catalog, cases):
    view.select_case(cases["queued"])
    make_case(repo, catalog, "孙丽", "360702199512125678")
    view.refresh()
    assert view.model.rowCount() == 4 and view.selected_case_id() == cases["queued"]


def test_details_dialog_tabs(view, cases, qtbot):
    dialog = view.open_details(cases["draft"])
    assert isinstance(dialog, CaseDetailsDialog) and dialog.isVisible()
    ui = dialog.ui
    assert ui.platform_no_label.text() == "未提交" and ui.state_label.text() == "草稿"
    assert ui.one_thing_label.text() == "新生儿出生(婚育户一链办)"
    assert [ui.details_tabs.tabText(i) for i in range(3)] == ["申请信息", "材料", "状态记录"]
    form = {ui.form_table.item(r, 0).text(): ui.form_table.item(r, 1).text()
            for r in range(ui.form_table.rowCount()) if ui.form_table.item(r, 1)}
    assert form["公民身份号码"] == "110105********002X"
    assert form["母亲公民身份号码"] == "360702********1234"
    assert form["姓名"] == "王*" and form["新生儿性别"] == "男"
    assert form["联系电话(手机)"] == "139****5678"
    everything = " ".join(ui.form_table.item(r, c).text() for r in range(ui.form_table.rowCount())
                          for c in range(2) if ui.form_table.item(r, c))
    assert ID_WANG not in everything and ID_LI not in everything
    assert "申请人信息" in everything  # section heading
    mats = [[ui.material_table.item(r, c).text() for c in range(5)]
            for r in range(ui.material_table.rowCount())]
    assert mats[0] == ["出生医学证明(第二联)", "提交纸质材料", "已收", "1", ""]
    assert mats[1][1] == "电子证照免交"
    assert mats[2][1:] == ["可容缺受理", "未收", "", "2026-11-09"]
    assert ui.file_table.rowCount() == 1
    assert [ui.file_table.item(0, c).text() for c in range(3)] == [
        "出生证明.jpg", "2.0 KB", "出生医学证明(第二联)"]
    assert ui.history_table.item(0, 1).text() == "新建 → 草稿"
    assert ui.resume_button.isEnabled()
    with qtbot.waitSignal(view.resume_requested) as blocker:
        qtbot.mouseClick(ui.resume_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [cases["draft"]]
    assert not dialog.isVisible()


def test_details_of_queued_and_returned_cases(view, cases, qtbot):
    dialog = view.open_details(cases["queued"])
    assert not dialog.ui.resume_button.isEnabled()
    assert dialog.ui.history_table.item(1, 1).text() == "草稿 → 待提交"
    assert dialog.ui.history_table.item(1, 3).text() == "已核对"
    assert dialog.ui.clerk_label.text() == "李强"
    assert dialog.ui.material_table.item(0, 0).text() == "尚未登记材料"
    assert dialog.ui.files_caption_label.text() == "尚无上传文件"
    assert dialog.ui.file_table.isHidden()
    assert dialog.ui.resume_hint_label.text() == "只有草稿和退回补正的办件可以继续办理"
    qtbot.mouseClick(dialog.ui.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    dialog = view.open_details(cases["returned"])
    assert dialog.ui.platform_no_label.text() == "GZ2026-778899"
    assert dialog.ui.resume_button.isEnabled()
    last = dialog.ui.history_table.rowCount() - 1
    assert [dialog.ui.history_table.item(last, c).text() for c in range(1, 4)] == [
        "已提交 → 退回补正", "系统", "缺少户口簿首页"]


def test_double_click_and_enter_open_details(view, cases, qtbot):
    view.select_case(cases["queued"])
    index = view.case_table.currentIndex()
    rect = view.case_table.visualRect(index)
    viewport = view.case_table.viewport()
    # a real double-click is press, release, double-click: the view checks the pressed row
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.details_dialog is not None and view.details_dialog.case_id == cases["queued"]
    view.details_dialog.close()
    view.select_case(cases["returned"])
    view.case_table.setFocus()
    QTest.keyClick(view.case_table, Qt.Key.Key_Return)
    assert view.details_dialog.case_id == cases["returned"] and view.details_dialog.isVisible()
