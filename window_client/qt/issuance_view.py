"""The issuance counter (出件), for hall managers: scan the pick-up slip (a
keyboard-wedge scanner is caught anywhere on this screen) or search, see each
result and whether it is ready, check who collects, hand over all or some results
or record free postal delivery, then print the handover record."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QButtonGroup, QCheckBox,
                               QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from window_client.core.case_state import LABELS, OutputStatus
from window_client.core.issuance import Collector, IssuanceRefused
from window_client.core.masking import mask_id_number
from window_client.core.scanner import ScanDetector
from window_client.services.issuance import (OUTPUT_STATUS_LABELS, CaseAtCounter,
                                             IssuanceService)

from .background import run_in_background

OutputRole = Qt.ItemDataRole.UserRole + 1
CaseRole = Qt.ItemDataRole.UserRole + 2


class IssuanceView(QWidget):
    handed_over = Signal(str, str)          # case id, issuance id
    card_read = Signal(object)              # the collector's CardReadResult
    print_requested = Signal(str, str, str)  # kind, case id, issuance id

    def __init__(self, service: IssuanceService, catalog, parent: QWidget | None = None, *,
                 read_card=None) -> None:
        super().__init__(parent)
        self.service = service
        self.catalog = catalog
        self.read_card = read_card   # (prefix, typed) -> CardReadResult, off the UI thread
        self.current: CaseAtCounter | None = None
        self.last_issuance: str | None = None
        self.id_source = "typed"
        self.detector = ScanDetector()
        layout = QVBoxLayout(self)
        # the queue: every case with results waiting here, newest first
        queue_row = QHBoxLayout()
        self.queue_label = QLabel(self.tr("待领取"))
        self.queue_label.setObjectName("queue_label")
        self.queue_filter = QLineEdit()
        self.queue_filter.setObjectName("queue_filter_edit")
        self.queue_filter.setPlaceholderText(self.tr("按办件编号、姓名或身份证号筛选待领取的办件"))
        self.queue_filter.setClearButtonEnabled(True)
        queue_row.addWidget(self.queue_label)
        queue_row.addWidget(self.queue_filter, 1)
        layout.addLayout(queue_row)
        self.queue_table = QTableWidget(0, 6)
        self.queue_table.setObjectName("queue_table")
        self.queue_table.setHorizontalHeaderLabels(
            [self.tr("办件编号"), self.tr("申请人"), self.tr("身份证号"), self.tr("一件事"),
             self.tr("可领取"), self.tr("已等待")])
        self.queue_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.queue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_table.verticalHeader().hide()
        self.queue_table.setMaximumHeight(150)
        layout.addWidget(self.queue_table)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("issuance_search_edit")
        self.search_edit.setPlaceholderText(self.tr("扫描取件凭证条码,或输入办件编号、受理编号、身份证号后回车"))
        layout.addWidget(self.search_edit)
        self.results_list = QListWidget()
        self.results_list.setObjectName("issuance_results_list")
        self.results_list.setMaximumHeight(72)
        layout.addWidget(self.results_list)
        self.case_label = QLabel(self.tr("请扫描取件凭证。"))
        self.case_label.setObjectName("issuance_case_label")
        self.case_label.setWordWrap(True)
        layout.addWidget(self.case_label)
        self.outputs_list = QListWidget()
        self.outputs_list.setObjectName("outputs_list")
        self.outputs_list.setMinimumHeight(120)   # the results matter most here
        layout.addWidget(self.outputs_list, 1)
        body = QHBoxLayout()
        who = QGroupBox(self.tr("领取人"))
        form = QFormLayout(who)
        self.role_group = QButtonGroup(self)
        self.self_radio = QRadioButton(self.tr("申请人本人"))
        self.agent_radio = QRadioButton(self.tr("代办人(凭授权委托书)"))
        for r in (self.self_radio, self.agent_radio):
            self.role_group.addButton(r)
        self.self_radio.setChecked(True)
        roles = QHBoxLayout()
        roles.addWidget(self.self_radio)
        roles.addWidget(self.agent_radio)
        form.addRow(self.tr("身份"), roles)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("collector_name_edit")
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("collector_id_edit")
        self.id_edit.setPlaceholderText(self.tr("读卡或手工录入18位身份证号"))
        self.authorisation_box = QCheckBox(self.tr("已核验并留存授权委托书"))
        form.addRow(self.tr("姓名"), self.name_edit)
        id_row = QHBoxLayout()
        id_row.addWidget(self.id_edit, 1)
        self.read_button = QPushButton(self.tr("读卡 (F2)"))
        self.read_button.setObjectName("collector_read_button")
        self.read_button.setAutoDefault(False)
        id_row.addWidget(self.read_button)
        form.addRow(self.tr("身份证号"), id_row)
        self.id_source_label = QLabel()
        self.id_source_label.setObjectName("hint_label")
        form.addRow("", self.id_source_label)
        form.addRow("", self.authorisation_box)
        body.addWidget(who, 1)
        how = QGroupBox(self.tr("发放方式"))
        hform = QFormLayout(how)
        self.window_radio = QRadioButton(self.tr("窗口领取"))
        self.post_radio = QRadioButton(self.tr("免费邮寄"))
        self.method_group = QButtonGroup(self)
        for r in (self.window_radio, self.post_radio):
            self.method_group.addButton(r)
        self.window_radio.setChecked(True)
        methods = QHBoxLayout()
        methods.addWidget(self.window_radio)
        methods.addWidget(self.post_radio)
        hform.addRow(self.tr("方式"), methods)
        self.tracking_edit = QLineEdit()
        self.tracking_edit.setObjectName("tracking_edit")
        self.tracking_edit.setPlaceholderText(self.tr("EMS邮件号"))
        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("address_edit")
        hform.addRow(self.tr("邮件号"), self.tracking_edit)
        hform.addRow(self.tr("邮寄地址"), self.address_edit)
        body.addWidget(how, 1)
        layout.addLayout(body)
        self.message_label = QLabel()
        self.message_label.setObjectName("issuance_message_label")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.print_button = QPushButton(self.tr("打印出件登记单"))
        self.print_button.setObjectName("print_handover_button")
        self.print_button.setEnabled(False)
        self.hand_over_button = QPushButton(self.tr("确认发放"))
        self.hand_over_button.setObjectName("confirm_button")
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.hand_over_button)
        layout.addLayout(buttons)
        self.search_edit.returnPressed.connect(self.search)
        self.queue_filter.textChanged.connect(lambda _t: self.refresh_queue())
        self.queue_table.cellActivated.connect(
            lambda row, _col: self.show_case(self.queue_table.item(row, 0).data(CaseRole)))
        self.read_button.clicked.connect(self.read_collector_card)
        QShortcut(QKeySequence("F2"), self, self.read_collector_card,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for edit in (self.name_edit, self.id_edit):
            edit.textEdited.connect(lambda _t: self._set_id_source("typed"))
        self.results_list.itemActivated.connect(lambda item: self.show_case(item.data(CaseRole)))
        self.hand_over_button.clicked.connect(self.hand_over)
        self.print_button.clicked.connect(lambda: self.current and self.last_issuance and
                                          self.print_requested.emit("handover", self.current.case.id,
                                                                    self.last_issuance))
        for r in (self.self_radio, self.agent_radio, self.window_radio, self.post_radio):
            r.toggled.connect(self._mode_changed)
        self._mode_changed()
        self._set_id_source("typed")
        self.refresh_queue()

    # -- the queue -------------------------------------------------------------------
    def refresh_queue(self) -> None:
        entries = self.service.queue(self.queue_filter.text())
        self.queue_table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            one = self.catalog.definitions.get(e.one_thing_id)
            cells = [e.case_no, e.applicant_name, e.applicant_id_masked,
                     one.name if one else e.one_thing_id,
                     self.tr("%1项").replace("%1", str(e.ready_count)),
                     self.tr("%1个工作日").replace("%1", str(e.waiting_days))]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(CaseRole, e.case_id)
                self.queue_table.setItem(r, c, item)
        self.queue_label.setText(self.tr("待领取 %1 件").replace("%1", str(len(entries))))

    # -- the collector's ID card -----------------------------------------------------
    def _set_id_source(self, source: str) -> None:
        self.id_source = source
        self.id_source_label.setText(self.tr("已读取身份证") if source == "id_card"
                                     else self.tr("手工录入:请核对证件原件"))

    def read_collector_card(self) -> None:
        """The collector's card, read off the UI thread: name and number filled,
        recorded as read from the card (typing over them makes them typed again)."""
        if self.read_card is None:
            self._message(self.tr("未配置身份证读卡器,请手工录入并核对证件原件"), error=True)
            return
        reader = self.read_card
        self._message(self.tr("正在读卡,请将领取人身份证放在读卡区……"))
        self.read_button.setEnabled(False)

        def done(result) -> None:
            self.read_button.setEnabled(True)
            if isinstance(result, Exception):
                self._message(str(result) or self.tr("读卡失败,请重试或手工录入"), error=True)
                return
            self.name_edit.setText(result.values.get("applicant.name", ""))
            self.id_edit.setText(result.values.get("applicant.id_number", ""))
            self._set_id_source("id_card")
            self._message(self.tr("已读取领取人身份证 %1").replace("%1", result.masked_id))
            self.card_read.emit(result)

        run_in_background(lambda: reader("applicant", {}), done)

    # -- the scanner: a burst of keys ending in Enter, anywhere on this screen ---------
    def showEvent(self, event) -> None:
        QApplication.instance().installEventFilter(self)
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        QApplication.instance().removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self.isVisible() and \
                (not isinstance(obj, QWidget) or self.isAncestorOf(obj) or obj is self):
            now = time.monotonic()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                code = self.detector.enter(now)
                if code:
                    focused = QApplication.focusWidget()
                    if isinstance(focused, QLineEdit) and focused.text().endswith(code):
                        focused.setText(focused.text()[:-len(code)])
                    self.scanned(code)
                    return True
            elif event.text() and event.text().isprintable():
                self.detector.key(event.text(), now)
        return False

    def scanned(self, code: str) -> None:
        """A slip's barcode opens its case; anything else scanned (or pasted fast)
        is searched for like typed text."""
        found = self.service.scanned(code)
        if found is None:
            self.search_edit.setText(code)
            self.search()
            return
        self.show_case(found.case.id)

    # -- search and show -----------------------------------------------------------------
    def search(self) -> None:
        text = self.search_edit.text().strip()
        found = self.service.scanned(text) if text else None
        if found is not None:
            self.show_case(found.case.id)
            return
        self.results_list.clear()
        for case in self.service.search(text):
            item = QListWidgetItem(f"{case.platform_no or case.provisional_no}  "
                                   f"{case.applicant_name or ''}  "
                                   f"{mask_id_number(case.applicant_id_number)}  "
                                   f"{LABELS[case.state]}")
            item.setData(CaseRole, case.id)
            self.results_list.addItem(item)
        if self.results_list.count() == 1:
            self.show_case(self.results_list.item(0).data(CaseRole))
        elif not self.results_list.count():
            self._message(self.tr("没有找到办件"), error=True)

    def show_case(self, case_id: str) -> None:
        at = self.service.load(case_id)
        self.current = at
        case = at.case
        one = self.catalog.definitions.get(case.one_thing_id)
        self.case_label.setText(self.tr("办件编号 %1(受理编号 %2) · %3 · 申请人 %4 %5 · %6")
                                .replace("%1", case.platform_no or self.tr("未编号"))
                                .replace("%2", case.provisional_no)
                                .replace("%3", one.name if one else case.one_thing_id)
                                .replace("%4", case.applicant_name or "")
                                .replace("%5", mask_id_number(case.applicant_id_number))
                                .replace("%6", LABELS[case.state]))
        self.outputs_list.clear()
        for o in at.outputs:
            label = OUTPUT_STATUS_LABELS.get(o.status, o.status)
            if o.status == OutputStatus.REFUSED and o.note:
                label += self.tr(":%1").replace("%1", o.note)
            item = QListWidgetItem(f"{o.name} — {label}")
            item.setData(OutputRole, o.output_id)
            if o.status == OutputStatus.READY:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.outputs_list.addItem(item)
        with_outputs = {o.item_code for o in at.outputs}
        for code, name, reason in at.refused_items:
            if code in with_outputs:
                continue   # its outputs are listed above with the reason
            item = QListWidgetItem(self.tr("事项“%1” — 不予受理:%2").replace("%1", name)
                                   .replace("%2", reason))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.outputs_list.addItem(item)
        if not at.outputs:
            self._message(self.tr("该办件尚无结果信息(平台未返回)"), error=True)
        elif all(o.status == OutputStatus.REFUSED for o in at.outputs):
            self._message(self.tr("该办件不予受理,没有可领取的结果"), error=True)
        elif not at.ready:
            self._message(self.tr("该办件暂无可领取的结果"), error=True)
        else:
            self._message(self.tr("请核对领取人身份后确认发放"))
        self.print_button.setEnabled(bool(at.issuances))
        self.last_issuance = at.issuances[-1].id if at.issuances else None
        self.address_edit.setText(case.form_values.get("delivery.address", ""))

    def selected_outputs(self) -> list[str]:
        return [self.outputs_list.item(n).data(OutputRole) for n in range(self.outputs_list.count())
                if self.outputs_list.item(n).checkState() == Qt.CheckState.Checked]

    def hand_over(self) -> bool:
        if self.current is None:
            self._message(self.tr("请先扫描取件凭证或查找办件"), error=True)
            return False
        collector = Collector("agent" if self.agent_radio.isChecked() else "applicant",
                              self.name_edit.text(), self.id_edit.text(),
                              self.authorisation_box.isChecked(), id_source=self.id_source)
        method = "post" if self.post_radio.isChecked() else "window"
        try:
            rec = self.service.hand_over(self.current.case.id, self.selected_outputs(), collector,
                                         method=method, tracking_no=self.tracking_edit.text(),
                                         address=self.address_edit.text())
        except IssuanceRefused as exc:
            self._message(self.tr("不能发放:%1").replace("%1", str(exc)), error=True)
            return False
        case_id = self.current.case.id
        self.show_case(case_id)
        self.refresh_queue()
        self.last_issuance = rec.id
        self.print_button.setEnabled(True)
        self._message(self.tr("已发放%1项,记录已保存(联网后同步到平台)").replace("%1", str(len(rec.outputs))))
        self.handed_over.emit(case_id, rec.id)
        return True

    def _mode_changed(self) -> None:
        post = self.post_radio.isChecked()
        self.tracking_edit.setEnabled(post)
        self.address_edit.setEnabled(post)
        for w in (self.self_radio, self.agent_radio, self.name_edit, self.id_edit):
            w.setEnabled(not post)
        self.authorisation_box.setEnabled(not post and self.agent_radio.isChecked())

    def _message(self, text: str, error: bool = False) -> None:
        self.message_label.setProperty("role", "error" if error else "")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)
