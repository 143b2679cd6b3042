"""Issuance, evaluations and the print log. Handing over results is one
transaction that checks and flips each output's status, so a result can never be
issued twice from this window, whatever else happens; the record then waits to be
synced (the platform's 409 is kept and shown to the hall manager)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import sessionmaker

from window_client.core.case_state import HANDED_OVER, CaseState, OutputStatus
from window_client.core.issuance import IssuanceRefused

from .transitions import move
from .models import (AuditRow, CaseOutputRow, CaseRow, EvaluationRow, IssuanceRow,
                     PrintLogRow)

#: outcomes of a paper that reached a printer or a file: a later print is 补打
PRINTED_OUTCOMES = ("printed", "sent", "completed", "saved")


@dataclass(frozen=True)
class PrintLogRecord:
    case_id: str          # the case, the issuance (handover) or the one-thing (guide)
    kind: str
    target: str           # the queue / printer, or the file saved
    reprint: bool
    outcome: str          # printed, sent, completed, stopped, rejected, failed, saved
    job_id: int | None    # CUPS's job id when CUPS took the job
    at: dt.datetime
    clerk: str


_Row = TypeVar("_Row")


def _existing(row: _Row | None, kind: str, key: str) -> _Row:
    """A row the caller read from this database (a pending record being marked
    synced or failed) must still be there."""
    if row is None:
        raise LookupError(f"no {kind} record {key!r} in the local database")
    return row


@dataclass(frozen=True)
class IssuanceRecord:
    id: str
    case_id: str
    outputs: tuple[str, ...]
    method: str
    collector_role: str
    collector_name: str
    collector_id_number: str
    tracking_no: str
    address: str
    manager: str
    at: dt.datetime
    synced: bool
    attempts: int
    last_error: str
    platform_refusal: str
    collector_id_source: str = "typed"   # id_card | typed


@dataclass(frozen=True)
class EvaluationRecord:
    id: str
    case_id: str
    stage: str
    level: int
    reason: str
    at: dt.datetime
    synced: bool


class IssuanceRepository:
    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock

    # -- issuance ------------------------------------------------------------------
    def issue(self, case_id: str, outputs: list[str], *, method: str, collector_role: str,
              collector_name: str, collector_id_number: str, manager: str,
              tracking_no: str = "", address: str = "",
              issuance_id: str | None = None,
              collector_id_source: str = "typed") -> IssuanceRecord:
        now = self._clock()
        status = OutputStatus.POSTED if method == "post" else OutputStatus.ISSUED
        with self._sessions.begin() as session:
            case = session.get(CaseRow, case_id)
            if case is None:
                raise IssuanceRefused("找不到该办件")
            rows = {o.output_id: o for o in session.scalars(
                select(CaseOutputRow).where(CaseOutputRow.case_id == case_id))}
            for output_id in outputs:
                row = rows.get(output_id)
                if row is None:
                    raise IssuanceRefused(f"办件没有结果“{output_id}”")
                if row.status in HANDED_OVER:
                    raise IssuanceRefused(f"“{row.name}”已发放,不能重复发放")
                if row.status != OutputStatus.READY:
                    raise IssuanceRefused(f"“{row.name}”尚未办结,暂不能发放")
            for output_id in outputs:
                rows[output_id].status = status
                rows[output_id].updated_at = now
            record = IssuanceRow(id=issuance_id or str(uuid.uuid4()), case_id=case_id,
                                 outputs_json=json.dumps(outputs), method=method,
                                 collector_role=collector_role, collector_name=collector_name,
                                 collector_id_number=collector_id_number,
                                 collector_id_source=collector_id_source,
                                 tracking_no=tracking_no, address=address, manager=manager,
                                 at=now, platform_refusal="", synced=False, attempts=0,
                                 next_attempt_at=now, last_error="")
            session.add(record)
            if all(o.status in HANDED_OVER for o in rows.values()) \
                    and case.state == CaseState.READY.value:
                move(session, case, CaseState.ISSUED, at=now, clerk=manager,
                     note="全部结果已发放")
            session.add(AuditRow(at=now, clerk=manager, action="issued", case_id=case_id,
                                 detail=f"outputs={','.join(outputs)} method={method}"))
            session.flush()
            return self._issuance(record)

    def issuances(self, case_id: str | None = None) -> list[IssuanceRecord]:
        with self._sessions() as session:
            query = select(IssuanceRow).order_by(IssuanceRow.at)
            if case_id is not None:
                query = query.where(IssuanceRow.case_id == case_id)
            return [self._issuance(r) for r in session.scalars(query)]

    def pending_issuances(self, now: dt.datetime,
                          max_wait: dt.timedelta | None = None) -> list[IssuanceRecord]:
        """Unsynced records due now; with ``max_wait``, also those scheduled
        further out than that (by a clock since set back)."""
        due = IssuanceRow.next_attempt_at <= now
        if max_wait is not None:
            due = or_(due, IssuanceRow.next_attempt_at > now + max_wait)
        with self._sessions() as session:
            rows = session.scalars(select(IssuanceRow).where(IssuanceRow.synced.is_(False), due)
                                   .order_by(IssuanceRow.at))
            return [self._issuance(r) for r in rows]

    def issuance_synced(self, issuance_id: str, refusal: str = "") -> None:
        with self._sessions.begin() as session:
            row = _existing(session.get(IssuanceRow, issuance_id), "issuance", issuance_id)
            row.synced = True
            row.platform_refusal = refusal
            row.last_error = ""

    def issuance_failed(self, issuance_id: str, error: str, next_attempt_at: dt.datetime) -> None:
        with self._sessions.begin() as session:
            row = _existing(session.get(IssuanceRow, issuance_id), "issuance", issuance_id)
            row.attempts += 1
            row.last_error = error[:2000]
            row.next_attempt_at = next_attempt_at

    @staticmethod
    def _issuance(r: IssuanceRow) -> IssuanceRecord:
        return IssuanceRecord(r.id, r.case_id, tuple(json.loads(r.outputs_json)), r.method,
                              r.collector_role, r.collector_name, r.collector_id_number,
                              r.tracking_no, r.address, r.manager, r.at, r.synced, r.attempts,
                              r.last_error, r.platform_refusal, r.collector_id_source or "typed")

    # -- evaluations -----------------------------------------------------------------
    def evaluate(self, case_id: str, stage: str, level: int, reason: str) -> EvaluationRecord:
        now = self._clock()
        with self._sessions.begin() as session:
            row = EvaluationRow(id=str(uuid.uuid4()), case_id=case_id, stage=stage, level=level,
                                reason=reason, at=now, synced=False, attempts=0,
                                next_attempt_at=now, last_error="")
            session.add(row)
            session.add(AuditRow(at=now, clerk="citizen", action="evaluated", case_id=case_id,
                                 detail=f"stage={stage} level={level}"))
            return EvaluationRecord(row.id, case_id, stage, level, reason, now, False)

    def pending_evaluations(self, now: dt.datetime,
                            max_wait: dt.timedelta | None = None) -> list[EvaluationRecord]:
        due = EvaluationRow.next_attempt_at <= now
        if max_wait is not None:
            due = or_(due, EvaluationRow.next_attempt_at > now + max_wait)
        with self._sessions() as session:
            rows = session.scalars(select(EvaluationRow).where(EvaluationRow.synced.is_(False),
                                                               due))
            return [EvaluationRecord(r.id, r.case_id, r.stage, r.level, r.reason, r.at, r.synced)
                    for r in rows]

    def evaluation_synced(self, evaluation_id: str) -> None:
        with self._sessions.begin() as session:
            _existing(session.get(EvaluationRow, evaluation_id), "evaluation",
                      evaluation_id).synced = True

    def evaluation_failed(self, evaluation_id: str, error: str, next_at: dt.datetime) -> None:
        with self._sessions.begin() as session:
            row = _existing(session.get(EvaluationRow, evaluation_id), "evaluation",
                            evaluation_id)
            row.attempts += 1
            row.last_error = error[:2000]
            row.next_attempt_at = next_at

    # -- print log ---------------------------------------------------------------------
    def log_print(self, case_id: str, kind: str, *, target: str, clerk: str,
                  outcome: str = "printed", job_id: int | None = None) -> bool:
        """Records a print job and what became of it (``PRINTED_OUTCOMES`` are the
        papers that reached a printer or a file; stopped, rejected and failed jobs
        are recorded too); True when this document was printed for the case before
        (the paper is then marked 补打)."""
        with self._sessions.begin() as session:
            before = session.scalars(select(PrintLogRow).where(
                PrintLogRow.case_id == case_id, PrintLogRow.kind == kind,
                PrintLogRow.outcome.in_(PRINTED_OUTCOMES))).first() is not None
            session.add(PrintLogRow(case_id=case_id, kind=kind, reprint=before, target=target[:128],
                                    at=self._clock(), clerk=clerk, outcome=outcome,
                                    job_id=job_id))
            return before

    def print_job_finished(self, target: str, job_id: int, outcome: str) -> None:
        """What CUPS said became of a job it took (completed, or failed)."""
        with self._sessions.begin() as session:
            for row in session.scalars(select(PrintLogRow).where(
                    PrintLogRow.target == target[:128], PrintLogRow.job_id == job_id)):
                row.outcome = outcome

    def print_log(self, case_id: str | None = None) -> list[PrintLogRecord]:
        """The print log, oldest first (one case's when given)."""
        query = select(PrintLogRow).order_by(PrintLogRow.id)
        if case_id is not None:
            query = query.where(PrintLogRow.case_id == case_id)
        with self._sessions() as session:
            return [PrintLogRecord(r.case_id, r.kind, r.target, r.reprint, r.outcome, r.job_id,
                                   r.at, r.clerk) for r in session.scalars(query)]

    def printed_before(self, case_id: str, kind: str) -> bool:
        with self._sessions() as session:
            return session.scalars(select(PrintLogRow).where(
                PrintLogRow.case_id == case_id, PrintLogRow.kind == kind,
                PrintLogRow.outcome.in_(PRINTED_OUTCOMES))).first() is not None
