"""The scan check's benchmark: OCR (imaging/ocr.py) plus the page check
(core/material_check.py) over the synthetic corpus of devtools/ocr_samples.py —
every kind's pages filed as their own material (a warning there is a false alarm)
and as another kind's material (a warning there is right), plus an application
form filed as a certificate. A mismatch is a positive: precision = right warnings
/ all warnings, recall = right warnings / pages filed wrongly. The same for the ID
number check (the page's person on the form, or somebody else). Time per page
beside a plain decode of the same JPEG (Pillow open + load).
``python -m window_client.devtools.ocr_bench [--per-kind N]``."""

from __future__ import annotations

import argparse
import io
import statistics
import time
from dataclasses import dataclass

from PIL import Image

from window_client.catalog.loader import load_catalog
from window_client.core.material_check import MaterialCues, People, check_page
from window_client.imaging.ocr import RapidOcrReader, TextReader

from .image_samples import document_page
from .ocr_samples import KINDS, SamplePage, corpus, degrade

# the material each kind's pages are filed as (an id of resources/catalog/material_cues.yaml)
MATERIAL_OF = {
    "household_register": "household_register",
    "resident_id_card": "applicant_id_card",
    "marriage_certificate": "marriage_certificate",
    "business_licence": "business_licence",
    "birth_medical_certificate": "birth_medical_certificate",
    "real_estate_certificate": "new_property_certificate",
    "house_purchase_contract": "house_purchase_contract",
    "death_medical_certificate": "death_medical_certificate",
    "vehicle_licence": "vehicle_licence",
}  # divorce_certificate: no material expects it; its pages are only filed wrongly
OTHER_ID = "360702199001011234"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, warned: bool, should: bool) -> None:
        if warned and should:
            self.tp += 1
        elif warned:
            self.fp += 1
        elif should:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Result:
    kind: Counts
    ids: Counts
    pages: int
    ocr_ms: float      # median per page
    decode_ms: float   # median Pillow open + load of the same JPEGs
    misses: list[str]  # what went wrong, for a reader of the table


def wrong_pages(width: int) -> list[SamplePage]:
    """Pages of no kind the cues know: an application form."""
    form = document_page(seed=3, size=(width, round(width * 1.414)), seal=True)
    return [SamplePage("application_form", degrade(form, angle=2.0, noise=6.0, quality=70, seed=3),
                       "", "")]


def evaluate(reader: TextReader, cues: MaterialCues, pages: list[SamplePage]) -> Result:
    kind, ids = Counts(), Counts()
    ocr_times, decode_times, misses = [], [], []
    materials = list(MATERIAL_OF.items())
    for n, page in enumerate(pages):
        t0 = time.perf_counter()
        text = reader.read(page.jpeg)
        ocr_times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with Image.open(io.BytesIO(page.jpeg)) as im:
            im.load()
        decode_times.append((time.perf_counter() - t0) * 1000)
        own = MATERIAL_OF.get(page.kind)
        if own is not None:   # filed as its own material: no warning wanted
            c = check_page(text, own, cues)
            kind.add(c.kind_mismatch, False)
            if c.kind_mismatch:
                misses.append(f"{page.kind}#{n} as {own}: {c.verdict} found={c.found}")
        # filed as another kind's material: a warning wanted
        other_kind, other = next((k, m) for k, m in materials[n % len(materials):] + materials
                                 if k != page.kind)
        c = check_page(text, other, cues)
        kind.add(c.kind_mismatch, True)
        if not c.kind_mismatch:
            misses.append(f"{page.kind}#{n} as {other}: not warned (found={c.found})")
        if page.id_number:
            same = check_page(text, own or other, cues, People.of([page.id_number], [page.name]))
            ids.add(same.id_differs, False)
            diff = check_page(text, own or other, cues, People.of([OTHER_ID], ["某某某"]))
            ids.add(diff.id_differs, True)
            if same.id_differs or not diff.id_differs:
                misses.append(f"{page.kind}#{n}: ID check same={same.id_differs} "
                              f"other={diff.id_differs}")
        del other_kind
    return Result(kind, ids, len(pages), statistics.median(ocr_times),
                  statistics.median(decode_times), misses)


def run_result(per_kind: int = 6, width: int = 1200, reader: TextReader | None = None) -> Result:
    pages = corpus(per_kind, width) + wrong_pages(width)
    return evaluate(reader or RapidOcrReader(), load_catalog().material_cues, pages)


def run(per_kind: int = 6, width: int = 1200) -> list[tuple[str, float, str, float]]:
    """Rows (name, ours, baseline name, baseline) for bench.py: times in ms; the
    precision and recall rows in per cent, beside 100 %."""
    return rows(run_result(per_kind, width), width)


def rows(r: Result, width: int) -> list[tuple[str, float, str, float]]:
    base = "Pillow open + load of the same JPEG (ms)"
    n = f"{r.pages} pages, {len(KINDS)} kinds + a form"
    return [
        (f"OCR + check per page, {width} px wide ({n}) (ms)", r.ocr_ms, base, r.decode_ms),
        ("scan check precision: wrong kind (%)", 100 * r.kind.precision, "perfect (%)", 100.0),
        ("scan check recall: wrong kind (%)", 100 * r.kind.recall, "perfect (%)", 100.0),
        ("ID number check precision (%)", 100 * r.ids.precision, "perfect (%)", 100.0),
        ("ID number check recall (%)", 100 * r.ids.recall, "perfect (%)", 100.0),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=6)
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args(argv)
    r = run_result(args.per_kind, args.width)
    print(f"pages {r.pages}; kind check {r.kind}; precision {r.kind.precision:.3f} "
          f"recall {r.kind.recall:.3f}")
    print(f"ID check {r.ids}; precision {r.ids.precision:.3f} recall {r.ids.recall:.3f}")
    print(f"per page: OCR + check {r.ocr_ms:.0f} ms, Pillow open + load {r.decode_ms:.1f} ms")
    for miss in r.misses:
        print("  ", miss)


if __name__ == "__main__":
    main()
