"""The issuance screen: a scanner burst caught anywhere on it, the collector
checked, results handed over, the evaluation asked."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ready_case import APPLICANT, make_ready_case
from window_client.core.case_state import CaseState
from window_client.core.roles import Clerk
from window_client.qt.issuance_view import CaseRole

from .helpers import make_window, type_text



@pytest.fixture
def manager_window(qtbot, tmp_path, catalog):
    from .helpers import make_wiring
    from window_client.qt.main_window import MainWindow
    wiring = make_wiring(tmp_path, catalog)
    case_id = make_ready_case(wiring.cases, wiring.sync)
    window = MainWindow(wiring.for_clerk(Clerk("lisi", "李四", "manager")))
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.issuance_view)
    window.wiring = wiring   # the tests look into the store
    return window, case_id


def test_clerks_do_not_get_the_issuance_screen(qtbot, tmp_path, catalog):
    window, _ = make_window(qtbot, tmp_path, catalog)
    assert window.issuance_view is None


def test_scanner_burst_anywhere_then_hand_over_and_evaluate(manager_window, qtbot):
    window, case_id = manager_window
    view = window.issuance_view
    view.name_edit.setFocus()
    type_text(view.name_edit, "王")  # the manager had started typing a name
    QTest.keyClicks(view.name_edit, "GZ2026112700001")  # the scanner: a burst of keys
    QTest.keyClick(view.name_edit, Qt.Key.Key_Return)
    assert view.current is not None and view.current.case.id == case_id
    assert view.name_edit.text() == "王"  # the scanned code did not stay in the field
    assert "GZ2026112700001" in view.case_label.text() and "110105********002X" in view.case_label.text()
    assert view.outputs_list.count() == 2
    # the wrong person is refused with a reason
    type_text(view.name_edit, "秀英")
    type_text(view.id_edit, "360702200005180426")
    assert not view.hand_over()
    assert "与申请人不一致" in view.message_label.text()
    view.id_edit.setText(APPLICANT)
    view.outputs_list.item(1).setCheckState(Qt.CheckState.Unchecked)  # partial handover
    assert view.hand_over(), view.message_label.text()
    assert "已发放1项" in view.message_label.text()
    assert view.print_button.isEnabled()
    dialog = window.evaluation_dialog
    assert dialog is not None and dialog.stage == "issuance"
    dialog.buttons[2].setChecked(True)
    assert not dialog.submit() and "原因" in dialog.message_label.text()
    dialog.reason_edit.setPlainText("等候时间过长")
    assert dialog.submit()
    [ev] = window.wiring.issuance.pending_evaluations(__import__("datetime").datetime.now())
    assert ev.level == 2 and ev.reason == "等候时间过长"


def test_search_by_id_number_and_postal_delivery(manager_window):
    window, case_id = manager_window
    view = window.issuance_view
    type_text(view.search_edit, "11010519491231002x")
    QTest.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert view.current.case.id == case_id
    view.post_radio.setChecked(True)
    assert not view.name_edit.isEnabled() and view.tracking_edit.isEnabled()
    view.tracking_edit.setText("1234")
    view.address_edit.setText("江西省赣州市章贡区红旗大道1号")
    assert not view.hand_over() and "EMS邮件号" in view.message_label.text()
    view.tracking_edit.setText("1180000012345")
    assert view.hand_over()
    assert window.wiring.cases.get(case_id).state == CaseState.ISSUED
    assert "已邮寄" in view.outputs_list.item(0).text()


def test_the_queue_lists_waiting_cases_newest_first_with_their_waiting_days(manager_window):
    import datetime as dt
    window, case_id = manager_window
    view = window.issuance_view
    wiring = window.wiring
    other = make_ready_case(wiring.cases, wiring.sync, name="李娜", id_number="360702200005180426",
                            platform_no="GZ2026112700002")
    # the first case's results have waited since a week ago (working days counted)
    from sqlalchemy import update

    from window_client.store.models import CaseOutputRow
    with wiring.engine.begin() as conn:
        conn.execute(update(CaseOutputRow).where(CaseOutputRow.case_id == case_id)
                     .values(updated_at=dt.datetime(2026, 11, 23, 10, 0)))
    view.service.today = lambda: dt.date(2026, 11, 30)   # a Monday
    view.refresh_queue()
    assert view.queue_table.rowCount() == 2 and "2 件" in view.queue_label.text()
    first, second = (view.queue_table.item(r, 0).data(CaseRole) for r in range(2))
    assert (first, second) == (other, case_id)          # newest first
    assert view.queue_table.item(1, 5).text() == "5个工作日"   # 11-23 (Mon) → 11-30 (Mon)
    assert view.queue_table.item(0, 4).text() == "2项"
    type_text(view.queue_filter, "李娜")
    assert view.queue_table.rowCount() == 1 and view.queue_table.item(0, 1).text() == "李娜"
    view.queue_filter.clear()
    view.queue_table.cellActivated.emit(1, 0)
    assert view.current.case.id == case_id
    # handed over: it leaves the queue
    view.id_edit.setText(APPLICANT)
    view.name_edit.setText("王秀英")
    assert view.hand_over(), view.message_label.text()
    assert [view.queue_table.item(r, 0).data(CaseRole) for r in range(view.queue_table.rowCount())] \
        == [other]


def test_the_collectors_card_is_read_and_the_record_says_so(qtbot, tmp_path, catalog):
    import subprocess

    from window_client.qt.main_window import MainWindow
    from window_client.settings import Settings

    from .helpers import make_wiring
    wiring = make_wiring(tmp_path, catalog, Settings(idcard_reader="simulator"))
    case_id = make_ready_case(wiring.cases, wiring.sync, name="李娜",
                              id_number="360702200005180426")
    window = MainWindow(wiring.for_clerk(Clerk("lisi", "李四", "manager")))
    qtbot.addWidget(window)
    window.show()
    view = window.issuance_view
    view.show_case(case_id)
    with qtbot.waitSignal(view.card_read, timeout=15000):
        view.read_button.click()
    assert view.id_edit.text() == "360702200005180426" and view.name_edit.text() == "李娜"
    assert view.id_source == "id_card" and "已读取身份证" in view.id_source_label.text()
    assert view.hand_over(), view.message_label.text()
    [record] = wiring.issuance.issuances(case_id)
    assert record.collector_id_source == "id_card"
    pdf = tmp_path / "handover.pdf"
    pdf.write_bytes(window.documents.handover_pdf(record.id))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "读取居民身份证" in text
    # typing over the number makes it typed again
    type_text(view.id_edit, "1")
    assert view.id_source == "typed" and "手工录入" in view.id_source_label.text()
