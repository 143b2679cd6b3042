"""The 管理 section (administrators only, core.roles.can_administer): which of the
configured one-things this hall offers. Every configured one-thing is listed with
its row in attachment 1, its lead units and where its definition stands with the
departments (待部门审核 / 已审核); a tick offers it here. Saving writes
``disabled_one_things`` to the settings file — the other settings as the file has
them — and the pick page shows only what is switched on, at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from window_client.core.catalog import Catalog
from window_client.core.definition import OneThing, ReviewState
from window_client.settings import Settings, SettingsError, update_settings

IdRole = Qt.ItemDataRole.UserRole + 1


class AdminView(QWidget):
    COL_SEQ, COL_NAME, COL_LEAD, COL_REVIEW, COL_ENABLED = range(5)
    enabled_changed = Signal(object)   # frozenset of the one-thing ids switched on, after a save

    def __init__(self, catalog: Catalog, settings: Settings, settings_file: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.settings_file = settings_file
        # the ids switched off as saved; ids the catalog does not know are kept as they are
        self.disabled: frozenset[str] = frozenset(settings.disabled_one_things)
        self.one_things: list[OneThing] = sorted(catalog.definitions.values(),
                                                 key=lambda one: (one.seed_row, one.id))
        self.switches: dict[str, QTableWidgetItem] = {}   # one-thing id → its 启用 box
        layout = QVBoxLayout(self)
        self.title_label = QLabel(self.tr("本大厅受理的一件事"))
        self.title_label.setObjectName("page_title_label")
        layout.addWidget(self.title_label)
        self.hint_label = QLabel(self.tr("勾选“在本大厅启用”的一件事才会出现在受理页(搜索、按类别、"
                                         "我的常用);保存后立即生效,已开始办理的办件不受影响。"))
        self.hint_label.setObjectName("hint_label")
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("one_things_table")
        self.table.setHorizontalHeaderLabels([self.tr("序号"), self.tr("名称"), self.tr("牵头单位"),
                                              self.tr("审核状态"), self.tr("在本大厅启用")])
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)   # one line a row; the whole text is the cell's tooltip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("hint_label")
        buttons.addWidget(self.count_label, 1)
        self.all_button = QPushButton(self.tr("全部启用"))
        self.all_button.setObjectName("enable_all_button")
        buttons.addWidget(self.all_button)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("confirm_button")
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.status_label = QLabel()
        self.status_label.setObjectName("admin_status_label")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self._fill()
        self.table.itemChanged.connect(self._item_changed)
        self.all_button.clicked.connect(self.enable_all)
        self.save_button.clicked.connect(self.save)

    # -- the table ---------------------------------------------------------------
    def review_text(self, one: OneThing) -> str:
        """The one-thing's review state, then how many of its library items are
        reviewed (an item is reviewed by its own department)."""
        review = one.review
        if review.state == ReviewState.REVIEWED:
            text = (self.tr("已审核(%1,%2)").replace("%1", self.catalog.department_name(review.unit))
                    .replace("%2", review.date))
        else:
            text = self.tr("待部门审核")
        items = [self.catalog.items[i.code] for i in one.items if i.code in self.catalog.items]
        if items:
            done = sum(1 for i in items if i.review.state == ReviewState.REVIEWED)
            text += self.tr(" · 事项已审核%1/%2").replace("%1", str(done)).replace("%2", str(len(items)))
        return text

    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.one_things))
        for row, one in enumerate(self.one_things):
            cells = [str(one.seed_row), one.name,
                     "、".join(self.catalog.department_name(d) for d in one.lead_units),
                     self.review_text(one)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == self.COL_SEQ:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, item)
            switch = QTableWidgetItem()
            switch.setData(IdRole, one.id)
            switch.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                            | Qt.ItemFlag.ItemIsUserCheckable)
            switch.setCheckState(Qt.CheckState.Unchecked if one.id in self.disabled
                                 else Qt.CheckState.Checked)
            self.table.setItem(row, self.COL_ENABLED, switch)
            self.switches[one.id] = switch
            self._show_switch(switch)
        self.table.blockSignals(False)
        self._fit()
        self._count()

    def _fit(self) -> None:
        """Columns from their contents (the font's, not a fixed pixel count); the name
        takes the room that is left."""
        header = self.table.horizontalHeader()
        for col in range(self.table.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _show_switch(self, switch: QTableWidgetItem) -> None:
        on = switch.checkState() == Qt.CheckState.Checked
        switch.setText(self.tr("启用") if on else self.tr("停用"))
        for col in range(self.COL_ENABLED):
            item = self.table.item(switch.row(), col)
            if item is not None:
                item.setData(Qt.ItemDataRole.ForegroundRole,
                             None if on else QColor(Qt.GlobalColor.gray))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != self.COL_ENABLED:
            return
        self.table.blockSignals(True)
        self._show_switch(item)
        self.table.blockSignals(False)
        self._count()
        changed = self.switched_off() != self.disabled & frozenset(self.catalog.definitions)
        self._status(self.tr("有未保存的更改,点击“保存”后生效。") if changed else "", "warning")

    def _count(self) -> None:
        off = len(self.switched_off())
        self.count_label.setText(self.tr("已配置%1项:启用%2项,停用%3项")
                                 .replace("%1", str(len(self.one_things)))
                                 .replace("%2", str(len(self.one_things) - off))
                                 .replace("%3", str(off)))

    def row_of(self, one_thing_id: str) -> int:
        return next(row for row, one in enumerate(self.one_things) if one.id == one_thing_id)

    def set_switched_on(self, one_thing_id: str, on: bool) -> None:
        """Ticks or clears a one-thing's box, as the administrator's click does."""
        self.switches[one_thing_id].setCheckState(
            Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def enable_all(self) -> None:
        for one in self.one_things:
            self.set_switched_on(one.id, True)

    def switched_off(self) -> frozenset[str]:
        """The configured one-things whose box is clear, as the table shows now."""
        return frozenset(one_id for one_id, switch in self.switches.items()
                         if switch.checkState() != Qt.CheckState.Checked)

    # -- saving --------------------------------------------------------------------
    def _status(self, text: str, role: str = "") -> None:
        """The status line: ``role`` "warning" (unsaved changes), "error" or "" (saved)."""
        self.status_label.setText(text)
        self.status_label.setProperty("role", role)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    def save(self) -> bool:
        """Writes the ids switched off (with any the catalog does not know, kept as
        they were) to the settings file and applies them at once. False: the file
        could not be written; nothing changed."""
        unknown = self.disabled - frozenset(self.catalog.definitions)
        disabled = tuple(sorted(self.switched_off() | unknown))
        if self.settings_file is not None:
            try:
                update_settings(self.settings_file, disabled_one_things=disabled)
            except SettingsError as exc:
                self._status(self.tr("未能保存:设置文件有误,请先改正:%1")
                             .replace("%1", ";".join(exc.problems)), "error")
                return False
            except OSError as exc:
                self._status(self.tr("未能保存设置文件:%1")
                             .replace("%1", exc.strerror or str(exc)), "error")
                return False
        self.disabled = frozenset(disabled)
        enabled = self.catalog.enabled_ids(self.disabled)
        off_names = "、".join(one.name for one in self.one_things if one.id in self.disabled)
        if off_names:
            text = (self.tr("已保存:本大厅启用%1项,停用%2项(%3)。受理页已按此显示。")
                    .replace("%1", str(len(enabled)))
                    .replace("%2", str(len(self.one_things) - len(enabled)))
                    .replace("%3", off_names))
        else:
            text = self.tr("已保存:本大厅启用全部%1项一件事。受理页已按此显示。").replace(
                "%1", str(len(enabled)))
        if self.settings_file is None:
            text += self.tr("(没有设置文件,重新登录后恢复原设置)")
        self._status(text)
        self.enabled_changed.emit(enabled)
        return True
