"""The document camera's resolutions, without Qt: what the settings and the camera
panel offer, and which of the camera's formats a stored choice picks.

A camera lists many formats (``QCameraDevice.videoFormats()``: a resolution, a
pixel format, a frame-rate range); the same resolution comes several times (MJPEG
and YUYV, 5 and 30 fps). ``resolution_choices`` gives each resolution once, the
largest first; ``pick_format`` picks, for a stored "WxH" (or "" = the largest), the
camera's format of that resolution with the highest frame rate — MJPEG at 15 fps
beats raw YUYV at 2 fps on USB 2 — and, when the camera no longer has it (another
camera plugged in), the largest it has that is not larger, else its smallest."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

_RESOLUTION = re.compile(r"^(\d{2,5})x(\d{2,5})$")


@dataclass(frozen=True, order=True)
class Resolution:
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def megapixels(self) -> float:
        return self.pixels / 1_000_000

    def __str__(self) -> str:
        return f"{self.width}x{self.height}"

    @classmethod
    def parse(cls, text: str) -> Resolution | None:
        """"2592x1944" → Resolution; "" → None (the largest); else ValueError."""
        text = text.strip()
        if not text:
            return None
        m = _RESOLUTION.match(text)
        if not m:
            raise ValueError(f"not a resolution: {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))


@dataclass(frozen=True)
class CameraFormat:
    """One of a camera's formats, as plain data (the Qt side converts QCameraFormat)."""
    resolution: Resolution
    max_fps: float = 0.0
    pixel_format: str = ""
    index: int = 0          # its position in the camera's own list


def resolution_choices(formats: Iterable[CameraFormat]) -> list[Resolution]:
    """Each resolution once, the most pixels first (ties: the wider first)."""
    seen = {f.resolution for f in formats if f.resolution.width > 0 and f.resolution.height > 0}
    return sorted(seen, key=lambda r: (r.pixels, r.width), reverse=True)


F = TypeVar("F", bound=CameraFormat)


def pick_format(formats: Sequence[F], wanted: Resolution | str | None) -> F | None:
    """The format to run the camera with for ``wanted`` (see the module docstring);
    None when the camera lists no formats."""
    usable = [f for f in formats if f.resolution.width > 0 and f.resolution.height > 0]
    if not usable:
        return None
    if isinstance(wanted, str):
        wanted = Resolution.parse(wanted)

    def best(candidates: list[F]) -> F:
        return max(candidates, key=lambda f: (f.max_fps, -f.index))

    if wanted is None:
        top = max(f.resolution.pixels for f in usable)
        return best([f for f in usable if f.resolution.pixels == top])
    exact = [f for f in usable if f.resolution == wanted]
    if exact:
        return best(exact)
    smaller = [f for f in usable if f.resolution.pixels <= wanted.pixels]
    if smaller:
        top = max(f.resolution.pixels for f in smaller)
        return best([f for f in smaller if f.resolution.pixels == top])
    low = min(f.resolution.pixels for f in usable)
    return best([f for f in usable if f.resolution.pixels == low])
