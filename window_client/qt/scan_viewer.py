"""One stored scan of a case, shown and printed. The bytes come from
``AuditService.open_scan`` (audited as view_scan before they are read); printing
writes print_scan. A JPEG/PNG is one page, a PDF is rasterised with pypdfium2."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from window_client.services.audit import AuditService, ScanCopy

from .db_executor import InlineExecutor, StoreExecutor
from .printing import pdf_page_images

logger = logging.getLogger(__name__)


def scan_images(copy: ScanCopy, dpi: int = 110) -> list[QImage]:
    if copy.data[:4] == b"%PDF" or copy.file.media_type == "application/pdf":
        return pdf_page_images(copy.data, dpi)
    image = QImage.fromData(copy.data)
    return [] if image.isNull() else [image]


class ScanViewer(QDialog):
    def __init__(self, copy: ScanCopy, case_id: str, audit: AuditService,
                 parent: QWidget | None = None, *, executor: StoreExecutor | None = None) -> None:
        super().__init__(parent)
        self._copy, self._case_id, self._audit = copy, case_id, audit
        self._executor: StoreExecutor = executor or InlineExecutor()
        self.setWindowTitle(self.tr("扫描件 — %1").replace("%1", copy.file.original_name))
        self.resize(820, 900)
        self.images = scan_images(copy)
        layout = QVBoxLayout(self)
        pages = QWidget()
        pages_layout = QVBoxLayout(pages)
        for image in self.images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image).scaledToWidth(
                760, Qt.TransformationMode.SmoothTransformation))
            pages_layout.addWidget(label)
        if not self.images:
            pages_layout.addWidget(QLabel(self.tr("无法显示此文件")))
        scroll = QScrollArea()
        scroll.setWidget(pages)
        layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setObjectName("hint_label")
        buttons.addWidget(self.status_label, 1)
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setObjectName("print_scan_button")
        self.print_button.setEnabled(bool(self.images))
        self.close_button = QPushButton(self.tr("关闭"))
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self._choose_printer)
        self.close_button.clicked.connect(self.reject)

    def _choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Prints every page, one sheet each, then audits the print."""
        painter = QPainter(printer)
        try:
            for n, image in enumerate(self.images):
                if n:
                    printer.newPage()
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.x(), target.y(), scaled.width(), scaled.height()),
                                  image)
        finally:
            painter.end()
        where = printer.printerName() or printer.outputFileName()
        audit, case_id, file_id = self._audit, self._case_id, self._copy.file.id
        self._executor.call(lambda: audit.printed_scan(case_id, file_id, where))
        self.status_label.setText(self.tr("已发送打印"))
