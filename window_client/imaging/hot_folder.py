"""``HotFolderSource``: the folder a network scanner writes into. New files are
reported once each — to a callback with the path (on the source's own thread)
and to ``acquire`` — when complete: the size and modification time have not
changed for ``settle_s`` and the file ends the way its format ends (JPEG end of
image, PNG IEND, PDF %%EOF; other formats must decode). Temporary and hidden
names (``.part``, ``~…``, ``.…``) and other file types are ignored; a temporary
file renamed to its final name is reported under that name."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from collections.abc import Callable

from PIL import Image

from .sources import SUFFIXES, Acquired, Availability, ScanSource

logger = logging.getLogger(__name__)


def looks_complete(path: Path) -> bool:
    """Whether the file ends the way its format ends (JPEG EOI, PNG IEND, PDF
    %%EOF); other formats must open and decode."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            fh.seek(0, 2)
            end = fh.tell()
            fh.seek(max(0, end - 2048))
            tail = fh.read()
    except OSError:
        return False
    if head.startswith(b"%PDF-"):
        return b"%%EOF" in tail
    if head.startswith(b"\xff\xd8"):
        return tail.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9")
    if head.startswith(b"\x89PNG"):
        return b"IEND" in tail[-16:]
    try:
        with Image.open(path) as img:
            img.load()
        return True
    except (OSError, SyntaxError, ValueError):
        return False


class HotFolderSource(ScanSource):
    """Watches ``folder``; each new complete file goes to ``on_file`` (called on
    the source's own thread) and is kept for the next ``acquire``. Files already
    there at ``start`` are left alone; a file the scanner later overwrites is new
    content and is reported again. ``polling=True`` stats the folder instead of
    relying on inotify (needed for network shares, where inotify sees nothing)."""
    name = "网络扫描仪(监视文件夹)"

    def __init__(self, folder: Path | str, on_file: Callable[[Path], None] | None = None, *,
                 settle_s: float = 1.0, poll_s: float = 0.2, give_up_s: float = 600.0,
                 polling: bool = False) -> None:
        self.folder = Path(folder).resolve()  # watchdog reports paths under this
        self._on_file = on_file
        self._settle, self._poll, self._give_up = settle_s, poll_s, give_up_s
        self._polling = polling
        self._pending: dict[Path, list[float]] = {}   # path -> [first, changed, size, mtime]
        self._reported: set[tuple[Path, int, int]] = set()
        self._ready: list[Path] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._observer = None
        self._checker: threading.Thread | None = None

    def available(self) -> Availability:
        try:
            import watchdog  # noqa: F401
        except ImportError:
            return Availability(False, "未安装 watchdog,无法监视文件夹")
        if not self.folder.is_dir():
            return Availability(False, f"监视文件夹不存在:{self.folder}")
        try:
            next(self.folder.iterdir(), None)
        except OSError:
            return Availability(False, f"没有读取监视文件夹的权限:{self.folder}")
        return Availability(True)

    def start(self) -> HotFolderSource:
        if self._observer is not None:
            return self
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        source = self

        class _Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.is_directory or event.event_type == "deleted":
                    return
                path = getattr(event, "dest_path", "") or event.src_path
                source._seen(Path(path if isinstance(path, str) else path.decode()))

        self._stop.clear()
        self._observer = PollingObserver(timeout=self._poll) if self._polling else Observer()
        self._observer.schedule(_Handler(), str(self.folder), recursive=False)
        self._observer.start()
        self._checker = threading.Thread(target=self._check_loop, name="hot-folder",
                                         daemon=True)
        self._checker.start()
        logger.info("watching %s", self.folder.name)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None
        if self._checker is not None:
            self._checker.join(timeout=5)
            self._checker = None

    def __enter__(self) -> HotFolderSource:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def acquire(self) -> list[Acquired]:
        """The files completed since the last call, oldest first."""
        with self._lock:
            ready, self._ready = self._ready, []
        return list(ready)

    def _seen(self, path: Path) -> None:
        name = path.name
        if (name.startswith((".", "~")) or path.suffix.lower() not in SUFFIXES
                or path.parent != self.folder):
            return
        now = time.monotonic()
        with self._lock:
            self._pending.setdefault(path, [now, now, -1, -1])

    def _check_loop(self) -> None:
        while not self._stop.wait(self._poll):
            with self._lock:
                pending = list(self._pending.items())
            for path, state in pending:
                try:
                    self._check(path, state)
                except Exception:  # one odd file must not stop the watching
                    logger.exception("hot folder: checking %s failed", path.name)
                    with self._lock:
                        self._pending.pop(path, None)

    def _check(self, path: Path, state: list[float]) -> None:
        now = time.monotonic()
        try:
            st = path.stat()
        except FileNotFoundError:  # renamed away or deleted: its new name has an event
            with self._lock:
                self._pending.pop(path, None)
            return
        if (st.st_size, st.st_mtime_ns) != (state[2], state[3]):
            state[1:] = [now, st.st_size, st.st_mtime_ns]
            return
        if now - state[1] < self._settle or st.st_size == 0 or not looks_complete(path):
            if now - state[0] > self._give_up:
                logger.warning("hot folder: %s never completed, ignored", path.name)
                with self._lock:
                    self._pending.pop(path, None)
            return
        key = (path, st.st_size, st.st_mtime_ns)
        with self._lock:
            self._pending.pop(path, None)
            if key in self._reported:
                return
            self._reported.add(key)
            self._ready.append(path)
        logger.info("hot folder: new file %s (%d KB)", path.name, st.st_size // 1024)
        if self._on_file is not None:
            try:
                self._on_file(path)
            except Exception:
                logger.exception("hot folder: callback failed for %s", path.name)
