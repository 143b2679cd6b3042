"""Every document of a short and a long real case, rendered, rasterised at 150 dpi
and read back: key fields present, ID numbers masked where they must be, the
barcode decodes to the case number, the 80 mm slip is 80 mm wide with nothing
outside it, long documents paginate with the header on each page, the font is
embedded and no character lacks a glyph."""

from __future__ import annotations

import re
import subprocess

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from window_client.core.masking import mask_id_number
from window_client.documents.data import date_text
from window_client.documents.layout import has_glyph

from .conftest import PLATFORM_NO, REFUSAL

KINDS = ("receipt", "notice", "slip_a4", "slip_80mm", "handover", "guide")
CASES = ("short", "long")
WITH_BARCODE = ("receipt", "notice", "slip_a4", "slip_80mm", "handover")
ALL = [(k, c) for k in KINDS for c in CASES] + [("receipt+reprint", "short"),
                                                  ("notice+refusal", "long")]


def flat(s: str) -> str:
    return "".join(s.split())


@pytest.mark.parametrize("kind,case_name", [(k, c) for k in KINDS if k != "guide"
                                            for c in CASES])
def test_text_holds_the_key_fields(rendered, doc_cases, kind, case_name):
    doc, case = rendered[(kind, case_name)], doc_cases[case_name]
    text = doc.flat
    assert case.provisional_no in doc.layout
    if case.platform_no:
        assert case.platform_no in doc.layout
    assert flat(case.one_thing_name) in text
    applicant = case.applicant.name
    assert flat(applicant) in text
    if kind in ("receipt", "notice"):
        for item in case.items:
            assert flat(item.name) in text, item.name
        for m in case.materials:
            assert flat(m.name) in text, m.name
        assert date_text(case.due_date) in text
    if kind == "notice":
        for item in case.items:
            if item.basis:
                assert flat(item.basis)[:12] in text
        assert "12345" in text and "咨询" in text and "投诉" in text
    if kind in ("slip_a4", "slip_80mm", "handover"):
        for out in case.outputs:
            assert flat(out.name) in text, out.name
    if kind in ("receipt", "slip_a4", "slip_80mm"):
        assert flat(case.hall.pickup if case.delivery.method == "window"
                    else case.delivery.address) in text


def test_long_address_wraps_inside_its_cell(rendered, doc_cases):
    doc = rendered[("receipt", "long")]
    address = doc_cases["long"].applicant.address
    assert len(address) >= 120
    assert flat(address) in doc.flat
    # wrapped over several lines of the layout text, none of them past the page
    lines = [line for line in doc.layout.splitlines() if address[:8] in line]
    assert lines and all(len(line) < 140 for line in doc.layout.splitlines())


def test_receipt_shows_what_was_received(rendered, doc_cases):
    text = rendered[("receipt", "short")].flat
    assert "已收取2份" in text and "网络核验免交" in text and "办结事项共享免交" in text
    photo = next(m for m in doc_cases["short"].materials if m.missing_deadline)
    assert f"请于{date_text(photo.missing_deadline)}前补交" in text


def test_guide_lists_items_materials_and_exemption_routes(rendered, catalog):
    text = rendered[("guide", "long")].flat
    one = catalog.definitions["company_setup"]
    for item in one.items:
        assert flat(item.name) in text, item.name
    assert "电子证照:居民身份证" in text and "网络核验:" in text and "办结事项共享:" in text
    assert "可容缺受理" in text and "免费邮寄" in text
    assert "视情形办理" in text           # items the usual answers leave out
    short = rendered[("guide", "short")].flat
    assert flat(catalog.definitions["newborn"].name) in short


@pytest.mark.parametrize("kind", ["slip_a4", "slip_80mm", "handover"])
@pytest.mark.parametrize("case_name", CASES)
def test_full_id_numbers_never_printed_on_slip_and_handover(rendered, doc_cases, kind,
                                                             case_name):
    doc, case = rendered[(kind, case_name)], doc_cases[case_name]
    numbers = [n for n in (case.applicant.id_number, case.agent and case.agent.id_number) if n]
    assert numbers
    text = doc.flat
    for number in numbers:
        assert number not in text
        assert number[6:14] not in text     # not even the birth date
    shown = case.agent.id_number if case.agent else case.applicant.id_number
    assert mask_id_number(shown) in text


def test_receipt_carries_the_full_id_number(rendered, doc_cases):
    assert doc_cases["short"].applicant.id_number in rendered[("receipt", "short")].flat


@pytest.mark.parametrize("kind", WITH_BARCODE)
@pytest.mark.parametrize("case_name", CASES)
def test_barcode_decodes_to_the_case_number(rendered, doc_cases, kind, case_name):
    doc = rendered[(kind, case_name)]
    image = Image.open(doc.pngs[0]).convert("L")
    codes = [r.text for r in zxingcpp.read_barcodes(image)
             if r.format == zxingcpp.BarcodeFormat.Code128]
    expected = PLATFORM_NO if case_name == "long" else doc_cases["short"].provisional_no
    assert codes == [expected]


def test_progress_qr_code_decodes_to_the_lookup_address(rendered, doc_cases):
    image = Image.open(rendered[("receipt", "long")].pngs[0]).convert("L")
    qr = [r.text for r in zxingcpp.read_barcodes(image)
          if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert qr == [doc_cases["long"].progress_url] and PLATFORM_NO in qr[0]


@pytest.mark.parametrize("case_name", CASES)
def test_80mm_slip_is_one_page_exactly_80mm_wide_with_nothing_outside(rendered, case_name):
    doc = rendered[("slip_80mm", case_name)]
    pdf = pdfium.PdfDocument(doc.pdf)
    assert len(pdf) == 1
    width, height = pdf[0].get_size()
    assert width == pytest.approx(80 / 25.4 * 72, abs=0.01)
    assert height > width
    pdf.close()
    image = Image.open(doc.pngs[0]).convert("L")
    px_per_mm = image.width / 80
    assert image.width == pytest.approx(80 / 25.4 * 150, abs=1)
    edge = int(2.5 * px_per_mm)     # the 3 mm margins stay blank
    for box in ((0, 0, edge, image.height), (image.width - edge, 0, image.width, image.height),
                (0, image.height - edge, image.width, image.height)):
        assert image.crop(box).getextrema()[0] > 250, box
    # and there is content right inside the margins: the page is not just empty
    inner = image.crop((edge, 0, image.width - edge, image.height))
    assert inner.getextrema()[0] < 50


@pytest.mark.parametrize("kind,title", [("receipt", "受理回执"), ("notice", "一次性告知书"),
                                        ("guide", "办事指南")])
def test_long_documents_paginate_with_header_and_footer_on_every_page(rendered, doc_cases,
                                                                      kind, title):
    doc = rendered[(kind, "long")]
    pages = doc.layout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2 and len(doc.pngs) == len(pages)
    label = (f"办件编号 {PLATFORM_NO}" if kind != "guide"
             else doc_cases["long"].one_thing_name)
    for n, page in enumerate(pages, 1):
        head = page.strip().splitlines()[0]
        assert title in head and label in head
        assert f"第{n}页/共{len(pages)}页" in flat(page)
    if kind in ("receipt", "notice"):   # a table split over pages repeats its header row
        assert "序号" in pages[1]


def test_short_receipt_fits_one_page(rendered):
    assert len(rendered[("receipt", "short")].pngs) == 1


@pytest.mark.parametrize("kind,case_name", ALL)
def test_fonts_are_embedded_subsets_of_the_bundled_face(rendered, kind, case_name):
    path = rendered[(kind, case_name)].path
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout.splitlines()[2:]
    assert out
    for line in out:
        assert "WenQuanYiMicroHei" in line
        assert re.search(r"\byes\s+yes\s+yes\b", line), line   # emb sub uni


@pytest.mark.parametrize("kind,case_name", ALL)
def test_every_printed_character_has_a_glyph(rendered, kind, case_name):
    missing = {ch for ch in rendered[(kind, case_name)].raw
               if not ch.isspace() and not has_glyph(ch)}
    assert not missing


def test_reprint_is_marked(rendered):
    assert "补打" in rendered[("receipt+reprint", "short")].flat
    assert "补打" not in rendered[("receipt", "short")].flat
    assert "补打" in rendered[("receipt+reprint", "short")].layout.split("\f")[0].splitlines()[0]


def test_refusal_notice_gives_reasons_and_remedies(rendered):
    text = rendered[("notice+refusal", "long")].flat
    assert "不予受理告知书" in text
    for reason in REFUSAL:
        assert flat(reason) in text
    assert "行政复议" in text and "六十日" in text
    assert "行政诉讼" in text and "六个月" in text
    assert "尚需提交的材料" not in text and "一次性告知书" not in text
