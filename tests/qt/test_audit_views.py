"""Audit of views in the real window (issue 16): opening a case's details, viewing
and printing a scan, printing and reprinting a paper and exporting the board each
write their row (who, which case, what) to the chained audit log; a hall manager's
审计日志 tab shows the chain intact, then 已被篡改 at the changed row, and exports
the range; a clerk has no such tab."""

import datetime as dt
import sqlite3

import pypdfium2 as pdfium
from PIL import Image
from PySide6.QtPrintSupport import QPrinter

from window_client.core.roles import Clerk
from window_client.qt.printing import PrintService

from .helpers import make_window


def _case_with_scan(wiring, tmp_path):
    cases = wiring.cases
    case = cases.create_draft(window_code="W01", one_thing_id="newborn",
                              catalog_version=wiring.catalog.version,
                              clerk="wangli")
    page = tmp_path / "page.jpg"
    Image.new("RGB", (400, 560), "white").save(page, "JPEG")
    stored = cases.attach_file(case.id, "birth_cert", page, files_dir=wiring.files_dir,
                               clerk="wangli")
    return case, stored


def _rows(wiring, since=0):
    return [(e.clerk, e.action, e.case_id) for e in wiring.audit.entries()][since:]


def test_details_scan_and_reprint_are_audited(qtbot, tmp_path, catalog, monkeypatch):
    window, wiring = make_window(qtbot, tmp_path, catalog)
    case, stored = _case_with_scan(wiring, tmp_path)
    before = len(wiring.audit.entries())

    dialog = window.cases_view.open_details(case.id)
    qtbot.addWidget(dialog)
    assert _rows(wiring, before) == [("wangli", "view_case", case.id)]

    dialog.ui.details_tabs.setCurrentWidget(dialog.ui.materials_tab)
    assert dialog.view_scan_button.isVisible()
    dialog.ui.file_table.selectRow(0)
    dialog.view_scan_button.click()
    viewer = dialog.scan_viewer
    assert viewer is not None and len(viewer.images) == 1
    last = wiring.audit.entries()[-1]
    assert (last.action, last.case_id, last.detail) == (
        "view_scan", case.id, f"file={stored.id} material=birth_cert")

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "scan-printed.pdf"
    printer.setOutputFileName(str(out))
    viewer.print_to(printer)
    doc = pdfium.PdfDocument(str(out))
    assert len(doc) == 1
    doc.close()
    last = wiring.audit.entries()[-1]
    assert (last.action, last.case_id) == ("print_scan", case.id) and str(out) in last.detail

    # the receipt with no printer: saved as PDF, then again — print, then reprint
    monkeypatch.setattr(PrintService, "available_printers", staticmethod(lambda: []))
    window.print_case(case.id, ["receipt"])
    qtbot.addWidget(window.printer.last_dialog)
    for n in range(2):   # saved twice (rendering it again would only cost time)
        window.printer.save_pdf("receipt", case.id, window.printer.pending_pdf,
                                tmp_path / f"receipt-{n}.pdf")
    assert _rows(wiring, -2) == [("wangli", "print", case.id), ("wangli", "reprint", case.id)]
    assert "kind=receipt" in wiring.audit.entries()[-1].detail
    assert wiring.audit.verify().ok


def test_a_manager_sees_the_chain_exports_and_the_board_export_is_audited(
        qtbot, tmp_path, catalog):
    manager = Clerk("zhaomin", "赵敏", "manager")
    window, wiring = make_window(qtbot, tmp_path, catalog, clerk=manager)
    case, _stored = _case_with_scan(wiring, tmp_path)
    window.cases_view.open_details(case.id)
    view = window.audit_view
    assert view is not None
    window.tabs.setCurrentWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.status is not None and view.status.rows >= 3, timeout=5000)
    assert "完整" in view.chain_label.text()
    assert view.table.rowCount() == len(view.entries) >= 3
    assert any(e.action == "view_case" and e.case_no == case.provisional_no
               for e in view.entries)

    # someone changes a row with sqlite3, triggers dropped first
    broken = view.entries[1].id
    conn = sqlite3.connect(tmp_path / "window.sqlite3")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET clerk = 'nobody' WHERE id = ?", (broken,))
    conn.commit()
    conn.close()
    view.refresh()
    qtbot.waitUntil(lambda: "已被篡改" in view.chain_label.text(), timeout=5000)
    assert f"第{broken}条" in view.chain_label.text() and view.status.broken_id == broken

    done = view.export(tmp_path / "audit.csv")
    assert done is not None and done.status.broken_id == broken
    assert "audit.csv" in view.result_label.text()
    text = (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
    assert f"第{broken}条记录的内容已被修改" in text

    board = window.supervision_view.board
    board.refresh()
    qtbot.waitUntil(lambda: board.figures is not None, timeout=5000)
    assert board.export_xlsx(tmp_path / "board.xlsx") is not None
    qtbot.waitUntil(lambda: wiring.audit.entries()[-1].action == "export", timeout=5000)
    assert "what=board_xlsx" in wiring.audit.entries()[-1].detail


def test_a_clerk_has_no_audit_log_tab(qtbot, tmp_path, catalog):
    window, _wiring = make_window(qtbot, tmp_path, catalog)
    assert window.audit_view is None
    assert window.services.audit is not None and not window.services.audit.may_export
    assert dt.date.today()  # the tab list is the role's, not the day's
    assert "审计日志" not in [window.tabs.tabText(i) for i in range(window.tabs.count())]
