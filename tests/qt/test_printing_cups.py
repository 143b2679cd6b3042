"""Printing through a real CUPS (tests/cups_server.py: a private cupsd, cups-pdf
queues for A4 and the 80 mm roll). The window prints the receipt, the notice, the
slip and the handover record with its printer per document from the settings; the
PDFs cups-pdf writes are read back: page size (pdfinfo), text (pdftotext), the
barcode (pdftoppm, then zxing-cpp). A stopped queue and a refusing queue: a Chinese
message, the paper kept and printed by 重新打印, every job in the print log."""

from __future__ import annotations

import re
import subprocess

import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageFilter
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication

from window_client.core.roles import Clerk
from window_client.devices import cups
from window_client.qt.main_window import MainWindow
from window_client.settings import Settings

from tests.ready_case import APPLICANT, PLATFORM_NO, make_ready_case

from .helpers import make_wiring


def page_size_mm(pdf) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    return w / 72 * 25.4, h / 72 * 25.4


def text_of(pdf) -> str:
    return "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout.split())


def gray_page(pdf, tmp_path, name: str, dpi: int = 60) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-gray", "-png",
                    "-singlefile", str(pdf), str(tmp_path / name)], check=True)
    return Image.open(tmp_path / f"{name}.png").convert("L")


def _diff(printed, original: bytes, tmp_path) -> float:
    source = tmp_path / "original.pdf"
    source.write_bytes(original)
    dpi = 150 if page_size_mm(printed)[0] < 100 else 60      # the roll is small
    a = gray_page(printed, tmp_path, "printed", dpi).filter(ImageFilter.GaussianBlur(2))
    b = gray_page(source, tmp_path, "original", dpi).filter(ImageFilter.GaussianBlur(2))
    if a.size != b.size:
        b = b.resize(a.size)
    return sum(ImageChops.difference(a, b).getdata()) / (a.width * a.height)


def shows(printed, right: bytes, wrong: bytes, tmp_path) -> bool:
    """The page CUPS made shows the app's PDF ``right``, clearly more than the
    nearly-alike ``wrong`` (another paper, or the same one with or without the 补打
    stamp). The Chinese text is checked this way: cups-pdf's PostScript →
    Ghostscript path keeps the CJK glyphs but drops their Unicode mapping, so
    pdftotext reads only the Latin text of its PDFs."""
    near, far = _diff(printed, right, tmp_path), _diff(printed, wrong, tmp_path)
    # measured: A4 0.8 against 15–20; the roll 3.4 against 4.8 (the 补打 stamp is a
    # small part of a dense page, and the roll comes back 0.3 mm narrower)
    return near < 0.8 * far


def barcodes_of(pdf, tmp_path) -> set[str]:
    out = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-gray", "-png", str(pdf),
                    str(out)], check=True)
    [png] = tmp_path.glob("page*.png")
    try:
        return {b.text for b in zxingcpp.read_barcodes(Image.open(png))
                if b.format == zxingcpp.BarcodeFormat.Code128}
    finally:
        png.unlink()


def accept_print_dialogs() -> QTimer:
    """Does what the clerk does in the preview: 打印, then 打印 in the print dialog."""
    seen: set[int] = set()

    def step() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or id(modal) in seen:
            return
        if isinstance(modal, QPrintDialog):
            seen.add(id(modal))
            modal.accept()
        elif isinstance(modal, QPrintPreviewDialog):
            for action in modal.findChildren(QAction):
                if action.text() in ("打印", "Print"):
                    seen.add(id(modal))
                    # later, so this timer is free to answer the print dialog it opens
                    QTimer.singleShot(0, action.trigger)
                    return
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(step)
    timer.start()
    return timer


@pytest.fixture
def counter(qtbot, tmp_path, catalog, cups_server):
    """A manager's window with the receipt, notice and handover on the A4 queue and
    the slip on the 80 mm roll, and a case ready for pick-up."""
    settings = Settings(printer_receipt=cups_server.a4, printer_notice=cups_server.a4,
                        printer_handover=cups_server.a4, printer_slip=cups_server.roll,
                        slip_format="80mm", silent_slip=True)
    wiring = make_wiring(tmp_path, catalog, settings)
    case_id = make_ready_case(wiring.cases, wiring.sync)
    window = MainWindow(wiring.for_clerk(Clerk("lisi", "李四", "manager")))
    qtbot.addWidget(window)
    window.show()
    return window, case_id


def wait_done(qtbot, printer, outcomes) -> None:
    """Until CUPS says each job ended (the service's own follow-up)."""
    assert all(o.job_id for o in outcomes), [o.message for o in outcomes]
    qtbot.waitUntil(lambda: not printer.following, timeout=30000)


def test_qt_and_libcups_find_the_private_queues(cups_server):
    names = [p.printerName() for p in QPrinterInfo.availablePrinters()]
    assert {cups_server.a4, cups_server.roll} <= set(names)  # CUPS_SERVER honoured by Qt
    roll = QPrinterInfo.printerInfo(cups_server.roll)
    sizes = {round(s.size(s.Unit.Millimeter).width()) for s in roll.supportedPageSizes()}
    assert sizes == {80}
    state = cups.queue_state(cups_server.a4)
    assert state is not None and state.ready and state.state == "idle"
    assert cups.queue_state("no_such_queue") is None


def test_the_papers_print_on_their_queues_and_read_back(counter, cups_server, qtbot, tmp_path):
    window, case_id = counter
    printer = window.printer
    timer = accept_print_dialogs()
    outcomes = window.print_case(case_id, ["receipt", "notice", "slip"])
    timer.stop()
    assert [o.target for o in outcomes] == [cups_server.a4, cups_server.a4, cups_server.roll]
    assert all(o.printed and not o.reprint for o in outcomes), [o.message for o in outcomes]
    assert "已发送到" in outcomes[0].message and "作业" in outcomes[0].message
    wait_done(qtbot, printer, outcomes)
    receipt, notice, slip = (cups_server.pdf_of_job(o.target, o.job_id) for o in outcomes)

    docs = window.documents
    w, h = page_size_mm(receipt)
    assert abs(w - 210) < 1 and abs(h - 297) < 1
    text = text_of(receipt)
    assert PLATFORM_NO in text and "W01-" in text           # both numbers
    assert PLATFORM_NO in barcodes_of(receipt, tmp_path)
    receipt_pdf, notice_pdf = docs.case_pdf("receipt", case_id), docs.case_pdf("notice", case_id)
    assert shows(receipt, receipt_pdf, docs.case_pdf("receipt", case_id, reprint=True), tmp_path)
    assert shows(receipt, receipt_pdf, notice_pdf, tmp_path)

    w, h = page_size_mm(notice)
    assert abs(w - 210) < 1 and abs(h - 297) < 1
    assert PLATFORM_NO in text_of(notice)
    assert shows(notice, notice_pdf, receipt_pdf, tmp_path)

    w, h = page_size_mm(slip)
    assert abs(w - 80) < 1 and 60 < h < 400      # the roll: 80 mm wide, as long as it needs
    text = text_of(slip)
    assert PLATFORM_NO in text and APPLICANT not in text and APPLICANT[-4:] in text  # masked
    assert PLATFORM_NO in barcodes_of(slip, tmp_path)
    assert shows(slip, docs.case_pdf("slip_80mm", case_id),
                 docs.case_pdf("slip_80mm", case_id, reprint=True), tmp_path)

    # the handover record, from the issuance counter, on the A4 queue
    view = window.issuance_view
    view.show_case(case_id)
    view.id_edit.setText(APPLICANT)
    view.name_edit.setText("王秀英")
    assert view.hand_over(), view.message_label.text()
    window.evaluation_dialog.close()
    timer = accept_print_dialogs()
    view.print_button.click()                      # 打印出件登记单: preview, then print
    timer.stop()
    qtbot.waitUntil(lambda: not printer.following, timeout=30000)
    log = window.documents.print_log()
    handover = log[-1]
    assert (handover.kind, handover.target, handover.outcome) == (
        "handover", cups_server.a4, "completed")
    pdf = cups_server.pdf_of_job(cups_server.a4, handover.job_id)
    w, h = page_size_mm(pdf)
    assert abs(w - 210) < 1 and abs(h - 297) < 1
    assert PLATFORM_NO in text_of(pdf)
    assert PLATFORM_NO in barcodes_of(pdf, tmp_path)
    assert shows(pdf, docs.handover_pdf(view.last_issuance),
                 docs.handover_pdf(view.last_issuance, reprint=True), tmp_path)
    assert [(r.kind, r.target, r.outcome) for r in log[:3]] == [
        ("receipt", cups_server.a4, "completed"), ("notice", cups_server.a4, "completed"),
        ("slip_80mm", cups_server.roll, "completed")]
    assert [r.job_id for r in log[:3]] == [o.job_id for o in outcomes]
    assert all(r.case_id == case_id for r in log[:3])


def test_a_stopped_queue_keeps_the_paper_for_reprint(counter, cups_server, qtbot, tmp_path):
    window, case_id = counter
    printer = window.printer
    cups_server.run("cupsdisable", cups_server.roll)
    assert cups.queue_state(cups_server.roll).state == "stopped"
    [outcome] = window.print_case(case_id, ["slip"])          # silent: no preview
    assert not outcome.printed and outcome.kept and outcome.job_id is None
    assert "已暂停" in outcome.message and "取件凭证(热敏)没有打印" in outcome.message
    box = printer.last_dialog
    qtbot.addWidget(box)
    assert "打印任务已保留" in box.text() and "重新打印" in box.text()
    assert cups_server.run("lpstat", "-o", cups_server.roll).strip() == ""  # nothing queued
    [kept] = printer.held
    assert (kept.kind, kept.case_id, kept.target) == ("slip_80mm", case_id, cups_server.roll)
    [row] = window.documents.print_log(case_id)
    assert (row.kind, row.target, row.outcome, row.job_id) == (
        "slip_80mm", cups_server.roll, "stopped", None)

    cups_server.run("cupsenable", cups_server.roll)
    [again] = printer.retry_held()
    assert again.printed and again.job_id and not again.reprint and printer.held == []
    wait_done(qtbot, printer, [again])
    first = cups_server.pdf_of_job(cups_server.roll, again.job_id)
    assert PLATFORM_NO in text_of(first)
    plain = window.documents.case_pdf("slip_80mm", case_id)
    stamped = window.documents.case_pdf("slip_80mm", case_id, reprint=True)
    assert shows(first, plain, stamped, tmp_path)
    # reprint from the cases view: now it is a 补打
    window.tabs.setCurrentWidget(window.cases_view)
    qtbot.waitUntil(lambda: window.cases_view.select_case(case_id))
    window.cases_view.print_buttons["slip"].click()
    qtbot.waitUntil(lambda: not printer.following, timeout=30000)
    last = window.documents.print_log(case_id)[-1]
    assert last.reprint and last.outcome == "completed"
    marked = cups_server.pdf_of_job(cups_server.roll, last.job_id)   # the 补打 stamp
    assert shows(marked, stamped, plain, tmp_path)
    assert [r.outcome for r in window.documents.print_log(case_id)] == [
        "stopped", "completed", "completed"]


def test_a_refusing_queue_says_so_and_nothing_is_lost(counter, cups_server, qtbot):
    window, case_id = counter
    printer = window.printer
    cups_server.run("cupsreject", cups_server.a4)
    assert not cups.queue_state(cups_server.a4).accepting
    [outcome] = printer.print_documents(
        [("receipt", case_id, lambda reprint: window.documents.case_pdf(
            "receipt", case_id, reprint=reprint))], preview=False)
    assert outcome.kept and "拒绝接收打印任务" in outcome.message
    qtbot.addWidget(printer.last_dialog)
    assert window.documents.print_log(case_id)[-1].outcome == "rejected"
    # CUPS itself refuses a job sent anyway (what QPrinter would not report)
    with pytest.raises(cups.CupsError) as refused:
        cups.submit_pdf(cups_server.a4, printer.held[0].pdf, "test")
    assert "not accepting" in refused.value.detail
    cups_server.run("cupsaccept", cups_server.a4)
    [again] = printer.retry_held()
    assert again.printed and not again.reprint
    wait_done(qtbot, printer, [again])
    assert PLATFORM_NO in text_of(cups_server.pdf_of_job(cups_server.a4, again.job_id))
