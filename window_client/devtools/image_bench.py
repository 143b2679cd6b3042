"""Imaging benchmark, each row beside a baseline measured in the same run on the
same bytes: a generated 12-megapixel camera photo of an A4 form (3000×4000
upright, stored 4000×3000 with EXIF orientation 6, tilted 3.5° on a dark desk,
uneven light, noise) to its stored page, beside Pillow's plain decode and save of
the same photo (``Image.open`` + ``save("JPEG")`` at the default quality); then
the output sizes side by side. ``python -m window_client.devtools.image_bench``."""

from __future__ import annotations

import io
import statistics
import time
from functools import lru_cache
from typing import TypeVar
from collections.abc import Callable

from PIL import Image

from window_client.imaging.pipeline import PageOptions, process_page

from .image_samples import document_page, photograph

T = TypeVar("T")


def _median_ms(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Median wall time of ``fn`` over ``repeat`` calls after a warm-up, and what
    the warm-up returned."""
    result = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


@lru_cache(maxsize=1)
def sample_photo() -> bytes:
    """The benchmark's 12 MP camera JPEG (deterministic)."""
    return photograph(document_page(seed=7), angle=3.5, orientation=6,
                      frame=(3000, 4000), seed=7)


def plain_save(data: bytes) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, "JPEG")
    return out.getvalue()


def run(repeat: int = 3) -> list[tuple[str, float, str, float]]:
    """Rows (name, ours, baseline name, baseline): times in ms (median of
    ``repeat``), sizes in KB."""
    photo = sample_photo()
    plain_ms, plain = _median_ms(lambda: plain_save(photo), repeat)
    text_ms, text = _median_ms(lambda: process_page(photo), repeat)
    colour_ms, colour = _median_ms(lambda: process_page(photo, PageOptions.colour()), repeat)
    plain_kb = len(plain) / 1024
    base = "Pillow open + save JPEG"
    return [
        ("12 MP photo → text page, gray (ms)", text_ms, f"{base} (ms)", plain_ms),
        ("12 MP photo → colour page (ms)", colour_ms, f"{base} (ms)", plain_ms),
        (f"text page {text.width}×{text.height} q{text.quality} (KB)", text.size / 1024,
         f"{base} 4000×3000 q75 (KB)", plain_kb),
        (f"colour page {colour.width}×{colour.height} q{colour.quality} (KB)",
         colour.size / 1024, f"{base} 4000×3000 q75 (KB)", plain_kb),
    ]


def main() -> None:
    rows = run()
    width = max(len(r[0]) for r in rows)
    bwidth = max(len(r[2]) for r in rows)
    for name, ours, base_name, base in rows:
        print(f"{name:<{width}}  {ours:9.1f}   {base_name:<{bwidth}} {base:9.1f}"
              f"   ×{ours / base:.2f}")


if __name__ == "__main__":
    main()
