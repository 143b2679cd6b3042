"""Benchmarks for what issue 10 added on the hot paths (called by window_client.devtools.bench):

- confirm: the plan frozen into a snapshot and written with the material records
  and the move to queued in one transaction, beside a bare sqlite3 insert of the
  same snapshot JSON with the same pragmas;
- one platform call with its total deadline (watchdog), contract checks and the
  pooled session, beside a bare ``requests.Session`` POST of the same body with
  ``json.loads`` of the answer, both against the same local HTTP server.

Ours and the baseline alternate run by run, so a busy machine slows both alike."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from collections.abc import Callable

import requests

from window_client.catalog.loader import load_catalog
from window_client.core.engine import compute_plan
from window_client.core.snapshot import take_snapshot
from window_client.platform.client import ConnectionSettings, PlatformClient
from window_client.store.db import open_database
from window_client.core.records import MaterialRecord
from window_client.store.repository import CaseRepository


def interleaved(ours: Callable[[], object], base: Callable[[], object],
                repeat: int) -> tuple[float, float]:
    """Medians of ours and the baseline, run by run in turn (after one warm-up each)."""
    ours()
    base()
    a, b = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ours()
        a.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        base()
        b.append((time.perf_counter() - t0) * 1000)
    return statistics.median(a), statistics.median(b)


def bench_confirm(repeat: int) -> tuple[str, float, str, float]:
    catalog = load_catalog()
    one = catalog.definitions["newborn"]
    plan = compute_plan(one, catalog.dictionary, one.default_answers())
    records = [MaterialRecord(m.spec.id, m.spec.name, m.tag.value, m.to_hand_in, 1)
               for m in plan.materials]
    with tempfile.TemporaryDirectory() as tmp:
        repo = CaseRepository(open_database(Path(tmp) / "bench.sqlite3"))
        drafts = [repo.create_draft(window_code="B01", one_thing_id="newborn",
                                    catalog_version=catalog.version, clerk="bench").id
                  for _ in range(repeat + 1)]

        def ours() -> None:
            snap = take_snapshot(plan, catalog, records, dt.datetime.now())
            repo.confirm(drafts.pop(), records, snap, clerk="bench")

        conn = sqlite3.connect(Path(tmp) / "bare.sqlite3", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, state TEXT, snapshot TEXT)")
        text = take_snapshot(plan, catalog, records, dt.datetime.now()).to_json()

        def bare() -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO cases (state, snapshot) VALUES ('queued', ?)", (text,))
            conn.execute("COMMIT")

        o, b = interleaved(ours, bare, repeat)
        conn.close()
    return ("confirm (snapshot + materials + queued)", o, "bare sqlite3 insert of the snapshot", b)


class _Manifest(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else headers and body wait on a delayed ACK (~40 ms)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        data = json.dumps({"missing": body["hashes"][:1]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def bench_platform_call(repeat: int) -> tuple[str, float, str, float]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Manifest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    hashes = [f"{n:064x}" for n in range(50)]
    client = PlatformClient(ConnectionSettings(base_url=url))
    bare_session = requests.Session()

    def ours() -> None:
        client.manifest(hashes)

    def bare() -> None:
        r = bare_session.post(url + "/materials/manifest", json={"hashes": hashes},
                              headers={"Authorization": "Bearer x"}, timeout=(5, 20))
        json.loads(r.content)

    try:
        o, b = interleaved(ours, bare, repeat)
    finally:
        server.shutdown()
        server.server_close()
    return ("platform call (deadline, contract checks)", o, "bare requests.Session POST", b)


def run(repeat: int) -> list[tuple[str, float, str, float]]:
    return [bench_confirm(repeat), bench_platform_call(repeat * 3)]
