"""A realistic year of a hall, for the efficiency board, supervision and benchmarks
(never shipped: devtools).

:func:`generate` fills a client store (and, with ``sandbox_db``, the platform
sandbox's database with the very same cases) with one year of cases ending the
day before ``today``: a few dozen windows with one or two clerks each, the real
catalog's one-things weighted as a hall sees them (business registration and
个体户, newborns, employment, vehicles, social security heavy, the rare ones
light), a seasonal load on the Chinese working-day calendar (the Spring Festival
dip, the March peak, school one-things in July–August, the National Day dip,
busy Mondays), and each item's way through its department.

The platform side is one model of its own, written after the sandbox's rules
(``platform_sandbox/schedule.py`` and ``backoffice.py``; ``history.simulate`` is
far too slow for a year: 500 cases take some 80 s, 50,000 would take hours):

- every node falls in working hours (09:00–17:30, platform time +08:00) of a
  working day; times are kept as *working seconds* (a working day is 30,600 s),
  so adding working time is an addition;
- an item is dispatched minutes after acceptance — or, when it waits for other
  items (``depends_on``), minutes after they are done — then review, the
  decision and 办结 (``item_done``) follow, and its results reach the hall
  (``result_ready``) 10–120 minutes later;
- each department has a speed (the sandbox's formula: a share 0.25–0.85 of the
  promised days, from the seed and the department id); about 10 % of the items
  with a time limit are done 1–5 working days after their due day, the slow
  departments' more often;
- about 8 % of the cases are returned for 补正 once, at one item's decision, and
  supplemented 1–3 working days later (the other items wait meanwhile); about
  2 % are refused, as a whole (at the first item) or one item;
- the hall's rule urges each overdue item every working day it stays open, and
  clerks urge some by hand on their due day; each urge is answered 1–4 working
  hours later, and a late item then often comes about a working day sooner;
- most results are handed over or posted 0–5 working days after they are ready;
  about 60 % of the finished cases are rated (好差评), mostly 5 and 4.

Nodes after the cut (``today`` 00:00 platform time) have not happened: those
cases are open at their current node (overdue ones among them), their remaining
plan is written to the sandbox's ``item_steps`` so that ``python -m
platform_sandbox --db SANDBOX --pace workdays`` plays it out as the clock
passes. The feed's sequence numbers are the same with or without the sandbox, and
the store's ``feed_cursor`` is the last of them, so nothing is replayed twice.

Writes go in bulk (SQLAlchemy Core ``insert()`` executemany, one transaction per
batch of cases) into a store opened with ``open_database`` (the app's migrations
and pragmas). The sandbox's schema is made by starting ``python -m
platform_sandbox`` once on the new file (the client never imports the sandbox);
its rows are then written with ``sqlite3``."""

from __future__ import annotations

import bisect
import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from window_client.core import messages
from window_client.core.catalog import Catalog
from window_client.core.engine import compute_plan
from window_client.core.records import MaterialRecord
from window_client.core.snapshot import take_snapshot
from window_client.core.validators import (id_check_character, organisation_check_character,
                                           uscc_check_character)
from window_client.core.workdays import WorkCalendar
from window_client.resources import resource
from window_client.store.db import open_database
from window_client.store.models import (CaseItemRow, CaseMaterialRow, CaseNodeRow,
                                        CaseOutputRow, CaseRow, EvaluationRow, IssuanceRow,
                                        ItemRefusalRow, ProvisionalSequence, StateChange,
                                        SyncStateRow, UrgeRow)

CST = dt.timezone(dt.timedelta(hours=8), "CST")
DAY = 30_600                 # working seconds a day: 09:00–17:30
OPEN = 9 * 3600              # 09:00 in seconds of the day
HOUR, MINUTE = 3600, 60
LATE_SHARE = 0.10
RETURN_SHARE = 0.08
REFUSE_SHARE = 0.02
RATED_SHARE = 0.60
STUCK_SHARE = 0.005          # items held up for weeks (现场核查, 专家评审, 公示)
AUTO_URGE_CLERK = "系统自动催办"   # as window_client.sync.steps records the rule's urges
ROOT = Path(__file__).resolve().parents[2]
BATCH = 2_000                # cases per transaction

# -- who and what -----------------------------------------------------------------

#: Ganzhou's county-level region codes (GB/T 2260)
REGIONS = ("360702", "360702", "360702", "360703", "360704", "360721", "360722",
           "360723", "360724", "360725", "360726", "360728", "360729", "360730", "360731",
           "360732", "360733", "360734", "360735", "360781", "360783")
REGION_NAMES = {"360702": "章贡区", "360703": "南康区", "360704": "赣县区", "360721": "赣县区",
                "360722": "信丰县", "360723": "大余县", "360724": "上犹县", "360725": "崇义县",
                "360726": "安远县", "360728": "定南县", "360729": "全南县", "360730": "宁都县",
                "360731": "于都县", "360732": "兴国县", "360733": "会昌县", "360734": "寻乌县",
                "360735": "石城县", "360781": "瑞金市", "360783": "龙南市"}
SURNAMES = ("刘" * 9 + "黄" * 7 + "李" * 7 + "陈" * 7 + "王" * 6 + "钟" * 6 + "曾" * 6
            + "张" * 6 + "谢" * 5 + "赖" * 5 + "邱" * 4 + "肖" * 4 + "廖" * 4 + "罗" * 4
            + "温" * 3 + "杨" * 3 + "郭" * 3 + "吴" * 3 + "周" * 3 + "朱" * 3 + "胡" * 3
            + "林" * 3 + "蓝" * 2 + "卢" * 2 + "邓" * 2 + "徐" * 2 + "孙" * 2 + "何" * 2
            + "欧阳" * 1 + "彭" * 2 + "叶" * 2 + "潘" * 1 + "丁" * 1 + "戴" * 1 + "宋" * 1)
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉力鹏飞俊宇浩然欣怡"
         "子轩梓涵雨萱晨阳嘉怡思远志强春梅海燕玉兰晓东永红金凤德胜家豪博文佳琪一诺诗琪"
         "婷婷亮斌林峰荣红梅兵")
SHOP_WORDS = ("鑫源", "恒达", "万家", "嘉禾", "宏图", "福满", "章江", "贡水", "翠微", "郁孤",
              "宋城", "客家", "赣南", "脐橙", "通天", "八境", "汇丰", "兴旺", "锦程", "顺发",
              "和美", "新康", "盛世", "佳和", "瑞祥", "金桥", "绿源", "华腾", "润泽", "启航")
STREETS = ("红旗大道", "文清路", "章江路", "赣江源大道", "长征大道", "东阳山路", "兴国路",
           "健康路", "厚德路", "华坚北路", "迎宾大道", "金岭西路", "登峰大道", "解放路")
MOBILE_PREFIXES = ("138", "139", "158", "159", "187", "188", "135", "136", "137", "150",
                   "151", "152", "182", "183", "130", "131", "132", "155", "156", "185",
                   "133", "153", "180", "181", "189", "177", "199")
ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

RETURN_REASONS = (
    "申请表填写的户籍地址与户口簿记载不一致,请核对后补正",
    "身份证复印件不清晰,请重新提交清晰的扫描件",
    "缺少经办人签字的授权委托书,请补充提交",
    "联系电话无法接通,请核实后补正",
    "照片不符合制证要求(白色背景、免冠正面),请重新提交",
    "材料复印件未加盖单位公章,请补正",
    "经营场所证明材料与申报地址不一致,请补正",
)
REFUSE_REASONS = (
    "经核查,申请人不符合该事项的受理条件",
    "申请事项不属于本机关职权范围",
    "申请人未能提供产权证明,不符合办理条件",
)
URGE_REPLIES = (
    "已收到催办,正在加快审核,预计2个工作日内办结",
    "材料已转交科室负责人审核,今日内办结",
    "该事项需现场核查,已安排核查人员,核查后即办结",
    "已收到催办,经办人员正在审核,将于明日上午前办结",
    "已协调分管领导优先审批,预计1个工作日内办结",
    "系统数据核验中,核验通过后立即办结并推送结果",
)
URGE_REPLY_CLOSED = "该事项已办结,办理结果已推送至综合窗口"
URGE_REPLY_RETURNED = "该事项已退回补正,待申请人补齐材料后立即办理"
MANUAL_URGE_REASONS = ("申请人来电询问办理进度,请加快办理", "群众急需使用证照,请优先审批",
                       "今日到期,请部门尽快办结", "申请人第二次到窗口询问,请加快办理")
COMPLAINTS = ("等待时间过长", "工作人员解释不清楚", "需要多次跑动", "办理时间超过承诺时限",
              "材料要求前后不一致", "窗口工作人员态度不好")
MILD = ("", "", "", "", "希望缩短办理时间", "排队时间有点长")

# one-thing id → weight; ids not named weigh by kind (RARE, INDIVIDUAL, COMPANY)
WEIGHTS: dict[str, float] = {
    "company_setup": 70, "newborn": 45, "marriage_childbirth": 12, "social_security_card": 40,
    "flexible_employment": 32, "unemployment_benefit": 16, "social_insurance_transfer": 20,
    "employee_retirement": 16, "public_sector_retirement": 3, "pension_certification": 10,
    "maternity_allowance": 12, "remote_medical_filing": 15, "housing_fund_withdrawal": 26,
    "housing_fund_loan": 8, "vehicle_registration": 26, "used_car_transfer": 20,
    "new_energy_vehicle_plate": 14, "vehicle_info_change": 8, "vehicle_move_in": 5,
    "vehicle_move_out": 4, "vehicle_pledge_filing": 3, "temporary_driving_permit": 4,
    "ebike_registration": 24, "lost_id_card_replacement": 10, "residence_permit": 10,
    "after_death": 9, "second_hand_housing": 14, "startup": 7, "school_transfer": 7,
    "compulsory_education_graduation_proof": 3, "graduate_settlement": 6,
    "overseas_returnee_settlement": 1.5, "restaurant": 6, "small_restaurant": 5,
    "milk_tea_shop": 4, "convenience_store_small": 4, "barber_shop": 3, "beauty_salon": 3,
    "clothing_shop": 3, "fruit_shop": 3, "supermarket": 2.5,
}
INDIVIDUAL, COMPANY, RARE = 1.3, 0.7, 0.5
#: school one-things (入学 and the like): month → factor
SCHOOL = {"school_transfer", "compulsory_education_graduation_proof", "school_suspension",
          "school_resumption", "graduate_settlement", "overseas_returnee_settlement"}
SCHOOL_MONTHS = {1: 0.6, 2: 1.5, 3: 0.8, 4: 0.5, 5: 0.6, 6: 1.6, 7: 4.0, 8: 4.5, 9: 1.8,
                 10: 0.5, 11: 0.4, 12: 0.4}
MONTHS = {1: 1.0, 2: 0.95, 3: 1.3, 4: 1.1, 5: 1.0, 6: 1.0, 7: 1.1, 8: 1.1, 9: 1.05,
          10: 0.95, 11: 1.05, 12: 1.1}
WEEKDAYS = (1.3, 1.08, 1.0, 0.95, 0.88, 0.75, 0.75)   # Monday first; 调休 weekends last
#: the hall's hours of acceptance: (start hour, weight) per half hour from 09:00
HALF_HOURS = (0.7, 1.1, 1.3, 1.4, 1.3, 1.0, 0.4, 0.2, 0.3, 0.6, 1.0, 1.2, 1.2, 1.1, 0.9, 0.7,
              0.3)


@dataclass
class DemoReport:
    cases: int = 0
    items: int = 0
    nodes: int = 0
    ratings: int = 0
    returned: int = 0
    refused: int = 0            # refused as a whole
    items_refused: int = 0      # refused one by one
    late_items: int = 0         # finished after their promised limit
    finished_items: int = 0
    overdue_open: int = 0       # open at the departments, past the case's due date
    urges: int = 0
    issued: int = 0
    levels: dict[int, int] = field(default_factory=dict)
    feed_cursor: int = 0
    elapsed: float = 0.0


# -- working time ----------------------------------------------------------------

class _Hours:
    """Working days from ``first`` to ``last`` and working seconds: ``w`` = index of
    the working day × DAY + seconds since 09:00."""

    def __init__(self, calendar: WorkCalendar, first: dt.date, last: dt.date) -> None:
        self.days: list[dt.date] = []
        self.cum: dict[dt.date, int] = {}   # working days on or before the date
        day = first
        while day <= last:
            if calendar.is_workday(day):
                self.days.append(day)
            self.cum[day] = len(self.days)
            day += dt.timedelta(days=1)
        self.base = [int(dt.datetime.combine(d, dt.time(9), CST).timestamp())
                     for d in self.days]
        self.known = {d: calendar.knows(d) for d in self.cum}

    def ts(self, w: int) -> int:
        i, s = divmod(w, DAY)
        return self.base[i] + s

    def add_days(self, day: dt.date, n: int) -> dt.date:
        """As WorkCalendar.add_working_days."""
        return day if n <= 0 else self.days[self.cum[day] + n - 1]

    def start_of(self, day: dt.date) -> int:
        """The working second of the first working day on or after ``day``, 09:00."""
        n = self.cum[day]
        return (n - 1 if n and self.days[n - 1] == day else n) * DAY


def _local(ts: int) -> dt.datetime:
    """A platform time as the store keeps times (window_client.sync.steps._local):
    local, naive, to the second."""
    return dt.datetime.fromtimestamp(ts)


def _iso(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, CST).isoformat(timespec="seconds")


# -- templates --------------------------------------------------------------------

class _Text:
    """A text with fields at fixed places, rendered by joining (no JSON per case)."""

    def __init__(self, text: str, fields: dict[str, str]) -> None:
        marks = sorted((text.index(s), s, name) for s, name in fields.items())
        self.parts: list[str] = []
        self.names: list[str] = []
        at = 0
        for pos, sentinel, name in marks:
            if text.count(sentinel) != 1:
                raise ValueError(f"field {name} not unique in the template")
            self.parts.append(text[at:pos])
            self.names.append(name)
            at = pos + len(sentinel)
        self.parts.append(text[at:])

    def render(self, values: dict[str, str]) -> str:
        out = [self.parts[0]]
        for name, part in zip(self.names, self.parts[1:], strict=True):
            out.append(values[name])
            out.append(part)
        return "".join(out)


@dataclass
class _Item:
    code: str
    name: str
    department: str
    department_name: str
    days: int
    deps: tuple[int, ...]
    outputs: tuple[tuple[str, str], ...]
    speed: float
    late_p: float


@dataclass
class _One:
    id: str
    name: str
    company: bool
    weight: float
    school: bool
    plan_days: int                 # the critical path (the due date's working days)
    promised_days: int             # the snapshot's (the one-thing's) promise
    items: list[_Item]
    snapshot: _Text
    body: _Text
    catalog_version: str
    answers_json: str
    filled: dict[str, str]
    materials: list[tuple[str, str, str, bool, int]]
    stats: tuple[int, int, int, int]
    delivery_post: bool


def _weight(one_id: str, name: str, company: bool) -> float:
    if one_id in WEIGHTS:
        return WEIGHTS[one_id]
    if "个体户" in name:
        return INDIVIDUAL
    if company and name.startswith("开办"):
        return COMPANY
    return RARE


def department_speed(seed: int, department: str) -> float:
    """The share of an item's promised days this department usually takes (the
    sandbox's formula, platform_sandbox/schedule.py)."""
    return random.Random(f"{seed}:department:{department}").uniform(0.25, 0.85)


def _templates(catalog: Catalog, seed: int, start: dt.date) -> list[_One]:
    sentinel_at = dt.datetime.combine(start, dt.time(4, 5, 6)).astimezone()
    out = []
    for one_id in sorted(catalog.definitions):
        one = catalog.definitions[one_id]
        answers = one.default_answers()
        plan = compute_plan(one, catalog.dictionary, answers, start=start)
        if not plan.items:
            continue
        records = [MaterialRecord(m.spec.id, m.spec.name, m.tag.value, m.to_hand_in,
                                  m.spec.copies if m.to_hand_in else 0) for m in plan.materials]
        snap = take_snapshot(plan, catalog, records, sentinel_at)
        text = snap.to_json()
        acc = json.dumps(snap.accepted_at.isoformat())
        due = json.dumps(snap.due_date.isoformat())
        estimated = json.dumps(snap.due_date_estimated)
        snapshot = _Text(text, {f'"accepted_at": {acc}': "accepted_at",
                                f'"due_date": {due}': "due_date",
                                f'"due_date_estimated": {estimated}': "estimated"})
        codes = [i.code for i in plan.items]
        items = []
        for i in plan.items:
            speed = department_speed(seed, i.department)
            items.append(_Item(i.code, i.name, i.department,
                               catalog.department_name(i.department), i.promised_days,
                               tuple(codes.index(d) for d in i.depends_on if d in codes),
                               tuple((o.id, o.name) for o in i.outputs), speed,
                               LATE_SHARE * (0.4 + 1.2 * (speed - 0.25) / 0.6)))
        company = one.applicant_kind.value == "company"
        body = {
            "provisional_no": "@@provisional_no@@", "window_code": "@@window@@",
            "one_thing_id": one.id, "catalog_version": catalog.version,
            "applicant": {"kind": "company" if company else "person", "name": "@@name@@",
                          "id_number": "@@id_number@@", "via_agent": False},
            "answers": json.loads(json.dumps(answers, default=str)), "form": "@@form@@",
            "items": [{"code": i.code, "name": i.name, "department": i.department,
                       "promised_days": i.promised_days,
                       "outputs": [{"id": o.id, "name": o.name} for o in i.outputs]}
                      for i in snap.items],
            "materials": [{"material_id": m.material_id, "name": m.name, "tag": m.tag,
                           "received": m.received, "copies": m.copies,
                           "missing_deadline": None, "files": []} for m in snap.materials],
            "accepted_at": "@@accepted_at@@", "due_date": "@@due_date@@", "clerk": "@@clerk@@"}
        body_text = json.dumps(body, ensure_ascii=False)
        out.append(_One(
            one.id, one.name, company, _weight(one.id, one.name, company), one.id in SCHOOL,
            plan.promised_days, snap.promised_days, items,
            snapshot,
            _Text(body_text, {'"@@form@@"': "form", "@@provisional_no@@": "provisional_no",
                              "@@window@@": "window", "@@name@@": "name",
                              "@@id_number@@": "id_number", "@@accepted_at@@": "accepted_at",
                              "@@due_date@@": "due_date", "@@clerk@@": "clerk"}),
            catalog.version, json.dumps(answers, ensure_ascii=False, sort_keys=True, default=str),
            dict(plan.filled),
            [(m.material_id, m.name, m.tag, m.received, m.copies) for m in snap.materials],
            (snap.fields_separate or 0, snap.fields_merged or 0, snap.materials_separate or 0,
             snap.materials_merged or 0),
            any(d.value == "post" for d in one.delivery)))
    return out


# -- people -------------------------------------------------------------------------

def _person(rng: random.Random, today: dt.date, ages: tuple[int, int]) -> tuple[str, str]:
    """A synthetic name and a GB 11643-valid ID number of Ganzhou."""
    surname = rng.choice(SURNAMES) if rng.random() > 0.03 else "欧阳"
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.75 else "")
    age = rng.randint(*ages)
    birth = dt.date(today.year - age, 1, 1) + dt.timedelta(days=rng.randrange(365))
    region = rng.choice(REGIONS)
    first17 = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return surname + given, first17 + id_check_character(first17)


def _uscc(rng: random.Random, region: str) -> str:
    body8 = "MA" + "".join(rng.choice(ORG_ALPHABET) for _ in range(6))
    first17 = "91" + region + body8 + organisation_check_character(body8)
    return first17 + uscc_check_character(first17)


def _mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _ages(one: _One) -> tuple[int, int]:
    if one.id in ("newborn", "marriage_childbirth", "maternity_allowance"):
        return 23, 38
    if "retirement" in one.id or one.id == "pension_certification":
        return 50, 62
    if one.id in ("graduate_settlement", "overseas_returnee_settlement"):
        return 21, 28
    if one.school:
        return 30, 48
    return 20, 62


# -- the load over the year ----------------------------------------------------------

def _long_breaks(calendar: WorkCalendar, first: dt.date, last: dt.date
                 ) -> list[tuple[dt.date, dt.date, str]]:
    """Runs of three or more days off: (first day off, last day off, holiday name)."""
    import chinese_calendar

    runs = []
    day, start = first, None
    while day <= last:
        off = not calendar.is_workday(day)
        if off and start is None:
            start = day
        if not off and start is not None:
            if (day - start).days >= 3:
                try:
                    names = {chinese_calendar.get_holiday_detail(start + dt.timedelta(days=k))[1]
                             for k in range((day - start).days)}
                except NotImplementedError:
                    names = set()
                runs.append((start, day - dt.timedelta(days=1),
                             next((n for n in names if n), "")))
            start = None
        day += dt.timedelta(days=1)
    return runs


def _day_weights(hours: _Hours, calendar: WorkCalendar, first: dt.date, last: dt.date,
                 rng: random.Random) -> list[tuple[dt.date, float]]:
    breaks = _long_breaks(calendar, first - dt.timedelta(days=40), last + dt.timedelta(days=40))
    out = []
    day = first
    while day <= last:
        if calendar.is_workday(day):
            w = MONTHS[day.month] * WEEKDAYS[day.weekday()]
            for b0, b1, name in breaks:
                before, after = (b0 - day).days, (day - b1).days
                spring = name == "Spring Festival"
                if 0 < before <= (12 if spring else 3):
                    w *= 0.65 if spring else 0.85   # people leave early, or wait
                if 0 < after <= (14 if spring else 6):
                    w *= 0.6 if spring else 0.85    # back slowly after the holiday
                if after == 1 and not spring:
                    w *= 1.5                        # the backlog of a long weekend
            out.append((day, w * rng.lognormvariate(0, 0.12)))
        day += dt.timedelta(days=1)
    return out


# -- one case's way through the departments -------------------------------------------

# step indexes of an item's plan
DISPATCH, REVIEW, APPROVED, DONE, READY, DUE = range(6)
STEP_NAMES = ("dispatched", "review", "approved", "item_done", "result_ready", "due")
RANK = {"accepted": 0, "dispatched": 1, "review": 2, "returned": 3, "supplemented": 4,
        "approved": 5, "item_refused": 6, "refused": 6, "item_done": 7, "urge_answered": 8,
        "result_ready": 9, "issued": 10, "posted": 10}


def _plan_item(rng: random.Random, item: _Item, dispatch: int) -> list[int]:
    u_late, jitter = rng.random(), rng.uniform(0.7, 1.25)
    r_review, r_decide = rng.uniform(0.05, 0.3), rng.uniform(0.75, 0.95)
    late_by, clock_share = rng.randint(1, 5), rng.uniform(0.05, 0.85)
    to_hall = rng.uniform(10, 120) * MINUTE
    days = max(0, item.days)
    if days == 0:   # 即办: the day it is dispatched
        due = (dispatch // DAY + 1) * DAY - 1
        done = dispatch + (due - dispatch) * min(0.9, 0.3 + 0.4 * jitter)
    else:
        due = dispatch + days * DAY
        if u_late < item.late_p:
            done = (due // DAY + late_by) * DAY + clock_share * DAY
        elif u_late > 1 - STUCK_SHARE:   # waits for an on-site check, an expert review…
            done = (due // DAY + 3 + 5 * late_by) * DAY + clock_share * DAY
        else:
            done = dispatch + min(1.0, item.speed * jitter) * days * DAY
    span = done - dispatch
    review = int(dispatch + span * r_review)
    approved = max(review + MINUTE, int(dispatch + span * r_decide))
    done_i = max(approved + MINUTE, int(done))
    ready = max(done_i + MINUTE, min(int(done_i + to_hall), (done_i // DAY + 1) * DAY - 1))
    return [dispatch, max(dispatch + MINUTE, review), approved, done_i, ready, int(due)]


@dataclass
class _Case:
    n: int
    one: _One
    uuid: str
    window: str
    clerk: str
    name: str
    id_number: str
    form: dict[str, str]
    created: int          # working seconds
    accepted: int
    submitted: int
    plans: list[list[int]]
    # (w, rank, item position or -1, kind, output id, reasons, urge id)
    events: list[tuple[int, int, int, str, str | None, tuple[str, ...], str | None]]
    fate: str = ""                       # "" | return | refuse | refuse_item
    fate_item: int = -1
    returned_at: int = -1
    supplemented_at: int = -1
    before: list[list[int]] | None = None   # the plans while the case waits for 补正
    urges: list[tuple[int, int, bool, str, str, int]] = field(default_factory=list)
    issue_delay: int = -1                # working days after ready; -1: never collected
    issue_method: str = "window"
    rating: tuple[int, str] | None = None
    provisional_no: str = ""
    platform_no: str = ""
    seqs: list[int] = field(default_factory=list)


def _case_events(rng: random.Random, c: _Case, cut: int) -> None:
    """The case's plans and platform events (all of them, also those after the cut:
    the cut is applied when the case is written)."""
    items = c.one.items
    first = c.submitted + int(rng.uniform(3, 20) * MINUTE)
    u = rng.random()
    k = rng.randrange(len(items))
    if u < REFUSE_SHARE:
        k = 0 if rng.random() < 0.4 or len(items) == 1 else max(1, k)
        c.fate, c.fate_item = ("refuse" if k == 0 else "refuse_item"), k
    elif u < REFUSE_SHARE + RETURN_SHARE:
        c.fate, c.fate_item = "return", k
    plans: list[list[int]] = []
    for pos, item in enumerate(items):
        if item.deps:
            start = max(plans[d][DONE] if not (c.fate == "refuse_item" and d == c.fate_item)
                        else plans[d][APPROVED] for d in item.deps)
            dispatch = start + int(rng.uniform(2, 30) * MINUTE)
        elif pos == 0:
            dispatch = first
        else:
            dispatch = first + int(rng.uniform(1, 15) * MINUTE)
        plans.append(_plan_item(rng, item, dispatch))
    if c.fate == "return":
        k = c.fate_item
        t_r = plans[k][APPROVED]
        r = rng.random()   # most come back in 1–3 working days, some much later, some never
        after = rng.randint(1, 3) if r < 0.8 else rng.randint(4, 20) if r < 0.92 else 200
        t_s = (t_r // DAY + after) * DAY + int(rng.uniform(0.2, 7.5) * HOUR)
        waited = t_s - t_r
        for pos, plan in enumerate(plans):
            if pos == k:
                continue
            moved = plan[DISPATCH] > t_r
            for step in (DISPATCH, REVIEW, APPROVED, DONE, READY):
                if plan[step] > t_r:
                    plan[step] += waited
            if moved:
                plan[DUE] += waited
        old = plans[k]
        review = t_s + int(rng.uniform(0.5, 3) * HOUR)
        approved = review + max(old[APPROVED] - old[REVIEW], MINUTE)
        done = approved + max(old[DONE] - old[APPROVED], MINUTE)
        ready = done + max(old[READY] - old[DONE], MINUTE)
        c.returned_at, c.supplemented_at = t_r, t_s
        c.before = [list(p) for p in plans]
        plans[k] = [old[DISPATCH], review, approved, done, ready, old[DUE]]
        for pos, item in enumerate(items):   # what waits for another starts after it
            if item.deps:
                need = max(plans[d][DONE] for d in item.deps) + MINUTE
                if plans[pos][DISPATCH] < need:
                    delta = need - plans[pos][DISPATCH]
                    plans[pos] = [t + delta for t in plans[pos]]
    c.plans = plans
    ev = c.events
    ev.append((c.submitted, 0, -1, "accepted", None, (), None))
    stop = -1   # the whole case stops here (refused)
    if c.fate == "refuse":
        stop = plans[0][APPROVED]
        reasons = (f"{items[0].name}:{rng.choice(REFUSE_REASONS)}",)
    for pos, (item, plan) in enumerate(zip(items, plans, strict=True)):
        steps = [(plan[DISPATCH], "dispatched"), (plan[REVIEW], "review")]
        if pos == c.fate_item and c.fate == "return":
            assert c.before is not None
            before = c.before[pos]
            steps = [(before[DISPATCH], "dispatched"), (before[REVIEW], "review")]
            why = tuple(f"{item.name}:{r}" for r in rng.sample(RETURN_REASONS,
                                                               k=rng.choice((1, 2))))
            ev.append((c.returned_at, RANK["returned"], pos, "returned", None, why, None))
            ev.append((c.supplemented_at, RANK["supplemented"], pos, "supplemented", None, (),
                       None))
            steps.append((plan[REVIEW], "review"))
        if pos == c.fate_item and c.fate == "refuse_item":
            steps.append((plan[APPROVED], "item_refused"))
        elif pos == 0 and c.fate == "refuse":
            steps.append((plan[APPROVED], "refused"))
        else:
            steps += [(plan[APPROVED], "approved"), (plan[DONE], "item_done")]
            steps += [(plan[READY], "result_ready:" + o) for o, _ in item.outputs]
        for w, kind in steps:
            if stop >= 0 and (w > stop or (w == stop and kind != "refused")):
                continue
            if kind.startswith("result_ready:"):
                ev.append((w, RANK["result_ready"], pos, "result_ready", kind[13:], (), None))
            elif kind in ("refused", "item_refused"):
                why = reasons if kind == "refused" else (
                    f"{item.name}:{rng.choice(REFUSE_REASONS)}",)
                ev.append((w, RANK[kind], pos, kind, None, why, None))
            else:
                ev.append((w, RANK[kind], pos, kind, None, (), None))
    # urges: the hall's rule every working day an item is overdue, a clerk by hand on
    # some due days; each answered 1–4 working hours later
    for pos, (item, plan) in enumerate(zip(items, plans, strict=True)):
        if item.days <= 0 or plan[DONE] <= plan[DUE] or pos == c.fate_item and c.fate in (
                "refuse_item", "refuse") or c.fate == "refuse":
            continue
        due_day = plan[DUE] // DAY
        if rng.random() < 0.3:   # by hand on the due day
            w = due_day * DAY + int(rng.uniform(1, 7.5) * HOUR)
            if plan[DISPATCH] < w < plan[DONE]:
                _urge(rng, c, pos, w, False, rng.choice(MANUAL_URGE_REASONS), cut)
        for late in range(1, 4):
            w = (due_day + late) * DAY + int(rng.uniform(1, 40) * MINUTE)
            if w >= plan[DONE] or w > cut:
                break
            if c.returned_at <= w < c.supplemented_at:
                continue   # waiting for the citizen: never urged
            _urge(rng, c, pos, w, True, messages.AUTO_URGE_OVERDUE.format(days=late), cut)
    # the counter: handed over or posted 0–5 working days after ready; rated
    r = rng.random()
    c.issue_delay = (0 if r < 0.38 else 1 if r < 0.62 else 2 if r < 0.77 else 3 if r < 0.87
                     else 4 if r < 0.92 else 5 if r < 0.96 else -1)
    c.issue_method = "post" if c.one.delivery_post and rng.random() < 0.2 else "window"
    if rng.random() < RATED_SHARE:
        r = rng.random()
        bad = c.fate != "" or any(p[DONE] > p[DUE] for p in plans)
        if r < (0.06 if bad else 0.015):
            c.rating = (rng.choice((1, 2)), rng.choice(COMPLAINTS))
        elif r < (0.14 if bad else 0.05):
            c.rating = (3, rng.choice(MILD))
        elif r < (0.40 if bad else 0.25):
            c.rating = (4, "")
        else:
            c.rating = (5, "")


def _urge(rng: random.Random, c: _Case, pos: int, w: int, auto: bool, reason: str,
          cut: int) -> None:
    """An urge at ``w``: its answer an event; a late item answered may come about a
    working day sooner (as the sandbox's pull_forward)."""
    if any(u[0] // DAY == w // DAY and u[1] == pos for u in c.urges):
        return   # at most one per item per working day
    waiting = c.returned_at, c.supplemented_at
    if waiting[0] <= w < waiting[1]:
        return   # waiting for the citizen: never urged
    answer = w + int(rng.uniform(1, 4) * HOUR)
    plan = c.plans[pos]
    urge_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    reply = rng.choice(URGE_REPLIES) if answer < plan[DONE] else URGE_REPLY_CLOSED
    if pos == c.fate_item and waiting[0] <= answer < waiting[1]:
        reply = URGE_REPLY_RETURNED
    c.urges.append((w, pos, auto, reason, urge_id, answer))
    c.events.append((answer, RANK["urge_answered"], pos, "urge_answered", None, (reply,),
                     urge_id))
    pull, amount = rng.random() < 0.6, int(rng.uniform(0.7, 1.3) * DAY)
    if answer < waiting[1]:
        pull = False   # a 补正 still to come: the plan after it stays as it is
    if pull and answer <= cut and answer < plan[DONE]:
        floor = 0
        for step in (APPROVED, DONE, READY):
            if plan[step] > answer:
                floor = max(floor + MINUTE, plan[step] - answer - amount)
                new = answer + floor
                for k, e in enumerate(c.events):
                    if e[0] == plan[step] and e[2] == pos and e[3] in (
                            "approved", "item_done", "result_ready"):
                        c.events[k] = (new,) + e[1:]
                plan[step] = new


# -- generation ---------------------------------------------------------------------

def generate(database: Path, catalog: Catalog, *, cases: int = 20_000, windows: int = 30,
             seed: int = 1, today: dt.date | None = None, sandbox_db: Path | None = None,
             progress: Callable[[str], None] | None = None) -> DemoReport:
    """Fills a new store at ``database`` (and a new sandbox database at
    ``sandbox_db``) with about ``cases`` cases accepted over the year before
    ``today`` at windows W01…W{windows}. Both files must not exist yet."""
    t0 = time.perf_counter()
    say = progress or (lambda _msg: None)
    database, today = Path(database), today or dt.date.today()
    for path in (database, sandbox_db):
        if path is not None and Path(path).exists() and Path(path).stat().st_size:
            raise FileExistsError(f"{path} exists: the demo year fills new files only")
    rng = random.Random(seed)
    calendar = WorkCalendar.from_files(resource("calendar", "holidays.json"))
    first_day = today - dt.timedelta(days=365)
    hours = _Hours(calendar, first_day - dt.timedelta(days=10), today + dt.timedelta(days=500))
    cut_day = today
    cut = hours.start_of(cut_day) - 1     # the last working second before today
    cut_ts = int(dt.datetime.combine(today, dt.time(0), CST).timestamp())
    ones = _templates(catalog, seed, hours.days[hours.cum[first_day]])
    say(f"{len(ones)} one-things planned")

    # windows and clerks
    codes = [f"W{n:02d}" for n in range(1, windows + 1)]
    clerks = {w: [f"clerk{n:02d}a"] + ([f"clerk{n:02d}b"] if rng.random() < 0.5 else [])
              for n, w in enumerate(codes, start=1)}
    window_weights = [rng.uniform(0.7, 1.3) * (1.3 if n < 5 else 1.0) for n in range(windows)]
    window_cum = _cumulative(window_weights)

    # the days and how many cases each
    days = [(d, w) for d, w in _day_weights(hours, calendar, first_day,
                                            today - dt.timedelta(days=1), rng)]
    total = sum(w for _, w in days)
    counts, acc = [], 0.0
    for _, w in days:
        before = round(acc)
        acc += cases * w / total
        counts.append(round(acc) - before)
    half_cum = _cumulative(HALF_HOURS)
    base_cum = _cumulative([o.weight for o in ones])
    school_ids = [n for n, o in enumerate(ones) if o.school]

    all_cases: list[_Case] = []
    for (day, _), count in zip(days, counts, strict=True):
        factor = SCHOOL_MONTHS[day.month]
        weights = [o.weight * (factor if o.school else 1.0) for o in ones]
        cum = _cumulative(weights) if school_ids else base_cum
        day_w = hours.cum[day] * DAY - DAY
        stamps = []
        for _ in range(count):
            h = bisect.bisect(half_cum, rng.random() * half_cum[-1])
            stamps.append(day_w + min(DAY - 20 * MINUTE, int((h + rng.random()) * 1800)))
        stamps.sort()
        for w in stamps:
            one = ones[bisect.bisect(cum, rng.random() * cum[-1])]
            window = codes[bisect.bisect(window_cum, rng.random() * window_cum[-1])]
            name, id_number = _person(rng, today, _ages(one))
            form = {"applicant.name": name, "applicant.id_number": id_number,
                    "applicant.mobile": _mobile(rng), **one.filled}
            if one.company:
                region = id_number[:6] if id_number[:6] in REGION_NAMES else "360702"
                company = f"赣州{rng.choice(SHOP_WORDS)}{rng.choice(SHOP_WORDS)}有限公司"
                uscc = _uscc(rng, region)
                form.update({"company.name": company, "company.uscc": uscc})
                name, id_number = company, uscc
            created = max(day_w, w - int(rng.uniform(3, 25) * MINUTE))
            c = _Case(len(all_cases), one, str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                      window, rng.choice(clerks[window]), name, id_number, form, created, w,
                      w + rng.randint(20, 150), [], [])
            _case_events(rng, c, cut)
            all_cases.append(c)
    say(f"{len(all_cases)} cases planned ({time.perf_counter() - t0:.1f} s)")

    # numbers: provisional per window and local day, the platform's per day of submission
    prov: dict[tuple[str, str], int] = {}
    plat: dict[str, int] = {}
    for c in all_cases:   # in order of acceptance
        local_day = _local(hours.ts(c.created)).strftime("%Y%m%d")
        key = (c.window, local_day)
        prov[key] = prov.get(key, 0) + 1
        c.provisional_no = f"{c.window}-{local_day}-{prov[key]:04d}"
    for c in sorted(all_cases, key=lambda c: (c.submitted, c.n)):
        day_key = dt.datetime.fromtimestamp(hours.ts(c.submitted), CST).strftime("%Y%m%d")
        plat[day_key] = plat.get(day_key, 0) + 1
        c.platform_no = f"GZ{day_key}{plat[day_key]:05d}"

    # the feed's order: every event up to the cut, in time order, numbered from 1
    facts = [_walk(c, cut, rng) for c in all_cases]
    keys = [(hours.ts(e[0]), c.n, k) for c in all_cases for k, e in enumerate(c.events[:len(c.seqs)])]
    keys.sort()
    for seq, (_, n, k) in enumerate(keys, start=1):
        all_cases[n].seqs[k] = seq
    say(f"{len(keys)} feed events numbered ({time.perf_counter() - t0:.1f} s)")

    report = DemoReport(feed_cursor=len(keys))
    engine = open_database(database)
    try:
        _write_store(engine, all_cases, facts, hours, cut, cut_ts, today, prov, report, say,
                     t0)
    finally:
        engine.dispose()
    if sandbox_db is not None:
        _write_sandbox(Path(sandbox_db), all_cases, facts, hours, cut, plat, say, t0)
    report.elapsed = time.perf_counter() - t0
    say(f"done in {report.elapsed:.1f} s")
    return report


def _cumulative(weights: Sequence[float]) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


@dataclass
class _Facts:
    """Where a case stands at the cut, after its events (the sandbox's rules)."""
    states: list[str]                     # the case's state after each kept event
    state: str
    item_nodes: list[str]                 # the sandbox's item node
    item_since: list[int]
    item_kind: list[str]                  # the client's: the last event kind naming it
    started: list[int | None]
    finished: list[int | None]
    refused: list[bool]
    outputs: dict[str, list]              # output id → [item pos, name, status, w, note]
    ready_at: int | None
    refused_at: int | None
    issued_at: int | None
    issuance_id: str | None
    in_review_at: int | None
    returned: bool
    supplemented: bool
    refusals: list[tuple[int, str, int]] = field(default_factory=list)


def _event_key(e: tuple) -> tuple[int, int, int]:
    return e[0], e[1], e[2]


def _walk(c: _Case, cut: int, rng: random.Random) -> _Facts:
    """The case's events up to the cut replayed as the sandbox moves a case (its
    state after each event, each item's node, the outputs), with the counter's
    handover added once the results are ready; sets ``c.events`` (those up to the
    cut first, in order) and ``c.seqs`` (one slot per event up to the cut)."""
    c.events.sort(key=_event_key)
    kept = [e for e in c.events if e[0] <= cut]
    later = c.events[len(kept):]
    f = _replay(c, kept)
    if f.ready_at is not None and c.issue_delay >= 0:
        day = f.ready_at // DAY + c.issue_delay
        w = max(f.ready_at + 10 * MINUTE, day * DAY + int(rng.uniform(0.1, 0.97) * DAY))
        issuance_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if w <= cut:
            kind = "posted" if c.issue_method == "post" else "issued"
            kept += [(w, RANK[kind], v[0], kind, o, (), None) for o, v in f.outputs.items()
                     if v[2] == "ready"]
            kept.sort(key=_event_key)
            f = _replay(c, kept)
            f.issued_at, f.issuance_id = w, issuance_id
    c.events = kept + later
    c.seqs = [0] * len(kept)
    return f


def _replay(c: _Case, kept: list[tuple]) -> _Facts:
    items = c.one.items
    n = len(items)
    f = _Facts([], "accepted", ["accepted"] * n, [c.submitted] * n, [""] * n, [None] * n,
               [None] * n, [False] * n,
               {o: [pos, name, "pending", None, ""] for pos, it in enumerate(items)
                for o, name in it.outputs},
               None, None, None, None, None, False, False)
    state = "accepted"
    open_items, done_items, pending = n, 0, 0   # outputs of done items not yet ready
    nodes, outputs = f.item_nodes, f.outputs

    def settle() -> str:
        if open_items:
            return state
        if done_items and not pending:
            return "ready"
        return "refused" if not done_items else state

    for w, _, pos, kind, output, reasons, _ in kept:
        if pos >= 0:
            f.item_kind[pos] = kind
        if kind == "dispatched":
            nodes[pos], f.item_since[pos] = "dispatched", w
            f.started[pos] = f.started[pos] or w
            if state == "accepted":
                state = "in_review"
                f.in_review_at = w
        elif kind in ("review", "approved"):
            nodes[pos], f.item_since[pos] = kind, w
        elif kind == "returned":
            nodes[pos], f.item_since[pos] = "returned", w
            state, f.returned = "returned", True
        elif kind == "supplemented":
            f.item_since[pos] = w
            state, f.supplemented = "in_review", True
        elif kind == "item_done":
            nodes[pos], f.item_since[pos] = "done", w
            f.finished[pos] = w
            open_items -= 1
            done_items += 1
            pending += sum(1 for o, _ in items[pos].outputs if outputs[o][2] == "pending")
            state = settle()
        elif kind == "result_ready":
            if outputs[output][2] == "pending":
                pending -= 1
            outputs[output][2:4] = ["ready", w]
            state = settle()
        elif kind == "item_refused":
            nodes[pos], f.item_since[pos] = "refused", w
            f.finished[pos], f.refused[pos] = w, True
            open_items -= 1
            for o, _ in items[pos].outputs:
                outputs[o][2:5] = ["refused", w, ";".join(reasons)]
            f.refusals.append((pos, ";".join(reasons), w))
            state = settle()
        elif kind == "refused":
            nodes[pos], f.item_since[pos] = "refused", w
            for p in range(n):
                if f.finished[p] is None:
                    f.finished[p], f.refused[p] = w, True
                    f.item_kind[p] = "refused"
            for v in outputs.values():
                if v[2] in ("pending", "ready"):
                    v[2:5] = ["refused", w, ";".join(reasons)]
            state = "refused"
        elif kind in ("issued", "posted"):
            outputs[output][2:4] = [kind, w]
            if all(v[2] in ("issued", "posted", "refused") for v in outputs.values()):
                state = "issued"
        if state == "ready" and f.ready_at is None:
            f.ready_at = w
        if state == "refused" and f.refused_at is None:
            f.refused_at = w
        f.states.append(state)
    f.state = state
    return f


# -- the store ------------------------------------------------------------------------

def _write_store(engine: Any, all_cases: list[_Case], facts: list[_Facts], hours: _Hours,
                 cut: int, cut_ts: int, today: dt.date, prov: dict[tuple[str, str], int],
                 report: DemoReport, say: Callable[[str], None], t0: float) -> None:
    loc = lambda w: _local(hours.ts(w))   # noqa: E731
    tables: dict[Any, list[dict[str, Any]]] = {}

    def flush() -> None:
        with engine.begin() as conn:
            for table in (CaseRow, StateChange, CaseMaterialRow, CaseItemRow, CaseNodeRow,
                          CaseOutputRow, ItemRefusalRow, IssuanceRow, EvaluationRow, UrgeRow):
                rows = tables.pop(table, None)
                if rows:
                    conn.execute(insert(table), rows)

    for c, f in zip(all_cases, facts, strict=True):
        one, items = c.one, c.one.items
        report.cases += 1
        report.items += len(items)
        accepted_local = loc(c.accepted)
        due = hours.add_days(accepted_local.date(), one.plan_days)
        kept = c.events[:len(c.seqs)]
        state = {"accepted": "accepted", "in_review": "in_review", "returned": "returned",
                 "refused": "refused", "ready": "ready", "issued": "issued"}[f.state]
        finished = [x for x in f.finished]
        case_finished = loc(max(finished)) if finished and all(  # type: ignore[type-var]
            x is not None for x in finished) else None
        history = _history(c, f, loc)
        updated = history[-1]["at"]
        snapshot = one.snapshot.render({
            "accepted_at": '"accepted_at": ' + json.dumps(accepted_local.astimezone().isoformat()),
            "due_date": '"due_date": ' + json.dumps(due.isoformat()),
            "estimated": '"due_date_estimated": ' + (
                "false" if hours.known.get(due, False) else "true")})
        tables.setdefault(CaseRow, []).append(dict(
            id=c.uuid, provisional_no=c.provisional_no, window_code=c.window,
            one_thing_id=one.id, catalog_version=one.catalog_version, state=state,
            applicant_name=c.name, applicant_id_number=c.id_number,
            answers_json=one.answers_json,
            form_json=json.dumps(c.form, ensure_ascii=False, sort_keys=True),
            revision=4 if f.supplemented else 3, created_by=c.clerk, created_at=loc(c.created),
            updated_at=updated, platform_no=c.platform_no,
            meta_json=json.dumps({"applicant_kind": "company" if one.company else "person",
                                  "via_agent": False, "step": "confirm"}),
            snapshot_json=snapshot, accepted_at=accepted_local, due_date=due,
            promised_days=one.promised_days, fields_separate=one.stats[0],
            fields_merged=one.stats[1], materials_separate=one.stats[2],
            materials_merged=one.stats[3], finished_at=case_finished,
            returned_count=1 if f.returned else 0))
        tables.setdefault(StateChange, []).extend(history)
        tables.setdefault(CaseMaterialRow, []).extend(
            dict(case_id=c.uuid, material_id=m[0], name=m[1], tag=m[2], received=m[3],
                 copies=m[4], missing_deadline=None, note="") for m in one.materials)
        for pos, it in enumerate(items):
            started, done = f.started[pos], f.finished[pos]
            tables.setdefault(CaseItemRow, []).append(dict(
                case_id=c.uuid, item_code=it.code, position=pos, name=it.name,
                department=it.department, department_name=it.department_name,
                promised_days=it.days, started_at=loc(started) if started is not None else None,
                finished_at=loc(done) if done is not None else None, refused=f.refused[pos],
                node=f.item_kind[pos]))
            if done is not None and not f.refused[pos]:
                report.finished_items += 1
                if started is not None and it.days > 0 and \
                        hours.add_days(loc(started).date(), it.days) < loc(done).date():
                    report.late_items += 1
        nodes = tables.setdefault(CaseNodeRow, [])
        for e, seq in zip(kept, c.seqs, strict=False):
            w, _, pos, kind, _, reasons, _ = e
            nodes.append(dict(case_id=c.uuid, seq=seq,
                              item_code=items[pos].code if pos >= 0 else None, kind=kind,
                              department=items[pos].department if pos >= 0 else "",
                              at=loc(w), note=";".join(reasons)[:2000], source="platform",
                              by=""))
        report.nodes += len(c.seqs)
        outputs = tables.setdefault(CaseOutputRow, [])
        for o, (pos, name, status, w, note) in f.outputs.items():
            outputs.append(dict(case_id=c.uuid, output_id=o, item_code=items[pos].code,
                                name=name, status=status,
                                updated_at=loc(w) if w is not None else loc(c.submitted),
                                note=note[:2000]))
        for pos, reason, w in f.refusals:
            tables.setdefault(ItemRefusalRow, []).append(dict(
                case_id=c.uuid, item_code=items[pos].code, reason=reason[:2000], at=loc(w)))
        if f.issued_at is not None:
            report.issued += 1
            tables.setdefault(IssuanceRow, []).append(_issuance_row(c, f, loc))
        answered = {e[6]: e for e in kept if e[3] == "urge_answered"}
        for w, pos, auto, reason, urge_id, _ in c.urges:
            if w > cut:
                continue
            reply = answered.get(urge_id)
            report.urges += 1
            tables.setdefault(UrgeRow, []).append(dict(
                id=urge_id, case_id=c.uuid, item_code=items[pos].code, day=loc(w).date(),
                reason=reason[:500], auto=auto, clerk=AUTO_URGE_CLERK if auto else c.clerk,
                at=loc(w), synced=True, urged=True, attempts=0, next_attempt_at=loc(w),
                last_error="", failed=False, reply=reply[5][0] if reply else "",
                replied_at=loc(reply[0]) if reply else None))
        report.returned += f.returned
        report.refused += f.state == "refused"
        report.items_refused += sum(1 for _ in f.refusals)
        if case_finished is None and f.state in ("accepted", "in_review", "returned") \
                and due < today:
            report.overdue_open += 1
        if c.rating is not None and f.state in ("ready", "issued", "refused"):
            level, reason = c.rating
            at = f.issued_at if f.issued_at is not None else c.accepted
            report.ratings += 1
            report.levels[level] = report.levels.get(level, 0) + 1
            tables.setdefault(EvaluationRow, []).append(dict(
                id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo-year/evaluation/{c.uuid}")),
                case_id=c.uuid, stage="issuance" if f.issued_at is not None else "acceptance",
                level=level, reason=reason if level <= 2 else "", at=loc(at), synced=True,
                attempts=0, next_attempt_at=loc(at), last_error=""))
        if len(tables.get(CaseRow, ())) >= BATCH:
            flush()
            say(f"store: {report.cases} cases written ({time.perf_counter() - t0:.1f} s)")
    flush()
    with engine.begin() as conn:
        conn.execute(insert(ProvisionalSequence), [
            dict(window_code=w, day=d, last_seq=n) for (w, d), n in sorted(prov.items())])
        conn.execute(insert(SyncStateRow), [
            dict(key="feed_cursor", value=str(report.feed_cursor)),
            dict(key="feed_read_at", value=_local(cut_ts).isoformat())])


def _history(c: _Case, f: _Facts, loc: Callable[[int], dt.datetime]) -> list[dict[str, Any]]:
    """The state path the app writes: the window's confirm, the submission, the
    feed's moves (walks as the state machine allows), the counter's handover."""
    rows: list[dict[str, Any]] = []

    def add(a: str | None, b: str, w: int, clerk: str, note: str = "") -> None:
        rows.append(dict(case_id=c.uuid, from_state=a, to_state=b, at=loc(w), clerk=clerk,
                         note=note))

    add(None, "draft", c.created, c.clerk)
    add("draft", "queued", c.accepted, c.clerk, "窗口受理确认")
    add("queued", "submitted", c.submitted, "sync", f"平台办件编号 {c.platform_no}")
    add("submitted", "accepted", c.submitted, "platform")
    state = "accepted"
    for e, after in zip([e for e in c.events][:len(f.states)], f.states, strict=True):
        w, kind, reasons = e[0], e[3], ";".join(e[5])
        if after == state:
            continue
        if after == "in_review" and state == "returned":
            add("returned", "queued", w - 2 * MINUTE, c.clerk, "补正后重新受理")
            add("queued", "submitted", w, "sync", f"平台办件编号 {c.platform_no}")
            add("submitted", "accepted", w, "platform")
            add("accepted", "in_review", w, "platform")
        elif after == "issued":
            add(state, "issued", w, c.clerk, "全部结果已发放")
        else:
            add(state, after, w, "platform", reasons if kind in ("returned", "refused") else "")
        state = after
    return rows


def _issuance_row(c: _Case, f: _Facts, loc: Callable[[int], dt.datetime]) -> dict[str, Any]:
    assert f.issued_at is not None
    outputs = [o for o, v in f.outputs.items() if v[2] in ("issued", "posted")]
    post = c.issue_method == "post"
    region = c.form["applicant.id_number"][:6]
    h = int(c.uuid[:8], 16)
    return dict(
        id=f.issuance_id, case_id=c.uuid, outputs_json=json.dumps(outputs),
        method=c.issue_method, collector_role="applicant",
        collector_name=c.form["applicant.name"],
        collector_id_number=c.form["applicant.id_number"],
        collector_id_source="typed" if post or h % 5 == 0 else "id_card",
        tracking_no=f"1{h % 10**12:012d}" if post else "",
        address=(f"江西省赣州市{REGION_NAMES.get(region, '章贡区')}"
                 f"{STREETS[h % len(STREETS)]}{h % 300 + 1}号") if post else "",
        manager=c.clerk, at=loc(f.issued_at), platform_refusal="", synced=True, attempts=0,
        next_attempt_at=loc(f.issued_at), last_error="")


# -- the sandbox ----------------------------------------------------------------------

def _sandbox_schema(path: Path) -> None:
    """Starts ``python -m platform_sandbox`` once on the new file: it makes its own
    tables, clerks and demo citizens; stopped once it listens."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    proc = subprocess.Popen([sys.executable, "-m", "platform_sandbox", "--host", "127.0.0.1",
                             "--port", "0", "--db", str(path), "--no-background",
                             "--log-level", "WARNING"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()  # type: ignore[union-attr]
                                                         ), daemon=True)
    reader.start()
    reader.join(60)
    proc.terminate()
    proc.wait(30)
    if not line or "listening" not in line[0]:
        raise RuntimeError(f"platform sandbox did not start on {path}")


def _write_sandbox(path: Path, all_cases: list[_Case], facts: list[_Facts], hours: _Hours,
                   cut: int, plat: dict[str, int], say: Callable[[str], None],
                   t0: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _sandbox_schema(path)
    conn = sqlite3.connect(path)
    ts = hours.ts
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        events = []
        item_id = output_id = 0
        cases, items, steps, outputs, actions, urges = [], [], [], [], [], []
        for n, (c, f) in enumerate(zip(all_cases, facts, strict=True), start=1):
            one = c.one
            accepted_local = _local(ts(c.accepted))
            due = hours.add_days(accepted_local.date(), one.plan_days)
            body = one.body.render({
                "form": json.dumps({k: str(v) for k, v in c.form.items()}, ensure_ascii=False),
                "provisional_no": c.provisional_no, "window": c.window, "name": c.name,
                "id_number": c.id_number,
                "accepted_at": accepted_local.astimezone().isoformat(timespec="seconds"),
                "due_date": due.isoformat(), "clerk": c.clerk})
            urged = sum(1 for u in c.urges if u[0] <= cut)
            cases.append((n, c.uuid, c.platform_no, c.provisional_no, c.window, one.id,
                          c.clerk, f.state, body, float(ts(c.submitted)), 1, f.returned,
                          urged))
            ids = []
            for pos, it in enumerate(one.items):
                item_id += 1
                ids.append(item_id)
                items.append((item_id, n, pos, it.code, it.name, it.department,
                              f.item_nodes[pos], float(ts(f.item_since[pos]))))
                plan = c.plans[pos]
                if f.returned and not f.supplemented:   # the plan as it stands while waiting
                    assert c.before is not None
                    plan = c.before[pos]
                for k, step in enumerate(STEP_NAMES):
                    steps.append((item_id, step, float(ts(plan[k]))))
                for k, (o, name) in enumerate(it.outputs):
                    output_id += 1
                    outputs.append((output_id, item_id, k, o, name, f.outputs[o][2]))
            for e, seq, state in zip(c.events, c.seqs, f.states, strict=False):
                w, _, pos, kind, out, reasons, urge_id = e
                code = one.items[pos].code if pos >= 0 else None
                events.append((seq, c.window, n, c.platform_no, c.uuid, kind, code,
                               one.items[pos].department if pos >= 0 else None, urge_id, out,
                               json.dumps(list(reasons), ensure_ascii=False), state,
                               float(ts(w))))
            answered = {e[6]: e for e in c.events[:len(c.seqs)] if e[3] == "urge_answered"}
            for w, pos, auto, reason, urge_id, answer in c.urges:
                if w > cut:
                    continue
                reply = answered.get(urge_id)
                it = one.items[pos]
                urges.append((urge_id, n, ids[pos], it.code, it.department, reason, auto,
                              float(ts(w)), float(ts(answer)),
                              float(ts(reply[0])) if reply else None,
                              reply[5][0] if reply else None))
                actions.append(("urge", urge_id, n, json.dumps(
                    {"urge_id": urge_id, "item_code": it.code, "reason": reason, "auto": auto},
                    ensure_ascii=False), json.dumps({"urged": True, "urge_id": urge_id}),
                    float(ts(w))))
            if f.supplemented:
                sid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{c.uuid}/3"))
                actions.append(("supplement", sid, n, json.dumps(
                    {"supplement_id": sid, "form": {}, "materials": []}), json.dumps(
                    {"case_no": c.platform_no, "client_uuid": c.uuid, "state": "in_review"}),
                    float(ts(c.supplemented_at))))
            if f.issued_at is not None:
                row = _issuance_row(c, f, lambda w: _local(ts(w)))
                issued = json.loads(row["outputs_json"])
                collector = {"name": row["collector_name"],
                             "id_number": row["collector_id_number"], "role": "applicant"}
                body_i: dict[str, Any] = {"issuance_id": f.issuance_id, "outputs": issued,
                                          "method": c.issue_method, "collector": collector}
                if c.issue_method == "post":
                    body_i.update(tracking_no=row["tracking_no"], address=row["address"])
                actions.append(("issuance", f.issuance_id, n,
                                json.dumps(body_i, ensure_ascii=False),
                                json.dumps({"issued": issued}), float(ts(f.issued_at))))
            if c.rating is not None and f.state in ("ready", "issued", "refused"):
                eid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo-year/evaluation/{c.uuid}"))
                level, reason = c.rating
                at = f.issued_at if f.issued_at is not None else c.accepted
                actions.append(("evaluation", eid, n, json.dumps(
                    {"evaluation_id": eid,
                     "stage": "issuance" if f.issued_at is not None else "acceptance",
                     "level": level, "reason": reason if level <= 2 else ""},
                    ensure_ascii=False), json.dumps({"evaluation_id": eid}), float(ts(at))))
        events.sort()
        with conn:
            conn.executemany(
                "INSERT INTO cases (id, client_uuid, case_no, provisional_no, window_code,"
                " one_thing_id, clerk, state, submission_json, created_at, submissions,"
                " returned_once, urged) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", cases)
            conn.executemany(
                "INSERT INTO case_items (id, case_id, position, code, name, department, node,"
                " node_since) VALUES (?,?,?,?,?,?,?,?)", items)
            conn.executemany("INSERT INTO item_steps (item_id, step, at) VALUES (?,?,?)", steps)
            conn.executemany(
                "INSERT INTO case_outputs (id, item_id, position, output_id, name, status)"
                " VALUES (?,?,?,?,?,?)", outputs)
            conn.executemany(
                "INSERT INTO events (seq, window_code, case_id, case_no, client_uuid, type,"
                " item_code, department, urge_id, output_id, reasons_json, state, at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", events)
            conn.executemany(
                "INSERT INTO actions (kind, action_id, case_id, body_json, response_json, at)"
                " VALUES (?,?,?,?,?,?)", actions)
            conn.executemany(
                "INSERT INTO urges (urge_id, case_id, item_id, item_code, department, reason,"
                " auto, at, answer_due, answered_at, reply) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                urges)
            conn.executemany("INSERT OR REPLACE INTO counters (name, value) VALUES (?,?)",
                             [(f"case_no:{d}", v) for d, v in sorted(plat.items())])
        say(f"sandbox: {len(cases)} cases, {len(events)} events "
            f"({time.perf_counter() - t0:.1f} s)")
    finally:
        conn.close()
