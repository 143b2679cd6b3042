"""The window's case list: search by number, name or the full ID number read off
the card, filter by state, open a case's details, resume a draft or returned case."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from window_client.core.case_state import EDITABLE, LABELS, CaseState
from window_client.core.catalog import Catalog
from window_client.store.repository import CaseRepository

from .case_details_dialog import CaseDetailsDialog
from .case_table_model import CaseFilterProxyModel, CaseTableModel, rows_from_records

logger = logging.getLogger(__name__)


class CasesView(QWidget):
    resume_requested = Signal(str)
    print_requested = Signal(str, str)   # document kind, case id (the slip: "slip")

    def __init__(self, cases: CaseRepository, catalog: Catalog, parent=None) -> None:
        super().__init__(parent)
        self._cases = cases
        self._catalog = catalog
        self._details: CaseDetailsDialog | None = None

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText(self.tr("按受理编号、姓名或身份证号搜索"))
        self.search_edit.setClearButtonEnabled(True)
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("state_combo")
        self.state_combo.addItem(self.tr("全部"), None)
        for state in CaseState:
            self.state_combo.addItem(LABELS[state], state.value)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        self.details_button = QPushButton(self.tr("查看详情"), self)
        self.details_button.setObjectName("details_button")
        self.resume_button = QPushButton(self.tr("继续办理"), self)
        self.resume_button.setObjectName("resume_button")
        self.print_buttons = {}
        for kind, label in (("receipt", self.tr("打印回执")), ("notice", self.tr("打印告知书")),
                            ("slip", self.tr("打印取件凭证"))):
            button = QPushButton(label, self)
            button.setObjectName(f"print_{kind}_button")
            button.clicked.connect(lambda _c=False, k=kind: self.selected_case_id() and
                                   self.print_requested.emit(k, self.selected_case_id()))
            self.print_buttons[kind] = button
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setObjectName("refresh_button")

        self.model = CaseTableModel(parent=self)
        self.proxy = CaseFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.case_table = QTableView(self)
        self.case_table.setObjectName("case_table")
        self.case_table.setModel(self.proxy)
        self.case_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.case_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_table.setAlternatingRowColors(True)
        self.case_table.setWordWrap(False)
        self.case_table.verticalHeader().setVisible(False)
        self.case_table.setSortingEnabled(True)
        self.case_table.sortByColumn(CaseTableModel.COL_UPDATED, Qt.SortOrder.DescendingOrder)
        header = self.case_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CaseTableModel.COL_ONE_THING, QHeaderView.ResizeMode.Stretch)

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(QLabel(self.tr("状态"), self))
        filters.addWidget(self.state_combo)
        filters.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for button in self.print_buttons.values():
            actions.addWidget(button)
        actions.addWidget(self.details_button)
        actions.addWidget(self.resume_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.case_table, 1)
        layout.addLayout(actions)

        self.search_edit.textChanged.connect(self._on_filter_changed)
        self.state_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.refresh_button.clicked.connect(self.refresh)
        # activated covers double-click and Enter/Return, as the platform defines them
        self.case_table.activated.connect(self._on_activated)
        self.case_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.details_button.clicked.connect(self._open_selected)
        self.resume_button.clicked.connect(self._resume_selected)
        self.refresh()

    # -- data --------------------------------------------------------------
    def refresh(self) -> None:
        """Reloads the list from the repository, keeping the selected case selected."""
        keep = self.selected_case_id()
        self.model.set_rows(rows_from_records(self._cases.list_cases(), self._catalog))
        if keep is not None:
            self.select_case(keep)
        self._update_count()
        self._update_actions()

    def selected_case_id(self) -> str | None:
        rows = self.case_table.selectionModel().selectedRows()
        return rows[0].data(CaseTableModel.CaseIdRole) if rows else None

    def select_case(self, case_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(CaseTableModel.CaseIdRole) == case_id:
                self.case_table.selectionModel().select(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.case_table.setCurrentIndex(index)
                return True
        return False

    # -- details -----------------------------------------------------------
    @property
    def details_dialog(self) -> CaseDetailsDialog | None:
        """The details dialog opened last (None before the first)."""
        return self._details

    def open_details(self, case_id: str) -> CaseDetailsDialog:
        """Shows the case's details without blocking (window-modal) and returns the
        dialog; its resume_requested is forwarded as this view's."""
        if self._details is not None:
            self._details.close()
            self._details.deleteLater()
        case = self._cases.get(case_id)
        logger.debug("details of case %s", case.provisional_no)
        dialog = CaseDetailsDialog(case, self._cases.history(case_id),
                                   self._cases.files(case_id), self._catalog, self)
        dialog.resume_requested.connect(self.resume_requested)
        self._details = dialog
        dialog.open()
        return dialog

    # -- slots -------------------------------------------------------------
    def _on_filter_changed(self) -> None:
        self.proxy.set_text(self.search_edit.text())
        value = self.state_combo.currentData()
        self.proxy.set_state(CaseState(value) if value else None)
        self._update_count()
        self._update_actions()

    def _on_activated(self, index: QModelIndex) -> None:
        case_id = index.data(CaseTableModel.CaseIdRole)
        if case_id:
            self.open_details(case_id)

    def _open_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id:
            self.open_details(case_id)

    def _resume_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id:
            self.resume_requested.emit(case_id)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = self.tr("共%1件").replace("%1", str(shown))
        if shown != total:
            text += self.tr("(全部%1件)").replace("%1", str(total))
        self.count_label.setText(text)

    def _update_actions(self) -> None:
        rows = self.case_table.selectionModel().selectedRows()
        self.details_button.setEnabled(bool(rows))
        printable = bool(rows) and rows[0].data(CaseTableModel.StateRole) not in (
            CaseState.DRAFT, CaseState.DISCARDED)
        for button in self.print_buttons.values():
            button.setEnabled(printable)
        self.resume_button.setEnabled(
            bool(rows) and rows[0].data(CaseTableModel.StateRole) in EDITABLE)
