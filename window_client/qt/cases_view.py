"""The window's case list: search by number, name or the full ID number read off
the card, filter by state, open a case's details, resume a draft or returned case.

Filtering, sorting and paging are the store's query (CaseService.first_page /
page, over the covering index): each keystroke asks for the first page and
the count through the store executor, more pages follow as the table scrolls, and
an answer to a query the clerk has typed past is dropped. The list reloads itself
when the store says cases changed (StoreEvents), at once when shown, else when
next shown."""

from __future__ import annotations

import dataclasses
import logging

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from window_client.core.case_state import EDITABLE, LABELS, CaseState
from window_client.core.catalog import Catalog
from window_client.core.records import CaseListQuery
from window_client.core.workdays import WorkCalendar
from window_client.services.audit import AuditService
from window_client.services.cases import CaseDetails, CaseListPage, CaseService
from window_client.services.supervision import SupervisionService

from .case_details_dialog import CaseDetailsDialog
from .case_table_model import CaseTableModel
from .db_executor import InlineExecutor, StoreExecutor
from .store_events import StoreEvents, refresh_when_shown

logger = logging.getLogger(__name__)


class CasesView(QWidget):
    resume_requested = Signal(str)
    print_requested = Signal(str, str)   # document kind, case id (the slip: "slip")

    def __init__(self, cases: CaseService, catalog: Catalog, parent: QWidget | None = None, *,
                 executor: StoreExecutor | None = None,
                 events: StoreEvents | None = None,
                 supervision: SupervisionService | None = None,
                 calendar: WorkCalendar | None = None,
                 audit: AuditService | None = None) -> None:
        super().__init__(parent)
        self._cases = cases
        self._audit = audit     # opening a case's details is audited
        self._supervision = supervision
        self._catalog = catalog
        self._executor: StoreExecutor = executor or InlineExecutor()
        self._details: CaseDetailsDialog | None = None
        self._query = CaseListQuery()
        self._generation = 0        # the query last asked; older answers are dropped
        self._total = 0             # cases in the store, for "(全部N件)"
        self._keep: str | None = None
        self._failed = False

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
            button.clicked.connect(lambda _c=False, k=kind: self._print_selected(k))
            self.print_buttons[kind] = button
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setObjectName("refresh_button")

        definitions = catalog.definitions
        self.model = CaseTableModel(
            lambda one_id: definitions[one_id].name if one_id in definitions else one_id, self,
            calendar=calendar)
        self.urgent_button = QPushButton(self.tr("超期优先"), self)
        self.urgent_button.setObjectName("urgent_button")
        self.urgent_button.setToolTip(self.tr("按紧急程度排序:已超期的在前,其次是最近到期的"))
        self.case_table = QTableView(self)
        self.case_table.setObjectName("case_table")
        self.case_table.setModel(self.model)
        self.case_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.case_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_table.setAlternatingRowColors(True)
        self.case_table.setWordWrap(False)
        self.case_table.verticalHeader().setVisible(False)
        self.case_table.setSortingEnabled(True)
        self.case_table.sortByColumn(CaseTableModel.COL_UPDATED, Qt.SortOrder.DescendingOrder)
        # widths from the font, not from the rows: measuring every row's text at each
        # keystroke cost more than the query (the clerk can still drag a column)
        header = self.case_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.case_table.fontMetrics()
        em = metrics.height()   # about one Chinese character
        for col, width in ((CaseTableModel.COL_PROVISIONAL_NO,
                            metrics.horizontalAdvance("W01-20261102-0001")),
                           (CaseTableModel.COL_APPLICANT, 5 * em),
                           (CaseTableModel.COL_ID_NUMBER,
                            metrics.horizontalAdvance("360702********1234")),
                           (CaseTableModel.COL_STATE, 5 * em),
                           (CaseTableModel.COL_UPDATED, metrics.horizontalAdvance("2026-11-02 09:30")),
                           (CaseTableModel.COL_CLERK, 4 * em),
                           (CaseTableModel.COL_DUE, metrics.horizontalAdvance("2026-11-02")),
                           (CaseTableModel.COL_REMAINING, 7 * em)):
            header.resizeSection(col, width + 24)
        header.setSectionResizeMode(CaseTableModel.COL_ONE_THING, QHeaderView.ResizeMode.Stretch)

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(QLabel(self.tr("状态"), self))
        filters.addWidget(self.state_combo)
        filters.addWidget(self.urgent_button)
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
        self.urgent_button.clicked.connect(self.sort_by_urgency)
        self.model.more_wanted.connect(self._fetch_more)
        self.model.order_changed.connect(self._on_order_changed)
        # activated covers double-click and Enter/Return, as the platform defines them
        self.case_table.activated.connect(self._on_activated)
        self.case_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.details_button.clicked.connect(self._open_selected)
        self.resume_button.clicked.connect(self._resume_selected)
        if events is not None:
            refresh_when_shown(self, self.refresh, events.cases_changed)
        self.refresh()

    # -- data --------------------------------------------------------------
    def refresh(self) -> None:
        """Reloads the first page of the current query, keeping the selected case
        selected when it is on that page."""
        self._ask(keep=self.selected_case_id())

    def _ask(self, keep: str | None) -> None:
        self._generation += 1
        generation, query, cases = self._generation, self._query, self._cases
        limit = CaseTableModel.PAGE_SIZE

        self._keep = keep
        self._executor.submit(lambda: cases.first_page(query, limit),
                              lambda result: self._first_page(generation, result))

    def _first_page(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return  # the clerk has typed on; a newer answer is coming
        if not isinstance(result, CaseListPage):
            self._failed = True
            self.model.set_rows([])
        else:
            self._failed = False
            self._total = result.total
            self.model.set_rows(list(result.rows), result.matching)
            if self._keep is not None:
                self.select_case(self._keep)
        self._update_count()
        self._update_actions()

    def _fetch_more(self, offset: int) -> None:
        generation, query, cases = self._generation, self._query, self._cases

        def arrived(result: Any) -> None:
            if generation != self._generation:
                return
            if isinstance(result, Exception):
                self.model.fetch_failed()
            else:
                self.model.append_rows(result)

        self._executor.submit(
            lambda: cases.page(query, CaseTableModel.PAGE_SIZE, offset),
            arrived)

    @property
    def query(self) -> CaseListQuery:
        return self._query

    def selected_case_id(self) -> str | None:
        rows = self.case_table.selectionModel().selectedRows()
        return rows[0].data(CaseTableModel.CaseIdRole) if rows else None

    def select_case(self, case_id: str) -> bool:
        """Selects the case when it is among the rows loaded so far."""
        row = self.model.row_of(case_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.case_table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.case_table.setCurrentIndex(index)
        return True

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
        cases, audit = self._cases, self._audit

        def read() -> CaseDetails:
            found = cases.details(case_id)
            if audit is not None:
                audit.viewed_case(case_id)
            return found

        details: CaseDetails = self._executor.call(read)
        logger.debug("details of case %s", details.case.provisional_no)
        supervision = self._supervision
        progress = (self._executor.call(lambda: supervision.progress(case_id))
                    if supervision is not None else None)
        dialog = CaseDetailsDialog(details, self._catalog, self, progress=progress,
                                   supervision=supervision, executor=self._executor,
                                   audit=audit)
        dialog.resume_requested.connect(self.resume_requested)
        self._details = dialog
        dialog.open()
        return dialog

    def sort_by_urgency(self) -> None:
        """Overdue cases first, then those due soonest; returned, drafts and closed
        cases after them."""
        self.case_table.sortByColumn(CaseTableModel.COL_REMAINING, Qt.SortOrder.AscendingOrder)

    # -- slots -------------------------------------------------------------
    def _on_filter_changed(self) -> None:
        value = self.state_combo.currentData()
        self._set_query(text=self.search_edit.text(),
                        states=frozenset({CaseState(value)}) if value else None)

    def _on_order_changed(self, key: str, descending: bool) -> None:
        self._set_query(order=key, descending=descending)

    def _set_query(self, **changes: Any) -> None:
        query = dataclasses.replace(self._query, **changes)
        if query != self._query:
            self._query = query
            self._ask(keep=self.selected_case_id())

    def _on_activated(self, index: QModelIndex) -> None:
        case_id = index.data(CaseTableModel.CaseIdRole)
        if case_id:
            self.open_details(case_id)

    def _open_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id:
            self.open_details(case_id)

    def _print_selected(self, kind: str) -> None:
        case_id = self.selected_case_id()
        if case_id:
            self.print_requested.emit(kind, case_id)

    def _resume_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id:
            self.resume_requested.emit(case_id)

    def _update_count(self) -> None:
        if self._failed:
            self.count_label.setText(self.tr("读取办件列表失败,请稍后点“刷新”重试"))
            return
        shown, total = self.model.matching, self._total
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
