"""After a confirm the window prints the receipt, the notice and the slip; with no
printer here it says so and the PDFs can be saved; a second print is a 补打."""

import subprocess

import pytest

from .helpers import make_window
from .test_acceptance import pick, walk_to_review


@pytest.fixture
def window(qtbot, tmp_path, catalog, monkeypatch):
    from window_client.qt.printing import PrintService
    monkeypatch.setattr(PrintService, "available_printers", staticmethod(lambda: []))
    w, _ = make_window(qtbot, tmp_path, catalog)
    return w


def text_of(pdf_path):
    return subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_confirm_prints_three_papers_and_reprints_are_marked(window, qtbot, tmp_path):
    w = window.acceptance
    walk_to_review(w)
    with qtbot.waitSignal(w.case_queued) as queued:
        assert w.confirm()
    case_id, provisional = queued.args
    printer = window.printer
    assert [kind for kind, *_ in printer.pending] == ["receipt", "notice", "slip_80mm"]
    assert "没有可用的打印机" in printer.last_dialog.text()
    assert "未检测到打印机" in window.statusBar().currentMessage()
    assert "受理回执、一次性告知书、取件凭证(热敏)" in printer.last_dialog.text()
    out = tmp_path / "out"
    out.mkdir()
    for kind, cid, pdf, reprint in printer.pending:
        assert not reprint
        printer.save_pdf(kind, cid, pdf, out / f"{kind}.pdf")
    receipt = text_of(out / "receipt.pdf")
    assert provisional in receipt and "新生儿出生" in receipt and "补打" not in receipt
    assert window.evaluation_dialog is not None  # the citizen is asked to rate
    window.tabs.setCurrentWidget(window.cases_view)  # the list loads on the store thread
    qtbot.waitUntil(lambda: window.cases_view.select_case(case_id))
    window.cases_view.print_buttons["receipt"].click()
    [(kind, cid, pdf, reprint)] = printer.pending
    assert reprint and kind == "receipt"
    printer.save_pdf(kind, cid, pdf, out / "again.pdf")
    assert "补打" in text_of(out / "again.pdf")


def test_guide_prints_before_acceptance(window):
    w = window.acceptance
    pick(w, "esf", "second_hand_housing")
    w.pages["guide"].print_button.click()
    [(kind, key, pdf, _r)] = window.printer.pending
    assert kind == "guide" and key == "second_hand_housing" and pdf.startswith(b"%PDF")
