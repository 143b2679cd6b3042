"""The steps of one sync run, each with only what it needs. ``SyncEngine.run_once``
(engine.py) runs them in order; one failing step does not stop the others.

- ``PushCases``      due queued cases: one manifest, missing files, the case (its
                     snapshot) or a supplement;
- ``PushRecords``    issuance records and evaluations made at the counter;
- ``PullFeed``       the change feed, a bounded number of pages; a case still
                     queued here is reconciled by its UUID before any event moves it;
- ``Reverify``       materials marked 待核验 offline;
- ``ReferenceData``  a newer catalog and the holiday tables;
- ``Housekeeping``   local scans of closed cases after the retention period.

``Backoff`` and ``CaseFailures`` are shared by the steps that retry."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from window_client.catalog.store import BundleRefused, CatalogStore
from window_client.core.case_state import HANDED_OVER, CaseState, OutputStatus
from window_client.core.catalog import Catalog
from window_client.core.definition import ExemptionRoute
from window_client.core.engine import MaterialTag
from window_client.core.snapshot import CaseSnapshot, SnapshotMaterial
from window_client.platform.client import PlatformClient
from window_client.platform.errors import (AuthError, Conflict, Invalid, MalformedResponse,
                                           PlatformError, Unreachable)
from window_client.platform.models import Event
from window_client.services.snapshots import Snapshots
from window_client.store.issuance_repository import IssuanceRepository
from window_client.core.records import CaseRecord, FileRecord, MaterialRecord
from window_client.store.repository import CaseRepository
from window_client.store.supervision_repository import SupervisionRepository
from window_client.core.supervision import AUTO_URGE_CLERK, UrgeRule, case_progress, urges_due
from window_client.core.workdays import WorkCalendar
from window_client.store.sync_repository import (DuplicatePlatformNo, FeedChange, NodeChange,
                                                 OutputRecord,
                                                 SyncRepository)

logger = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]


EVENT_TARGETS = {
    "accepted": CaseState.ACCEPTED,
    "dispatched": CaseState.IN_REVIEW,
    "review": CaseState.IN_REVIEW,
    "supplemented": CaseState.IN_REVIEW,
    "returned": CaseState.RETURNED,
    "refused": CaseState.REFUSED,
}
STATUS_TARGETS = {"accepted": CaseState.ACCEPTED, "in_review": CaseState.IN_REVIEW,
                  "returned": CaseState.RETURNED, "refused": CaseState.REFUSED,
                  "ready": CaseState.READY, "issued": CaseState.ISSUED}


@dataclass
class SyncReport:
    submitted: list[str] = field(default_factory=list)     # provisional numbers
    failed: list[tuple[str, str]] = field(default_factory=list)
    events: int = 0
    online: bool = True
    error: str = ""
    step_errors: list[tuple[str, str]] = field(default_factory=list)  # (step, Chinese)


class LocalMaterialMissing(Exception):
    pass


class Backoff:
    """Exponential with full jitter between half and one and a half of the step,
    never more than ``maximum`` (so ``max_wait`` bounds every wait from now)."""

    def __init__(self, base: float = 2.0, maximum: float = 300.0,
                 rng: random.Random | None = None) -> None:
        self.base = base
        self.maximum = maximum
        self.rng = rng or random.Random()

    def __call__(self, attempts: int) -> dt.timedelta:
        step = min(self.maximum, self.base * (2 ** min(attempts, 16)))
        return dt.timedelta(seconds=step * self.rng.uniform(0.5, 1.5))

    @property
    def max_wait(self) -> dt.timedelta:
        """The longest any wait may be from now: the longest backoff with its jitter.
        An attempt scheduled further out was scheduled by a clock since set back."""
        return dt.timedelta(seconds=self.maximum * 1.5)


class CaseFailures:
    """A case that could not go up: its attempt, the next try, and — when stuck —
    the clerk's notification (需人工处理)."""

    def __init__(self, sync: SyncRepository, clock: Clock, backoff: Backoff) -> None:
        self.sync, self.clock, self.backoff = sync, clock, backoff

    def record(self, case: CaseRecord, stage: str, exc: Exception, attempts: int,
               stuck: bool) -> None:
        message = exc.describe() if isinstance(exc, PlatformError) else str(exc)
        self.sync.record_attempt(case.id, stage=stage, error=message,
                                 next_attempt_at=self.clock() + self.backoff(attempts),
                                 stuck=stuck)
        if stuck:
            self.sync.add_notification(case.id, "stuck",
                                       f"办件{case.provisional_no}无法提交:{message}")
        logger.warning("case %s not submitted (%s): %s", case.provisional_no, stage, message)


def outputs_of(snapshot: CaseSnapshot) -> list[OutputRecord]:
    return [OutputRecord(o.id, i.code, o.name, OutputStatus.PENDING) for i, o in snapshot.outputs]


class PushCases:
    name = "提交办件"
    needs_network = True

    def __init__(self, cases: CaseRepository, sync: SyncRepository, client: PlatformClient,
                 snapshots: Snapshots, failures: CaseFailures, clock: Clock) -> None:
        self.cases, self.sync, self.client = cases, sync, client
        self.snapshots, self.failures, self.clock = snapshots, failures, clock
        self._stage = "manifest"

    def run(self, report: SyncReport) -> None:
        due = self.sync.due(self.clock(), self.failures.backoff.max_wait)
        if not due:
            return
        # one manifest for the whole batch: which of all these files the platform lacks
        files = {e.case_id: self.cases.files(e.case_id) for e in due}
        hashes = sorted({f.sha256 for fs in files.values() for f in fs})
        missing: set[str] = set()
        try:
            for start in range(0, len(hashes), 500):
                missing |= set(self.client.manifest(hashes[start:start + 500]))
        except PlatformError as exc:  # nothing can go up now: every due case waits
            for entry in due:
                self.failures.record(self.cases.get(entry.case_id), "manifest", exc,
                                     entry.attempts, stuck=False)
            raise
        for entry in due:
            case = self.cases.get(entry.case_id)
            self._stage = "upload"
            try:
                self._push_case(case, files[case.id], missing)
                report.submitted.append(case.provisional_no)
            except Unreachable as exc:
                self.failures.record(case, self._stage, exc, entry.attempts, stuck=False)
                raise  # the network is down: the rest would fail the same way
            except (LocalMaterialMissing, DuplicatePlatformNo) as exc:
                self.failures.record(case, self._stage, exc, entry.attempts, stuck=True)
                report.failed.append((case.provisional_no, str(exc)))
            except MalformedResponse as exc:  # this case's answer is not the contract's
                self.failures.record(case, self._stage, exc, entry.attempts, stuck=True)
                report.failed.append((case.provisional_no, exc.describe()))
            except PlatformError as exc:
                self.failures.record(case, self._stage, exc, entry.attempts,
                                     stuck=not exc.retryable)
                report.failed.append((case.provisional_no, exc.describe()))
                if isinstance(exc, AuthError):
                    raise

    def _push_case(self, case: CaseRecord, files: list[FileRecord], missing: set[str]) -> None:
        """Uploads what the platform lacks (``missing`` is shared by the batch and
        shrinks as files go up), then submits the case."""
        self._stage = "upload"
        for f in files:
            if f.sha256 in missing:
                try:
                    data = self.cases.read_file(f)   # decrypted in memory
                except ValueError:                   # vault.FileTampered / FileOtherKey
                    data = None
                if data is None or hashlib.sha256(data).hexdigest() != f.sha256:
                    raise LocalMaterialMissing(f"本地材料文件缺失或已损坏:{f.original_name}")
                self.client.upload(f.sha256, data)
                missing.discard(f.sha256)
        self._stage = "submit"
        payload, outputs = self.payload(case, files)
        if case.platform_no:  # a returned case completed at the window: a supplement
            supplement_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{case.id}/{case.revision}"))
            answer = self.client.supplement(case.platform_no, {
                "supplement_id": supplement_id, "form": payload["form"],
                "materials": payload["materials"]})
        else:
            answer = self.client.submit_case(case.id, payload)
        if self.sync.mark_submitted(case.id, answer.case_no, outputs):
            logger.info("case %s submitted as %s", case.provisional_no, answer.case_no)

    def payload(self, case: CaseRecord, files: list[FileRecord]
                ) -> tuple[dict[str, Any], list[OutputRecord]]:
        """What goes up: the case's snapshot (items, outputs, materials with their
        tags and 容缺 deadlines, the due date and the time of acceptance, the
        catalog version) with the form and the files. Never a recomputed plan."""
        snap = self.snapshots.of(case)
        meta = case.meta
        by_material: dict[str, list[str]] = {}
        for f in files:
            by_material.setdefault(f.material_id, []).append(f.sha256)
        items = [{"code": i.code, "name": i.name, "department": i.department,
                  "promised_days": i.promised_days,
                  "outputs": [{"id": o.id, "name": o.name} for o in i.outputs]}
                 for i in snap.items]
        # the first submission is the snapshot alone; a supplement adds what the
        # window recorded since (materials received, a tag changed by verification)
        recorded = {m.material_id: m for m in case.materials} if case.platform_no else {}
        company = meta.get("applicant_kind") == "company"
        payload = {
            "provisional_no": case.provisional_no,
            "window_code": case.window_code,
            "one_thing_id": case.one_thing_id,
            "catalog_version": snap.catalog_version,
            "applicant": {"kind": "company" if company else "person",
                          "name": case.applicant_name or "",
                          "id_number": case.applicant_id_number or "",
                          "via_agent": bool(meta.get("via_agent"))},
            "answers": dict(case.answers),
            "form": {k: str(v) for k, v in case.form_values.items()},
            "items": items,
            "materials": [_material_payload(m, recorded.get(m.material_id),
                                            by_material.get(m.material_id, []))
                          for m in snap.materials],
            "accepted_at": snap.accepted_at.isoformat(timespec="seconds"),
            "due_date": snap.due_date.isoformat(),
            "clerk": case.created_by,
        }
        return payload, outputs_of(snap)


class PushRecords:
    """Issuance records and evaluations made at the counter, idempotent on their
    ids. A 409 is the platform refusing the handover (e.g. issued elsewhere): kept
    on the record and shown to the hall manager, not retried."""
    name = "上传出件记录与评价"
    needs_network = True

    def __init__(self, cases: CaseRepository, sync: SyncRepository,
                 issuance: IssuanceRepository, client: PlatformClient, backoff: Backoff,
                 clock: Clock) -> None:
        self.cases, self.sync, self.issuance, self.client = cases, sync, issuance, client
        self.backoff, self.clock = backoff, clock

    def run(self, report: SyncReport) -> None:
        now = self.clock()
        for rec in self.issuance.pending_issuances(now, self.backoff.max_wait):
            case = self.cases.get(rec.case_id)
            if not case.platform_no:
                continue
            payload: dict[str, Any] = {
                "issuance_id": rec.id, "outputs": list(rec.outputs), "method": rec.method,
                "collector": {"name": rec.collector_name, "id_number": rec.collector_id_number,
                              "role": rec.collector_role}}
            if rec.method == "post":
                payload.update(tracking_no=rec.tracking_no, address=rec.address)
            try:
                self.client.issue(case.platform_no, payload)
            except Conflict as exc:
                self.issuance.issuance_synced(rec.id, refusal=str(exc))
                self.sync.add_notification(case.id, "issuance_refused",
                                           f"平台不认可办件{case.provisional_no}的出件记录:{exc}")
            except (Unreachable, AuthError):
                raise
            except PlatformError as exc:
                self.issuance.issuance_failed(rec.id, exc.describe(),
                                              now + self.backoff(rec.attempts))
            else:
                self.issuance.issuance_synced(rec.id)
        for ev in self.issuance.pending_evaluations(now, self.backoff.max_wait):
            case = self.cases.get(ev.case_id)
            if not case.platform_no:
                continue
            try:
                self.client.evaluate(case.platform_no, ev.id, ev.stage, ev.level, ev.reason)
            except (Unreachable, AuthError):
                raise
            except PlatformError as exc:
                self.issuance.evaluation_failed(ev.id, exc.describe(), now + self.backoff(3))
            else:
                self.issuance.evaluation_synced(ev.id)


class AutoUrge:
    """The hall's urging rule (催办), run with every sync, online or not: each open
    item overdue or close to its promise is urged at most once per working day
    (the store refuses a second urge of the day); the urges wait in the outbox
    for PushUrges like everything else."""
    name = "自动催办"
    needs_network = False

    def __init__(self, supervision: SupervisionRepository, calendar: WorkCalendar,
                 rule: Callable[[], UrgeRule], clock: Clock) -> None:
        self.supervision, self.calendar, self.rule, self.clock = (supervision, calendar, rule,
                                                                  clock)

    def run(self, report: SyncReport) -> None:
        rule = self.rule()
        today = self.clock().date()
        if not rule.enabled or not self.calendar.is_workday(today):
            return
        progress = [(t.case_id, case_progress(t.state, t.items, t.nodes, t.accepted_on, t.due,
                                              today, self.calendar))
                    for t in self.supervision.open_timelines()]
        wanted = urges_due(progress, today, rule, self.calendar,
                           self.supervision.urged_on(today).keys())
        made = self.supervision.add_urges(wanted, day=today, clerk=AUTO_URGE_CLERK, auto=True)
        if made:
            logger.info("urging rule: %d items urged", len(made))


class PushUrges:
    """Urges to the platform, idempotent on their ids (a replay after a lost answer
    urges once). A case not yet on the platform waits; one urge the platform
    refuses (409/422) is kept with the reason and never blocks the others."""
    name = "上传催办"
    needs_network = True

    def __init__(self, supervision: SupervisionRepository, client: PlatformClient,
                 backoff: Backoff, clock: Clock) -> None:
        self.supervision, self.client, self.backoff, self.clock = (supervision, client, backoff,
                                                                   clock)

    def run(self, report: SyncReport) -> None:
        now = self.clock()
        for urge, platform_no in self.supervision.pending_urges(now, self.backoff.max_wait):
            if not platform_no:
                continue
            try:
                answer = self.client.urge(platform_no, urge.id, urge.item_code, urge.reason,
                                          urge.auto)
            except (Unreachable, AuthError):
                raise
            except (Conflict, Invalid) as exc:
                self.supervision.urge_refused(urge.id, str(exc))
            except PlatformError as exc:
                self.supervision.urge_failed(urge.id, exc.describe(),
                                             now + self.backoff(urge.attempts))
            else:
                self.supervision.urge_sent(urge.id, answer.urged)


def _local(at: dt.datetime) -> dt.datetime:
    """The platform's time as the store keeps times: local, naive, to the second."""
    if at.tzinfo is not None:
        at = at.astimezone().replace(tzinfo=None)
    return at.replace(microsecond=0)


class PullFeed:
    """Reads the feed from the stored cursor: at most ``max_pages`` pages a run
    (the rest next run), stopping when the cursor does not move forward."""
    name = "读取平台变更"
    needs_network = True

    def __init__(self, cases: CaseRepository, sync: SyncRepository, client: PlatformClient,
                 snapshots: Snapshots, failures: CaseFailures, max_pages: int = 20,
                 limit: int = 200) -> None:
        self.cases, self.sync, self.client = cases, sync, client
        self.snapshots, self.failures = snapshots, failures
        self.max_pages, self.limit = max_pages, limit

    def run(self, report: SyncReport) -> None:
        cursor = int(self.sync.get_state("feed_cursor", "0") or 0)
        for _ in range(self.max_pages):
            page = self.client.changes(cursor, self.limit)
            self.sync.set_state("feed_read_at", dt.datetime.now().replace(microsecond=0)
                                .isoformat())
            if page.next_cursor < cursor or (page.next_cursor == cursor
                                             and (page.events or page.bad)):
                raise MalformedResponse(f"平台变更序号未前进(游标{cursor},应答{page.next_cursor}),"
                                        "本轮停止读取变更")
            events = [ev for ev in page.events if cursor < ev.seq <= page.next_cursor]
            for bad in page.bad:
                self.sync.add_notification(None, "feed_malformed",
                                           f"平台推送的一条变更无法识别,已跳过(序号{bad.seq or '未知'}):"
                                           f"{bad.problem}")
                logger.warning("feed event %s skipped: %s", bad.seq, bad.problem)
            if not events and not page.bad:
                if page.next_cursor > cursor:
                    self.sync.apply_feed([], page.next_cursor)
                return
            nodes: list[NodeChange] = []
            changes = self._feed_changes(events, nodes)
            report.events += len(events)
            self.sync.apply_feed(changes, page.next_cursor, nodes)
            cursor = page.next_cursor
        logger.info("feed: %d pages read this run; the rest follows next run", self.max_pages)

    def _feed_changes(self, events: list[Event], nodes: list[NodeChange]) -> list[FeedChange]:
        """The rule for refusals: a case refused as a whole has nothing ready (its
        outputs become 不予受理, a result_ready in the same batch is dropped); one item
        refused takes only its own outputs, the other items go on. Every event of a
        case known here is also kept as a node of its timeline (``nodes``)."""
        changes: list[FeedChange] = []
        status_needed: dict[str, str] = {}
        reconciled: dict[str, CaseRecord | None] = {}
        refused_here = {ev.client_uuid for ev in events if ev.type == "refused"}
        for ev in events:
            try:
                case = self.cases.get(ev.client_uuid)
            except KeyError:
                continue  # another window's case
            if not case.platform_no:
                if case.id not in reconciled:
                    try:
                        reconciled[case.id] = self._reconcile(case)
                    except (Unreachable, AuthError):
                        raise
                    except PlatformError as exc:  # this case's answer is bad: it alone waits
                        self.failures.record(case, "submit", exc, 0, stuck=True)
                        reconciled[case.id] = None
                case = reconciled[case.id] or case
                if not case.platform_no:
                    continue  # the platform does not know it: it goes up again first
            elif case.platform_no != ev.case_no:
                logger.warning("feed event %s names case %s, stored as %s: skipped",
                               ev.seq, ev.case_no, case.platform_no)
                continue
            target = STATUS_TARGETS.get(ev.state or "") or EVENT_TARGETS.get(ev.type)
            note = ";".join(ev.reasons)
            nodes.append(NodeChange(case.id, ev.seq, ev.type, _local(ev.at), ev.item_code,
                                    ev.department or "", note, ev.urge_id))
            notification = None
            status = None
            if ev.type == "returned":
                notification = ("returned", f"办件{case.provisional_no}退回补正:{note}")
            elif ev.type == "refused":
                notification = ("refused", f"办件{case.provisional_no}不予受理:{note}"
                                           "(全部事项均不予受理,没有可领取的结果)")
                changes += [FeedChange(case.id, None, o.output_id, OutputStatus.REFUSED,
                                       note=note)
                            for o in self.sync.outputs(case.id) if o.status not in HANDED_OVER]
            elif ev.type == "item_refused":
                outputs = [o for o in self.sync.outputs(case.id) if o.item_code == ev.item_code]
                item = next((i.name for i in self.snapshots.of(case).items
                             if i.code == ev.item_code), ev.item_code or "")
                changes += [FeedChange(case.id, None, o.output_id, OutputStatus.REFUSED,
                                       note=note) for o in outputs[1:]]
                changes.append(FeedChange(
                    case.id, None, outputs[0].output_id if outputs else None,
                    OutputStatus.REFUSED if outputs else None,
                    ("item_refused", f"办件{case.provisional_no}的“{item}”不予受理:{note};"
                                     "其他事项继续办理"), note, refused_item=ev.item_code))
                if ev.state is None:
                    status_needed[ev.case_no] = case.id   # ready, once the others are done
                elif target is not None:
                    changes.append(FeedChange(case.id, target))
                continue
            elif ev.type == "result_ready" and case.id in refused_here:
                continue   # refused as a whole in this batch: nothing of it is ready
            elif ev.type == "result_ready":
                status = OutputStatus.READY
                name = next((o.name for o in self.sync.outputs(case.id)
                             if o.output_id == ev.output_id), ev.output_id)
                notification = ("ready", f"办件{case.provisional_no}的{name}可以领取")
            elif ev.type in ("issued", "posted"):
                status = OutputStatus(ev.type)
            if ev.state is None and ev.type in ("item_done", "result_ready", "issued", "posted"):
                status_needed[ev.case_no] = case.id  # ask where the case stands
            changes.append(FeedChange(case.id, target, ev.output_id, status, notification, note))
        for case_no, case_id in status_needed.items():
            state = self.client.case_status(case_no).state
            if state in STATUS_TARGETS:
                changes.append(FeedChange(case_id, STATUS_TARGETS[state]))
        return changes

    def _reconcile(self, case: CaseRecord) -> CaseRecord | None:
        """A case the feed speaks of while it is still queued here: its submit
        answer was lost (the platform committed, the client saw a reset). Ask the
        platform for it by its UUID and record the number before anything moves
        it; None when the platform has no such case."""
        if case.state != CaseState.QUEUED:
            return None
        found = self.client.find_case(case.id)
        if found is None:
            logger.warning("case %s named by the feed is unknown to the platform",
                           case.provisional_no)
            return None
        try:
            self.sync.mark_submitted(case.id, found.case_no,
                                     outputs_of(self.snapshots.of(case)), clerk="sync")
        except DuplicatePlatformNo as exc:
            self.failures.record(case, "submit", exc, 0, stuck=True)
            return None
        logger.info("case %s reconciled with the platform as %s", case.provisional_no,
                    found.case_no)
        return self.cases.get(case.id)


class Reverify:
    """Materials marked 待核验 offline are verified now; a failure puts the case in
    front of the clerk (a notification) and the material stays to hand in."""
    name = "网络核验"
    needs_network = True
    OPEN = (CaseState.QUEUED, CaseState.SUBMITTED, CaseState.ACCEPTED, CaseState.IN_REVIEW)

    def __init__(self, cases: CaseRepository, sync: SyncRepository, client: PlatformClient,
                 catalog: Catalog) -> None:
        self.cases, self.sync, self.client, self.catalog = cases, sync, client, catalog

    def run(self, report: SyncReport) -> None:
        pending_tag = MaterialTag.VERIFICATION_PENDING
        for case_id in self.cases.cases_with_material_tag(pending_tag, self.OPEN):
            full = self.cases.get(case_id)
            pending = [m for m in full.materials if m.tag == pending_tag]
            if not full.applicant_id_number:
                continue
            one = self.catalog.definitions.get(full.one_thing_id)
            for m in pending:
                spec = next((x for x in one.materials if x.id == m.material_id), None) \
                    if one else None
                service = next((e.service for e in spec.exemptions
                                if e.route == ExemptionRoute.ONLINE_VERIFICATION), None) \
                    if spec else None
                if not service:
                    continue
                result = self.client.verify(service, full.applicant_id_number, m.material_id)
                if result.result == "passed":
                    self.cases.update_material_tag(full.id, m.material_id,
                                                   MaterialTag.ONLINE_VERIFICATION,
                                                   note=f"网络核验通过:{service}")
                else:
                    self.cases.update_material_tag(full.id, m.material_id, MaterialTag.HAND_IN,
                                                   note=f"网络核验未通过:{result.detail}")
                    self.sync.add_notification(full.id, "verification_failed",
                                               f"办件{full.provisional_no}的“{m.name}”网络核验未通过,"
                                               f"请联系申请人补交纸质材料")


class ReferenceData:
    """A newer catalog (applied at the next start; drafts keep theirs) and the
    holiday tables of this year and the next."""
    name = "目录与节假日"
    needs_network = True

    def __init__(self, sync: SyncRepository, client: PlatformClient, catalog: Catalog,
                 catalogs: CatalogStore | None, calendar_file: Path | None,
                 clock: Clock) -> None:
        self.sync, self.client, self.catalog = sync, client, catalog
        self.catalogs, self.calendar_file, self.clock = catalogs, calendar_file, clock

    def run(self, report: SyncReport) -> None:
        if self.catalogs is not None:
            info = self.client.catalog_info()
            if info.sha256 != self.sync.get_state("catalog_sha256"):
                try:
                    installed = self.catalogs.install(self.client.catalog_bundle(), info.sha256)
                except BundleRefused as exc:
                    self.sync.add_notification(None, "catalog_refused", str(exc))
                else:
                    self.sync.set_state("catalog_sha256", info.sha256)
                    if installed.version != self.catalog.version:
                        self.sync.add_notification(None, "catalog", f"收到新版目录{installed.version},"
                                                   "重新登录后生效(已开始的草稿仍按原版本办理)")
        if self.calendar_file is not None:
            self._calendar(self.calendar_file)

    def _calendar(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"years": {}}
        changed = False
        for year in (self.clock().year, self.clock().year + 1):
            try:
                cal = self.client.calendar(year)
            except Invalid:
                continue  # not published yet
            entry = {"holidays": [d.isoformat() for d in cal.holidays],
                     "workdays": [d.isoformat() for d in cal.workdays]}
            if data["years"].get(str(year)) != entry:
                data["years"][str(year)] = entry
                changed = True
        if changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(path)


class Housekeeping:
    """Local scans of closed cases, which the platform has confirmed, go after the
    retention period; once a day (the sync loop runs every few seconds)."""
    name = "清理本地材料"
    needs_network = False

    def __init__(self, cases: CaseRepository, sync: SyncRepository, clock: Clock,
                 retention_days: int = 30) -> None:
        self.cases, self.sync, self.clock = cases, sync, clock
        self.retention_days = retention_days

    def run(self, report: SyncReport) -> None:
        today = self.clock().date().isoformat()
        if self.sync.get_state("last_cleanup") == today:
            return
        self.sync.set_state("last_cleanup", today)
        cutoff = self.clock() - dt.timedelta(days=self.retention_days)
        for case in self.cases.list_cases([CaseState.ISSUED, CaseState.REFUSED]):
            if case.platform_no and case.updated_at < cutoff:
                self.cases.remove_local_files(case.id, clerk="sync")


def _material_payload(m: SnapshotMaterial, recorded: MaterialRecord | None,
                      files: list[str]) -> dict[str, Any]:
    """A material of the snapshot; a supplement's payload sends what the window
    recorded since (received, copies), the snapshot's name and deadline."""
    received = recorded.received if recorded is not None else m.received
    copies = recorded.copies if recorded is not None else m.copies
    tag = recorded.tag if recorded is not None else m.tag
    return {"material_id": m.material_id, "name": m.name, "tag": str(tag),
            "received": bool(received), "copies": copies,
            "missing_deadline": m.missing_deadline.isoformat() if m.missing_deadline else None,
            "files": sorted(set(files))}
