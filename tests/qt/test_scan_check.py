"""The scan check in the pages dialog, with the real OCR engine: a page of the wrong
kind is added all the same and warned about inline (no modal box); Enter on the
warning (or Ctrl+Enter) confirms it, which is audited and kept in the material's
note; a page with somebody else's ID number warns too. Numbers are masked in the
audit and the log."""

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from window_client.core.validators import id_check_character
from window_client.devtools.ocr_samples import sample

from .helpers import make_window

FORM_ID = "36070219850315123" + id_check_character("36070219850315123")


def _materials_page(qtbot, tmp_path, catalog):
    window, wiring = make_window(qtbot, tmp_path, catalog)
    w = window.acceptance
    w.start_case("newborn")
    w.session.state.set_value("applicant.id_number", FORM_ID)
    w.session.state.set_value("applicant.name", "王丽华")
    w.session.state.step = "materials"
    w._show("materials")
    return w, wiring, w.pages["materials"]


def _write(tmp_path, kind, seed=0):
    path = tmp_path / f"{kind}-{seed}.jpg"
    path.write_bytes(sample(kind, seed=seed, width=1000).jpeg)
    return path


def test_a_wrong_page_warns_inline_and_enter_confirms_it(qtbot, tmp_path, catalog, caplog):
    caplog.set_level(logging.INFO)
    w, wiring, page = _materials_page(qtbot, tmp_path, catalog)
    dialog = page.open_pages("household_register")
    qtbot.addWidget(dialog)
    banner = dialog.scan_banner
    dialog.add_files([_write(tmp_path, "birth_medical_certificate")])
    qtbot.waitUntil(lambda: len(dialog.pages) == 1 and not dialog.busy, timeout=20000)
    assert dialog.done_button.isEnabled()          # the page is in, whatever the check says
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=30000)
    assert QApplication.activeModalWidget() in (None, dialog)   # no message box of its own
    text = banner.text.text()
    assert text.startswith("第1页:此页像是出生医学证明,不是居民户口簿"), text
    # the certificate prints the mother's number, not the form's: warned, masked
    assert "与表单中的人员不一致" in text and "********" in text
    assert banner.confirm_button.hasFocus()
    qtbot.keyClick(banner.confirm_button, Qt.Key.Key_Return)
    assert not banner.isVisible() and dialog.isVisible()
    audit = [a for a in wiring.cases.audit(w.session.case.id)
             if a.action == "material_check_overridden"]
    assert len(audit) == 1
    detail = audit[0].detail
    assert "material=household_register" in detail and "verdict=mismatch" in detail
    assert "found=birth_medical_certificate" in detail and "id_differs=True" in detail
    note = w.session.state.material("household_register").note
    assert note.startswith("扫描件核对提示已由窗口人员确认无误:此页像是出生医学证明")
    # the note goes with the material into the confirm's records
    records = {r.material_id: r for r in w.session._material_records(w.session.plan(),
                                                                     w.session.today())}
    assert records["household_register"].note == note
    # a full number never reaches the audit or the log
    shown = sample("birth_medical_certificate", seed=0, width=1000).id_number
    assert shown and shown not in detail and shown not in note
    assert shown not in caplog.text and FORM_ID not in caplog.text
    dialog.finish()
    assert [f.material_id for f in wiring.cases.files(w.session.case.id)] == ["household_register"]


def test_the_right_page_passes_and_another_id_number_warns(qtbot, tmp_path, catalog):
    w, wiring, page = _materials_page(qtbot, tmp_path, catalog)
    dialog = page.open_pages("household_register")
    qtbot.addWidget(dialog)
    banner = dialog.scan_banner
    checks = []
    banner.checked.connect(lambda pid, check: checks.append(check))
    dialog.add_files([_write(tmp_path, "household_register")])
    qtbot.waitUntil(lambda: len(checks) == 1, timeout=30000)
    (check,) = checks
    assert check.verdict.value == "match" and check.id_differs   # the page's person is not on the form
    assert banner.isVisible() and "此页像是" not in banner.text.text()
    # the clerk types the person's number into the form: the same page, rescanned, passes
    w.session.state.set_value("applicant.id_number", sample("household_register", 0, 1000).id_number)
    banner.context.people = w.session.people()
    first = dialog.pages.pages[0].id
    dialog.rescan(first, _write(tmp_path, "household_register"))
    qtbot.waitUntil(lambda: len(checks) == 2, timeout=30000)
    assert not checks[1].warns and not banner.isVisible()
    # Ctrl+Enter confirms a warned page from anywhere in the dialog
    dialog.add_files([_write(tmp_path, "vehicle_licence", seed=1)])
    qtbot.waitUntil(lambda: len(checks) == 3 and banner.isVisible(), timeout=30000)
    assert banner.text.text().startswith("第2页:此页像是机动车行驶证")
    dialog.page_list.setFocus()
    qtbot.keyClick(dialog.page_list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not banner.isVisible()
    assert [a.action for a in wiring.cases.audit(w.session.case.id)].count(
        "material_check_overridden") == 1
    # a deleted page takes its warning along
    dialog.add_files([_write(tmp_path, "marriage_certificate", seed=1)])
    qtbot.waitUntil(lambda: len(checks) == 4 and banner.isVisible(), timeout=30000)
    dialog.page_list.setCurrentRow(2)
    dialog.delete_selected()
    assert not banner.isVisible()


def test_a_material_without_cues_and_no_people_is_not_read(qtbot, tmp_path, catalog):
    w, wiring, page = _materials_page(qtbot, tmp_path, catalog)
    w.session.state.values.clear()
    dialog = page.open_pages("child_photo")
    qtbot.addWidget(dialog)
    calls = []

    class Reader:
        def read(self, image):
            calls.append(image)
            return ""
    dialog.scan_banner.reader = Reader()
    dialog.add_files([_write(tmp_path, "marriage_certificate")])
    qtbot.waitUntil(lambda: len(dialog.pages) == 1 and not dialog.busy, timeout=20000)
    assert calls == [] and not dialog.scan_banner.isVisible()
