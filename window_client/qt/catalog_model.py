"""Table model over the one-thing catalog (plain rows, no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from window_client.core.catalog import Catalog, CatalogEntry


@dataclass(frozen=True)
class CatalogTableRow:
    seq: int
    category: str
    name: str
    lead_units: str
    configured: bool
    one_thing_id: str | None
    name_missing: bool


def rows_from_catalog(catalog: Catalog) -> list[CatalogTableRow]:
    def row(e: CatalogEntry) -> CatalogTableRow:
        lead_ids = e.definition.lead_units if e.definition else e.row.lead_unit_ids
        leads = "、".join(catalog.departments[d].short_name for d in lead_ids)
        return CatalogTableRow(e.row.seq, e.row.category, e.display_name, leads, e.configured,
                               e.definition.id if e.definition else None,
                               "name_missing" in e.row.flags)
    return [row(e) for e in catalog.entries()]


class CatalogTableModel(QAbstractTableModel):
    COL_SEQ, COL_CATEGORY, COL_NAME, COL_LEAD, COL_STATE = range(5)
    OneThingIdRole = Qt.ItemDataRole.UserRole + 1
    ConfiguredRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, rows: list[CatalogTableRow], parent=None) -> None:
        super().__init__(parent)
        self._rows = rows
        self._headers = [self.tr("序号"), self.tr("类别"), self.tr("一件事名称"),
                         self.tr("牵头单位"), self.tr("状态")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def row_at(self, index: QModelIndex) -> CatalogTableRow:
        return self._rows[index.row()]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_SEQ:
                return row.seq
            if col == self.COL_CATEGORY:
                return row.category
            if col == self.COL_NAME:
                return row.name
            if col == self.COL_LEAD:
                return row.lead_units or self.tr("(原文未列)")
            if col == self.COL_STATE:
                return self.tr("已配置") if row.configured else self.tr("待配置")
        if role == Qt.ItemDataRole.ForegroundRole and not row.configured:
            return QColor("#6b6b6b")
        if role == Qt.ItemDataRole.ToolTipRole and row.name_missing:
            return self.tr("附件1原文此行未列出名称")
        if role == self.OneThingIdRole:
            return row.one_thing_id
        if role == self.ConfiguredRole:
            return row.configured
        return None
