"""The document camera in the pages dialog: the live preview, 拍摄 (Space, the
button, or the camera's own key), auto-capture once the page has been still
(``imaging/stillness.py``), the resolution. A still leaves as JPEG bytes
(``captured``), which the pages dialog puts through the same pipeline as a scan.

Keys that capture (window-wide in the pages dialog, so also while a thumbnail or a
button has the focus): Space; Qt.Key_Camera and Qt.Key_WebCam — what a 高拍仪's
button or foot pedal sends when it is a HID key (Linux: uvcvideo reports a UVC
camera's still button as KEY_CAMERA, X11 as XF86WebCam). A button that types
another key (some send F8 or Enter) is set in the camera's own tool; a vendor
SDK's button reaches ``FrameSource.button_pressed``, which captures too."""

from __future__ import annotations

import logging
import time

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton,
                               QSizePolicy, QVBoxLayout, QWidget)

from window_client.imaging.camera_formats import Resolution
from window_client.imaging.stillness import Motion, StillnessDetector, StillnessOptions

from .background import run_in_background
from .camera import FrameSource, encode_still, small_gray

logger = logging.getLogger(__name__)
CAPTURE_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Camera, Qt.Key.Key_WebCam)
MIN_FRAME_INTERVAL_MS = 60   # at most ~16 preview frames a second are looked at


class CameraPanel(QWidget):
    captured = Signal(bytes, str)   # the still as a JPEG, a page name

    def __init__(self, source: FrameSource, *, options: StillnessOptions | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("camera_panel")
        self.source = source
        self.detector = StillnessDetector(options)
        self.pending = False
        self.shots = 0
        self.auto_shots = 0
        self.frames_seen = 0
        self.error = ""   # the last failure, shown until the next still
        self._last_ms = -1e9
        self._small: np.ndarray | None = None
        self._image = QImage()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("高拍仪:%1").replace("%1", source.name))
        title.setObjectName("camera_title_label")
        layout.addWidget(title)
        self.preview = QLabel()
        self.preview.setObjectName("camera_preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 240)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("background: #202020; color: #d0d0d0;")
        self.preview.setText(self.tr("正在打开高拍仪……"))
        layout.addWidget(self.preview, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("camera_status_label")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        row = QHBoxLayout()
        self.capture_button = QPushButton(self.tr("拍摄(空格)"))
        self.capture_button.setObjectName("camera_capture_button")
        self.capture_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space is the shortcut's
        self.auto_check = QCheckBox(self.tr("静止时自动拍摄"))
        self.auto_check.setObjectName("camera_auto_check")
        self.auto_check.setChecked(True)
        self.auto_check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.resolution_combo = QComboBox()
        self.resolution_combo.setObjectName("camera_resolution_combo")
        self.resolution_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.capture_button)
        row.addWidget(self.auto_check)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("分辨率")))
        row.addWidget(self.resolution_combo)
        layout.addLayout(row)
        self.shortcuts = []
        for key in CAPTURE_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.capture)
            self.shortcuts.append(shortcut)
        self.capture_button.clicked.connect(self.capture)
        self.resolution_combo.activated.connect(self._resolution_chosen)
        source.frame.connect(self._on_frame)
        source.still.connect(self._on_still)
        source.failed.connect(self._on_failed)
        source.button_pressed.connect(self.capture)
        self.fill_resolutions()
        self._show_state()

    # -- running ------------------------------------------------------------------
    def start(self) -> None:
        self.source.start()

    def stop(self) -> None:
        self.source.stop()

    def fill_resolutions(self) -> None:
        choices = self.source.resolutions()
        current = self.source.resolution()
        self.resolution_combo.clear()
        for r in choices:
            self.resolution_combo.addItem(f"{r.width}×{r.height}({r.megapixels:.1f}MP)", str(r))
        if current is not None:
            self.resolution_combo.setCurrentIndex(max(self.resolution_combo.findData(str(current)), 0))
        self.resolution_combo.setEnabled(len(choices) > 1)

    def _resolution_chosen(self, index: int) -> None:
        text = self.resolution_combo.itemData(index)
        if text and Resolution.parse(text) != self.source.resolution():
            self.source.set_resolution(text)
            self.detector.reset()

    # -- frames -----------------------------------------------------------------------
    def _on_frame(self, frame: QVideoFrame) -> None:
        now = time.monotonic() * 1000
        if now - self._last_ms < MIN_FRAME_INTERVAL_MS:
            return
        image = frame.toImage()
        if image.isNull():
            return
        self._last_ms = now
        self.frames_seen += 1
        if self.frames_seen == 1:
            self.fill_resolutions()   # a video file knows its size from the first frame
        self._image = image
        self._paint()
        self._small = small = small_gray(image)
        fire = self.detector.feed(small, now)
        if fire and self.auto_check.isChecked():
            self.auto_shots += 1
            self._capture()
        self._show_state()

    def _paint(self) -> None:
        if self._image.isNull():
            return
        self.preview.setPixmap(QPixmap.fromImage(self._image.scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._paint()

    def _show_state(self) -> None:
        state = self.detector.state
        if self.pending:
            text = self.tr("正在拍摄……")
        elif state is Motion.MOVING:
            text = self.tr("画面移动中,放稳材料后自动拍摄") if self.auto_check.isChecked() \
                else self.tr("画面移动中")
        elif state is Motion.SETTLING:
            text = self.tr("画面已静止,即将拍摄……") if self.auto_check.isChecked() \
                else self.tr("画面已静止,按空格键拍摄")
        else:
            text = self.tr("请放入材料;按空格键或高拍仪按键拍摄")
        if self.shots:
            text += self.tr("(已拍摄%1张)").replace("%1", str(self.shots))
        self.status_label.setText(f"{self.error}\n{text}" if self.error else text)

    # -- capturing --------------------------------------------------------------------
    def capture(self) -> None:
        """By hand (Space, the button, the camera's key)."""
        self._capture()

    def _capture(self) -> None:
        if self.pending:
            return
        self.pending = True
        self.detector.captured(self._small)   # this page does not fire again
        self._show_state()
        self.source.capture()

    def _on_still(self, image: QImage) -> None:
        self.pending = False
        self.error = ""
        self.shots += 1
        name = self.tr("高拍仪第%1张").replace("%1", str(self.shots))
        logger.info("camera still %dx%d", image.width(), image.height())
        self._show_state()
        run_in_background(lambda: encode_still(image), lambda data: self._encoded(data, name))

    def _encoded(self, data: bytes | Exception, name: str) -> None:
        if isinstance(data, Exception):
            self._on_failed(self.tr("拍摄的画面无法保存"))
            return
        self.captured.emit(data, name)

    def _on_failed(self, text: str) -> None:
        self.pending = False
        self.error = text
        self._show_state()
