"""The citizen's signature drawn (imaging/signature.py) and printed on the
receipt's applicant line and the handover record's collector line: the PNG is
cropped, transparent and the same every time; the papers carry it on the line,
with the note under it, only when there is one."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageChops

from window_client.core.signature import Signature
from window_client.documents import render
from window_client.documents.layout import SIGNATURE_NOTE
from window_client.imaging.signature import render_png

from .conftest import handover_of

RECEIPT_LABEL = "申请人(代办人)签字"
HANDOVER_LABEL = "领取人签名"
DPI = 100
MM = DPI / 25.4   # pixels per millimetre at DPI


def _stroke(points, t0=0):
    return [(x, y, t0 + 15 * n) for n, (x, y) in enumerate(points)]


def _line(a, b, steps=8):
    return [(a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
            for i in range(steps + 1)]


def two_characters() -> Signature:
    """张三, roughly, written in a 600×200 box: 张's bow (弓) and its long strokes,
    then 三's three bars, plus a tap (a dot)."""
    strokes = [
        _line((70, 50), (140, 50)) + _line((140, 50), (135, 95)),          # 弓: top, down
        _line((80, 95), (135, 95)) + _line((80, 95), (75, 140)),           # middle, down
        _line((75, 140), (150, 140)) + _line((150, 140), (140, 180)),      # hook
        _line((200, 40), (200, 180)),                                       # 长: the post
        _line((200, 70), (260, 55)),                                        # its arm
        _line((175, 110), (270, 105)),                                      # the bar
        _line((205, 115), (275, 175)),                                      # the sweep
        _line((340, 55), (470, 60)),                                        # 三
        _line((360, 110), (450, 112)),
        _line((320, 168), (500, 165)),
        [(520, 170)],                                                       # a dot
    ]
    sig = Signature.of(600, 200, [_stroke(s, 600 * n) for n, s in enumerate(strokes)])
    assert sig.problem() is None
    return sig


# -- the PNG ---------------------------------------------------------------------

def test_png_is_cropped_transparent_inked_and_deterministic():
    sig = two_characters()
    png = render_png(sig)
    assert png == render_png(sig)
    im = Image.open(io.BytesIO(png))
    assert im.mode == "RGBA" and im.height == 160
    left, top, right, bottom = sig.bounds()
    aspect = (right - left) / (bottom - top)
    assert abs(im.width / im.height - aspect) < 0.35 and im.width <= 6 * 160
    alpha = im.getchannel("A")
    lo, hi = alpha.getextrema()
    assert lo == 0 and hi == 255
    assert all(alpha.getpixel(p) == 0 for p in
               [(0, 0), (im.width - 1, 0), (0, im.height - 1), (im.width - 1, im.height - 1)])
    a = np.asarray(alpha)
    assert 0.03 * a.size < (a > 128).sum() < 0.4 * a.size
    # anti-aliased: partly covered pixels along the edges
    assert ((a > 0) & (a < 200)).sum() > 100
    # the ink colour is kept, also under the transparent pixels
    red = Image.open(io.BytesIO(render_png(sig, height_px=80, ink=(200, 0, 0))))
    assert red.height == 80 and red.getpixel((0, 0))[:3] == (200, 0, 0)


def test_png_width_is_capped_at_six_heights():
    flat = Signature.of(1000, 100, [_stroke(_line((10, 50), (990, 50))),
                                    _stroke(_line((10, 52), (990, 54)))])
    im = Image.open(io.BytesIO(render_png(flat, height_px=50)))
    assert im.size == (300, 50)


def test_png_of_no_ink_is_refused():
    with pytest.raises(ValueError):
        render_png(Signature.of(600, 200, []))
    with pytest.raises(ValueError):   # taps only: specks, not ink
        render_png(Signature.of(600, 200, [[(10, 10, 0)], [(50, 50, 300), (51, 50, 320)]]))


# -- on the papers -----------------------------------------------------------------

def _page1(pdf: bytes, out: Path) -> tuple[Image.Image, str, str]:
    out.with_suffix(".pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(out.with_suffix(".pdf")), str(out)], check=True)
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1",
                           str(out.with_suffix(".pdf")), "-"],
                          check=True, capture_output=True, text=True).stdout
    text = subprocess.run(["pdftotext", str(out.with_suffix(".pdf")), "-"],
                          check=True, capture_output=True, text=True).stdout
    return Image.open(out.with_suffix(".png")).convert("L"), bbox, "".join(text.split())


def _label_box(bbox: str, label: str) -> tuple[float, float, float, float]:
    """The label's box on page 1, in pixels at DPI."""
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">([^<]*)</word>', bbox):
        if label[-4:] in m.group(5):
            return tuple(float(v) * DPI / 72 for v in m.groups()[:4])   # type: ignore
    raise AssertionError(f"{label} not found")


def _dark_in(page: Image.Image, box: tuple[float, float, float, float]) -> int:
    crop = np.asarray(page.crop(tuple(int(v) for v in box)))
    return int((crop < 128).sum())


def _signature_area(page, bbox, label, line_mm):
    """Right of the label, above its line: where the signature is drawn."""
    x0, y0, x1, y1 = _label_box(bbox, label)
    return (x1 + 1, y0 - 5 * MM, x1 + line_mm * MM, y1 - 0.3 * MM)


def _diff_box(a: Image.Image, b: Image.Image):
    return ImageChops.difference(a, b).point(lambda v: 255 if v > 60 else 0).getbbox()


@pytest.mark.parametrize("kind", ["receipt", "handover"])
def test_signature_printed_on_the_line_only_when_signed(doc_cases, tmp_path, kind):
    png = render_png(two_characters())
    case = doc_cases["short"]
    if kind == "receipt":
        plain, signed = case, replace(case, signature_png=png)
        label, line_mm = RECEIPT_LABEL, 40
    else:
        plain = handover_of(case)
        assert plain.method == "window"
        signed = replace(plain, collector_signature_png=png)
        label, line_mm = HANDOVER_LABEL, 55
    page0, bbox0, text0 = _page1(render(kind, plain), tmp_path / "plain")
    page1, bbox1, text1 = _page1(render(kind, signed), tmp_path / "signed")
    if kind == "receipt":
        page1.save("/tmp/signed_receipt.png")

    assert label in text0 and label in text1
    assert "".join(SIGNATURE_NOTE.split()) in text1 and SIGNATURE_NOTE not in text0
    assert _dark_in(page0, _signature_area(page0, bbox0, label, line_mm)) == 0
    assert _dark_in(page1, _signature_area(page1, bbox1, label, line_mm)) > 150
    # what changed is at the signature line: nothing above it moved
    diff = _diff_box(page0, page1)
    assert diff is not None
    _x0, y0, _x1, y1 = _label_box(bbox1, label)
    assert diff[1] > y0 - 16 * MM
    if kind == "receipt":   # the signature lines end the receipt: nothing below moves
        assert diff[3] < y1 + 12 * MM


def test_posted_handover_has_no_collector_line_to_sign(doc_cases):
    post = replace(handover_of(doc_cases["short"]), method="post", tracking_no="1180623456789")
    assert render("handover", replace(post, collector_signature_png=render_png(
        two_characters()))) == render("handover", post)
