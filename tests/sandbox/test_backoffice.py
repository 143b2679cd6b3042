"""The back office: nodes, results, return for supplement, issuance, evaluation."""

import uuid

import pytest

from platform_sandbox.backoffice import fate
from platform_sandbox.testing import SandboxServer

from .conftest import Api, submission


def events_of(api, case_no):
    """Every event of one case, paging through the whole feed."""
    found, cursor = [], 0
    while page := api.feed(cursor=cursor, limit=500)["events"]:
        found += [e for e in page if e["case_no"] == case_no]
        cursor = page[-1]["seq"]
    return found


def test_a_case_goes_to_ready_with_result_ready_per_output(api, server):
    case_no = api.submit(submission())["case_no"]
    server.tick(all=True, steps=1)
    case = api.case(case_no)
    assert case["state"] == "in_review"
    assert {i["node"] for i in case["items"]} == {"dispatched"}
    server.tick(all=True)
    case = api.case(case_no)
    assert case["state"] == "ready"
    assert {i["node"] for i in case["items"]} == {"done"}
    assert [o["status"] for i in case["items"] for o in i["outputs"]] == ["ready", "ready"]
    events = events_of(api, case_no)
    types = [e["type"] for e in events]
    assert types.count("dispatched") == types.count("review") == types.count("item_done") == 3
    ready = [e for e in events if e["type"] == "result_ready"]
    assert [(e["item_code"], e["output_id"]) for e in ready] == [
        ("birth_certificate", "birth_medical_certificate"),
        ("household_registration", "household_register_page")]
    assert events[-1]["state"] == "ready" and events[0]["type"] == "accepted"


def test_delays_are_respected_without_all(server, api):
    case_no = api.submit(submission())["case_no"]
    assert server.tick(all=False)["moved"] == 0  # the test server waits an hour per node
    assert api.case(case_no)["state"] == "accepted"


def test_the_background_thread_moves_cases_after_the_delay():
    with SandboxServer(review_delay=0.05, poll_interval=0.05) as sb:
        api = Api(sb)
        case_no = api.submit(submission())["case_no"]
        from platform_sandbox.testing import wait_until
        assert wait_until(lambda: api.case(case_no)["state"] == "ready", timeout=10)


def test_return_for_supplement_then_supplement_then_ready(server, api):
    server.configure(return_share=1.0)
    try:
        photo = api.upload(b"new photo")
        case_no = api.submit(submission())["case_no"]
        server.tick(all=True)
        case = api.case(case_no)
        assert case["state"] == "returned"
        [returned] = [i for i in case["items"] if i["node"] == "returned"]
        [event] = [e for e in events_of(api, case_no) if e["type"] == "returned"]
        assert event["item_code"] == returned["code"] and event["reasons"]
        assert all("\u4e00" <= r[0] <= "\u9fff" for r in event["reasons"])  # Chinese
        assert server.tick(all=True)["moved"] == 0  # waits for the supplement

        sup = {"supplement_id": str(uuid.uuid4()), "form": {"child.name": "张小雨"},
               "materials": [{"material_id": "child_photo", "tag": "hand_in", "files": [photo]}]}
        path, tpl = f"/cases/{case_no}/supplements", "/cases/{case_no}/supplements"
        answer = api.call("post", path, tpl, json=sup, expect=200)
        assert answer["state"] == "in_review" and answer["case_no"] == case_no
        assert api.call("post", path, tpl, json=sup, expect=200) == answer  # replay
        other = {**sup, "supplement_id": str(uuid.uuid4())}
        assert api.call("post", path, tpl, json=other, expect=409)["code"] == "not_returned"
        assert "supplemented" in [e["type"] for e in events_of(api, case_no)]
        server.tick(all=True)
        assert api.case(case_no)["state"] == "ready"  # returned once only
        [row] = [c for c in server.state()["cases"] if c["case_no"] == case_no]
        assert photo in [m["sha256"] for m in row["materials"]]
    finally:
        server.configure(return_share=0.0)


def test_a_supplement_with_unuploaded_files_is_422(server, api):
    server.configure(return_share=1.0)
    try:
        case_no = api.submit(submission())["case_no"]
        server.tick(all=True)
        sup = {"supplement_id": str(uuid.uuid4()), "form": {},
               "materials": [{"material_id": "x", "tag": "hand_in", "files": ["cd" * 32]}]}
        body = api.call("post", f"/cases/{case_no}/supplements", "/cases/{case_no}/supplements",
                        json=sup, expect=422)
        assert body["missing"] == ["cd" * 32]
        assert api.case(case_no)["state"] == "returned"
    finally:
        server.configure(return_share=0.0)


def test_return_decisions_are_deterministic_per_seed():
    ids = [str(uuid.UUID(int=n)) for n in range(200)]
    a = [fate(7, i, 3, 0.3, 0.0) for i in ids]
    assert a == [fate(7, i, 3, 0.3, 0.0) for i in ids]
    share = sum(f is not None for f in a) / len(a)
    assert 0.2 < share < 0.4
    assert a != [fate(8, i, 3, 0.3, 0.0) for i in ids]
    assert all(f is None for f in (fate(7, i, 3, 0.0, 0.0) for i in ids))


def test_issuance_once_then_409(server, api):
    case_no = api.submit(submission())["case_no"]
    path, tpl = f"/cases/{case_no}/issuances", "/cases/{case_no}/issuances"
    collector = {"name": "李娜", "id_number": "360702200005180426", "role": "applicant"}
    early = {"issuance_id": str(uuid.uuid4()), "outputs": ["birth_medical_certificate"],
             "method": "window", "collector": collector}
    assert api.call("post", path, tpl, json=early, expect=409)["code"] == "not_ready"
    server.tick(all=True)
    first = {**early, "issuance_id": str(uuid.uuid4())}
    assert api.call("post", path, tpl, json=first, expect=200) == {
        "issued": ["birth_medical_certificate"]}
    assert api.call("post", path, tpl, json=first, expect=200) == {
        "issued": ["birth_medical_certificate"]}  # replay of the same issuance
    twice = {**first, "issuance_id": str(uuid.uuid4())}
    assert api.call("post", path, tpl, json=twice, expect=409)["code"] == "already_issued"
    unknown = {**first, "issuance_id": str(uuid.uuid4()), "outputs": ["nothing"]}
    assert api.call("post", path, tpl, json=unknown, expect=422)["missing"] == ["nothing"]
    assert api.case(case_no)["state"] == "ready"
    posted = {"issuance_id": str(uuid.uuid4()), "outputs": ["household_register_page"],
              "method": "post", "collector": collector, "tracking_no": "SF1234567890",
              "address": "江西省赣州市章贡区红旗大道20号"}
    api.call("post", path, tpl, json=posted, expect=200)
    case = api.case(case_no)
    assert case["state"] == "issued"
    assert [o["status"] for i in case["items"] for o in i["outputs"]] == ["issued", "posted"]
    tail = [(e["type"], e["output_id"]) for e in events_of(api, case_no)][-2:]
    assert tail == [("issued", "birth_medical_certificate"), ("posted", "household_register_page")]


@pytest.mark.parametrize("level", [5, 1])
def test_evaluation_is_recorded_once(api, level):
    case_no = api.submit(submission())["case_no"]
    path, tpl = f"/cases/{case_no}/evaluations", "/cases/{case_no}/evaluations"
    ev = {"evaluation_id": str(uuid.uuid4()), "stage": "acceptance", "level": level,
          "reason": "窗口服务热情" if level > 2 else "等候时间太长"}
    assert api.call("post", path, tpl, json=ev, expect=200) == {"evaluation_id": ev["evaluation_id"]}
    assert api.call("post", path, tpl, json=ev, expect=200) == {"evaluation_id": ev["evaluation_id"]}
    bad = {**ev, "evaluation_id": str(uuid.uuid4()), "level": 6}
    assert api.call("post", path, tpl, json=bad, expect=422)["code"] == "invalid_request"
    assert api.call("post", "/cases/GZ2099010100001/evaluations", tpl, json=ev,
                    expect=404)["code"] == "not_found"


def test_urge_an_open_case_only(server, api):
    case_no = api.submit(submission())["case_no"]
    path, tpl = f"/cases/{case_no}/urge", "/cases/{case_no}/urge"
    assert api.call("post", path, tpl, json={"reason": "超期"}, expect=200) == {"urged": True}
    server.tick(all=True)
    assert api.call("post", path, tpl, json={}, expect=200) == {"urged": False}


def _uuid_refused_at(first: bool, n_items: int = 3, seed: int = 2026) -> str:
    """A client UUID whose case the back office refuses at its first item (the one
    the others build on: the whole case) or at a later one (that item alone)."""
    while True:
        candidate = str(uuid.uuid4())
        doom = fate(seed, candidate, n_items, 0.0, 1.0)
        if (doom.item == 0) == first:
            return candidate


def test_refusal_when_asked():
    """Refused at the first item: the whole case, nothing of it ready."""
    with SandboxServer(refuse_share=1.0) as sb:
        api = Api(sb)
        case_no = api.submit(submission(), client_uuid=_uuid_refused_at(True,
                                                                        seed=sb.config.seed))[
            "case_no"]
        sb.tick(all=True)
        assert api.case(case_no)["state"] == "refused"
        [event] = [e for e in events_of(api, case_no) if e["type"] == "refused"]
        assert event["reasons"] and event["state"] == "refused"
        assert not [e for e in events_of(api, case_no) if e["type"] == "result_ready"]


def test_one_item_refused_the_others_go_on():
    """Refused at a later item: that item alone (item_refused), the case becomes ready."""
    with SandboxServer(refuse_share=1.0) as sb:
        api = Api(sb)
        case_no = api.submit(submission(), client_uuid=_uuid_refused_at(False,
                                                                        seed=sb.config.seed))[
            "case_no"]
        sb.tick(all=True)
        assert api.case(case_no)["state"] == "ready"
        [event] = [e for e in events_of(api, case_no) if e["type"] == "item_refused"]
        assert event["reasons"] and event["item_code"]
        assert not [e for e in events_of(api, case_no) if e["type"] == "refused"]
