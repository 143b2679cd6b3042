"""Renders every printed document for realistic sample cases and writes PNGs of
them to docs/screenshots/doc_<kind>.png (first pages; page 2 of the long notice;
the refusal notice), plus the PDFs beside them when --pdf is given.

    .venv/bin/python tools/render_documents.py [OUT_DIR] [--pdf]

Needs poppler's pdftoppm on PATH."""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from window_client.catalog.loader import load_catalog  # noqa: E402
from window_client.documents import render  # noqa: E402
from window_client.devtools.document_samples import (  # noqa: E402
    sample_case, sample_guide, sample_handover)

A4_DPI = 110      # 910 × 1286 px: every character legible, files stay small
ROLL_DPI = 170
REFUSAL = ("企业名称未通过自主申报,与已登记企业名称近似",
           "住所租赁合同未载明房屋用途,不能证明住所可用于经营")


def to_png(pdf: bytes, target: Path, *, page: int = 1, dpi: int = A4_DPI) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page),
                        "-l", str(page), str(source), str(Path(tmp) / "page")], check=True)
        # black on white: greyscale keeps every pixel and halves the file
        Image.open(Path(tmp) / "page.png").convert("L").save(target, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--pdf", action="store_true", help="also write the PDFs")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)

    catalog = load_catalog()
    short = sample_case(catalog)
    long = sample_case(catalog, long=True, platform_no="GZ2026112700031")
    ready = sample_case(catalog, platform_no="GZ2026112700018")   # results reported
    last = ready.outputs[-1]
    why = f"{last.item_name}:经核查,申请人不符合该事项的受理条件"
    item_refused = dataclasses.replace(
        ready, outputs=ready.outputs[:-1] + (dataclasses.replace(last, status="refused",
                                                                 note=why),),
        refused_items=((last.item_name, why),))
    jobs = [  # (file stem, kind, data, page, dpi)
        ("doc_receipt", "receipt", short, 1, A4_DPI),
        ("doc_receipt_reprint_long", "receipt", long, 1, A4_DPI),
        ("doc_notice", "notice", long, 1, A4_DPI),
        ("doc_notice_page2", "notice", long, 2, A4_DPI),
        ("doc_notice_refusal", "notice", dataclasses.replace(long, refusal_reasons=REFUSAL),
         1, A4_DPI),
        ("doc_slip_a4", "slip_a4", ready, 1, A4_DPI),
        # one item refused (不予受理 with its reason), the others go on
        ("doc_slip_item_refused", "slip_a4", item_refused, 1, A4_DPI),
        ("doc_notice_item_refused", "notice", item_refused, 1, A4_DPI),
        ("doc_slip_80mm", "slip_80mm", long, 1, ROLL_DPI),
        ("doc_guide", "guide", sample_guide(catalog, "newborn"), 1, A4_DPI),
        ("doc_handover", "handover", sample_handover(ready), 1, A4_DPI),
    ]
    for stem, kind, data, page, dpi in jobs:
        pdf = render(kind, data, reprint=stem.endswith("_reprint_long"))
        if args.pdf:
            (out / f"{stem}.pdf").write_bytes(pdf)
        to_png(pdf, out / f"{stem}.png", page=page, dpi=dpi)
        print(out / f"{stem}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
