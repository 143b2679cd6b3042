"""Structural similarity (Wang et al. 2004) on grayscale, numpy only: local means,
variances and covariance under an 11×11 Gaussian window (σ = 1.5, separable),
K1 = 0.01, K2 = 0.03 for 8-bit images.

On a text page most windows are blank paper, which any codec keeps; averaged over
them, even a quality-5 JPEG scores 0.93. So by default the mean is taken over the
windows where the reference has ink (local standard deviation above 8 levels) —
the strokes that legibility depends on."""

from __future__ import annotations

import numpy as np
from PIL import Image

SIGMA, RADIUS = 1.5, 5
_K = np.exp(-0.5 * (np.arange(-RADIUS, RADIUS + 1) / SIGMA) ** 2)
_K = (_K / _K.sum()).astype(np.float32)


def _blur(a: np.ndarray) -> np.ndarray:
    n0, n1 = a.shape
    span = 2 * RADIUS + 1
    t = sum(_K[i] * a[i:n0 - span + 1 + i, :] for i in range(span))
    return sum(_K[i] * t[:, i:n1 - span + 1 + i] for i in range(span))


def _gray(img: Image.Image | np.ndarray) -> np.ndarray:
    if isinstance(img, Image.Image):
        img = img.convert("L")
    return np.asarray(img, dtype=np.float32)


def ssim(test: Image.Image | np.ndarray, reference: Image.Image | np.ndarray, *,
         content_only: bool = True) -> float:
    """Mean SSIM of ``test`` against ``reference`` (same size)."""
    x, y = _gray(test), _gray(reference)
    assert x.shape == y.shape, (x.shape, y.shape)
    mx, my = _blur(x), _blur(y)
    vx = _blur(x * x) - mx * mx
    vy = _blur(y * y) - my * my
    cxy = _blur(x * y) - mx * my
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    smap = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    if content_only:
        smap = smap[vy > 64]
    return float(smap.mean(dtype=np.float64))
