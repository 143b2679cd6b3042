"""Printing without a printer says so and offers the PDF; the page painter puts a
PDF's pages on a printer at their own size (checked by printing to a PDF file)."""

import pypdfium2 as pdfium
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from window_client.qt.printing import PrintService, paint_pdf


def two_page_pdf(tmp_path, width=A4[0], height=A4[1]) -> bytes:
    path = tmp_path / "in.pdf"
    c = canvas.Canvas(str(path), pagesize=(width, height))
    for n in range(2):
        c.drawString(20, height - 40, f"page {n + 1}")
        c.rect(10, 10, width - 20, height - 20)
        c.showPage()
    c.save()
    return path.read_bytes()


def test_paint_pdf_keeps_pages_and_size(qtbot, tmp_path):
    for width_mm in (210, 80):
        pdf = two_page_pdf(tmp_path, width_mm / 25.4 * 72, 200 / 25.4 * 72)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        out = tmp_path / f"printed-{width_mm}.pdf"
        printer.setOutputFileName(str(out))
        paint_pdf(printer, pdf)
        doc = pdfium.PdfDocument(str(out))
        assert len(doc) == 2
        w, h = doc[0].get_size()
        assert abs(w / 72 * 25.4 - width_mm) < 1 and abs(h / 72 * 25.4 - 200) < 1
        doc.close()


def test_no_printer_offers_the_pdf_and_marks_reprints(qtbot, tmp_path, monkeypatch):
    log = []
    service = PrintService({}, silent_kinds=frozenset({"slip_80mm"}),
                           log_print=lambda case, kind, target, outcome, job: (log.append((case, kind, target))
                                                                 or len(log) > 1),
                           printed_before=lambda case, kind: bool(log))
    monkeypatch.setattr(PrintService, "available_printers", staticmethod(lambda: []))
    made = []
    outcome = service.print_document("receipt", "case-1",
                                     lambda reprint: made.append(reprint) or two_page_pdf(tmp_path))
    assert not outcome.printed and "未检测到打印机" in outcome.message
    box = service.last_dialog
    qtbot.addWidget(box)
    assert "保存为PDF" in box.text() or "PDF" in box.text()
    saved = service.save_pdf("receipt", "case-1", service.pending_pdf, tmp_path / "r.pdf")
    assert saved.printed and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    again = service.print_document("receipt", "case-1", lambda reprint: made.append(reprint)
                                   or two_page_pdf(tmp_path))
    assert made == [False, True] and again.reprint
