"""Case submission (idempotent on the client UUID) and the change feed."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from .conftest import Api, submission


def test_submit_201_then_replay_200_with_the_same_number(api, server):
    photo = api.upload(b"photo of the newborn")
    client_uuid = str(uuid.uuid4())
    body = submission([photo])
    first = api.submit(body, client_uuid, expect=201)
    assert re.fullmatch(r"GZ\d{8}\d{5}", first["case_no"])
    assert first == {"case_no": first["case_no"], "client_uuid": client_uuid,
                     "state": "accepted"}
    again = api.submit(body, client_uuid, expect=200)
    assert again == first
    case = api.case(first["case_no"])
    assert case["provisional_no"] == body["provisional_no"]
    assert [(i["code"], i["node"]) for i in case["items"]] == [
        ("birth_certificate", "accepted"), ("household_registration", "accepted"),
        ("medical_insurance", "accepted")]
    assert case["items"][0]["outputs"] == [
        {"id": "birth_medical_certificate", "name": "出生医学证明", "status": "pending"}]
    state = server.state()
    assert state["submissions"][client_uuid] == 2
    [row] = [c for c in state["cases"] if c["client_uuid"] == client_uuid]
    assert row["materials"] == [{"sha256": photo, "recorded": True, "exists": True,
                                 "verified": True}]


def test_concurrent_replays_create_one_case(api, server):
    client_uuid = str(uuid.uuid4())
    body = submission()

    def put(_):
        r = requests.put(f"{server.url}/cases/{client_uuid}", json=body, headers=api.headers,
                         timeout=10)  # a Session is not for sharing between threads
        return r.status_code, r.json()["case_no"]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(put, range(8)))
    assert sorted(s for s, _ in results) == [200] * 7 + [201]
    assert len({n for _, n in results}) == 1
    assert server.state()["submissions"][client_uuid] == 8


def test_case_numbers_are_distinct_and_sequential(api):
    numbers = [api.submit(submission())["case_no"] for _ in range(3)]
    assert len(set(numbers)) == 3
    assert [int(n[-5:]) for n in numbers] == sorted(int(n[-5:]) for n in numbers)


def test_a_case_naming_unuploaded_files_is_422_with_the_missing_ones(api, server):
    held = api.upload(b"scan 1")
    absent = "ab" * 32
    client_uuid = str(uuid.uuid4())
    body = api.call("put", f"/cases/{client_uuid}", "/cases/{case_ref}",
                    json=submission([held, absent]), expect=422)
    assert body["code"] == "missing_materials" and body["missing"] == [absent]
    assert client_uuid not in server.state()["submissions"]
    api.call("put", f"/materials/{absent}", "/materials/{sha256}", data=b"x", expect=422)


def test_a_reused_uuid_for_another_case_is_409(api):
    client_uuid = str(uuid.uuid4())
    api.submit(submission(), client_uuid)
    body = api.submit(submission(provisional_no="W01-20261127-9999"), client_uuid, expect=409)
    assert body["code"] == "client_uuid_reused"


def test_bad_uuid_and_unknown_case(api):
    assert api.raw("put", "/cases/not-a-uuid", json=submission()).status_code == 422
    status, body = api.call("get", "/cases/GZ2099010100001", "/cases/{case_ref}")
    assert status == 404 and body["code"] == "not_found"


def test_the_feed_pages_by_cursor_and_filters_by_window(server):
    w07 = Api(server, "chenjing", "window2026", "W07")
    other = Api(server, "wangli", "window2026", "W08")
    mine = [w07.submit(submission(window_code="W07"))["case_no"] for _ in range(5)]
    other.submit(submission(window_code="W08"))
    seen, cursor = [], 0
    for _ in range(10):
        page = w07.feed(cursor=cursor, limit=2)
        assert len(page["events"]) <= 2
        if not page["events"]:
            assert page["next_cursor"] == cursor
            break
        seen += page["events"]
        cursor = page["next_cursor"]
        assert cursor == page["events"][-1]["seq"]
    assert [e["case_no"] for e in seen] == mine
    assert {e["type"] for e in seen} == {"accepted"}
    assert all(e["state"] == "accepted" and e["item_code"] is None for e in seen)
    seqs = [e["seq"] for e in seen]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert len(other.feed()["events"]) == 1


def test_feed_parameters_are_checked(api):
    assert api.raw("get", "/changes").status_code == 422
    assert api.raw("get", "/changes", params={"window_code": "W01", "limit": 501}).status_code == 422
