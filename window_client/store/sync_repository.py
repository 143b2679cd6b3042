"""What the sync engine reads and writes locally: queued cases and their attempts,
the feed cursor, case results, notifications. Every change that matters is one
transaction: a case is marked submitted together with its platform number; a feed
batch is applied together with the cursor that follows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from window_client.core.case_state import CaseState, OutputStatus

from .journal import CaseJournal
from .transitions import move
from .models import (CaseItemRow, CaseNodeRow, CaseOutputRow, CaseRow, ItemRefusalRow,
                     NotificationRow, OutboxRow, SyncStateRow, UrgeRow)


@dataclass(frozen=True)
class OutboxEntry:
    case_id: str
    provisional_no: str
    stage: str
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str
    stuck: bool


@dataclass(frozen=True)
class OutputRecord:
    output_id: str
    item_code: str
    name: str
    status: OutputStatus
    note: str = ""          # the platform's reason when it is refused


@dataclass(frozen=True)
class Notification:
    id: int
    case_id: str | None
    kind: str
    message: str
    created_at: dt.datetime
    read: bool


@dataclass(frozen=True)
class FeedChange:
    """One event as it applies locally (already translated by the engine)."""

    case_id: str
    target: CaseState | None
    output_id: str | None = None
    output_status: OutputStatus | None = None
    notification: tuple[str, str] | None = None  # (kind, message)
    note: str = ""
    refused_item: str | None = None   # an item refused (with ``note``), the case goes on


@dataclass(frozen=True)
class NodeChange:
    """One feed event kept as a node of the case's timeline (platform time, local)."""

    case_id: str
    seq: int
    kind: str
    at: dt.datetime
    item_code: str | None = None
    department: str = ""
    note: str = ""
    urge_id: str | None = None


class DuplicatePlatformNo(ValueError):
    """The platform answered a case with a number another local case already has."""

    def __init__(self, platform_no: str, other_provisional_no: str) -> None:
        super().__init__(f"平台返回的办件编号{platform_no}已属于本窗口的办件{other_provisional_no},"
                         "两件办件不能共用一个编号,请联系平台核对")
        self.platform_no = platform_no
        self.other_provisional_no = other_provisional_no


class SyncRepository:
    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock
        db = engine.url.database
        self._journal = CaseJournal.beside(Path(db) if db else None)  # store/journal.py

    # -- outbox --------------------------------------------------------------
    def due(self, now: dt.datetime | None = None,
            max_wait: dt.timedelta | None = None) -> list[OutboxEntry]:
        """Queued cases whose next attempt is due, oldest first. With ``max_wait``
        an attempt set further out than that from ``now`` is due too: it was
        scheduled by a clock that has since been set back (a year ahead, then
        corrected), and no case waits longer than the longest backoff."""
        now = now or self._clock()
        horizon = now + max_wait if max_wait is not None else None
        with self._sessions() as session:
            rows = session.execute(
                select(CaseRow, OutboxRow).outerjoin(OutboxRow, OutboxRow.case_id == CaseRow.id)
                .where(CaseRow.state == CaseState.QUEUED.value)
                .order_by(CaseRow.updated_at, CaseRow.provisional_no)).all()
            out = []
            for case, box in rows:
                entry = self._entry(case, box)
                if entry.stuck:
                    continue
                if entry.next_attempt_at <= now or (horizon is not None
                                                    and entry.next_attempt_at > horizon):
                    out.append(entry)
            return out

    def queued(self) -> list[OutboxEntry]:
        with self._sessions() as session:
            rows = session.execute(
                select(CaseRow, OutboxRow).outerjoin(OutboxRow, OutboxRow.case_id == CaseRow.id)
                .where(CaseRow.state == CaseState.QUEUED.value)
                .order_by(CaseRow.updated_at)).all()
            return [self._entry(c, b) for c, b in rows]

    def _entry(self, case: CaseRow, box: OutboxRow | None) -> OutboxEntry:
        if box is None:
            return OutboxEntry(case.id, case.provisional_no, "manifest", 0, case.updated_at, "",
                               False)
        return OutboxEntry(case.id, case.provisional_no, box.stage, box.attempts,
                           box.next_attempt_at, box.last_error, box.stuck)

    def record_attempt(self, case_id: str, *, stage: str, error: str,
                       next_attempt_at: dt.datetime, stuck: bool = False) -> None:
        with self._sessions.begin() as session:
            box = session.get(OutboxRow, case_id)
            if box is None:
                box = OutboxRow(case_id=case_id, attempts=0)
                session.add(box)
            box.stage = stage
            box.attempts = (box.attempts or 0) + 1
            box.last_error = error[:2000]
            box.next_attempt_at = next_attempt_at
            box.stuck = stuck
            box.updated_at = self._clock()

    def retry(self, case_id: str) -> None:
        """The clerk asks to try a stuck case again now."""
        with self._sessions.begin() as session:
            box = session.get(OutboxRow, case_id)
            if box is not None:
                box.stuck = False
                box.next_attempt_at = self._clock()

    def mark_submitted(self, case_id: str, platform_no: str, outputs: Iterable[OutputRecord],
                       *, clerk: str = "sync") -> bool:
        """Queued → submitted with the platform's number, atomically. False when the
        case is no longer queued (another worker got there first)."""
        now = self._clock()
        if not platform_no or not platform_no.strip():
            raise ValueError("a case is never submitted without the platform's number")
        with self._sessions.begin() as session:
            case = session.get(CaseRow, case_id)
            if case is None or case.state != CaseState.QUEUED.value:
                return False
            other = session.scalars(select(CaseRow).where(CaseRow.platform_no == platform_no,
                                                          CaseRow.id != case_id)).first()
            if other is not None:
                raise DuplicatePlatformNo(platform_no, other.provisional_no)
            case.platform_no = platform_no
            move(session, case, CaseState.SUBMITTED, at=now, clerk=clerk,
                 note=f"平台办件编号 {platform_no}", detail=f"platform_no={platform_no}")
            session.execute(delete(OutboxRow).where(OutboxRow.case_id == case_id))
            for o in outputs:
                if session.get(CaseOutputRow, (case_id, o.output_id)) is None:
                    session.add(CaseOutputRow(case_id=case_id, output_id=o.output_id,
                                              item_code=o.item_code, name=o.name,
                                              status=o.status, updated_at=now))
            line = (case.provisional_no, case.one_thing_id, case.state, case.applicant_name,
                    case.applicant_id_number)
        if self._journal is not None:  # after the commit: after a restore, IT knows the number
            self._journal.record("submitted", at=now, case_id=case_id, provisional_no=line[0],
                                 one_thing_id=line[1], state=line[2], applicant_name=line[3],
                                 applicant_id_number=line[4], platform_no=platform_no)
        return True

    # -- feed ------------------------------------------------------------------------
    def get_state(self, key: str, default: str = "") -> str:
        with self._sessions() as session:
            row = session.get(SyncStateRow, key)
            return row.value if row else default

    def set_state(self, key: str, value: str, session: Session | None = None) -> None:
        if session is None:
            with self._sessions.begin() as own:
                self.set_state(key, value, own)
            return
        row = session.get(SyncStateRow, key)
        if row is None:
            session.add(SyncStateRow(key=key, value=value))
        else:
            row.value = value

    def apply_feed(self, changes: list[FeedChange], cursor: int,
                   nodes: Iterable[NodeChange] = ()) -> int:
        """Applies a batch and stores the cursor after it in one transaction: the
        nodes first (each once: a replayed event is known by its seq), where each
        item stands, then the states, results and notifications. Transitions the
        state machine does not allow (a replayed or late event) are skipped.
        Returns how many case states changed."""
        now = self._clock()
        changed = 0
        with self._sessions.begin() as session:
            self._record_nodes(session, nodes)
            for ch in changes:
                case = session.get(CaseRow, ch.case_id)
                if case is None:
                    continue
                if ch.output_id:
                    out = session.get(CaseOutputRow, (ch.case_id, ch.output_id))
                    if out is not None and ch.output_status and out.status not in (
                            OutputStatus.ISSUED, OutputStatus.POSTED):   # handed over stays so
                        out.status = ch.output_status
                        out.updated_at = now
                        if ch.output_status == OutputStatus.REFUSED:
                            out.note = ch.note[:2000]
                if ch.refused_item and session.get(
                        ItemRefusalRow, (ch.case_id, ch.refused_item)) is None:
                    session.add(ItemRefusalRow(case_id=ch.case_id, item_code=ch.refused_item,
                                               reason=ch.note[:2000], at=now))
                if ch.target is not None and not case.platform_no:
                    # never past submitted without the platform's number: the engine
                    # reconciles such a case first; a case it could not is left as it is
                    continue
                if ch.target is not None:
                    changed += move(session, case, ch.target, at=now, clerk="platform",
                                    note=ch.note, walk_to=True)
                if ch.notification:
                    kind, message = ch.notification
                    session.add(NotificationRow(case_id=ch.case_id, kind=kind, message=message,
                                                created_at=now, read=False))
            self.set_state("feed_cursor", str(cursor), session)
        return changed

    @staticmethod
    def _record_nodes(session: Session, nodes: Iterable[NodeChange]) -> None:
        touched: set[str] = set()
        for nd in nodes:
            if session.get(CaseRow, nd.case_id) is None or session.scalar(
                    select(CaseNodeRow.id).where(CaseNodeRow.case_id == nd.case_id,
                                                 CaseNodeRow.seq == nd.seq)) is not None:
                continue
            session.add(CaseNodeRow(case_id=nd.case_id, seq=nd.seq, item_code=nd.item_code,
                                    kind=nd.kind[:32], department=nd.department[:64],
                                    at=nd.at, note=nd.note[:2000], source="platform", by=""))
            touched.add(nd.case_id)
            items = session.scalars(select(CaseItemRow).where(
                CaseItemRow.case_id == nd.case_id)).all()
            for item in items:
                if nd.kind == "refused" and item.finished_at is None:
                    item.finished_at, item.refused, item.node = nd.at, True, "refused"
                if item.item_code != nd.item_code:
                    continue
                item.node = nd.kind[:32]
                if nd.kind == "dispatched" and item.started_at is None:
                    item.started_at = nd.at
                elif nd.kind in ("item_done", "item_refused") and item.finished_at is None:
                    item.finished_at, item.refused = nd.at, nd.kind == "item_refused"
            if nd.kind == "urge_answered" and nd.urge_id:
                urge = session.get(UrgeRow, nd.urge_id)
                if urge is not None and urge.case_id == nd.case_id:
                    urge.reply, urge.replied_at = nd.note[:2000], nd.at
        session.flush()
        for case_id in touched:
            finished = session.scalars(select(CaseItemRow.finished_at).where(
                CaseItemRow.case_id == case_id)).all()
            row = session.get(CaseRow, case_id)
            if row is not None and finished and all(f is not None for f in finished):
                row.finished_at = max(f for f in finished if f is not None)

    def outputs(self, case_id: str) -> list[OutputRecord]:
        with self._sessions() as session:
            rows = session.scalars(select(CaseOutputRow).where(CaseOutputRow.case_id == case_id)
                                   .order_by(CaseOutputRow.item_code, CaseOutputRow.output_id))
            return [OutputRecord(r.output_id, r.item_code, r.name, OutputStatus(r.status),
                                 r.note or "") for r in rows]

    def ready_for_pickup(self) -> dict[str, tuple[dt.datetime, int]]:
        """case id → (when its first waiting result became ready, how many wait), for
        every case with a result ready and not yet handed over."""
        with self._sessions() as session:
            rows = session.execute(
                select(CaseOutputRow.case_id, func.min(CaseOutputRow.updated_at), func.count())
                .where(CaseOutputRow.status == OutputStatus.READY.value)
                .group_by(CaseOutputRow.case_id)).all()
            return {case_id: (since, count) for case_id, since, count in rows}

    def refused_items(self, case_id: str) -> dict[str, str]:
        """item code → the platform's reason, for the items it refused while the case
        goes on (a case refused as a whole is its state, with the reason in history)."""
        with self._sessions() as session:
            rows = session.scalars(select(ItemRefusalRow).where(ItemRefusalRow.case_id == case_id)
                                   .order_by(ItemRefusalRow.at, ItemRefusalRow.item_code))
            return {r.item_code: r.reason for r in rows}

    def refused_item_counts(self, case_ids: list[str]) -> dict[str, int]:
        """case id → how many of its items the platform refused (不予受理)."""
        with self._sessions() as session:
            rows = session.execute(
                select(ItemRefusalRow.case_id, func.count())
                .where(ItemRefusalRow.case_id.in_(case_ids))
                .group_by(ItemRefusalRow.case_id)).all()
            return {case_id: count for case_id, count in rows}

    def notifications(self, unread_only: bool = True) -> list[Notification]:
        with self._sessions() as session:
            query = select(NotificationRow).order_by(NotificationRow.id.desc())
            if unread_only:
                query = query.where(NotificationRow.read.is_(False))
            return [Notification(n.id, n.case_id, n.kind, n.message, n.created_at, n.read)
                    for n in session.scalars(query)]

    def mark_read(self, ids: Iterable[int]) -> None:
        with self._sessions.begin() as session:
            for n in session.scalars(select(NotificationRow).where(NotificationRow.id.in_(list(ids)))):
                n.read = True

    def add_notification(self, case_id: str | None, kind: str, message: str) -> None:
        with self._sessions.begin() as session:
            session.add(NotificationRow(case_id=case_id, kind=kind, message=message,
                                        created_at=self._clock(), read=False))
