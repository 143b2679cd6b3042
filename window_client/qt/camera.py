"""Frame sources for the document camera (高拍仪), behind one interface.

``FrameSource`` (a QObject): ``start()``/``stop()``, ``frame(QVideoFrame)`` for each
preview frame, ``still(QImage)`` after ``capture()``, ``button_pressed()`` for a
hardware button the source itself hears, ``failed(str)`` in Chinese, and the
resolutions (``imaging/camera_formats.py`` decides which format a choice means).
Every source delivers its frames through its own ``QVideoSink`` (``self.sink``) and
the same ``_on_frame``; what differs is only what feeds the sink:

- ``CameraSource``: a UVC camera through Qt Multimedia — ``QCamera`` in a
  ``QMediaCaptureSession`` with that sink and a ``QImageCapture`` for the still
  (the camera's full still resolution; the last preview frame when the capture is
  not ready);
- ``VideoFileSource``: a video file played by ``QMediaPlayer`` into the sink (the
  tests, the screenshots and a demonstration without a camera); its still is the
  last frame.

A vendor SDK camera gets a bridge of its own onto this interface
(``imaging/vendor_camera.py``); none is written without a device to test it on.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (QCamera, QCameraDevice, QCameraFormat, QImageCapture, QMediaCaptureSession,
                                  QMediaDevices, QMediaPlayer, QVideoFrame, QVideoSink)

from window_client.imaging.camera_formats import (CameraFormat, Resolution, pick_format,
                                                  resolution_choices)
from window_client.imaging.stillness import SMALL_SIZE

logger = logging.getLogger(__name__)
STILL_JPEG_QUALITY = 95   # the still as handed to the pipeline, like a scanner's JPEG


class FrameSource(QObject):
    frame = Signal(QVideoFrame)
    still = Signal(QImage)
    button_pressed = Signal()
    failed = Signal(str)

    name = ""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.last_frame: QVideoFrame | None = None
        self.frames = 0

    # -- the one path every source's frames take -----------------------------------
    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():   # end of a video, a camera stopping
            return
        self.last_frame = QVideoFrame(frame)
        self.frames += 1
        self.frame.emit(frame)

    def _still_from_last_frame(self) -> None:
        frame = self.last_frame
        image = frame.toImage() if frame is not None else QImage()
        if image.isNull():
            self.failed.emit(self.tr("还没有画面,无法拍摄"))
            return
        # delivered later, as a camera's capture is
        QTimer.singleShot(0, self, lambda: self.still.emit(image))

    # -- the interface -------------------------------------------------------------
    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def capture(self) -> None:
        """Takes one still; ``still`` (or ``failed``) follows."""
        self._still_from_last_frame()

    def resolutions(self) -> list[Resolution]:
        return []

    def resolution(self) -> Resolution | None:
        return None

    def set_resolution(self, resolution: Resolution | str | None) -> None:
        """Runs the source at ``resolution`` ("" or None: the largest)."""


def camera_format(fmt: QCameraFormat, index: int) -> CameraFormat:
    """A QCameraFormat as plain data."""
    size = fmt.resolution()
    return CameraFormat(Resolution(size.width(), size.height()), float(fmt.maxFrameRate()),
                        str(getattr(fmt.pixelFormat(), "name", fmt.pixelFormat())), index)


def device_id(device: QCameraDevice) -> str:
    """What the settings store for a camera: its id as text (Linux: /dev/video0;
    Windows: the device's symbolic link)."""
    return bytes(device.id().data()).decode("utf-8", "replace")


def camera_devices() -> list[QCameraDevice]:
    return list(QMediaDevices.videoInputs())


def find_camera(wanted_id: str) -> QCameraDevice | None:
    """The camera with this id; "" = the system's default; None when absent."""
    if not wanted_id:
        default = QMediaDevices.defaultVideoInput()
        return None if default.isNull() else default
    return next((d for d in camera_devices() if device_id(d) == wanted_id), None)


def device_formats(device: QCameraDevice) -> list[CameraFormat]:
    return [camera_format(f, n) for n, f in enumerate(device.videoFormats())]


class CameraSource(FrameSource):
    """A UVC document camera through Qt Multimedia."""

    def __init__(self, device: QCameraDevice, resolution: Resolution | str | None = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.device = device
        self.name = device.description()
        self.camera = QCamera(device, self)
        self.image_capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.image_capture)
        self.session.setVideoSink(self.sink)
        self.image_capture.imageCaptured.connect(lambda _id, image: self.still.emit(image))
        self.image_capture.errorOccurred.connect(
            lambda _id, _error, text: self.failed.emit(self.tr("拍摄失败:%1").replace("%1", text)))
        self.camera.errorOccurred.connect(
            lambda _error, text: self.failed.emit(self.tr("高拍仪出错:%1").replace("%1", text)))
        self._formats = device_formats(device)
        self._resolution: Resolution | None = None
        self.set_resolution(resolution)

    def start(self) -> None:
        self.camera.start()

    def stop(self) -> None:
        self.camera.stop()

    def capture(self) -> None:
        if self.image_capture.isReadyForCapture():
            self.image_capture.capture()
        else:
            self._still_from_last_frame()

    def resolutions(self) -> list[Resolution]:
        return resolution_choices(self._formats)

    def resolution(self) -> Resolution | None:
        return self._resolution

    def set_resolution(self, resolution: Resolution | str | None) -> None:
        chosen = pick_format(self._formats, resolution)
        if chosen is None:
            return
        self.camera.setCameraFormat(self.device.videoFormats()[chosen.index])
        size = chosen.resolution
        self.image_capture.setResolution(QSize(size.width, size.height))
        self._resolution = size
        logger.info("camera format %s at %.0f fps", size, chosen.max_fps)


class VideoFileSource(FrameSource):
    """A video file played into the sink, ``loops`` times (-1: for ever)."""

    def __init__(self, path: Path | str, *, loops: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.name = self.path.name
        self.player = QMediaPlayer(self)
        self.player.setVideoSink(self.sink)
        self.player.setLoops(QMediaPlayer.Loops.Infinite if loops < 0 else loops)
        self.player.errorOccurred.connect(
            lambda _error, text: self.failed.emit(self.tr("视频无法播放:%1").replace("%1", text)))
        self.player.mediaStatusChanged.connect(self._status)
        self._size: Resolution | None = None
        self.player.setSource(QUrl.fromLocalFile(str(self.path)))

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and not self.player.hasVideo():
            self.failed.emit(self.tr("视频中没有画面:%1").replace("%1", self.name))

    def _on_frame(self, frame: QVideoFrame) -> None:
        if frame.isValid() and self._size is None:
            size = frame.size()
            self._size = Resolution(size.width(), size.height())
        super()._on_frame(frame)

    def start(self) -> None:
        self.player.play()

    def stop(self) -> None:
        self.player.stop()

    def resolutions(self) -> list[Resolution]:
        return [self._size] if self._size else []

    def resolution(self) -> Resolution | None:
        return self._size


def make_camera_source(camera_id: str, resolution: str = "",
                       parent: QObject | None = None) -> CameraSource | None:
    """The configured document camera, or None when it is not connected (the pages
    dialog then shows no camera)."""
    device = find_camera(camera_id)
    if device is None:
        if camera_id:
            logger.info("the configured document camera is not connected")
        return None
    return CameraSource(device, resolution, parent)


# -- what the panel does with frames and stills ------------------------------------
def small_gray(image: QImage, size: tuple[int, int] = SMALL_SIZE) -> np.ndarray:
    """A small grayscale copy for the stillness rule (rows × columns, uint8)."""
    small = image.scaled(size[0], size[1], Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)
    gray = small.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(gray.constBits(), dtype=np.uint8, count=gray.sizeInBytes())
    return rows.reshape(gray.height(), gray.bytesPerLine())[:, :gray.width()].copy()


def encode_still(image: QImage, quality: int = STILL_JPEG_QUALITY) -> bytes:
    """The still as a JPEG, the form a scanner delivers (safe off the UI thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "JPEG", quality):  # type: ignore[call-overload]  # str at run time
        raise ValueError("still could not be encoded")
    buffer.close()
    return bytes(data.data())
