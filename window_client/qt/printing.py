"""Printing PDFs the documents package made: preview before printing, a default
printer per document type (settings), silent printing for the pick-up slip,
reprints marked as such, and — when no printer is present — a clear message and
saving the PDF instead. Pages are rasterised with pypdfium2 at the printer's
resolution, so what prints is exactly the PDF.

On CUPS (Linux) the PDF itself goes to the queue through devices/cups.py after
the queue's state was asked (QPrinter reports nothing for a stopped or refusing
queue and gives no job id); a paper that did not print is kept for 重新打印 and
every job — printed or not — is in the print log ("Printing through CUPS" in
docs/ARCHITECTURE.md)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QMarginsF, QRect, QSizeF, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPageLayout, QPageSize, QPaintEngine
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from window_client.devices import cups as cups_adapter

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
    kept: bool = False   # not printed; kept in PrintService.held for 重新打印
    job_id: int | None = None   # CUPS's job id when CUPS took the job


@dataclass(frozen=True)
class HeldJob:
    """A paper that did not print (queue stopped or refusing, job failed), kept with
    its PDF until the clerk prints it again."""
    kind: str
    case_id: str
    pdf: bytes
    reprint: bool
    target: str


#: a log_print callback: (ref, kind, target, outcome, job_id) → was this a reprint
LogPrint = Callable[[str, str, str, str, "int | None"], bool]


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


def cups_media(pdf: bytes) -> str:
    """The CUPS ``media`` for the PDF's own page: A4, or the roll's 80 × N mm."""
    w, h = pdf_page_size_mm(pdf)
    if abs(w - 210) < 1 and abs(h - 297) < 1:
        return "A4"
    return f"Custom.{w:.1f}x{h:.1f}mm"


class PrintService:
    """One place that prints: the main window and the views ask it.

    ``cups``: the libcups adapter (devices/cups.py; None where libcups is absent,
    e.g. Windows: every printer then goes through QPrinter)."""

    def __init__(self, printers: dict[str, str], *, silent_kinds: frozenset[str],
                 log_print: LogPrint, printed_before: Callable[[str, str], bool],
                 job_finished: Callable[[str, int, str], None] | None = None,
                 parent: QWidget | None = None, cups=None) -> None:
        self.printers = printers          # kind → default printer name ("" = system default)
        self.silent_kinds = silent_kinds
        self.log_print = log_print
        self.printed_before = printed_before
        self.job_finished = job_finished  # (queue, CUPS job id, outcome)
        self.parent = parent
        self.last_dialog: QWidget | None = None
        if cups is None and cups_adapter.available():
            cups = cups_adapter
        self.cups = cups
        self.held: list[HeldJob] = []
        self.following: dict[tuple[str, int], HeldJob] = {}   # (queue, CUPS job) → the paper
        self.follow_timer = QTimer(parent)
        self.follow_timer.setInterval(1000)
        self.follow_timer.timeout.connect(self.check_jobs)

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

    def queue_state(self, name: str) -> cups_adapter.QueueState | None:
        """CUPS's state of the queue, None when it is no CUPS queue (or no CUPS)."""
        if self.cups is None:
            return None
        try:
            return self.cups.queue_state(name)
        except cups_adapter.CupsError as e:
            logger.warning("CUPS state of %s: %s", name, e.detail)
            return None

    def print_document(self, kind: str, case_id: str, make_pdf: Callable[[bool], bytes], *,
                       preview: bool = True) -> PrintOutcome:
        return self.print_documents([(kind, case_id, make_pdf)], preview=preview)[0]

    def print_documents(self, jobs: list[tuple[str, str, Callable[[bool], bytes]]], *,
                        preview: bool = True) -> list[PrintOutcome]:
        """Makes each PDF (marked 补打 when this document was printed for the case
        before) and prints it: silently for the slip, after a preview otherwise.
        With no printer, says so once and offers saving the PDFs to a folder. A
        paper that did not print is kept (``held``) and the clerk is told once,
        with 重新打印."""
        made = []
        for kind, case_id, make_pdf in jobs:
            reprint = self.printed_before(case_id, kind)
            made.append((kind, case_id, make_pdf(reprint), reprint))
        if not self.available_printers():
            labels = "、".join(kind_label(k) for k, *_ in made)
            box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Printing", "未检测到打印机"),
                              QCoreApplication.translate("Printing", "本机没有可用的打印机,%1无法打印。"
                                 "可以先保存为PDF文件,稍后打印或发送给申请人。").replace("%1", labels),
                              QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                              self.parent)
            # the Save button says what it saves; Cancel keeps Qt's own 取消
            box.button(QMessageBox.StandardButton.Save).setText(QCoreApplication.translate("Printing", "保存为PDF…"))
            box.accepted.connect(lambda: self._ask_folder(made))
            box.open()
            self.last_dialog = box
            self.pending = made
            self.pending_pdf = made[0][2]
            return [PrintOutcome(False, r, "", QCoreApplication.translate("Printing", "未检测到打印机:%1可保存为PDF")
                                 .replace("%1", kind_label(k)))
                    for k, _c, _p, r in made]
        outcomes = []
        for kind, case_id, pdf, reprint in made:
            printer = self._printer(kind)
            assert printer is not None
            label = kind_label(kind)
            if kind in self.silent_kinds or not preview:
                outcomes.append(self._send(printer, kind, case_id, pdf, reprint))
                continue
            painted = []

            def paint(p: QPrinter, pdf=pdf, painted=painted) -> None:
                # the preview paints on a picture engine; the print itself goes to
                # CUPS as the PDF after the dialog closes, or is painted here
                engine = p.paintEngine()
                if engine is not None and engine.type() != QPaintEngine.Type.Picture:
                    if self.queue_state(p.printerName()) is not None:
                        return
                    painted.append(True)
                paint_pdf(p, pdf)

            dialog = QPrintPreviewDialog(printer, self.parent)
            dialog.setWindowTitle(QCoreApplication.translate("Printing", "打印预览 — %1").replace("%1", label)
                                  + (QCoreApplication.translate("Printing", "(补打)") if reprint else ""))
            dialog.paintRequested.connect(paint)
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                outcomes.append(PrintOutcome(False, reprint, "",
                                             QCoreApplication.translate("Printing", "已取消打印%1").replace("%1", label)))
                continue
            if painted:
                outcomes.append(self._logged_printed(printer.printerName(), kind, case_id))
            else:
                outcomes.append(self._send(printer, kind, case_id, pdf, reprint))
        kept = [o for o in outcomes if o.kept]
        if kept:
            self._tell_kept(kept)
        return outcomes

    def _logged_printed(self, name: str, kind: str, case_id: str,
                        job_id: int | None = None) -> PrintOutcome:
        reprint = self.log_print(case_id, kind, name, "sent" if job_id else "printed", job_id)
        message = QCoreApplication.translate("Printing", "%1已发送到%2").replace("%1", kind_label(kind)).replace("%2", name)
        if job_id:
            message += QCoreApplication.translate("Printing", "(作业%1)").replace("%1", str(job_id))
        return PrintOutcome(True, reprint, name, message, job_id=job_id)

    def _send(self, printer: QPrinter | None, kind: str, case_id: str, pdf: bytes,
              reprint: bool, name: str = "") -> PrintOutcome:
        """One paper to one printer: the PDF to the CUPS queue after asking its
        state, or painted through QPrinter where the printer is no CUPS queue."""
        name = printer.printerName() if printer is not None else name
        state = self.queue_state(name)
        if state is None:
            if printer is None:
                printer = QPrinter(QPrinterInfo.printerInfo(name), QPrinter.PrinterMode.HighResolution)
            paint_pdf(printer, pdf)
            return self._logged_printed(name, kind, case_id)
        if not state.accepting:
            return self._keep(kind, case_id, pdf, reprint, name, "rejected",
                              QCoreApplication.translate("Printing", "打印机“%1”拒绝接收打印任务,%2没有打印"))
        if state.state == "stopped":
            return self._keep(kind, case_id, pdf, reprint, name, "stopped",
                              QCoreApplication.translate("Printing", "打印机“%1”已暂停,%2没有打印"))
        options = {"media": cups_media(pdf)}
        if printer is not None and printer.copyCount() > 1:
            options["copies"] = str(printer.copyCount())
        try:
            job = self.cups.submit_pdf(name, pdf, f"{kind}-{case_id[:8]}", options)
        except cups_adapter.CupsError as e:
            logger.warning("CUPS refused %s on %s: %s", kind, name, e.detail)
            return self._keep(kind, case_id, pdf, reprint, name, "failed",
                              QCoreApplication.translate("Printing", "打印机“%1”未接受%2的打印任务"))
        self.following[(name, job)] = HeldJob(kind, case_id, pdf, reprint, name)
        self.follow_timer.start()
        return self._logged_printed(name, kind, case_id, job)

    def _keep(self, kind: str, case_id: str, pdf: bytes, reprint: bool, name: str,
              outcome: str, message: str) -> PrintOutcome:
        self.log_print(case_id, kind, name, outcome, None)
        self.held.append(HeldJob(kind, case_id, pdf, reprint, name))
        text = message.replace("%1", name).replace("%2", kind_label(kind))
        return PrintOutcome(False, reprint, name, text, kept=True)

    def _tell_kept(self, kept: list[PrintOutcome]) -> QMessageBox:
        """One box for what did not print: why, that it is kept, and 重新打印."""
        text = ";".join(o.message for o in kept) + "。" + QCoreApplication.translate(
            "Printing", "打印任务已保留:请检查并恢复打印机后点“重新打印”,或稍后在办件中补打。")
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Printing", "打印未完成"), text,
                          QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close,
                          self.parent)
        box.button(QMessageBox.StandardButton.Retry).setText(QCoreApplication.translate("Printing", "重新打印"))
        box.button(QMessageBox.StandardButton.Close).setText(QCoreApplication.translate("Printing", "关闭"))
        box.button(QMessageBox.StandardButton.Retry).clicked.connect(self.retry_held)
        box.open()
        self.last_dialog = box
        return box

    def retry_held(self) -> list[PrintOutcome]:
        """Prints the kept papers again, each on the printer it was meant for."""
        held, self.held = self.held, []
        outcomes = [self._send(None, j.kind, j.case_id, j.pdf, j.reprint, j.target)
                    for j in held]
        kept = [o for o in outcomes if o.kept]
        if kept:
            self._tell_kept(kept)
        return outcomes

    def check_jobs(self) -> list[tuple[str, int, str]]:
        """Asks CUPS what became of the jobs it took; a job that ended without
        printing is told and kept. Returns (queue, job, state) of the jobs that
        ended."""
        ended, failed = [], []
        for (name, job), paper in list(self.following.items()):
            try:
                state = self.cups.job_state(name, job) if self.cups is not None else None
            except cups_adapter.CupsError as e:
                logger.warning("CUPS job %s on %s: %s", job, name, e.detail)
                continue
            if state is not None and not state.finished and state.state != "stopped":
                continue
            del self.following[(name, job)]
            outcome = "completed" if state is None or state.state == "completed" else "failed"
            ended.append((name, job, state.state if state else "gone"))
            if self.job_finished is not None:
                self.job_finished(name, job, outcome)
            if outcome == "failed":
                assert state is not None
                logger.warning("CUPS job %s on %s ended %s", job, name, state.state)
                if state.state == "stopped":
                    # cancelled, so it never prints by surprise after a 重新打印
                    try:
                        self.cups.cancel(name, job)
                    except cups_adapter.CupsError as e:
                        logger.warning("cancel CUPS job %s: %s", job, e.detail)
                self.held.append(paper)
                failed.append(PrintOutcome(
                    False, paper.reprint, name,
                    QCoreApplication.translate("Printing", "打印机“%1”未能打印%2(作业%3)")
                    .replace("%1", name).replace("%2", kind_label(paper.kind))
                    .replace("%3", str(job)), kept=True, job_id=job))
        if not self.following:
            self.follow_timer.stop()
        if failed:
            self._tell_kept(failed)
        return ended

    def _ask_folder(self, made) -> None:
        folder = QFileDialog.getExistingDirectory(self.parent, QCoreApplication.translate("Printing", "保存PDF到文件夹"),
                                                  str(Path.home()))
        if folder:
            for kind, case_id, pdf, _reprint in made:
                self.save_pdf(kind, case_id, pdf, Path(folder) / f"{kind}-{case_id[:8]}.pdf")

    def save_pdf(self, kind: str, case_id: str, pdf: bytes, path: Path) -> PrintOutcome:
        path.write_bytes(pdf)
        reprint = self.log_print(case_id, kind, str(path), "saved", None)
        return PrintOutcome(True, reprint, str(path),
                            QCoreApplication.translate("Printing", "已保存到%1").replace("%1", str(path)))
