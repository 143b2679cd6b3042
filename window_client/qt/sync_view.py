"""The 同步 section: platform state, the outbox with each case's attempts and last
error, retry of stuck cases, export to a folder as a last resort, and the
notifications the change feed brought (补正, results ready, refusals)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from window_client.services.sync import SyncOverview, SyncService

from .db_executor import InlineExecutor, StoreExecutor

CaseIdRole = Qt.ItemDataRole.UserRole + 1


class SyncView(QWidget):
    sync_requested = Signal()
    open_case = Signal(str)
    exported = Signal(str, list)   # the folder, the provisional numbers written

    def __init__(self, sync: SyncService, parent: QWidget | None = None, *,
                 executor: StoreExecutor | None = None) -> None:
        super().__init__(parent)
        self.sync = sync
        self.executor: StoreExecutor = executor or InlineExecutor()
        self._unread = 0
        layout = QVBoxLayout(self)
        self.status_label = QLabel()
        self.status_label.setObjectName("sync_status_label")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        buttons = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.setObjectName("sync_button")
        self.retry_button = QPushButton(self.tr("重试选中"))
        self.retry_button.setObjectName("retry_button")
        self.export_button = QPushButton(self.tr("导出到文件夹…"))
        self.export_button.setObjectName("export_button")
        for b in (self.sync_button, self.retry_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("待提交的办件")))
        self.outbox_table = QTableWidget(0, 4)
        self.outbox_table.setObjectName("outbox_table")
        self.outbox_table.setHorizontalHeaderLabels(
            [self.tr("受理编号"), self.tr("尝试次数"), self.tr("下次重试"), self.tr("最近错误")])
        self.outbox_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.outbox_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.outbox_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.outbox_table.verticalHeader().hide()
        layout.addWidget(self.outbox_table, 2)
        layout.addWidget(QLabel(self.tr("办件动态通知")))
        self.notification_list = QListWidget()
        self.notification_list.setObjectName("notification_list")
        layout.addWidget(self.notification_list, 1)
        self.sync_button.clicked.connect(self.sync_requested.emit)
        self.retry_button.clicked.connect(self.retry_selected)
        self.export_button.clicked.connect(self._choose_export)
        self.notification_list.itemActivated.connect(
            lambda item: item.data(CaseIdRole) and self.open_case.emit(item.data(CaseIdRole)))

    def refresh(self, _report: object = None) -> None:
        """Reads the outbox and the notifications on the store thread, then shows them."""
        self.executor.submit(self.sync.overview, self._show)

    def _show(self, overview: object) -> None:
        if not isinstance(overview, SyncOverview):
            self.status_label.setText(self.tr("同步状态读取失败,稍后自动重试"))
            return   # the exception is logged by the executor
        st = overview.status
        self._unread = overview.unread
        self.status_label.setText(
            self.tr("待提交 %1 件(等待重试 %2 件,需人工处理 %3 件) · 上次成功同步:%4%5")
            .replace("%1", str(st["queued"])).replace("%2", str(st["waiting_retry"]))
            .replace("%3", str(st["stuck"]))
            .replace("%4", st["last_success"].replace("T", " ") or self.tr("从未"))
            .replace("%5", (self.tr(" · 上次错误:") + st["last_error"]) if st["last_error"] else ""))
        queued = overview.queued
        self.outbox_table.setRowCount(len(queued))
        for r, q in enumerate(queued):
            cells = [q.provisional_no, str(q.attempts),
                     self.tr("需人工处理") if q.stuck else
                     (q.next_attempt_at.strftime("%H:%M:%S") if q.attempts else self.tr("即将提交")),
                     q.last_error]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(CaseIdRole, q.case_id)
                self.outbox_table.setItem(r, c, item)
        self.notification_list.clear()
        for n in overview.notifications:
            item = QListWidgetItem(f"{n.created_at:%m-%d %H:%M}  {n.message}")
            item.setData(CaseIdRole, n.case_id)
            if not n.read:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.notification_list.addItem(item)

    def mark_all_read(self) -> None:
        """The clerk has looked at the 同步 section: the notifications are seen."""
        self._unread = 0
        self.executor.submit(self.sync.mark_all_read, self.refresh)

    def unread_count(self) -> int:
        """Unread notifications as last read from the store."""
        return self._unread

    def retry_selected(self) -> None:
        rows = sorted({i.row() for i in self.outbox_table.selectedIndexes()})
        case_ids = [self.outbox_table.item(r, 0).data(CaseIdRole) for r in rows]
        sync = self.sync

        def retried(result: object) -> None:
            self.refresh()
            if not isinstance(result, Exception):
                self.sync_requested.emit()

        self.executor.submit(lambda: sync.retry(case_ids), retried)

    def _choose_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("导出到文件夹"))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> int:
        written = self.executor.call(lambda: self.sync.export_to(folder))
        self.exported.emit(str(folder), [p.name for p in written])   # audited
        self.status_label.setText(self.tr("已导出 %1 件到 %2").replace("%1", str(len(written)))
                                  .replace("%2", str(folder)))
        return len(written)
