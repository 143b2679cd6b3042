"""Sync benchmark: N queued cases with two ~100 KB materials each, synced to the
sandbox platform on loopback — cases per second beside a bare requests loop that
posts the same bytes (both materials and the case) to a fresh sandbox in the same
run, and the client's peak Python memory. The sandbox runs as its own process
(``python -m platform_sandbox``); nothing here imports it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

import requests

from window_client.catalog.loader import load_catalog
from window_client.core.engine import compute_plan
from window_client.core.snapshot import take_snapshot
from window_client.platform.client import ConnectionSettings, PlatformClient
from window_client.store.db import open_database
from window_client.core.records import MaterialRecord
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import SyncRepository
from window_client.sync.engine import make_sync_engine

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "wangli", "window2026"


def start_sandbox(tmp: Path, name: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "platform_sandbox", "--host", "127.0.0.1",
                             "--port", "0", "--db", str(tmp / f"{name}.sqlite3"),
                             "--no-background"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        raise RuntimeError(f"sandbox did not start: {line!r}")
    return proc, line.rsplit(" ", 1)[1].strip() + "/api/v1"


def make_cases(cases: CaseRepository, n: int, files_dir: Path, blobs: list[bytes]) -> list[str]:
    catalog = load_catalog()
    one = catalog.definitions["newborn"]
    plan = compute_plan(one, catalog.dictionary, one.default_answers())
    hand_in = [m for m in plan.materials if m.to_hand_in][:2]
    scratch = files_dir / "_scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    ids = []
    for k in range(n):
        case = cases.create_draft(window_code="B01", one_thing_id="newborn",
                                  catalog_version=catalog.version, clerk=USER)
        cases.save_draft(case.id, clerk=USER, answers=one.default_answers(),
                         form_values={"applicant.name": f"基准{k}"}, applicant_name=f"基准{k}",
                         applicant_id_number="11010519491231002X", meta={})
        records = []
        for j, m in enumerate(hand_in):
            src = scratch / f"{k}-{j}.jpg"
            src.write_bytes(blobs[2 * k + j])
            cases.attach_file(case.id, m.spec.id, src, files_dir=files_dir, clerk=USER)
            records.append(MaterialRecord(m.spec.id, m.spec.name, m.tag.value, True, 1))
        # confirmed as the window confirms: materials, the plan's snapshot, queued
        cases.confirm(case.id, records, take_snapshot(plan, catalog, records,
                                                      dt.datetime.now()), clerk=USER)
        ids.append(case.id)
    return ids


def bare_loop(url: str, n: int, blobs: list[bytes], payload_for) -> float:
    http = requests.Session()
    token = http.post(f"{url}/auth/sign-in", json={"username": USER, "password": PASSWORD,
                                                   "window_code": "B01"}, timeout=30).json()
    http.headers["Authorization"] = f"Bearer {token['access_token']}"
    t0 = time.perf_counter()
    for k in range(n):
        hashes = []
        for blob in blobs[2 * k:2 * k + 2]:
            sha = hashlib.sha256(blob).hexdigest()
            http.put(f"{url}/materials/{sha}", data=blob, timeout=30,
                     headers={"Content-Type": "application/octet-stream"}).raise_for_status()
            hashes.append(sha)
        http.put(f"{url}/cases/{uuid.uuid4()}", json=payload_for(k, hashes),
                 timeout=30).raise_for_status()
    return time.perf_counter() - t0


def run(n: int = 1000) -> list[tuple[str, float, str, float]]:
    rng = random.Random(2026)
    blobs = [rng.randbytes(100_000) for _ in range(2 * n)]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        db = open_database(tmp / "client.sqlite3")
        cases = CaseRepository(db)
        ids = make_cases(cases, n, tmp / "files", blobs)
        engine_holder: dict = {}

        # what our engine would send, reused by the bare loop so both post the same bytes
        def payload_for(k: int, hashes: list[str]) -> dict:
            case = cases.get(ids[k])
            payload, _ = engine_holder["engine"].push_cases.payload(case, cases.files(case.id))
            payload["provisional_no"] = f"BARE-{k:05d}"
            return payload

        proc_a, url_a = start_sandbox(tmp, "ours")
        proc_b, url_b = start_sandbox(tmp, "bare")
        try:
            client = PlatformClient(ConnectionSettings(base_url=url_a, window_code="B01",
                                                       read_timeout=60))
            client.sign_in(USER, PASSWORD)
            engine = make_sync_engine(load_catalog(), cases, SyncRepository(db), client)
            engine_holder["engine"] = engine
            bare_s = bare_loop(url_b, n, blobs, payload_for)
            tracemalloc.start()
            t0 = time.perf_counter()
            while engine.sync.queued():
                report = engine.run_once()
                if report.error:
                    raise RuntimeError(report.error)
            ours_s = time.perf_counter() - t0
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            for proc in (proc_a, proc_b):
                proc.terminate()
                proc.wait(10)
    return [(f"sync {n} cases × 2×100 KB (cases/s)", n / ours_s,
             "bare requests loop, same bytes (cases/s)", n / bare_s),
            (f"sync {n} cases: client peak Python memory (MB)", peak / 1e6,
             "the materials' total size (MB)", 2 * n * 100_000 / 1e6)]


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000):
        print(row)
