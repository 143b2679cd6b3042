"""Measurements the imaging tests make on output pages, independent of the
pipeline's own estimators."""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image


def decode(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def tilt(img: Image.Image) -> float:
    """How far the lines of a page are tilted (degrees, counter-clockwise
    positive like ``Image.rotate``): the vertical shift that best matches the ink
    profile of a band on the left with that of a band on the right."""
    a = 255.0 - np.asarray(img.convert("L"), dtype=np.float64)
    h, w = a.shape
    left = a[:, int(0.15 * w):int(0.35 * w)].mean(axis=1)
    right = a[:, int(0.65 * w):int(0.85 * w)].mean(axis=1)
    dx = 0.5 * w
    reach = int(dx * math.tan(math.radians(12)))
    core = slice(reach, h - reach)

    def mismatch(s: int) -> float:
        return float(np.mean((left[core] - right[reach + s:h - reach + s]) ** 2))

    shift = min(range(-reach, reach + 1), key=mismatch)
    # right band's line sits ``shift`` rows lower: turned clockwise, i.e. negative
    return -math.degrees(math.atan2(shift, dx))


def likeness(a: Image.Image, b: Image.Image, size: tuple[int, int] = (48, 68)) -> float:
    """Correlation of two pages shrunk to ``size``: near 1 for the same page the
    same way up, low for a page turned over."""
    x = np.asarray(a.convert("L").resize(size, Image.Resampling.BOX), dtype=np.float64)
    y = np.asarray(b.convert("L").resize(size, Image.Resampling.BOX), dtype=np.float64)
    return float(np.corrcoef(x.ravel(), y.ravel())[0, 1])


def border_brightness(img: Image.Image, frac: float = 0.01) -> list[float]:
    """Mean gray level of the outermost ``frac`` strip on each side (T, B, L, R)."""
    a = np.asarray(img.convert("L"), dtype=np.float64)
    h, w = a.shape
    k, m = max(1, int(frac * h)), max(1, int(frac * w))
    return [float(a[:k].mean()), float(a[-k:].mean()),
            float(a[:, :m].mean()), float(a[:, -m:].mean())]
