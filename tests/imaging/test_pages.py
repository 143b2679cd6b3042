"""Pages of one material: order, quarter turns, delete, rescan, thumbnails, the
one PDF (pypdfium2 reads it back) and the stored file's SHA-256 — the digest the
case repository records when it attaches the file."""

import hashlib
import io

import pypdfium2 as pdfium
import pytest
from PIL import Image

from window_client.devtools import image_samples as samples
from window_client.imaging.pages import MaterialPages, PageNotFound
from window_client.imaging.pipeline import process_page

from .measure import decode, likeness
from .ssim import ssim

A4_PT = (595.28, 841.89)


@pytest.fixture(scope="module")
def processed(a4_pages):
    """Three different pages, processed once (PNG scans at 200 dpi)."""
    return [process_page(samples.scan(p)) for p in a4_pages]


@pytest.fixture
def material(processed):
    m = MaterialPages()
    for i, p in enumerate(processed):
        m.add_processed(p, name=f"scan{i + 1}.png")
    return m


def shas(m: MaterialPages) -> list[str]:
    return [p.base.sha256 for p in m.pages]


def test_add_runs_the_pipeline_and_keeps_order(scans):
    m = MaterialPages()
    first = m.add(scans["jpeg"], name="a.jpg")
    second = m.add(scans["clean"], name="b.png", index=0)
    assert [p.id for p in m.pages] == [second.id, first.id]
    assert first.base.mode == "L" and first.source_name == "a.jpg"


def test_reorder_move_delete(material, processed):
    a, b, c = (p.id for p in material.pages)
    material.reorder([c, a, b])
    assert shas(material) == [processed[2].sha256, processed[0].sha256, processed[1].sha256]
    material.move(c, 2)
    assert [p.id for p in material.pages] == [a, b, c]
    material.delete(b)
    assert [p.id for p in material.pages] == [a, c] and len(material) == 2
    with pytest.raises(ValueError):
        material.reorder([a])
    with pytest.raises(PageNotFound):
        material.delete(b)


def test_rotate_in_quarter_turns(material, a4_pages):
    page = material.pages[1]
    turned = material.rotate(page.id)  # clockwise
    assert turned.rotation == 90 and turned.id == page.id
    img = decode(turned.jpeg())
    assert (img.width, img.height) == (page.base.height, page.base.width)
    base = decode(page.base.data)
    assert ssim(img, base.transpose(Image.Transpose.ROTATE_270)) > 0.97
    assert likeness(img, a4_pages[1].rotate(-90, expand=True)) > 0.6
    assert material.rotate(page.id, -1).rotation == 0
    assert material.page(page.id).jpeg() == page.base.data  # untouched bytes again
    assert material.rotate(page.id, 6).rotation == 180
    assert material.rotate(page.id, 2).jpeg() == page.base.data


def test_rescan_replaces_in_place(material, a4_pages):
    old = material.pages[0]
    material.rotate(old.id)
    new = material.rescan(old.id, samples.scan(a4_pages[2].rotate(180)), name="again.png")
    assert material.pages[0].id == old.id == new.id
    assert new.rotation == 0 and new.base.sha256 != old.base.sha256
    assert likeness(decode(new.jpeg()), a4_pages[2].rotate(180)) > 0.6
    with pytest.raises(PageNotFound):
        material.rescan("nope", b"")


def test_thumbnails_are_small(material):
    page = material.pages[0]
    thumb = material.thumbnail(page.id)
    img = decode(thumb)
    assert img.format == "JPEG" and max(img.size) == 200 and img.height > img.width
    assert len(thumb) < 12 * 1024
    material.rotate(page.id)
    turned = decode(material.thumbnail(page.id))
    assert turned.width > turned.height
    assert material.thumbnail(page.id) is material.thumbnail(page.id)  # cached


def test_pdf_pages_sizes_and_unchanged_jpegs(material):
    material.rotate(material.pages[2].id)
    pdf = material.to_pdf()
    assert pdf == material.to_pdf()  # same pages, same bytes
    doc = pdfium.PdfDocument(pdf)
    try:
        assert len(doc) == 3
        sizes = [doc[i].get_size() for i in range(3)]
    finally:
        doc.close()
    assert sizes[0] == pytest.approx(A4_PT, abs=0.5)
    assert sizes[1] == pytest.approx(A4_PT, abs=0.5)
    assert sizes[2] == pytest.approx(A4_PT[::-1], abs=0.5)  # the turned page: landscape
    for page in material.pages:
        assert page.jpeg() in pdf  # embedded as is, not re-encoded
    assert len(pdf) < sum(len(p.jpeg()) for p in material.pages) + 8 * 1024


def test_pdf_renders_the_pages_in_order(material, a4_pages):
    a, b, c = (p.id for p in material.pages)
    material.reorder([b, c, a])
    doc = pdfium.PdfDocument(material.to_pdf())
    try:
        rendered = [doc[i].render(scale=0.5).to_pil() for i in range(3)]
    finally:
        doc.close()
    for img, original in zip(rendered, [a4_pages[1], a4_pages[2], a4_pages[0]], strict=True):
        assert likeness(img, original) > 0.6


def test_store_many_pages_as_one_pdf_and_attach_it(material, tmp_path):
    from window_client.store.db import open_database
    from window_client.store.repository import CaseRepository

    stored = material.store(tmp_path / "out", "marriage-cert")
    assert stored.path.name == "marriage-cert.pdf" and stored.pages == 3
    data = stored.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == stored.sha256 and stored.size == len(data)
    assert not list((tmp_path / "out").glob("*.part"))
    repo = CaseRepository(open_database(tmp_path / "cases.sqlite"))
    case = repo.create_draft(window_code="W01", one_thing_id="demo", catalog_version="v",
                             clerk="clerk1")
    record = repo.attach_file(case.id, "M1", stored.path, files_dir=tmp_path / "files",
                              clerk="clerk1")
    assert record.sha256 == stored.sha256 and record.media_type == "application/pdf"
    with pdfium.PdfDocument(record.stored_path) as doc:
        assert len(doc) == 3


def test_store_one_page_as_its_jpeg(material, tmp_path):
    for p in material.pages[1:]:
        material.delete(p.id)
    stored = material.store(tmp_path, "id-copy")
    assert stored.path.suffix == ".jpg" and stored.media_type == "image/jpeg"
    assert stored.path.read_bytes() == material.pages[0].base.data
    assert stored.sha256 == material.pages[0].base.sha256
    with pytest.raises(ValueError, match="没有页面"):
        MaterialPages().store(tmp_path, "empty")


def test_pdf_is_readable_at_a4_150_dpi(material):
    """The embedded page has 171 dpi on A4: rendering at 150 dpi gives back text."""
    doc = pdfium.PdfDocument(material.to_pdf())
    try:
        img = doc[0].render(scale=150 / 72, grayscale=True).to_pil()
    finally:
        doc.close()
    assert abs(img.width - 1240) <= 2 and abs(img.height - 1754) <= 2
    src = decode(material.pages[0].base.data).resize(img.size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, "PNG")
    assert ssim(decode(out.getvalue()), src) > 0.9
