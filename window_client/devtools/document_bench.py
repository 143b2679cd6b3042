"""Document benchmarks, each beside a baseline measured in the same run: the
receipt of a short case (新生儿出生, default answers) beside a minimal reportlab
page with the same embedded font, and the receipt's size beside that page's.
``python -m window_client.devtools.document_bench``."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from window_client.devtools.bench import measure
from window_client.catalog.loader import load_catalog

from window_client.documents.layout import FONT, register_font
from window_client.documents.pickup_slip import render_slip_80mm
from window_client.documents.receipt import render_receipt

from .document_samples import sample_case


def minimal_page(case_no: str = "W01-20261127-0007") -> bytes:
    """One A4 page with a title and the case number in the same font, subset and
    embedded the same way: the least a PDF of ours can cost."""
    register_font()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, invariant=1, initialFontName=FONT)
    c.setFont(FONT, 20)
    c.drawCentredString(A4[0] / 2, A4[1] - 80, "“一件事一次办”受理回执")
    c.setFont(FONT, 10)
    c.drawString(60, A4[1] - 120, f"临时受理编号 {case_no}")
    c.showPage()
    c.save()
    return out.getvalue()


def run(repeat: int = 10) -> list[tuple[str, float, str, float]]:
    """Rows (name, ours, baseline name, baseline): times in ms (median of
    ``repeat``), sizes in KB."""
    catalog = load_catalog()
    short = sample_case(catalog)
    long = sample_case(catalog, long=True, platform_no="GZ2026112700031")
    baseline_ms = measure(minimal_page, repeat)
    receipt = render_receipt(short)
    minimal = minimal_page()
    return [
        ("receipt, short case (ms)", measure(lambda: render_receipt(short), repeat),
         "minimal page, same font (ms)", baseline_ms),
        ("receipt, long case, 2 pages (ms)", measure(lambda: render_receipt(long), repeat),
         "minimal page, same font (ms)", baseline_ms),
        ("pick-up slip 80 mm, long case (ms)",
         measure(lambda: render_slip_80mm(long), repeat),
         "minimal page, same font (ms)", baseline_ms),
        ("receipt, short case (KB)", len(receipt) / 1024,
         "minimal page, same font (KB)", len(minimal) / 1024),
    ]


def main() -> None:
    rows = run()
    width = max(len(r[0]) for r in rows)
    for name, ours, base_name, base in rows:
        print(f"{name:<{width}}  {ours:9.1f}   {base_name:<30} {base:9.1f}   ×{ours / base:.1f}")


if __name__ == "__main__":
    main()
