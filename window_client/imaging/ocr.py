"""Offline OCR of a stored page, for the check that a scan shows its material
(core/material_check.py). The engine is RapidOCR (``rapidocr_onnxruntime``: the
PP-OCRv4 Chinese detection and recognition models and the angle classifier, as
ONNX files inside the package, run by onnxruntime on the CPU). Nothing is
downloaded: the models are read from the installed package, and a build ships
them as data (installer/window_client.spec).

The engine is built once per process on first use (~0.2 s) and is shared; one page
is read at a time (a lock), so a burst of added pages queues behind the first
instead of starving the UI thread of cores, and onnxruntime runs on one thread
(measured: the same wall time per page as two threads on a busy 2-core PC, at
half the CPU). No Qt here."""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

# longer side the page is read at: the stored pages (imaging/pipeline.py) are up to
# ~2000 px; text of a document's field labels stays 25–40 px high at this size
READ_SIDE = 1600


class OcrUnavailable(RuntimeError):
    """The OCR engine is not installed or its models cannot be loaded."""


class TextReader(Protocol):
    def read(self, image: bytes) -> str: ...


@dataclass(frozen=True)
class OcrLine:
    text: str
    score: float


def _decode(image: bytes) -> np.ndarray:
    """An upright RGB array of the JPEG/PNG ``image``, the longer side at most
    READ_SIDE, as BGR (what the engine expects)."""
    with Image.open(io.BytesIO(image)) as im:
        page = ImageOps.exif_transpose(im).convert("RGB")
    if max(page.size) > READ_SIDE:
        page.thumbnail((READ_SIDE, READ_SIDE), Image.Resampling.LANCZOS)
    return np.asarray(page)[:, :, ::-1].copy()


class RapidOcrReader:
    """``read(image bytes) -> text`` (one line per detected text box, top to bottom)."""

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads
        self._engine: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:  # setup installs it (tools/setup.sh)
                raise OcrUnavailable(str(exc)) from exc
            try:
                self._engine = RapidOCR(intra_op_num_threads=self._threads,
                                        inter_op_num_threads=1)
            except Exception as exc:  # a model file missing from a build
                raise OcrUnavailable(str(exc)) from exc
        return self._engine

    def lines(self, image: bytes) -> list[OcrLine]:
        array = _decode(image)
        with self._lock:
            engine = self._load()
            result, _elapsed = engine(array)
        return [OcrLine(str(r[1]), float(r[2])) for r in (result or [])]

    def read(self, image: bytes) -> str:
        return "\n".join(line.text for line in self.lines(image))


_default: RapidOcrReader | None = None
_default_lock = threading.Lock()


def default_reader() -> RapidOcrReader:
    """The process's one reader (its models loaded on first read)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = RapidOcrReader()
        return _default


def available() -> bool:
    """Whether the engine and its models load (for --self-check)."""
    try:
        default_reader()._load()
    except OcrUnavailable:
        return False
    return True
