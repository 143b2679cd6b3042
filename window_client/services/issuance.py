"""The issuance counter (统一出件) without any UI: find the case (slip barcode, case
number, provisional number or ID number), see each result and whether it is
ready, check who collects, hand over all or some results or post them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from window_client.core.case_state import CaseState
from window_client.core.issuance import (Collector, IssuanceRefused, collector_problem,
                                         outputs_problem, postal_problem)
from window_client.store.issuance_repository import IssuanceRecord, IssuanceRepository
from window_client.core.case_state import OUTPUT_LABELS, OutputStatus
from window_client.core.masking import mask_id_number
from window_client.core.records import CaseRecord
from window_client.core.roles import Clerk, Permission
from window_client.core.workdays import WorkCalendar
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import OutputRecord, SyncRepository

from . import messages
from .permissions import Guard, RefusalLog, requires

OUTPUT_STATUS_LABELS = OUTPUT_LABELS


@dataclass(frozen=True)
class CaseAtCounter:
    case: CaseRecord
    outputs: tuple[OutputRecord, ...]
    issuances: tuple[IssuanceRecord, ...]
    refused_items: tuple[tuple[str, str, str], ...] = ()   # (code, name, reason), the case goes on

    @property
    def ready(self) -> tuple[OutputRecord, ...]:
        return tuple(o for o in self.outputs if o.status == OutputStatus.READY)


@dataclass(frozen=True)
class QueueEntry:
    """A case whose results wait at this hall's issuance counter."""
    case_id: str
    case_no: str                 # the platform number (else the provisional one)
    applicant_name: str
    applicant_id_masked: str
    one_thing_id: str
    ready_count: int             # results ready and not handed over
    ready_since: dt.date
    waiting_days: int            # working days since the first became ready


class IssuanceService:
    """Every entry point needs Permission.ISSUE (hall managers, administrators): a
    clerk's window is given this service too and is refused, audited."""
    OPEN_TO_EVERY_ROLE: frozenset[str] = frozenset({"applicant_ids"})

    def __init__(self, cases: CaseRepository, sync: SyncRepository,
                 issuance: IssuanceRepository, clerk: Clerk,
                 calendar: WorkCalendar | None = None,
                 today: Callable[[], dt.date] = dt.date.today, *,
                 refusals: RefusalLog | None = None) -> None:
        self.cases = cases
        self.sync = sync
        self.issuance = issuance
        self.guard = Guard(clerk, refusals)
        self.manager = clerk.username
        self.calendar = calendar or WorkCalendar()
        self.today = today

    @requires(Permission.ISSUE)
    def queue(self, text: str = "") -> list[QueueEntry]:
        """Every case with a result ready for pick-up, newest first; ``text`` filters
        by case or provisional number, name or ID number (ASCII case ignored)."""
        waiting = self.sync.ready_for_pickup()
        needle = "".join(text.split()).upper()
        today = self.today()
        entries = []
        for case_id, (since, count) in waiting.items():
            case = self.cases.get(case_id)
            haystack = "".join([case.platform_no or "", case.provisional_no,
                                case.applicant_name or "",
                                case.applicant_id_number or ""]).upper()
            if needle and needle not in haystack:
                continue
            entries.append(QueueEntry(case.id, case.platform_no or case.provisional_no,
                                      case.applicant_name or "",
                                      mask_id_number(case.applicant_id_number),
                                      case.one_thing_id, count, since.date(),
                                      self.calendar.working_days_between(since.date(), today)))
        return sorted(entries, key=lambda e: (e.ready_since, e.case_no), reverse=True)

    @requires(Permission.ISSUE)
    def scanned(self, code: str) -> CaseAtCounter | None:
        """A pick-up slip's barcode: the platform number, or the provisional one
        when the slip was printed before the platform numbered the case."""
        code = code.strip().upper()
        for case in self.cases.find(code):
            if code in (case.platform_no or "", case.provisional_no):
                return self.load(case.id)
        return None

    @requires(Permission.ISSUE)
    def search(self, text: str) -> list[CaseRecord]:
        text = text.strip()
        if not text:
            return []
        return [c for c in self.cases.find(text.upper() if text[-1:] in "xX" else text)
                if c.state not in (CaseState.DRAFT, CaseState.DISCARDED)]

    @requires(Permission.ISSUE)
    def load(self, case_id: str) -> CaseAtCounter:
        case = self.cases.get(case_id)
        snapshot = case.snapshot
        names = {i.code: i.name for i in snapshot.items} if snapshot is not None else {}
        refused = tuple((code, names.get(code, code), reason)
                        for code, reason in self.sync.refused_items(case_id).items())
        return CaseAtCounter(case, tuple(self.sync.outputs(case_id)),
                             tuple(self.issuance.issuances(case_id)), refused)

    @staticmethod
    def applicant_ids(case: CaseRecord) -> set[str]:
        ids = {case.form_values.get("applicant.id_number"), case.applicant_id_number}
        return {i for i in ids if i and len(i) == 18}

    @requires(Permission.ISSUE)
    def hand_over(self, case_id: str, outputs: list[str], collector: Collector, *,
                  method: str = "window", tracking_no: str = "",
                  address: str = "") -> IssuanceRecord:
        """Refused with a Chinese reason (IssuanceRefused) unless everything fits."""
        at = self.load(case_id)
        statuses = {o.output_id: o.status for o in at.outputs}
        names = {o.output_id: o.name for o in at.outputs}
        problem = outputs_problem(outputs, statuses)
        if problem is None and method == "window":
            problem = collector_problem(collector, self.applicant_ids(at.case))
        if problem is None and method == "post":
            problem = postal_problem(tracking_no, address)
        if problem:
            for output_id, name in names.items():
                problem = problem.replace(messages.QUOTED.format(text=output_id),
                                          messages.QUOTED.format(text=name))
            raise IssuanceRefused(problem)
        if method == "post":
            collector = Collector("applicant", at.case.applicant_name or "", "")
        return self.issuance.issue(case_id, outputs, method=method,
                                   collector_role=collector.role, collector_name=collector.name,
                                   collector_id_number=collector.id_number.strip().upper(),
                                   collector_id_source=collector.id_source,
                                   manager=self.manager, tracking_no=tracking_no.strip().upper(),
                                   address=address.strip())
