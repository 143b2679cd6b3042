"""The debounced draft save on the store thread (qt/db_executor.py).

``draft_job(session)`` runs on the UI thread: it copies what the draft is now
(answers, form values, applicant, the wizard's meta) so the clerk can type on
while the copy is written; the job it returns runs on the store thread and
writes exactly what AcceptanceSession.save() writes. ``adopt`` puts the stored
record back on the session unless a later save got there first (a synchronous
save_now() queued behind this one)."""

from __future__ import annotations

import copy
from collections.abc import Callable

from window_client.services.acceptance import AcceptanceSession
from window_client.store.repository import CaseRecord


def draft_job(session: AcceptanceSession) -> Callable[[], CaseRecord]:
    assert session.state is not None and session.case is not None
    s = session.state
    cases, case_id, clerk = session.cases, session.case.id, session.clerk
    answers, values = copy.deepcopy(s.answers), copy.deepcopy(s.values)
    name, id_number, meta = s.applicant_name, s.applicant_id_number, copy.deepcopy(s.meta())

    def job() -> CaseRecord:
        return cases.save_draft(case_id, clerk=clerk, answers=answers, form_values=values,
                                applicant_name=name, applicant_id_number=id_number, meta=meta)

    return job


def adopt(session: AcceptanceSession, record: CaseRecord) -> bool:
    """True when ``record`` is now the session's case (it is the newest revision)."""
    current = session.case
    if current is not None and (current.id != record.id or current.revision >= record.revision):
        return False
    session.case = record
    return True
