"""The departments behind the platform (后台一链审批), simulated.

Each item of a submitted case moves accepted → dispatched → review → done, one
node per ``review_delay`` seconds; when an item is done each of its outputs
becomes ready (one ``result_ready`` event per output). The case follows:
accepted → in_review (first dispatch) → ready (every item done). A share of cases
(``return_share``) is returned for supplement once, when a chosen item would
finish review; ``refuse_share`` (0 by default) refuses instead. Which cases, which
item and which reasons is decided from ``seed`` and the case's client UUID only,
so a run is reproducible. A returned case waits until it is supplemented.

:meth:`BackOffice.tick` does one pass now (tests call it through
``/_sandbox/tick``); :meth:`BackOffice.start` runs passes in a thread.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass

from sqlalchemy import select

from .cases import emit
from .config import SandboxConfig
from .db import Database
from .ids import now
from .models import Case, CaseItem

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


class BackOffice:
    def __init__(self, db: Database, config: SandboxConfig, on_idle=None):
        self.db = db
        self.config = config
        self.on_idle = on_idle
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self, ignore_delays: bool = False, steps: int | None = None) -> dict:
        """Runs passes until nothing moves (or ``steps`` passes); returns
        ``{"moved": nodes moved, "passes": passes run}``."""
        moved = passes = 0
        while steps is None or passes < steps:
            n = self._pass(ignore_delays)
            passes += 1
            moved += n
            if not n:
                break
        return {"moved": moved, "passes": passes}

    def _pass(self, ignore_delays: bool) -> int:
        moved = 0
        with self.db.write() as s:
            cases = s.scalars(select(Case).where(Case.state.in_(("accepted", "in_review")))
                              .order_by(Case.id)).all()
            t = now()
            for case in cases:
                moved += self._advance(s, case, t, ignore_delays)
        return moved

    def _advance(self, s, case: Case, t: float, ignore_delays: bool) -> int:
        c = self.config
        doom = fate(c.seed, case.client_uuid, len(case.items), c.return_share, c.refuse_share)
        moved = 0
        for n, item in enumerate(case.items):
            if case.state not in ("accepted", "in_review"):
                break
            if not ignore_delays and t - item.node_since < c.review_delay:
                continue
            if item.node == "accepted":
                item.node, case.state = "dispatched", "in_review"
                emit(s, case, "dispatched", item.code)
            elif item.node == "dispatched":
                item.node = "review"
                emit(s, case, "review", item.code)
            elif item.node == "review":
                if doom and doom.item == n and (doom.kind == "refuse" or not case.returned_once):
                    self._stop_case(s, case, item, doom)
                else:
                    self._finish(s, case, item)
            else:
                continue
            item.node_since = t
            moved += 1
        return moved

    def _stop_case(self, s, case: Case, item: CaseItem, doom: Fate) -> None:
        reasons = [f"{item.name or item.code}:{r}" for r in doom.reasons]
        if doom.kind == "refuse" and item is not case.items[0]:
            # one item refused: its results will not come, the other items go on
            item.node = "refused"
            for out in item.outputs:
                out.status = "refused"
            self._settle(case)   # before the event: it carries the case's state after it
            emit(s, case, "item_refused", item.code, reasons=reasons)
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
             reasons=reasons)
        log.info("case %s %s at item %s", case.case_no, case.state, item.code)

    def _finish(self, s, case: Case, item: CaseItem) -> None:
        item.node = "done"
        for out in item.outputs:
            out.status = "ready"
        self._settle(case)
        emit(s, case, "item_done", item.code)
        for out in item.outputs:
            emit(s, case, "result_ready", item.code, output_id=out.output_id)

    @staticmethod
    def _settle(case: Case) -> None:
        """Ready when every item is done or refused and at least one is done."""
        nodes = [i.node for i in case.items]
        if all(n in ("done", "refused") for n in nodes) and "done" in nodes:
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
