"""Per-item nodes, departments and times: the delay pace, the workdays pace over
working days and hours, and the platform clock."""

import datetime as dt
import uuid

import chinese_calendar
import pytest

from platform_sandbox.app import Sandbox
from platform_sandbox.cases import event_dict
from platform_sandbox.clock import CST, WORKDAY_SECONDS, WorkTime, local
from platform_sandbox.config import SandboxConfig
from platform_sandbox.models import Event
from platform_sandbox.schedule import department_speed, plan_item
from platform_sandbox.testing import SandboxServer

from .conftest import Api, submission
from .test_backoffice import events_of

DEPARTMENTS = {"birth_certificate": "health", "household_registration": "public_security",
               "medical_insurance": "medical_security"}
OUTPUTS = {"birth_certificate": ["birth_medical_certificate"],
           "household_registration": ["household_register_page"], "medical_insurance": []}
WT = WorkTime()


def cst(text: str) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST).timestamp()


def nodes_per_item(events: list[dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for e in events:
        if e["item_code"] is not None:
            found.setdefault(e["item_code"], []).append(e["type"])
    return found


def expected_nodes(code: str) -> list[str]:
    return ["dispatched", "review", "approved", "item_done"] + ["result_ready"] * len(OUTPUTS[code])


def in_working_hours(iso: str) -> bool:
    moment = dt.datetime.fromisoformat(iso)
    return (chinese_calendar.is_workday(moment.date())
            and dt.time(9, 0) <= moment.time() <= dt.time(17, 30))


def test_every_item_goes_through_its_nodes_in_order_with_its_department(server, api):
    case_no = api.submit(submission())["case_no"]
    server.tick(all=True)
    events = events_of(api, case_no)
    assert nodes_per_item(events) == {code: expected_nodes(code) for code in DEPARTMENTS}
    for e in events:
        assert e["department"] == (DEPARTMENTS[e["item_code"]] if e["item_code"] else None)
    assert events[0]["type"] == "accepted" and events[0]["department"] is None
    # approved says in_review: nothing changes for a client that maps types to states
    assert {e["state"] for e in events if e["type"] == "approved"} == {"in_review"}
    assert [i["node"] for i in api.case(case_no)["items"]] == ["done"] * 3


def test_approved_is_an_item_node_between_review_and_done(server, api):
    case_no = api.submit(submission())["case_no"]
    server.tick(all=True, steps=3)   # dispatched, review, approved
    assert [i["node"] for i in api.case(case_no)["items"]] == ["approved"] * 3
    server.tick(all=True)
    assert api.case(case_no)["state"] == "ready"


def test_a_returned_item_goes_back_to_review_after_the_supplement(server, api):
    server.configure(return_share=1.0)
    try:
        case_no = api.submit(submission())["case_no"]
        server.tick(all=True)
        returned = next(e for e in events_of(api, case_no) if e["type"] == "returned")
        code = returned["item_code"]
        assert returned["department"] == DEPARTMENTS[code]
        api.call("post", f"/cases/{case_no}/supplements", "/cases/{case_no}/supplements",
                 json={"supplement_id": str(uuid.uuid4()), "form": {}, "materials": []},
                 expect=200)
        server.tick(all=True)
        nodes = nodes_per_item(events_of(api, case_no))[code]
        assert nodes == ["dispatched", "review", "returned", "supplemented", "review",
                         "approved", "item_done"] + ["result_ready"] * len(OUTPUTS[code])
    finally:
        server.configure(return_share=0.0)


# --- the platform clock ----------------------------------------------------------------

def test_the_clock_endpoint_reads_sets_and_advances(server):
    try:
        assert server.set_clock("2026-09-30T10:00:00+08:00") == "2026-09-30T10:00:00+08:00"
        assert server.clock() == "2026-09-30T10:00:00+08:00"
        # National Day (10-01 … 10-07) is skipped, the adjusted Saturday 10-10 counts
        assert server.advance_working_days(1) == "2026-10-08T10:00:00+08:00"
        assert server.advance_working_days(2) == "2026-10-10T10:00:00+08:00"
        assert server.advance_working_days(1) == "2026-10-12T10:00:00+08:00"
        server.advance_clock(3600)
        assert server.clock() == "2026-10-12T11:00:00+08:00"
        assert server.set_clock(dt.datetime(2026, 5, 9, 8, 0)) == "2026-05-09T08:00:00+08:00"
        assert server.advance_working_days(0) == "2026-05-09T08:00:00+08:00"
        from platform_sandbox.testing import _admin
        assert "offset" in _admin(server.base_url, "POST", "/clock", {"advance": 1})  # old spelling
        import urllib.error
        for bad in ({"advance_seconds": -1}, {"advance_working_days": 1.5}, {"set": "soon"},
                    {"advance_seconds": 1, "set": "2026-01-01T00:00:00+08:00"}):
            with pytest.raises(urllib.error.HTTPError) as exc:
                _admin(server.base_url, "POST", "/clock", bad)
            assert exc.value.code == 400
    finally:
        server.reset()
    now = dt.datetime.fromisoformat(server.clock())
    assert abs((now - dt.datetime.now(CST)).total_seconds()) < 600   # back on the wall clock


def test_working_time_arithmetic_around_national_day():
    assert WT.advance_workdays(cst("2026-09-30T16:00:00"), 1) == cst("2026-10-08T16:00:00")
    assert WT.add_workdays(dt.date(2026, 10, 9), 1) == dt.date(2026, 10, 10)   # 调休 Saturday
    assert WT.add_workdays(dt.date(2026, 10, 10), 1) == dt.date(2026, 10, 12)
    assert WT.align(cst("2026-10-01T10:00:00")) == cst("2026-10-08T09:00:00")
    assert WT.align(cst("2026-10-09T18:00:00")) == cst("2026-10-10T09:00:00")
    assert WT.add(cst("2026-09-30T17:00:00"), 3600) == cst("2026-10-08T09:30:00")
    assert WT.between(cst("2026-09-30T17:00:00"), cst("2026-10-08T09:30:00")) == 3600
    assert WT.add(cst("2026-10-08T09:00:00"), WORKDAY_SECONDS) == cst("2026-10-08T17:30:00")


# --- the workdays pace -------------------------------------------------------------------

def _play(seed: int, client_uuid: str, start: str, until: str, **config) -> list[tuple]:
    """A case submitted at ``start``, the back office run every half hour to ``until``
    with an explicit clock; the feed as (type, item, department, at)."""
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as tmp:
        sb = Sandbox(SandboxConfig.for_sqlite(Path(tmp) / "p.db", pace="workdays", seed=seed,
                                              background=False, return_share=0.0, **config))
        try:
            t = cst(start)
            sb.cases.submit(client_uuid, submission(), "wangli", at=t)
            while t < cst(until):
                t += 1800
                sb.backoffice.tick(at=t)
            with sb.db.read() as s:
                return [(e["type"], e["item_code"], e["department"], e["at"])
                        for e in map(event_dict, s.query(Event).order_by(Event.seq))]
        finally:
            sb.close()


def test_workdays_pace_plans_reproducibly_on_working_days_and_hours():
    client_uuid = str(uuid.UUID(int=42))
    first = _play(7, client_uuid, "2026-09-30T16:40:00", "2026-10-20T12:00:00")
    assert first == _play(7, client_uuid, "2026-09-30T16:40:00", "2026-10-20T12:00:00")
    assert first != _play(8, client_uuid, "2026-09-30T16:40:00", "2026-10-20T12:00:00")
    events = [{"type": t, "item_code": c, "department": d, "at": a} for t, c, d, a in first]
    assert nodes_per_item(events) == {code: expected_nodes(code) for code in DEPARTMENTS}
    assert all(e["department"] == DEPARTMENTS[e["item_code"]] for e in events if e["item_code"])
    assert all(in_working_hours(e["at"]) for e in events if e["type"] != "accepted")
    days = {dt.date.fromisoformat(e["at"][:10]) for e in events}
    assert not {d for d in days if dt.date(2026, 10, 1) <= d <= dt.date(2026, 10, 7)}
    ats = [e["at"] for e in events]
    assert ats == sorted(ats)   # the feed is in time order
    dispatched = [e["item_code"] for e in events if e["type"] == "dispatched"]
    assert dispatched[0] == "birth_certificate"   # the first item is dispatched first


def test_a_node_is_moved_only_when_the_platform_clock_reaches_it():
    with SandboxServer(pace="workdays", background=False, token_ttl=10**9) as sb:
        sb.set_clock("2026-11-30T09:30:00+08:00")   # a Monday
        api = Api(sb)
        case_no = api.submit(submission())["case_no"]
        assert sb.tick(all=False)["moved"] == 0
        sb.advance_clock(3 * 60)
        assert api.case(case_no)["state"] == "accepted"
        sb.advance_working_days(10)
        assert sb.tick(all=False)["moved"] > 0
        assert api.case(case_no)["state"] == "ready"
        events = events_of(api, case_no)
        assert all(e["at"] < sb.clock() for e in events)
        assert len({e["at"] for e in events}) > len(events) // 2   # not all at once
        # tick(all=True) keeps its meaning in this pace: a node per item, now
        other = api.submit(submission())["case_no"]
        before = sb.clock()
        sb.tick(all=True, steps=1)
        after = sb.clock()
        dispatched = [e["at"] for e in events_of(api, other) if e["type"] == "dispatched"]
        assert len(dispatched) == 3 and all(before <= at <= after for at in dispatched)


def test_a_supplement_replans_the_rest_from_the_supplement_time():
    with SandboxServer(pace="workdays", background=False, token_ttl=10**9,
                       return_share=1.0) as sb:
        sb.set_clock("2026-11-30T09:30:00+08:00")
        api = Api(sb)
        case_no = api.submit(submission())["case_no"]
        sb.advance_working_days(10)
        sb.tick(all=False)
        assert api.case(case_no)["state"] == "returned"
        api.call("post", f"/cases/{case_no}/supplements", "/cases/{case_no}/supplements",
                 json={"supplement_id": str(uuid.uuid4()), "form": {}, "materials": []},
                 expect=200)
        sb.advance_working_days(10)
        sb.tick(all=False)
        assert api.case(case_no)["state"] == "ready"
        events = events_of(api, case_no)
        [sup] = [e for e in events if e["type"] == "supplemented"]
        code = sup["item_code"]
        assert code == next(e["item_code"] for e in events if e["type"] == "returned")
        rest = [e for e in events[events.index(sup):] if e["item_code"] == code]
        assert [e["type"] for e in rest] == ["supplemented", "review", "approved", "item_done"] \
            + ["result_ready"] * len(OUTPUTS[code])
        # the review comes half an hour to three working hours after the supplement
        gap = WT.between(dt.datetime.fromisoformat(sup["at"]).timestamp(),
                         dt.datetime.fromisoformat(rest[1]["at"]).timestamp())
        assert 1800 - 1 <= gap <= 3 * 3600 + 1
        assert all(in_working_hours(e["at"]) for e in rest[1:])


def _plans(n: int, seed=2026, late_share=0.1, promised=3, dispatch="2026-11-02T10:00:00"):
    return [plan_item(WT, seed, str(uuid.UUID(int=k)), "household_registration",
                      "public_security", promised, cst(dispatch), late_share) for k in range(n)]


def test_the_late_share_is_honoured_and_late_means_one_to_five_working_days():
    plans = _plans(1000)
    late = [p for p in plans if local(p["item_done"]).date() > local(p["due"]).date()]
    assert 0.07 <= len(late) / len(plans) <= 0.13   # binomial(1000, 0.1): ±3 sd
    for p in late:
        days = WT.workdays_between(local(p["due"]).date(), local(p["item_done"]).date())
        assert 1 <= days <= 5
    assert {WT.workdays_between(local(p["due"]).date(), local(p["item_done"]).date())
            for p in late} == {1, 2, 3, 4, 5}
    assert not [p for p in _plans(300, late_share=0.0) if p["item_done"] > p["due"]]
    assert len([p for p in _plans(300, late_share=0.5) if p["item_done"] > p["due"]]) > 100
    for p in plans:
        steps = [p[s] for s in ("dispatched", "review", "approved", "item_done", "result_ready")]
        assert steps == sorted(steps)
        assert all(WT.in_hours(t) for t in steps)


def test_an_immediate_item_is_done_the_day_it_is_dispatched():
    for p in _plans(100, promised=0, dispatch="2026-11-02T16:50:00", late_share=0.5):
        assert local(p["result_ready"]).date() == dt.date(2026, 11, 2)
        assert p["result_ready"] <= cst("2026-11-02T17:30:00")


def test_departments_have_their_own_pace():
    speeds = {d: department_speed(2026, d) for d in
              ("health", "public_security", "medical_security", "civil_affairs", "tax")}
    assert all(0.25 <= v <= 0.85 for v in speeds.values())
    assert max(speeds.values()) - min(speeds.values()) > 0.2
    assert department_speed(2026, "health") == speeds["health"]


def test_an_adjusted_saturday_is_a_working_day_for_plans():
    """Items dispatched the Friday before the 调休 Saturday 2026-10-10 with one day: some
    are done on that Saturday, none on the Sunday."""
    plans = _plans(200, promised=1, dispatch="2026-10-09T15:00:00", late_share=0.0)
    days = {local(p["item_done"]).date() for p in plans}
    assert dt.date(2026, 10, 10) in days and dt.date(2026, 10, 11) not in days


def test_a_database_from_before_departments_on_events_still_opens(tmp_path):
    """A kept sandbox database lacks the new event columns: they are added."""
    import sqlite3

    from platform_sandbox.db import Database
    Database(f"sqlite:///{tmp_path / 'old.db'}").close()
    with sqlite3.connect(tmp_path / "old.db") as conn:
        conn.execute("ALTER TABLE events DROP COLUMN department")
        conn.execute("ALTER TABLE events DROP COLUMN urge_id")
    sb = Sandbox(SandboxConfig.for_sqlite(tmp_path / "old.db", background=False))
    try:
        sb.cases.submit(str(uuid.uuid4()), submission(), "wangli")
        sb.backoffice.tick(ignore_delays=True, steps=1)
        with sb.db.read() as s:
            assert {e.department for e in s.query(Event)} == {None, *DEPARTMENTS.values()}
    finally:
        sb.close()
