"""From a photographed or scanned page to the JPEG that is stored and uploaded.

``process_page(src, options)`` promises: the EXIF orientation is applied; with
``crop`` the bright paper is cut out of a darker background (a scan without such a
border is left whole); with ``deskew`` text lines tilted by up to
``options.max_skew`` degrees are levelled (to within a fraction of a degree); text
pages become grayscale with an evened-out white background, colour pages (seals,
certificates) keep their colour with the lighting evened out; the page is scaled down (never up) to
``long_side`` pixels (2000 ≈ A4 at 170 dpi); the JPEG quality is the highest
between ``min_quality`` and ``max_quality`` whose file fits ``max_kb`` (a page
with less detail or fewer pixels simply comes out smaller). Pure Pillow + numpy,
no Qt. A 12-megapixel photo takes about 0.5 s (grayscale) to 0.9 s (colour) on
two cores: callers run it off the UI thread.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from .geometry import estimate_skew, page_box, rotated_size

logger = logging.getLogger(__name__)

Source = str | Path | bytes | bytearray | memoryview
A4_LONG_INCH = 11.69
_PROXY = 1000          # long side of the analysis copy (skew, crop)
_MIN_SKEW = 0.15       # below this a rotation only blurs
__all__ = ["ImageError", "Page", "PageOptions", "ProcessedPage", "Source", "clean_background",
           "encode_to_budget", "estimate_skew", "even_lighting", "load_image", "page_box",
           "paper_surface", "process_page"]


class ImageError(ValueError):
    """The source is not an image Pillow can read (message in Chinese)."""


@dataclass(frozen=True)
class PageOptions:
    crop: bool = True
    deskew: bool = True
    grayscale: bool = True
    clean_background: bool = True   # grayscale: even lighting, paper to white, ink black
    even_lighting: bool = True      # colour: even lighting only, colours kept
    long_side: int = 2000
    max_kb: int = 240               # KB (1024 bytes); A4 pages land at ~100-240 KB
    min_quality: int = 30
    max_quality: int = 92
    max_skew: float = 10.0

    @classmethod
    def text(cls, **kw) -> PageOptions:
        """Forms, letters, ID copies: grayscale, cropped, levelled."""
        return cls(**kw)

    @classmethod
    def colour(cls, **kw) -> PageOptions:
        """Certificates and photos with colour seals: colour kept, lighting evened
        out, no whitening."""
        return cls(grayscale=False, clean_background=False, **kw)


@dataclass(frozen=True)
class ProcessedPage:
    data: bytes
    width: int
    height: int
    quality: int
    size: int
    sha256: str
    mode: str            # "L" or "RGB"
    skew: float          # degrees (counter-clockwise) the source was tilted by
    cropped: bool
    dpi: int
    media_type: str = "image/jpeg"


@dataclass(frozen=True)
class Page:
    """One page of a material: the processed scan plus the clerk's quarter turns
    (clockwise degrees, 0/90/180/270) applied on top of it."""
    base: ProcessedPage
    rotation: int = 0
    source_name: str = ""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def rotated(self, quarter_turns: int) -> Page:
        return replace(self, rotation=(self.rotation + 90 * quarter_turns) % 360)

    def jpeg(self) -> bytes:
        """The page as stored: the base JPEG untouched when not rotated, else one
        re-encode of the base at its quality (never of an earlier rotation, so
        turning a page back and forth loses nothing more)."""
        if self.rotation == 0:
            return self.base.data
        return _rotated_jpeg(self.base.data, self.rotation, self.base.quality)


def process_page(src: Source, options: PageOptions | None = None) -> ProcessedPage:
    """See the module docstring. Raises ``ImageError`` for unreadable input."""
    opts = options or PageOptions()
    img = load_image(src, opts.long_side)
    proxy = img.convert("L")
    proxy.thumbnail((_PROXY, _PROXY), Image.Resampling.BILINEAR)
    fill = _border_colour(img)
    skew = estimate_skew(proxy, opts.max_skew) if opts.deskew else 0.0
    if abs(skew) < _MIN_SKEW:
        skew = 0.0
    if skew:
        proxy = proxy.rotate(-skew, Image.Resampling.BILINEAR, expand=True,
                             fillcolor=_luma(fill))
    box = page_box(np.asarray(proxy)) if opts.crop else None
    frac = ((box[0] / proxy.width, box[1] / proxy.height,
             box[2] / proxy.width, box[3] / proxy.height) if box else (0, 0, 1, 1))
    # the size of the page in full-resolution pixels, to scale once, early
    rw, rh = rotated_size(img.size, skew)
    page_long = max((frac[2] - frac[0]) * rw, (frac[3] - frac[1]) * rh)
    scale = min(1.0, opts.long_side / page_long)
    if opts.grayscale:
        img = img.convert("L")
        fill = _luma(fill)
    if scale < 1.0:
        img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))),
                         Image.Resampling.LANCZOS, reducing_gap=2.0)
    if skew:
        img = img.rotate(-skew, Image.Resampling.BICUBIC, expand=True, fillcolor=fill)
    if box:
        img = img.crop((round(frac[0] * img.width), round(frac[1] * img.height),
                        round(frac[2] * img.width), round(frac[3] * img.height)))
    if max(img.size) > opts.long_side:  # rounding of the early scale
        img.thumbnail((opts.long_side, opts.long_side), Image.Resampling.LANCZOS)
    if opts.grayscale and opts.clean_background:
        img = clean_background(img)
    elif not opts.grayscale and opts.even_lighting:
        img = even_lighting(img)
    dpi = max(72, round(max(img.size) / A4_LONG_INCH))
    data, quality = encode_to_budget(img, opts, dpi)
    page = ProcessedPage(data=data, width=img.width, height=img.height, quality=quality,
                         size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                         mode=img.mode, skew=round(skew, 2), cropped=box is not None,
                         dpi=dpi)
    logger.info("page processed: %dx%d %s q=%d %.0f KB skew=%.2f cropped=%s", page.width,
                page.height, page.mode, quality, page.size / 1024, skew, page.cropped)
    return page


def load_image(src: Source, long_side: int = 0) -> Image.Image:
    """The image upright (EXIF orientation applied) in RGB, transparency on white,
    16-bit scans brought to 8 bits; a JPEG far larger than ``long_side`` is
    decoded at a reduced scale (libjpeg's DCT scaling: fast, still ≥ 2×)."""
    fh = io.BytesIO(bytes(src)) if isinstance(src, (bytes, bytearray, memoryview)) else src
    try:
        img = Image.open(fh)
        if img.format == "JPEG" and long_side:
            k = 2 * long_side / max(img.size)
            if k < 1:
                img.draft("RGB", (math.ceil(img.width * k), math.ceil(img.height * k)))
        img = ImageOps.exif_transpose(img)
        img.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError("无法读取图片:文件已损坏或不是图片") from exc
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float64)
        top = arr.max() or 1
        img = Image.fromarray((arr * (255 / top)).astype(np.uint8))
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        bg = Image.new("RGB", rgba.size, (255, 255, 255))
        bg.paste(rgba, mask=rgba.getchannel("A"))
        return bg
    return img.convert("RGB") if img.mode != "RGB" else img


def paper_surface(gray: Image.Image) -> np.ndarray | None:
    """The paper's brightness at every pixel, modelled as a smooth (quadratic)
    surface fitted to the brightest pixel of each 16×16 block, leaving out blocks
    much darker than the paper — so a photo on an ID copy, a black box or the desk
    around an uncropped page keeps its own darkness, where a local maximum filter
    would wash any dark area wider than its window out to white. None for an
    image too small to model."""
    small = np.asarray(gray.reduce(4), dtype=np.float32)  # 4×4 means: noise averaged
    bh, bw = small.shape[0] // 4, small.shape[1] // 4
    if bh < 3 or bw < 3:
        return None
    blocks = small[:bh * 4, :bw * 4].reshape(bh, 4, bw, 4).max(axis=(1, 3))
    level = float(np.percentile(blocks, 90))
    yy, xx = np.mgrid[0:bh, 0:bw]
    x, y = (xx + 0.5) / bw * 2 - 1, (yy + 0.5) / bh * 2 - 1
    terms = np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=-1)
    keep = blocks > 0.75 * level
    coef = np.array([level, 0, 0, 0, 0, 0], dtype=np.float64)
    for _ in range(2):  # refit without the blocks that sit well under the surface
        if keep.sum() < 12:
            break
        coef, *_ = np.linalg.lstsq(terms[keep], blocks[keep], rcond=None)
        keep &= blocks > (terms @ coef) * 0.92
    h, w = gray.height, gray.width
    fx = ((np.arange(w, dtype=np.float32) + 0.5) / w * 2 - 1)[None, :]
    fy = ((np.arange(h, dtype=np.float32) + 0.5) / h * 2 - 1)[:, None]
    c = coef.astype(np.float32)
    surface = c[0] + c[1] * fx + c[2] * fy + c[3] * fx * fx + c[4] * fx * fy + c[5] * fy * fy
    return np.maximum(surface, 1.0)


def clean_background(gray: Image.Image) -> Image.Image:
    """Evens out the lighting (``paper_surface``) and maps paper to white and ink
    to black; grey stays grey."""
    surface = paper_surface(gray)
    if surface is None:
        return ImageOps.autocontrast(gray, cutoff=1)
    ratio = np.asarray(gray, dtype=np.float32) / surface
    lo, hi = 0.25, 0.88
    out = np.clip((ratio - lo) / (hi - lo), 0.0, 1.0) * 255
    return Image.fromarray(np.rint(out).astype(np.uint8), "L")


def even_lighting(rgb: Image.Image) -> Image.Image:
    """A colour page with its lighting evened out: every channel divided by the
    paper surface, paper brought to about 250. Colours and dark areas are kept."""
    surface = paper_surface(rgb.convert("L"))
    if surface is None:
        return rgb
    out = np.asarray(rgb, dtype=np.float32) * (250.0 / surface)[..., None]
    return Image.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8), "RGB")


def encode_to_budget(img: Image.Image, opts: PageOptions, dpi: int) -> tuple[bytes, int]:
    """The JPEG at the highest quality in [min_quality, max_quality] that fits the
    budget (binary search); ``min_quality`` even when that does not fit."""
    budget = opts.max_kb * 1024

    def enc(q: int) -> bytes:
        out = io.BytesIO()
        img.save(out, "JPEG", quality=q, optimize=True, dpi=(dpi, dpi))
        return out.getvalue()

    lo, hi = opts.min_quality, opts.max_quality
    top = enc(hi)
    if len(top) <= budget:
        return top, hi
    best = enc(lo)
    if len(best) > budget:
        logger.warning("page does not fit %d KB even at quality %d", budget // 1024, lo)
        return best, lo
    while hi - lo > 1:
        mid = (lo + hi) // 2
        data = enc(mid)
        if len(data) <= budget:
            lo, best = mid, data
        else:
            hi = mid
    return best, lo


def _rotated_jpeg(data: bytes, rotation: int, quality: int) -> bytes:
    img = Image.open(io.BytesIO(data))
    dpi = img.info.get("dpi", (200, 200))
    turn = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
            270: Image.Transpose.ROTATE_90}[rotation]  # clockwise quarter turns
    out = io.BytesIO()
    img.transpose(turn).save(out, "JPEG", quality=quality, optimize=True,
                             dpi=tuple(round(v) for v in dpi))
    return out.getvalue()


def _border_colour(img: Image.Image) -> tuple[int, int, int]:
    """The median colour of the outermost pixels: what a rotation fills with."""
    small = img.convert("RGB").resize((64, 64), Image.Resampling.BOX)
    a = np.asarray(small)
    ring = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    return tuple(int(v) for v in np.median(ring, axis=0))  # type: ignore[return-value]


def _luma(rgb: tuple[int, int, int]) -> int:
    return round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2])
