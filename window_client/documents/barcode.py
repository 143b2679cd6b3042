"""The case number as a Code 128 barcode (python-barcode, drawn to a PNG in memory)
and the progress-lookup QR code (vector, from reportlab's QR encoder).

The barcode is drawn at 300 dpi with a whole number of pixels per module and
placed on the page at exactly that size, so a module is 4 px at 300 dpi =
0.339 mm: 2 px even in a 150-dpi render, 3 px at 203 dpi (thermal printers)."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from functools import lru_cache

import barcode as python_barcode
from barcode.writer import ImageWriter
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image

DPI = 300
PIXELS_PER_MODULE = 4
QUIET_MODULES = 10


@dataclass(frozen=True)
class BarcodeImage:
    png: bytes
    width_mm: float
    height_mm: float


@lru_cache(maxsize=64)
def code128_png(value: str, *, height_mm: float = 11.0,
                pixels_per_module: int = PIXELS_PER_MODULE) -> BarcodeImage:
    """``value`` as Code 128 in a greyscale PNG at 300 dpi, with quiet zones of ten
    modules and no human-readable text (the documents print it in their own font)."""
    if not value:
        raise ValueError("no case number to encode")
    module_mm = 25.4 / DPI * pixels_per_module
    writer = ImageWriter(format="PNG", mode="L", dpi=DPI)
    code = python_barcode.get("code128", value, writer=writer)
    image = code.render({"module_width": module_mm, "module_height": height_mm,
                         "quiet_zone": module_mm * QUIET_MODULES, "write_text": False,
                         "margin_top": 0, "margin_bottom": 0, "text_distance": 0,
                         "font_size": 0})
    # python-barcode pads a text band under the bars even without text: crop it
    bars_px = round(height_mm / 25.4 * DPI)
    image = image.crop((0, 0, image.width, min(image.height, bars_px)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True, dpi=(DPI, DPI))
    return BarcodeImage(out.getvalue(), image.width / DPI * 25.4, image.height / DPI * 25.4)


def code128_flowable(value: str, max_width: float, *, height_mm: float = 11.0) -> Image:
    """The barcode at its natural size (0.339 mm modules); finer modules only when
    the number would not fit ``max_width`` otherwise (never below 3 px at 300 dpi)."""
    for ppm in (PIXELS_PER_MODULE, 3):
        img = code128_png(value, height_mm=height_mm, pixels_per_module=ppm)
        if img.width_mm * mm <= max_width:
            break
    width, height = img.width_mm * mm, img.height_mm * mm
    if width > max_width:  # a very long number: scaled down rather than cut off
        height, width = height * max_width / width, max_width
    flowable = Image(io.BytesIO(img.png), width=width, height=height)
    flowable.hAlign = "CENTER"
    return flowable


class QrFlowable(Flowable):
    """A QR code (error correction M, two-module quiet zone) ``size`` square, drawn
    as one filled path: reportlab's widget draws ~1,400 shapes and encodes twice."""

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(value)
        qr.make()
        self.modules = [[bool(m) for m in row] for row in qr.modules]
        self.width = self.height = size
        self.hAlign = "CENTER"

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self) -> None:
        count = len(self.modules)
        box = self.width / (count + 4)
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            c = 0
            for dark, run in itertools.groupby(row):
                n = len(list(run))
                if dark:  # a hair taller, so rows leave no white seam between them
                    path.rect((c + 2) * box, self.height - (r + 3) * box, n * box, box * 1.04)
                c += n
        self.canv.drawPath(path, stroke=0, fill=1)


def qr_flowable(value: str, size_mm: float = 24.0) -> QrFlowable:
    """The progress-lookup QR code, ``size_mm`` square with its quiet zone."""
    return QrFlowable(value, size_mm * mm)
