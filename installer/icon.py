"""The application icon, drawn at build time with Pillow (no binary in the repository):
a blue rounded square with 窗 in the bundled WenQuanYi Micro Hei. Writes a 256 px PNG
(Linux: hicolor theme) and a multi-size ICO (Windows: the exe and the setup).

    python installer/icon.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
BLUE = (21, 94, 170, 255)


def draw(size: int = 256):
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pad = size // 16
    d.rounded_rectangle((pad, pad, size - pad, size - pad), radius=size // 6, fill=BLUE)
    font = ImageFont.truetype(str(FONT), int(size * 0.62), index=0)
    d.text((size / 2, size / 2), "窗", font=font, fill="white", anchor="mm")
    return img


def make_icons(out_dir: Path) -> tuple[Path, Path]:
    """(png, ico) in ``out_dir``; redrawn only when missing."""
    out_dir.mkdir(parents=True, exist_ok=True)
    png, ico = out_dir / "window-client.png", out_dir / "window-client.ico"
    if not (png.exists() and ico.exists()):
        img = draw(256)
        img.save(png, optimize=True)
        img.save(ico, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    return png, ico


if __name__ == "__main__":
    for p in make_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icon")):
        print(p)
