"""CaseRepository: every read and write of cases. Sessions open and close inside
each call; callers get plain frozen dataclasses, never ORM objects. Every write is
one transaction (BEGIN IMMEDIATE), so a kill at any moment leaves either the old or
the new draft — never half of one."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from window_client.core.case_state import EDITABLE, CaseState, check_transition

from .models import AuditRow, CaseMaterialRow, CaseRow, ProvisionalSequence, StateChange


class CaseNotFound(KeyError):
    pass


class CaseNotEditable(ValueError):
    pass


@dataclass(frozen=True)
class MaterialRecord:
    material_id: str
    name: str
    tag: str
    received: bool = False
    copies: int = 0
    missing_deadline: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class StateChangeRecord:
    from_state: CaseState | None
    to_state: CaseState
    at: dt.datetime
    clerk: str
    note: str


@dataclass(frozen=True)
class CaseRecord:
    id: str
    provisional_no: str
    window_code: str
    one_thing_id: str
    catalog_version: str
    state: CaseState
    applicant_name: str | None
    applicant_id_number: str | None
    answers: Mapping[str, Any]
    form_values: Mapping[str, Any]
    revision: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    platform_no: str | None = None
    materials: tuple[MaterialRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AuditRecord:
    at: dt.datetime
    clerk: str
    action: str
    case_id: str | None
    detail: str


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class CaseRepository:
    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = _now) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock

    # -- numbering ---------------------------------------------------------
    def _next_provisional_no(self, session: Session, window_code: str, day: dt.date) -> str:
        key = day.strftime("%Y%m%d")
        seq = session.get(ProvisionalSequence, (window_code, key))
        if seq is None:
            seq = ProvisionalSequence(window_code=window_code, day=key, last_seq=0)
            session.add(seq)
        seq.last_seq += 1
        return f"{window_code}-{key}-{seq.last_seq:04d}"

    # -- writes ------------------------------------------------------------
    def create_draft(self, *, window_code: str, one_thing_id: str, catalog_version: str,
                     clerk: str, case_id: str | None = None) -> CaseRecord:
        now = self._clock()
        with self._sessions.begin() as session:
            row = CaseRow(id=case_id or str(uuid.uuid4()),
                          provisional_no=self._next_provisional_no(session, window_code,
                                                                   now.date()),
                          window_code=window_code, one_thing_id=one_thing_id,
                          catalog_version=catalog_version, state=CaseState.DRAFT.value,
                          answers_json="{}", form_json="{}", revision=0, created_by=clerk,
                          created_at=now, updated_at=now)
            session.add(row)
            session.add(StateChange(case_id=row.id, from_state=None,
                                    to_state=CaseState.DRAFT.value, at=now, clerk=clerk,
                                    note=""))
            self._audit(session, clerk, "case_created", row.id, f"one_thing={one_thing_id}")
            session.flush()
            return self._record(session, row)

    def save_draft(self, case_id: str, *, clerk: str, answers: Mapping[str, Any],
                   form_values: Mapping[str, Any], applicant_name: str | None = None,
                   applicant_id_number: str | None = None) -> CaseRecord:
        """Stores the whole draft at once; the revision goes up by one."""
        with self._sessions.begin() as session:
            row = self._row(session, case_id)
            if CaseState(row.state) not in EDITABLE:
                raise CaseNotEditable(f"办件{row.provisional_no}已不是草稿,不能修改")
            row.answers_json = json.dumps(answers, ensure_ascii=False, sort_keys=True)
            row.form_json = json.dumps(form_values, ensure_ascii=False, sort_keys=True)
            row.applicant_name = applicant_name
            row.applicant_id_number = applicant_id_number
            row.revision += 1
            row.updated_at = self._clock()
            self._audit(session, clerk, "draft_saved", case_id, f"revision={row.revision}")
            return self._record(session, row)

    def set_materials(self, case_id: str, materials: Iterable[MaterialRecord], *,
                      clerk: str) -> CaseRecord:
        with self._sessions.begin() as session:
            row = self._row(session, case_id)
            if CaseState(row.state) not in EDITABLE:
                raise CaseNotEditable(f"办件{row.provisional_no}已不是草稿,不能修改材料")
            session.query(CaseMaterialRow).filter_by(case_id=case_id).delete()
            session.flush()
            for m in materials:
                session.add(CaseMaterialRow(case_id=case_id, material_id=m.material_id,
                                            name=m.name, tag=m.tag, received=m.received,
                                            copies=m.copies, missing_deadline=m.missing_deadline,
                                            note=m.note))
            row.updated_at = self._clock()
            self._audit(session, clerk, "materials_recorded", case_id, "")
            session.flush()
            return self._record(session, row)

    def transition(self, case_id: str, target: CaseState, *, clerk: str,
                   note: str = "", platform_no: str | None = None) -> CaseRecord:
        """Moves the case to ``target``; IllegalTransition when the state machine
        does not allow it (nothing is written then)."""
        with self._sessions.begin() as session:
            row = self._row(session, case_id)
            current = CaseState(row.state)
            check_transition(current, target)
            row.state = CaseState(target).value
            row.updated_at = self._clock()
            if platform_no is not None:
                row.platform_no = platform_no
            session.add(StateChange(case_id=case_id, from_state=current.value,
                                    to_state=row.state, at=row.updated_at, clerk=clerk,
                                    note=note))
            self._audit(session, clerk, "state_changed", case_id,
                        f"{current.value}->{row.state}")
            return self._record(session, row)

    # -- reads -------------------------------------------------------------
    def get(self, case_id: str) -> CaseRecord:
        with self._sessions() as session:
            return self._record(session, self._row(session, case_id))

    def find(self, text: str) -> list[CaseRecord]:
        """Cases whose provisional number, platform number, applicant name or ID
        number contains ``text``."""
        like = f"%{text}%"
        with self._sessions() as session:
            rows = session.scalars(select(CaseRow).where(or_(
                CaseRow.provisional_no.like(like), CaseRow.platform_no.like(like),
                CaseRow.applicant_name.like(like), CaseRow.applicant_id_number.like(like)))
                .order_by(CaseRow.created_at.desc())).all()
            return [self._record(session, r) for r in rows]

    def list_cases(self, states: Iterable[CaseState] | None = None) -> list[CaseRecord]:
        with self._sessions() as session:
            query = select(CaseRow).order_by(CaseRow.created_at.desc(), CaseRow.provisional_no.desc())
            if states is not None:
                query = query.where(CaseRow.state.in_([CaseState(s).value for s in states]))
            return [self._record(session, r, with_materials=False)
                    for r in session.scalars(query).all()]

    def history(self, case_id: str) -> list[StateChangeRecord]:
        with self._sessions() as session:
            rows = session.scalars(select(StateChange).where(StateChange.case_id == case_id)
                                   .order_by(StateChange.id)).all()
            return [StateChangeRecord(CaseState(r.from_state) if r.from_state else None,
                                      CaseState(r.to_state), r.at, r.clerk, r.note)
                    for r in rows]

    def audit(self, case_id: str | None = None) -> list[AuditRecord]:
        with self._sessions() as session:
            query = select(AuditRow).order_by(AuditRow.id)
            if case_id is not None:
                query = query.where(AuditRow.case_id == case_id)
            return [AuditRecord(r.at, r.clerk, r.action, r.case_id, r.detail)
                    for r in session.scalars(query).all()]

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(CaseRow)) or 0

    # -- helpers -----------------------------------------------------------
    def _audit(self, session: Session, clerk: str, action: str, case_id: str | None,
               detail: str) -> None:
        session.add(AuditRow(at=self._clock(), clerk=clerk, action=action, case_id=case_id,
                             detail=detail))

    @staticmethod
    def _row(session: Session, case_id: str) -> CaseRow:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise CaseNotFound(case_id)
        return row

    @staticmethod
    def _record(session: Session, row: CaseRow, with_materials: bool = True) -> CaseRecord:
        materials: tuple[MaterialRecord, ...] = ()
        if with_materials:
            mats = session.scalars(select(CaseMaterialRow).where(
                CaseMaterialRow.case_id == row.id).order_by(CaseMaterialRow.id)).all()
            materials = tuple(MaterialRecord(m.material_id, m.name, m.tag, m.received, m.copies,
                                             m.missing_deadline, m.note) for m in mats)
        return CaseRecord(row.id, row.provisional_no, row.window_code, row.one_thing_id,
                          row.catalog_version, CaseState(row.state), row.applicant_name,
                          row.applicant_id_number, json.loads(row.answers_json),
                          json.loads(row.form_json), row.revision, row.created_by,
                          row.created_at, row.updated_at, row.platform_no, materials)
