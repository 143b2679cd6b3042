"""Benchmarks: ``python -m window_client.devtools.bench`` (or ``make bench``).

Each measurement is printed beside a baseline measured in the same run on the same
data, so the table reads on any machine: plan computation per configured one-thing
beside json.loads of that definition, the catalog load beside a bare YAML/JSON
parse of the same files, a draft save beside a bare sqlite3 insert with the same
pragmas and payload; the efficiency board's figures (bench_board.py) and, on a
generated year in a real store, its opening, filter changes and the urgency order
(bench_supervision.py) beside bare SQL aggregates; a confirm and one platform call (window_client/bench_reliability.py); the UI measurements (window_client/qt/bench_ui.py) and the
sync of N queued cases to the sandbox (window_client/bench_sync.py) likewise; the scan check's OCR per page beside a
plain JPEG decode, with its precision and recall (ocr_bench.py)."""

from __future__ import annotations

import argparse
import os
import json
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

from window_client.catalog.loader import CATALOG_DIR, catalog_files, load_catalog, parse_yaml
from window_client.core.engine import compute_plan
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository


@dataclass
class Row:
    name: str
    ours_ms: float
    baseline: str
    baseline_ms: float

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.baseline_ms if self.baseline_ms else float("inf")


def measure(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of one call, in milliseconds (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def bench_catalog(repeat: int) -> list[Row]:
    files = catalog_files(CATALOG_DIR)

    def bare_parse() -> None:
        for path in files:
            text = path.read_text(encoding="utf-8")
            json.loads(text) if path.suffix == ".json" else parse_yaml(text)

    return [Row("catalog load (validated)", measure(load_catalog, repeat),
                "bare YAML/JSON parse of the same files", measure(bare_parse, repeat))]


def bench_plans(repeat: int) -> list[Row]:
    catalog = load_catalog()
    rows = []
    for one in sorted(catalog.definitions.values(), key=lambda d: d.id):
        answers = one.default_answers()
        raw = one.model_dump_json()
        rows.append(Row(f"plan {one.id}",
                        measure(lambda one=one, answers=answers: compute_plan(one, catalog.dictionary, answers),
                                repeat),
                        "json.loads of the definition", measure(lambda raw=raw: json.loads(raw), repeat)))
    return rows


def bench_draft_save(repeat: int) -> list[Row]:
    answers = {"register_household": True, "birth_order": 1, "parents_married": True}
    form = {f"field_{n}": "赣州市章贡区红旗大道" * 2 for n in range(40)}
    with tempfile.TemporaryDirectory() as tmp:
        repo = CaseRepository(open_database(Path(tmp) / "bench.sqlite3"))
        case = repo.create_draft(window_code="B01", one_thing_id="newborn",
                                 catalog_version="bench", clerk="bench")
        ours = measure(lambda: repo.save_draft(case.id, clerk="bench", answers=answers,
                                               form_values=form), repeat)
        conn = sqlite3.connect(Path(tmp) / "bare.sqlite3", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE drafts (id INTEGER PRIMARY KEY, answers TEXT, form TEXT)")
        payload = (json.dumps(answers, ensure_ascii=False), json.dumps(form, ensure_ascii=False))

        def bare() -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO drafts (answers, form) VALUES (?, ?)", payload)
            conn.execute("COMMIT")

        baseline = measure(bare, repeat)
        conn.close()
    return [Row("draft save (repository, audited)", ours, "bare sqlite3 insert + commit",
                baseline)]


def render(rows: list[Row]) -> str:
    width = max(len(r.name) for r in rows)
    bwidth = max(len(r.baseline) for r in rows)
    lines = [f"{'measurement':<{width}}  {'ours ms':>9}  {'baseline':<{bwidth}}  "
             f"{'base ms':>9}  {'ratio':>7}"]
    lines.append("-" * len(lines[0]))
    for r in rows:
        lines.append(f"{r.name:<{width}}  {r.ours_ms:>9.3f}  {r.baseline:<{bwidth}}  "
                     f"{r.baseline_ms:>9.3f}  {r.ratio:>6.1f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per measurement")
    parser.add_argument("--no-ui", action="store_true", help="skip the Qt measurements")
    parser.add_argument("--list-cases", type=int, default=10_000,
                        help="cases in the store for the case-list benchmark (0 skips it)")
    parser.add_argument("--sync-cases", type=int, default=1000,
                        help="queued cases for the sync benchmark (0 skips it)")
    parser.add_argument("--board-cases", type=int, default=50_000,
                        help="cases of the generated year for the efficiency board and the "
                             "urgency order (0 skips it)")
    parser.add_argument("--security-cases", type=int, default=2000,
                        help="drafts in each store (encrypted and plain) for the encryption "
                             "benchmark (0 skips it)")
    parser.add_argument("--ocr-per-kind", type=int, default=6,
                        help="synthetic pages per document kind for the scan check's OCR "
                             "benchmark (0 skips it)")
    args = parser.parse_args(argv)
    rows = bench_catalog(max(args.repeat // 3, 3)) + bench_plans(args.repeat) \
        + bench_draft_save(args.repeat)
    from window_client.devtools.bench_reliability import run as run_reliability
    rows += [Row(*r) for r in run_reliability(args.repeat)]
    if not args.no_ui:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from window_client.qt.devtools.bench_ui import run as run_ui  # only when asked: Qt stays out
        rows += [Row(*r) for r in run_ui(max(args.repeat // 3, 3))]
        if args.list_cases:
            from window_client.qt.devtools.bench_cases import run as run_cases
            rows += [Row(*r) for r in run_cases(max(args.repeat // 3, 3), args.list_cases)]
        from window_client.qt.devtools.bench_board_ui import run as run_board_ui
        rows += [Row(*r) for r in run_board_ui(max(args.repeat // 3, 3))]
    from window_client.devtools.bench_board import run as run_board
    rows += [Row(*r) for r in run_board(max(args.repeat // 3, 3))]
    if args.board_cases:
        from window_client.devtools.bench_supervision import run as run_supervision
        rows += [Row(*r) for r in run_supervision(max(args.repeat // 6, 3), args.board_cases)]
    if args.security_cases:
        from window_client.devtools.bench_security import run as run_security
        rows += [Row(*r) for r in run_security(max(args.repeat // 3, 5), args.security_cases)]
    from window_client.devtools.document_bench import run as run_documents
    from window_client.devtools.image_bench import run as run_imaging
    rows += [Row(*r) for r in run_documents(max(args.repeat // 3, 3))]
    rows += [Row(*r) for r in run_imaging(max(args.repeat // 10, 2))]
    if args.ocr_per_kind:
        from window_client.devtools.ocr_bench import run as run_ocr
        rows += [Row(*r) for r in run_ocr(args.ocr_per_kind)]
    if args.sync_cases:
        from window_client.devtools.bench_sync import run as run_sync
        rows += [Row(*r) for r in run_sync(args.sync_cases)]
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
