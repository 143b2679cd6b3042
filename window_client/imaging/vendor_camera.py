"""The adapter interface for a document camera (高拍仪) with a vendor SDK of its own.

Most 高拍仪 are plain UVC cameras and go through Qt Multimedia
(``window_client.qt.camera.CameraSource``). Some ship a DLL (C functions, loaded
with ctypes) or an OCX (an ActiveX control, through COM) instead, because their
main camera is not a UVC device or because the SDK does the page work on the
device or in the driver (edge detection, crop, deskew, a still at the sensor's
full resolution, the hardware button). Such an SDK is wrapped into
``VendorCameraSdk`` below — no Qt here: frames arrive through a callback on the
SDK's own thread — and a Qt bridge, written with the first real adapter, turns it
into a ``FrameSource`` (qt/camera.py: ``frame`` per preview frame as a QVideoFrame
made from the RawFrame's QImage, ``still`` per capture, ``button`` per press), so
the camera panel, the stillness rule and the image pipeline stay the same for
every camera.

Not implemented for any vendor: none is available to test against, and a fake one
would prove nothing (docs/ARCHITECTURE.md, "Document camera"). An adapter for a
real SDK implements this Protocol in its own module (``imaging/vendor_<name>.py``,
Windows-only imports inside functions, as ``devices/idcard/vendor.py`` does for the
card reader's SDK) and is tested against the device."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from .camera_formats import CameraFormat

RawPixelFormat = Literal["BGR24", "RGB24", "BGRA32", "GRAY8", "JPEG"]


@dataclass(frozen=True)
class VendorDevice:
    id: str              # what the SDK opens it by (an index as text, a serial number)
    description: str     # shown in the device settings


@dataclass(frozen=True)
class RawFrame:
    """One preview frame as an SDK hands it over (copied out of its buffer)."""
    data: bytes
    width: int
    height: int
    stride: int                   # bytes per row (0 for JPEG)
    pixel_format: RawPixelFormat
    t_ms: float                   # a monotonic time stamp


@dataclass(frozen=True)
class DeviceProcessing:
    """What the device (or its SDK) does to a still before handing it over. When it
    crops or deskews, the pipeline skips its own crop/deskew for that page
    (``PageOptions(crop=False, deskew=False)``): twice would cut into the page."""
    crop: bool = False
    deskew: bool = False
    remove_background: bool = False   # the SDK's "文档优化" / 去底色


class VendorCameraSdk(Protocol):
    """One vendor's SDK. Every call may block briefly; ``start_preview``'s and
    ``on_button``'s callbacks run on the SDK's thread (the Qt bridge queues them to
    the UI thread). Errors are ``SourceError`` with a Chinese message."""

    name: str

    def devices(self) -> list[VendorDevice]: ...

    def open(self, device_id: str) -> None: ...

    def close(self) -> None: ...

    def formats(self) -> list[CameraFormat]:
        """The preview/still resolutions the SDK offers (camera_formats picks one)."""
        ...

    def set_format(self, fmt: CameraFormat) -> None: ...

    def supported_processing(self) -> DeviceProcessing:
        """Which of the flags this device can do at all."""
        ...

    def set_processing(self, processing: DeviceProcessing) -> None: ...

    def start_preview(self, on_frame: Callable[[RawFrame], None]) -> None: ...

    def stop_preview(self) -> None: ...

    def capture(self) -> tuple[bytes, DeviceProcessing]:
        """One still (JPEG, PNG or BMP bytes, full resolution) and what the device
        already did to it."""
        ...

    def on_button(self, callback: Callable[[], None] | None) -> None:
        """The camera's capture button (or foot pedal); None stops reporting."""
        ...
