"""The 管理 section (administrators: core.roles.can_administer), one tab per thing
that is the installation's own, each saved through a service method that checks
the role (services/administration.py, services/backups.py) — the tab is hidden
from other roles, and the services refuse them besides:

- 一件事: which configured one-things this hall offers. Every configured one-thing
  is listed with its row in attachment 1, its lead units and where its definition
  stands with the departments (待部门审核 / 已审核); a tick offers it here. Saving
  writes ``disabled_one_things`` and the pick page shows only what is switched on,
  at once.
- 打印机: a printer per paper, the slip's format; 大厅信息: hall name, window name,
  phone (both apply at the next sign-in).
- 账号: local accounts on a local-only install (create, deactivate, reset the
  password); on an online install the platform's, shown only.
- 备份与恢复: the backups, one made now, a chosen one restored (the window signs
  out after it).

The devices (ID card reader, hot folder) are the 设备 tab: editable there for
administrators, read-only for everyone else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from window_client.core.catalog import Catalog
from window_client.core.definition import OneThing, ReviewState
from window_client.core.roles import LABELS as ROLE_LABELS
from window_client.core.roles import AccountError, NotPermitted
from window_client.services.administration import PRINTER_KEYS, Administration
from window_client.services.backups import BackupService
from window_client.services.recovery import RestoreOutcome
from window_client.settings import LABELS as SETTING_LABELS
from window_client.settings import SettingsError

IdRole = Qt.ItemDataRole.UserRole + 1


def _show_status(label: QLabel, text: str, role: str = "") -> None:
    """A status line: ``role`` "warning" (unsaved changes), "error" or "" (saved)."""
    label.setText(text)
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


def _status_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def _failure(widget: QWidget, exc: Exception) -> str:
    """Why a save failed, in Chinese."""
    if isinstance(exc, SettingsError):
        return widget.tr("未能保存:设置文件有误,请先改正:%1").replace("%1", ";".join(exc.problems))
    if isinstance(exc, OSError):
        return widget.tr("未能保存设置文件:%1").replace("%1", exc.strerror or str(exc))
    return str(exc)   # NotPermitted, AccountError: their own Chinese message


class AdminView(QWidget):
    """The tabs of the 管理 section."""
    enabled_changed = Signal(object)   # the one-things panel's, after a save
    restored = Signal(object)          # a RestoreOutcome: the window signs out

    def __init__(self, catalog: Catalog, administration: Administration,
                 backups: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.sections = QTabWidget()
        self.sections.setObjectName("admin_sections")
        self.sections.setDocumentMode(True)
        self.one_things = OneThingsPanel(catalog, administration)
        self.printers = PrintersPanel(administration)
        self.hall = HallPanel(administration)
        self.accounts = AccountsPanel(administration)
        self.backups = BackupsPanel(backups)
        for panel, title in ((self.one_things, self.tr("一件事")), (self.printers, self.tr("打印机")),
                             (self.hall, self.tr("大厅信息")), (self.accounts, self.tr("账号")),
                             (self.backups, self.tr("备份与恢复"))):
            self.sections.addTab(panel, title)
        layout.addWidget(self.sections)
        self.one_things.enabled_changed.connect(self.enabled_changed)
        self.backups.restored.connect(self.restored)


class OneThingsPanel(QWidget):
    COL_SEQ, COL_NAME, COL_LEAD, COL_REVIEW, COL_ENABLED = range(5)
    enabled_changed = Signal(object)   # frozenset of the one-thing ids switched on, after a save

    def __init__(self, catalog: Catalog, administration: Administration,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.administration = administration
        # the ids switched off as saved; ids the catalog does not know are kept as they are
        self.disabled: frozenset[str] = frozenset(
            administration.settings().disabled_one_things)
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
        # the hall profile holds the key and this account cannot write it: read-only
        self.read_only = administration.read_only_note("disabled_one_things")
        if self.read_only:
            self.hint_label.setText(self.read_only)
            for button in (self.all_button, self.save_button):
                button.setEnabled(False)
            self.table.setEnabled(False)
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
        _show_status(self.status_label, text, role)

    def save(self) -> bool:
        """Writes the ids switched off (with any the catalog does not know, kept as
        they were) to the settings file and applies them at once. False: the file
        could not be written; nothing changed."""
        unknown = self.disabled - frozenset(self.catalog.definitions)
        disabled = tuple(sorted(self.switched_off() | unknown))
        try:
            self.administration.save_disabled_one_things(disabled)
        except (NotPermitted, SettingsError, OSError) as exc:
            self._status(_failure(self, exc), "error")
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
        if self.administration.settings_file is None:
            text += self.tr("(没有设置文件,重新登录后恢复原设置)")
        self._status(text)
        self.enabled_changed.emit(enabled)
        return True


class _SettingsPanel(QWidget):
    """A form of settings and a 保存 button; ``_changes`` is what the form says."""

    def __init__(self, administration: Administration, title: str, hint: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.administration = administration
        layout = QVBoxLayout(self)
        title_label = QLabel(title)
        title_label.setObjectName("page_title_label")
        layout.addWidget(title_label)
        hint_label = QLabel(hint)
        hint_label.setObjectName("hint_label")
        hint_label.setWordWrap(True)
        layout.addWidget(hint_label)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("confirm_button")
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.status_label = _status_label("admin_status_label")
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)

    def _changes(self) -> dict[str, object]:
        raise NotImplementedError

    def _saving(self, changes: dict[str, object]) -> object:
        raise NotImplementedError

    def save(self) -> bool:
        try:
            self._saving(self._changes())
        except (NotPermitted, SettingsError, OSError) as exc:
            _show_status(self.status_label, _failure(self, exc), "error")
            return False
        _show_status(self.status_label, self.tr("已保存,重新登录后生效"))
        return True


class PrintersPanel(_SettingsPanel):
    """A printer per paper ("" = the system default) and the slip's format."""
    PRINTERS = ("printer_receipt", "printer_notice", "printer_slip", "printer_handover")

    def __init__(self, administration: Administration, parent: QWidget | None = None) -> None:
        super().__init__(administration, self.tr("打印机"),
                         self.tr("每种单据使用的打印机;留空则使用系统默认打印机。"), parent)
        s = administration.settings()
        names = _printer_names()
        self.printer_combos: dict[str, QComboBox] = {}
        for key in self.PRINTERS:
            combo = QComboBox()
            combo.setObjectName(f"{key}_combo")
            combo.setEditable(True)
            combo.addItem("")
            combo.addItems(names)
            combo.setCurrentText(str(getattr(s, key)))
            combo.lineEdit().setPlaceholderText(self.tr("系统默认打印机"))
            self.form.addRow(SETTING_LABELS[key], combo)
            self.printer_combos[key] = combo
        self.slip_format_combo = QComboBox()
        self.slip_format_combo.setObjectName("slip_format_combo")
        self.slip_format_combo.addItem(self.tr("80毫米热敏纸"), "80mm")
        self.slip_format_combo.addItem(self.tr("A4纸"), "a4")
        self.slip_format_combo.setCurrentIndex(max(self.slip_format_combo.findData(s.slip_format), 0))
        self.form.addRow(SETTING_LABELS["slip_format"], self.slip_format_combo)
        self.silent_slip_box = QCheckBox(SETTING_LABELS["silent_slip"])
        self.silent_slip_box.setObjectName("silent_slip_box")
        self.silent_slip_box.setChecked(s.silent_slip)
        self.form.addRow("", self.silent_slip_box)
        assert set(self.PRINTERS) | {"slip_format", "silent_slip"} == set(PRINTER_KEYS)

    def _changes(self) -> dict[str, object]:
        changes: dict[str, object] = {key: combo.currentText().strip()
                                      for key, combo in self.printer_combos.items()}
        changes["slip_format"] = self.slip_format_combo.currentData()
        changes["silent_slip"] = self.silent_slip_box.isChecked()
        return changes

    def _saving(self, changes: dict[str, object]) -> object:
        return self.administration.save_printers(**changes)


def _printer_names() -> list[str]:
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
        return list(QPrinterInfo.availablePrinterNames())
    except ImportError:   # a build without print support: names are typed
        return []


class HallPanel(_SettingsPanel):
    """The hall's name and phone and this window's name (on the papers and the header)."""
    KEYS = ("hall_name", "window_label", "hall_phone")

    def __init__(self, administration: Administration, parent: QWidget | None = None) -> None:
        super().__init__(administration, self.tr("大厅信息"),
                         self.tr("印在回执、告知书和取件凭证上,并显示在窗口标题中。"), parent)
        s = administration.settings()
        self.edits: dict[str, QLineEdit] = {}
        for key in self.KEYS:
            edit = QLineEdit(str(getattr(s, key)))
            edit.setObjectName(f"{key}_edit")
            self.form.addRow(SETTING_LABELS[key], edit)
            self.edits[key] = edit
        # the hall profile's, and this account cannot write it: shown read-only
        self.read_only = administration.read_only_note(*self.KEYS)
        if self.read_only:
            _show_status(self.status_label, self.read_only)
            self.save_button.setEnabled(False)
            for edit in self.edits.values():
                edit.setReadOnly(True)

    def _changes(self) -> dict[str, object]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    def _saving(self, changes: dict[str, object]) -> object:
        return self.administration.save_hall(**changes)


class AccountsPanel(QWidget):
    """Local accounts: on a local-only install the administrator creates them,
    deactivates or reactivates one, and sets a new password; an online install's
    accounts are the platform's (listed, not changed here)."""
    COL_USER, COL_NAME, COL_ROLE, COL_STATE, COL_LAST = range(5)

    def __init__(self, administration: Administration, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.administration = administration
        local = administration.local_accounts
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("本机账号"))
        title.setObjectName("page_title_label")
        layout.addWidget(title)
        hint = QLabel(self.tr("本机只使用本机账号登录:在这里新建账号、停用离职人员的账号或重置密码。")
                      if local else
                      self.tr("本机通过平台登录,账号由平台统一管理;下面是在本机登录过的账号(供离线登录)。"))
        hint.setObjectName("hint_label")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("accounts_table")
        self.table.setHorizontalHeaderLabels([self.tr("用户名"), self.tr("姓名"), self.tr("角色"),
                                              self.tr("状态"), self.tr("上次登录")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.changes = QWidget()
        changes = QVBoxLayout(self.changes)
        changes.setContentsMargins(0, 0, 0, 0)
        selected = QHBoxLayout()
        self.toggle_button = QPushButton(self.tr("停用所选账号"))
        self.toggle_button.setObjectName("toggle_account_button")
        self.new_password_edit = QLineEdit()
        self.new_password_edit.setObjectName("new_password_edit")
        self.new_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password_edit.setPlaceholderText(self.tr("新密码(至少8位,含字母和数字)"))
        self.new_password_edit.setMinimumWidth(  # the whole hint, from the font
            self.fontMetrics().horizontalAdvance(self.new_password_edit.placeholderText()) + 24)
        self.reset_button = QPushButton(self.tr("重置所选账号的密码"))
        self.reset_button.setObjectName("reset_password_button")
        selected.addWidget(self.toggle_button)
        selected.addStretch(1)
        selected.addWidget(self.new_password_edit)
        selected.addWidget(self.reset_button)
        changes.addLayout(selected)
        new = QHBoxLayout()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("new_username_edit")
        self.username_edit.setPlaceholderText(self.tr("用户名"))
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setObjectName("new_display_name_edit")
        self.display_name_edit.setPlaceholderText(self.tr("姓名"))
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("new_role_combo")
        for role, label in ROLE_LABELS.items():
            self.role_combo.addItem(label, role)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("new_account_password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("初始密码"))
        self.create_button = QPushButton(self.tr("新建账号"))
        self.create_button.setObjectName("create_account_button")
        for widget in (self.username_edit, self.display_name_edit, self.role_combo,
                       self.password_edit, self.create_button):
            new.addWidget(widget)
        changes.addLayout(new)
        layout.addWidget(self.changes)
        self.changes.setVisible(local)
        self.status_label = _status_label("admin_status_label")
        layout.addWidget(self.status_label)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.create_button.clicked.connect(self.create)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.refresh()

    def refresh(self) -> None:
        try:
            accounts = self.administration.accounts()
        except NotPermitted as exc:
            accounts = []
            _show_status(self.status_label, str(exc), "error")
        self.active = {a.username: a.active for a in accounts}
        self.table.setRowCount(len(accounts))
        for row, a in enumerate(accounts):
            cells = [a.username, a.display_name, ROLE_LABELS.get(a.role, a.role),
                     self.tr("启用") if a.active else self.tr("已停用"),
                     a.last_sign_in.strftime("%Y-%m-%d %H:%M") if a.last_sign_in else ""]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(IdRole, a.username)
                if not a.active:
                    item.setData(Qt.ItemDataRole.ForegroundRole, QColor(Qt.GlobalColor.gray))
                self.table.setItem(row, col, item)
        self._selection_changed()

    def selected(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(IdRole) if items else None

    def select(self, username: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, self.COL_USER).text() == username:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        username = self.selected()
        self.toggle_button.setEnabled(username is not None)
        self.reset_button.setEnabled(username is not None)
        self.toggle_button.setText(self.tr("启用所选账号") if username and not self.active[username]
                                   else self.tr("停用所选账号"))

    def _run(self, change: Callable[[], object], done: str) -> bool:
        try:
            change()
        except (NotPermitted, AccountError) as exc:
            _show_status(self.status_label, str(exc), "error")
            return False
        self.refresh()
        _show_status(self.status_label, done)
        return True

    def toggle_selected(self) -> bool:
        username = self.selected()
        if username is None:
            return False
        active = not self.active[username]
        done = self.tr("已启用账号 %1") if active else self.tr("已停用账号 %1,该账号不能再登录")
        return self._run(lambda: self.administration.set_account_active(username, active),
                         done.replace("%1", username))

    def reset_selected(self) -> bool:
        username = self.selected()
        if username is None:
            return False
        password = self.new_password_edit.text()
        ok = self._run(lambda: self.administration.reset_password(username, password),
                       self.tr("已重置账号 %1 的密码").replace("%1", username))
        if ok:
            self.new_password_edit.clear()
        return ok

    def create(self) -> bool:
        username = self.username_edit.text().strip()
        ok = self._run(lambda: self.administration.create_account(
            username, self.display_name_edit.text(), self.password_edit.text(),
            self.role_combo.currentData()), self.tr("已新建账号 %1").replace("%1", username))
        if ok:
            for edit in (self.username_edit, self.display_name_edit, self.password_edit):
                edit.clear()
        return ok


class BackupsPanel(QWidget):
    """The database's backups, newest first: one made now, a chosen one restored
    (after a confirmation that says what the restore does and which cases to check)."""
    restored = Signal(object)   # RestoreOutcome

    def __init__(self, backups: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = backups
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("数据库备份"))
        title.setObjectName("page_title_label")
        layout.addWidget(title)
        hint = QLabel(self.tr("程序每天自动备份一次;恢复时当前数据库会先保留在 damaged 文件夹,"
                              "恢复后需要重新登录。"))
        hint.setObjectName("hint_label")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("backups_table")
        self.table.setHorizontalHeaderLabels([self.tr("备份时间"), self.tr("类型"), self.tr("文件")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.setObjectName("backup_now_button")
        self.restore_button = QPushButton(self.tr("恢复所选备份…"))
        self.restore_button.setObjectName("restore_backup_button")
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        self.status_label = _status_label("admin_status_label")
        layout.addWidget(self.status_label)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.ask_restore)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(bool(self.table.selectedItems())))
        self.refresh()

    def refresh(self) -> None:
        try:
            self.found = self.service.backups()
        except NotPermitted as exc:
            self.found = []
            _show_status(self.status_label, str(exc), "error")
        reasons = {"daily": self.tr("每日自动"), "manual": self.tr("手动")}
        self.table.setRowCount(len(self.found))
        for row, b in enumerate(self.found):
            for col, text in enumerate((b.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
                                        reasons.get(b.reason, b.reason), b.path.name)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.restore_button.setEnabled(bool(self.table.selectedItems()))

    def backup_now(self) -> bool:
        try:
            made = self.service.make_backup()
        except (NotPermitted, OSError) as exc:   # StorageFull, DatabaseDamaged are OSErrors
            _show_status(self.status_label, self.tr("备份未完成:%1").replace("%1", str(exc)), "error")
            return False
        self.refresh()
        _show_status(self.status_label, self.tr("已备份:%1").replace("%1", made.path.name))
        return True

    def ask_restore(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        plan = self.service.plan_restore(self.found[rows[0].row()])
        answer = QMessageBox.question(
            self, self.tr("恢复备份"), plan.summary() + "\n\n" + self.tr("确定要用这份备份替换当前数据库吗?"))
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_selected()

    def restore_selected(self) -> RestoreOutcome | None:
        """Restores the selected backup (no question asked: ``ask_restore`` asks)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        try:
            outcome = self.service.restore(self.service.plan_restore(self.found[rows[0].row()]))
        except (NotPermitted, OSError) as exc:
            _show_status(self.status_label, self.tr("恢复未完成:%1").replace("%1", str(exc)), "error")
            return None
        _show_status(self.status_label, outcome.summary())
        self.restored.emit(outcome)
        return outcome
