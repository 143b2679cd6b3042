"""The page pipeline on real bytes: generated A4 forms (Chinese and Latin text,
numbers, a ruled table, a red seal), scanned or photographed (tilted on a dark
desk, EXIF orientation, noise), measured with tools that do not share the
pipeline's own estimators."""

import io

import numpy as np
import pytest
from PIL import Image, ImageFilter

from window_client.devtools import image_samples as samples
from window_client.imaging.pipeline import (ImageError, PageOptions, estimate_skew,
                                            process_page)

from .measure import border_brightness, decode, likeness, tilt
from .ssim import ssim

KB = 1024
SSIM_MIN = 0.94  # content windows; a quality-5 JPEG of the page scores ~0.90


def reference(original: Image.Image, out: Image.Image) -> Image.Image:
    """The original downscaled the same way: grayscale, to the output's size."""
    return original.convert("L").resize(out.size, Image.Resampling.LANCZOS)


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return decode(buf.getvalue())


@pytest.fixture(scope="module")
def photos(a4_page):
    """(angle, EXIF orientation) -> camera JPEG bytes, 2 MP to keep the run short."""
    cases = [(4.5, 6), (-3.0, 8), (6.0, 1), (-5.0, 3)]
    return {c: samples.photograph(a4_page, angle=c[0], orientation=c[1],
                                  frame=(1200, 1600), seed=i)
            for i, c in enumerate(cases)}


@pytest.fixture(scope="module")
def big_photo():
    """The benchmark's 12 MP camera JPEG (EXIF 6, 3.5° on a desk), made once a run."""
    from window_client.devtools.image_bench import sample_photo
    return sample_photo()


@pytest.fixture(scope="module")
def processed_photos(photos):
    return {c: process_page(data) for c, data in photos.items()}


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied(a4_page, orientation):
    data = samples.camera_jpeg(a4_page, orientation)
    stored = Image.open(io.BytesIO(data))
    assert stored.size == ((2339, 1654) if orientation in (6, 8) else (1654, 2339))
    page = process_page(data, PageOptions(crop=False, deskew=False))
    out = decode(page.data)
    assert out.height > out.width
    # exactly the upright original, not a turned one
    assert ssim(out, reference(a4_page, out)) >= SSIM_MIN


@pytest.mark.parametrize("case", [(4.5, 6), (-3.0, 8), (6.0, 1), (-5.0, 3)])
def test_photo_comes_out_upright_cropped_and_level(a4_page, photos, processed_photos, case):
    angle, _ = case
    page = processed_photos[case]
    out = decode(page.data)
    # orientation: portrait, and like the upright original, not the turned-over one
    assert out.height > out.width
    upright = likeness(out, a4_page)
    assert upright > 0.6
    assert upright > likeness(out, a4_page.rotate(180)) + 0.3
    # deskew: the estimate is the tilt applied, and the output is level
    assert page.skew == pytest.approx(angle, abs=0.5)
    assert abs(tilt(out)) <= 1.0
    # crop: A4 proportions (the frame was 3:4) and no dark desk on any side
    assert page.cropped
    assert out.height / out.width == pytest.approx(297 / 210, abs=0.03)
    assert min(border_brightness(out)) > 200


def test_without_deskew_the_tilt_is_still_there(photos):
    """The tilt measure used above does see a tilt when there is one."""
    page = process_page(photos[(4.5, 6)], PageOptions(deskew=False))
    assert tilt(decode(page.data)) == pytest.approx(4.5, abs=1.0)


def test_uncropped_photo_keeps_the_desk(photos):
    page = process_page(photos[(6.0, 1)], PageOptions(crop=False))  # background cleaned
    out = decode(page.data)
    assert not page.cropped
    assert out.height / out.width == pytest.approx(4 / 3, abs=0.12)
    assert min(border_brightness(out)) < 100


@pytest.mark.parametrize("angle", [-8.0, -2.0, 0.0, 3.3, 9.0])
def test_skew_estimate(a4_page, angle):
    small = a4_page.convert("L").resize((707, 1000))
    tilted = small.rotate(angle, Image.Resampling.BICUBIC, expand=True, fillcolor=244)
    assert estimate_skew(tilted) == pytest.approx(angle, abs=0.3)


def test_a_scan_is_neither_cropped_nor_rotated(scans):
    page = process_page(scans["clean"])
    assert (page.width, page.height) == (1414, 2000)
    assert not page.cropped and page.skew == 0.0
    assert page.mode == "L" and page.dpi == 171


@pytest.mark.parametrize("kind", ["clean PNG", "noisy PNG", "JPEG", "colour", "photo",
                                  "photo colour"])
def test_a4_page_size_is_between_100_and_250_kb(scans, big_photo, kind):
    src = {"clean PNG": scans["clean"], "noisy PNG": scans["noisy"], "JPEG": scans["jpeg"],
           "colour": scans["clean"], "photo": big_photo, "photo colour": big_photo}[kind]
    opts = PageOptions.colour() if "colour" in kind else PageOptions.text()
    page = process_page(src, opts)
    assert 100 * KB <= page.size <= 250 * KB
    assert 1754 <= max(page.width, page.height) <= 2339
    assert page.size == len(page.data)
    assert decode(page.data).info["dpi"][0] == pytest.approx(page.dpi, abs=1)


@pytest.fixture(scope="module")
def over_compressed(a4_page):
    """SSIM of a quality-5 JPEG of the reference (A4 at 2000 px) against it."""
    ref = a4_page.convert("L").resize((1414, 2000), Image.Resampling.LANCZOS)
    return ssim(jpeg(ref, 5), ref)


@pytest.mark.parametrize("kind", ["clean", "noisy", "colour"])
def test_legibility_ssim(a4_page, scans, over_compressed, kind):
    opts = PageOptions.colour() if kind == "colour" else PageOptions.text()
    page = process_page(scans["noisy" if kind == "noisy" else "clean"], opts)
    out = decode(page.data)
    ref = reference(a4_page, out)
    ours = ssim(out, ref)
    assert ours >= SSIM_MIN
    assert over_compressed < SSIM_MIN
    assert over_compressed <= ours - 0.04
    # our own output, squeezed further, fails too
    assert ssim(jpeg(out, 5), ref) < SSIM_MIN


def test_the_ssim_threshold_fails_real_degradation(a4_page):
    ref = a4_page.convert("L").resize((1414, 2000), Image.Resampling.LANCZOS)
    blurred = ref.filter(ImageFilter.GaussianBlur(1.5))
    too_small = ref.resize((707, 1000), Image.Resampling.BILINEAR).resize(ref.size)
    assert ssim(ref, ref) == pytest.approx(1.0)
    for degraded in (blurred, too_small, jpeg(ref, 10)):
        assert ssim(degraded, ref) < SSIM_MIN


def test_colour_is_kept_for_seals(scans):
    page = process_page(scans["clean"], PageOptions.colour())
    out = decode(page.data)
    assert out.mode == "RGB"
    a = np.asarray(out, dtype=np.int16)
    red = (a[..., 0] > 150) & (a[..., 1] < 90) & (a[..., 2] < 90)
    assert red.sum() > 2000  # the seal is still red
    gray = decode(process_page(scans["clean"]).data)
    assert gray.mode == "L"


def test_quality_follows_the_budget(scans):
    src = scans["clean"]
    roomy = process_page(src, PageOptions(max_kb=400))
    tight = process_page(src, PageOptions(max_kb=225))
    assert tight.size <= 225 * KB < roomy.size <= 400 * KB
    assert tight.quality < roomy.quality


def test_small_and_sparse_pages(a4_page):
    # a page smaller than the target is never scaled up
    small = process_page(samples.scan(a4_page.resize((800, 1131))))
    assert (small.width, small.height) == (800, 1131)
    # a nearly blank page stays at the top quality, far under budget
    blank = process_page(samples.scan(Image.new("RGB", (1654, 2339), samples.PAPER)))
    assert blank.quality == PageOptions().max_quality and blank.size < 100 * KB


def test_other_inputs(a4_page, tmp_path):
    rgba = a4_page.convert("RGBA").resize((827, 1170))
    path = tmp_path / "page.png"
    rgba.save(path)
    assert process_page(path).mode == "L"
    sixteen = Image.fromarray(np.asarray(a4_page.convert("L").resize((827, 1170)),
                                          dtype=np.uint16) * 257)
    buf = io.BytesIO()
    sixteen.save(buf, "PNG")
    out = decode(process_page(buf.getvalue(), PageOptions(crop=False)).data)
    assert np.asarray(out).mean() > 150  # brought to 8 bits, not clipped to white/black


def test_unreadable_input_says_so_in_chinese(tmp_path):
    bad = tmp_path / "scan.jpg"
    bad.write_bytes(b"not an image at all")
    with pytest.raises(ImageError, match="无法读取图片"):
        process_page(bad)
    with pytest.raises(ImageError):
        process_page(b"\xff\xd8\xff\xe0 truncated")


def test_lighting_is_evened_out_in_colour_too(big_photo):
    """The desk photo is lit 18 % less on one side; the stored page is not."""
    out = np.asarray(decode(process_page(big_photo, PageOptions.colour()).data).convert("L"),
                     dtype=np.float64)
    w = out.shape[1]
    left, right = (np.percentile(out[:, a:b], 90) for a, b in ((0, w // 5), (-w // 5, w)))
    assert abs(left - right) < 0.04 * max(left, right)


def test_a_large_dark_area_stays_dark(a4_page):
    """A photo on an ID copy or a black box is not taken for uneven paper."""
    page = a4_page.copy()
    page.paste((60, 60, 60), (200, 1500, 700, 2100))  # 500×600 px, ~2.5×3 in
    out = decode(process_page(samples.scan(page)).data)
    s = out.width / page.width
    box = np.asarray(out)[round(1550 * s):round(2050 * s), round(250 * s):round(650 * s)]
    assert box.mean() < 110
