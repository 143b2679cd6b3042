"""history.simulate: a month of cases in platform time, without sleeping."""

import datetime as dt

import chinese_calendar
import pytest

from platform_sandbox.app import Sandbox
from platform_sandbox.cases import event_dict
from platform_sandbox.clock import CLOCK, CST
from platform_sandbox.config import SandboxConfig
from platform_sandbox.history import Submission, simulate, store_material
from platform_sandbox.models import Case, Event

from .conftest import submission

START = dt.datetime(2026, 9, 14, 9, 0, tzinfo=CST)   # National Day falls inside


def run(tmp_path, name: str, **config):
    sb = Sandbox(SandboxConfig.for_sqlite(tmp_path / name, pace="workdays", background=False,
                                          return_share=0.25, late_share=0.3, **config))
    try:
        photo = store_material(sb, b"a newborn's photo")
        subs = [Submission(at=START + dt.timedelta(days=n * 1.4, hours=n % 8),
                           body=submission(files=[photo], provisional_no=f"W01-{n:04d}"))
                for n in range(20)]
        offset = CLOCK.offset
        report = simulate(sb, subs, until=START + dt.timedelta(days=30), urge_overdue=True)
        assert CLOCK.offset == offset   # the process clock was not moved
        with sb.db.read() as s:
            events = [event_dict(e) for e in s.query(Event).order_by(Event.seq)]
            states = {c.case_no: c.state for c in s.query(Case)}
        return report, events, states
    finally:
        sb.close()


def test_twenty_cases_over_a_month(tmp_path):
    report, events, states = run(tmp_path, "a.db")
    assert len(report.cases) == 20 and len(set(report.cases.values())) == 20
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    assert events[-1]["at"] <= (START + dt.timedelta(days=30)).isoformat()
    accepted = [e for e in events if e["type"] == "accepted"]
    assert len(accepted) == 20 and accepted[0]["at"] == START.isoformat()
    assert [e["case_no"][2:10] for e in accepted][:2] == ["20260914", "20260915"]
    for e in events:
        if e["type"] not in ("accepted", "supplemented"):
            moment = dt.datetime.fromisoformat(e["at"])
            assert chinese_calendar.is_workday(moment.date()), e
            assert dt.time(9) <= moment.time() <= dt.time(17, 30), e
        if e["item_code"]:
            assert e["department"]
    types = {e["type"] for e in events}
    assert {"dispatched", "review", "approved", "item_done", "result_ready", "returned",
            "supplemented", "urge_answered"} <= types
    assert report.supplements == len([e for e in events if e["type"] == "supplemented"]) > 0
    assert report.urges >= len([e for e in events if e["type"] == "urge_answered"]) > 0
    assert list(states.values()).count("ready") >= 15
    # reproducible: the same inputs give the same history
    assert run(tmp_path, "b.db")[1] == events


def test_simulate_needs_the_workdays_pace(tmp_path):
    sb = Sandbox(SandboxConfig.for_sqlite(tmp_path / "d.db", background=False))
    try:
        with pytest.raises(ValueError):
            simulate(sb, [], until=START)
    finally:
        sb.close()
