"""The departments behind the platform (后台一链审批), simulated.

Each item of a submitted case moves accepted → dispatched → review → approved →
done, then its outputs become ready (one ``result_ready`` event per output). The
case follows: accepted → in_review (first dispatch) → ready (every item done or
refused, the results out). A share of cases (``return_share``) is returned for
supplement once, when a chosen item would be approved; ``refuse_share`` (0 by
default) refuses instead. Which cases, which item and which reasons is decided
from ``seed`` and the case's client UUID only, so a run is reproducible. A
returned case waits until it is supplemented.

When a node is due depends on ``config.pace`` (see :class:`BackOffice`); every
urge recorded (:class:`~platform_sandbox.models.Urge`) is answered by its
department on a later pass with an ``urge_answered`` event.

:meth:`BackOffice.tick` does one pass now (tests call it through
``/_sandbox/tick``) or at an explicit platform time; :meth:`BackOffice.start`
runs passes in a thread.
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
import random
import threading
from dataclasses import dataclass

from sqlalchemy import select

from .cases import OPEN_ITEM_NODES, emit
from .clock import WorkTime
from .config import SandboxConfig
from .db import Database
from .ids import now
from .models import Case, CaseItem, Urge
from .schedule import NEXT_STEP, STEPS, Scheduler

log = logging.getLogger(__name__)

RETURN_REASONS = (
    "申请表填写的户籍地址与户口簿记载不一致,请核对后补正",
    "身份证复印件不清晰,请重新提交清晰的扫描件",
    "缺少经办人签字的授权委托书,请补充提交",
    "联系电话无法接通,请核实后补正",
    "照片不符合制证要求(白色背景、免冠正面),请重新提交",
    "材料复印件未加盖单位公章,请补正",
)
REFUSE_REASONS = (
    "经核查,申请人不符合该事项的受理条件",
    "申请事项不属于本机关职权范围",
)


@dataclass(frozen=True)
class Fate:
    kind: str  # "return" | "refuse"
    item: int
    reasons: tuple[str, ...]


def fate(seed: int, client_uuid: str, n_items: int, return_share: float,
         refuse_share: float) -> Fate | None:
    """Whether (and how) the back office stops this case; None: it goes through."""
    rng = random.Random(f"{seed}:{client_uuid}")
    u_return, u_refuse = rng.random(), rng.random()
    item = rng.randrange(n_items) if n_items else 0
    if u_refuse < refuse_share:
        return Fate("refuse", item, (rng.choice(REFUSE_REASONS),))
    if u_return < return_share:
        return Fate("return", item, tuple(rng.sample(RETURN_REASONS, k=rng.choice((1, 2)))))
    return None


URGE_REPLIES = (
    "已收到催办,正在加快审核,预计2个工作日内办结",
    "材料已转交科室负责人审核,今日内办结",
    "该事项需现场核查,已安排核查人员,核查后即办结",
    "已收到催办,经办人员正在审核,将于明日上午前办结",
    "已协调分管领导优先审批,预计1个工作日内办结",
    "系统数据核验中,核验通过后立即办结并推送结果",
)
URGE_REPLY_RETURNED = "该事项已退回补正,待申请人补齐材料后立即办理"
URGE_REPLY_CLOSED = "该事项已办结,办理结果已推送至综合窗口"
URGE_REPLY_REFUSED = "该事项已作出不予受理决定,请窗口向申请人做好解释"


def urge_reply(seed: int, client_uuid: str, item_code: str, node: str, key: str) -> str:
    """The department's answer to an urge, by the item's node, reproducibly."""
    if node == "returned":
        return URGE_REPLY_RETURNED
    if node == "refused":
        return URGE_REPLY_REFUSED
    if node not in OPEN_ITEM_NODES:
        return URGE_REPLY_CLOSED
    return random.Random(f"{seed}:{client_uuid}:{item_code}:reply:{key}").choice(URGE_REPLIES)


class BackOffice:
    """Moves items along their nodes. ``config.pace`` says when a node is due:
    ``delay``: ``review_delay`` seconds after the item's last node, one node per
    item per pass; ``workdays``: at its planned time (:mod:`.schedule`), every
    due node in one pass, in time order, each event at its planned time.
    ``ignore_delays`` (``tick(all=True)``) moves one node per item now in either
    pace and answers every pending urge."""

    def __init__(self, db: Database, config: SandboxConfig, scheduler: Scheduler | None = None,
                 on_idle=None):
        self.db = db
        self.config = config
        self.scheduler = scheduler or Scheduler(config, WorkTime(config.calendar_file))
        self.on_idle = on_idle
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self, ignore_delays: bool = False, steps: int | None = None,
             at: float | None = None) -> dict:
        """Runs passes until nothing moves (or ``steps`` passes); returns
        ``{"moved": nodes moved, "passes": passes run}``. ``at`` is the platform
        time the passes run at (default: the clock now) — a demo drives a year of
        history this way without moving the clock or sleeping."""
        moved = passes = 0
        while steps is None or passes < steps:
            n = self._pass(ignore_delays, now() if at is None else at)
            passes += 1
            moved += n
            if not n:
                break
        return {"moved": moved, "passes": passes}

    def _pass(self, ignore_delays: bool, t: float) -> int:
        c = self.config
        timed = c.pace == "workdays" and not ignore_delays
        heap: list = []
        counter = itertools.count()

        def push(case: Case, item: CaseItem) -> None:
            step = self._next_step(case, item)
            if step is None:
                return
            if ignore_delays:
                due = t
            elif timed:
                due = item.schedule().get(step)
                if due is None:  # a case from before plans: plan it now
                    self._plan_late(case)
                    due = item.schedule().get(step, t)
            else:
                due = item.node_since + c.review_delay
                if due > t:
                    return
                due = t
            if due <= t:
                heapq.heappush(heap, (due, case.id, item.position, STEPS.index(step),
                                      next(counter), "node", case, item, step))

        moved = 0
        with self.db.write() as s:
            cases = s.scalars(select(Case).where(Case.state.in_(("accepted", "in_review")))
                              .order_by(Case.id)).all()
            for case in cases:
                for item in case.items:
                    push(case, item)
            for urge in s.scalars(select(Urge).where(Urge.answered_at.is_(None))
                                  .order_by(Urge.id)):
                due = t if ignore_delays else (urge.answer_due if timed
                                               else urge.at + c.review_delay)
                if due <= t:
                    heapq.heappush(heap, (due if timed else t, urge.case_id, 10**6 + urge.id,
                                          0, next(counter), "urge", urge, None, None))
            while heap:
                due, *_, kind, case, item, step = heapq.heappop(heap)
                if kind == "urge":
                    urge = case
                    self._answer(s, urge, due)
                    moved += 1
                    if timed:  # a pulled-forward plan may have become due
                        push(s.get(Case, urge.case_id), s.get(CaseItem, urge.item_id))
                    continue
                if case.state not in ("accepted", "in_review") \
                        or self._next_step(case, item) != step \
                        or (timed and item.schedule().get(step) != due):
                    continue  # moved on, stopped, or re-planned since it was queued
                self._apply(s, case, item, step, due)
                item.node_since = due
                moved += 1
                if timed:
                    push(case, item)
        return moved

    @staticmethod
    def _next_step(case: Case, item: CaseItem) -> str | None:
        step = NEXT_STEP.get(item.node)
        if item.node == "done" and not any(o.status == "pending" for o in item.outputs):
            return None
        return step

    def _plan_late(self, case: Case) -> None:
        submitted = json.loads(case.submission_json or "{}")
        promised = {i["code"]: i.get("promised_days", 0) for i in submitted.get("items", [])}
        self.scheduler.plan_case(case, promised, min(i.node_since for i in case.items))

    def _apply(self, s, case: Case, item: CaseItem, step: str, at: float) -> None:
        c = self.config
        if step == "dispatched":
            item.node = "dispatched"
            if case.state == "accepted":
                case.state = "in_review"
            emit(s, case, "dispatched", item.code, at=at)
        elif step == "review":
            item.node = "review"
            emit(s, case, "review", item.code, at=at)
        elif step == "approved":
            doom = fate(c.seed, case.client_uuid, len(case.items), c.return_share,
                        c.refuse_share)
            if doom and doom.item == item.position \
                    and (doom.kind == "refuse" or not case.returned_once):
                self._stop_case(s, case, item, doom, at)
            else:
                item.node = "approved"
                emit(s, case, "approved", item.code, at=at)
        elif step == "item_done":
            item.node = "done"
            if c.pace != "workdays":   # delay pace: the results are out at once
                for out in item.outputs:
                    out.status = "ready"
            self._settle(case)
            emit(s, case, "item_done", item.code, at=at)
            if c.pace != "workdays":
                for out in item.outputs:
                    emit(s, case, "result_ready", item.code, output_id=out.output_id, at=at)
        elif step == "result_ready":
            pending = [o for o in item.outputs if o.status == "pending"]
            for out in pending:
                out.status = "ready"
            self._settle(case)
            for out in pending:
                emit(s, case, "result_ready", item.code, output_id=out.output_id, at=at)

    def _answer(self, s, urge: Urge, at: float) -> None:
        """The department answers an urge (``urge_answered`` with its reply); in
        workdays pace a late open item may come about a working day sooner."""
        case = s.get(Case, urge.case_id)
        item = s.get(CaseItem, urge.item_id)
        key = urge.urge_id or f"{urge.at}"
        urge.reply = urge_reply(self.config.seed, case.client_uuid, item.code, item.node, key)
        urge.answered_at = at
        emit(s, case, "urge_answered", item.code, reasons=[urge.reply], urge_id=urge.urge_id,
             at=at)
        if self.config.pace == "workdays" and item.node in OPEN_ITEM_NODES \
                and case.state in ("accepted", "in_review") \
                and self.scheduler.pull_forward(case, item, at, key):
            log.info("case %s: item %s pulled forward after an urge", case.case_no, item.code)

    def _stop_case(self, s, case: Case, item: CaseItem, doom: Fate, at: float) -> None:
        reasons = [f"{item.name or item.code}:{r}" for r in doom.reasons]
        if doom.kind == "refuse" and item is not case.items[0]:
            # one item refused: its results will not come, the other items go on
            item.node = "refused"
            for out in item.outputs:
                out.status = "refused"
            self._settle(case)   # before the event: it carries the case's state after it
            emit(s, case, "item_refused", item.code, reasons=reasons, at=at)
            log.info("case %s: item %s refused", case.case_no, item.code)
            return
        if doom.kind == "refuse":
            # the first item (the one the others build on) refused: the whole case is,
            # and nothing of it is ready
            item.node = case.state = "refused"
            for other in case.items:
                for out in other.outputs:
                    if out.status in ("pending", "ready"):
                        out.status = "refused"
        else:
            item.node, case.state, case.returned_once = "returned", "returned", True
        emit(s, case, "refused" if doom.kind == "refuse" else "returned", item.code,
             reasons=reasons, at=at)
        log.info("case %s %s at item %s", case.case_no, case.state, item.code)

    @staticmethod
    def _settle(case: Case) -> None:
        """Ready when every item is done or refused, at least one is done, and the
        results of the done ones are out."""
        nodes = [i.node for i in case.items]
        out = all(o.status != "pending" for i in case.items if i.node == "done"
                  for o in i.outputs)
        if all(n in ("done", "refused") for n in nodes) and "done" in nodes and out:
            case.state = "ready"
            log.info("case %s ready", case.case_no)
        elif all(n == "refused" for n in nodes):
            case.state = "refused"

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="back-office", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        passes = 0
        while not self._stop.wait(self.config.poll_interval):
            try:
                self.tick()
                passes += 1
                if self.on_idle and passes % 600 == 0:
                    self.on_idle()
            except Exception:  # keep the thread alive; the next pass retries
                log.exception("back-office pass failed")
