"""办理进度: a case's timeline as the clerk or the hall manager looks it up — per
item the nodes the platform reported (time, department, note), the time used
against the item's promise, the whole case's countdown — and urging (催办) by hand,
with a reason. The rules are the service's (services/supervision.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QPlainTextEdit, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from window_client.core.supervision import CaseProgress, ItemProgress, Node, Urgency
from window_client.services.supervision import SupervisionService, UrgeRefused

from .db_executor import InlineExecutor, StoreExecutor

logger = logging.getLogger(__name__)

_TIME_FORMAT = "%Y-%m-%d %H:%M"
_COLOURS = {Urgency.OVERDUE: "#b91c1c", Urgency.DUE_SOON: "#92400e",
            Urgency.ON_TRACK: "#166534", Urgency.WAITING_CITIZEN: "#1d4ed8"}
_LATE = QColor("#b91c1c")
_MUTED = QColor("#6b6b6b")


class UrgeDialog(QDialog):
    """Which open items to urge, and why (the department reads the reason)."""

    def __init__(self, items: list[ItemProgress], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("urge_dialog")
        self.setWindowTitle(self.tr("催办"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("催办以下事项(发送给承办部门):"), self))
        self.item_boxes: dict[str, QCheckBox] = {}
        for item in items:
            box = QCheckBox(f"{item.name}({item.department_name}) — {item.status_text}", self)
            box.setChecked(True)
            self.item_boxes[item.code] = box
            layout.addWidget(box)
        layout.addWidget(QLabel(self.tr("催办原因:"), self))
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setObjectName("urge_reason_edit")
        self.reason_edit.setPlaceholderText(self.tr("例如:申请人急需证照办理入学手续,请尽快办结"))
        self.reason_edit.setFixedHeight(self.fontMetrics().height() * 4)
        layout.addWidget(self.reason_edit)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("urge_problem_label")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b91c1c")
        layout.addWidget(self.problem_label)
        buttons = QDialogButtonBox(self)
        self.send_button = buttons.addButton(self.tr("催办"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def chosen(self) -> list[str]:
        return [code for code, box in self.item_boxes.items() if box.isChecked()]

    def reason(self) -> str:
        return self.reason_edit.toPlainText()

    def show_problems(self, problems: tuple[str, ...]) -> None:
        self.problem_label.setText("\n".join(problems))


class ProgressPanel(QWidget):
    """The 办理进度 tab of the case details."""
    urged = Signal(int)   # how many items were urged

    def __init__(self, progress: CaseProgress | None, case_id: str,
                 supervision: SupervisionService | None, parent: QWidget | None = None, *,
                 executor: StoreExecutor | None = None,
                 ask_urge: Callable[[UrgeDialog], bool] | None = None) -> None:
        super().__init__(parent)
        self._case_id = case_id
        self._supervision = supervision
        self._executor: StoreExecutor = executor or InlineExecutor()
        self._ask_urge = ask_urge or (lambda d: d.exec() == QDialog.DialogCode.Accepted)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("progress_summary_label")
        self.summary_label.setWordWrap(True)
        font = QFont(self.summary_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary_label.setFont(font)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("progress_tree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("事项 / 节点"), self.tr("时间"), self.tr("承办部门"),
                                   self.tr("说明")])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.urge_button = QPushButton(self.tr("催办…"), self)
        self.urge_button.setObjectName("urge_button")
        self.urge_button.setToolTip(self.tr("请承办部门加快办理(每个事项每个工作日最多催办一次)"))
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("progress_hint_label")
        self.hint_label.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint_label, 1)
        bottom.addWidget(self.urge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        self.urge_button.clicked.connect(self.urge)
        self.show_progress(progress)

    # -- showing ---------------------------------------------------------------
    def show_progress(self, progress: CaseProgress | None) -> None:
        self._progress = progress
        self._department_names: dict[str, str] = {}
        self.tree.clear()
        if progress is None:
            self.summary_label.setText(self.tr("办件尚未受理确认,还没有办理进度"))
            self.summary_label.setStyleSheet("")
            self.urge_button.setEnabled(False)
            self.hint_label.setText("")
            return
        text = self.tr("承诺办结日期 %1 · %2").replace(
            "%1", progress.due.strftime("%Y-%m-%d")).replace("%2", progress.text)
        self.summary_label.setText(text)
        colour = _COLOURS.get(progress.urgency)
        self.summary_label.setStyleSheet(f"color: {colour}" if colour else "")
        # the nodes name departments by id; show them as the items spell them
        self._department_names = {i.department: i.department_name for i in progress.items}
        for item in progress.items:
            self._add_item(item)
        if progress.case_nodes:
            top = QTreeWidgetItem([self.tr("整件办件")])
            self.tree.addTopLevelItem(top)
            for node in progress.case_nodes:
                top.addChild(self._node_row(node))
            top.setExpanded(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        open_items = self._urgeable()
        self.urge_button.setEnabled(self._supervision is not None and bool(open_items))
        self.hint_label.setText("" if open_items else self.tr("没有部门正在办理的事项,无需催办"))

    def _urgeable(self) -> list[ItemProgress]:
        p = self._progress
        if p is None or p.countdown is None:
            return []
        return [i for i in p.items if i.open and not i.waiting_citizen]

    def _add_item(self, item: ItemProgress) -> None:
        used = self.tr("用时%1/承诺%2个工作日").replace("%1", str(item.used)).replace(
            "%2", str(item.promised_days))
        top = QTreeWidgetItem([item.name, item.due.strftime("%Y-%m-%d") + self.tr(" 到期"),
                               item.department_name, f"{item.status_text} · {used}"])
        bold = QFont(top.font(0))
        bold.setBold(True)
        top.setFont(0, bold)
        if item.late_by or (item.countdown is not None and item.countdown.overdue):
            top.setForeground(3, _LATE)
        self.tree.addTopLevelItem(top)
        for node in item.nodes:
            top.addChild(self._node_row(node))
        if not item.nodes:
            waiting = QTreeWidgetItem([self.tr("尚无部门办理记录")])
            waiting.setForeground(0, _MUTED)
            top.addChild(waiting)
        top.setExpanded(True)

    def _node_row(self, node: Node) -> QTreeWidgetItem:
        label = node.label
        note = node.note
        if node.by and node.source == "window":
            note = f"{note}({node.by})" if note else node.by
        department = self._department_names.get(node.department, node.department)
        row = QTreeWidgetItem([label, node.at.strftime(_TIME_FORMAT), department, note])
        row.setToolTip(3, note)
        if node.kind in ("returned", "item_refused", "refused"):
            row.setForeground(0, _LATE)
        return row

    # -- urging ----------------------------------------------------------------
    def urge(self) -> bool:
        """Asks which items and why, then urges through the service; problems are
        shown in the dialog and nothing typed is lost. True when urged."""
        supervision = self._supervision
        items = self._urgeable()
        if supervision is None or not items:
            return False
        dialog = UrgeDialog(items, self)
        case_id = self._case_id
        while self._ask_urge(dialog):
            try:
                made = self._executor.call(partial(supervision.urge, case_id, dialog.chosen(),
                                                   dialog.reason()))
            except UrgeRefused as exc:
                dialog.show_problems(exc.problems)
                continue
            progress = self._executor.call(partial(supervision.progress, case_id))
            self.show_progress(progress)
            self.hint_label.setText(self.tr("已催办%1个事项,将随下次同步发送给承办部门")
                                    .replace("%1", str(len(made))))
            self.urged.emit(len(made))
            dialog.deleteLater()
            return True
        dialog.deleteLater()
        return False


