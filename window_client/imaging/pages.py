"""The pages of one material while the clerk scans it: add, reorder, turn by
quarter turns, delete, rescan in place, thumbnails; then one stored file — the
JPEG itself for a single page, else ONE PDF with every page on A4 (img2pdf: the
JPEG streams are embedded as they are, never decoded or re-encoded).

``store()`` writes the file atomically and returns its SHA-256, the same digest
``CaseRepository.attach_file`` records when it copies the file. Every method is
safe to call from a worker thread; processing a source (``add``, ``rescan``)
takes a few hundred milliseconds, so the UI calls them off its thread."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Sequence

import img2pdf
from PIL import Image

from .pipeline import Page, PageOptions, ProcessedPage, Source, process_page

logger = logging.getLogger(__name__)

A4_PT = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
_A4_LAYOUT = img2pdf.get_layout_fun(A4_PT, fit=img2pdf.FitMode.into, auto_orient=True)
_THUMB_TURN = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
               270: Image.Transpose.ROTATE_90}


class PageNotFound(KeyError):
    pass


@dataclass(frozen=True)
class StoredFile:
    path: Path
    sha256: str
    size: int
    media_type: str
    pages: int


class MaterialPages:
    """Ordered pages of one material, held in memory until ``store``."""

    def __init__(self, options: PageOptions | None = None,
                 process: Callable[[Source, PageOptions], ProcessedPage] = process_page) -> None:
        self._options = options or PageOptions()
        self._process = process
        self._pages: list[Page] = []
        self._thumbs: dict[tuple[str, int, int], bytes] = {}
        self._lock = threading.RLock()

    # -- reading -----------------------------------------------------------
    @property
    def pages(self) -> tuple[Page, ...]:
        with self._lock:
            return tuple(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def page(self, page_id: str) -> Page:
        with self._lock:
            return self._pages[self._index(page_id)]

    # -- changes -----------------------------------------------------------
    def add(self, source: Source, *, name: str = "", options: PageOptions | None = None,
            index: int | None = None) -> Page:
        """Processes ``source`` and inserts it at ``index`` (default: last)."""
        processed = self._process(source, options or self._options)
        return self.add_processed(processed, name=name or _name_of(source), index=index)

    def add_processed(self, processed: ProcessedPage, *, name: str = "",
                      index: int | None = None) -> Page:
        page = Page(base=processed, source_name=name)
        with self._lock:
            self._pages.insert(len(self._pages) if index is None else index, page)
        logger.info("page added (%s), %d pages", name or "scan", len(self._pages))
        return page

    def move(self, page_id: str, to_index: int) -> None:
        with self._lock:
            page = self._pages.pop(self._index(page_id))
            self._pages.insert(max(0, min(to_index, len(self._pages))), page)

    def reorder(self, page_ids: Sequence[str]) -> None:
        """Puts the pages in the order given, which must name each page once."""
        with self._lock:
            by_id = {p.id: p for p in self._pages}
            if sorted(page_ids) != sorted(by_id):
                raise ValueError("新顺序必须包含每一页且只出现一次")
            self._pages = [by_id[i] for i in page_ids]

    def rotate(self, page_id: str, quarter_turns: int = 1) -> Page:
        """Turns a page clockwise by ``quarter_turns`` × 90° (negative: back)."""
        with self._lock:
            i = self._index(page_id)
            self._pages[i] = self._pages[i].rotated(quarter_turns)
            return self._pages[i]

    def delete(self, page_id: str) -> None:
        with self._lock:
            del self._pages[self._index(page_id)]

    def rescan(self, page_id: str, source: Source, *, name: str = "",
               options: PageOptions | None = None) -> Page:
        """Replaces a page by a new scan in the same place under the same id (the
        clerk's turns are not carried over: the new scan is upright)."""
        self.page(page_id)  # fail before the slow part
        processed = self._process(source, options or self._options)
        with self._lock:
            i = self._index(page_id)
            self._pages[i] = Page(base=processed, source_name=name or _name_of(source),
                                  id=page_id)
            return self._pages[i]

    # -- output ------------------------------------------------------------
    def thumbnail(self, page_id: str, max_side: int = 200) -> bytes:
        """A small JPEG of the page as turned (cached per page and turn)."""
        page = self.page(page_id)
        key = (page.base.sha256, page.rotation, max_side)
        with self._lock:
            cached = self._thumbs.get(key)
        if cached is not None:
            return cached
        img = Image.open(io.BytesIO(page.base.data))
        img.draft(img.mode, (max_side, max_side))  # DCT-scaled decode: fast
        img = img.convert("L" if img.mode == "L" else "RGB")
        img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        if page.rotation:
            img = img.transpose(_THUMB_TURN[page.rotation])
        out = io.BytesIO()
        img.save(out, "JPEG", quality=70, optimize=True)
        with self._lock:
            if len(self._thumbs) >= 256:  # keyed by content: old entries are just unused
                self._thumbs.clear()
            self._thumbs[key] = out.getvalue()
        return out.getvalue()

    def to_pdf(self) -> bytes:
        """All pages, in order, one per A4 page (landscape for a landscape image),
        the JPEGs embedded without re-encoding. Same pages → same bytes."""
        pages = self.pages
        if not pages:
            raise ValueError("没有页面,无法生成 PDF")
        return img2pdf.convert([p.jpeg() for p in pages], layout_fun=_A4_LAYOUT,
                               nodate=True, producer="window-client", creator="window-client")

    def encode(self) -> tuple[bytes, str, str]:
        """The one file, in memory: (data, suffix, media type) — a JPEG for one
        page, a PDF for more (the pages dialog hands it to the store as bytes, so
        no plain copy of a scan is ever written outside the store)."""
        pages = self.pages
        if not pages:
            raise ValueError("没有页面,无法保存材料")
        if len(pages) == 1:
            return pages[0].jpeg(), ".jpg", "image/jpeg"
        return self.to_pdf(), ".pdf", "application/pdf"

    def store(self, directory: Path, stem: str) -> StoredFile:
        """Writes ``directory/stem.jpg`` (one page) or ``stem.pdf`` (more),
        complete on disk before it gets its final name; returns its SHA-256."""
        data, suffix, media = self.encode()
        pages = self.pages
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"{stem}{suffix}"
        tmp = target.with_name(target.name + ".part")
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)  # a full disk leaves no partial file
        stored = StoredFile(path=target, sha256=hashlib.sha256(data).hexdigest(),
                            size=len(data), media_type=media, pages=len(pages))
        logger.info("material stored: %s, %d pages, %.0f KB", target.name, len(pages),
                    len(data) / 1024)
        return stored

    # -- helpers -----------------------------------------------------------
    def _index(self, page_id: str) -> int:
        for i, p in enumerate(self._pages):
            if p.id == page_id:
                return i
        raise PageNotFound(page_id)


def _name_of(source: Source) -> str:
    return Path(source).name if isinstance(source, (str, Path)) else ""
