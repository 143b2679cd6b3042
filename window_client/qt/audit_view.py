"""审计日志 (hall managers): the audit log of a date range, whether its hash chain
is intact (完整, or 已被篡改 at row N), and the export for the auditors (CSV for
Excel, or XLSX). Everything goes through services/audit.py, which checks the role
and audits the export; reads run on the store thread."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QDateEdit, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from window_client.core import labels
from window_client.core.records import AuditEntry, ChainStatus
from window_client.services.audit import AuditExport, AuditService
from window_client.services.supervision import NotPermitted

from .db_executor import InlineExecutor, StoreExecutor
from .store_events import refresh_when_shown

logger = logging.getLogger(__name__)

COLUMNS = 6


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AuditLogView(QWidget):
    def __init__(self, audit: AuditService, parent: QWidget | None = None, *,
                 executor: StoreExecutor | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._audit = audit
        self._executor: StoreExecutor = executor or InlineExecutor()
        self.status: ChainStatus | None = None
        self.entries: list[AuditEntry] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.tr("审计日志"))
        title.setObjectName("page_title_label")
        layout.addWidget(title)
        hint = QLabel(self.tr("查看办件、扫描件,打印、补打和导出都会记录在此。日志只能追加,"
                              "每条记录带有前一条的哈希,任何修改或删除都会被校验发现。"))
        hint.setObjectName("hint_label")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        row = QHBoxLayout()
        first = today().replace(day=1)
        self.start_edit = QDateEdit(_qdate(first))
        self.end_edit = QDateEdit(_qdate(today()))
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.start_edit.setObjectName("audit_start_edit")
        self.end_edit.setObjectName("audit_end_edit")
        self.refresh_button = QPushButton(self.tr("查询并校验"))
        self.refresh_button.setObjectName("audit_refresh_button")
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setObjectName("audit_export_button")
        row.addWidget(QLabel(self.tr("从")))
        row.addWidget(self.start_edit)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.end_edit)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.chain_label = QLabel(self.tr("尚未校验"))
        self.chain_label.setObjectName("audit_chain_label")
        self.chain_label.setWordWrap(True)
        layout.addWidget(self.chain_label)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("序号"), self.tr("时间"), self.tr("操作人"), self.tr("操作"),
            self.tr("办件编号"), self.tr("说明")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for col in range(COLUMNS - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.result_label = QLabel()
        self.result_label.setObjectName("hint_label")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(lambda: self.export())
        refresh_when_shown(self, self.refresh).notify()

    def date_range(self) -> tuple[dt.date, dt.date]:
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        assert isinstance(start, dt.date) and isinstance(end, dt.date)
        return (start, end) if start <= end else (end, start)

    def refresh(self) -> None:
        audit = self._audit
        start, end = self.date_range()
        self._executor.submit(lambda: (audit.check(), audit.entries(start, end)), self._show)

    def _show(self, result: object) -> None:
        if isinstance(result, Exception):
            logger.warning("audit log not read: %s", result)
            self.chain_label.setText(self.tr("无法读取审计日志:%1").replace("%1", str(result)))
            return
        assert isinstance(result, tuple)
        self.status, self.entries = result
        self._show_status(self.status)
        self.table.setRowCount(len(self.entries))
        broken = self.status.broken_id
        for r, e in enumerate(self.entries):
            cells = [str(e.id), e.at.strftime("%Y-%m-%d %H:%M:%S"), e.clerk,
                     labels.AUDIT_ACTION_LABELS.get(e.action, e.action), e.case_no or "",
                     e.detail]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if broken is not None and e.id == broken:
                    item.setBackground(self.palette().highlight())
                self.table.setItem(r, c, item)
        self.result_label.setText(self.tr("共%1条记录").replace("%1", str(len(self.entries))))

    def _show_status(self, status: ChainStatus) -> None:
        if status.ok:
            text = self.tr("完整:全部%1条记录校验通过").replace("%1", str(status.rows))
            role = "ok"
        elif status.reason == "changed":
            text = self.tr("已被篡改:第%1条记录的内容已被修改").replace("%1", str(status.broken_id))
            role = "error"
        else:
            text = self.tr("已被篡改:第%1条记录之前有记录被删除或插入").replace(
                "%1", str(status.broken_id))
            role = "error"
        self.chain_label.setText(self.tr("哈希链:") + text)
        self.chain_label.setProperty("role", role)
        self.chain_label.style().unpolish(self.chain_label)
        self.chain_label.style().polish(self.chain_label)

    def export(self, path: Path | str | None = None) -> AuditExport | None:
        """Writes the range shown (XLSX for .xlsx, else CSV); asks where when None."""
        start, end = self.date_range()
        if path is None:
            name = f"audit-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("导出审计日志"), str(Path.home() / name),
                self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"))
            if not chosen:
                return None
            path = chosen if Path(chosen).suffix.lower() in (".xlsx", ".csv") else chosen + ".xlsx"
        audit, target = self._audit, Path(path)
        try:
            done = self._executor.call(lambda: audit.export(start, end, target))
        except (NotPermitted, OSError) as exc:
            logger.warning("audit export failed: %s", exc)
            self.result_label.setText(self.tr("导出失败:%1").replace("%1", str(exc)))
            return None
        self.result_label.setText(self.tr("已导出%1条记录:%2").replace("%1", str(done.rows))
                                  .replace("%2", str(done.path)))
        self._show_status(done.status)
        return done
