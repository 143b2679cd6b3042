"""Table model over the window's cases, and the proxy that searches and filters it.

Rows are plain frozen dataclasses built from the repository's records. The list
shows the applicant's ID number masked; the full number is kept on the row only so
that a clerk can find a case by typing the number she reads off the ID card."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Iterable

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QColor

from window_client.core.case_state import LABELS, CaseState
from window_client.core.catalog import Catalog
from window_client.core.masking import mask_id_number
from window_client.store.repository import CaseRecord

_TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class CaseTableRow:
    case_id: str
    provisional_no: str
    platform_no: str | None
    one_thing_name: str
    applicant_name: str
    applicant_id_masked: str
    # for search only; never displayed, and kept out of repr so it cannot reach a log
    applicant_id_full: str = field(repr=False)
    state: CaseState
    state_label: str
    updated_at: dt.datetime
    created_by: str


def rows_from_records(records: Iterable[CaseRecord], catalog: Catalog) -> list[CaseTableRow]:
    """One row per record; a one-thing the catalog no longer defines shows its id."""
    rows = []
    for r in records:
        one = catalog.definitions.get(r.one_thing_id)
        rows.append(CaseTableRow(
            case_id=r.id, provisional_no=r.provisional_no, platform_no=r.platform_no,
            one_thing_name=one.name if one is not None else r.one_thing_id,
            applicant_name=r.applicant_name or "",
            applicant_id_masked=mask_id_number(r.applicant_id_number),
            applicant_id_full=r.applicant_id_number or "",
            state=r.state, state_label=LABELS[r.state], updated_at=r.updated_at,
            created_by=r.created_by))
    return rows


# states that need the clerk's attention stand out in the list
_STATE_COLOURS = {
    CaseState.DRAFT: QColor("#1d4ed8"),
    CaseState.RETURNED: QColor("#b91c1c"),
    CaseState.REFUSED: QColor("#6b6b6b"),
    CaseState.DISCARDED: QColor("#6b6b6b"),
}


class CaseTableModel(QAbstractTableModel):
    (COL_PROVISIONAL_NO, COL_ONE_THING, COL_APPLICANT, COL_ID_NUMBER, COL_STATE,
     COL_UPDATED, COL_CLERK) = range(7)
    CaseIdRole = Qt.ItemDataRole.UserRole + 1
    StateRole = Qt.ItemDataRole.UserRole + 2
    SortRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, rows: list[CaseTableRow] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[CaseTableRow] = list(rows or [])
        self._headers = [self.tr("受理编号"), self.tr("一件事"), self.tr("申请人"),
                         self.tr("身份证号"), self.tr("状态"), self.tr("更新时间"),
                         self.tr("受理人")]

    def set_rows(self, rows: list[CaseTableRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CaseTableRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def _display(self, row: CaseTableRow, col: int) -> str:
        if col == self.COL_PROVISIONAL_NO:
            return row.provisional_no
        if col == self.COL_ONE_THING:
            return row.one_thing_name
        if col == self.COL_APPLICANT:
            return row.applicant_name
        if col == self.COL_ID_NUMBER:
            return row.applicant_id_masked
        if col == self.COL_STATE:
            return row.state_label
        if col == self.COL_UPDATED:
            return row.updated_at.strftime(_TIME_FORMAT)
        if col == self.COL_CLERK:
            return row.created_by
        return ""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == self.SortRole:
            if col == self.COL_UPDATED:
                return row.updated_at.isoformat()  # sorts as text in time order
            if col == self.COL_STATE:
                return list(CaseState).index(row.state)  # life-cycle order, not pinyin
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_PROVISIONAL_NO:
            return (self.tr("平台办件编号:%1").replace("%1", row.platform_no)
                    if row.platform_no else self.tr("尚未提交到平台"))
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATE:
            return _STATE_COLOURS.get(row.state)
        if role == self.CaseIdRole:
            return row.case_id
        if role == self.StateRole:
            return row.state
        return None


class CaseFilterProxyModel(QSortFilterProxyModel):
    """Search by provisional number, platform number, applicant name or the full ID
    number (case-insensitive, so a trailing x matches X), and filter by state."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._text = ""
        self._state: CaseState | None = None
        self.setSortRole(CaseTableModel.SortRole)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = "".join(text.split()).casefold()  # pasted numbers may carry spaces
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, state: CaseState | None) -> None:
        self.beginFilterChange()
        self._state = CaseState(state) if state is not None else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, CaseTableModel):
            return True
        row = model.row_at(source_row)
        if self._state is not None and row.state != self._state:
            return False
        if not self._text:
            return True
        return any(self._text in (value or "").casefold()
                   for value in (row.provisional_no, row.platform_no, row.applicant_name,
                                 row.applicant_id_full))
