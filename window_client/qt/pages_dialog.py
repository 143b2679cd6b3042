"""The pages of one material: add (file import, or whatever the network scanner
drops into the hot folder while this dialog is open, a page from the SANE scanner
chosen in 设备, or what the document camera takes: qt/camera_panel.py), reorder by
dragging, rotate, delete, rescan, see thumbnails; done stores ONE file (a JPEG for one page, a PDF
for more) and attaches it to the material. Image work runs off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QListView, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from window_client.imaging.pages import MaterialPages
from window_client.imaging.pipeline import ImageError, PageOptions

from .background import run_in_background
from .scan_check import ScanCheckBanner, ScanCheckContext

if TYPE_CHECKING:
    from .camera import FrameSource

PageIdRole = Qt.ItemDataRole.UserRole + 1


class PagesDialog(QDialog):
    stored = Signal(object)      # what ``attach`` returned (the FileRecord)
    file_arrived = Signal(str)   # from the hot folder's thread, handled on the UI thread

    def __init__(self, material_name: str, attach: Callable[[str, bytes], object], *,
                 hot_folder: str = "", colour: bool = False, scanner_device: str = "",
                 camera: FrameSource | None = None,
                 parent: QWidget | None = None,
                 scan_check: ScanCheckContext | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("材料页面 — %1").replace("%1", material_name))
        self.resize(900, 600)
        self.attach = attach
        self.colour = colour
        self.scanner_device = scanner_device
        self.pages = MaterialPages(PageOptions.colour() if colour else PageOptions.text())
        self.busy = 0
        layout = QVBoxLayout(self)
        self.hint_label = QLabel(self.tr("导入图片或PDF;拖动缩略图调整顺序。") + (
            self.tr("网络扫描仪扫描到共享文件夹的页面会自动加入。") if hot_folder else "") + (
            self.tr("高拍仪:放好材料,静止片刻即自动拍摄;也可按空格键拍摄。") if camera else ""))
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)
        # each added page is read and checked against the material (qt/scan_check.py)
        self.scan_banner = ScanCheckBanner(scan_check, self) if scan_check is not None else None
        if self.scan_banner is not None:
            layout.addWidget(self.scan_banner)
        self.page_list = QListWidget()
        self.page_list.setObjectName("page_list")
        self.page_list.setViewMode(QListView.ViewMode.IconMode)
        self.page_list.setIconSize(QSize(160, 200))
        self.page_list.setMovement(QListView.Movement.Snap)
        self.page_list.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        self.page_list.model().rowsMoved.connect(lambda *_: self._sync_order())
        middle = QHBoxLayout()
        self.camera_panel = None
        if camera is not None:  # the preview beside the thumbnails
            from .camera_panel import CameraPanel
            camera.setParent(self)
            self.resize(1200, 640)
            self.camera_panel = CameraPanel(camera, parent=self)
            self.camera_panel.captured.connect(self.add_data)
            middle.addWidget(self.camera_panel, 1)
        middle.addWidget(self.page_list, 1)
        layout.addLayout(middle, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("pages_status_label")
        layout.addWidget(self.status_label)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("导入文件…"))
        self.rotate_button = QPushButton(self.tr("旋转90°"))
        self.delete_button = QPushButton(self.tr("删除页"))
        self.rescan_button = QPushButton(self.tr("重新扫描此页…"))
        self.done_button = QPushButton(self.tr("完成并保存"))
        self.done_button.setObjectName("confirm_button")
        self.scan_button = QPushButton(self.tr("扫描"))   # a SANE scanner, when one is set
        self.scan_button.setObjectName("sane_scan_button")
        self.scan_button.setVisible(bool(scanner_device))
        for b in (self.scan_button, self.add_button, self.rotate_button, self.delete_button,
                  self.rescan_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._choose_files)
        self.rotate_button.clicked.connect(lambda: self.rotate_selected(1))
        self.delete_button.clicked.connect(self.delete_selected)
        self.rescan_button.clicked.connect(self._rescan)
        self.done_button.clicked.connect(self.finish)
        self.scan_button.clicked.connect(self.scan)
        self.file_arrived.connect(lambda path: self.add_files([Path(path)]))
        self.hot = None
        if hot_folder:
            from window_client.imaging.sources import HotFolderSource
            self.hot = HotFolderSource(Path(hot_folder), on_file=lambda p: self.file_arrived.emit(str(p)))
            if self.hot.available():
                self.hot.start()
            else:
                self.hot = None
        self._refresh()
        if self.camera_panel is not None:
            self.camera_panel.start()

    # -- adding pages (off the UI thread) -------------------------------------------
    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            self.busy += 1
            self._refresh()
            run_in_background(lambda p=path: self.pages.add(p, name=p.name), self._added)

    def add_data(self, data: bytes, name: str) -> None:
        """A page as bytes (the camera's still JPEG), through the same pipeline."""
        self.busy += 1
        self._refresh()
        run_in_background(lambda: self.pages.add(data, name=name), self._added)

    def _added(self, result) -> None:
        self.busy -= 1
        if isinstance(result, Exception):
            text = str(result) if isinstance(result, (ImageError, ValueError)) else ""
            self.status_label.setText(self.tr("无法加入:%1").replace("%1", text or self.tr("文件无法识别")))
        elif self.scan_banner is not None:
            self.scan_banner.page_added(result, self._number_of(result.id))
        self._refresh()

    def _number_of(self, page_id: str) -> int:
        ids = [p.id for p in self.pages.pages]
        return ids.index(page_id) + 1 if page_id in ids else 0

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("导入扫描件"), str(Path.home()),
                                                self.tr("图片 (*.jpg *.jpeg *.png *.tif *.tiff *.bmp)"))
        self.add_files([Path(f) for f in files])

    def _rescan(self) -> None:
        page_id = self.selected_page()
        if page_id is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("重新扫描此页"), str(Path.home()))
        if path:
            self.rescan(page_id, Path(path))

    def rescan(self, page_id: str, path: Path) -> None:
        self.busy += 1
        run_in_background(lambda: self.pages.rescan(page_id, path, name=path.name), self._added)

    def scan(self) -> None:
        """One page from the SANE scanner, scanned and processed off the UI thread;
        a failure says why in Chinese and leaves the pages there untouched."""
        from window_client.imaging.sources import SaneSource, ScanInterrupted, SourceError
        # 200 dpi: the pipeline keeps a 2000-pixel long side (about 170 dpi on A4)
        source = SaneSource(self.scanner_device, resolution=200,
                            mode="Color" if self.colour else "Gray")

        added: list = []   # the pages stored, also those before a failure

        def work() -> int:
            try:
                scanned = source.acquire()
            except ScanInterrupted as exc:  # the pages it did deliver are kept
                for data in exc.pages:
                    added.append(self.pages.add(data, name=source.name))
                raise
            for data in scanned:
                added.append(self.pages.add(data, name=source.name))
            return len(scanned)

        def done(result) -> None:
            self.busy -= 1
            self.scan_button.setEnabled(True)
            if self.scan_banner is not None:   # each scanned page checked like an import
                for page in added:
                    self.scan_banner.page_added(page, self._number_of(page.id))
            self._refresh()
            if isinstance(result, Exception):
                text = str(result) if isinstance(result, (SourceError, ImageError)) else ""
                self.status_label.setText(self.tr("扫描未成功:%1").replace(
                    "%1", text or self.tr("扫描仪没有送回可用的图像")))

        self.busy += 1
        self.scan_button.setEnabled(False)
        self._refresh()
        self.status_label.setText(self.tr("正在扫描……"))
        run_in_background(work, done)

    # -- editing ---------------------------------------------------------------
    def selected_page(self) -> str | None:
        item = self.page_list.currentItem()
        return item.data(PageIdRole) if item else None

    def rotate_selected(self, quarter_turns: int) -> None:
        page_id = self.selected_page()
        if page_id is not None:
            self.pages.rotate(page_id, quarter_turns)
            self._refresh(keep=page_id)

    def delete_selected(self) -> None:
        page_id = self.selected_page()
        if page_id is not None:
            self.pages.delete(page_id)
            if self.scan_banner is not None:
                self.scan_banner.page_removed(page_id)
                self.scan_banner.renumber([p.id for p in self.pages.pages])
            self._refresh()

    def _sync_order(self) -> None:
        order = [self.page_list.item(n).data(PageIdRole) for n in range(self.page_list.count())]
        self.pages.reorder(order)
        if self.scan_banner is not None:
            self.scan_banner.renumber(order)

    def _refresh(self, keep: str | None = None) -> None:
        self.page_list.clear()
        for n, page in enumerate(self.pages.pages, start=1):
            pix = QPixmap()
            pix.loadFromData(self.pages.thumbnail(page.id))
            item = QListWidgetItem(QIcon(pix), self.tr("第%1页").replace("%1", str(n)))
            item.setData(PageIdRole, page.id)
            self.page_list.addItem(item)
            if page.id == keep:
                self.page_list.setCurrentItem(item)
        count = len(self.pages)
        text = self.tr("共%1页").replace("%1", str(count))
        if self.busy:
            text += self.tr(",正在处理%1个文件……").replace("%1", str(self.busy))
        self.status_label.setText(text)
        self.done_button.setEnabled(count > 0 and not self.busy)

    # -- done ----------------------------------------------------------------------
    def finish(self) -> None:
        # in memory to the store (encrypted there): never a plain temporary file
        data, suffix, _media = self.pages.encode()
        stored = self.attach(f"material{suffix}", data)
        self.stored.emit(stored)
        self.accept()

    def done(self, result: int) -> None:
        if self.hot is not None:
            self.hot.stop()
            self.hot = None
        if self.camera_panel is not None:
            self.camera_panel.stop()
        super().done(result)
