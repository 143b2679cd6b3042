"""The life of a case at the window, as a state machine. Illegal transitions are
refused with ``IllegalTransition`` (the store checks every change against it)."""

from __future__ import annotations

from enum import StrEnum


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


LABELS = {
    CaseState.DRAFT: "草稿",
    CaseState.QUEUED: "待提交",
    CaseState.SUBMITTED: "已提交",
    CaseState.ACCEPTED: "已受理",
    CaseState.IN_REVIEW: "审批中",
    CaseState.RETURNED: "退回补正",
    CaseState.REFUSED: "不予受理",
    CaseState.READY: "待取件",
    CaseState.ISSUED: "已出件",
    CaseState.DISCARDED: "已作废",
}

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
        super().__init__(f"办件状态不能从“{LABELS[current]}”变为“{LABELS[target]}”")
        self.current = current
        self.target = target


def check_transition(current: CaseState | str, target: CaseState | str) -> CaseState:
    """The target state when the transition is legal; IllegalTransition otherwise."""
    current, target = CaseState(current), CaseState(target)
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current, target)
    return target
