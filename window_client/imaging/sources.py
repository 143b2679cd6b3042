"""Where page images come from, behind one interface, ``ScanSource``:

- ``FileImportSource``: images and PDFs the clerk picked; the content (not the
  name) decides; a PDF is taken as it is, its pages counted with pypdfium2;
  anything else is refused with a Chinese message naming the file.
- ``HotFolderSource`` (in hot_folder.py, importable from here): a folder a
  network scanner writes into, watched with watchdog; a new file is reported
  (callback with its path, and ``acquire``) once, when its size has stopped
  changing and it ends the way its format ends.
- ``SaneSource``: a scanner through python-sane (Linux, libsane): a page from
  the flatbed or every page of the feeder, at the resolution and on the paper
  asked for (A4); ``available`` says in Chinese why not when the library or a
  device is missing, and every way a scan can fail (no paper, jammed, unplugged,
  busy, cancelled) is a Chinese ``SourceError`` that keeps the pages already
  scanned. Tested against SANE's own ``test`` backend (tests/sane_backend.py).

The document camera (高拍仪) is not here: its frames come through Qt Multimedia
(qt/camera.py; the stillness rule and the resolution choice are imaging/stillness.py
and imaging/camera_formats.py). No source touches Qt; ``acquire`` may block
(a scanner takes seconds), so the UI calls it from a worker thread."""

from __future__ import annotations

import io
import logging
import signal
import sys
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable

from PIL import Image, UnidentifiedImageError

from window_client.core import messages

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
A4_MM = (210.0, 297.0)
# the texts of sane_strstatus() (sanei/sanei_strstatus.c; python-sane raises
# _sane.error with this text and no status code; libsane does not translate them)
_STATUS_MESSAGES = {
    "Document feeder out of documents": messages.SANE_NO_DOCS,
    "Document feeder jammed": messages.SANE_JAMMED,
    "Scanner cover is open": messages.SANE_COVER_OPEN,
    "Error during device I/O": messages.SANE_IO_ERROR,
    "Device busy": messages.SANE_BUSY,
    "Operation was canceled": messages.SANE_CANCELLED,
    "Access to resource has been denied": messages.SANE_ACCESS_DENIED,
    "Out of memory": messages.SANE_NO_MEMORY,
}
_NO_DOCS = "Document feeder out of documents"
_MODE_NAMES = {"color": ("color", "colour", "24bit color", "rgb"),
               "gray": ("gray", "grayscale", "grey", "gray8", "true gray", "8bit gray")}
_FEEDER_WORDS = ("adf", "feeder", "automatic document")


@dataclass(frozen=True)
class ScannerInfo:
    name: str
    vendor: str
    model: str
    kind: str


@dataclass(frozen=True)
class ScanSettings:
    """What the scanner was set to for the last page (what it took, not what was asked)."""
    device: str
    mode: str
    resolution: float
    area_mm: tuple[float, float, float, float]   # tl-x, tl-y, br-x, br-y
    feeder: bool


class ScanInterrupted(SourceError):
    """The scanner stopped after delivering some pages: ``pages`` holds them (PNG
    bytes), so nothing already scanned is lost; ``str()`` says why and how many."""

    def __init__(self, message: str, pages: list[Acquired]) -> None:
        super().__init__(messages.SANE_PAGES_KEPT.format(message=message, count=len(pages)))
        self.reason = message
        self.pages = pages


def _ignore_sigpipe_again() -> None:
    """Puts SIGPIPE back to "ignored" after a libsane session. Backends (the test
    backend, and others built on sanei_thread's reader process) set it to the
    default action — terminate — behind Python's back, so the next write to a socket
    the platform had reset (a sync during a network fault) killed the whole window
    with no traceback. Python ignores SIGPIPE and turns it into BrokenPipeError;
    this keeps it so. Through libc, not ``signal.signal``, because scans run off
    the main thread and the disposition is the process's anyway."""
    if not hasattr(signal, "SIGPIPE"):
        return
    import ctypes
    import ctypes.util
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.signal.restype = ctypes.c_void_p
        libc.signal.argtypes = [ctypes.c_int, ctypes.c_void_p]
        libc.signal(int(signal.SIGPIPE), ctypes.c_void_p(1))   # SIG_IGN == (void *) 1
    except (OSError, AttributeError) as exc:
        logger.warning("SIGPIPE could not be ignored again after SANE: %s", exc)


class SaneSource(ScanSource):
    """A SANE scanner (``device``, else the first one listed): one page from the
    flatbed, or with ``feeder`` every page in the document feeder until it is empty.
    Each ``acquire`` initialises libsane, lists the devices (a device no longer
    listed has gone: a clear message, not a stale handle), opens the device, sets
    mode, 8-bit depth, the resolution (the nearest the scanner offers) and the paper
    (``paper_mm``, A4 by default, from the top-left corner; clipped to the scan
    area), scans, closes and exits — so a failure leaves nothing half-open and the
    next ``acquire`` starts clean. ``options`` are further backend options
    (python-sane names, e.g. ``{"test_picture": "Grid"}``), skipped where the
    device has none. Pages are PNG bytes with the resolution in them.

    Every SANE status the scanner can answer (no paper, jammed, cover open, I/O
    error, busy, cancelled, access denied) becomes a Chinese ``SourceError``; a page
    shorter than the scanner announced (a device unplugged or cancelled mid-page:
    libsane then ends the page early without an error) is refused, not kept; pages
    delivered before a failure come back in ``ScanInterrupted.pages``. ``cancel``
    (any thread) stops the scan in progress. One scan at a time per process: a
    second caller waits ``wait_seconds`` and is told the scanner is busy."""
    name = "扫描仪(SANE)"

    def __init__(self, device: str | None = None, *, resolution: int = 200,
                 mode: str = "Color", paper_mm: tuple[float, float] | None = A4_MM,
                 feeder: bool = False, options: dict[str, object] | None = None,
                 wait_seconds: float = 2.0,
                 on_page: Callable[[int, bytes], None] | None = None) -> None:
        self.device, self.resolution, self.mode = device or None, resolution, mode
        self.paper_mm, self.feeder = paper_mm, feeder
        self.options = dict(options or {})
        self.wait_seconds = wait_seconds
        self.on_page = on_page
        self.last: ScanSettings | None = None
        self._dev = None
        self._dev_lock = threading.Lock()
        self._cancelled = threading.Event()

    @staticmethod
    def _module():
        if not sys.platform.startswith("linux"):
            raise SourceError(messages.SANE_LINUX_ONLY)
        try:
            import sane
        except ImportError:
            raise SourceError(messages.SANE_NOT_INSTALLED) from None
        return sane

    def _locked(self):
        if not _SANE_LOCK.acquire(timeout=self.wait_seconds):
            raise SourceError(messages.SANE_IN_USE)

    def devices(self) -> list[ScannerInfo]:
        sane = self._module()
        self._locked()
        try:
            try:
                sane.init()
            except sane._sane.error as exc:
                raise SourceError(messages.SANE_INIT_FAILED.format(detail=exc)) from exc
            try:
                return [ScannerInfo(*d) for d in sane.get_devices(localOnly=True)]
            finally:
                sane.exit()
        finally:
            _ignore_sigpipe_again()
            _SANE_LOCK.release()

    def available(self) -> Availability:
        try:
            found = self.devices()
        except SourceError as exc:
            return Availability(False, str(exc))
        except Exception as exc:  # sane.error and friends
            return Availability(False, messages.SANE_INIT_FAILED.format(detail=exc))
        if not found:
            return Availability(False, messages.SANE_NO_SCANNER)
        if self.device and self.device not in {d.name for d in found}:
            return Availability(False, messages.SANE_DEVICE_GONE.format(device=self.device))
        return Availability(True)

    def cancel(self) -> None:
        """Stops the scan in progress (from any thread): its ``acquire`` raises
        ``SourceError`` (cancelled), or ``ScanInterrupted`` with the pages done."""
        self._cancelled.set()
        with self._dev_lock:
            if self._dev is not None:
                try:
                    self._dev.cancel()
                except Exception as exc:  # the device has gone already
                    logger.info("scanner cancel: %s", exc)

    def acquire(self) -> list[Acquired]:
        sane = self._module()
        self._cancelled.clear()
        pages: list[Acquired] = []
        self._locked()
        try:
            try:
                sane.init()
            except sane._sane.error as exc:
                raise SourceError(messages.SANE_INIT_FAILED.format(detail=exc)) from exc
            try:
                self._scan_pages(sane, pages)
            except SourceError as exc:  # before RuntimeError: SourceError is one
                if pages and not isinstance(exc, ScanInterrupted):
                    raise self._failure(str(exc), pages) from exc
                raise
            except sane._sane.error as exc:
                raise self._failure(self._said(_status_message(str(exc))), pages) from exc
            except RuntimeError as exc:  # python-sane: "Scanner returned no data"
                raise self._failure(self._said(messages.SANE_NO_IMAGE), pages) from exc
            finally:
                sane.exit()
        finally:
            _ignore_sigpipe_again()
            _SANE_LOCK.release()
        return pages

    def _said(self, message: str) -> str:
        """A cancelled scan ends however the backend ends it: it was cancelled."""
        return messages.SANE_CANCELLED if self._cancelled.is_set() else message

    @staticmethod
    def _failure(message: str, pages: list[Acquired]) -> SourceError:
        logger.info("scan stopped after %d pages: %s", len(pages), message)
        return ScanInterrupted(message, list(pages)) if pages else SourceError(message)

    def _scan_pages(self, sane, pages: list[Acquired]) -> None:
        listed = [d[0] for d in sane.get_devices(localOnly=True)]
        name = self.device or (listed[0] if listed else None)
        if name is None:
            raise SourceError(messages.SANE_NO_SCANNER)
        if name not in listed:
            raise SourceError(messages.SANE_DEVICE_GONE.format(device=name))
        try:
            dev = sane.open(name)
        except sane._sane.error as exc:  # listed a moment ago, gone now
            logger.info("scanner %s did not open: %s", name, exc)
            text = str(exc)
            raise SourceError(_STATUS_MESSAGES.get(text) or messages.SANE_DEVICE_GONE.format(
                device=name)) from exc
        with self._dev_lock:
            self._dev = dev
        try:
            self.last = self._configure(sane, dev, name)
            while not self._cancelled.is_set():
                try:
                    img = self._scan_one(dev)
                except sane._sane.error as exc:
                    if self.feeder and pages and str(exc) == _NO_DOCS:
                        break  # the feeder is empty: the batch is done
                    raise
                out = io.BytesIO()
                dpi = round(self.last.resolution)
                img.save(out, "PNG", dpi=(dpi, dpi), compress_level=1)
                pages.append(out.getvalue())
                logger.info("scanned page %d: %dx%d %s at %d dpi", len(pages), img.width,
                            img.height, img.mode, dpi)
                if self.on_page is not None:
                    self.on_page(len(pages), pages[-1])
                if not self.feeder:
                    return
            if self._cancelled.is_set():
                raise SourceError(messages.SANE_CANCELLED)
        finally:
            with self._dev_lock:
                self._dev = None
            try:
                dev.close()
            except Exception as exc:  # closing a device that has gone
                logger.info("scanner close: %s", exc)

    def _scan_one(self, dev) -> Image.Image:
        dev.start()
        _format, _last, (_width, lines), _depth, _bpl = dev.get_parameters()
        img: Image.Image = dev.snap()
        if self._cancelled.is_set():
            raise SourceError(messages.SANE_CANCELLED)
        if lines > 0 and img.height < lines:
            # libsane ends a page early without an error when the device goes away
            raise SourceError(messages.SANE_INCOMPLETE.format(lines=lines, got=img.height))
        return img

    def _configure(self, sane, dev, name: str) -> ScanSettings:
        opts = dev.opt
        mode = _pick_mode(opts.get("mode"), self.mode)
        source = _pick_source(opts.get("source"), self.feeder)
        wanted: list[tuple[str, object]] = [("mode", mode), ("source", source)]
        if "depth" in opts and _allows(opts["depth"], 8):
            wanted.append(("depth", 8))
        wanted.append(("resolution", _nearest(opts.get("resolution"), self.resolution)))
        if self.paper_mm is not None:
            width, height = self.paper_mm
            for key, value in (("tl_x", 0.0), ("tl_y", 0.0), ("br_x", width), ("br_y", height)):
                option = opts.get(key)
                if option is not None and option.unit == sane._sane.UNIT_MM:
                    wanted.append((key, _clamp(option, value)))
        wanted += list(self.options.items())
        for key, value in wanted:
            if value is None or key not in dev.opt:
                continue
            try:
                setattr(dev, key, value)
            except (AttributeError, sane._sane.error, ValueError, TypeError) as exc:
                logger.info("scanner option %s=%s not taken: %s", key, value, exc)

        def read(key: str, default):
            try:
                return getattr(dev, key)
            except (AttributeError, sane._sane.error):
                return default
        area = tuple(float(read(k, 0.0)) for k in ("tl_x", "tl_y", "br_x", "br_y"))
        return ScanSettings(device=name, mode=str(read("mode", self.mode)),
                            resolution=float(read("resolution", self.resolution)),
                            area_mm=area,  # type: ignore[arg-type]
                            feeder=self.feeder)


def _status_message(text: str) -> str:
    return _STATUS_MESSAGES.get(text) or messages.SANE_SCAN_FAILED.format(detail=text)


def _pick_mode(option, wanted: str) -> str | None:
    """The scanner's own name for "Color" or "Gray" ("Colour", "24bit Color",
    "Grayscale" …); ``wanted`` as it is when the scanner lists it."""
    if option is None or not isinstance(option.constraint, list):
        return wanted
    offered = [str(v) for v in option.constraint]
    if wanted in offered:
        return wanted
    names = _MODE_NAMES.get(wanted.lower().replace("grey", "gray").replace("colour", "color"),
                            (wanted.lower(),))
    for value in offered:
        if value.lower() in names:
            return value
    stem = names[0][:4]
    return next((v for v in offered if stem in v.lower()), None)


def _pick_source(option, feeder: bool) -> str | None:
    if option is None or not isinstance(option.constraint, list):
        return None
    offered = [str(v) for v in option.constraint]
    fed = [v for v in offered if any(w in v.lower() for w in _FEEDER_WORDS)]
    if feeder:
        return fed[0] if fed else None
    flat = [v for v in offered if v not in fed]
    return flat[0] if flat else None


def _allows(option, value: float) -> bool:
    c = option.constraint
    if isinstance(c, list):
        return value in c
    if isinstance(c, tuple):
        return c[0] <= value <= c[1]
    return True


def _nearest(option, value: float) -> float:
    """The resolution the scanner offers closest to ``value``."""
    if option is None:
        return value
    c = option.constraint
    if isinstance(c, list) and c:
        return min(c, key=lambda v: abs(v - value))
    if isinstance(c, tuple):
        return _clamp(option, value)
    return value


def _clamp(option, value: float) -> float:
    c = option.constraint
    if isinstance(c, tuple):
        return min(max(value, c[0]), c[1])
    if isinstance(c, list) and c:
        return min(c, key=lambda v: abs(v - value))
    return value
