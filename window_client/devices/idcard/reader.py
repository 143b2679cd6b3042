"""ID card readers behind one interface, and the GA 467 serial driver.

Every call blocks (serial I/O): the UI calls a reader from a worker thread, never
from the UI thread. A reader is safe to share between threads (one operation at a
time). Failures are ``DeviceError`` subclasses whose ``str()`` is the Chinese
sentence for the clerk."""

from __future__ import annotations

import errno
import logging
import threading
import time
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import serial
from serial.tools import list_ports

from ..errors import (CardRemoved, ChecksumError, DeviceBusy, DeviceDisconnected,
                      DeviceError, DeviceNotFound, DeviceTimeout, LengthError, NoCard,
                      TruncatedFrame)
from .model import IdCardData
from .protocol import (FIND_CARD, READ_TEXT_PHOTO, RESET_SAM, SAM_STATUS, SELECT_CARD,
                       SW_FOUND, SW_NO_CARD, SW_OK, SW_READ_FAILED, Reply, build_request,
                       error_for_status, find_frame, parse_reply, split_read_data,
                       status_meaning, take_frame)

try:
    import termios
    _IO_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError,
                                                    termios.error)
except ImportError:  # Windows
    _IO_ERRORS = (serial.SerialException, OSError)

logger = logging.getLogger(__name__)

_CHUNK_TIMEOUT = 0.02  # one serial read waits at most this long; deadlines do the rest
_READ_REPLY_BYTES = 7 + 3 + 4 + 256 + 1024 + 1


@runtime_checkable
class IdCardReader(Protocol):
    """What the UI needs from any ID card reader.

    ``open()`` connects and checks the reader; ``read_card(timeout_s)`` waits up to
    ``timeout_s`` seconds for a card to be placed (0: look once) and returns it, or
    raises ``NoCard``; ``status()`` never raises and describes the reader in Chinese;
    ``close()`` is idempotent."""

    @property
    def name(self) -> str: ...

    def open(self) -> None: ...

    def close(self) -> None: ...

    def read_card(self, timeout_s: float = 0.0) -> IdCardData: ...

    def status(self) -> str: ...


@dataclass(frozen=True)
class PortCandidate:
    device: str  # what to pass as ``port``: /dev/ttyUSB0, COM3
    description: str
    usb: bool


def find_ports() -> list[PortCandidate]:
    """Serial ports a reader may be on, USB ones (where readers are) first."""
    found = [PortCandidate(p.device, p.description or p.device, p.vid is not None)
             for p in list_ports.comports()]
    return sorted(found, key=lambda p: (not p.usb, p.device))


class SerialIdCardReader:
    """A reader speaking GA 467 on a serial port (115200 8N1 by default).

    ``timeout`` bounds the wait for each reply; the read of text and photo gets the
    frame's transfer time on top. A reply that does not come raises
    ``DeviceTimeout``; garbage before a frame is skipped; a damaged card read
    (checksum or length) is retried ``retries`` times from finding the card. When
    the port goes away (USB unplugged) the call raises ``DeviceDisconnected`` and the
    next call reopens the port, so a replugged reader works again without a restart.
    """

    def __init__(self, port: str, baudrate: int = 115200, timeout: float = 2.0, *,
                 retries: int = 1, poll_interval: float = 0.1) -> None:
        self.port = port
        self.baudrate = baudrate
        self.timeout = timeout
        self.read_timeout = timeout + _READ_REPLY_BYTES * 10 / baudrate
        self.retries = retries
        self.poll_interval = poll_interval
        self._serial: serial.Serial | None = None
        self._lock = threading.RLock()

    @property
    def name(self) -> str:
        return f"GA 467 串口读卡器({self.port})"

    @property
    def is_open(self) -> bool:
        return self._serial is not None

    def __enter__(self) -> SerialIdCardReader:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        """Open the port, reset the reader's SAM and check its status. Does nothing
        when already open. Raises ``DeviceNotFound``/``DeviceBusy`` when the port
        cannot be opened, ``DeviceTimeout`` when nothing answers, ``SamError`` when
        the SAM self-test failed."""
        with self._lock:
            if self._serial is not None:
                return
            try:
                self._serial = serial.Serial(
                    port=self.port, baudrate=self.baudrate, bytesize=serial.EIGHTBITS,
                    parity=serial.PARITY_NONE, stopbits=serial.STOPBITS_ONE,
                    timeout=_CHUNK_TIMEOUT, write_timeout=self.timeout, exclusive=True)
            except serial.SerialException as e:
                raise _open_error(self.port, e) from e
            try:
                for command in (RESET_SAM, SAM_STATUS):
                    self._expect_ok(command)
            except DeviceError:
                self.close()
                raise
            logger.info("读卡器已打开: %s", self.port)

    def close(self) -> None:
        with self._lock:
            ser, self._serial = self._serial, None
            if ser is not None:
                try:
                    ser.close()
                except _IO_ERRORS:  # already gone
                    pass

    def status(self) -> str:
        """'读卡器就绪' or what is wrong, in Chinese; asks the reader its SAM status
        when the port is open. Never raises."""
        with self._lock:
            if self._serial is None:
                return "读卡器未打开"
            try:
                reply = self._exchange(*SAM_STATUS, self.timeout)
            except DeviceError as e:
                return str(e)
            if reply.sw3 == SW_OK:
                return "读卡器就绪"
            return f"读卡器异常:{status_meaning(reply.sw3)}"

    def read_card(self, timeout_s: float = 0.0) -> IdCardData:
        """Find, select and read a card, waiting up to ``timeout_s`` for one to be
        placed. Opens (or reopens) the port first when needed. Raises ``NoCard`` when
        none came, ``CardRemoved`` when it left during the read, ``ChecksumError`` /
        ``LengthError`` when the data stayed damaged after the retries,
        ``DeviceTimeout`` / ``DeviceDisconnected`` for the reader itself."""
        with self._lock:
            self.open()
            deadline = time.monotonic() + max(timeout_s, 0.0)
            retries = self.retries
            while True:
                try:
                    return self._read_once(deadline)
                except (ChecksumError, LengthError) as e:
                    if retries <= 0:
                        logger.warning("读卡数据错误: %r", e)
                        raise
                    retries -= 1
                    logger.info("读卡数据错误,重新读卡: %r", e)

    # --- internals ----------------------------------------------------------------

    def _read_once(self, deadline: float) -> IdCardData:
        while True:
            reply = self._exchange(*FIND_CARD, self.timeout)
            if reply.sw3 == SW_FOUND:
                break
            if reply.sw3 != SW_NO_CARD:
                raise error_for_status(reply.sw3, "找卡:")
            if time.monotonic() + self.poll_interval > deadline:
                raise NoCard("找卡:未放置身份证", status=reply.sw3)
            time.sleep(self.poll_interval)
        reply = self._exchange(*SELECT_CARD, self.timeout)
        if reply.sw3 != SW_OK:
            raise error_for_status(reply.sw3, "选卡:")
        try:
            reply = self._exchange(*READ_TEXT_PHOTO, self.read_timeout)
        except TruncatedFrame as e:
            raise CardRemoved(f"读卡应答中断({e.detail})") from e
        if reply.sw3 in (SW_READ_FAILED, SW_NO_CARD):
            raise CardRemoved(f"读卡:状态0x{reply.sw3:02X}:{status_meaning(reply.sw3)}",
                              status=reply.sw3)
        if reply.sw3 != SW_OK:
            raise error_for_status(reply.sw3, "读卡:")
        text, photo = split_read_data(reply.data)
        card = IdCardData.from_blocks(text, photo)
        logger.info("读卡成功: %s", card.masked())
        return card

    def _expect_ok(self, command: tuple[int, int]) -> None:
        """Send a SAM command, resending once when the reply was damaged."""
        for attempt in (1, 2):
            try:
                reply = self._exchange(*command, self.timeout)
            except (ChecksumError, LengthError):
                if attempt == 2:
                    raise
                continue
            if reply.sw3 != SW_OK:
                raise error_for_status(reply.sw3, f"命令{command[0]:02X}{command[1]:02X}:")
            return

    def _exchange(self, cmd: int, para: int, timeout: float) -> Reply:
        """Send one request and wait up to ``timeout`` for its reply frame."""
        ser = self._serial
        if ser is None:
            raise DeviceDisconnected("端口未打开")
        buffer = bytearray()
        received = 0
        deadline = time.monotonic() + timeout
        try:
            ser.reset_input_buffer()  # stale bytes of an earlier, abandoned reply
            ser.write(build_request(cmd, para))
            while True:
                frame = take_frame(buffer)
                if frame is not None:
                    reply = parse_reply(frame)
                    logger.debug("命令%02X%02X → 状态%02X,%d字节", cmd, para, reply.sw3,
                                 len(reply.data))
                    return reply
                if time.monotonic() >= deadline:
                    break
                chunk = ser.read(max(1, ser.in_waiting))
                received += len(chunk)
                buffer += chunk
        except _IO_ERRORS as e:
            logger.warning("读卡器连接中断(%s): %s", self.port, e)
            self.close()
            raise DeviceDisconnected(f"{type(e).__name__}: {e}") from e
        what = f"命令{cmd:02X}{para:02X}"
        if find_frame(buffer) is not None:
            raise TruncatedFrame(f"{what}的应答只收到{len(buffer)}字节")
        if received:
            raise DeviceTimeout(f"{what}在{timeout:.1f}秒内只收到{received}字节无法识别的数据")
        raise DeviceTimeout(f"{what}在{timeout:.1f}秒内无应答")


def _open_error(port: str, e: serial.SerialException) -> DeviceError:
    code = getattr(e, "errno", None)
    text = str(e)
    if code in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.EAGAIN) or any(
            s in text for s in ("PermissionError", "Access is denied", "exclusively lock")):
        return DeviceBusy(f"{port}: {text}")
    return DeviceNotFound(f"{port}: {text}")
