"""Encryption at rest, measured: each operation on an encrypted store (SQLCipher
with the raw data key, material files in the vault's AES-GCM format) beside the
SAME operation on a plain store built the same way, run by run in turn, in the
same process:

- a draft save (CaseRepository.save_draft: the case row, audited, BEGIN IMMEDIATE,
  synchronous=FULL) on a store of ``cases`` drafts;
- the 办件 list's first page and its count (list_rows + count_rows);
- storing a scan (attach_bytes of a ~3 MB JPEG: hashed, encrypted, written,
  fsynced, recorded).

Goal (issue 16): at most 1.3x. ``run(repeat, cases)`` returns (name, ours_ms,
baseline, baseline_ms) rows for bench.py; ``python -m
window_client.devtools.bench_security`` prints min, median and max with the run
count."""

from __future__ import annotations

import io
import statistics
import tempfile
from pathlib import Path

from PIL import Image

from window_client.core.records import CaseListQuery
from window_client.devtools.bench_supervision import Timed, interleaved, render
from window_client.security.vault import Vault
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository

KEY = bytes(range(32))
CLERK = "bench"


def scan_jpeg(width: int = 2480, height: int = 1754) -> bytes:
    """An A4 page at 300 dpi-ish, noisy enough to stay a few MB as JPEG."""
    img = Image.effect_noise((width, height), 60).convert("RGB")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


def _store(root: Path, key: bytes | None, cases: int) -> tuple[CaseRepository, list[str]]:
    engine = open_database(root / "window_client.sqlite3", key=key)
    repo = CaseRepository(engine, vault=Vault(key))
    ids = []
    for k in range(cases):
        case = repo.create_draft(window_code="W01", one_thing_id="newborn",
                                 catalog_version="bench", clerk=CLERK)
        repo.save_draft(case.id, clerk=CLERK, answers={"q": "yes"},
                        form_values={"applicant.name": f"测试{k}", "child.name": "张小明"},
                        applicant_name=f"测试{k}",
                        applicant_id_number="11010519491231002X", meta={})
        ids.append(case.id)
    return repo, ids


def rows(repeat: int = 10, cases: int = 2000) -> list[Timed]:
    out: list[Timed] = []
    with tempfile.TemporaryDirectory() as tmp:
        enc, enc_ids = _store(Path(tmp) / "encrypted", KEY, cases)
        plain, plain_ids = _store(Path(tmp) / "plain", None, cases)
        form = {f"field{n}": "值" * 20 for n in range(60)}
        form["applicant.name"] = "张三"
        answers = {f"q{n}": "yes" for n in range(12)}

        def save(repo: CaseRepository, case_id: str) -> None:
            repo.save_draft(case_id, clerk=CLERK, answers=answers, form_values=form,
                            applicant_name="张三", applicant_id_number="11010519491231002X",
                            meta={"step": "form"})

        a, b = interleaved(lambda: save(enc, enc_ids[0]), lambda: save(plain, plain_ids[0]),
                           repeat)
        out.append((f"draft save, encrypted store ({cases:,} cases)", a,
                    "the same save, plain store", b))
        query = CaseListQuery()

        def page(repo: CaseRepository) -> None:
            repo.list_rows(query, limit=100)
            repo.count_rows(query)

        a, b = interleaved(lambda: page(enc), lambda: page(plain), repeat)
        out.append((f"case list first page + count, encrypted ({cases:,} cases)", a,
                    "the same page, plain store", b))
        scan = scan_jpeg()
        files = Path(tmp) / "files"
        counter = iter(range(10 ** 6))

        def store_scan(repo: CaseRepository, ids: list[str], label: str) -> None:
            n = next(counter)  # a new case each run: the same content is stored once per case
            repo.attach_bytes(ids[1 + n % (len(ids) - 1)], "m1", scan, f"scan{n}.jpg",
                              files_dir=files / label, clerk=CLERK)

        a, b = interleaved(lambda: store_scan(enc, enc_ids, "enc"),
                           lambda: store_scan(plain, plain_ids, "plain"), repeat)
        out.append((f"scan store ({len(scan) / 1e6:.1f} MB JPEG), encrypted", a,
                    "the same scan, plain store", b))
        enc.engine.dispose()
        plain.engine.dispose()
    return out


def run(repeat: int = 10, cases: int = 2000) -> list[tuple[str, float, str, float]]:
    """Median milliseconds, as bench.py's rows."""
    return [(name, statistics.median(a) * 1000, base, statistics.median(b) * 1000)
            for name, a, base, b in rows(repeat, cases)]


if __name__ == "__main__":
    timed = rows()
    print(render(timed))
    for name, a, _base, b in timed:
        print(f"{name}: {statistics.median(a) / statistics.median(b):.2f}x")
