"""The life of a case at the window, as a state machine. Illegal transitions are
refused with ``IllegalTransition`` (the store checks every change against it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from . import labels, messages


class CaseState(StrEnum):
    DRAFT = "draft"                      # 草稿:窗口正在录入
    QUEUED = "queued"                    # 待提交:已确认,在发件箱中
    SUBMITTED = "submitted"              # 已提交:平台已给出办件编号
    ACCEPTED = "accepted"                # 已受理
    IN_REVIEW = "in_review"              # 审批中
    RETURNED = "returned"                # 退回补正
    REFUSED = "refused"                  # 不予受理
    READY = "ready"                      # 待取件
    ISSUED = "issued"                    # 已出件
    DISCARDED = "discarded"              # 已作废(草稿放弃)


LABELS: dict[CaseState, str] = {state: labels.CASE_STATE_LABELS[state] for state in CaseState}

TRANSITIONS: dict[CaseState, frozenset[CaseState]] = {
    CaseState.DRAFT: frozenset({CaseState.QUEUED, CaseState.DISCARDED}),
    CaseState.QUEUED: frozenset({CaseState.SUBMITTED, CaseState.DRAFT}),
    CaseState.SUBMITTED: frozenset({CaseState.ACCEPTED, CaseState.RETURNED, CaseState.REFUSED}),
    CaseState.ACCEPTED: frozenset({CaseState.IN_REVIEW, CaseState.RETURNED, CaseState.REFUSED,
                                   CaseState.READY}),
    CaseState.IN_REVIEW: frozenset({CaseState.RETURNED, CaseState.REFUSED, CaseState.READY}),
    CaseState.RETURNED: frozenset({CaseState.QUEUED, CaseState.REFUSED}),
    CaseState.READY: frozenset({CaseState.ISSUED}),
    CaseState.REFUSED: frozenset(),
    CaseState.ISSUED: frozenset(),
    CaseState.DISCARDED: frozenset(),
}

EDITABLE = frozenset({CaseState.DRAFT, CaseState.RETURNED})


class IllegalTransition(ValueError):
    def __init__(self, current: CaseState, target: CaseState) -> None:
        super().__init__(messages.ILLEGAL_TRANSITION.format(current=LABELS[current],
                                                            target=LABELS[target]))
        self.current = current
        self.target = target


def check_transition(current: CaseState | str, target: CaseState | str) -> CaseState:
    """The target state when the transition is legal; IllegalTransition otherwise."""
    current, target = CaseState(current), CaseState(target)
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current, target)
    return target


class OutputStatus(StrEnum):
    """Where one result (证照/文书) of a case stands."""
    PENDING = "pending"                  # 办理中
    READY = "ready"                      # 可领取
    ISSUED = "issued"                    # 已领取
    POSTED = "posted"                    # 已邮寄
    REFUSED = "refused"                  # 不予受理: this result will not come


HANDED_OVER = frozenset({OutputStatus.ISSUED, OutputStatus.POSTED})
OUTPUT_LABELS: dict[OutputStatus, str] = {status: labels.OUTPUT_STATUS_LABELS[status]
                                          for status in OutputStatus}


@dataclass(frozen=True)
class Step:
    """One move of the state machine as the store writes it: the history row and
    the audit entry, both from here, so every writer records the same."""
    from_state: CaseState
    to_state: CaseState
    at: dt.datetime
    clerk: str
    note: str = ""

    @property
    def audit_action(self) -> str:
        return "state_changed"

    @property
    def audit_detail(self) -> str:
        return f"{self.from_state.value}->{self.to_state.value}"


def walk(current: CaseState, target: CaseState) -> list[CaseState]:
    """The shortest legal walk from ``current`` to ``target`` (the platform's feed
    may skip nodes, e.g. submitted → ready); [] when there is none or when already
    there. Never through draft, queued or discarded: those are the window's."""
    if current == target:
        return []
    frontier: list[tuple[CaseState, list[CaseState]]] = [(current, [])]
    seen = {current}
    while frontier:
        state, path = frontier.pop(0)
        for nxt in sorted(TRANSITIONS[state], key=lambda s: s.value):
            if nxt in seen or nxt in (CaseState.DRAFT, CaseState.DISCARDED, CaseState.QUEUED):
                continue
            if nxt == target:
                return path + [nxt]
            seen.add(nxt)
            frontier.append((nxt, path + [nxt]))
    return []


def transition(current: CaseState | str, target: CaseState | str, *, at: dt.datetime,
               clerk: str, note: str = "", walk_to: bool = False) -> list[Step]:
    """The steps that take a case from ``current`` to ``target``: one legal move
    (IllegalTransition otherwise), or with ``walk_to`` the shortest legal walk (the
    feed; [] when none). The store writes each step's history row and audit entry
    in the transaction that changes the state — the only way a state changes."""
    current, target = CaseState(current), CaseState(target)
    if walk_to:
        states = walk(current, target)
    else:
        check_transition(current, target)
        states = [target]
    steps, before = [], current
    for state in states:
        steps.append(Step(before, state, at, clerk, note))
        before = state
    return steps
