"""A case as the clerk looks it up: header, the form values (masked, as anyone
standing behind the counter could see them), materials and files, state history.
Draft and returned cases can be resumed from here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QPushButton, QTableWidget,
                               QTableWidgetItem)

from window_client.core.engine import MaterialTag
from window_client.core.case_state import EDITABLE, LABELS
from window_client.core.catalog import Catalog
from window_client.core.dictionary import DictionaryEntry, FieldType
from window_client.core.masking import mask
from window_client.core.records import CaseRecord, FileRecord, StateChangeRecord
from window_client.services.audit import AuditService
from window_client.services.cases import CaseDetails

from window_client.core.supervision import CaseProgress
from window_client.services.supervision import SupervisionService

from .db_executor import InlineExecutor, StoreExecutor
from .forms.ui_case_details_dialog import Ui_CaseDetailsDialog
from .progress_panel import ProgressPanel
from .scan_viewer import ScanViewer

_TIME_FORMAT = "%Y-%m-%d %H:%M"


def _format_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _format_time(at: dt.datetime | None) -> str:
    return at.strftime(_TIME_FORMAT) if at else ""


class CaseDetailsDialog(QDialog):
    resume_requested = Signal(str)

    def __init__(self, details: CaseDetails, catalog: Catalog, parent=None, *,
                 progress: CaseProgress | None = None,
                 supervision: SupervisionService | None = None,
                 executor: StoreExecutor | None = None,
                 audit: AuditService | None = None) -> None:
        super().__init__(parent)
        case, history, files = details.case, details.history, details.files
        self._files = list(files)
        self._audit = audit
        self._executor: StoreExecutor = executor or InlineExecutor()
        self.scan_viewer: ScanViewer | None = None
        self._clerk_name = details.clerk_name
        self.ui = Ui_CaseDetailsDialog()
        self.ui.setupUi(self)
        self._case = case
        self._catalog = catalog
        self._tag_labels = {
            MaterialTag.HAND_IN: self.tr("提交纸质材料"),
            MaterialTag.E_LICENCE: self.tr("电子证照免交"),
            MaterialTag.ONLINE_VERIFICATION: self.tr("网络核验免交"),
            MaterialTag.VERIFICATION_PENDING: self.tr("待核验(离线)"),
            MaterialTag.SHARED: self.tr("共享免交"),
            MaterialTag.MAY_BE_MISSING: self.tr("可容缺受理"),
        }
        self._fill_header(case)
        self._fill_form(case.form_values)
        self._fill_materials(case, list(files))
        self._fill_history(list(history))
        self._add_scan_buttons()
        self.progress_panel = ProgressPanel(progress, case.id, supervision, self,
                                            executor=executor)
        self.ui.details_tabs.addTab(self.progress_panel, self.tr("办理进度"))
        self.ui.details_tabs.setCurrentIndex(0)
        resumable = case.state in EDITABLE
        self.ui.resume_button.setEnabled(resumable)
        self.ui.resume_hint_label.setText(
            "" if resumable else self.tr("只有草稿和退回补正的办件可以继续办理"))
        self.ui.resume_button.clicked.connect(self._on_resume)
        self.ui.close_button.clicked.connect(self.reject)

    @property
    def case_id(self) -> str:
        return self._case.id

    def _on_resume(self) -> None:
        self.resume_requested.emit(self._case.id)
        self.accept()

    # -- header ------------------------------------------------------------
    def _fill_header(self, case: CaseRecord) -> None:
        one = self._catalog.definitions.get(case.one_thing_id)
        ui = self.ui
        self.setWindowTitle(self.tr("办件详情 — %1").replace("%1", case.provisional_no))
        ui.provisional_no_label.setText(case.provisional_no)
        ui.platform_no_label.setText(case.platform_no or self.tr("未提交"))
        ui.one_thing_label.setText(one.name if one is not None else case.one_thing_id)
        ui.state_label.setText(LABELS[case.state])
        ui.clerk_label.setText(self._clerk_name or case.created_by)
        ui.created_label.setText(_format_time(case.created_at))
        ui.updated_label.setText(_format_time(case.updated_at))
        bold = QFont(ui.state_label.font())
        bold.setBold(True)
        for label in (ui.provisional_no_label, ui.state_label):
            label.setFont(bold)

    # -- 申请信息 ----------------------------------------------------------
    def _display_value(self, value: Any, entry: DictionaryEntry | None) -> str:
        if entry is not None and entry.options:
            labels = {o.value: o.label for o in entry.options}
            if isinstance(value, (list, tuple)):
                value = "、".join(labels.get(str(v), str(v)) for v in value)
            else:
                value = labels.get(str(value), str(value))
        if isinstance(value, bool) or (entry is not None and entry.type == FieldType.BOOL):
            value = self.tr("是") if value else self.tr("否")
        elif isinstance(value, (list, tuple)):
            value = "、".join(str(v) for v in value)
        text = "" if value is None else str(value)
        return mask(text, entry.mask) if entry is not None else text

    def _fill_form(self, values: dict[str, Any] | Any) -> None:
        dictionary = self._catalog.dictionary
        order = {key: i for i, key in enumerate(dictionary.entries)}
        known = [k for k in values if k in dictionary.entries]
        unknown = sorted(k for k in values if k not in dictionary.entries)

        def sort_key(key: str) -> tuple[int, int]:
            return dictionary.section_of(key).order, order[key]

        table = self.ui.form_table
        table.setRowCount(0)
        section_font = QFont(table.font())
        section_font.setBold(True)
        current_section = None
        for key in sorted(known, key=sort_key) + unknown:
            value = values[key]
            if value is None or value == "":
                continue
            entry = dictionary.entries.get(key)
            section = dictionary.section_of(key) if entry is not None else None
            section_id = section.id if section is not None else ""
            if section_id != current_section:
                current_section = section_id
                row = table.rowCount()
                table.insertRow(row)
                heading = QTableWidgetItem(section.label if section else self.tr("其他"))
                heading.setFont(section_font)
                table.setItem(row, 0, heading)
                table.setSpan(row, 0, 1, 2)
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, QTableWidgetItem(entry.label if entry else key))
            table.setItem(row, 1, QTableWidgetItem(self._display_value(value, entry)))
        if table.rowCount() == 0:
            self._placeholder(table, self.tr("尚未填写申请信息"))
        self._fit(table)

    # -- 材料 --------------------------------------------------------------
    def _fill_materials(self, case: CaseRecord, files: list[FileRecord]) -> None:
        table = self.ui.material_table
        table.setRowCount(len(case.materials))
        centre = Qt.AlignmentFlag.AlignCenter
        for row, m in enumerate(case.materials):
            cells = [m.name, self._tag_labels.get(m.tag, m.tag),
                     self.tr("已收") if m.received else self.tr("未收"),
                     str(m.copies) if m.copies else "",
                     m.missing_deadline.isoformat() if m.missing_deadline else ""]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 3):
                    item.setTextAlignment(centre)
                if m.note:
                    item.setToolTip(m.note)
                table.setItem(row, col, item)
        if not case.materials:
            self._placeholder(table, self.tr("尚未登记材料"))
        self._fit(table)
        names = {m.material_id: m.name for m in case.materials}
        files_table = self.ui.file_table
        files_table.setRowCount(len(files))
        for row, f in enumerate(files):
            files_table.setItem(row, 0, QTableWidgetItem(f.original_name))
            size = QTableWidgetItem(_format_size(f.size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            files_table.setItem(row, 1, size)
            files_table.setItem(row, 2, QTableWidgetItem(names.get(f.material_id,
                                                                   f.material_id)))
        self.ui.files_caption_label.setText(
            self.tr("已上传文件(%1个)").replace("%1", str(len(files))) if files
            else self.tr("尚无上传文件"))
        files_table.setVisible(bool(files))
        self._fit(files_table)

    # -- 扫描件 (audited: services/audit.py) --------------------------------------
    def _add_scan_buttons(self) -> None:
        self.view_scan_button = QPushButton(self.tr("查看扫描件…"), self)
        self.view_scan_button.setObjectName("view_scan_button")
        self.view_scan_button.setVisible(bool(self._files) and self._audit is not None)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.view_scan_button)
        self.ui.materials_layout.addLayout(row)
        self.view_scan_button.clicked.connect(lambda: self.view_scan())
        self.ui.file_table.cellDoubleClicked.connect(lambda r, _c: self.view_scan(r))

    def view_scan(self, row: int | None = None) -> ScanViewer | None:
        """Shows the scan of the selected (or given) row of the file table; the
        audit service records the view before it reads the file."""
        if row is None:
            row = self.ui.file_table.currentRow()
        audit = self._audit
        if audit is None or not 0 <= row < len(self._files):
            return None
        case_id, file_id = self._case.id, self._files[row].id
        try:
            copy = self._executor.call(lambda: audit.open_scan(case_id, file_id))
        except (LookupError, OSError, ValueError) as exc:  # ValueError: vault.FileTampered
            self.ui.files_caption_label.setText(
                self.tr("无法打开扫描件:%1").replace("%1", str(exc)))
            return None
        if self.scan_viewer is not None:
            self.scan_viewer.close()
            self.scan_viewer.deleteLater()
        self.scan_viewer = ScanViewer(copy, case_id, audit, self, executor=self._executor)
        self.scan_viewer.open()
        return self.scan_viewer

    # -- 状态记录 ----------------------------------------------------------
    def _fill_history(self, history: list[StateChangeRecord]) -> None:
        table = self.ui.history_table
        table.setRowCount(len(history))
        for row, h in enumerate(history):
            source = LABELS[h.from_state] if h.from_state is not None else self.tr("新建")
            cells = [_format_time(h.at), f"{source} → {LABELS[h.to_state]}", h.clerk, h.note]
            for col, text in enumerate(cells):
                table.setItem(row, col, QTableWidgetItem(text))
        self._fit(table)

    @staticmethod
    def _placeholder(table: QTableWidget, text: str) -> None:
        table.setRowCount(1)
        item = QTableWidgetItem(text)
        item.setForeground(QColor("#6b6b6b"))
        table.setItem(0, 0, item)
        table.setSpan(0, 0, 1, table.columnCount())

    @staticmethod
    def _fit(table: QTableWidget) -> None:
        header = table.horizontalHeader()
        for col in range(table.columnCount() - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
