"""What supervision reads and writes: the items and nodes of a case, urges (made by
the hall's rule or by hand, sent to the platform idempotently), and the facts of the
efficiency board — read from columns and the case_items table, never from the JSON
of 50,000 snapshots."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session, sessionmaker

from window_client.core.board import BoardData, CaseFact, ItemFact, RatingFact
from window_client.core.case_state import CaseState
from window_client.core.supervision import (AT_DEPARTMENT, Node, PlannedItem, UrgeRequest,
                                            node_order)

from .models import (AuditRow, CaseItemRow, CaseNodeRow, CaseRow, UrgeRow)


@dataclass(frozen=True)
class CaseTimeline:
    """What a case's progress is computed from (core.supervision.case_progress)."""
    case_id: str
    provisional_no: str
    platform_no: str | None
    state: CaseState
    accepted_on: dt.date
    due: dt.date
    items: tuple[PlannedItem, ...]
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class UrgeRecord:
    id: str
    case_id: str
    item_code: str
    day: dt.date
    reason: str
    auto: bool
    clerk: str
    at: dt.datetime
    synced: bool
    urged: bool | None
    attempts: int
    last_error: str
    failed: bool
    reply: str


def _urge(r: UrgeRow) -> UrgeRecord:
    return UrgeRecord(r.id, r.case_id, r.item_code, r.day, r.reason, r.auto, r.clerk, r.at,
                      r.synced, r.urged, r.attempts, r.last_error, r.failed, r.reply)


class SupervisionRepository:
    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = dt.datetime.now
                 ) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock

    # -- timelines ------------------------------------------------------------------

    def timeline(self, case_id: str) -> CaseTimeline | None:
        """None for a case without a snapshot (a draft)."""
        with self._sessions() as session:
            row = session.get(CaseRow, case_id)
            if row is None or row.due_date is None or row.accepted_at is None:
                return None
            return self._timelines(session, [row])[0]

    def open_timelines(self) -> list[CaseTimeline]:
        """Every case at the departments (submitted, accepted, in review)."""
        with self._sessions() as session:
            rows = session.scalars(select(CaseRow).where(
                CaseRow.state.in_(sorted(s.value for s in AT_DEPARTMENT)),
                CaseRow.due_date.is_not(None), CaseRow.accepted_at.is_not(None))).all()
            return self._timelines(session, list(rows))

    @staticmethod
    def _timelines(session: Session, rows: list[CaseRow]) -> list[CaseTimeline]:
        ids = [r.id for r in rows]
        items: dict[str, list[PlannedItem]] = {i: [] for i in ids}
        nodes: dict[str, list[Node]] = {i: [] for i in ids}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            for it in session.scalars(select(CaseItemRow).where(CaseItemRow.case_id.in_(part))
                                      .order_by(CaseItemRow.case_id, CaseItemRow.position)):
                items[it.case_id].append(PlannedItem(it.item_code, it.name, it.department,
                                                     it.department_name, it.promised_days))
            for nd in session.scalars(select(CaseNodeRow).where(CaseNodeRow.case_id.in_(part))
                                      .order_by(CaseNodeRow.at, CaseNodeRow.id)):
                nodes[nd.case_id].append(Node(nd.kind, nd.at, nd.item_code, nd.department,
                                              nd.note, nd.source, nd.by))
            for u in session.scalars(select(UrgeRow).where(UrgeRow.case_id.in_(part))):
                nodes[u.case_id].append(Node("urged_auto" if u.auto else "urged", u.at,
                                             u.item_code, "", u.reason, "window",
                                             "" if u.auto else u.clerk))
        return [CaseTimeline(r.id, r.provisional_no, r.platform_no, CaseState(r.state),
                             r.accepted_at.date() if r.accepted_at else r.created_at.date(),
                             r.due_date or r.created_at.date(), tuple(items[r.id]),
                             tuple(sorted(nodes[r.id], key=node_order)))
                for r in rows]

    # -- urges ------------------------------------------------------------------------

    def urged_on(self, day: dt.date, case_id: str | None = None) -> dict[tuple[str, str], str]:
        """(case id, item code) → who urged it on ``day`` (系统 for the rule)."""
        query = select(UrgeRow).where(UrgeRow.day == day)
        if case_id is not None:
            query = query.where(UrgeRow.case_id == case_id)
        with self._sessions() as session:
            return {(u.case_id, u.item_code): u.clerk for u in session.scalars(query)}

    def add_urges(self, requests: Iterable[UrgeRequest], *, day: dt.date, clerk: str,
                  auto: bool) -> list[UrgeRecord]:
        """Records the urges not yet made today (one per item per day; a second one
        is skipped, so a rule run twice or a double click urges once), each with its
        audit entry, in one transaction. Returns the urges recorded."""
        now = self._clock().replace(microsecond=0)
        made: list[UrgeRecord] = []
        with self._sessions.begin() as session:
            for req in requests:
                if session.scalar(select(UrgeRow.id).where(
                        UrgeRow.case_id == req.case_id, UrgeRow.item_code == req.item_code,
                        UrgeRow.day == day)) is not None:
                    continue
                row = UrgeRow(id=str(uuid.uuid4()), case_id=req.case_id,
                              item_code=req.item_code, day=day, reason=req.reason[:500],
                              auto=auto, clerk=clerk, at=now, synced=False, urged=None,
                              attempts=0, next_attempt_at=now, last_error="", failed=False,
                              reply="", replied_at=None)
                session.add(row)
                session.add(AuditRow(at=now, clerk=clerk, action="urge_auto" if auto else "urge",
                                     case_id=req.case_id, detail=f"item={req.item_code}"))
                made.append(_urge(row))
        return made

    def urges(self, case_id: str) -> list[UrgeRecord]:
        with self._sessions() as session:
            return [_urge(u) for u in session.scalars(
                select(UrgeRow).where(UrgeRow.case_id == case_id).order_by(UrgeRow.at))]

    def pending_urges(self, now: dt.datetime,
                      max_wait: dt.timedelta | None = None) -> list[tuple[UrgeRecord, str | None]]:
        """Unsent urges due now, each with its case's platform number (None: the
        case is not on the platform yet; it waits)."""
        due = UrgeRow.next_attempt_at <= now
        if max_wait is not None:   # scheduled by a clock since set back
            due = or_(due, UrgeRow.next_attempt_at > now + max_wait)
        with self._sessions() as session:
            rows = session.execute(select(UrgeRow, CaseRow.platform_no)
                                   .join(CaseRow, CaseRow.id == UrgeRow.case_id)
                                   .where(UrgeRow.synced.is_(False), UrgeRow.failed.is_(False),
                                          due).order_by(UrgeRow.at)).all()
            return [(_urge(u), no) for u, no in rows]

    def urge_sent(self, urge_id: str, urged: bool) -> None:
        with self._sessions.begin() as session:
            row = session.get(UrgeRow, urge_id)
            if row is not None:
                row.synced, row.urged, row.last_error = True, urged, ""

    def urge_failed(self, urge_id: str, error: str, next_attempt_at: dt.datetime) -> None:
        with self._sessions.begin() as session:
            row = session.get(UrgeRow, urge_id)
            if row is not None:
                row.attempts += 1
                row.last_error, row.next_attempt_at = error[:2000], next_attempt_at

    def urge_refused(self, urge_id: str, error: str) -> None:
        """The platform refused it for good (a 409 or 422): kept, not retried."""
        with self._sessions.begin() as session:
            row = session.get(UrgeRow, urge_id)
            if row is not None:
                row.attempts += 1
                row.failed, row.last_error = True, error[:2000]

    # -- the board's facts --------------------------------------------------------------

    def board_data(self) -> BoardData:
        """Every confirmed case as a fact, its items, the ratings given; the time the
        feed was last read.

        Read in one deferred (read-only) transaction on a connection of its own: in
        WAL mode it sees one snapshot and never holds the write lock, so a draft
        save or the sync thread does not wait for the board (the store's sessions
        begin IMMEDIATE, which would). Light columns only, the cases through the
        covering index ix_cases_board, as plain tuples with each distinct day parsed
        once — at 50,000 cases the ORM's per-value conversions cost seconds."""
        raw = self._engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("BEGIN")
            try:
                case_rows = cur.execute(
                    "SELECT id, substr(accepted_at, 1, 10), window_code, one_thing_id, state, "
                    "promised_days, due_date, substr(finished_at, 1, 10), returned_count, "
                    "fields_separate, fields_merged, materials_separate, materials_merged "
                    "FROM cases INDEXED BY ix_cases_board "
                    "WHERE accepted_at IS NOT NULL AND due_date IS NOT NULL").fetchall()
                item_rows = cur.execute(
                    "SELECT case_id, item_code, department, promised_days, "
                    "substr(started_at, 1, 10), substr(finished_at, 1, 10), refused "
                    "FROM case_items").fetchall()
                names = {(code, dep): (name, dep_name) for code, dep, name, dep_name in
                         cur.execute("SELECT DISTINCT item_code, department, name, "
                                     "department_name FROM case_items")}
                rating_rows = cur.execute(
                    "SELECT case_id, level, reason, substr(at, 1, 10) FROM evaluations"
                ).fetchall()
                feed = cur.execute("SELECT value FROM sync_state WHERE key = 'feed_read_at'"
                                   ).fetchone()
            finally:
                cur.execute("COMMIT")
        finally:
            raw.close()
        days: dict[str, dt.date] = {}

        def day(text: str) -> dt.date:
            found = days.get(text)
            if found is None:
                found = days[text] = dt.date.fromisoformat(text)
            return found

        accepted = {r[0]: day(r[1]) for r in case_rows}
        items: list[ItemFact] = []
        refused_items: dict[str, int] = {}
        append = items.append
        for case_id, code, dep, promised, started, finished, refused in item_rows:
            start = accepted.get(case_id)
            if start is None:
                continue
            name, dep_name = names.get((code, dep), (code, dep))
            append(ItemFact(case_id, code, name, dep, dep_name, promised,
                            (days.get(started) or day(started)) if started else start,
                            (days.get(finished) or day(finished)) if finished else None,
                            bool(refused)))
            if refused:
                refused_items[case_id] = refused_items.get(case_id, 0) + 1
        refused_state = CaseState.REFUSED.value
        cases = tuple(CaseFact(
            r[0], accepted[r[0]], r[2], r[3], r[4], r[5] or 0, days.get(r[6]) or day(r[6]),
            (days.get(r[7]) or day(r[7])) if r[7] else None, (r[8] or 0) > 0,
            r[4] == refused_state, 0 if r[4] == refused_state else refused_items.get(r[0], 0),
            r[9], r[10], r[11], r[12])
            for r in case_rows)
        ratings = tuple(RatingFact(case_id, level, reason or "", days.get(at) or day(at))
                        for case_id, level, reason, at in rating_rows if case_id in accepted)
        feed_at = dt.datetime.fromisoformat(feed[0]) if feed and feed[0] else None
        return BoardData(cases, tuple(items), ratings, self._clock().replace(microsecond=0),
                         feed_at)
