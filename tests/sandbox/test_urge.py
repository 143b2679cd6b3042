"""Urging (催办): idempotent on urge_id, per item or case-wide, recorded, and answered
by the department on the feed (urge_answered)."""

import datetime as dt
import uuid

from platform_sandbox.backoffice import URGE_REPLIES
from platform_sandbox.clock import CST, WorkTime
from platform_sandbox.contract import default_contract
from platform_sandbox.testing import SandboxServer

from .conftest import Api, submission
from .test_backoffice import events_of

PATH, TPL = "/cases/{}/urge", "/cases/{case_no}/urge"


def urge(api, case_no, expect=200, **body):
    return api.call("post", PATH.format(case_no), TPL, json=body, expect=expect)


def urges_of(server, case_no):
    return [u for u in server.urges() if u["case_no"] == case_no]


def test_the_same_urge_id_twice_is_one_urge_with_the_same_answer(server, api):
    case_no = api.submit(submission())["case_no"]
    body = {"urge_id": str(uuid.uuid4()), "item_code": "household_registration",
            "reason": "已超承诺时限", "auto": True}
    first = urge(api, case_no, **body)
    assert first == {"urged": True, "urge_id": body["urge_id"]}
    assert urge(api, case_no, **body) == first
    [row] = urges_of(server, case_no)
    assert (row["urge_id"], row["item_code"], row["department"], row["reason"], row["auto"]) == (
        body["urge_id"], "household_registration", "public_security", "已超承诺时限", True)
    assert row["reply"] is None and row["answered_at"] is None
    other = api.submit(submission())["case_no"]
    assert urge(api, other, expect=409, **body)["code"] == "id_reused"


def test_the_department_answers_on_the_next_pass(server, api):
    case_no = api.submit(submission())["case_no"]
    urge_id = str(uuid.uuid4())
    urge(api, case_no, urge_id=urge_id, item_code="birth_certificate", reason="群众催问",
         auto=False)
    assert server.tick(all=False)["moved"] == 0   # review_delay is an hour here
    server.tick(all=True, steps=1)
    [answer] = [e for e in events_of(api, case_no) if e["type"] == "urge_answered"]
    assert (answer["item_code"], answer["department"], answer["urge_id"]) == (
        "birth_certificate", "health", urge_id)
    assert len(answer["reasons"]) == 1 and answer["reasons"][0] in URGE_REPLIES
    assert answer["state"] == "in_review"
    [row] = urges_of(server, case_no)
    assert row["reply"] == answer["reasons"][0] and row["answered_at"] == answer["at"]
    server.tick(all=True)
    assert len([e for e in events_of(api, case_no) if e["type"] == "urge_answered"]) == 1


def test_in_delay_pace_the_answer_waits_review_delay(server, api):
    case_no = api.submit(submission())["case_no"]
    urge(api, case_no, urge_id=str(uuid.uuid4()), item_code=None, reason="超期", auto=True)
    assert len(urges_of(server, case_no)) == 3   # every open item
    assert server.tick(all=False)["moved"] == 0
    server.advance_clock(3601)
    server.tick(all=False)
    api = Api(server)   # the clock moved past the token's life
    answers = [e for e in events_of(api, case_no) if e["type"] == "urge_answered"]
    assert sorted(e["department"] for e in answers) == [
        "health", "medical_security", "public_security"]


def test_an_urge_on_a_closed_item_is_not_urged(server, api):
    case_no = api.submit(submission())["case_no"]
    server.tick(all=True)
    body = {"urge_id": str(uuid.uuid4()), "item_code": "birth_certificate", "reason": "超期",
            "auto": True}
    assert urge(api, case_no, **body) == {"urged": False, "urge_id": body["urge_id"]}
    assert urge(api, case_no, **{**body, "urge_id": str(uuid.uuid4()),
                                 "item_code": None})["urged"] is False
    assert urges_of(server, case_no) == []


def test_one_item_done_the_others_still_open(server, api):
    """Urging the whole case names only the items still open."""
    server.configure(return_share=1.0)
    try:
        case_no = api.submit(submission())["case_no"]
        server.tick(all=True)
        assert api.case(case_no)["state"] == "returned"
        assert urge(api, case_no, urge_id=str(uuid.uuid4()))["urged"] is True
        open_items = {i["code"] for i in api.case(case_no)["items"]
                      if i["node"] not in ("done", "refused")}
        assert {u["item_code"] for u in urges_of(server, case_no)} == open_items
        server.tick(all=True, steps=1)
        replies = {e["item_code"]: e["reasons"][0] for e in events_of(api, case_no)
                   if e["type"] == "urge_answered"}
        returned = next(i["code"] for i in api.case(case_no)["items"] if i["node"] == "returned")
        assert "补正" in replies[returned]
    finally:
        server.configure(return_share=0.0)


def test_an_unknown_item_is_422(server, api):
    case_no = api.submit(submission())["case_no"]
    body = urge(api, case_no, expect=422, urge_id=str(uuid.uuid4()), item_code="no_such_item")
    assert body["code"] == "unknown_item" and body["missing"] == ["no_such_item"]
    assert api.call("post", PATH.format("GZ2099010100001"), TPL, json={},
                    expect=404)["code"] == "not_found"


def test_old_clients_urge_without_an_id_every_time(server, api):
    case_no = api.submit(submission())["case_no"]
    assert urge(api, case_no, reason="超期") == {"urged": True}
    assert urge(api, case_no) == {"urged": True}
    resp = api.raw("post", PATH.format(case_no))   # no body at all
    assert resp.status_code == 200 and resp.json() == {"urged": True}
    assert len(urges_of(server, case_no)) == 9   # three times every open item


def test_urge_bodies_are_checked_against_the_contract(server, api):
    contract = default_contract()
    good = {"urge_id": str(uuid.uuid4()), "item_code": None, "reason": "超期", "auto": True}
    assert contract.request_errors(TPL, "post", good) == []
    assert contract.request_errors(TPL, "post", {}) == []
    case_no = api.submit(submission())["case_no"]
    for bad in ({"urge_id": "not-a-uuid"}, {"auto": "yes"}, {"item_code": 5},
                {"reason": ["超期"]}):
        assert contract.request_errors(TPL, "post", bad)
        assert urge(api, case_no, expect=422, **bad)["code"] == "invalid_request"
    assert urges_of(server, case_no) == []


def test_in_workdays_pace_the_answer_comes_in_working_hours_and_a_late_item_may_speed_up():
    wt = WorkTime()
    with SandboxServer(pace="workdays", background=False, token_ttl=10**9,
                       late_share=1.0) as sb:
        sb.set_clock("2026-11-27T16:30:00+08:00")   # a Friday afternoon
        api = Api(sb)
        cases = [api.submit(submission(), client_uuid=str(uuid.UUID(int=1000 + n)))["case_no"]
                 for n in range(16)]
        sb.set_clock("2026-12-02T17:29:00+08:00")   # 3 working days on: past every limit
        sb.tick(all=False)
        assert {i["node"] for c in cases for i in api.case(c)["items"]
                if i["code"] == "household_registration"} <= {"review", "approved"}
        urged_at = sb.clock()
        for case_no in cases:
            urge(api, case_no, urge_id=str(uuid.uuid4()), item_code="household_registration",
                 reason="已超承诺时限", auto=True)
        plans_before = {c: _done_at(sb, c) for c in cases}
        assert sb.tick(all=False)["moved"] == 0   # not answered yet
        sb.set_clock("2026-12-03T17:29:00+08:00")
        sb.tick(all=False)
        pulled = 0
        for case_no in cases:
            [answer] = [e for e in events_of(api, case_no) if e["type"] == "urge_answered"]
            t = dt.datetime.fromisoformat(answer["at"])
            assert wt.in_hours(t.timestamp())
            gap = wt.between(dt.datetime.fromisoformat(urged_at).timestamp(), t.timestamp())
            assert 3600 - 1 <= gap <= 4 * 3600 + 1
            after = _done_at(sb, case_no)
            assert after <= plans_before[case_no]
            if after < plans_before[case_no]:
                pulled += 1
                saved = wt.between(after, plans_before[case_no])
                assert saved <= 1.3 * 8.5 * 3600 + 60
                # about a working day sooner — or right after the answer, never before it
                assert saved >= 0.7 * 8.5 * 3600 - 60 \
                    or 0 < wt.between(t.timestamp(), after) <= 5 * 60
        assert 0 < pulled < len(cases)   # about a working day sooner, not always


def _done_at(sb, case_no) -> float:
    from sqlalchemy import select

    from platform_sandbox.models import Case
    with sb.sandbox.db.read() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        item = next(i for i in case.items if i.code == "household_registration")
        return item.schedule()["item_done"]


def test_times_are_in_the_platform_zone():
    assert dt.datetime(2026, 1, 1, tzinfo=CST).utcoffset() == dt.timedelta(hours=8)
