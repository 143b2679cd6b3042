"""Writing a state change: the one place the store applies ``core.case_state``'s
steps to a case row — the new state, a history row and an audit entry for each
step, in the caller's transaction. Every writer (the window's confirm and
transitions, sync's submission and feed, the issuance counter) goes through it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from window_client.core.case_state import CaseState, transition

from .models import AuditRow, CaseRow, StateChange


def move(session: Session, row: CaseRow, target: CaseState, *, at: dt.datetime, clerk: str,
         note: str = "", walk_to: bool = False, detail: str = "") -> int:
    """Moves ``row`` to ``target`` (IllegalTransition when not allowed; with
    ``walk_to`` the shortest legal walk, none when there is none). Returns how many
    steps were written. ``detail`` is added to each audit entry."""
    steps = transition(row.state, target, at=at, clerk=clerk, note=note, walk_to=walk_to)
    for step in steps:
        session.add(StateChange(case_id=row.id, from_state=step.from_state.value,
                                to_state=step.to_state.value, at=step.at, clerk=step.clerk,
                                note=step.note))
        session.add(AuditRow(at=step.at, clerk=step.clerk, action=step.audit_action,
                             case_id=row.id,
                             detail=step.audit_detail + (f" {detail}" if detail else "")))
        row.state = step.to_state.value
        if step.to_state == CaseState.RETURNED:
            row.returned_count = (row.returned_count or 0) + 1
        elif step.to_state in (CaseState.READY, CaseState.REFUSED) and row.finished_at is None:
            row.finished_at = step.at
    if steps:
        row.updated_at = at
    return len(steps)
