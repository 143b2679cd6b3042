"""Geometry of a page in an image, on an 8-bit grayscale analysis copy: Otsu's
threshold, the skew of text lines (projection-profile search) and the box of
bright paper on a darker background. numpy only."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image


def otsu(gray: np.ndarray) -> int:
    """Otsu's threshold of an 8-bit array."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    p = hist / hist.sum()
    omega = np.cumsum(p)
    mu = np.cumsum(p * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = (mu[-1] * omega - mu) ** 2 / (omega * (1 - omega))
    sigma = np.nan_to_num(sigma, nan=-1.0, posinf=-1.0)
    return int(np.argmax(sigma)) if sigma.max() > 0 else int(mu[-1])  # one level: its mean


def estimate_skew(gray: Image.Image, max_angle: float = 10.0) -> float:
    """The angle (degrees, counter-clockwise positive, as ``Image.rotate``) by
    which the lines of ``gray`` are tilted: the angle whose horizontal projection
    of dark pixels is sharpest (sum of squared row-to-row differences), searched
    in 0.5° steps over ±``max_angle`` and refined in 0.05° steps."""
    a = np.asarray(gray, dtype=np.uint8)
    ys, xs = np.nonzero(a < otsu(a))
    if len(ys) < 50:
        return 0.0
    if len(ys) > 200_000:  # a fixed subsample: deterministic and fast enough
        keep = np.random.default_rng(0).choice(len(ys), 200_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    xs = xs.astype(np.float64) - a.shape[1] / 2
    ys = ys.astype(np.float64) - a.shape[0] / 2
    offset = math.hypot(*a.shape) / 2 + 2

    def score(angle: float) -> float:
        t = math.radians(angle)
        rows = np.rint(xs * math.sin(t) + ys * math.cos(t) + offset).astype(np.int64)
        hist = np.bincount(rows).astype(np.float64)
        return float(np.sum(np.diff(hist) ** 2))

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    return float(round(max(fine, key=score), 2))


def page_box(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """The bright paper's box (left, top, right, bottom) in a gray array whose
    page is upright, or None when there is no darker border worth cutting."""
    mask = gray > otsu(gray)

    def span(frac: np.ndarray) -> tuple[int, int]:
        # the longest run of bright rows (columns); gaps of up to 3 % (a ruled
        # line across the page, a heading) do not end a run
        good = np.flatnonzero(frac > 0.5 * np.percentile(frac, 95))
        if good.size == 0:
            return 0, len(frac)
        breaks = np.flatnonzero(np.diff(good) > max(2, 0.03 * len(frac)))
        starts = np.concatenate([[good[0]], good[breaks + 1]])
        ends = np.concatenate([good[breaks], [good[-1]]]) + 1
        i = int(np.argmax(ends - starts))
        return int(starts[i]), int(ends[i])

    t, b = span(mask.mean(axis=1))
    left, r = span(mask.mean(axis=0))
    h, w = gray.shape
    inside = np.zeros_like(mask)
    inside[t:b, left:r] = True
    outside = gray[~inside]
    if outside.size < 0.02 * gray.size:
        return None
    paper = float(np.median(gray[inside]))
    if float(np.median(outside)) > paper - 50:
        return None
    # half a percent inwards: the paper's edge is blurred and shadowed
    dx, dy = round(0.005 * (r - left)), round(0.005 * (b - t))
    return (left + dx, t + dy, r - dx, b - dy)


def rotated_size(size: tuple[int, int], angle: float) -> tuple[float, float]:
    t = math.radians(abs(angle))
    w, h = size
    return w * math.cos(t) + h * math.sin(t), w * math.sin(t) + h * math.cos(t)
