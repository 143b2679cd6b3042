"""Printing PDFs the documents package made: preview before printing, a default
printer per document type (settings), silent printing for the pick-up slip,
reprints marked as such, and — when no printer is present — a clear message and
saving the PDF instead. Pages are rasterised with pypdfium2 at the printer's
resolution, so what prints is exactly the PDF."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

logger = logging.getLogger(__name__)

def kind_label(kind: str) -> str:
    """The document's name as the clerk knows it (the kind itself when unknown)."""
    translate = QCoreApplication.translate
    return {"receipt": translate("Printing", "受理回执"),
            "notice": translate("Printing", "一次性告知书"),
            "slip_a4": translate("Printing", "取件凭证"),
            "slip_80mm": translate("Printing", "取件凭证(热敏)"),
            "guide": translate("Printing", "办事指南"),
            "handover": translate("Printing", "出件登记单")}.get(kind, kind)


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    reprint: bool
    target: str          # printer name, a saved file, or "" when nothing happened
    message: str


def pdf_page_images(pdf: bytes, dpi: int) -> list[QImage]:
    doc = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            pil = page.render(scale=dpi / 72).to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            images.append(QImage(data, pil.width, pil.height, pil.width * 3,
                                 QImage.Format.Format_RGB888).copy())
    finally:
        doc.close()
    return images


def pdf_page_size_mm(pdf: bytes) -> tuple[float, float]:
    doc = pdfium.PdfDocument(pdf)
    try:
        w, h = doc[0].get_size()
    finally:
        doc.close()
    return w / 72 * 25.4, h / 72 * 25.4


def paint_pdf(printer: QPrinter, pdf: bytes) -> None:
    """Draws every page of ``pdf`` on ``printer``, one sheet each, at the PDF's own
    page size (A4, or the 80 mm roll) with no extra margins."""
    w_mm, h_mm = pdf_page_size_mm(pdf)
    printer.setPageLayout(QPageLayout(QPageSize(QSizeF(w_mm, h_mm), QPageSize.Unit.Millimeter),
                                      QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(printer)
    try:
        for n, image in enumerate(pdf_page_images(pdf, min(printer.resolution(), 300))):
            if n:
                printer.newPage()
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.x(), target.y(), scaled.width(), scaled.height()),
                              image)
    finally:
        painter.end()


class PrintService:
    """One place that prints: the main window and the views ask it."""

    def __init__(self, printers: dict[str, str], *, silent_kinds: frozenset[str],
                 log_print: Callable[[str, str, str], bool], printed_before: Callable[[str, str], bool],
                 parent: QWidget | None = None) -> None:
        self.printers = printers          # kind → default printer name ("" = system default)
        self.silent_kinds = silent_kinds
        self.log_print = log_print        # (case_id, kind, target) → was this a reprint
        self.printed_before = printed_before
        self.parent = parent
        self.last_dialog: QWidget | None = None

    @staticmethod
    def available_printers() -> list[str]:
        return [p.printerName() for p in QPrinterInfo.availablePrinters()]

    def _printer(self, kind: str) -> QPrinter | None:
        names = self.available_printers()
        if not names:
            return None
        wanted = self.printers.get(kind, "")
        info = next((p for p in QPrinterInfo.availablePrinters() if p.printerName() == wanted),
                    QPrinterInfo.defaultPrinter())
        if info.isNull():
            info = QPrinterInfo.availablePrinters()[0]
        return QPrinter(info, QPrinter.PrinterMode.HighResolution)

    def print_document(self, kind: str, case_id: str, make_pdf: Callable[[bool], bytes], *,
                       preview: bool = True) -> PrintOutcome:
        return self.print_documents([(kind, case_id, make_pdf)], preview=preview)[0]

    def print_documents(self, jobs: list[tuple[str, str, Callable[[bool], bytes]]], *,
                        preview: bool = True) -> list[PrintOutcome]:
        """Makes each PDF (marked 补打 when this document was printed for the case
        before) and prints it: silently for the slip, after a preview otherwise.
        With no printer, says so once and offers saving the PDFs to a folder."""
        made = []
        for kind, case_id, make_pdf in jobs:
            reprint = self.printed_before(case_id, kind)
            made.append((kind, case_id, make_pdf(reprint), reprint))
        if not self.available_printers():
            translate = QCoreApplication.translate
            labels = "、".join(kind_label(k) for k, *_ in made)
            box = QMessageBox(QMessageBox.Icon.Warning, translate("Printing", "未检测到打印机"),
                              translate("Printing", "本机没有可用的打印机,%1无法打印。"
                                        "可以先保存为PDF文件,稍后打印或发送给申请人。").replace("%1", labels),
                              QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                              self.parent)
            # the Save button says what it saves; Cancel keeps Qt's own 取消
            box.button(QMessageBox.StandardButton.Save).setText(translate("Printing", "保存为PDF…"))
            box.accepted.connect(lambda: self._ask_folder(made))
            box.open()
            self.last_dialog = box
            self.pending = made
            self.pending_pdf = made[0][2]
            return [PrintOutcome(False, r, "", translate("Printing", "未检测到打印机:%1可保存为PDF")
                                 .replace("%1", kind_label(k)))
                    for k, _c, _p, r in made]
        outcomes = []
        for kind, case_id, pdf, reprint in made:
            printer = self._printer(kind)
            label = kind_label(kind)
            if kind in self.silent_kinds or not preview:
                paint_pdf(printer, pdf)
            else:
                dialog = QPrintPreviewDialog(printer, self.parent)
                dialog.setWindowTitle(QCoreApplication.translate("Printing", "打印预览 — %1").replace("%1", label)
                                      + (QCoreApplication.translate("Printing", "(补打)") if reprint else ""))
                dialog.paintRequested.connect(lambda p, pdf=pdf: paint_pdf(p, pdf))
                if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                    outcomes.append(PrintOutcome(False, reprint, "",
                                                 QCoreApplication.translate("Printing", "已取消打印%1").replace("%1", label)))
                    continue
            self.log_print(case_id, kind, printer.printerName())
            outcomes.append(PrintOutcome(True, reprint, printer.printerName(),
                                         QCoreApplication.translate("Printing", "%1已发送到%2").replace("%1", label)
                                         .replace("%2", printer.printerName())))
        return outcomes

    def _ask_folder(self, made) -> None:
        folder = QFileDialog.getExistingDirectory(self.parent, QCoreApplication.translate("Printing", "保存PDF到文件夹"),
                                                  str(Path.home()))
        if folder:
            for kind, case_id, pdf, _reprint in made:
                self.save_pdf(kind, case_id, pdf, Path(folder) / f"{kind}-{case_id[:8]}.pdf")

    def save_pdf(self, kind: str, case_id: str, pdf: bytes, path: Path) -> PrintOutcome:
        path.write_bytes(pdf)
        reprint = self.log_print(case_id, kind, str(path))
        return PrintOutcome(True, reprint, str(path),
                            QCoreApplication.translate("Printing", "已保存到%1").replace("%1", str(path)))
