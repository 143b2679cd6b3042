"""SyncEngine.run_once(): the steps of steps.py in order — push due cases, push
issuance records and evaluations, pull the feed, re-run offline verifications,
the urging rule and the urges, reference data, housekeeping — each with its own dependencies; one failing step
does not stop the others (offline, the network steps are skipped, housekeeping
still runs). Qt-free; the UI runs it in a worker thread and the CLI (`python -m
window_client sync now`) runs it directly. ``make_sync_engine`` builds it.

Never loses or doubles a case: submission is idempotent on the case's UUID, the
platform's number is stored in the same transaction that marks the case submitted,
and the feed cursor moves only with the batch it follows. A kill at any point
leaves either work to redo (harmless) or work done (remembered).

What a case carries up is its snapshot (core/snapshot.py), taken at confirm: the
payload never replans. A case never passes submitted without the platform's
number: when the feed speaks of a case still queued here (its submit answer was
lost), the engine looks it up by its UUID first. Every answer is checked against
the contract; a bad answer for one case puts that case in front of the clerk
(需人工处理) and the queue goes on. A run reads a bounded number of feed pages and
stops when the cursor does not move; every wait is bounded from the current time,
so a clock set back never parks a case."""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from window_client.catalog.store import CatalogStore
from window_client.core.catalog import Catalog
from window_client.platform.client import PlatformClient
from window_client.platform.errors import AuthError, PlatformError, Unreachable
from window_client.services.snapshots import Snapshots
from window_client.store.issuance_repository import IssuanceRepository
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import SyncRepository

from window_client.core.supervision import UrgeRule
from window_client.core.workdays import WorkCalendar
from window_client.store.supervision_repository import SupervisionRepository

from .steps import (EVENT_TARGETS, STATUS_TARGETS, AutoUrge, Backoff, CaseFailures,
                    Housekeeping, LocalMaterialMissing, PullFeed, PushCases, PushRecords,
                    PushUrges, ReferenceData, Reverify, SyncReport)

__all__ = ["EVENT_TARGETS", "STATUS_TARGETS", "LocalMaterialMissing", "Step", "SyncEngine",
           "SyncReport", "make_sync_engine"]

logger = logging.getLogger(__name__)
S = TypeVar("S")


class Step(Protocol):
    name: str              # Chinese, for the report
    needs_network: bool

    def run(self, report: SyncReport) -> None: ...


class SyncEngine:
    """Runs its steps in order. ``cases``, ``sync`` and ``client`` are kept for the
    status line and for callers that look at what the run did."""

    def __init__(self, steps: list[Step], *, cases: CaseRepository, sync: SyncRepository,
                 client: PlatformClient, clock: Callable[[], dt.datetime] = dt.datetime.now
                 ) -> None:
        self.steps = steps
        self.cases, self.sync, self.client, self.clock = cases, sync, client, clock

    def step(self, kind: type[S]) -> S:
        return next(s for s in self.steps if isinstance(s, kind))

    @property
    def push_cases(self) -> PushCases:
        return self.step(PushCases)

    @property
    def feed(self) -> PullFeed:
        return self.step(PullFeed)

    def run_once(self) -> SyncReport:
        report = SyncReport()
        for step in self.steps:
            if step.needs_network and not report.online:
                continue  # offline or signed out: the network steps wait for the next run
            try:
                step.run(report)
            except (Unreachable, AuthError) as exc:
                report.online = False
                report.error = exc.describe()
            except PlatformError as exc:  # a malformed feed, server errors: next run
                report.step_errors.append((step.name, exc.describe()))
            except Exception:  # a bug in one step must not stop the others
                logger.exception("sync step %s failed", step.name)
                report.step_errors.append(
                    (step.name, "程序内部出错(已记入日志),其他同步步骤照常进行;"
                                "多次出现请联系技术支持"))
        if report.step_errors and not report.error:
            report.error = ";".join(f"{name}:{msg}" for name, msg in report.step_errors)
        now = self.clock().isoformat(timespec="seconds")
        if report.online and not report.error:
            self.sync.set_state("last_success", now)
        self.sync.set_state("last_run", now)
        self.sync.set_state("last_error", report.error)
        return report

    def status(self) -> dict[str, Any]:
        queued = self.sync.queued()
        return {"queued": len(queued), "stuck": sum(1 for q in queued if q.stuck),
                "waiting_retry": sum(1 for q in queued if q.attempts and not q.stuck),
                "last_success": self.sync.get_state("last_success"),
                "last_run": self.sync.get_state("last_run"),
                "last_error": self.sync.get_state("last_error"),
                "feed_cursor": int(self.sync.get_state("feed_cursor", "0") or 0)}


def make_sync_engine(catalog: Catalog, cases: CaseRepository, sync: SyncRepository,
                     client: PlatformClient, *,
                     clock: Callable[[], dt.datetime] = dt.datetime.now,
                     rng: random.Random | None = None, backoff_base: float = 2.0,
                     backoff_max: float = 300.0, catalogs: CatalogStore | None = None,
                     calendar_file: Path | None = None, retention_days: int = 30,
                     issuance: IssuanceRepository | None = None,
                     snapshots: Snapshots | None = None, max_pages: int = 20,
                     supervision: SupervisionRepository | None = None,
                     urge_rule: Callable[[], UrgeRule] | None = None,
                     calendar: WorkCalendar | None = None) -> SyncEngine:
    """The engine with every step this window has: without ``issuance`` no record
    push, without ``catalogs``/``calendar_file`` no reference data of that kind,
    without ``supervision`` no urging (with it but without ``urge_rule`` and
    ``calendar``, urges made by hand are sent, none by the rule)."""
    backoff = Backoff(backoff_base, backoff_max, rng)
    failures = CaseFailures(sync, clock, backoff)
    snapshots = snapshots or Snapshots(catalog, cases, now=clock,
                                       catalog_versions=catalogs.get if catalogs else None)
    steps: list[Step] = [PushCases(cases, sync, client, snapshots, failures, clock)]
    if issuance is not None:
        steps.append(PushRecords(cases, sync, issuance, client, backoff, clock))
    steps += [PullFeed(cases, sync, client, snapshots, failures, max_pages),
              Reverify(cases, sync, client, catalog)]
    if supervision is not None:
        if urge_rule is not None and calendar is not None:
            steps.append(AutoUrge(supervision, calendar, urge_rule, clock))
        steps.append(PushUrges(supervision, client, backoff, clock))
    if catalogs is not None or calendar_file is not None:
        steps.append(ReferenceData(sync, client, catalog, catalogs, calendar_file, clock))
    steps.append(Housekeeping(cases, sync, clock, retention_days))
    return SyncEngine(steps, cases=cases, sync=sync, client=client, clock=clock)

