"""Synthetic document pages for the benchmark and the tests: an A4 form at 200 dpi
with Chinese and Latin text, numbers, a ruled table and a red seal, and a
"photographed" version of it — rotated by a few degrees, lying on a dark desk,
unevenly lit, with sensor noise, saved as a camera JPEG with an EXIF orientation
tag. Nothing here is personal data: the text is drawn from a fixed vocabulary."""

from __future__ import annotations

import io
import random
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from window_client.resources import resource

FONT_PATH = resource("fonts", "wqy-microhei.ttc")
A4_200DPI = (1654, 2339)
PAPER = (246, 244, 238)
DESK = (52, 46, 40)

_WORDS = ("申请人 经办人 统一社会信用代码 营业执照 身份证明 出生医学证明 户口簿 不动产 "
          "登记 审核 受理 材料 复印件 原件 一件事 一次办 综合窗口 承诺 办理 期限 工作日 "
          "赣州市 章贡区 政务服务中心 联系电话 地址 邮政编码 备注 签字 盖章 日期 年 月 日 "
          "No. ID 2026 A4 GB/T 11643 0797 341000 100% OK").split()

_TRANSPOSE_FOR_TAG = {  # what the camera stored, given the upright picture
    1: None,
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,   # viewer turns it 90° clockwise
    8: Image.Transpose.ROTATE_270,  # viewer turns it 90° counter-clockwise
}


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size, index=0)


def _sentence(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_WORDS) + ("," if rng.random() < 0.15 else "")
                   for _ in range(n))


def document_page(seed: int = 0, size: tuple[int, int] = A4_200DPI,
                  seal: bool = True) -> Image.Image:
    """An upright RGB A4 page (200 dpi by default): title, paragraphs, a ruled
    table with numbers, a red seal. Deterministic for a given seed."""
    rng = random.Random(seed)
    w, h = size
    s = w / A4_200DPI[0]
    img = Image.new("RGB", size, PAPER)
    d = ImageDraw.Draw(img)
    margin = int(150 * s)
    y = int(140 * s)
    d.text((w // 2, y), "“一件事一次办”申请表", font=_font(int(64 * s)), fill=(15, 15, 15),
           anchor="mt")
    y += int(130 * s)
    body = _font(int(34 * s))
    line_h = int(52 * s)
    for _ in range(12):
        text = _sentence(rng, 12)
        while body.getlength(text) > w - 2 * margin:
            text = text[:-1]
        d.text((margin, y), text, font=body, fill=(20, 20, 22))
        y += line_h
    y += int(30 * s)
    # a ruled table: 8 rows x 4 columns, numbers and short words in the cells
    rows, cols = 9, 4
    row_h = int(70 * s)
    x0, x1 = margin, w - margin
    col_x = [x0 + (x1 - x0) * c // cols for c in range(cols + 1)]
    for r in range(rows + 1):
        d.line((x0, y + r * row_h, x1, y + r * row_h), fill=(10, 10, 10),
               width=max(2, int(3 * s)))
    for x in col_x:
        d.line((x, y, x, y + rows * row_h), fill=(10, 10, 10), width=max(2, int(3 * s)))
    small = _font(int(30 * s))
    heads = ("序号", "材料名称", "份数", "编号")
    for r in range(rows):
        for c in range(cols):
            if r == 0:
                cell = heads[c]
            elif c == 0:
                cell = str(r)
            elif c == 1:
                cell = rng.choice(_WORDS) + rng.choice(_WORDS)
            elif c == 2:
                cell = str(rng.randint(1, 3))
            else:
                cell = f"{rng.randint(10**7, 10**8 - 1)}-{rng.randint(0, 99):02d}"
            d.text((col_x[c] + int(16 * s), y + r * row_h + row_h // 2), cell,
                   font=small, fill=(20, 20, 22), anchor="lm")
    y += rows * row_h + int(50 * s)
    while y < h - int(260 * s):
        text = _sentence(rng, 12)
        while body.getlength(text) > w - 2 * margin:
            text = text[:-1]
        d.text((margin, y), text, font=body, fill=(20, 20, 22))
        y += line_h
    if seal:
        cx, cy, rad = w - margin - int(170 * s), h - int(330 * s), int(150 * s)
        d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), outline=(200, 30, 35),
                  width=int(8 * s))
        d.text((cx, cy), "受理专用章", font=_font(int(40 * s)), fill=(200, 30, 35),
               anchor="mm")
    d.text((margin, h - int(120 * s)), "第 1 页 共 1 页  Page 1/1", font=small,
           fill=(40, 40, 40))
    return img


def photograph(page: Image.Image, *, angle: float = 4.0, orientation: int = 6,
               frame: tuple[int, int] = (3000, 4000), fill: float = 0.86,
               noise: float = 6.0, seed: int = 0, quality: int = 92) -> bytes:
    """``page`` as a phone or document camera would store it: rotated by
    ``angle`` degrees (counter-clockwise) on a dark desk filling ``fill`` of the
    upright ``frame`` (w, h), lit more on one side, with Gaussian noise, then
    stored turned for EXIF ``orientation`` (1, 3, 6, 8) with that tag set."""
    rng = np.random.default_rng(seed)
    fw, fh = frame
    scale = fill * min(fw / page.width, fh / page.height)
    p = page.resize((round(page.width * scale), round(page.height * scale)),
                    Image.Resampling.BILINEAR)
    alpha = Image.new("L", p.size, 255)
    p = p.rotate(angle, Image.Resampling.BICUBIC, expand=True)
    alpha = alpha.rotate(angle, Image.Resampling.BICUBIC, expand=True)
    scene = Image.new("RGB", frame, DESK)
    scene.paste(p, ((fw - p.width) // 2, (fh - p.height) // 2), alpha)
    arr = np.asarray(scene, dtype=np.float32)
    light = np.linspace(1.0, 0.82, fw, dtype=np.float32)[None, :, None]
    arr *= light
    arr += rng.standard_normal(arr.shape, dtype=np.float32) * noise
    scene = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return camera_jpeg(scene, orientation, quality=quality)


def camera_jpeg(upright: Image.Image, orientation: int, quality: int = 92) -> bytes:
    """The bytes a camera would write for ``upright`` with EXIF ``orientation``."""
    op = _TRANSPOSE_FOR_TAG[orientation]
    stored = upright.transpose(op) if op is not None else upright
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SampleCam"
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def scan(page: Image.Image, *, noise: float = 0.0, seed: int = 0,
         fmt: str = "PNG") -> bytes:
    """``page`` as a flatbed would deliver it: upright, no border, optional noise."""
    if noise:
        arr = np.asarray(page, dtype=np.float32)
        arr += np.random.default_rng(seed).standard_normal(arr.shape,
                                                            dtype=np.float32) * noise
        page = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    page.save(out, fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    return out.getvalue()
