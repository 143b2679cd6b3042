"""The citizen's signature (core/signature.py) drawn as a PNG for the printed
papers: cropped to the ink, scaled to a given height, anti-aliased strokes with
round joins and ends on a transparent background. Pillow only, no Qt; the same
strokes always give the same bytes."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

from window_client.core.signature import Signature

SUPERSAMPLE = 3          # drawn this many times larger, then scaled down (anti-aliasing)
MAX_ASPECT = 6.0         # the widest output, in output heights
PEN_SHARE = 0.03         # the pen's width, as a share of the output height
MARGIN_SHARE = 0.03      # the space around the ink (besides half the pen), likewise


def render_png(sig: Signature, *, height_px: int = 160,
               ink: tuple[int, int, int] = (0, 0, 0)) -> bytes:
    """``sig`` as a PNG (RGBA) ``height_px`` tall, as wide as the ink's aspect
    asks (at most 6 heights). Raises ValueError when there is no ink to draw."""
    bounds = sig.bounds()
    if bounds is None:
        raise ValueError("the signature has no ink to draw")
    if height_px < 8:
        raise ValueError(f"height_px too small: {height_px}")
    left, top, right, bottom = bounds
    ink_w, ink_h = max(right - left, 1e-6), max(bottom - top, 1e-6)

    pen = max(1.0, height_px * PEN_SHARE)
    margin = pen / 2 + height_px * MARGIN_SHARE
    max_width = int(height_px * MAX_ASPECT)
    scale = (height_px - 2 * margin) / ink_h
    if ink_w * scale + 2 * margin > max_width:
        scale = (max_width - 2 * margin) / ink_w
    width_px = min(max_width, max(1, math.ceil(ink_w * scale + 2 * margin)))
    # centred in the output (a wide, flat signature leaves room above and below)
    off_x = (width_px - ink_w * scale) / 2
    off_y = (height_px - ink_h * scale) / 2

    k = SUPERSAMPLE
    mask = Image.new("L", (width_px * k, height_px * k), 0)
    draw = ImageDraw.Draw(mask)
    line_w = max(1, round(pen * k))
    r = line_w / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return ((x - left) * scale + off_x) * k, ((y - top) * scale + off_y) * k

    for stroke in sig.strokes:
        pts = [at(x, y) for x, y, _t in stroke]
        if len(pts) > 1:
            draw.line(pts, fill=255, width=line_w)
        for x, y in pts:       # round joins and ends; a single point is a dot
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)

    alpha = mask.resize((width_px, height_px), Image.Resampling.LANCZOS)
    out = Image.new("RGBA", (width_px, height_px), (*ink, 0))
    out.putalpha(alpha)
    buf = io.BytesIO()
    out.save(buf, format="PNG", compress_level=9)
    return buf.getvalue()


__all__ = ["render_png"]
