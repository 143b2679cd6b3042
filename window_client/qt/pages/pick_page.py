"""Step 1: pick the one-thing — search by Chinese, pinyin or initials, a category
tree, and the clerk's most used. Unconfigured rows are visible, marked 待配置, and
cannot be started. A configured one-thing this hall switched off (the 管理 section)
is not shown anywhere on the page: ``enabled`` at construction, ``set_enabled``
when the administrator saves."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from window_client.core.catalog import Catalog
from window_client.catalog.loader import load_pinyin_cache
from window_client.core.search import catalog_index

KeyRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2


class PickPage(QWidget):
    picked = Signal(str)  # one-thing id

    def __init__(self, catalog: Catalog, parent: QWidget | None = None, *,
                 enabled: Collection[str] | None = None) -> None:
        """``enabled``: the ids of the configured one-things offered here (None: all)."""
        super().__init__(parent)
        self.catalog = catalog
        self.entries = {e.row.seq: e for e in catalog.entries()}
        self.enabled: frozenset[str] = frozenset(catalog.definitions if enabled is None
                                                 else enabled)
        self.index = catalog_index(self.entries.values(), cache=load_pinyin_cache())
        self.usage: dict[str, int] = {}
        layout = QVBoxLayout(self)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText(self.tr("输入名称、拼音或首字母,如 xse、ershoufang、企业开办"))
        self.search_edit.setClearButtonEnabled(True)
        layout.addWidget(self.search_edit)
        self.hint_label = QLabel(self.tr("↓ 选择结果,回车开始;灰色为待配置,暂不能受理"))
        self.hint_label.setObjectName("hint_label")
        layout.addWidget(self.hint_label)
        body = QHBoxLayout()
        self.result_list = QListWidget()
        self.result_list.setObjectName("result_list")
        body.addWidget(self.result_list, 3)
        self.side_tabs = QTabWidget()
        self.category_tree = QTreeWidget()
        self.category_tree.setObjectName("category_tree")
        self.category_tree.setHeaderHidden(True)
        self.most_used_list = QListWidget()
        self.most_used_list.setObjectName("most_used_list")
        self.side_tabs.addTab(self.category_tree, self.tr("按类别"))
        self.side_tabs.addTab(self.most_used_list, self.tr("我的常用"))
        body.addWidget(self.side_tabs, 2)
        layout.addLayout(body, 1)
        self._fill_tree()
        self.search_edit.textChanged.connect(self.update_results)
        self.search_edit.installEventFilter(self)
        for widget in (self.result_list, self.most_used_list):
            widget.itemActivated.connect(self._activate)
        self.category_tree.itemActivated.connect(self._activate)
        self.update_results("")

    def offered(self, seq: int) -> bool:
        """A row shown on this page: unconfigured (待配置, shown greyed) or switched on."""
        definition = self.entries[seq].definition
        return definition is None or definition.id in self.enabled

    def set_enabled(self, enabled: Collection[str]) -> None:
        """The one-things switched on changed: the tree, the most used and the
        results show only those from now on."""
        self.enabled = frozenset(enabled)
        self._fill_tree()
        self.set_usage(self.usage)

    def set_usage(self, usage: dict[str, int]) -> None:
        self.usage = usage
        self.most_used_list.clear()
        by_id = {e.definition.id: e for e in self.entries.values()
                 if e.definition and e.definition.id in self.enabled}
        for one_id, count in sorted(usage.items(), key=lambda kv: -kv[1])[:10]:
            if one_id in by_id:
                suffix = self.tr("(%1次)").replace("%1", str(count))
                self.most_used_list.addItem(self._item(by_id[one_id].row.seq, suffix=suffix))
        self.update_results(self.search_edit.text())

    def _item(self, seq: int, suffix: str = "") -> QListWidgetItem:
        entry = self.entries[seq]
        text = f"{entry.display_name}  · {entry.row.category}{suffix}"
        if not entry.configured:
            text += self.tr("  [待配置]")
        item = QListWidgetItem(text)
        item.setData(KeyRole, seq)
        item.setData(IdRole, entry.definition.id if entry.definition else None)
        if not entry.configured:
            item.setForeground(Qt.GlobalColor.gray)
            item.setToolTip(self._pending_text(seq))
        return item

    def _pending_text(self, seq: int) -> str:
        """Why a row cannot be started: not configured, and the reason when the
        catalog left it 待配置 on purpose (pending.yaml)."""
        text = self.tr("此一件事尚未配置,暂不能在综合窗口受理")
        reason = self.catalog.pending.get(seq)
        return text + (self.tr("。原因:") + reason if reason else "")

    def _fill_tree(self) -> None:
        self.category_tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for seq, entry in self.entries.items():
            if not self.offered(seq):
                continue
            parent = groups.get(entry.row.category)
            if parent is None:
                parent = QTreeWidgetItem([entry.row.category])
                groups[entry.row.category] = parent
                self.category_tree.addTopLevelItem(parent)
            child = QTreeWidgetItem([entry.display_name + ("" if entry.configured
                                                           else self.tr("  [待配置]"))])
            child.setData(0, KeyRole, seq)
            child.setData(0, IdRole, entry.definition.id if entry.definition else None)
            if not entry.configured:
                child.setForeground(0, Qt.GlobalColor.gray)
                child.setToolTip(0, self._pending_text(seq))
            parent.addChild(child)
        for parent in groups.values():
            parent.setText(0, f"{parent.text(0)}({parent.childCount()})")

    def update_results(self, text: str) -> None:
        by_id = {e.definition.id: seq for seq, e in self.entries.items() if e.definition}
        boost = {by_id[k]: min(n, 50) * 2 for k, n in self.usage.items() if k in by_id}
        # configured rows first among equals: they can be started
        for seq, entry in self.entries.items():
            if entry.configured:
                boost[seq] = boost.get(seq, 0) + 5
        self.result_list.clear()
        hits = [hit for hit in self.index.search(text, boost=boost) if self.offered(hit.key)]
        for hit in hits[:60]:
            self.result_list.addItem(self._item(hit.key))
        if self.result_list.count():
            self.result_list.setCurrentRow(0)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.search_edit and event.type() == QEvent.Type.KeyPress:
            key = QKeyEvent(event).key() if not isinstance(event, QKeyEvent) else event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.result_list.setFocus()
                row = self.result_list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.result_list.setCurrentRow(max(0, min(row, self.result_list.count() - 1)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.result_list.currentItem()
                if item is not None:
                    self._activate(item)
                return True
        return super().eventFilter(obj, event)

    def _activate(self, item, _column: int = 0) -> None:
        one_id = item.data(IdRole) if isinstance(item, QListWidgetItem) else item.data(0, IdRole)
        if one_id:
            self.picked.emit(one_id)
        elif (item.data(KeyRole) if isinstance(item, QListWidgetItem)
              else item.data(0, KeyRole)) is not None:
            seq = (item.data(KeyRole) if isinstance(item, QListWidgetItem)
                   else item.data(0, KeyRole))
            reason = self.catalog.pending.get(seq)
            self.hint_label.setText(self.tr("“%1”尚未配置(待配置),暂不能受理。")
                                    .replace("%1", self.entries[seq].display_name)
                                    + (self.tr("原因:") + reason if reason else ""))

    def first_focus(self) -> QWidget:
        return self.search_edit
