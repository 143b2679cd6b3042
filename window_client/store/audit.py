"""The audit log: append-only, with a hash chain over its rows.

Every ``AuditRow`` added to any session — the repositories', the accounts', the
transitions' — is chained by one ``before_flush`` hook on SQLAlchemy's Session
class: the rows new in the flush get the next ids after the last row, each its
``prev_hash`` (the last row's ``row_hash``, ``GENESIS`` for the first row) and its
own ``row_hash`` = sha256 of the canonical encoding of (id, at, clerk, action,
case_id, detail, prev_hash). The hook reads the last row on the flush's own
connection, so inside the writer's BEGIN IMMEDIATE transaction (store/db.py):
writers are serialized by SQLite, also across processes, and two never take the
same predecessor.

The database refuses the rest (migration 0011's triggers): UPDATE and DELETE on
audit_log abort, and so does an INSERT whose prev_hash is not the last row's hash.
So nothing in the app can rewrite the log; a tamperer with sqlite3 who drops the
triggers first is found by ``verify``: a changed row no longer hashes to its
row_hash, a deleted or inserted row breaks the link of the row after it. (Deleting
the newest rows leaves a shorter valid chain: the exported verification line — rows
and head hash — is what a later export is compared with.)

Rows never hold personal data: action codes, case UUIDs, file ids, document kinds,
printer names and export paths — no names, ID numbers or phones."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, event, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from window_client.core.records import AuditEntry, ChainStatus

from .models import AuditRow, CaseRow, IssuanceRow

GENESIS = "0" * 64   # the prev_hash of the first row


def at_text(at: dt.datetime) -> str:
    """``at`` as SQLAlchemy's SQLite DateTime stores it (the text the chain hashes,
    so a row is verified from the raw column, not from a parsed value)."""
    return (f"{at.year:04d}-{at.month:02d}-{at.day:02d} "
            f"{at.hour:02d}:{at.minute:02d}:{at.second:02d}.{at.microsecond:06d}")


def canonical(row_id: int, at: str, clerk: str, action: str, case_id: str | None,
              detail: str, prev_hash: str) -> bytes:
    """The bytes a row's hash is taken over: a compact JSON array, UTF-8."""
    return json.dumps([row_id, at, clerk, action, case_id, detail, prev_hash],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(row_id: int, at: str, clerk: str, action: str, case_id: str | None,
               detail: str, prev_hash: str) -> str:
    return hashlib.sha256(canonical(row_id, at, clerk, action, case_id, detail,
                                    prev_hash)).hexdigest()


def _insert_order(obj: AuditRow) -> int:
    return getattr(inspect(obj), "insert_order", 0) or 0


def chain_new_rows(session: Session, _context: Any = None, _instances: Any = None) -> None:
    """before_flush: chains the AuditRows new in this flush, in the order added."""
    new = sorted((obj for obj in session.new if isinstance(obj, AuditRow)), key=_insert_order)
    if not new:
        return
    last = session.connection().execute(
        text("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
    last_id, prev = (int(last[0]), str(last[1])) if last is not None else (0, GENESIS)
    for obj in new:
        if obj.at is None:
            obj.at = dt.datetime.now()
        if obj.detail is None:
            obj.detail = ""
        last_id += 1
        obj.id = last_id
        obj.prev_hash = prev
        obj.row_hash = prev = chain_hash(last_id, at_text(obj.at), obj.clerk, obj.action,
                                         obj.case_id, obj.detail, prev)


if not event.contains(Session, "before_flush", chain_new_rows):
    event.listen(Session, "before_flush", chain_new_rows)


def verify_rows(rows: Iterable[Sequence[Any]]) -> ChainStatus:
    """Walks (id, at text, clerk, action, case_id, detail, prev_hash, row_hash) in id
    order; the first row that does not verify, or OK."""
    prev, count = GENESIS, 0
    for row_id, at, clerk, action, case_id, detail, prev_hash, row_hash in rows:
        count += 1
        if prev_hash != prev:
            return ChainStatus(count, prev, broken_id=int(row_id), reason="unlinked")
        if chain_hash(int(row_id), str(at), clerk, action, case_id, detail or "",
                      prev_hash) != row_hash:
            return ChainStatus(count, prev, broken_id=int(row_id), reason="changed")
        prev = row_hash
    return ChainStatus(count, "" if count == 0 else prev)


class AuditStore:
    """Writes audit rows (chained by the hook above) and reads them back."""

    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock

    def record(self, clerk: str, action: str, case_ids: Sequence[str | None] = (None,),
               detail: str = "") -> None:
        """One row per case (one transaction)."""
        now = self._clock()
        with self._sessions.begin() as session:
            for case_id in case_ids:
                session.add(AuditRow(at=now, clerk=clerk[:64], action=action, case_id=case_id,
                                     detail=detail))

    def entries(self, start: dt.datetime | None = None,
                end: dt.datetime | None = None) -> list[AuditEntry]:
        """The rows with ``start <= at < end`` in id order, with the case's number."""
        stmt = (select(AuditRow, CaseRow.provisional_no)
                .outerjoin(CaseRow, CaseRow.id == AuditRow.case_id).order_by(AuditRow.id))
        if start is not None:
            stmt = stmt.where(AuditRow.at >= start)
        if end is not None:
            stmt = stmt.where(AuditRow.at < end)
        with self._sessions() as session:
            return [AuditEntry(r.id, r.at, r.clerk, r.action, r.case_id, r.detail, r.prev_hash,
                               r.row_hash, case_no)
                    for r, case_no in session.execute(stmt)]

    def verify(self) -> ChainStatus:
        """The whole chain, from the raw columns."""
        with self._engine.connect() as conn:
            return verify_rows(conn.exec_driver_sql(
                "SELECT id, at, clerk, action, case_id, detail, prev_hash, row_hash "
                "FROM audit_log ORDER BY id"))

    def case_of_issuance(self, issuance_id: str) -> str | None:
        with self._sessions() as session:
            return session.scalar(select(IssuanceRow.case_id).where(IssuanceRow.id == issuance_id))

    def case_ids(self, provisional_nos: Iterable[str]) -> list[str]:
        wanted = list(provisional_nos)
        if not wanted:
            return []
        with self._sessions() as session:
            return list(session.scalars(select(CaseRow.id)
                                        .where(CaseRow.provisional_no.in_(wanted))
                                        .order_by(CaseRow.provisional_no)))
