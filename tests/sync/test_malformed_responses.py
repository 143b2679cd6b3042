"""Whatever the platform answers — wrong types, missing fields, huge bodies, the
wrong content type, any status — the client never crashes and never marks a case
submitted. A real HTTP server on 127.0.0.1 plays the broken platform."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from window_client.core.case_state import CaseState
from window_client.platform.client import ConnectionSettings, PlatformClient, TokenState

from .helpers import make_queued_cases

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["case_no", "client_uuid", "state", "missing", "events",
                                       "next_cursor", "access_token", "code", "message",
                                       "seq", "type", "at"]) | st.text(max_size=8),
                      children, max_size=6),
    max_leaves=12)

ANSWERS = st.one_of(
    st.tuples(st.sampled_from([200, 201, 400, 401, 404, 409, 422, 500, 503, 302, 204]),
              st.sampled_from(["application/json", "text/html", "", "application/json; charset=utf-8"]),
              JSON_VALUES.map(lambda v: json.dumps(v).encode())),
    st.tuples(st.just(200), st.just("application/json"), st.binary(max_size=200)),
    st.tuples(st.just(200), st.just("application/json"),
              st.integers(5, 6).map(lambda mb: b"[" + b"1," * (mb * 1024 * 512) + b"1]")),
)


class Broken:
    answer = (200, "application/json", b"{}")


class Handler(BaseHTTPRequestHandler):
    def _reply(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        status, ctype, body = Broken.answer
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _reply

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def broken_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    server.shutdown()


@pytest.fixture(scope="module")
def queued(tmp_path_factory, catalog):
    from window_client.store.db import open_database
    from window_client.store.repository import CaseRepository
    from window_client.store.sync_repository import SyncRepository
    tmp = tmp_path_factory.mktemp("malformed")
    db = open_database(tmp / "c.sqlite3")
    cases = CaseRepository(db)
    ids = make_queued_cases(cases, catalog, 2, tmp / "files", file_size=500)
    return db, cases, SyncRepository(db), ids


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(answer=ANSWERS)
def test_any_answer_never_crashes_and_never_submits(broken_server, queued, catalog, answer):
    from window_client.sync.engine import make_sync_engine
    db, cases, sync, ids = queued
    Broken.answer = answer
    client = PlatformClient(ConnectionSettings(base_url=broken_server, read_timeout=5),
                            TokenState(access="x", refresh="y"))
    engine = make_sync_engine(catalog, cases, sync, client)
    for case_id in ids:
        sync.retry(case_id)  # due now
    report = engine.run_once()  # must not raise
    assert isinstance(report.online, bool)
    for case_id in ids:
        case = cases.get(case_id)
        assert case.state == CaseState.QUEUED and case.platform_no is None
