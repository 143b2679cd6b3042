"""CaseRepository: every read and write of cases. Sessions open and close inside
each call; callers get plain frozen dataclasses, never ORM objects. Every write is
one transaction (BEGIN IMMEDIATE), so a kill at any moment leaves either the old or
the new draft — never half of one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
import uuid
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable, Mapping

from sqlalchemy import ColumnElement, Engine, case, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from window_client.core.case_state import EDITABLE, CaseState, check_transition
from window_client.core.masking import mask_id_number
from window_client.core.snapshot import CaseSnapshot
from window_client.core.records import (AuditRecord, CaseListQuery, CaseListRow,
                                        CaseNotEditable, CaseNotFound, CaseRecord, FileRecord,
                                        MaterialRecord, StateChangeRecord)

from window_client.security.vault import Vault

from .journal import CaseJournal
from .numbering import SharedNumbers
from .transitions import move
from window_client.core.storage_errors import StorageFull, is_disk_full
from .models import (AuditRow, CaseFileRow, CaseItemRow, CaseMaterialRow, CaseRow,
                     ProvisionalSequence, StateChange)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _list_filter(query: CaseListQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if query.states is not None:
        where.append(CaseRow.state.in_(sorted(CaseState(s).value for s in query.states)))
    text = "".join(query.text.split())  # pasted numbers may carry spaces
    if text:
        like = _like_pattern(text)
        where.append(or_(*(col.like(like, escape="\\") for col in (
            CaseRow.provisional_no, CaseRow.platform_no, CaseRow.applicant_name,
            CaseRow.applicant_id_number))))
    return where


#: the urgency order's groups (core.supervision: at the departments, waiting for the
#: citizen, not yet submitted, closed)
_URGENCY_GROUPS = {CaseState.QUEUED.value: 0, CaseState.SUBMITTED.value: 0,
                   CaseState.ACCEPTED.value: 0, CaseState.IN_REVIEW.value: 0,
                   CaseState.RETURNED.value: 1, CaseState.DRAFT.value: 2}


def _list_order(order: str) -> list[ColumnElement[Any]]:
    if order == "state":
        return [case({s.value: n for n, s in enumerate(CaseState)}, value=CaseRow.state,
                     else_=len(CaseState))]
    if order == "urgency":
        # a missing due date (a draft) sorts last within its group
        return [case(_URGENCY_GROUPS, value=CaseRow.state, else_=3),
                func.coalesce(CaseRow.due_date, "9999-12-31")]
    column: ColumnElement[Any] = getattr(CaseRow, order)  # one of LIST_ORDERS
    return [column]


def copy_snapshot_columns(session: Session, row: CaseRow, snapshot: CaseSnapshot) -> None:
    """What the countdown, the urgency order and the board read without the JSON:
    the dates, the promise and the merge statistics on the case, one row per item."""
    row.accepted_at = snapshot.accepted_at.astimezone().replace(tzinfo=None, microsecond=0)
    row.due_date = snapshot.due_date
    row.promised_days = snapshot.promised_days
    row.fields_separate, row.fields_merged = snapshot.fields_separate, snapshot.fields_merged
    row.materials_separate = snapshot.materials_separate
    row.materials_merged = snapshot.materials_merged
    held = set(session.scalars(select(CaseItemRow.item_code)
                               .where(CaseItemRow.case_id == row.id)))
    for n, item in enumerate(snapshot.items):
        if item.code not in held:
            session.add(CaseItemRow(case_id=row.id, item_code=item.code, position=n,
                                    name=item.name, department=item.department,
                                    department_name=item.department_name,
                                    promised_days=item.promised_days, refused=False, node=""))


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class CaseRepository:
    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = _now, *,
                 numbers: SharedNumbers | None = None, vault: Vault | None = None) -> None:
        self.engine = engine
        # the machine's count across OS accounts (store/numbering.py); None: this
        # database's sequence alone (unique for this account only)
        self._numbers = numbers
        # material files: encrypted with the data key (security/vault.py); Vault(None): plain
        self.vault = vault if vault is not None else Vault(None)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock
        # the second copy, outside the database, of which cases exist (store/journal.py)
        self._journal = CaseJournal.beside(engine.url.database)

    # -- numbering ---------------------------------------------------------
    def _next_provisional_no(self, session: Session, window_code: str, day: dt.date) -> str:
        key = day.strftime("%Y%m%d")
        seq = session.get(ProvisionalSequence, (window_code, key))
        if seq is None:
            seq = ProvisionalSequence(window_code=window_code, day=key, last_seq=0)
            session.add(seq)
        # inside the draft's transaction (this database is locked): the machine's
        # count is written first, so a crash before the commit leaves a gap, never
        # a number issued twice; this database's sequence stays the floor
        seq.last_seq = (self._numbers.allocate(window_code, key, seq.last_seq)
                        if self._numbers is not None else seq.last_seq + 1)
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
            record = self._record(session, row)
        self._journal_event("created", record)
        return record

    def save_draft(self, case_id: str, *, clerk: str, answers: Mapping[str, Any],
                   form_values: Mapping[str, Any], applicant_name: str | None = None,
                   applicant_id_number: str | None = None,
                   meta: Mapping[str, Any] | None = None) -> CaseRecord:
        """Stores the whole draft at once; the revision goes up by one."""
        with self._sessions.begin() as session:
            row = self._row(session, case_id)
            if CaseState(row.state) not in EDITABLE:
                raise CaseNotEditable(f"办件{row.provisional_no}已不是草稿,不能修改")
            row.answers_json = json.dumps(answers, ensure_ascii=False, sort_keys=True)
            row.form_json = json.dumps(form_values, ensure_ascii=False, sort_keys=True)
            row.applicant_name = applicant_name
            row.applicant_id_number = applicant_id_number
            if meta is not None:
                row.meta_json = json.dumps(meta, ensure_ascii=False, sort_keys=True)
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
            self._replace_materials(session, case_id, materials)
            row.updated_at = self._clock()
            self._audit(session, clerk, "materials_recorded", case_id, "")
            session.flush()
            return self._record(session, row)

    def confirm(self, case_id: str, materials: Iterable[MaterialRecord], snapshot: CaseSnapshot,
                *, clerk: str, note: str = "窗口受理确认") -> CaseRecord:
        """The window's confirm, in ONE transaction: the material records, the
        immutable snapshot of the plan and the move to queued. A kill before the
        commit leaves the draft as it was; after it, a queued case that carries the
        very plan the citizen was given."""
        now = self._clock()
        with self._sessions.begin() as session:
            row = self._row(session, case_id)
            check_transition(row.state, CaseState.QUEUED)  # a draft, or a returned case
            self._replace_materials(session, case_id, materials)
            if row.snapshot_json is None:  # a supplement keeps the snapshot of acceptance
                row.snapshot_json = snapshot.to_json()
                copy_snapshot_columns(session, row, snapshot)
            self._audit(session, clerk, "materials_recorded", case_id, "")
            move(session, row, CaseState.QUEUED, at=now, clerk=clerk, note=note,
                 detail=f"due={snapshot.due_date.isoformat()}")
            session.flush()
            record = self._record(session, row)
        self._journal_event("state", record)
        return record

    def store_snapshot(self, case_id: str, snapshot: CaseSnapshot, *, clerk: str) -> CaseRecord:
        """Stores a snapshot rebuilt for a case confirmed before snapshots existed.
        Never replaces one: the first stands (returned as stored)."""
        with self._sessions.begin() as session:
            row = self._row(session, case_id)
            if row.snapshot_json is None:
                row.snapshot_json = snapshot.to_json()
                copy_snapshot_columns(session, row, snapshot)
                self._audit(session, clerk, "snapshot_rebuilt", case_id,
                            f"due={snapshot.due_date.isoformat()}")
            session.flush()
            return self._record(session, row)

    def transition(self, case_id: str, target: CaseState, *, clerk: str,
                   note: str = "", platform_no: str | None = None) -> CaseRecord:
        """Moves the case to ``target``; IllegalTransition when the state machine
        does not allow it (nothing is written then)."""
        with self._sessions.begin() as session:
            row = self._row(session, case_id)
            move(session, row, CaseState(target), at=self._clock(), clerk=clerk, note=note)
            if platform_no is not None:
                row.platform_no = platform_no
            record = self._record(session, row)
        self._journal_event("state", record)
        return record

    def attach_file(self, case_id: str, material_id: str, source: Path, *, files_dir: Path,
                    clerk: str) -> FileRecord:
        """Copies ``source`` into ``files_dir/<case>/`` and records it (see
        ``attach_bytes``)."""
        return self.attach_bytes(case_id, material_id, source.read_bytes(), source.name,
                                 files_dir=files_dir, clerk=clerk)

    def attach_bytes(self, case_id: str, material_id: str, data: bytes, name: str, *,
                     files_dir: Path, clerk: str) -> FileRecord:
        """Stores ``data`` (a file called ``name``) as ``files_dir/<case>/<stored
        name>`` and records it. Encrypted store: the file is the vault's format and
        its name an HMAC of the content's hash (``Vault.name_for``, ``.wcx``); plain:
        ``<sha256><ext>`` as before. Complete on disk before the record is committed."""
        sha = hashlib.sha256(data).hexdigest()
        size = len(data)
        suffix = ".wcx" if self.vault.encrypted else Path(name).suffix.lower()
        target = files_dir / case_id / f"{self.vault.name_for(sha)}{suffix}"
        created = False
        try:
            if not target.exists():
                self.vault.write(target, data)   # temp + fsync + replace
                created = True
        except OSError as exc:
            if is_disk_full(exc):
                raise StorageFull("material file") from exc
            raise
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        try:
            return self._record_file(case_id, material_id, Path(name), sha, size, media, target,
                                     clerk)
        except Exception as exc:
            if created:  # no record points at it
                target.unlink(missing_ok=True)
            if is_disk_full(exc):
                raise StorageFull("material record") from exc
            raise

    def _record_file(self, case_id: str, material_id: str, source: Path, sha: str, size: int,
                     media: str, target: Path, clerk: str) -> FileRecord:
        with self._sessions.begin() as session:
            row = self._row(session, case_id)
            if CaseState(row.state) not in EDITABLE:
                raise CaseNotEditable(f"办件{row.provisional_no}已不是草稿,不能添加材料文件")
            f = CaseFileRow(case_id=case_id, material_id=material_id, sha256=sha, size=size,
                            media_type=media, original_name=source.name[:255],
                            stored_path=str(target), added_at=self._clock(), added_by=clerk)
            session.add(f)
            self._audit(session, clerk, "file_attached", case_id,
                        f"material={material_id} sha256={sha[:12]}")
            session.flush()
            return self._file_record(f)

    def update_material_tag(self, case_id: str, material_id: str, tag: str, *,
                            note: str = "") -> None:
        """A check that ran later (online verification on sync) changes how a
        material is held; allowed in any state."""
        with self._sessions.begin() as session:
            row = session.scalars(select(CaseMaterialRow).where(
                CaseMaterialRow.case_id == case_id,
                CaseMaterialRow.material_id == material_id)).first()
            if row is not None:
                row.tag = tag
                row.note = note
                self._audit(session, "sync", "material_checked", case_id,
                            f"material={material_id} tag={tag}")

    def cases_with_material_tag(self, tag: str, states: Iterable[CaseState]) -> list[str]:
        """Ids of cases in ``states`` holding a material tagged ``tag`` — one query,
        for the sync loop that re-checks materials verified offline."""
        with self._sessions() as session:
            rows = session.execute(
                select(CaseMaterialRow.case_id).join(CaseRow, CaseRow.id == CaseMaterialRow.case_id)
                .where(CaseMaterialRow.tag == tag,
                       CaseRow.state.in_([CaseState(s).value for s in states]))
                .distinct()).all()
            return [r[0] for r in rows]

    def _signature_path(self, case_id: str, purpose: str, files_dir: Path) -> Path:
        name = hashlib.sha256(f"signature:{case_id}:{purpose}".encode()).hexdigest()
        suffix = ".wcx" if self.vault.encrypted else ".sig.json"
        return files_dir / case_id / f"sig-{self.vault.name_for(name)}{suffix}"

    def write_signature(self, case_id: str, purpose: str, data: bytes, *,
                        files_dir: Path, clerk: str) -> Path:
        """The citizen's signature for ``purpose`` ("acceptance", "handover:<id>"),
        encrypted like the scans, in the case's folder; a new one replaces the old.
        Audited (who took it, which case, never its content)."""
        target = self._signature_path(case_id, purpose, files_dir)
        try:
            self.vault.write(target, data)   # temp + fsync + replace
        except OSError as exc:
            if is_disk_full(exc):
                raise StorageFull("signature") from exc
            raise
        with self._sessions.begin() as session:
            self._audit(session, clerk, "signature_taken", case_id, f"purpose={purpose}")
        return target

    def read_signature(self, case_id: str, purpose: str, *, files_dir: Path) -> bytes | None:
        """The stored signature's plain bytes, or None when there is none."""
        try:
            return self.vault.read(self._signature_path(case_id, purpose, files_dir))
        except FileNotFoundError:
            return None

    def read_file(self, f: FileRecord) -> bytes | None:
        """The plain content of a stored file, in memory (decrypted when the store
        is encrypted; vault.FileTampered when it was changed); None when the local
        copy is gone."""
        path = Path(f.stored_path)
        try:
            return self.vault.read(path)
        except FileNotFoundError:
            return None

    def remove_local_files(self, case_id: str, *, clerk: str) -> int:
        """Deletes the local copies of a closed case's files (the records stay)."""
        removed = 0
        for f in self.files(case_id):
            path = Path(f.stored_path)
            if path.exists():
                path.unlink()
                removed += 1
        if removed:
            with self._sessions.begin() as session:
                self._audit(session, clerk, "files_retired", case_id, f"count={removed}")
        return removed

    def files(self, case_id: str) -> list[FileRecord]:
        with self._sessions() as session:
            rows = session.scalars(select(CaseFileRow).where(CaseFileRow.case_id == case_id)
                                   .order_by(CaseFileRow.id)).all()
            return [self._file_record(r) for r in rows]

    def usage_counts(self, clerk: str) -> dict[str, int]:
        """How many cases this clerk started per one-thing (for 'most used')."""
        with self._sessions() as session:
            rows = session.execute(select(CaseRow.one_thing_id, func.count())
                                   .where(CaseRow.created_by == clerk)
                                   .group_by(CaseRow.one_thing_id)).all()
            return {one: n for one, n in rows}

    def latest_draft(self, clerk: str) -> CaseRecord | None:
        """The clerk's most recently edited draft (offered for resume after a crash)."""
        with self._sessions() as session:
            row = session.scalars(select(CaseRow).where(CaseRow.created_by == clerk,
                                                        CaseRow.state == CaseState.DRAFT.value)
                                  .order_by(CaseRow.updated_at.desc(), CaseRow.revision.desc())
                                  .limit(1)).first()
            return self._record(session, row) if row else None

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

    def list_rows(self, query: CaseListQuery = CaseListQuery(), *,  # noqa: B008 - frozen
                  limit: int = 100, offset: int = 0) -> list[CaseListRow]:
        """One page of the case list: the light columns of the cases ``query``
        selects, in its order, ``limit`` rows from ``offset`` (served by the covering
        index ix_cases_list; the JSON columns are never read)."""
        keys = [*_list_order(query.order), CaseRow.provisional_no]
        order = [k.desc() for k in keys] if query.descending else [k.asc() for k in keys]
        stmt = (select(CaseRow.id, CaseRow.provisional_no, CaseRow.platform_no,
                       CaseRow.one_thing_id, CaseRow.state, CaseRow.applicant_name,
                       CaseRow.applicant_id_number, CaseRow.created_by, CaseRow.created_at,
                       CaseRow.updated_at, CaseRow.due_date)
                .where(*_list_filter(query)).order_by(*order).limit(limit).offset(offset))
        with self._sessions() as session:
            return [CaseListRow(r.id, r.provisional_no, r.platform_no, r.one_thing_id,
                                CaseState(r.state), r.applicant_name or "",
                                mask_id_number(r.applicant_id_number), r.created_by,
                                r.created_at, r.updated_at, due_date=r.due_date)
                    for r in session.execute(stmt)]

    def count_rows(self, query: CaseListQuery = CaseListQuery()) -> int:  # noqa: B008 - frozen
        """How many cases ``query`` selects (its order aside)."""
        stmt = select(func.count()).select_from(CaseRow).where(*_list_filter(query))
        with self._sessions() as session:
            return session.scalar(stmt) or 0

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

    def record_material_check(self, case_id: str, material_id: str, detail: str, *,
                              clerk: str) -> None:
        """The clerk overrode the scan check of a material (audit ``material_check_
        overridden``); ``detail`` carries kinds and flags, never a full number or name."""
        with self._sessions.begin() as session:
            self._row(session, case_id)
            self._audit(session, clerk, "material_check_overridden", case_id,
                        f"material={material_id} {detail}"[:2000])

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(CaseRow)) or 0

    # -- helpers -----------------------------------------------------------
    def _journal_event(self, event: str, r: CaseRecord) -> None:
        if self._journal is not None:  # after the commit: only cases that exist
            self._journal.record(event, at=r.updated_at, case_id=r.id,
                                 provisional_no=r.provisional_no, one_thing_id=r.one_thing_id,
                                 state=r.state.value, applicant_name=r.applicant_name,
                                 applicant_id_number=r.applicant_id_number,
                                 platform_no=r.platform_no)

    @staticmethod
    def _replace_materials(session: Session, case_id: str,
                           materials: Iterable[MaterialRecord]) -> None:
        session.query(CaseMaterialRow).filter_by(case_id=case_id).delete()
        session.flush()
        for m in materials:
            session.add(CaseMaterialRow(case_id=case_id, material_id=m.material_id,
                                        name=m.name, tag=m.tag, received=m.received,
                                        copies=m.copies, missing_deadline=m.missing_deadline,
                                        note=m.note))

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
    def _file_record(f: CaseFileRow) -> FileRecord:
        return FileRecord(f.id, f.material_id, f.sha256, f.size, f.media_type, f.original_name,
                          f.stored_path, f.added_at)

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
                          row.created_at, row.updated_at, row.platform_no, materials,
                          json.loads(row.meta_json or "{}"), row.snapshot_json)
