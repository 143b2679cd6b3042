"""Table model over one query of the window's cases, fetched a page at a time.

The rows are the store's light list rows (core/records.CaseListRow): the
list columns only, the ID number already masked — the full number never reaches
the UI for a list; searching it is done by the store's query. The model holds the
pages loaded so far and the number of rows the query selects; when the view
scrolls near the end, ``fetchMore`` asks for the next page through
``more_wanted(offset)``, and whoever owns the query (CasesView) answers with
``append_rows``. Sorting a column asks for a new order (``order_changed``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt,
                            Signal)
from PySide6.QtGui import QColor

import datetime as dt

from window_client.core.case_state import LABELS, CaseState
from window_client.core.records import CaseListRow
from window_client.core.supervision import Urgency, countdown, urgency
from window_client.core.workdays import WorkCalendar

_TIME_FORMAT = "%Y-%m-%d %H:%M"

# states that need the clerk's attention stand out in the list
_STATE_COLOURS = {
    CaseState.DRAFT: QColor("#1d4ed8"),
    CaseState.RETURNED: QColor("#b91c1c"),
    CaseState.REFUSED: QColor("#6b6b6b"),
    CaseState.DISCARDED: QColor("#6b6b6b"),
}


# the countdown: overdue cases and cases due within one working day stand out
_URGENCY_TEXT = {Urgency.OVERDUE: QColor("#b91c1c"), Urgency.DUE_SOON: QColor("#92400e")}
_URGENCY_BACKGROUND = {Urgency.OVERDUE: QColor("#fde2e2"), Urgency.DUE_SOON: QColor("#fdf0c8")}
_DATE_FORMAT = "%Y-%m-%d"

# roles as plain ints: the view asks about seven roles per painted cell, and a
# comparison with an enum member costs ten times one with an int
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_CASE_ID = int(Qt.ItemDataRole.UserRole) + 1
_STATE = int(Qt.ItemDataRole.UserRole) + 2
_URGENCY = int(Qt.ItemDataRole.UserRole) + 3
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _BACKGROUND, _CASE_ID, _STATE, _URGENCY})


class CaseTableModel(QAbstractTableModel):
    (COL_PROVISIONAL_NO, COL_ONE_THING, COL_APPLICANT, COL_ID_NUMBER, COL_STATE,
     COL_UPDATED, COL_CLERK, COL_DUE, COL_REMAINING) = range(9)
    CaseIdRole = _CASE_ID
    StateRole = _STATE
    UrgencyRole = _URGENCY
    PAGE_SIZE = 100
    # the store's sort key per column (the one-thing column sorts by its id)
    # (the countdown column sorts by urgency: overdue first, then the nearest due date)
    ORDER_KEYS = ("provisional_no", "one_thing_id", "applicant_name", "applicant_id_number",
                  "state", "updated_at", "created_by", "due_date", "urgency")

    more_wanted = Signal(int)           # offset of the next page
    order_changed = Signal(str, bool)   # store sort key, descending

    def __init__(self, one_thing_name: Callable[[str], str] = str,
                 parent: QObject | None = None, *, calendar: WorkCalendar | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._one_thing_name = one_thing_name
        self._calendar = calendar or WorkCalendar()
        self._today = today
        self._urgency: list[Urgency | None] = []
        self._rows: list[CaseListRow] = []
        self._texts: list[tuple[str, ...] | None] = []   # display texts, made when first asked
        self._matching = 0          # rows the query selects (loaded or not)
        self._fetching = False
        self._headers = [self.tr("受理编号"), self.tr("一件事"), self.tr("申请人"),
                         self.tr("身份证号"), self.tr("状态"), self.tr("更新时间"),
                         self.tr("受理人"), self.tr("承诺办结日"), self.tr("剩余时限")]

    # -- filling -----------------------------------------------------------
    def set_rows(self, rows: Sequence[CaseListRow], matching: int | None = None) -> None:
        """The first page of a new query; ``matching``: how many rows it selects."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [None] * len(self._rows)
        self._urgency = [None] * len(self._rows)
        self._matching = len(self._rows) if matching is None else max(matching, len(self._rows))
        self._fetching = False
        self.endResetModel()

    def append_rows(self, rows: Sequence[CaseListRow]) -> None:
        """The page asked for by ``more_wanted``."""
        self._fetching = False
        if not rows:
            self._matching = len(self._rows)  # the store has fewer now than counted
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._texts.extend([None] * len(rows))
        self._urgency.extend([None] * len(rows))
        self._matching = max(self._matching, len(self._rows))
        self.endInsertRows()

    def fetch_failed(self) -> None:
        """A page could not be read: stop asking until the next query."""
        self._fetching = False
        self._matching = len(self._rows)

    @property
    def matching(self) -> int:
        return self._matching

    def row_at(self, row: int) -> CaseListRow:
        return self._rows[row]

    def row_of(self, case_id: str) -> int | None:
        for n, r in enumerate(self._rows):
            if r.id == case_id:
                return n
        return None

    # -- Qt ----------------------------------------------------------------
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._fetching and len(self._rows) < self._matching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if self.canFetchMore(parent):
            self._fetching = True
            self.more_wanted.emit(len(self._rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.ORDER_KEYS):
            self.order_changed.emit(self.ORDER_KEYS[column],
                                    order == Qt.SortOrder.DescendingOrder)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def _state_text(self, row: CaseListRow) -> str:
        """The state; a case that goes on with an item refused says how many items."""
        text = LABELS[row.state]
        if row.refused_items and row.state != CaseState.REFUSED:
            text += self.tr("(%1项事项不予受理)").replace("%1", str(row.refused_items))
        return text

    def _urgency_of(self, n: int) -> Urgency:
        value = self._urgency[n]
        if value is None:
            row = self._rows[n]
            value = urgency(row.state, row.due_date, self._today(), self._calendar)
            self._urgency[n] = value
        return value

    def _remaining_text(self, n: int) -> str:
        row, value = self._rows[n], self._urgency_of(n)
        if row.due_date is None or value in (Urgency.CLOSED, Urgency.NOT_STARTED):
            return ""
        if value == Urgency.WAITING_CITIZEN:
            return self.tr("待补正")
        left = countdown(row.due_date, self._today(), self._calendar)
        if left.overdue:
            return self.tr("已超期%1个工作日").replace("%1", str(left.overdue))
        if left.remaining == 0:
            return self.tr("今日到期")
        return self.tr("剩余%1个工作日").replace("%1", str(left.remaining))

    def _display(self, n: int) -> tuple[str, ...]:
        texts = self._texts[n]
        if texts is None:
            row = self._rows[n]
            texts = (row.provisional_no, self._one_thing_name(row.one_thing_id),
                     row.applicant_name, row.applicant_id_masked, self._state_text(row),
                     row.updated_at.strftime(_TIME_FORMAT), row.clerk_name or row.created_by,
                     row.due_date.strftime(_DATE_FORMAT) if row.due_date else "",
                     self._remaining_text(n))
            self._texts[n] = texts
        return texts

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        n, col = index.row(), index.column()
        if role == _DISPLAY:
            return self._display(n)[col]
        row = self._rows[n]
        if role == _CASE_ID:
            return row.id
        if role == _STATE:
            return row.state
        if role == _URGENCY:
            return self._urgency_of(n)
        if role == _BACKGROUND:
            return _URGENCY_BACKGROUND.get(self._urgency_of(n))
        if role == _FOREGROUND:
            if col == self.COL_REMAINING:
                return _URGENCY_TEXT.get(self._urgency_of(n))
            return _STATE_COLOURS.get(row.state) if col == self.COL_STATE else None
        if col == self.COL_PROVISIONAL_NO:  # the tool tip
            return (self.tr("平台办件编号:%1").replace("%1", row.platform_no)
                    if row.platform_no else self.tr("尚未提交到平台"))
        return None
