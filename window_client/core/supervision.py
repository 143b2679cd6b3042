"""Supervision (办件督办): where each item of a case stands, the countdown on the
Chinese working-day calendar, urgency, and which items the hall's rule urges.

Pure functions over plain records. The rules:

- An item's promise runs from the day its department received it (the feed's
  ``dispatched``); before that from the day of acceptance, against the whole case's
  promised date (an item that waits for another is not late while it waits).
- Time used counts working days after the start up to and including the finish
  (or today), as :meth:`WorkCalendar.working_days_between`.
- A case returned for 补正 waits for the citizen: it is neither overdue nor urged
  while it waits (the department is not the one late), and its countdown says so.
- The hall's rule urges each open item at most once per working day, and only on
  working days: when it is overdue, or when ``within_days`` working days or fewer
  remain (0: only overdue items and those due today).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from . import labels, messages
from .case_state import CaseState
from .workdays import WorkCalendar

#: a case whose items are with the departments: these can be late and urged
AT_DEPARTMENT = frozenset({CaseState.SUBMITTED, CaseState.ACCEPTED, CaseState.IN_REVIEW})
#: finished from the department's side (results made or refused)
FINISHED = frozenset({CaseState.READY, CaseState.ISSUED, CaseState.REFUSED})

#: who the hall rule's urges are recorded as (the audit log)
AUTO_URGE_CLERK = labels.AUTO_URGE_CLERK

#: the feed's node kinds that finish an item
ITEM_FINISHING = frozenset({"item_done", "item_refused"})


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"            # due today or on the next working day
    ON_TRACK = "on_track"
    WAITING_CITIZEN = "waiting_citizen"
    CLOSED = "closed"
    NOT_STARTED = "not_started"      # a draft, or not yet submitted... still the window's

    @property
    def label(self) -> str:
        return labels.URGENCY_LABELS[self.value]


#: the order the cases view sorts by: the most urgent first
URGENCY_ORDER: Mapping[Urgency, int] = {
    Urgency.OVERDUE: 0, Urgency.DUE_SOON: 1, Urgency.ON_TRACK: 2,
    Urgency.WAITING_CITIZEN: 3, Urgency.NOT_STARTED: 4, Urgency.CLOSED: 5}


@dataclass(frozen=True)
class Countdown:
    due: dt.date
    remaining: int          # working days left (0: due today, or overdue)
    overdue: int            # working days past the due date (0: not overdue)

    @property
    def text(self) -> str:
        if self.overdue:
            return messages.COUNTDOWN_OVERDUE.format(days=self.overdue)
        if self.remaining == 0:
            return messages.COUNTDOWN_DUE_TODAY
        return messages.COUNTDOWN_REMAINING.format(days=self.remaining)


def countdown(due: dt.date, today: dt.date, calendar: WorkCalendar) -> Countdown:
    """How far ``today`` is from ``due`` in working days. On a day off after the due
    date the overdue count is that of the last working day (a weekend adds none)."""
    if today <= due:
        return Countdown(due, calendar.working_days_between(today, due), 0)
    return Countdown(due, 0, calendar.working_days_between(due, today))


def urgency(state: CaseState, due: dt.date | None, today: dt.date,
            calendar: WorkCalendar, soon_days: int = 1) -> Urgency:
    """The case's urgency for the list: overdue, due within ``soon_days`` working
    days, on track; a case waiting for the citizen or closed is neither."""
    if state in FINISHED or state == CaseState.DISCARDED:
        return Urgency.CLOSED
    if state == CaseState.RETURNED:
        return Urgency.WAITING_CITIZEN
    if due is None or state == CaseState.DRAFT:
        return Urgency.NOT_STARTED
    left = countdown(due, today, calendar)
    if left.overdue:
        return Urgency.OVERDUE
    if left.remaining <= soon_days:
        return Urgency.DUE_SOON
    return Urgency.ON_TRACK


# -- the nodes of a case ------------------------------------------------------------

@dataclass(frozen=True)
class Node:
    """One node of a case: from the feed (``source`` platform) or the window's own
    (the confirm, an urge). ``item_code`` None: the case as a whole."""
    kind: str
    at: dt.datetime
    item_code: str | None = None
    department: str = ""         # department id ("" when the event names none)
    note: str = ""               # the platform's reasons, the urge's reason, the reply
    source: str = "platform"     # platform | window
    by: str = ""                 # who, for the window's own nodes (a username)

    @property
    def label(self) -> str:
        return labels.NODE_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class PlannedItem:
    """What the snapshot promised for one item (code, name, department, days)."""
    code: str
    name: str
    department: str
    department_name: str
    promised_days: int


@dataclass(frozen=True)
class ItemProgress:
    code: str
    name: str
    department: str
    department_name: str
    promised_days: int
    started_on: dt.date | None     # received by the department
    finished_on: dt.date | None    # result made, or refused
    refused: bool
    due: dt.date                   # this item's own promised date
    used: int                      # working days used so far (or in all, once finished)
    nodes: tuple[Node, ...]
    waiting_citizen: bool          # returned for 补正 and not yet supplemented
    countdown: Countdown | None    # None once finished

    @property
    def open(self) -> bool:
        return self.finished_on is None

    @property
    def late_by(self) -> int:
        """Working days past the promise, finished or not."""
        return max(0, self.used - self.promised_days) if self.started_on else (
            self.countdown.overdue if self.countdown else 0)

    @property
    def status_text(self) -> str:
        if self.finished_on is not None:
            if self.refused:
                return labels.NODE_LABELS["item_refused"]
            late = self.late_by
            return (messages.COUNTDOWN_FINISHED_LATE.format(used=self.used, late=late) if late
                    else messages.COUNTDOWN_FINISHED_ON_TIME.format(used=self.used))
        if self.waiting_citizen:
            return messages.COUNTDOWN_WAITING_CITIZEN
        assert self.countdown is not None
        return self.countdown.text


@dataclass(frozen=True)
class CaseProgress:
    state: CaseState
    due: dt.date
    countdown: Countdown | None       # None once the case is finished, or waiting
    urgency: Urgency
    items: tuple[ItemProgress, ...]
    case_nodes: tuple[Node, ...]      # nodes of the case as a whole, oldest first

    @property
    def text(self) -> str:
        if self.state == CaseState.RETURNED:
            return messages.COUNTDOWN_WAITING_CITIZEN
        if self.countdown is None:
            return labels.URGENCY_LABELS["closed"]
        return self.countdown.text


def node_order(node: Node) -> tuple[dt.datetime, int]:
    """Oldest first; within the same second a reply after what it answers (times are
    kept to the second, and the window's urge and the platform's reply to it can
    share one)."""
    return node.at, 1 if node.kind == "urge_answered" else 0


def _day(value: dt.datetime) -> dt.date:
    return value.date()


def item_progress(item: PlannedItem, nodes: Sequence[Node], accepted_on: dt.date,
                  case_due: dt.date, today: dt.date, calendar: WorkCalendar,
                  case_refused_on: dt.date | None = None) -> ItemProgress:
    """One item's timeline and countdown from its nodes (oldest first)."""
    started = next((_day(n.at) for n in nodes if n.kind == "dispatched"), None)
    finish = next((n for n in nodes if n.kind in ITEM_FINISHING), None)
    finished_on = _day(finish.at) if finish else case_refused_on
    refused = (finish is not None and finish.kind == "item_refused") or (
        finish is None and case_refused_on is not None)
    waiting = False
    for n in nodes:                       # the last of returned / supplemented wins
        if n.kind == "returned":
            waiting = True
        elif n.kind in ("supplemented", "review", "approved") and waiting:
            waiting = False
    if finished_on is not None:
        waiting = False
    due = calendar.add_working_days(started, item.promised_days).date if started else case_due
    start = started or accepted_on
    used = calendar.working_days_between(start, finished_on or today)
    left = None if finished_on is not None or waiting else countdown(due, today, calendar)
    return ItemProgress(item.code, item.name, item.department, item.department_name,
                        item.promised_days, started, finished_on, refused, due, used,
                        tuple(nodes), waiting, left)


def case_progress(state: CaseState, items: Sequence[PlannedItem], nodes: Iterable[Node],
                  accepted_on: dt.date, due: dt.date, today: dt.date,
                  calendar: WorkCalendar) -> CaseProgress:
    """The whole case: one :class:`ItemProgress` per planned item (its nodes are the
    ones naming it), the case-level nodes, the case's countdown and urgency."""
    ordered = sorted(nodes, key=node_order)
    per_item: dict[str, list[Node]] = {i.code: [] for i in items}
    case_nodes: list[Node] = []
    for n in ordered:
        if n.item_code in per_item:
            per_item[n.item_code].append(n)
        else:
            case_nodes.append(n)
    refused_whole = next((_day(n.at) for n in case_nodes if n.kind == "refused"), None)
    if refused_whole is None and state == CaseState.REFUSED:
        refused_whole = next((_day(n.at) for n in reversed(ordered)), today)
    progress = tuple(item_progress(i, per_item[i.code], accepted_on, due, today, calendar,
                                   refused_whole) for i in items)
    finished = state in FINISHED or (bool(progress) and all(not p.open for p in progress))
    left = None if finished or state == CaseState.RETURNED else countdown(due, today, calendar)
    return CaseProgress(state, due, left, urgency(state, due, today, calendar), progress,
                        tuple(case_nodes))


# -- urging ---------------------------------------------------------------------

@dataclass(frozen=True)
class UrgeRule:
    enabled: bool = True
    within_days: int = 1      # also urge items with this many working days or fewer left


@dataclass(frozen=True)
class UrgeRequest:
    case_id: str
    item_code: str
    reason: str


def auto_urge_reason(left: Countdown) -> str:
    if left.overdue:
        return messages.AUTO_URGE_OVERDUE.format(days=left.overdue)
    if left.remaining == 0:
        return messages.AUTO_URGE_DUE_TODAY
    return messages.AUTO_URGE_DUE_SOON.format(days=left.remaining)


def urges_due(cases: Iterable[tuple[str, CaseProgress]], today: dt.date, rule: UrgeRule,
              calendar: WorkCalendar,
              urged_today: Iterable[tuple[str, str]] = ()) -> list[UrgeRequest]:
    """What the hall's rule urges today: each open item of a case at the
    departments that is overdue, or has ``rule.within_days`` or fewer working days
    left, and was not urged today already. Nothing on a day off."""
    if not rule.enabled or not calendar.is_workday(today):
        return []
    done = set(urged_today)
    wanted: list[UrgeRequest] = []
    for case_id, progress in cases:
        if progress.state not in AT_DEPARTMENT:
            continue
        for item in progress.items:
            left = item.countdown
            if left is None or (case_id, item.code) in done:
                continue
            if left.overdue or left.remaining <= rule.within_days:
                wanted.append(UrgeRequest(case_id, item.code, auto_urge_reason(left)))
    return wanted


def check_manual_urge(progress: CaseProgress, item_codes: Sequence[str], reason: str,
                      urged_today: Mapping[str, str]) -> list[str]:
    """The problems of a manual urge, in Chinese (empty: it may go): a reason of at
    least 4 characters, items open at the departments, none urged today already
    (``urged_today``: item code → who urged it)."""
    problems: list[str] = []
    if len(reason.strip()) < 4:
        problems.append(messages.URGE_REASON_REQUIRED)
    by_code = {i.code: i for i in progress.items}
    if progress.state not in AT_DEPARTMENT or not item_codes:
        problems.append(messages.URGE_NO_OPEN_ITEM)
        return problems
    for code in item_codes:
        item = by_code.get(code)
        name = item.name if item else code
        if item is None or not item.open or item.waiting_citizen:
            problems.append(messages.URGE_NOT_OPEN.format(item=name))
        elif code in urged_today:
            problems.append(messages.URGE_ALREADY_TODAY.format(item=name, by=urged_today[code]))
    return problems
