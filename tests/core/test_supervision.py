"""The countdown on the Chinese working-day calendar, item timelines, urgency and the
urging rule (core/supervision.py), on dates around 2026's Mid-Autumn Festival and
National Day: 9-20 (Sun) and 10-10 (Sat) are working days (调休), 9-25 to 10-7 off
except 9-28 to 9-30."""

from __future__ import annotations

import datetime as dt

import pytest

from window_client.core.case_state import CaseState
from window_client.core.supervision import (Node, PlannedItem, UrgeRule, Urgency, case_progress,
                                            check_manual_urge, countdown, urges_due, urgency)
from window_client.core.workdays import WorkCalendar

CAL = WorkCalendar()
D = dt.date


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour)


@pytest.mark.parametrize(("due", "today", "remaining", "overdue", "text"), [
    # after 9-30 up to 10-09: 10-08, 10-09 (the holiday counts nothing)
    ("2026-10-09", "2026-09-30", 2, 0, "剩余2个工作日"),
    ("2026-10-09", "2026-10-09", 0, 0, "今日到期"),
    # after 10-09 up to 10-12: 10-10 (Saturday, 调休 working day) and 10-12
    ("2026-10-09", "2026-10-12", 0, 2, "已超期2个工作日"),
    # a Sunday off after the due date adds nothing: 10-10 only
    ("2026-10-09", "2026-10-11", 0, 1, "已超期1个工作日"),
    # 9-19 (Sat) off, 9-20 (Sun) a working day: after 9-18 up to 9-21 = 9-20, 9-21
    ("2026-09-21", "2026-09-18", 2, 0, "剩余2个工作日"),
])
def test_countdown_counts_working_days_with_adjusted_weekends(due, today, remaining, overdue,
                                                              text):
    left = countdown(D.fromisoformat(due), D.fromisoformat(today), CAL)
    assert (left.remaining, left.overdue, left.text) == (remaining, overdue, text)


def test_urgency_of_each_state():
    due = D(2026, 10, 9)
    assert urgency(CaseState.IN_REVIEW, due, D(2026, 10, 12), CAL) == Urgency.OVERDUE
    assert urgency(CaseState.IN_REVIEW, due, D(2026, 10, 8), CAL) == Urgency.DUE_SOON
    assert urgency(CaseState.ACCEPTED, due, D(2026, 9, 28), CAL) == Urgency.ON_TRACK
    assert urgency(CaseState.RETURNED, due, D(2026, 10, 12), CAL) == Urgency.WAITING_CITIZEN
    assert urgency(CaseState.READY, due, D(2026, 10, 12), CAL) == Urgency.CLOSED
    assert urgency(CaseState.DRAFT, None, D(2026, 10, 12), CAL) == Urgency.NOT_STARTED


ITEMS = (PlannedItem("birth_cert", "出生医学证明", "health", "卫健委", 1),
         PlannedItem("hukou", "户口登记", "police", "公安局", 3),
         PlannedItem("insurance", "城乡居民医保参保", "medical", "医保局", 0))


def test_item_timelines_from_the_nodes():
    nodes = [Node("accepted", at("2026-09-28", 9)),
             Node("dispatched", at("2026-09-28", 10), "birth_cert", "health"),
             Node("review", at("2026-09-28", 11), "birth_cert", "health"),
             Node("approved", at("2026-09-29", 9), "birth_cert", "health"),
             Node("item_done", at("2026-09-29", 10), "birth_cert", "health"),
             Node("dispatched", at("2026-09-29", 11), "hukou", "police"),
             Node("review", at("2026-09-30", 9), "hukou", "police"),
             Node("urged", at("2026-10-12", 9), "hukou", "", "申请人急需", "window", "wangli")]
    p = case_progress(CaseState.IN_REVIEW, ITEMS, reversed(nodes), D(2026, 9, 28),
                      D(2026, 10, 9), D(2026, 10, 13), CAL)
    birth, hukou, insurance = p.items
    # received 9-28, done 9-29: one working day of a one-day promise
    assert (birth.started_on, birth.finished_on, birth.used, birth.late_by) == (
        D(2026, 9, 28), D(2026, 9, 29), 1, 0)
    assert birth.status_text == "已按时办结(用时1个工作日)"
    assert [n.kind for n in birth.nodes] == ["dispatched", "review", "approved", "item_done"]
    # received 9-29 with 3 days: due 10-09 (9-30, 10-08, 10-09); on 10-13 it has used
    # 9-30, 10-08, 10-09, 10-10, 10-12, 10-13 = 6, and is 3 past (10-10, 10-12, 10-13)
    assert hukou.due == D(2026, 10, 9)
    assert hukou.used == 6
    assert hukou.countdown is not None and hukou.countdown.overdue == 3
    assert hukou.status_text == "已超期3个工作日"
    assert hukou.nodes[-1].kind == "urged"
    # not yet received: counted against the whole case's date
    assert (insurance.started_on, insurance.due) == (None, D(2026, 10, 9))
    assert [n.kind for n in p.case_nodes] == ["accepted"]
    assert p.urgency == Urgency.OVERDUE and p.text == "已超期3个工作日"


def test_a_returned_item_waits_for_the_citizen_and_is_not_urged():
    nodes = [Node("dispatched", at("2026-09-28"), "hukou", "police"),
             Node("returned", at("2026-09-29"), "hukou", "police", "户口簿不清晰")]
    p = case_progress(CaseState.RETURNED, ITEMS[1:2], nodes, D(2026, 9, 28), D(2026, 10, 9),
                      D(2026, 10, 13), CAL)
    assert p.items[0].waiting_citizen and p.items[0].countdown is None
    assert p.countdown is None and p.text.startswith("退回补正中")
    assert urges_due([("c1", p)], D(2026, 10, 13), UrgeRule(True, 5), CAL) == []
    # supplemented: back in review, the clock runs again
    nodes.append(Node("supplemented", at("2026-10-08")))
    nodes.append(Node("review", at("2026-10-08", 11), "hukou", "police"))
    p = case_progress(CaseState.IN_REVIEW, ITEMS[1:2], nodes, D(2026, 9, 28), D(2026, 10, 9),
                      D(2026, 10, 13), CAL)
    assert not p.items[0].waiting_citizen and p.items[0].countdown is not None


DUE = D(2026, 10, 9)


def _in_review(today: dt.date, due: dt.date = DUE):
    return case_progress(CaseState.IN_REVIEW, ITEMS[1:2],
                         [Node("dispatched", at("2026-09-29"), "hukou", "police")],
                         D(2026, 9, 28), due, today, CAL)


def test_the_rule_urges_overdue_and_nearly_due_items_once_a_working_day():
    rule = UrgeRule(True, within_days=1)
    # 10-08: one working day left (10-09) → urged as due soon
    [req] = urges_due([("c1", _in_review(D(2026, 10, 8)))], D(2026, 10, 8), rule, CAL)
    assert (req.case_id, req.item_code) == ("c1", "hukou")
    assert req.reason == "该事项1个工作日内到期,大厅自动提醒"
    # two days left with within_days=1: not yet
    assert urges_due([("c1", _in_review(D(2026, 9, 30)))], D(2026, 9, 30), rule, CAL) == []
    # within_days=0: only overdue and due today
    assert urges_due([("c1", _in_review(D(2026, 10, 8)))], D(2026, 10, 8),
                     UrgeRule(True, 0), CAL) == []
    [today] = urges_due([("c1", _in_review(D(2026, 10, 9)))], D(2026, 10, 9),
                        UrgeRule(True, 0), CAL)
    assert today.reason == "该事项今日到期,大厅自动提醒"
    # overdue on the 调休 Saturday: a working day, so urged
    [late] = urges_due([("c1", _in_review(D(2026, 10, 10)))], D(2026, 10, 10), rule, CAL)
    assert late.reason == "该事项已超过承诺时限1个工作日,大厅自动催办"
    # already urged today: not again; on a Sunday: nothing at all; switched off: nothing
    assert urges_due([("c1", _in_review(D(2026, 10, 10)))], D(2026, 10, 10), rule, CAL,
                     [("c1", "hukou")]) == []
    assert urges_due([("c1", _in_review(D(2026, 10, 11)))], D(2026, 10, 11), rule, CAL) == []
    assert urges_due([("c1", _in_review(D(2026, 10, 12)))], D(2026, 10, 12),
                     UrgeRule(False, 1), CAL) == []


def test_a_manual_urge_needs_a_reason_and_an_open_item():
    p = _in_review(D(2026, 10, 12))
    assert check_manual_urge(p, ["hukou"], "申请人急需落户办理入学", {}) == []
    assert check_manual_urge(p, ["hukou"], " 快 ", {}) == [
        "请填写催办原因(至少4个字),部门会看到这条说明"]
    assert check_manual_urge(p, ["hukou"], "申请人急需落户", {"hukou": "王丽"}) == [
        "“户口登记”今天已催办过(王丽),每个事项每个工作日最多催办一次"]
    done = case_progress(CaseState.READY, ITEMS[1:2],
                         [Node("item_done", at("2026-09-30"), "hukou", "police")],
                         D(2026, 9, 28), D(2026, 10, 9), D(2026, 10, 12), CAL)
    assert check_manual_urge(done, ["hukou"], "申请人急需落户", {}) == [
        "该办件没有部门正在办理的事项,无需催办"]
