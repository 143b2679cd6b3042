"""Where page images come from, behind one interface, ``ScanSource``:

- ``FileImportSource``: images and PDFs the clerk picked; the content (not the
  name) decides; a PDF is taken as it is, its pages counted with pypdfium2;
  anything else is refused with a Chinese message naming the file.
- ``HotFolderSource`` (in hot_folder.py, importable from here): a folder a
  network scanner writes into, watched with watchdog; a new file is reported
  (callback with its path, and ``acquire``) once, when its size has stopped
  changing and it ends the way its format ends.
- ``SaneSource``: a scanner through python-sane (Linux, libsane); ``available``
  says in Chinese why not when the library or a device is missing.

The document camera (高拍仪) is not here: its frames come through Qt Multimedia
(qt/camera.py; the stillness rule and the resolution choice are imaging/stillness.py
and imaging/camera_formats.py). No source touches Qt; ``acquire`` may block
(a scanner takes seconds), so the UI calls it from a worker thread."""

from __future__ import annotations

import io
import logging
import sys
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable

from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

Acquired = Path | bytes
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff",
                 "BMP": "image/bmp"}
SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".pdf"}
MAX_IMPORT_MB = 50
_SUPPORTED_TEXT = "可导入 JPEG、PNG、TIFF、BMP 图片或 PDF 文件"


class SourceError(RuntimeError):
    """A source could not deliver; ``str()`` is a Chinese message for the clerk."""


class UnsupportedFile(SourceError):
    pass


@dataclass(frozen=True)
class Availability:
    """Truthy when the source can be used; otherwise ``reason`` says why, in Chinese."""
    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


class ScanSource(ABC):
    name: str = ""

    @abstractmethod
    def available(self) -> Availability: ...

    @abstractmethod
    def acquire(self) -> list[Acquired]:
        """Page images (paths or bytes) or PDFs (paths) for the pipeline/material."""


def __getattr__(name: str):
    # hot_folder.py builds on this module; re-exported lazily, without a cycle
    if name in ("HotFolderSource", "looks_complete"):
        from . import hot_folder
        return getattr(hot_folder, name)
    raise AttributeError(name)


# -- file import -------------------------------------------------------------
@dataclass(frozen=True)
class ImportedFile:
    path: Path
    kind: str        # "image" | "pdf"
    format: str      # "JPEG", "PNG", "TIFF", "BMP", "PDF"
    media_type: str
    pages: int
    size: int


def inspect_file(path: Path) -> ImportedFile:
    """What ``path`` is, judged by its content; raises ``UnsupportedFile``."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise UnsupportedFile(f"找不到文件:{path.name}") from None
    if size == 0:
        raise UnsupportedFile(f"文件是空的:{path.name}")
    if size > MAX_IMPORT_MB * 1024 * 1024:
        raise UnsupportedFile(f"文件过大:{path.name}({size / 1048576:.0f} MB,"
                              f"上限 {MAX_IMPORT_MB} MB)")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head:
        return ImportedFile(path, "pdf", "PDF", "application/pdf", _pdf_pages(path), size)
    try:
        with Image.open(path) as img:
            fmt = img.format or ""
            frames = getattr(img, "n_frames", 1)
            img.verify()
    except UnidentifiedImageError:
        raise UnsupportedFile(f"不支持的文件类型:{path.name}({_SUPPORTED_TEXT})") from None
    except (OSError, SyntaxError, ValueError):
        raise UnsupportedFile(f"图片已损坏,无法读取:{path.name}") from None
    if fmt not in IMAGE_FORMATS:
        raise UnsupportedFile(f"不支持的图片格式 {fmt}:{path.name}({_SUPPORTED_TEXT})")
    return ImportedFile(path, "image", fmt, IMAGE_FORMATS[fmt], frames, size)


def _pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        raise UnsupportedFile(f"PDF 已损坏或设有密码,无法读取:{path.name}") from None
    try:
        pages = len(doc)
    finally:
        doc.close()
    if pages == 0:
        raise UnsupportedFile(f"PDF 没有页面:{path.name}")
    return pages


class FileImportSource(ScanSource):
    """The files the clerk chose; ``acquire`` checks them all and refuses the whole
    choice (naming each refused file) rather than import half of it."""
    name = "导入文件"

    def __init__(self, paths: Iterable[Path | str]) -> None:
        self.paths = [Path(p) for p in paths]
        self.imported: list[ImportedFile] = []

    def available(self) -> Availability:
        return Availability(True) if self.paths else Availability(False, "未选择文件")

    def acquire(self) -> list[Acquired]:
        checked, refused = [], []
        for path in self.paths:
            try:
                checked.append(inspect_file(path))
            except UnsupportedFile as exc:
                refused.append(str(exc))
        if refused:
            raise UnsupportedFile(";".join(refused))
        self.imported = checked
        logger.info("imported %d files (%d PDF)", len(checked),
                    sum(f.kind == "pdf" for f in checked))
        return [f.path for f in checked]


# -- SANE ----------------------------------------------------------------------
_SANE_LOCK = threading.Lock()  # libsane is one global state per process


@dataclass(frozen=True)
class ScannerInfo:
    name: str
    vendor: str
    model: str
    kind: str


class SaneSource(ScanSource):
    """One page from a SANE scanner (the first device unless ``device`` is given),
    returned as PNG bytes for the pipeline."""
    name = "扫描仪(SANE)"

    def __init__(self, device: str | None = None, *, resolution: int = 200,
                 mode: str = "Color") -> None:
        self.device, self.resolution, self.mode = device, resolution, mode

    @staticmethod
    def _module():
        if not sys.platform.startswith("linux"):
            raise SourceError("SANE 扫描仅支持 Linux;请使用监视文件夹或导入文件")
        try:
            import sane
        except ImportError:
            raise SourceError("未安装 python-sane(需要系统的 libsane),无法直接驱动扫描仪;"
                              "请使用监视文件夹或导入文件") from None
        return sane

    def devices(self) -> list[ScannerInfo]:
        sane = self._module()
        with _SANE_LOCK:
            sane.init()
            try:
                return [ScannerInfo(*d) for d in sane.get_devices(localOnly=True)]
            finally:
                sane.exit()

    def available(self) -> Availability:
        try:
            found = self.devices()
        except SourceError as exc:
            return Availability(False, str(exc))
        except Exception as exc:  # sane.error and friends
            return Availability(False, f"SANE 初始化失败:{exc}")
        if not found:
            return Availability(False, "未找到扫描仪:请检查连接和电源")
        if self.device and self.device not in {d.name for d in found}:
            return Availability(False, f"找不到扫描仪 {self.device}")
        return Availability(True)

    def acquire(self) -> list[Acquired]:
        sane = self._module()
        with _SANE_LOCK:
            sane.init()
            try:
                name = self.device or next(iter(sane.get_devices(localOnly=True)), (None,))[0]
                if name is None:
                    raise SourceError("未找到扫描仪:请检查连接和电源")
                dev = sane.open(name)
                try:
                    for option, value in (("mode", self.mode), ("resolution", self.resolution)):
                        try:
                            setattr(dev, option, value)
                        except (AttributeError, sane._sane.error, ValueError) as exc:
                            logger.info("scanner option %s=%s not taken: %s", option, value, exc)
                    img: Image.Image = dev.scan()
                finally:
                    dev.close()
            except sane._sane.error as exc:
                raise SourceError(f"扫描失败:{exc}") from exc
            finally:
                sane.exit()
        out = io.BytesIO()
        img.save(out, "PNG", dpi=(self.resolution, self.resolution))
        logger.info("scanned one page: %dx%d %s", img.width, img.height, img.mode)
        return [out.getvalue()]
