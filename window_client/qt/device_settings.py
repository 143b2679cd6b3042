"""The 设备 section: choose and test the ID card reader and the scanning sources,
and choose the document camera (高拍仪) and its resolution.
Tests run off the UI thread and answer in Chinese; settings are saved through the
administration service (Permission.MANAGE_DEVICES: administrators; only this
screen's keys, the others as the file has them) and apply at the next sign-in.
Every other role sees what is set, read-only, and may test it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from window_client.core.roles import NotPermitted, Permission
from window_client.services.administration import Administration
from window_client.services.devices import READER_KINDS, read_once
from window_client.settings import Settings, SettingsError

from .background import run_in_background


class DeviceSettingsView(QWidget):
    def __init__(self, administration: Administration, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.administration = administration
        self.settings = settings = administration.settings()
        self.editable = administration.may(Permission.MANAGE_DEVICES)
        layout = QVBoxLayout(self)
        self.read_only_label = QLabel(self.tr("设备设置仅系统管理员可以更改;您可以查看和测试当前设置。"))
        self.read_only_label.setObjectName("hint_label")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setVisible(not self.editable)
        layout.addWidget(self.read_only_label)
        reader_box = QGroupBox(self.tr("身份证读卡器"))
        form = QFormLayout(reader_box)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("reader_kind_combo")
        for kind, label in READER_KINDS.items():
            self.kind_combo.addItem(label, kind)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(settings.idcard_reader), 0))
        self.port_combo = QComboBox()
        self.port_combo.setObjectName("reader_port_combo")
        self.port_combo.setEditable(True)
        self.refresh_ports()
        self.port_combo.setCurrentText(settings.idcard_port)
        form.addRow(self.tr("类型"), self.kind_combo)
        form.addRow(self.tr("串口"), self.port_combo)
        row = QHBoxLayout()
        self.test_reader_button = QPushButton(self.tr("测试读卡器"))
        self.test_reader_button.setObjectName("test_reader_button")
        row.addWidget(self.test_reader_button)
        row.addStretch(1)
        form.addRow("", row)
        self.reader_result = QLabel()
        self.reader_result.setObjectName("reader_result_label")
        self.reader_result.setWordWrap(True)
        form.addRow("", self.reader_result)
        layout.addWidget(reader_box)
        scan_box = QGroupBox(self.tr("材料扫描"))
        sform = QFormLayout(scan_box)
        self.hot_folder_edit = QLineEdit(settings.hot_folder)
        self.hot_folder_edit.setObjectName("hot_folder_edit")
        self.choose_button = choose = QPushButton(self.tr("选择…"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.hot_folder_edit, 1)
        folder_row.addWidget(choose)
        sform.addRow(self.tr("网络扫描仪共享文件夹"), folder_row)
        # a scanner driven through SANE: the name it lists, "" = none
        self.sane_device_combo = QComboBox()
        self.sane_device_combo.setObjectName("sane_device_combo")
        self.sane_device_combo.setEditable(True)
        self.sane_device_combo.addItem(self.tr("不使用"), "")
        if settings.scanner_device:
            self.sane_device_combo.addItem(settings.scanner_device, settings.scanner_device)
            self.sane_device_combo.setCurrentIndex(1)
        self.find_sane_button = QPushButton(self.tr("查找扫描仪"))
        self.find_sane_button.setObjectName("find_sane_button")
        sane_row = QHBoxLayout()
        sane_row.addWidget(self.sane_device_combo, 1)
        sane_row.addWidget(self.find_sane_button)
        sform.addRow(self.tr("SANE扫描仪"), sane_row)
        self.test_scanner_button = QPushButton(self.tr("测试扫描来源"))
        self.test_scanner_button.setObjectName("test_scanner_button")
        sform.addRow("", self.test_scanner_button)
        self.scanner_result = QLabel()
        self.scanner_result.setObjectName("scanner_result_label")
        self.scanner_result.setWordWrap(True)
        sform.addRow("", self.scanner_result)
        layout.addWidget(scan_box)
        layout.addWidget(self._camera_box(settings))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("保存设置"))
        self.save_button.setObjectName("confirm_button")
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.saved_label = QLabel()
        layout.addWidget(self.saved_label)
        layout.addStretch(1)
        self.test_reader_button.clicked.connect(self.test_reader)
        self.test_scanner_button.clicked.connect(self.test_scanner)
        choose.clicked.connect(self._choose_folder)
        self.find_sane_button.clicked.connect(self.find_sane_devices)
        self.save_button.clicked.connect(self.save)
        for widget in (self.kind_combo, self.port_combo, self.hot_folder_edit, choose,
                       self.sane_device_combo, self.find_sane_button,
                       self.camera_combo, self.camera_resolution_combo):
            widget.setEnabled(self.editable)
        self.save_button.setVisible(self.editable)

    # -- the document camera ---------------------------------------------------------
    def _camera_box(self, settings: Settings) -> QGroupBox:
        box = QGroupBox(self.tr("高拍仪"))
        form = QFormLayout(box)
        self.camera_combo = QComboBox()
        self.camera_combo.setObjectName("camera_combo")
        self.camera_resolution_combo = QComboBox()
        self.camera_resolution_combo.setObjectName("camera_resolution_combo")
        form.addRow(self.tr("设备"), self.camera_combo)
        form.addRow(self.tr("分辨率"), self.camera_resolution_combo)
        self.camera_note = QLabel()
        self.camera_note.setObjectName("camera_note_label")
        self.camera_note.setWordWrap(True)
        form.addRow("", self.camera_note)
        self.refresh_cameras(settings.camera_device, settings.camera_resolution)
        self.camera_combo.currentIndexChanged.connect(lambda _i: self.fill_camera_resolutions(""))
        return box

    def refresh_cameras(self, selected: str, resolution: str = "") -> None:
        """The cameras Qt Multimedia sees; a saved one that is not connected stays
        listed (so saving other settings keeps it)."""
        from .camera import camera_devices, device_formats, device_id
        self._camera_formats = {device_id(d): device_formats(d) for d in camera_devices()}
        descriptions = {device_id(d): d.description() for d in camera_devices()}
        self.camera_combo.blockSignals(True)
        self.camera_combo.clear()
        self.camera_combo.addItem(self.tr("系统默认摄像头"), "")
        for ident, description in descriptions.items():
            self.camera_combo.addItem(description, ident)
        if selected and selected not in descriptions:
            self.camera_combo.addItem(self.tr("%1(未连接)").replace("%1", selected), selected)
        self.camera_combo.setCurrentIndex(max(self.camera_combo.findData(selected), 0))
        self.camera_combo.blockSignals(False)
        self.camera_note.setText(self.tr("未检测到摄像头或高拍仪;连接后在此选择。")
                                 if not descriptions else "")
        self.fill_camera_resolutions(resolution)

    def fill_camera_resolutions(self, selected: str) -> None:
        from window_client.imaging.camera_formats import resolution_choices
        from .camera import device_id, find_camera
        ident = self.camera_combo.currentData() or ""
        if not ident:  # the system default: its formats, when there is one
            default = find_camera("")
            ident = device_id(default) if default is not None else ""
        formats = self._camera_formats.get(ident, [])
        box = self.camera_resolution_combo
        box.clear()
        box.addItem(self.tr("最高分辨率"), "")
        for r in resolution_choices(formats):
            box.addItem(f"{r.width}×{r.height}({r.megapixels:.1f}MP)", str(r))
        if selected and box.findData(selected) < 0:
            box.addItem(self.tr("%1(该设备不支持)").replace("%1", selected), selected)
        box.setCurrentIndex(max(box.findData(selected), 0))

    def refresh_ports(self) -> None:
        try:
            from window_client.devices.idcard import find_ports
            ports = find_ports()
        except Exception:  # no serial support on this machine: typed port names still work
            ports = []
        self.port_combo.clear()
        for p in ports:
            self.port_combo.addItem(f"{p.device} {getattr(p, 'description', '')}".strip(), p.device)

    def current(self) -> Settings:
        text = self.port_combo.currentText().strip()
        index = self.port_combo.findText(text)
        port = self.port_combo.itemData(index) if index >= 0 else text.split(" ")[0]
        return replace(self.settings, idcard_reader=self.kind_combo.currentData(),
                       idcard_port=port, hot_folder=self.hot_folder_edit.text().strip(),
                       scanner_device=self.sane_device(),
                       camera_device=self.camera_combo.currentData() or "",
                       camera_resolution=self.camera_resolution_combo.currentData() or "")

    def sane_device(self) -> str:
        text = self.sane_device_combo.currentText().strip()
        index = self.sane_device_combo.findText(text)
        data = self.sane_device_combo.itemData(index) if index >= 0 else None
        return str(data) if data is not None else text.split(" ")[0]

    def find_sane_devices(self) -> None:
        """Lists the SANE scanners off the UI thread (libsane can take seconds)."""
        from window_client.imaging.sources import SaneSource, SourceError
        keep = self.sane_device()
        self.find_sane_button.setEnabled(False)
        self.scanner_result.setText(self.tr("正在查找扫描仪……"))

        def done(result) -> None:
            self.find_sane_button.setEnabled(self.editable)
            if isinstance(result, Exception):
                self.scanner_result.setText(str(result) if isinstance(result, SourceError)
                                            else self.tr("查找扫描仪失败"))
                return
            self.sane_device_combo.clear()
            self.sane_device_combo.addItem(self.tr("不使用"), "")
            for d in result:
                self.sane_device_combo.addItem(f"{d.name} {d.vendor} {d.model}", d.name)
            index = self.sane_device_combo.findData(keep) if keep else 0
            if index < 0:   # a device set before and not found now stays as typed
                self.sane_device_combo.addItem(keep, keep)
                index = self.sane_device_combo.count() - 1
            self.sane_device_combo.setCurrentIndex(index)
            self.scanner_result.setText(self.tr("找到%1台扫描仪").replace("%1", str(len(result))))

        run_in_background(lambda: SaneSource().devices(), done)

    def test_reader(self) -> None:
        settings = self.current()
        self.reader_result.setText(self.tr("正在读卡,请放置身份证……"))
        self.test_reader_button.setEnabled(False)

        def done(result) -> None:
            self.test_reader_button.setEnabled(True)
            if isinstance(result, Exception):
                self.reader_result.setText(self.tr("读卡器测试未通过:%1").replace("%1", str(result)))
            else:
                notes = ";".join(result.warnings)
                self.reader_result.setText(self.tr("读卡器工作正常,读到证件 %1").replace(
                    "%1", result.masked_id) + (f"({notes})" if notes else ""))

        run_in_background(lambda: read_once(settings, "applicant", {}), done)

    def test_scanner(self) -> None:
        """Asking libsane for devices can take seconds: off the UI thread."""
        from window_client.imaging.sources import HotFolderSource, SaneSource
        folder = self.hot_folder_edit.text().strip()
        device = self.sane_device()
        ok_text, folder_label, sane_label = self.tr("可用"), self.tr("共享文件夹:"), self.tr("SANE扫描仪:")
        always = self.tr("文件导入:始终可用(图片或PDF)")
        self.scanner_result.setText(self.tr("正在检测扫描来源……"))

        def check() -> str:
            lines = []
            if folder:
                state = HotFolderSource(Path(folder)).available()
                lines.append(folder_label + (ok_text if state else state.reason))
            state = SaneSource(device or None).available()
            lines.append(sane_label + (ok_text if state else state.reason))
            lines.append(always)
            return "\n".join(lines)

        run_in_background(check, lambda text: self.scanner_result.setText(str(text)))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择网络扫描仪共享文件夹"))
        if folder:
            self.hot_folder_edit.setText(folder)

    def save(self) -> bool:
        """Saves through the service (which refuses, audited, a role without
        Permission.MANAGE_DEVICES). False: nothing was saved."""
        current = self.current()
        try:
            self.settings = self.administration.save_devices(
                idcard_reader=current.idcard_reader, idcard_port=current.idcard_port,
                hot_folder=current.hot_folder, scanner_device=current.scanner_device,
                camera_device=current.camera_device,
                camera_resolution=current.camera_resolution)
        except NotPermitted as exc:
            self.saved_label.setText(str(exc))
            return False
        except SettingsError as exc:
            self.saved_label.setText(self.tr("未能保存:设置文件有误,请先改正:%1")
                                     .replace("%1", ";".join(exc.problems)))
            return False
        except OSError as exc:
            self.saved_label.setText(self.tr("未能保存设置文件:%1")
                                     .replace("%1", exc.strerror or str(exc)))
            return False
        self.saved_label.setText(self.tr("已保存,重新登录后生效"))
        return True
