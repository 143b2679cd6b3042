"""Complete acceptances through the real widgets, a real SQLite file and the real
catalog: one entirely by keyboard, one company through an agent, one with
conditional questions; validation messages; review jumps back."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox

from window_client.core.case_state import CaseState
from window_client.core.engine import MaterialTag

from .helpers import focused, press, sample_value, type_text, valid_id

CTRL_ENTER = (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def pick(w, query: str, one_thing_id: str, *, first: bool = True) -> None:
    """Search and start; ``first``: the one-thing must be the top result."""
    type_text(w.pick_page.search_edit, query)
    results = w.pick_page.result_list
    ids = [results.item(n).data(Qt.ItemDataRole.UserRole + 2) for n in range(results.count())]
    assert one_thing_id in ids, ids
    if first:
        assert ids[0] == one_thing_id, results.item(0).text()
    results.setCurrentRow(ids.index(one_thing_id))
    press(w.pick_page.search_edit, Qt.Key.Key_Return)
    assert w.current_step() == "guide"


def fill_editors(editors, state, *, keyboard: bool) -> None:
    for key, editor in editors.items():
        if state.values.get(key):
            continue
        value = sample_value(editor.entry)
        if editor.combo is not None:
            if keyboard:
                editor.combo.setFocus()
                index = editor.combo.findData(value)
                for _ in range(index - editor.combo.currentIndex()):
                    press(editor.combo, Qt.Key.Key_Down)
            else:
                editor.combo.setCurrentIndex(editor.combo.findData(value))
        else:
            type_text(editor.line, value)
            if keyboard:
                press(editor.line, Qt.Key.Key_Return)
        assert editor.message() == "" or editor.message_label.property("role") == "warning", \
            (key, editor.message())


def receive_materials(w, session, *, keyboard: bool) -> None:
    page = w.pages["materials"]
    for m in session.plan().materials:
        row = page.rows[m.spec.id]
        if m.tag == MaterialTag.MAY_BE_MISSING:
            box: QCheckBox = row.missing
        elif m.to_hand_in:
            box = row.received
        else:
            continue
        if keyboard:
            box.setFocus()
            press(box, Qt.Key.Key_Space)
        else:
            box.setChecked(True)
        assert box.isChecked()


def walk_to_review(w, query: str = "xse", one_thing_id: str = "newborn") -> None:
    """Pick, fill every page with valid values and arrive at the review page."""
    pick(w, query, one_thing_id, first=False)
    assert w.go_next()
    fill_editors(w.pages["applicant"].editors, w.session.state, keyboard=False)
    assert w.go_next(), w.problem_label.text()
    if w.current_step() == "questions":
        assert w.go_next(), w.problem_label.text()
    fill_editors(w.pages["form"].editors, w.session.state, keyboard=False)
    assert w.go_next(), w.problem_label.text()
    receive_materials(w, w.session, keyboard=False)
    assert w.go_next(), w.problem_label.text()
    assert w.current_step() == "review"


def test_newborn_entirely_by_keyboard(main_window, wiring, qtbot):
    w = main_window.acceptance
    pick(w, "xse", "newborn")
    press(focused(), *CTRL_ENTER)
    assert w.current_step() == "applicant"
    # focus is on the first field; Enter moves on
    assert focused() is w.pages["applicant"].editors["applicant.name"].input
    type_text(focused(), "李娜")
    press(focused(), Qt.Key.Key_Return)
    type_text(focused(), valid_id("36070219920815004"))
    press(focused(), Qt.Key.Key_Return)
    type_text(focused(), "13907971234")
    press(focused(), *CTRL_ENTER)
    assert w.current_step() == "questions"
    press(focused(), *CTRL_ENTER)
    assert w.current_step() == "form"
    session = w.session
    assert session.state.sources["applicant.birth_date"] == "derived"
    fill_editors(w.pages["form"].editors, session.state, keyboard=True)
    press(focused(), *CTRL_ENTER)
    assert w.current_step() == "materials", w.problem_label.text()
    receive_materials(w, session, keyboard=True)
    press(focused(), *CTRL_ENTER)
    assert w.current_step() == "review"
    with qtbot.waitSignal(w.case_queued) as queued:
        press(focused(), *CTRL_ENTER)
    case = wiring.cases.get(queued.args[0])
    assert case.state == CaseState.QUEUED
    assert case.applicant_name == "李娜" and case.created_by == "wangli"
    assert case.form_values["child.name"] == "张小明"
    assert {m.material_id for m in case.materials} >= {"household_register", "child_photo"}
    photo = next(m for m in case.materials if m.material_id == "child_photo")
    assert not photo.received and photo.missing_deadline is not None
    assert w.current_step() == "pick" and queued.args[1] in w.banner_label.text()
    assert w.pick_page.search_edit.text() == ""   # the next citizen's search starts empty


def newborn_to_the_form(w) -> None:
    """A 新生儿 case with the applicant filled and the questions on their defaults."""
    pick(w, "xse", "newborn", first=False)
    assert w.go_next()
    fill_editors(w.pages["applicant"].editors, w.session.state, keyboard=False)
    assert w.go_next()
    if w.current_step() == "questions":
        assert w.go_next()


def test_problems_follow_the_fields_as_they_are_filled(main_window):
    """After a refused Next the list of problems shrinks with each field filled and
    goes when none is left (it used to stay at "请先处理以下17项")."""
    w = main_window.acceptance
    newborn_to_the_form(w)
    assert not w.go_next()                       # the merged form is empty: refused
    first = len(w.session.problems("form"))
    assert first > 3 and f"请先处理以下{first}项" in w.problem_label.text()
    editors = w.pages["form"].editors
    missing = [p.key for p in w.session.problems("form") if p.key in editors]
    editor = editors[missing[0]]
    if editor.combo is None:
        type_text(editor.line, sample_value(editor.entry))
    else:
        editor.combo.setCurrentIndex(editor.combo.findData(sample_value(editor.entry)))
    now = len(w.session.problems("form"))
    assert now < first and f"请先处理以下{now}项" in w.problem_label.text()
    assert editor.message() == ""                # its own message went with it
    fill_editors(editors, w.session.state, keyboard=False)
    assert w.problem_label.text() == ""
    assert w.go_next()


def test_review_names_the_applicant_with_the_number_masked(main_window):
    w = main_window.acceptance
    walk_to_review(w)
    text = w.pages["review"].review_view.toPlainText()
    state = w.session.state
    number = state.applicant_id_number
    assert state.applicant_name in text and "本人办理" in text
    assert number[:6] + "********" + number[-4:] in text and number not in text


def test_company_through_an_agent(main_window, wiring, qtbot, tmp_path):
    w = main_window.acceptance
    pick(w, "qykb", "company_setup")
    assert w.go_next()
    page = w.pages["applicant"]
    assert page.company_radio.isChecked()
    page.agent_radio.setChecked(True)
    assert "agent.name" in page.editors and page.agent_box.isVisibleTo(page)
    fill_editors(page.editors, w.session.state, keyboard=False)
    # the agent cannot be the applicant
    page.editors["agent.id_number"].line.clear()
    type_text(page.editors["agent.id_number"].line, w.session.state.values["applicant.id_number"])
    assert not w.go_next()
    assert "代办人不能是申请人本人" in w.problem_label.text()
    page.editors["agent.id_number"].line.clear()
    type_text(page.editors["agent.id_number"].line, valid_id("36073419800611452"))
    assert w.go_next(), w.problem_label.text()
    assert w.go_next()  # default answers
    form = w.pages["form"]
    assert form.editors["agent.name"].input.toolTip().startswith("以下事项需要此项")
    fill_editors(form.editors, w.session.state, keyboard=False)
    assert w.go_next(), w.problem_label.text()
    materials = w.pages["materials"]
    assert "agent_authorisation" in materials.rows
    scan = tmp_path / "authorisation.pdf"
    scan.write_bytes(b"%PDF-1.4\n% authorisation scan\n")
    materials.attach("agent_authorisation", scan)
    assert materials.rows["agent_authorisation"].received.isChecked()
    receive_materials(w, w.session, keyboard=False)
    assert w.go_next(), w.problem_label.text()
    review = w.pages["review"].review_view.toPlainText()
    assert "委托代办" in review and "91350100M000100Y43" in review
    with qtbot.waitSignal(w.case_queued) as queued:
        assert w.confirm()
    case_id = queued.args[0]
    files = wiring.cases.files(case_id)
    assert [f.material_id for f in files] == ["agent_authorisation"]
    assert Path(files[0].stored_path).read_bytes() == scan.read_bytes()
    assert wiring.cases.get(case_id).meta["via_agent"] is True


def test_conditional_questions_and_side_panel(main_window, qtbot):
    w = main_window.acceptance
    pick(w, "xinsheng", "newborn")
    assert w.go_next()
    fill_editors(w.pages["applicant"].editors, w.session.state, keyboard=False)
    assert w.go_next()
    page = w.pages["questions"]
    assert "household_follows" in page.visible_ids()
    before = w.side_panel.items_label.toPlainText()
    assert "出生登记(户口登记)" in before
    page.widgets["register_household"].no.setChecked(True)
    assert "household_follows" not in page.visible_ids()
    assert "enroll_medical_insurance" not in page.visible_ids()
    after = w.side_panel.items_label.toPlainText()
    assert "出生登记(户口登记)" not in after and "适用事项 2" in after
    page.widgets["register_household"].yes.setChecked(True)
    assert "household_follows" in page.visible_ids()
    assert w.go_next()
    assert "child.household_address" in w.pages["form"].editors


def test_validation_messages_and_form_cannot_be_finished(main_window):
    w = main_window.acceptance
    pick(w, "xse", "newborn")
    assert w.go_next()
    editors = w.pages["applicant"].editors
    type_text(editors["applicant.id_number"].line, "110105194912310021")
    assert editors["applicant.id_number"].message() == "校验位应为X,当前为1,请核对号码"
    type_text(editors["contact.mobile"].line, "1390797")
    assert editors["contact.mobile"].message() == "手机号码应为11位,当前为7位"
    type_text(editors["applicant.name"].line, "李娜")
    assert not w.go_next()
    text = w.problem_label.text()
    assert "申请人 · 公民身份号码:校验位应为X" in text and "联系电话(手机)" in text
    assert w.current_step() == "applicant"
    # what was typed stays
    assert editors["applicant.name"].value() == "李娜"
    editors["applicant.id_number"].line.clear()
    type_text(editors["applicant.id_number"].line, valid_id("36070219920815004"))
    editors["contact.mobile"].line.clear()
    type_text(editors["contact.mobile"].line, "13907971234")
    assert w.go_next() and w.go_next()
    form = w.pages["form"]
    assert not w.go_next()
    assert "新生儿信息 · 新生儿姓名:必填" in w.problem_label.text()
    assert form.editors["child.name"].message() == "必填"
    assert focused() is form.editors["child.name"].input
    type_text(form.editors["child.birth_date"].line, "2026-02-30")
    assert form.editors["child.birth_date"].message() == "2026-02-30不是有效日期"


def test_review_jumps_back_to_edit(main_window):
    w = main_window.acceptance
    walk_to_review(w)
    w.pages["review"].jump_requested.emit("questions")
    assert w.current_step() == "questions"
    w.go_next()
    w.go_next()
    w.go_next()
    assert w.current_step() == "review"
    assert "还不能确认受理" not in w.pages["review"].review_view.toPlainText()


def test_unconfigured_rows_are_listed_but_cannot_start(main_window):
    w = main_window.acceptance
    type_text(w.pick_page.search_edit, "gccrcrd")  # 高层次人才认定, left 待配置
    item = w.pick_page.result_list.item(0)
    assert "高层次人才认定" in item.text() and "待配置" in item.text()
    assert "原因:" in item.toolTip()        # the reason from pending.yaml
    press(w.pick_page.search_edit, Qt.Key.Key_Return)
    hint = w.pick_page.hint_label.text()
    assert w.current_step() == "pick" and "尚未配置" in hint and "认定目录" in hint


import pytest  # noqa: E402


@pytest.mark.parametrize("query, one_thing_id", [
    ("失业金", "unemployment_benefit"),
    ("esf", "second_hand_housing"),
    ("公民身后", "after_death"),
    ("shebaoka", "social_security_card"),
])
def test_complete_acceptance_of_other_one_things(main_window, wiring, qtbot, query,
                                                 one_thing_id):
    walk_to_review(main_window.acceptance, query, one_thing_id)
    w = main_window.acceptance
    with qtbot.waitSignal(w.case_queued) as queued:
        assert w.confirm(), w.problem_label.text()
    case = wiring.cases.get(queued.args[0])
    assert case.one_thing_id == one_thing_id and case.state == CaseState.QUEUED
    plan_items = {m.material_id for m in case.materials}
    assert plan_items  # the material checklist was recorded


def test_a_field_made_required_by_another_shows_its_mark_as_the_clerk_types(main_window):
    """新生儿: 邮寄地址 is required only when 免费邮寄 is chosen on the form; its mark
    follows the choice at once, and the form is not rebuilt (the editor keeps focus)."""
    w = main_window.acceptance
    newborn_to_the_form(w)
    page = w.pages["form"]
    method = page.editors["delivery.method"]
    address_label = page.labels["delivery.address"]
    editor_before = page.editors["delivery.address"]
    method.combo.setCurrentIndex(method.combo.findData("post"))
    assert "*" in address_label.text()
    method.combo.setCurrentIndex(method.combo.findData("window"))
    assert "*" not in address_label.text()
    assert page.editors["delivery.address"] is editor_before
