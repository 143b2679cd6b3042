"""Plans of the items' nodes in platform time (the ``workdays`` pace).

At submission each item gets a plan: when it is dispatched to its department,
taken into review, decided (``approved`` — or returned / refused when the case's
fate says so), done (办结, the result made) and its results sent to the hall
(``result_ready``), plus ``due``, the end of its promised time limit
(``promised_days`` working days after dispatch, same time of day). Every time falls
in working hours (09:00–17:30) of a working day. A plan depends only on ``seed``,
the case's client UUID, the item's code, its department, its promised days and
the acceptance time, so a run is reproducible:

- every item starts at acceptance; the first item is dispatched first (a few
  minutes after acceptance, or at the next opening), the others minutes later;
- each department has a speed (from the department id): the share of the promised
  days its items usually take, 0.25–0.85, with a per-item jitter; such items are
  done within the promised days;
- a share ``late_share`` of the items with a time limit are done 1–5 working days
  after their due day;
- an item with ``promised_days`` 0 (即办) is done the working day it is dispatched.

Plans are written for every case (whatever the pace), so the pace can be switched
at run time. A supplement re-plans the rest of the returned item from the
supplement time and moves the other items' remaining steps on by the working time
the case waited; an answered urge on a late item pulls its remaining steps forward
by about a working day (not always).
"""

from __future__ import annotations

import random

from .clock import DAY_START, WORKDAY_SECONDS, WorkTime, at, local
from .config import SandboxConfig

#: an item's steps in order (``due`` is not a step the back office moves)
STEPS = ("dispatched", "review", "approved", "item_done", "result_ready")
#: the step that follows an item's node
NEXT_STEP = {"accepted": "dispatched", "dispatched": "review", "review": "approved",
             "returned": "review", "approved": "item_done", "done": "result_ready"}
MINUTE = 60.0
HOUR = 3600.0


def department_speed(seed: int, department: str) -> float:
    """The share of an item's promised days this department usually takes."""
    return random.Random(f"{seed}:department:{department}").uniform(0.25, 0.85)


def _rng(seed: int, client_uuid: str, code: str, what: str = "plan") -> random.Random:
    return random.Random(f"{seed}:{client_uuid}:{code}:{what}")


def plan_item(wt: WorkTime, seed: int, client_uuid: str, code: str, department: str,
              promised_days: int, dispatch_at: float, late_share: float) -> dict[str, float]:
    """The plan of one item dispatched at ``dispatch_at`` (already in working hours)."""
    rng = _rng(seed, client_uuid, code)
    u_late, jitter = rng.random(), rng.uniform(0.7, 1.25)
    r_review, r_decide = rng.uniform(0.05, 0.3), rng.uniform(0.75, 0.95)
    late_by, clock_share = rng.randint(1, 5), rng.uniform(0.05, 0.85)
    to_hall = rng.uniform(10, 120) * MINUTE
    days = max(0, int(promised_days))
    due = wt.add(dispatch_at, days * WORKDAY_SECONDS) if days else wt.end_of_day(dispatch_at)
    if days == 0:
        done = dispatch_at + (due - dispatch_at) * min(0.9, 0.3 + 0.4 * jitter)
    elif u_late < late_share:
        day = wt.add_workdays(local(due).date(), late_by)
        done = wt.add(at(day, DAY_START), clock_share * WORKDAY_SECONDS)
    else:
        share = min(1.0, department_speed(seed, department) * jitter)
        done = wt.add(dispatch_at, share * days * WORKDAY_SECONDS)
    span = wt.between(dispatch_at, done)
    return {"dispatched": dispatch_at,
            "review": wt.add(dispatch_at, span * r_review),
            "approved": wt.add(dispatch_at, span * r_decide),
            "item_done": done,
            "result_ready": min(wt.add(done, to_hall), wt.end_of_day(done)),
            "due": due}


class Scheduler:
    """Writes and changes the plans (``CaseItem.steps``)."""

    def __init__(self, config: SandboxConfig, worktime: WorkTime):
        self.config = config
        self.wt = worktime

    def plan_case(self, case, promised: dict[str, int], accepted_at: float) -> None:
        """Plans every item of a newly accepted case (``promised``: code → days)."""
        c = self.config
        first = None
        for item in case.items:
            rng = _rng(c.seed, case.client_uuid, item.code, "dispatch")
            if first is None:
                first = self.wt.add(accepted_at, rng.uniform(3, 20) * MINUTE)
                dispatch = first
            else:
                dispatch = self.wt.add(first, rng.uniform(1, 15) * MINUTE)
            plan = plan_item(self.wt, c.seed, case.client_uuid, item.code, item.department,
                             promised.get(item.code, 0), dispatch, c.late_share)
            for step, when in plan.items():
                item.plan(step, when)

    def remaining(self, item) -> list[str]:
        """The steps still ahead of an item (by its node)."""
        step = NEXT_STEP.get(item.node)
        if step is None or (item.node == "done"
                            and not any(o.status == "pending" for o in item.outputs)):
            return []
        return list(STEPS[STEPS.index(step):])

    def after_supplement(self, case, returned, supplemented_at: float) -> None:
        """Re-plans the returned item from ``supplemented_at`` (its old gaps kept) and
        moves the other open items' remaining steps on by the time the case waited."""
        c = self.config
        old = returned.schedule()
        rng = _rng(c.seed, case.client_uuid, returned.code, f"supplement:{returned.node_since}")
        t = self.wt.add(supplemented_at, rng.uniform(0.5, 3) * HOUR)
        returned.plan("review", t)
        for before, step in (("review", "approved"), ("approved", "item_done"),
                             ("item_done", "result_ready")):
            gap = self.wt.between(old.get(before, t), old.get(step, t)) if old else HOUR
            t = self.wt.add(t, max(gap, MINUTE))
            returned.plan(step, t)
        waited = self.wt.between(returned.node_since, supplemented_at)
        for item in case.items:
            if item is returned:
                continue
            plan = item.schedule()
            for step in self.remaining(item):
                if step in plan:
                    item.plan(step, self.wt.add(plan[step], waited))

    def answer_due(self, client_uuid: str, code: str, urged_at: float, key: str) -> float:
        """When the department answers an urge: 1–4 working hours later."""
        rng = _rng(self.config.seed, client_uuid, code, f"urge:{key}")
        return self.wt.add(urged_at, rng.uniform(1, 4) * HOUR)

    def is_late(self, item) -> bool:
        """Whether the item's plan ends after its promised limit."""
        plan = item.schedule()
        return "due" in plan and plan.get("item_done", 0) > plan["due"]

    def pull_forward(self, case, item, answered_at: float, key: str) -> bool:
        """After an answered urge: a late item's remaining steps come about one
        working day sooner (not before the answer), with a chance of 0.6."""
        if not self.is_late(item):
            return False
        rng = _rng(self.config.seed, case.client_uuid, item.code, f"pull:{key}")
        if rng.random() >= 0.6:
            return False
        amount = rng.uniform(0.7, 1.3) * WORKDAY_SECONDS
        plan = item.schedule()
        floor = 0.0
        for step in self.remaining(item):
            if step not in plan or plan[step] <= answered_at:
                continue
            ahead = self.wt.between(answered_at, plan[step])
            # a minute after the step before it, but never later than it was planned:
            # an urge brings a step sooner or leaves it, it never delays one
            floor = min(ahead, max(floor + MINUTE, ahead - amount))
            item.plan(step, self.wt.add(answered_at, floor))
        return True
