"""The main window. Until the acceptance wizard exists it lists the catalog: every
row of attachment 1, configured ones ready, the others marked 待配置; selecting a
configured one-thing shows its guide, items and what the merge saves on the
default answers."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (QHeaderView, QLabel, QLineEdit, QMainWindow, QSplitter,
                               QTableView, QTextBrowser, QVBoxLayout, QWidget)

from window_client.core.catalog import Catalog
from window_client.core.engine import compute_plan
from window_client.core.workdays import WorkCalendar
from window_client.settings import Settings

from .catalog_model import CatalogTableModel, rows_from_catalog


class MainWindow(QMainWindow):
    def __init__(self, catalog: Catalog, settings: Settings, calendar: WorkCalendar,
                 parent=None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._calendar = calendar
        self.setWindowTitle(self.tr("一件事一次办 综合窗口 — %1 %2")
                            .replace("%1", settings.hall_name)
                            .replace("%2", settings.window_label))
        self.resize(1280, 800)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        configured = len(catalog.definitions)
        self.header_label = QLabel(
            self.tr("%1 · %2 · 一件事目录共%3项,已配置%4项 · 平台:未连接")
            .replace("%1", settings.hall_name).replace("%2", settings.window_label)
            .replace("%3", str(len(catalog.rows))).replace("%4", str(configured)))
        layout.addWidget(self.header_label)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("按名称或类别筛选"))
        self.search_edit.setClearButtonEnabled(True)
        layout.addWidget(self.search_edit)

        self.model = CatalogTableModel(rows_from_catalog(catalog), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.catalog_table = QTableView()
        self.catalog_table.setModel(self.proxy)
        self.catalog_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.catalog_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.catalog_table.verticalHeader().hide()
        header = self.catalog_table.horizontalHeader()
        header.setSectionResizeMode(CatalogTableModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in (CatalogTableModel.COL_SEQ, CatalogTableModel.COL_CATEGORY,
                    CatalogTableModel.COL_LEAD, CatalogTableModel.COL_STATE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.catalog_table.selectionModel().currentRowChanged.connect(self._show_details)

        self.details_view = QTextBrowser()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.catalog_table)
        splitter.addWidget(self.details_view)
        splitter.setSizes([760, 520])
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("目录版本 %1").replace("%1", catalog.version))

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(self.proxy.mapToSource(current))
        self.details_view.setHtml(self.details_html(row.seq))

    def details_html(self, seq: int) -> str:
        catalog = self._catalog
        entry = next(e for e in catalog.entries() if e.row.seq == seq)
        esc = html.escape
        if entry.definition is None:
            return (f"<h2>{esc(entry.display_name)}</h2><p>"
                    + esc(self.tr("待配置:此一件事尚未配置,暂不能在综合窗口受理。")) + "</p>")
        one = entry.definition
        plan = compute_plan(one, catalog.dictionary, one.default_answers(),
                            start=dt.date.today(), calendar=self._calendar)
        s = plan.statistics
        items = "".join(f"<li>{esc(i.name)}({esc(catalog.department_name(i.department))})</li>"
                        for i in plan.items)
        guide = "<br>".join(esc(line) for line in one.guide.strip().splitlines())
        merge = (self.tr("按常见情形:分别申请需填%1项、交%2份材料;合并后填%3项(手工%4项)、交%5份。")
                 .replace("%1", str(s.fields_separate)).replace("%2", str(s.materials_separate))
                 .replace("%3", str(s.fields_merged)).replace("%4", str(s.fields_to_type))
                 .replace("%5", str(s.materials_to_hand_in)))
        limit = self.tr("承诺时限:%1个工作日").replace("%1", str(one.promised_days))
        return (f"<h2>{esc(one.name)}</h2><p>{guide}</p><p>{esc(limit)}</p>"
                f"<h3>{esc(self.tr('包含事项'))}</h3><ol>{items}</ol><p>{esc(merge)}</p>")
