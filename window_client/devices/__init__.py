"""Devices at the window. No Qt and no database here: device I/O blocks, so the UI
calls this package from a worker thread and gets plain dataclasses or a
``DeviceError`` whose ``str()`` is a Chinese sentence for the clerk.

``devices.idcard``: second-generation ID card readers (GA 467 serial protocol, vendor
SDKs on Windows, and a simulator that is only ever selected explicitly)."""

from .errors import (CardError, CardReadFailed, CardRemoved, ChecksumError,
                     DeviceBusy, DeviceDisconnected, DeviceError, DeviceNotFound,
                     DeviceTimeout, DriverUnavailable, LengthError, NoCard, ProtocolError,
                     SamError, TruncatedFrame, UnsupportedCard)

__all__ = [
    "CardError", "CardReadFailed", "CardRemoved", "ChecksumError",
    "DeviceBusy", "DeviceDisconnected", "DeviceError", "DeviceNotFound", "DeviceTimeout",
    "DriverUnavailable", "LengthError", "NoCard", "ProtocolError", "SamError",
    "TruncatedFrame", "UnsupportedCard",
]
