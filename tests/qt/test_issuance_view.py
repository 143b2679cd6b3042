"""The issuance screen: a scanner burst caught anywhere on it, the collector
checked, results handed over, the evaluation asked."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ready_case import APPLICANT, make_ready_case
from window_client.core.case_state import CaseState
from window_client.core.roles import Clerk

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
