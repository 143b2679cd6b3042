"""Making a case's papers from what is stored: the case's snapshot of the plan
taken at confirm (services/snapshots.py; never a recomputed plan), the results the
platform reported, the issuance records. The Qt side prints what this returns;
tests read the same bytes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from window_client.core.case_state import CaseState, OutputStatus
from window_client.core.catalog import Catalog
from window_client.core.engine import compute_plan
from window_client.core.workdays import WorkCalendar
from window_client.documents import (DocOutput, HandoverData, document_case_from,
                                     guide_data_from, hall_info, render)
from window_client.services.snapshots import Snapshots
from window_client.settings import Settings
from window_client.store.issuance_repository import IssuanceRepository, PrintLogRecord
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import SyncRepository

STATUS_BY_METHOD = {"window": OutputStatus.ISSUED, "post": OutputStatus.POSTED}


class DocumentService:
    def __init__(self, catalog: Catalog, settings: Settings, cases: CaseRepository,
                 sync: SyncRepository | None, issuance: IssuanceRepository | None,
                 calendar: WorkCalendar, *, clerk_names: Callable[[str], str] = lambda u: u,
                 now: Callable[[], dt.datetime] = dt.datetime.now,
                 snapshots: Snapshots | None = None,
                 signature_png: Callable[[str, str], bytes | None] | None = None) -> None:
        """``signature_png(case_id, purpose)`` gives the citizen's signature as a PNG
        (or None) for a paper: purpose "acceptance" for the receipt,
        f"handover:{issuance_id}" for a handover record. None: papers are signed by hand."""
        self.catalog = catalog
        self.settings = settings
        self.cases = cases
        self.sync = sync
        self.issuance = issuance
        self.calendar = calendar
        self.clerk_names = clerk_names
        self.now = now
        self.signature_png = signature_png
        self.snapshots = snapshots or Snapshots(catalog, cases, lambda: self.calendar, now=now)

    def log_print(self, case_id: str, kind: str, *, target: str, clerk: str,
                  outcome: str = "printed", job_id: int | None = None) -> bool:
        """Records a print job (also one that did not print: stopped, rejected,
        failed); True when this paper was printed for the case before (it is then
        marked 补打)."""
        if self.issuance is None:
            return False
        return self.issuance.log_print(case_id, kind, target=target, clerk=clerk,
                                       outcome=outcome, job_id=job_id)

    def print_job_finished(self, target: str, job_id: int, outcome: str) -> None:
        if self.issuance is not None:
            self.issuance.print_job_finished(target, job_id, outcome)

    def print_log(self, case_id: str | None = None) -> list[PrintLogRecord]:
        return self.issuance.print_log(case_id) if self.issuance is not None else []

    def printed_before(self, case_id: str, kind: str) -> bool:
        return self.issuance is not None and self.issuance.printed_before(case_id, kind)

    def slip_kind(self) -> str:
        return "slip_a4" if self.settings.slip_format == "a4" else "slip_80mm"

    def accepted_at(self, case_id: str) -> dt.datetime | None:
        for change in self.cases.history(case_id):
            if change.to_state == CaseState.QUEUED:
                return change.at
        return None

    def case_pdf(self, kind: str, case_id: str, *, reprint: bool = False) -> bytes:
        case = self.cases.get(case_id)
        snapshot = self.snapshots.of(case)
        outputs = self.sync.outputs(case_id) if self.sync is not None else None
        refusals = [h.note for h in self.cases.history(case_id)
                    if h.to_state == CaseState.REFUSED and h.note]
        data = document_case_from(case, self.catalog, snapshot, self.settings,
                                  self.clerk_names(case.created_by), outputs or None, self.now(),
                                  refusal_reasons=refusals,
                                  refused_items=self.sync.refused_items(case_id)
                                  if self.sync is not None else None,
                                  signature_png=self._signature(case_id, "acceptance")
                                  if kind == "receipt" else None)
        return render(kind, data, reprint=reprint)

    def guide_pdf(self, one_thing_id: str, *, reprint: bool = False) -> bytes:
        one = self.catalog.definitions[one_thing_id]
        plan = compute_plan(one, self.catalog.dictionary, one.default_answers(),
                            start=self.now().date(), calendar=self.calendar)
        return render("guide", guide_data_from(one, plan, self.catalog, self.settings, self.now()),
                      reprint=reprint)

    def handover_pdf(self, issuance_id: str, *, reprint: bool = False) -> bytes:
        assert self.issuance is not None
        rec = next(r for r in self.issuance.issuances() if r.id == issuance_id)
        case = self.cases.get(rec.case_id)
        snapshot = self.snapshots.of(case)
        names = {o.output_id: (o.name, o.item_code) for o in
                 (self.sync.outputs(case.id) if self.sync else [])}
        outputs = tuple(DocOutput(names.get(o, (o, ""))[0], STATUS_BY_METHOD[rec.method],
                                  names.get(o, ("", ""))[1]) for o in rec.outputs)
        data = HandoverData(provisional_no=case.provisional_no, platform_no=case.platform_no,
                            one_thing_name=snapshot.one_thing_name,
                            applicant_name=case.applicant_name or "", outputs=outputs,
                            collector_name=rec.collector_name,
                            collector_id_number=rec.collector_id_number, role=rec.collector_role,
                            method=rec.method, handed_over_at=rec.at,
                            manager_name=self.clerk_names(rec.manager),
                            hall=hall_info(self.settings), tracking_no=rec.tracking_no,
                            address=rec.address, collector_id_source=rec.collector_id_source,
                            collector_signature_png=self._signature(
                                case.id, f"handover:{issuance_id}"))
        return render("handover", data, reprint=reprint)

    def _signature(self, case_id: str, purpose: str) -> bytes | None:
        return self.signature_png(case_id, purpose) if self.signature_png is not None else None
