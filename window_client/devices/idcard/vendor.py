"""Vendor SDK readers on Windows through ctypes, behind the ``IdCardReader``
interface, and the photo decoder.

Two SDK families: sdtapi.dll (``SDT_OpenPort``, ``SDT_StartFindIDCard``,
``SDT_SelectIDCard``, ``SDT_ReadBaseMsg``: the text block comes back in a buffer)
and termb.dll (``InitComm``, ``Authenticate``, ``Read_Content``: the text block and
photo are written to wz.txt and xp.wlt next to the DLL). Both are __stdcall and
often 32-bit only, so a 64-bit Python cannot load them. Ports: 1–16 serial
(COM1–COM16), 1001–1016 USB; ``port=None`` tries USB then serial.

None of this can run off Windows: constructing ``VendorSdkReader`` there raises
``DriverUnavailable``, and ``decode_photo`` returns None. It is untested here: it
was written from the SDKs' published signatures and must be tried on the hardware
before use at a counter.

The photo (1024-byte wlt) is decoded only by the vendor's licensed WltRS.dll
``GetBmp``; there is no open decoder, and this module never guesses at the format."""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..errors import CardReadFailed, DeviceNotFound, DriverUnavailable, NoCard
from .model import IdCardData
from .protocol import SW_FOUND, SW_OK, status_meaning

logger = logging.getLogger(__name__)

_PORTS = (*range(1001, 1017), *range(1, 17))
_SDKS = ("sdtapi", "termb")


def _load(library: str | os.PathLike[str]) -> ctypes.CDLL:
    """The DLL as __stdcall, or ``DriverUnavailable`` saying why not."""
    if sys.platform != "win32":
        raise DriverUnavailable(f"厂商读卡器驱动{Path(library).name}只能在Windows上使用")
    try:
        return ctypes.WinDLL(str(library))  # type: ignore[attr-defined]
    except OSError as e:
        bits = "(该驱动可能是32位,当前Python为64位)" if getattr(e, "winerror", 0) == 193 else ""
        raise DriverUnavailable(f"无法加载{library}{bits}: {e}") from e


class VendorSdkReader:
    """An ``IdCardReader`` over a vendor DLL. ``sdk`` is 'sdtapi' or 'termb';
    ``library`` overrides the DLL path (default: the SDK's DLL on the search path)."""

    def __init__(self, sdk: str = "sdtapi", port: int | None = None,
                 library: str | os.PathLike[str] | None = None, *,
                 poll_interval: float = 0.2) -> None:
        if sdk not in _SDKS:
            raise ValueError(f"sdk must be one of {_SDKS}")
        self.sdk = sdk
        self.port = port
        self.poll_interval = poll_interval
        self._path = Path(library) if library else Path(f"{sdk}.dll")
        self._dll = _load(self._path)
        self._open_port: int | None = None
        self._lock = threading.RLock()
        if sdk == "sdtapi":
            u8p, u32p, i = ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint), ctypes.c_int
            for fn, args in (("SDT_OpenPort", [i]), ("SDT_ClosePort", [i]),
                             ("SDT_StartFindIDCard", [i, u8p, i]),
                             ("SDT_SelectIDCard", [i, u8p, i]),
                             ("SDT_ReadBaseMsg", [i, u8p, u32p, u8p, u32p, i])):
                getattr(self._dll, fn).argtypes = args
                getattr(self._dll, fn).restype = i

    @property
    def name(self) -> str:
        return f"{self._path.name} 厂商读卡器(端口{self._open_port or self.port or '自动'})"

    def open(self) -> None:
        """Open the given port, or the first that answers. ``DeviceNotFound`` if none."""
        with self._lock:
            if self._open_port is not None:
                return
            for port in (self.port,) if self.port else _PORTS:
                ok = (self._dll.SDT_OpenPort(port) == SW_OK if self.sdk == "sdtapi"
                      else self._dll.InitComm(port) == 1)
                if ok:
                    self._open_port = port
                    logger.info("厂商读卡器已打开: %s 端口%d", self._path.name, port)
                    return
            raise DeviceNotFound(f"{self._path.name}: 端口{self.port or '1001–1016, 1–16'}无读卡器")

    def close(self) -> None:
        with self._lock:
            if self._open_port is None:
                return
            try:
                if self.sdk == "sdtapi":
                    self._dll.SDT_ClosePort(self._open_port)
                else:
                    self._dll.CloseComm()
            finally:
                self._open_port = None

    def status(self) -> str:
        return "读卡器就绪" if self._open_port is not None else "读卡器未打开"

    def read_card(self, timeout_s: float = 0.0) -> IdCardData:
        """Wait up to ``timeout_s`` for a card and read it (see ``IdCardReader``)."""
        with self._lock:
            self.open()
            deadline = time.monotonic() + max(timeout_s, 0.0)
            while not self._card_present():
                if time.monotonic() + self.poll_interval > deadline:
                    raise NoCard(f"{self._path.name}: 未找到身份证")
                time.sleep(self.poll_interval)
            text, photo = (self._read_sdtapi() if self.sdk == "sdtapi"
                           else self._read_termb())
            card = IdCardData.from_blocks(text, photo)
            logger.info("读卡成功(%s): %s", self._path.name, card.masked())
            return card

    def _card_present(self) -> bool:
        port = self._open_port
        if self.sdk == "termb":
            return self._dll.Authenticate() == 1
        scratch = ctypes.create_string_buffer(64)
        if self._dll.SDT_StartFindIDCard(port, scratch, 0) != SW_FOUND:
            return False
        rc = self._dll.SDT_SelectIDCard(port, scratch, 0)
        if rc != SW_OK:
            raise CardReadFailed(f"SDT_SelectIDCard: 0x{rc:02X} {status_meaning(rc)}", status=rc)
        return True

    def _read_sdtapi(self) -> tuple[bytes, bytes]:
        text, photo = ctypes.create_string_buffer(4096), ctypes.create_string_buffer(4096)
        text_len, photo_len = ctypes.c_uint(0), ctypes.c_uint(0)
        rc = self._dll.SDT_ReadBaseMsg(self._open_port, text, ctypes.byref(text_len), photo,
                                       ctypes.byref(photo_len), 0)
        if rc != SW_OK:
            raise CardReadFailed(f"SDT_ReadBaseMsg: 0x{rc:02X} {status_meaning(rc)}", status=rc)
        return text.raw[:text_len.value], photo.raw[:photo_len.value]

    def _read_termb(self) -> tuple[bytes, bytes]:
        rc = self._dll.Read_Content(1)
        if rc != 1:
            raise CardReadFailed(f"Read_Content: {rc}")
        for folder in (self._path.resolve().parent, Path.cwd()):
            wz = folder / "wz.txt"
            if wz.exists():
                wlt = folder / "xp.wlt"
                return wz.read_bytes(), wlt.read_bytes() if wlt.exists() else b""
        raise CardReadFailed("Read_Content 未生成 wz.txt")


def decode_photo(photo_raw: bytes, library: str | os.PathLike[str] = "WltRS.dll",
                 interface: int | None = 1) -> bytes | None:
    """The card photo as BMP bytes, decoded by the vendor's WltRS.dll ``GetBmp``;
    None when no decoder is installed (always, off Windows) or it fails. Variants
    of ``GetBmp`` differ: most take (wlt path, interface), some only the path (pass
    ``interface=None``); check the vendor's header, since a wrong arity corrupts a
    __stdcall stack."""
    if sys.platform != "win32" or not photo_raw:
        return None
    try:
        dll = _load(library)
        get_bmp = dll.GetBmp
    except (DriverUnavailable, AttributeError) as e:
        logger.info("无照片解码库: %r", e)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        wlt = Path(tmp) / "photo.wlt"
        wlt.write_bytes(photo_raw)
        path = str(wlt).encode("mbcs")
        rc = get_bmp(path) if interface is None else get_bmp(path, interface)
        bmp = wlt.with_suffix(".bmp")
        if rc != 1 or not bmp.exists():
            logger.warning("照片解码失败: GetBmp 返回 %s", rc)
            return None
        return bmp.read_bytes()
