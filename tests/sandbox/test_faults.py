"""Fault switches: 500s, 503 bursts, latency, broken connections, path filters."""

import hashlib
import time
import urllib.error
import uuid

import pytest
import requests

from .conftest import submission


def test_error_rate_one_answers_500_and_admin_is_unaffected(server, api):
    server.set_faults(error_rate=1.0)
    for _ in range(3):
        status, body = api.call("get", "/catalog")
        assert status == 500 and body["code"] == "internal_error"
    assert server.state()["faults"]["injected"]["errors"] == 3  # /_sandbox still answers
    server.reset()
    assert api.call("get", "/catalog")[0] == 200


def test_burst_5xx_counts_down(server, api):
    server.set_faults(burst_5xx=2)
    assert [api.call("get", "/catalog")[0] for _ in range(3)] == [503, 503, 200]
    assert server.state()["faults"]["burst_5xx"] == 0


def test_latency(server, api):
    server.set_faults(latency_ms=300)
    start = time.monotonic()
    api.call("get", "/catalog", expect=200)
    assert time.monotonic() - start >= 0.3
    server.reset()
    start = time.monotonic()
    api.call("get", "/catalog", expect=200)
    assert time.monotonic() - start < 0.3


def test_drop_mid_body_breaks_an_upload(server, api):
    data = b"scan " * 400_000  # 2 MB: the cut happens while the client still sends
    sha = hashlib.sha256(data).hexdigest()
    server.set_faults(drop_mid_body=1.0)
    with pytest.raises(requests.exceptions.ConnectionError):
        api.raw("put", f"/materials/{sha}", data=data)
    small = b"tiny"
    with pytest.raises(requests.exceptions.ConnectionError):
        api.raw("put", f"/materials/{hashlib.sha256(small).hexdigest()}", data=small)
    server.reset()
    assert api.call("post", "/materials/manifest", json={"hashes": [sha]},
                    expect=200) == {"missing": [sha]}  # the app never saw the upload
    assert api.upload(data) == sha


def test_drop_mid_body_breaks_a_get_answer(server, api):
    server.set_faults(drop_mid_body=1.0)
    with pytest.raises((requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ConnectionError)):
        api.raw("get", "/catalog/bundle")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        api.raw("get", "/catalog")
    server.reset()
    assert api.raw("get", "/catalog/bundle").status_code == 200


def test_a_cut_answer_after_commit_is_safe_to_replay(server, api):
    client_uuid = str(uuid.uuid4())
    body = submission()
    server.set_faults(drop_next=1, drop_mode="response")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        api.raw("put", f"/cases/{client_uuid}", json=body)
    server.reset()
    answer = api.submit(body, client_uuid, expect=200)  # it was committed: a replay
    state = server.state()
    assert state["submissions"][client_uuid] == 2
    assert [c["case_no"] for c in state["cases"] if c["client_uuid"] == client_uuid] == [
        answer["case_no"]]


def test_faults_can_be_limited_to_paths(server, api):
    server.set_faults(error_rate=1.0, paths=["/materials/"])
    assert api.call("get", "/catalog")[0] == 200
    assert api.call("post", "/materials/manifest", json={"hashes": []})[0] == 500


def test_bad_switches_are_refused(server):
    with pytest.raises(urllib.error.HTTPError, match="400"):
        server.set_faults(error_rate=2)
    with pytest.raises(urllib.error.HTTPError, match="400"):
        server.set_faults(no_such_switch=1)
