"""A short video of a document camera's view, made with Debian's ffmpeg, for the
camera tests and the screenshots: the empty (dark) table, a sheet with large text
sliding in, then the sheet lying still. Never shipped.

    make_camera_video(path)  →  path (an MJPEG .avi: what UVC cameras send)
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from window_client.resources import resource


@dataclass(frozen=True)
class CameraVideo:
    path: Path
    size: tuple[int, int]
    fps: int
    empty_s: float        # the empty table until here
    still_from_s: float   # the sheet lies still from here to the end
    seconds: float
    page_box: tuple[int, int, int, int]   # where the still sheet lies (x, y, w, h)


def sheet(size: tuple[int, int], title: str = "结婚证") -> Image.Image:
    """A white page with a large title and a few lines of text."""
    w, h = size
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    font_path = str(resource("fonts", "wqy-microhei.ttc"))
    big = ImageFont.truetype(font_path, max(12, h // 7))
    small = ImageFont.truetype(font_path, max(8, h // 22))
    draw.text((w // 2, h // 8), title, font=big, fill="#b01010", anchor="mt")
    for n, line in enumerate(("持证人 张小明", "登记机关 章贡区民政局",
                              "登记日期 2026.05.20", "字号 J360702-0123")):
        draw.text((w // 10, h * 4 // 10 + n * h // 9), line, font=small, fill="black")
    return img


def make_camera_video(path: Path, *, size: tuple[int, int] = (320, 240), fps: int = 10,
                      empty_s: float = 0.5, slide_s: float = 1.2, still_s: float = 1.8,
                      title: str = "结婚证") -> CameraVideo:
    """Writes the video (see the module docstring) and says what is where when."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is missing (tools/setup.sh installs it)")
    path = Path(path)
    w, h = size
    page_h = h * 9 // 10
    page_w = page_h * 210 // 297
    x_end, y = (w - page_w) // 2, (h - page_h) // 2
    page_png = path.with_suffix(".sheet.png")
    sheet((page_w, page_h), title).save(page_png)
    seconds = empty_s + slide_s + still_s
    still_from = empty_s + slide_s
    # before empty_s the sheet is off the left edge; then it slides in at constant speed
    x = (f"if(lt(t,{empty_s}),-{page_w + 10},"
         f"if(lt(t,{still_from}),-{page_w + 10}+(t-{empty_s})*{(x_end + page_w + 10) / slide_s:.3f},"
         f"{x_end}))")
    subprocess.run([ffmpeg, "-v", "error", "-y",
                    "-f", "lavfi", "-i", f"color=c=0x2a2a2a:s={w}x{h}:r={fps}:d={seconds}",
                    "-loop", "1", "-framerate", str(fps), "-i", str(page_png),
                    "-filter_complex",
                    f"[0][1]overlay=x='{x}':y={y}:shortest=1,format=yuvj420p",
                    "-c:v", "mjpeg", "-q:v", "3", "-r", str(fps), str(path)],
                   check=True, capture_output=True)
    page_png.unlink()
    return CameraVideo(path, size, fps, empty_s, still_from, seconds, (x_end, y, page_w, page_h))
