"""Where the sync engine, the papers and the issuance counter get a case's plan:
the snapshot stored at confirm (core/snapshot.py), and nothing else.

Two cases have no stored snapshot:
- a draft (nothing was promised yet): a transient one is made from the live plan
  and never stored;
- a case confirmed by a version of the client from before snapshots: one is
  rebuilt ONCE from the case's pinned catalog version (the current catalog when
  that version is no longer on disk) with the day it was queued as the start,
  stored, marked ``rebuilt`` and audited; from then on it is read like any other.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from window_client.core.case_state import CaseState
from window_client.core.catalog import Catalog
from window_client.core.engine import compute_plan
from window_client.core.snapshot import CaseSnapshot, take_snapshot
from window_client.core.workdays import WorkCalendar
from window_client.core.records import CaseRecord
from window_client.store.repository import CaseRepository

logger = logging.getLogger(__name__)


class Snapshots:
    def __init__(self, catalog: Catalog, cases: CaseRepository,
                 calendar: WorkCalendar | Callable[[], WorkCalendar] | None = None, *,
                 catalog_versions: Callable[[str], Catalog | None] | None = None,
                 now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.catalog = catalog
        self.cases = cases
        self._calendar = calendar
        self.catalog_versions = catalog_versions
        self.now = now

    @property
    def calendar(self) -> WorkCalendar:
        cal = self._calendar
        if cal is None:
            return WorkCalendar()
        return cal() if callable(cal) else cal

    def of(self, case: CaseRecord) -> CaseSnapshot:
        stored = case.snapshot
        if stored is not None:
            return stored
        if case.state in (CaseState.DRAFT, CaseState.DISCARDED):
            return self._take(case, self.now(), rebuilt=False)
        accepted = self._queued_at(case) or case.updated_at
        snapshot = self._take(case, accepted, rebuilt=True)
        logger.warning("case %s had no snapshot (confirmed before snapshots); rebuilt for %s",
                       case.provisional_no, accepted.date().isoformat())
        return self.cases.store_snapshot(case.id, snapshot, clerk="system").snapshot or snapshot

    def _catalog_for(self, case: CaseRecord) -> Catalog:
        if case.catalog_version == self.catalog.version or self.catalog_versions is None:
            return self.catalog
        return self.catalog_versions(case.catalog_version) or self.catalog

    def _take(self, case: CaseRecord, accepted: dt.datetime, *, rebuilt: bool) -> CaseSnapshot:
        catalog = self._catalog_for(case)
        one = catalog.definitions[case.one_thing_id]
        plan = compute_plan(one, catalog.dictionary, case.answers,
                            via_agent=bool(case.meta.get("via_agent")), start=accepted.date(),
                            calendar=self.calendar)
        return take_snapshot(plan, catalog, case.materials, accepted,
                             catalog_version=case.catalog_version, rebuilt=rebuilt)

    def _queued_at(self, case: CaseRecord) -> dt.datetime | None:
        for change in self.cases.history(case.id):
            if change.to_state == CaseState.QUEUED:
                return change.at
        return None
