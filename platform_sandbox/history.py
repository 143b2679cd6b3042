"""A history of cases in platform time, fast — for demo data.

:func:`simulate` submits cases at the platform times given, runs the back office
(workdays pace) at each of those times and at the end of every day up to
``until``, supplements returned cases a working day or two later, and — with
``urge_overdue`` — urges every item still open after its promised limit. Nothing
sleeps and the process clock (:data:`~platform_sandbox.clock.CLOCK`) is not
moved: every write takes its platform time explicitly, so the feed's events carry
the times they happened at, in order::

    from platform_sandbox.app import Sandbox
    from platform_sandbox.config import SandboxConfig
    from platform_sandbox.history import Submission, simulate

    sb = Sandbox(SandboxConfig.for_sqlite("demo.db", pace="workdays", background=False))
    report = simulate(sb, [Submission(at=ts, body=case_body) for ts, case_body in plan],
                      until=end_ts, urge_overdue=True)
    report.cases          # client UUID → case number
    sb.close()

Material files a submission names must be stored first (:func:`store_material`).
Serving that database afterwards (``python -m platform_sandbox --db demo.db
--pace workdays``) goes on from the wall clock; plans past it play out as it passes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import io
import random
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from .cases import OPEN_ITEM_NODES
from .clock import CST, DAY_START, at, local
from .models import Case, Urge

_NAMESPACE = uuid.UUID("5f0c7a52-3c1e-4b6e-9d0a-6a1f2b8e4c11")


@dataclass
class Submission:
    """One case to submit: ``at`` (POSIX seconds or an aware datetime), the
    ``CaseSubmission`` body, optionally its client UUID (default: derived from the
    seed and its place in the list) and the clerk."""
    at: float | dt.datetime
    body: dict
    client_uuid: str | None = None
    clerk: str = "wangli"


@dataclass
class HistoryReport:
    cases: dict[str, str] = field(default_factory=dict)   # client UUID → case number
    supplements: int = 0
    urges: int = 0
    passes: int = 0
    until: float = 0.0


def store_material(sandbox, data: bytes) -> str:
    """Keeps ``data`` as a material file; returns its SHA-256 (for ``files``)."""
    sha = hashlib.sha256(data).hexdigest()
    sandbox.cases.record_material(sha, sandbox.blobs.put(sha, io.BytesIO(data),
                                                         sandbox.config.max_upload_bytes))
    return sha


def _ts(value: float | dt.datetime) -> float:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=CST)).timestamp()
    return float(value)


def simulate(sandbox, submissions: list[Submission], until: float | dt.datetime,
             *, supplement_after_days: tuple[int, int] = (1, 2),
             urge_overdue: bool = False) -> HistoryReport:
    """Plays the submissions and the back office up to ``until`` (see the module
    text); reproducible for the same sandbox seed and inputs. ``sandbox`` is a
    :class:`~platform_sandbox.app.Sandbox` in workdays pace without its back-office
    thread."""
    config = sandbox.config
    if config.pace != "workdays":
        raise ValueError("simulate needs pace='workdays'")
    end = _ts(until)
    report = HistoryReport(until=end)
    queue: list = []
    order = 0
    for n, sub in enumerate(submissions):
        client_uuid = sub.client_uuid or str(uuid.uuid5(_NAMESPACE, f"{config.seed}:{n}"))
        heapq.heappush(queue, (_ts(sub.at), order, "submit", (client_uuid, sub)))
        order += 1
    if not queue:
        return report
    day = local(queue[0][0]).date()
    while True:   # the back office runs at the end of every day
        close = dt.datetime.combine(day, dt.time(23, 59, 59), CST).timestamp()
        if close > end:
            break
        heapq.heappush(queue, (close, order, "close", None))
        order += 1
        day += dt.timedelta(days=1)
    heapq.heappush(queue, (end, order, "close", None))
    order += 1
    planned: set[str] = set()   # cases with a supplement queued; items urged
    while queue and queue[0][0] <= end:
        t, _, kind, payload = heapq.heappop(queue)
        report.passes += sandbox.backoffice.tick(at=t)["passes"]
        if kind == "submit":
            client_uuid, sub = payload
            _, answer = sandbox.cases.submit(client_uuid, sub.body, sub.clerk, at=t)
            report.cases[client_uuid] = answer["case_no"]
        elif kind == "supplement":
            sandbox.cases.supplement(payload, {
                "supplement_id": str(uuid.uuid5(_NAMESPACE, f"supplement:{payload}")),
                "form": {}, "materials": []}, at=t)
            report.supplements += 1
        elif kind == "urge":
            case_no, code = payload
            if sandbox.cases.urge(case_no, {
                    "urge_id": str(uuid.uuid5(_NAMESPACE, f"urge:{case_no}:{code}")),
                    "item_code": code, "reason": "已超承诺时限,系统自动催办", "auto": True},
                    at=t)["urged"]:
                report.urges += 1
        else:
            for when, what, data in _follow_ups(sandbox, t, planned, supplement_after_days,
                                                urge_overdue):
                heapq.heappush(queue, (when, order, what, data))
                order += 1
    return report


def _follow_ups(sandbox, t: float, planned: set[str], after: tuple[int, int],
                urge_overdue: bool) -> list[tuple[float, str, object]]:
    """What the applicants and windows do next: supplement returned cases, urge
    items past their limit (each once)."""
    config, wt = sandbox.config, sandbox.worktime
    out = []
    with sandbox.db.read() as s:
        for case in s.scalars(select(Case).where(Case.state.in_(("returned", "in_review")))):
            rng = random.Random(f"{config.seed}:{case.client_uuid}:history")
            if case.state == "returned" and case.case_no not in planned:
                planned.add(case.case_no)
                returned = max(i.node_since for i in case.items)
                day = wt.add_workdays(local(returned).date(), rng.randint(*after))
                out.append((wt.add(at(day, DAY_START), rng.uniform(0.2, 7.5) * 3600),
                            "supplement", case.case_no))
            if not urge_overdue or case.state != "in_review":
                continue
            urged = set(s.scalars(select(Urge.item_code).where(Urge.case_id == case.id)))
            for item in case.items:
                due = item.schedule().get("due")
                key = f"{case.case_no}:{item.code}"
                if due is not None and due < t and item.node in OPEN_ITEM_NODES \
                        and item.code not in urged and key not in planned:
                    planned.add(key)
                    out.append((wt.add(t, rng.uniform(0.1, 2) * 3600), "urge",
                                (case.case_no, item.code)))
    return out
